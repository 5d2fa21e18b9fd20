import { BridgeError, BridgeErrorCode, type TemplateParameters, type JsonObject } from '@cif-bridge/protocol';
import type { FocusTarget, SessionFocusedChange } from './StoreChange.js';
import type { SessionSnapshot, TabSnapshot } from './types.js';

/*
 * The session store's state, and the plain-data steps on it that need no caller or template. Plain data only (no
 * classes, no Maps), so it can be written to storage as JSON and read back (see restoreSessions.ts).
 */

/** One tab of a session or of home. */
export interface TabRecord {
  /** The tab id, made by the store. */
  id: string;
  /** The tab template it was made from. */
  templateName: string;
  /** The template's tab type, such as `website`. */
  type: string;
  /** The tab's title, slugs replaced. */
  title: string;
  /** Whether it is its session's anchor tab (the first, which can't be closed). */
  anchor: boolean;
  /** Whether the agent or its provider may close it. */
  canClose: boolean;
  /** Whether its template shows a "Send to customer" action; absent in state stored before it existed. */
  sendToCustomer?: boolean;
  /** The resolved template parameters, `url` included when the template has one. */
  parameters: TemplateParameters;
  /** How many times it was refreshed; the view reloads its content when this grows. */
  refreshCount: number;
}

/** A session or home: something that holds tabs. */
export interface TabGroup {
  /** The tabs in order. */
  tabs: TabRecord[];
  /** The focused tab, or null when none is. */
  focusedTabId: string | null;
}

/** One open session, with its tabs. */
export interface SessionRecord extends TabGroup {
  /** The session id, made by the store. */
  id: string;
  /** The session template it was made from. */
  templateName: string;
  /** The session's title, slugs replaced. */
  title: string;
  /** The provider that owns it. */
  provider: string;
  /** The `context` its creator passed. */
  context: JsonObject;
  /** The correlationId of the createSession call that made it. */
  correlationId: string;
  /** Canonical JSON of the createSession input, to recognise a retry. */
  inputJson: string;
  /** The unread badge. */
  newActivity: number;
  /** The KPI mark, or null. */
  kpiBreach: { details: string } | null;
  /** The provider's request for the agent's attention, or null. */
  focusRequest: { messagesCount: number } | null;
  /** The id of the session's conversation, made when the session was created. */
  conversationId: string;
  /** The conversation's data, from `updateConversation`. */
  conversationData: JsonObject;
}

/** Everything the session store knows. */
export interface StoreState {
  /** Open sessions in creation order; home is not one of them. */
  sessions: SessionRecord[];
  /** Home's own tabs; home has no anchor tab. */
  home: TabGroup;
  /** The focused session, or null for home. */
  focusedSessionId: string | null;
  /** Open sessions' ids, least recently focused first; where focus goes when the focused one closes. */
  focusHistory: string[];
}

/** A state with no sessions and no home tabs, focus on home: the store's state before anything happens. */
export function emptyState(): StoreState {
  return { sessions: [], home: { tabs: [], focusedTabId: null }, focusedSessionId: null, focusHistory: [] };
}

/** A group's tabs as snapshots; not copied, so the caller clones the whole view once. */
export function tabSnapshots(group: TabGroup): TabSnapshot[] {
  return group.tabs.map((tab) => ({ ...tab, focused: group.focusedTabId === tab.id }));
}

/**
 * The tab `tabId` of a group.
 *
 * @throws BridgeError `TAB_NOT_FOUND`, in CIF's own wording.
 */
export function tabIn(group: TabGroup, tabId: string): TabRecord {
  const tab = group.tabs.find((t) => t.id === tabId);
  if (tab === undefined) throw new BridgeError(BridgeErrorCode.TAB_NOT_FOUND, `Tab with ID:${tabId} does not exist`);
  return tab;
}

/** Takes a tab out of its group; when it had focus, the focus moves to a neighbour. */
export function removeTab(group: TabGroup, tab: TabRecord): void {
  const index = group.tabs.indexOf(tab);
  group.tabs.splice(index, 1);
  if (group.focusedTabId === tab.id) {
    // The tab to its left takes focus (in a session, at worst the anchor tab); in home, which has no
    // anchor, the tab to its right when it was first, else none.
    group.focusedTabId = (group.tabs[index - 1] ?? group.tabs[index])?.id ?? null;
  }
}

/** `SESSION_NOT_FOUND` for `sessionId`. */
export function sessionNotFound(sessionId: string): BridgeError {
  // CIF's own wording, with no space after the colon, so widgets that match on it keep working.
  return new BridgeError(BridgeErrorCode.SESSION_NOT_FOUND, `Session with ID:${sessionId} does not exist`);
}

/**
 * The open session `sessionId`.
 *
 * @throws BridgeError `SESSION_NOT_FOUND`.
 */
export function sessionIn(state: StoreState, sessionId: string): SessionRecord {
  const session = state.sessions.find((s) => s.id === sessionId);
  if (session === undefined) throw sessionNotFound(String(sessionId));
  return session;
}

/** A session as a focus change names it, or null for home. */
function focusTarget(state: StoreState, sessionId: string | null): FocusTarget | null {
  if (sessionId === null) return null;
  const { id, provider, context } = sessionIn(state, sessionId);
  return { sessionId: id, provider, context };
}

/**
 * Moves focus to a session (or home) and clears the new session's badges. Returns the change for
 * the caller to emit once the rest of its state change is done.
 * `sessionId` must be open: callers look it up first.
 */
export function moveFocus(state: StoreState, sessionId: string | null): SessionFocusedChange {
  const previous = focusTarget(state, state.focusedSessionId);
  state.focusedSessionId = sessionId;
  if (sessionId !== null) {
    const session = sessionIn(state, sessionId);
    session.newActivity = 0;
    session.focusRequest = null;
    state.focusHistory = [...state.focusHistory.filter((id) => id !== sessionId), sessionId];
  }
  return { type: 'sessionFocused', previous, current: focusTarget(state, sessionId) };
}

/** A session as plain data for views, a fresh copy. */
export function sessionSnapshot(state: StoreState, session: SessionRecord): SessionSnapshot {
  const { inputJson, focusedTabId, ...shown } = session;
  return structuredClone({
    ...shown,
    focused: state.focusedSessionId === session.id,
    tabs: tabSnapshots(session),
  });
}
