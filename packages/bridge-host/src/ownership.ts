import { BridgeError, BridgeErrorCode, type JsonObject } from '@cif-bridge/protocol';
import type { Caller } from './Caller.js';
import { isAbsent, readId } from './readArguments.js';
import { sessionNotFound, type SessionRecord, type StoreState, type TabGroup } from './StoreState.js';

/*
 * Ownership in the session store: a provider sees and changes only its own sessions, and its tab calls
 * act on the focused session only when that session is its own, or home. The agent's actions skip
 * these checks.
 */

/** `SESSION_NOT_OWNED`, for a call on the focused session when it is home or another provider's. */
export function notOwned(): BridgeError {
  return new BridgeError(BridgeErrorCode.SESSION_NOT_OWNED, 'Focused session does not belong to the provider');
}

/** The caller's session, or SESSION_NOT_FOUND with the same text whether it is unknown or not theirs. */
export function ownSession(state: StoreState, caller: Caller, sessionId: unknown): SessionRecord {
  const id = readId(sessionId, 'sessionId');
  const session = state.sessions.find((s) => s.id === id && s.provider === caller.provider);
  if (session === undefined) throw sessionNotFound(id);
  return session;
}

/**
 * The caller's session `sessionId`, else (when it is absent) the focused session when it is the
 * caller's; SESSION_NOT_FOUND or SESSION_NOT_OWNED otherwise.
 */
export function ownOrFocused(state: StoreState, caller: Caller, sessionId: unknown): SessionRecord {
  if (!isAbsent(sessionId)) return ownSession(state, caller, sessionId);
  const session = focusedSession(state);
  if (session?.provider !== caller.provider) throw notOwned();
  return session;
}

/** The focused session, or undefined when home has focus. */
export function focusedSession(state: StoreState): SessionRecord | undefined {
  return state.sessions.find((s) => s.id === state.focusedSessionId);
}

/** The focused session's tabs, id and context when it is the caller's, or home's; else SESSION_NOT_OWNED. */
export function ownFocusedGroup(
  state: StoreState,
  caller: Caller,
): [group: TabGroup, sessionId: string | null, context: JsonObject] {
  const focused = focusedSession(state);
  if (focused === undefined) return [state.home, null, {}];
  if (focused.provider !== caller.provider) throw notOwned();
  return [focused, focused.id, focused.context];
}
