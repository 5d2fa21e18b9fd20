import type { JsonValue } from '@cif-bridge/protocol';
import type { PresenceInfo } from './AgentPresence.js';
import type { ConversationSnapshot } from './ConversationSnapshot.js';
import type { PanelState } from './HostPanel.js';
import type { TraceEntry } from './HostTrace.js';
import type { InteractionLogEntry } from './InteractionLog.js';
import type { RecordChange } from './RecordSource.js';
import type { SessionSnapshot } from './types.js';

/** Events of a {@link BridgeHost}, with their payloads. */
export interface HostEvents {
  /** A session was created. */
  sessionCreated: SessionSnapshot;
  /** A session was closed. */
  sessionClosed: { id: string; provider: string; context: { [key: string]: JsonValue } };
  /** Focus moved; `id` is null for the home session. */
  sessionFocused: { id: string | null };
  /**
   * The agent's presence changed (a widget's `setPresence`, the agent's picker, or `setPresence` of the
   * host API); `setBy` is the widget's provider, or null. Every provider got `onPresenceChange`.
   */
  presenceChanged: PresenceInfo & { setBy: string | null };
  /** A widget changed its conversation's data with `updateConversation`. */
  conversation: ConversationSnapshot;
  /** A widget logged an analytics event (`logAnalyticsEvent`); it is in {@link BridgeHost.getInteractionLog}. */
  analytics: InteractionLogEntry;
  /** An entry was added to the trace (see {@link HostOptions.trace}); never raised with `trace: false`. */
  trace: TraceEntry;
  /** Anything a view shows changed. */
  change: undefined;
  /** The communication panel's mode or width changed (through the host API or a widget). */
  panelChanged: PanelState;
  /**
   * With `persist`, an entry could not be written (a full quota, storage refused): `provider` is the
   * provider whose sessions won't survive a reload, or null for the shared entry (focus, home's tabs
   * and the sessions' order). Raised once until a write of that entry works again; the other
   * providers' entries are still written. `error` is the storage error's name and message.
   */
  persistFailed: { provider: string | null; error: string };
  /**
   * With `records`, a widget created, updated or deleted a record (the record UI's open tabs listen,
   * so a call the softphone logs shows on the contact's record at once).
   */
  recordChanged: RecordChange;
}
