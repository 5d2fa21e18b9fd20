import { BridgeErrorCode } from './BridgeErrorCode.js';

/**
 * The one error class of cif-bridge. Every rejection on either side is a `BridgeError` with a
 * {@link BridgeErrorCode} and the correlationId of the call that failed.
 *
 * Its `code`, `message` and `correlationId` are read-only, at run time too: an error may reach more
 * than one caller, so code that wants to add to it makes a new `BridgeError` with the old one as its
 * `cause` instead of changing it.
 */
export class BridgeError extends Error {
  /** What went wrong, as a stable code to branch on. */
  declare readonly code: BridgeErrorCode;
  /** The correlationId of the call that failed, when the error belongs to a call. */
  declare readonly correlationId: string | undefined;
  /** What went wrong and how to fix it. */
  declare readonly message: string;

  /**
   * @param code - the error code.
   * @param message - what went wrong and how to fix it.
   * @param correlationId - the correlationId of the failed call, if any.
   * @param options - `cause`: the error this one wraps.
   */
  constructor(code: BridgeErrorCode, message: string, correlationId?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BridgeError';
    // Own data properties, as Error's `message` is, so structured clone and console output see them;
    // not writable, so no holder of the error can change what another holder reads.
    // (A new property defined here is neither writable nor configurable unless it says so; Error's
    // own `message` keeps its value and is only made so.)
    Object.defineProperties(this, {
      code: { value: code, enumerable: true },
      correlationId: { value: correlationId, enumerable: true },
      message: { writable: false, configurable: false },
    });
  }
}

/** A {@link BridgeError} as it travels over postMessage: plain, cloneable data. */
export interface BridgeErrorData {
  /** Always `'BridgeError'`. */
  name: 'BridgeError';
  /** The error code. */
  code: BridgeErrorCode;
  /** The human-readable message. */
  message: string;
  /** The correlationId of the failed call, if any. */
  correlationId?: string;
}

const codes = /* @__PURE__ */ new Set<string>(/* @__PURE__ */ Object.values(BridgeErrorCode));

/** Whether `value` is a known {@link BridgeErrorCode}. */
export function isBridgeErrorCode(value: unknown): value is BridgeErrorCode {
  return typeof value === 'string' && codes.has(value);
}

/**
 * Turns anything thrown into a new {@link BridgeError} that wraps it as its `cause`: the code of a
 * `BridgeError` (also one made by another copy of this package, as each script-tag build of
 * cif-bridge has its own: an `Error` named `BridgeError` with a known code), else `INTERNAL` (a host handler's bug still reaches the caller as a coded error); its
 * message (an `Error`'s, else the value as text) after `prefix`; and `correlationId`. The one
 * converter of an unknown failure, on both sides. It always makes a new error, because an error may
 * fail many calls and a `BridgeError`'s fields are read-only.
 *
 * @param error - what was thrown.
 * @param correlationId - the correlationId the new error carries, if any.
 * @param prefix - text before the message, such as `"createTab: "`.
 */
export function toBridgeError(error: unknown, correlationId?: string, prefix = ''): BridgeError {
  const other = error instanceof Error && error.name === 'BridgeError' ? (error as { code?: unknown }).code : undefined;
  const code = error instanceof BridgeError ? error.code : isBridgeErrorCode(other) ? other : BridgeErrorCode.INTERNAL;
  const message = error instanceof Error ? error.message : String(error);
  return new BridgeError(code, prefix + message, correlationId, { cause: error });
}

/**
 * Turns anything thrown into wire data. A `BridgeError` keeps its fields (with `correlationId` when it
 * has none); anything else is first converted by {@link toBridgeError}, so it becomes `INTERNAL`.
 */
export function toErrorData(error: unknown, correlationId?: string): BridgeErrorData {
  const {
    code,
    message,
    correlationId: own,
  } = error instanceof BridgeError ? error : toBridgeError(error, correlationId);
  return { name: 'BridgeError', code, message, correlationId: own ?? correlationId };
}

/**
 * Rebuilds a {@link BridgeError} from wire data. Data that is not a well-formed error becomes
 * `INTERNAL`, so a peer can't make us throw something that is not a `BridgeError`.
 */
export function fromErrorData(data: unknown): BridgeError {
  if (typeof data === 'object' && data !== null) {
    const { code, message, correlationId } = data as Record<string, unknown>;
    if (isBridgeErrorCode(code) && typeof message === 'string') {
      return new BridgeError(code, message, typeof correlationId === 'string' ? correlationId : undefined);
    }
  }
  return new BridgeError(BridgeErrorCode.INTERNAL, 'The peer sent a malformed error.');
}
