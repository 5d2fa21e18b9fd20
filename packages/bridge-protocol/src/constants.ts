/** Version of the wire protocol. A peer that speaks another version is ignored. */
export const PROTOCOL_VERSION = 1;

/** Default timeout of one call, in milliseconds: 10 s, CIF's documented API time-out (docs/cif-compatibility.md). */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

/** Default time the widget waits for a trusted host to answer its handshake, in milliseconds. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * The first delay between two hello messages, in milliseconds. It doubles after each try up to
 * {@link HANDSHAKE_RETRY_MAX_MS}. The widget may load before the host listens, so it must retry; the
 * host also announces itself to every provider frame when it starts, which cuts the wait short.
 */
export const HANDSHAKE_RETRY_FIRST_MS = 25;

/** The longest delay between two hello messages, in milliseconds. */
export const HANDSHAKE_RETRY_MAX_MS = 1_000;

/** Largest accepted JSON text of one input, 64 KiB, in UTF-16 code units; a longer one is refused before it is parsed. */
export const MAX_INPUT_LENGTH = 64 * 1024;

/** Default cap on open sessions per host, home excluded. */
export const DEFAULT_MAX_SESSIONS = 10;

/** Default cap on tabs per session, the anchor tab included. */
export const DEFAULT_MAX_TABS_PER_SESSION = 10;

/** Most events a host keeps for a disconnected provider; the oldest are dropped first. */
export const MAX_QUEUED_EVENTS = 100;

/** Longest correlationId a call may carry, in characters (see {@link isCorrelationId}). */
export const MAX_CORRELATION_ID_LENGTH = 200;
