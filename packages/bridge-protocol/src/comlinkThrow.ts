import { fromErrorData, toErrorData, type BridgeError, type BridgeErrorData } from './BridgeError.js';

/*
 * comlink's built-in `throw` transfer handler drops everything of an `Error` but `name`, `message`
 * and `stack`, so a `code` is lost (https://github.com/GoogleChromeLabs/comlink/issues/594). Its
 * transfer handlers are one table for the whole page, though: replacing its `throw` entry would
 * change every other comlink user in the page (a worker, another library). So cif-bridge leaves the
 * table alone and rewrites error replies in its own two endpoints only:
 *
 * - host: the served methods throw `BridgeErrorData` (plain data, not an `Error`), which comlink's
 *   handler sends as `{ isError: false, value: data }`; the guarded endpoint unwraps that envelope,
 *   so on the wire an error reply is `{ id, type: 'HANDLER', name: 'throw', value: BridgeErrorData }`;
 * - widget: the port endpoint rebuilds the `BridgeError` from that data and hands comlink the
 *   envelope `{ isError: false, value: error }`, which comlink's handler throws as it is.
 */

/** The value of comlink's `throw` reply, as comlink's built-in handler writes and reads it. */
export interface ComlinkThrown {
  /** True when comlink serialized an `Error` (then `value` is `{ name, message, stack }`). */
  isError: boolean;
  /** The thrown value, or the fields comlink kept of an `Error`. */
  value: unknown;
}

/**
 * Host side: turns comlink's `throw` envelope into the {@link BridgeErrorData} that goes on the wire.
 * The served methods throw error data, which comlink passes as it is; an `Error` comlink made itself
 * (a reply it could not clone) becomes `INTERNAL` with its message.
 */
export function fromComlinkThrown(thrown: unknown): BridgeErrorData {
  const { isError, value } = (thrown ?? {}) as Partial<ComlinkThrown>;
  return toErrorData(
    isError === true ? new Error(String((value as { message?: unknown } | null)?.message)) : fromErrorData(value),
  );
}

/**
 * Widget side: the envelope that makes comlink's own `throw` handler reject the call with `error`
 * itself. It is handed to comlink in the same realm, never posted, so the instance survives.
 */
export function toComlinkThrown(error: BridgeError): ComlinkThrown {
  return { isError: false, value: error };
}
