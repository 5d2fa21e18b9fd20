import type { JsonValue } from '@cif-bridge/protocol';
import type { SessionSnapshot } from './types.js';

/** A session's conversation: its id, session, owner and data. */
export interface ConversationSnapshot {
  /** The conversation's id (the session's `conversationId`). */
  conversationId: string;
  /** Its session. */
  sessionId: string;
  /** The provider that owns the session. */
  provider: string;
  /** Its data, as `updateConversation` left it. */
  data: { [key: string]: JsonValue };
}

/** The conversation of a session. */
export function conversationOf(session: SessionSnapshot): ConversationSnapshot {
  return {
    conversationId: session.conversationId,
    sessionId: session.id,
    provider: session.provider,
    data: session.conversationData,
  };
}
