import type { JsonObject } from '@cif-bridge/protocol';

/*
 * What the session store reports after each change of its state, so a view or the event wiring can
 * follow (see SessionStore.onChange).
 */

/** A session as named in a focus change: enough for the owner's `onSessionSwitched` event. */
export interface FocusTarget {
  /** The session id. */
  sessionId: string;
  /** The provider that owns it. */
  provider: string;
  /** Its `context` (a copy). */
  context: JsonObject;
}

/** A session was created (it also takes focus: a {@link SessionFocusedChange} follows). */
export interface SessionCreatedChange {
  /** Change kind. */
  type: 'sessionCreated';
  /** The new session. */
  sessionId: string;
}

/** The agent closed a session; it is gone from the store when this is emitted. */
export interface SessionClosedChange {
  /** Change kind. */
  type: 'sessionClosed';
  /** The closed session. */
  sessionId: string;
  /** The provider that owned it, which gets `onSessionClosed`. */
  provider: string;
  /** Its `context` (a copy), for the `onSessionClosed` payload. */
  context: JsonObject;
}

/**
 * Focus moved from one session to another; `null` is home. When the focused session closes,
 * `previous` is null, because the closed session's owner is told by `sessionClosed` instead.
 * The `current` session's `newActivity` and `focusRequest` are already cleared.
 */
export interface SessionFocusedChange {
  /** Change kind. */
  type: 'sessionFocused';
  /** The session that lost focus, or null for home (or a session that just closed). */
  previous: FocusTarget | null;
  /** The session that has focus now, or null for home. */
  current: FocusTarget | null;
}

/** A session's title, activity badge, KPI marker, focus request or context changed. */
export interface SessionUpdatedChange {
  /** Change kind. */
  type: 'sessionUpdated';
  /** The session. */
  sessionId: string;
}

/** `updateConversation` changed a conversation's data. */
export interface ConversationUpdatedChange {
  /** Change kind. */
  type: 'conversationUpdated';
  /** The conversation's session. */
  sessionId: string;
  /** The conversation. */
  conversationId: string;
}

/** A session's tabs changed: added, closed, focused, refreshed or renamed. */
export interface TabsChangedChange {
  /** Change kind. */
  type: 'tabsChanged';
  /** The session, or null for home. */
  sessionId: string | null;
}

/** Everything {@link SessionStore.onChange} reports, so a view or the event wiring can follow. */
export type StoreChange =
  | SessionCreatedChange
  | SessionClosedChange
  | SessionFocusedChange
  | SessionUpdatedChange
  | ConversationUpdatedChange
  | TabsChangedChange;
