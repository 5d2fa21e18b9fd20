import {
  DEFAULT_MAX_SESSIONS,
  DEFAULT_MAX_TABS_PER_SESSION,
  installErrorTransfer,
  type HostHandlerName,
  type JsonValue,
} from '@cif-bridge/protocol';
import { acceptHandshakes, announceHostOnLoad } from './acceptHandshakes.js';
import { Connection } from './Connection.js';
import { createProviderApi, type CallTrace, type HostHandler, type ProviderApiContext } from './createProviderApi.js';
import type { HostViewController, TabRenderer } from './HostViewController.js';
import { NotificationCenter } from './NotificationCenter.js';
import { Provider, type ProviderConfig } from './Provider.js';
import { renderHostView } from './renderHostView.js';
import { SessionStore, type StoreChange } from './SessionStore.js';
import type { NotificationTemplate, ResolveSlug, SessionSnapshot, SessionTemplate, TabTemplate } from './types.js';
import { invalidInput } from './invalidInput.js';

/** Options of {@link createHost}. */
export interface HostOptions {
  /** The widgets this host trusts, each with its URL and allowed origins. */
  providers: ProviderConfig[];
  /** Session templates widgets may open. */
  sessionTemplates: SessionTemplate[];
  /** Tab templates the session templates and `createTab` refer to. */
  tabTemplates: TabTemplate[];
  /** Notification templates for `notifyEvent`. */
  notificationTemplates?: NotificationTemplate[];
  /** Where the default UI renders. Without it the host runs headless, with the model only. */
  container?: HTMLElement;
  /** Most open sessions, home excluded. Default 10. */
  maxSessions?: number;
  /** Most tabs per session. Default 10. */
  maxTabsPerSession?: number;
  /** Resolves slugs that need a CRM, such as `{anchor.fullname}`. */
  resolveSlug?: ResolveSlug;
  /** What `getEnvironment` returns to widgets. */
  environment?: { [key: string]: JsonValue };
  /** CRM methods the host page provides; any other resolves `NOT_SUPPORTED`. */
  handlers?: Partial<Record<HostHandlerName, HostHandler>>;
  /** Renderers for tab types other than `website` and `webresource`, used by the default UI. */
  renderers?: Record<string, TabRenderer>;
  /** Panel width in pixels at start. Default 340. */
  panelWidth?: number;
  /**
   * Keeps the sessions, their tabs, focus and owners in the page's `sessionStorage`, so they come
   * back when the agent reloads the host page; each provider owns its sessions again once it
   * reconnects. The entry's key is `cif-bridge:` and the provider names joined by commas. What is
   * read back is checked like widget input, and anything malformed is dropped. Default: off.
   */
  persist?: 'sessionStorage';
}

/** Payload of `click-to-act`, as `onclicktoact` hands it to widgets. */
export interface ClickToActPayload {
  /** The value to act on, such as a phone number. */
  value: string;
  /** The field's name. */
  name: string;
  /** The field's format, such as `phone`. */
  format: string;
  /** The record's entity, such as `contact`. */
  entityLogicalName: string;
  /** The record's id. */
  entityId: string;
  /** The record's title. */
  recordTitle: string;
}

/** Events of a {@link BridgeHost}, with their payloads. */
export interface HostEvents {
  /** A session was created. */
  sessionCreated: SessionSnapshot;
  /** A session was closed. */
  sessionClosed: { id: string; provider: string; context: { [key: string]: JsonValue } };
  /** Focus moved; `id` is null for the home session. */
  sessionFocused: { id: string | null };
  /** A widget's call was answered (the trace costs nothing while nobody listens). */
  call: CallTrace;
  /** Anything a view shows changed. */
  change: undefined;
  /** The communication panel's mode or width changed (through the host API or a widget). */
  panelChanged: PanelState;
}

/** What {@link BridgeHost.getDiagnostics} returns. */
export interface HostDiagnostics {
  /** Widget connections open now (a widget page may hold several clients). */
  connections: number;
  /** Handshakes accepted since the host started. */
  connectionsOpened: number;
  /** Widget calls that arrived and are not answered yet (a host handler or notifyEvent is running). */
  callsInProgress: number;
  /** Events waiting for a widget that is away or has not added its handler yet, over all providers. */
  queuedEvents: number;
}

/** The communication panel: mode (0 minimized, 1 docked, 2 hidden) and width in pixels. */
export interface PanelState {
  mode: 0 | 1 | 2;
  width: number;
}

const MIN_WIDTH = 300;

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidInput(`createHost: ${name} must be a positive whole number.`);
  }
  return value;
}

/**
 * A running cif-bridge host: it answers trusted widgets, owns the sessions and their tabs, and
 * (with a container) shows them. Create it with {@link createHost}.
 */
export class BridgeHost {
  readonly #store: SessionStore;
  readonly #providers: Provider[];
  readonly #notifications: NotificationCenter;
  readonly #listeners = new Map<keyof HostEvents, Set<(payload: never) => void>>();
  readonly #cleanups: (() => void)[] = [];
  readonly #renderers: Record<string, TabRenderer>;
  readonly #connections = new Map<string, { connection: Connection; source: Window; documentId: string }>();
  readonly #activeCalls = { count: 0 };
  #connectionsOpened = 0;
  #panel: PanelState;
  #destroyed = false;

  /** Use {@link createHost}. */
  constructor(options: HostOptions) {
    if (!Array.isArray(options?.providers) || options.providers.length === 0) {
      throw invalidInput('createHost: options.providers must list at least one widget: [{ name, url }].');
    }
    installErrorTransfer();
    this.#store = new SessionStore({
      sessionTemplates: options.sessionTemplates,
      tabTemplates: options.tabTemplates,
      notificationTemplates: options.notificationTemplates,
      maxSessions: positiveInteger('maxSessions', options.maxSessions, DEFAULT_MAX_SESSIONS),
      maxTabsPerSession: positiveInteger('maxTabsPerSession', options.maxTabsPerSession, DEFAULT_MAX_TABS_PER_SESSION),
      resolveSlug: options.resolveSlug,
      origin: location.origin,
    });
    this.#providers = options.providers.map((config) => new Provider(config));
    if (new Set(this.#providers.map((p) => p.name)).size !== this.#providers.length) {
      throw invalidInput('createHost: provider names must be unique.');
    }
    this.#renderers = { ...options.renderers };
    this.#panel = { mode: 1, width: Math.max(MIN_WIDTH, options.panelWidth ?? 340) };
    this.#notifications = new NotificationCenter(() => this.#emit('change', undefined));
    if (options.persist !== undefined) this.#persist(options.persist);
    this.#cleanups.push(this.#store.onChange((change) => this.#onStoreChange(change)));

    const context: ProviderApiContext = {
      store: this.#store,
      notifications: this.#notifications,
      panel: this,
      environment: structuredClone(options.environment ?? {}),
      handlers: { ...options.handlers },
      trace: () => (this.#listeners.get('call')?.size ? (trace) => this.#emit('call', trace) : undefined),
      activeCalls: this.#activeCalls,
    };
    this.#cleanups.push(
      acceptHandshakes(this.#providers, (provider, clientId, documentId, source) =>
        this.#open(context, provider, clientId, documentId, source),
      ),
    );

    if (options.container !== undefined) {
      const view = renderHostView(options.container, this.#viewController());
      this.#cleanups.push(() => view.destroy());
    } else {
      // Headless: the frames still need a document to load in.
      for (const provider of this.#providers) {
        if (provider.ownsFrame) document.body.append(provider.frame);
      }
    }
    this.#cleanups.push(announceHostOnLoad(this.#providers));
  }

  /** The open sessions, home excluded, as plain data. */
  getSessions(): SessionSnapshot[] {
    return this.#store.snapshot();
  }

  /** Focuses a session as the agent would (null: the home session). Raises `onSessionSwitched`. */
  focusSession(sessionId: string | null): void {
    this.#store.focusSession(sessionId);
  }

  /** Closes a session as the agent would. Raises `onSessionClosed` to its owner. */
  closeSession(sessionId: string): void {
    this.#store.closeSession(sessionId);
  }

  /** Focuses a tab of a session (null: home) as the agent would. */
  focusTab(sessionId: string | null, tabId: string): void {
    this.#store.agentFocusTab(sessionId, tabId);
  }

  /** Closes a tab of a session (null: home) as the agent would. */
  closeTab(sessionId: string | null, tabId: string): void {
    this.#store.agentCloseTab(sessionId, tabId);
  }

  /** Sets the panel mode (0 minimized, 1 docked, 2 hidden) and raises `onmodechanged` to every widget. */
  setMode(mode: 0 | 1 | 2): void {
    if (mode !== 0 && mode !== 1 && mode !== 2) {
      throw invalidInput(`mode must be 0 (minimized), 1 (docked) or 2 (hidden), not ${JSON.stringify(mode)}.`);
    }
    this.#setPanel('mode', mode, 'onmodechanged');
  }

  /** Sets the panel width in pixels (under 300 is ignored) and raises `onsizechanged`. */
  setWidth(width: number): void {
    if (typeof width !== 'number' || !Number.isFinite(width)) {
      throw invalidInput(`width must be a finite number of pixels, not ${JSON.stringify(width)}.`);
    }
    if (width >= MIN_WIDTH) this.#setPanel('width', width, 'onsizechanged');
  }

  /** The communication panel: mode (0 minimized, 1 docked, 2 hidden) and width in pixels. */
  getPanel(): PanelState {
    return { ...this.#panel };
  }

  /**
   * The host as a view sees it: snapshots to render and the agent's actions to send back. A page
   * that runs the host without a container passes it to `renderHostView` or to a view of its own.
   */
  get view(): HostViewController {
    return this.#viewController();
  }

  /** Raises `onclicktoact` to every widget that turned click-to-act on. */
  clickToAct(payload: ClickToActPayload): void {
    const fields = ['value', 'name', 'format', 'entityLogicalName', 'entityId', 'recordTitle'] as const;
    const event: Record<string, string> = {};
    for (const field of fields) {
      const value: unknown = (payload as Partial<ClickToActPayload> | undefined)?.[field];
      if (value !== undefined && typeof value !== 'string')
        throw invalidInput(`clickToAct: ${field} must be a string.`);
      event[field] = value ?? '';
    }
    for (const provider of this.#providers) if (provider.clickToAct) provider.emit('onclicktoact', event);
  }

  /**
   * Read-only counters for monitoring and tests, cheap enough to poll: open widget connections,
   * connections opened since the host started, calls still being answered, and events queued for
   * widgets that are away.
   */
  getDiagnostics(): HostDiagnostics {
    return {
      connections: this.#connections.size,
      connectionsOpened: this.#connectionsOpened,
      callsInProgress: this.#activeCalls.count,
      queuedEvents: this.#providers.reduce((sum, provider) => sum + provider.queuedCount, 0),
    };
  }

  /** Listens to a host event; returns the remover. */
  on<E extends keyof HostEvents>(event: E, handler: (payload: HostEvents[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => set.delete(handler as (payload: never) => void);
  }

  /**
   * Stops the host: every widget is told (its pending calls reject with DISCONNECTED at once, and it
   * waits for a new host), notifications end with `Timeout`, and the UI and listeners go. Safe to
   * call twice.
   */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const provider of this.#providers) provider.closeAll('The host was destroyed.', true);
    this.#notifications.clear();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    for (const provider of this.#providers) if (provider.ownsFrame) provider.frame.remove();
    this.#listeners.clear();
  }

  #open(
    context: ProviderApiContext,
    provider: Provider,
    clientId: string,
    documentId: string,
    source: Window,
  ): MessagePort | null {
    // A retried hello of a client that is connected. (After destroy() no hello is heard at all.)
    if (this.#connections.has(clientId)) return null;
    // A new document in a window that had connections means that window reloaded: its old
    // document is gone, so its connections go too (requirement 4 of acceptHandshakes.ts).
    for (const entry of [...this.#connections.values()]) {
      if (entry.connection.provider === provider && entry.documentId !== documentId && entry.source === source) {
        entry.connection.close('The widget reloaded.', false);
      }
    }
    const { port1, port2 } = new MessageChannel();
    const connection = new Connection(
      provider,
      clientId,
      port1,
      (served) => createProviderApi(context, served),
      (closed) => {
        provider.connections.delete(closed);
        this.#connections.delete(closed.clientId);
      },
    );
    provider.connections.add(connection);
    this.#connections.set(clientId, { connection, source, documentId });
    this.#connectionsOpened += 1;
    return port2;
  }

  #onStoreChange(change: StoreChange): void {
    switch (change.type) {
      case 'sessionCreated': {
        const session = this.#store.get(change.sessionId);
        if (session === undefined) break;
        this.#providerNamed(session.provider)?.emit('onSessionCreated', {
          sessionId: session.id,
          focused: session.focused,
          context: session.context,
        });
        this.#emit('sessionCreated', session);
        break;
      }
      case 'sessionFocused': {
        // The owner of the session that lost focus hears first, then the owner of the new one.
        const { previous, current } = change;
        for (const [target, focused] of [
          [previous, false],
          [current, true],
        ] as const) {
          if (target !== null) {
            this.#providerNamed(target.provider)?.emit('onSessionSwitched', {
              sessionId: target.sessionId,
              focused,
              context: target.context,
            });
          }
        }
        this.#emit('sessionFocused', { id: current?.sessionId ?? null });
        break;
      }
      case 'sessionClosed':
        this.#providerNamed(change.provider)?.emit('onSessionClosed', {
          sessionId: change.sessionId,
          context: change.context,
        });
        this.#emit('sessionClosed', { id: change.sessionId, provider: change.provider, context: change.context });
        break;
      default:
        break;
    }
    this.#emit('change', undefined);
  }

  /** Restores the stored sessions, then saves them after every change (HostOptions.persist). */
  #persist(persist: unknown): void {
    if (persist !== 'sessionStorage')
      throw invalidInput(`createHost: persist must be 'sessionStorage', not ${JSON.stringify(persist)}.`);
    const key = `cif-bridge:${this.#providers.map((p) => p.name).join(',')}`;
    // Storage can be missing or refused (an opaque origin, a full quota): the host then runs without it.
    try {
      const text = sessionStorage.getItem(key);
      if (text !== null) this.#store.restore(JSON.parse(text));
    } catch (error) {
      console.warn('cif-bridge: could not restore the stored sessions.', error);
    }
    this.#cleanups.push(
      this.#store.onChange(() => {
        try {
          sessionStorage.setItem(key, JSON.stringify(this.#store.toJSON()));
        } catch (error) {
          console.warn('cif-bridge: could not store the sessions.', error);
        }
      }),
    );
  }

  /** Sets a panel field, and when it changed, raises `event` to every widget and tells the page. */
  #setPanel<K extends keyof PanelState>(key: K, value: PanelState[K], event: string): void {
    if (this.#panel[key] === value) return;
    this.#panel[key] = value;
    for (const provider of this.#providers) provider.emit(event, { value });
    this.#emit('panelChanged', this.getPanel());
    this.#emit('change', undefined);
  }

  #providerNamed(name: string): Provider | undefined {
    return this.#providers.find((p) => p.name === name);
  }

  #emit<E extends keyof HostEvents>(event: E, payload: HostEvents[E]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      // A host page's listener that throws must not break the bridge.
      try {
        (listener as (payload: HostEvents[E]) => void)(payload);
      } catch (error) {
        console.error(`cif-bridge: ${event} listener failed`, error);
      }
    }
  }

  #viewController(): HostViewController {
    return {
      providers: () => this.#providers.map(({ name, label, frame }) => ({ name, label, frame })),
      sessions: () => this.#store.snapshot(),
      home: () => this.#store.home(),
      panel: () => ({ ...this.#panel }),
      notifications: () => this.#notifications.list(),
      renderers: () => this.#renderers,
      focusSession: (id) => this.focusSession(id),
      closeSession: (id) => this.closeSession(id),
      focusTab: (sessionId, tabId) => this.focusTab(sessionId, tabId),
      closeTab: (sessionId, tabId) => this.closeTab(sessionId, tabId),
      answerNotification: (id, actionName) => this.#notifications.answer(id, actionName),
      setMode: (mode) => this.setMode(mode),
      onChange: (listener) => this.on('change', listener),
    };
  }
}
