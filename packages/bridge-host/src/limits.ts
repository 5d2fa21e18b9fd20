/*
 * The caps on what a widget can make the host hold. A trusted widget can still be buggy (a loop that
 * subscribes, connects or notifies without end) or compromised, so every string it sends and every
 * collection it grows has a limit here. Each cap is far above what a real CIF widget needs; an error
 * that hits one names the cap and says what to send instead.
 */

/**
 * Longest template name, template tag or `getTabs` filter. Names are chosen by the host page's
 * configuration and are short words; 256 leaves room for any naming scheme while keeping an error
 * message that echoes the name readable.
 */
export const MAX_NAME_LENGTH = 256;

/**
 * Longest `sessionId` or `tabId` a widget may pass. The host makes ids (uuid v4, 36 characters), so a
 * longer one can only be wrong; 200 is the same cap as a correlationId's and a stored id's.
 */
export const MAX_ID_LENGTH = 200;

/**
 * Longest tab title a widget may set with `setTabTitle({ title })`. A title is one line in a tab
 * strip; 256 characters is already more than any strip shows.
 */
export const MAX_TITLE_LENGTH = 256;

/**
 * Longest `details` text of `notifyKpiBreach`. It explains the breach beside the KPI marker, a
 * sentence or two; 1,024 characters leaves room for a paragraph.
 */
export const MAX_KPI_DETAILS_LENGTH = 1024;

/**
 * Longest event name a widget may subscribe to. CIF's names are under 20 characters; 128 leaves room
 * for namespaced custom names such as `contoso.softphone.onQueueChanged`.
 */
export const MAX_EVENT_NAME_LENGTH = 128;

/**
 * How many custom event names (names that are not CIF's own, see `BRIDGE_EVENT_NAMES`) one
 * connection may subscribe to, on top of every CIF name. A widget handles a handful of events; 32
 * keeps a subscribe loop from growing the host's tables without end.
 */
export const MAX_CUSTOM_EVENT_NAMES = 32;

/**
 * How many event names a provider's widget is remembered to handle. Names stay remembered across a
 * reload (so events raised before the new document adds its handler are queued, not lost), so a
 * widget that subscribes new custom names in each document would grow the set forever. This is the
 * most its live connections can hold at once (9 CIF names, plus 32 custom names on each of 16
 * connections); past it, the oldest name no live connection handles is forgotten.
 */
export const MAX_WANTED_EVENT_NAMES = 9 + 32 * 16;

/**
 * How many live connections one provider may hold. A widget document usually has one or two clients
 * (the drop-in and a typed client), plus one per nested frame that connects; 16 covers that with room
 * to spare, and stops a connect loop from making a port and a method table per try.
 */
export const MAX_CONNECTIONS_PER_PROVIDER = 16;

/**
 * How many `notifyEvent` notifications one provider may have on screen at once. Each one asks the
 * agent to accept or reject something now; more than 5 from one widget can't be answered and would
 * push the other widgets' notifications out of sight.
 */
export const MAX_NOTIFICATIONS_PER_PROVIDER = 5;

/**
 * Longest countdown of a notification, in seconds (one hour). A notification asks for an answer now;
 * and `setTimeout` fires at once for a delay over 2^31 - 1 ms (about 24.8 days), so an unclamped huge
 * `timeoutSeconds` would time the notification out immediately.
 */
export const MAX_NOTIFICATION_TIMEOUT_SECONDS = 3600;

/**
 * Longest JSON text of a session's `context` after `updateContext` (64 KiB, the same as one widget
 * input). The context travels with every session event, so it stays small; a widget that needs more
 * keeps it itself and puts an id in the context.
 */
export const MAX_CONTEXT_LENGTH = 64 * 1024;

/**
 * Longest JSON text of a conversation's data after `updateConversation` (64 KiB). Conversation data is
 * what the agent's page shows or stores about a call or chat, not its transcript.
 */
export const MAX_CONVERSATION_DATA_LENGTH = 64 * 1024;

/**
 * How many entries the interaction log keeps (`logAnalyticsEvent`); past it, the oldest goes. A host
 * page that keeps analytics for longer listens to `analytics` and sends them on.
 */
export const MAX_INTERACTION_LOG_ENTRIES = 500;

/**
 * Longest JSON text of one `logAnalyticsEvent`'s data (16 KiB): with {@link MAX_INTERACTION_LOG_ENTRIES},
 * the log holds at most about 8 MB however a widget loops.
 */
export const MAX_ANALYTICS_DATA_LENGTH = 16 * 1024;

/** Longest analytics event name, the same as an event name's ({@link MAX_EVENT_NAME_LENGTH}). */
export const MAX_ANALYTICS_EVENT_NAME_LENGTH = MAX_EVENT_NAME_LENGTH;

/**
 * Longest presence text, id or color in `createHost({ presences })` and `setPresence`. A presence is a
 * word or two shown in a picker.
 */
export const MAX_PRESENCE_TEXT_LENGTH = 100;

/** Most presences in `createHost({ presences })`: a picker longer than this can't be read. */
export const MAX_PRESENCES = 50;

/**
 * The `INVALID_INPUT` text for a string over its cap: its length, the cap, and what to do, such as
 * "title is 300 characters; the limit is 256. Send a shorter title."
 */
export function tooLong(field: string, length: number, max: number, advice: string): string {
  return `${field} is ${length} characters; the limit is ${max}. ${advice}`;
}
