/**
 * Every error code cif-bridge can report, on either side of the bridge.
 *
 * An `as const` object rather than an `enum`: it survives esbuild's per-file compilation and reads the
 * same in plain JavaScript (`BridgeErrorCode.TIMEOUT === 'TIMEOUT'`).
 */
export const BridgeErrorCode = {
  /** The input is malformed: bad JSON, a missing or mistyped field, or text over the size limit. */
  INVALID_INPUT: 'INVALID_INPUT',
  /** No session, tab or notification template has that name or tag (or the provider may not use it). */
  TEMPLATE_NOT_FOUND: 'TEMPLATE_NOT_FOUND',
  /** No open session with that id belongs to the caller. */
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  /** The focused session belongs to another provider. */
  SESSION_NOT_OWNED: 'SESSION_NOT_OWNED',
  /** The host already has its maximum number of open sessions. */
  SESSION_LIMIT_REACHED: 'SESSION_LIMIT_REACHED',
  /** No tab with that id is open in the focused session. */
  TAB_NOT_FOUND: 'TAB_NOT_FOUND',
  /** The session already has its maximum number of tabs. */
  TAB_LIMIT_REACHED: 'TAB_LIMIT_REACHED',
  /** No record of that entity has that id. */
  RECORD_NOT_FOUND: 'RECORD_NOT_FOUND',
  /** The record source refused the credential (sign in again, or ask for access). */
  ACCESS_DENIED: 'ACCESS_DENIED',
  /** The host page does not provide this method (records, presence and other CRM features). */
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  /** The call got no answer within its timeout. */
  TIMEOUT: 'TIMEOUT',
  /** The caller aborted the call through its `AbortSignal`. */
  ABORTED: 'ABORTED',
  /** No trusted host answered the widget's handshake in time. */
  HANDSHAKE_TIMEOUT: 'HANDSHAKE_TIMEOUT',
  /** The connection closed (host destroyed, client closed, or widget reloaded) before the answer came. */
  DISCONNECTED: 'DISCONNECTED',
  /** An origin is not on the allow-list, or an origin setting is unsafe (such as `'*'`). */
  ORIGIN_REJECTED: 'ORIGIN_REJECTED',
  /** Something failed inside the bridge or a host handler; the message says what. */
  INTERNAL: 'INTERNAL',
} as const;

/** One of the {@link BridgeErrorCode} strings. */
export type BridgeErrorCode = (typeof BridgeErrorCode)[keyof typeof BridgeErrorCode];
