import type { PresenceConfig } from './AgentPresence.js';
import type { SessionSnapshot, TabSnapshot } from './types.js';

/** A notification on screen, from a widget's `notifyEvent`. */
export interface NotificationSnapshot {
  /** Id of this notification, for {@link HostViewController.answerNotification}. */
  id: string;
  /** Name of the provider that raised it. */
  provider: string;
  /** The resolved title. */
  title: string;
  /** Labelled fields with slugs resolved. */
  fields: { label: string; value: string }[];
  /** Label of the accept button. */
  acceptLabel: string;
  /** Label of the reject button. */
  rejectLabel: string;
  /** When it answers `Timeout` by itself, as `Date.now()` milliseconds. */
  expiresAt: number;
}

/** A provider's communication panel, as the view shows it. */
export interface ProviderView {
  /** The provider's name. */
  name: string;
  /** Its label for the agent. */
  label: string;
  /** Its iframe, which the view places in the panel (and must not recreate, or the widget reloads). */
  frame: HTMLIFrameElement;
}

/**
 * Renders a tab whose template type is not `website` or `webresource`. It gets the tab and an element
 * to fill, and may return a cleanup function.
 */
export type TabRenderer = (tab: TabSnapshot, element: HTMLElement) => (() => void) | undefined;

/**
 * What a view sees of the host, and the agent actions it may send back. The default UI is one view;
 * a host page can write its own against this interface and leave the model untouched.
 */
export interface HostViewController {
  /** The providers, in configuration order. */
  providers(): readonly ProviderView[];
  /** The open sessions, home excluded, in creation order. */
  sessions(): SessionSnapshot[];
  /** The home session: whether it has focus, and its tabs. */
  home(): { focused: boolean; tabs: TabSnapshot[] };
  /** The communication panel: mode (0 minimized, 1 docked, 2 hidden) and width in pixels. */
  panel(): { mode: 0 | 1 | 2; width: number };
  /** Notifications waiting for the agent. */
  notifications(): NotificationSnapshot[];
  /** Renderers for tab types the host page registered. */
  renderers(): Readonly<Record<string, TabRenderer>>;
  /** The agent focuses a session (null: home). */
  focusSession(sessionId: string | null): void;
  /** The agent closes a session. */
  closeSession(sessionId: string): void;
  /** The agent focuses a tab of a session (null: home). */
  focusTab(sessionId: string | null, tabId: string): void;
  /** The agent closes a tab of a session (null: home). */
  closeTab(sessionId: string | null, tabId: string): void;
  /** The agent answers a notification. */
  answerNotification(id: string, actionName: 'Accept' | 'Reject'): void;
  /**
   * The agent's presence (its id) and the presences to pick from; a view without it shows no picker.
   */
  presence?(): { current: string; presences: readonly PresenceConfig[] };
  /** The agent picks a presence, by id. */
  setPresence?(id: string): void;
  /** The agent's "Send to customer" on a tab whose `sendToCustomer` is true (null: a tab of home). */
  sendToCustomer?(sessionId: string | null, tabId: string): void;
  /** The agent changes the panel mode. */
  setMode(mode: 0 | 1 | 2): void;
  /** Calls `listener` after any change to what the view shows. Returns the remover. */
  onChange(listener: () => void): () => void;
}
