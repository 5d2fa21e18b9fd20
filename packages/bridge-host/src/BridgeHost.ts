/*
 * The running host: it checks its options, builds the model, accepts widget connections, wires the
 * store's changes to widget events and page events, and owns the panel. Over 400 lines because it is
 * the one place these meet (each part's lifetime ends in one destroy()), and because its public
 * methods are the host's API, documented one by one. Its options (HostOptions.ts, checked in
 * checkHostOptions.ts) and events (HostEvents.ts) are declared apart, as are the model
 * (SessionStore.ts and the files beside it), the panel's state (HostPanel.ts), the widget connections
 * (WidgetConnections.ts), the method table (createProviderApi.ts), storage (persistSessions.ts) and
 * the view (renderHostView.ts).
 */
import { recordHandlers } from './recordHandlers.js';
import { RecordForms, withRecordTemplates, type SavedEntityReference } from './RecordForms.js';
import {
  BridgeError,
  BridgeErrorCode,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_MAX_TABS_PER_SESSION,
  type JsonValue,
  type TemplateParameters,
} from '@cif-bridge/protocol';
import { acceptHandshakes, announceHostOnLoad } from './acceptHandshakes.js';
import { WidgetConnections } from './WidgetConnections.js';
import { LaterEvents } from './LaterEvents.js';
import { raiseEvent, type RaiseEventOptions } from './raiseEvent.js';
import { AgentPresence, type PresenceConfig, type PresenceInfo } from './AgentPresence.js';
import type { ProviderApiContext } from './createProviderApi.js';
import { InteractionLog, type InteractionLogEntry } from './InteractionLog.js';
import type { HostViewController, TabRenderer } from './HostViewController.js';
import { NotificationCenter } from './NotificationCenter.js';
import { Provider } from './Provider.js';
import { persistSessions } from './persistSessions.js';
import { renderHostView } from './renderHostView.js';
import { templatePanels } from './templatePanel.js';
import { SessionStore } from './SessionStore.js';
import { HostPanel, type PanelState } from './HostPanel.js';
import { sessionNotFound } from './StoreState.js';
import type { StoreChange } from './StoreChange.js';
import type { SessionSnapshot, TabSnapshot } from './types.js';
import { invalidInput } from './invalidInput.js';
import { HostTrace, traceLimit, type TraceEntry } from './HostTrace.js';
import type { ClickToActPayload } from './ClickToActPayload.js';
import { checkHostOptions, positiveInteger } from './checkHostOptions.js';
import { conversationOf, type ConversationSnapshot } from './ConversationSnapshot.js';
import type { HostDiagnostics } from './HostDiagnostics.js';
import type { HostEvents } from './HostEvents.js';
import type { HostOptions } from './HostOptions.js';

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
  readonly #connections: WidgetConnections;
  readonly #activeCalls = { count: 0 };
  /** Widget events a createSession causes, held until its reply has gone. */
  readonly #later = new LaterEvents();
  readonly #panel: HostPanel;
  readonly #presence: AgentPresence;
  readonly #log: InteractionLog;
  /** The record tabs and waiting forms, when the host has records. */
  readonly #forms: RecordForms | undefined;
  /** The trace, or undefined with `trace: false`. */
  readonly #trace: HostTrace | undefined;
  #destroyed = false;

  /** Use {@link createHost}. */
  constructor(options: HostOptions) {
    if (!Array.isArray(options?.providers) || options.providers.length === 0) {
      throw invalidInput('createHost: options.providers must list at least one widget: [{ name, url }].');
    }
    const environment = checkHostOptions(options);
    const develop = options.onDevelopmentTemplate;
    this.#store = new SessionStore({
      sessionTemplates: options.sessionTemplates,
      tabTemplates: options.records ? withRecordTemplates(options.tabTemplates) : options.tabTemplates,
      notificationTemplates: options.notificationTemplates,
      maxSessions: positiveInteger('maxSessions', options.maxSessions, DEFAULT_MAX_SESSIONS),
      maxTabsPerSession: positiveInteger('maxTabsPerSession', options.maxTabsPerSession, DEFAULT_MAX_TABS_PER_SESSION),
      resolveSlug: options.resolveSlug,
      origin: location.origin,
      // Each made-up template is also a trace entry, so the inspector shows what to configure. Anything
      // but a function goes to the store as it is, which refuses it with a message saying so.
      onDevelopmentTemplate:
        typeof develop === 'function'
          ? (kind, name, provider) => {
              this.#trace?.record({ kind: 'development', time: Date.now(), provider, templateKind: kind, name });
              develop(kind, name);
            }
          : develop,
    });
    const limit = traceLimit(options.trace);
    const trace =
      limit === undefined
        ? undefined
        : new HostTrace(
            limit,
            (entry) => this.#emit('trace', entry),
            () => (this.#listeners.get('trace')?.size ?? 0) > 0,
          );
    this.#trace = trace;
    this.#connections = new WidgetConnections(trace);
    this.#providers = options.providers.map(
      (config) =>
        new Provider(
          config,
          trace &&
            ((name, delivered) =>
              trace.record({ kind: 'event', time: Date.now(), provider: config.name, name, delivered })),
        ),
    );
    if (new Set(this.#providers.map((p) => p.name)).size !== this.#providers.length) {
      throw invalidInput('createHost: provider names must be unique.');
    }
    this.#renderers = { ...options.renderers };
    this.#panel = new HostPanel(
      options.panelWidth,
      options.container,
      // The store has checked the templates, panelMode and panelWidth included.
      templatePanels(options.sessionTemplates),
      // A change is raised to every widget, then told to the page.
      (event, value) => {
        for (const provider of this.#providers) provider.emit(event, { value });
        this.#emit('panelChanged', this.getPanel());
        this.#emit('change', undefined);
      },
    );
    this.#notifications = new NotificationCenter(() => this.#emit('change', undefined));
    // Dynamics can't share presence between providers; here every provider hears every change.
    this.#presence = new AgentPresence(options.presences, (info, setBy) => {
      for (const provider of this.#providers) provider.emit('onPresenceChange', { presenceInfo: info });
      this.#emit('presenceChanged', { ...info, setBy });
      this.#emit('change', undefined);
    });
    this.#log = new InteractionLog((entry) => this.#emit('analytics', entry));
    if (options.persist !== undefined) {
      const names = this.#providers.map((p) => p.name);
      this.#cleanups.push(
        persistSessions(options.persist, this.#store, names, (provider, error) =>
          this.#emit('persistFailed', { provider, error }),
        ),
      );
    }
    this.#cleanups.push(this.#store.onChange((change) => this.#onStoreChange(change)));
    const forms = (this.#forms = options.records && new RecordForms(this.#store));
    if (forms) this.#cleanups.push(this.#store.onChange(() => forms.sweep()));
    this.#cleanups.push(() => this.#later.clear());

    const context: ProviderApiContext = {
      store: this.#store,
      notifications: this.#notifications,
      panel: this,
      environment,
      handlers: {
        ...(options.records &&
          forms &&
          recordHandlers(options.records, forms, (change) => this.#emit('recordChanged', change))),
        ...options.handlers,
      },
      presence: this.#presence,
      log: this.#log,
      trace: trace?.recordCall,
      activeCalls: this.#activeCalls,
      replyFirst: (call) => this.#later.around(call),
    };
    // Everything above only checked and built; from here on the host touches the page. Should any of
    // it still throw, what was done is undone, so a failed createHost leaves no listener or element.
    try {
      this.#cleanups.push(
        acceptHandshakes(
          this.#providers,
          (provider, clientId, documentId, source, origin) =>
            this.#connections.open(context, provider, clientId, documentId, source, origin),
          trace && ((refusal) => trace.record({ kind: 'refused', time: Date.now(), ...refusal })),
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
    } catch (error) {
      this.destroy();
      throw error;
    }
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

  /**
   * Focuses a tab of a session (null: home) as the agent would. When the tab was not focused and has
   * a URL, every widget gets `onpagenavigate` with `{ value: url }`, as Dynamics raises it when the
   * agent's page navigates.
   */
  focusTab(sessionId: string | null, tabId: string): void {
    const before = this.#tabOf(sessionId, tabId);
    this.#store.agentFocusTab(sessionId, tabId);
    const url = before?.parameters.url;
    if (before !== undefined && !before.focused && typeof url === 'string') {
      for (const provider of this.#providers) provider.emit('onpagenavigate', { value: url });
    }
  }

  /**
   * The agent's "Send to customer" on a tab whose template sets `sendToCustomer`: raises
   * `onsendkbarticle` with `{ title, link }` (the tab's title and URL) to the session's owner, or for
   * a tab of home, to every widget.
   *
   * @throws BridgeError `SESSION_NOT_FOUND`, `TAB_NOT_FOUND`, or `INVALID_INPUT` for a tab whose
   *   template does not set `sendToCustomer`.
   */
  sendToCustomer(sessionId: string | null, tabId: string): void {
    if (sessionId !== null && this.#store.get(sessionId) === undefined) throw sessionNotFound(sessionId);
    const tab = this.#tabOf(sessionId, tabId);
    if (tab === undefined) throw new BridgeError(BridgeErrorCode.TAB_NOT_FOUND, `Tab with ID:${tabId} does not exist`);
    if (!tab.sendToCustomer) {
      throw invalidInput(`sendToCustomer: tab ${tabId}'s template does not set sendToCustomer: true.`);
    }
    const article = { title: tab.title, link: typeof tab.parameters.url === 'string' ? tab.parameters.url : '' };
    const owner = sessionId === null ? undefined : this.#store.get(sessionId)?.provider;
    for (const provider of this.#providers) {
      if (owner === undefined || provider.name === owner) provider.emit('onsendkbarticle', article);
    }
  }

  /** The agent's presence now. */
  getPresence(): PresenceInfo {
    return this.#presence.current();
  }

  /** The presences the agent can be in, in configured order. */
  getPresences(): PresenceConfig[] {
    return this.#presence.list();
  }

  /**
   * Sets the agent's presence by its text or id, as the agent's picker does: every widget gets
   * `onPresenceChange`, and the page `presenceChanged`. The same presence again changes nothing.
   *
   * @throws BridgeError `INVALID_INPUT` for a presence not on the list; the message lists them.
   */
  setPresence(textOrId: string): PresenceInfo {
    return this.#presence.set(textOrId, null);
  }

  /** The conversation `conversationId` of an open session, or undefined. */
  getConversation(conversationId: string): ConversationSnapshot | undefined {
    const session = this.#store.snapshot().find((s) => s.conversationId === conversationId);
    return session && conversationOf(session);
  }

  /**
   * The interaction log: the analytics events widgets logged with `logAnalyticsEvent`, oldest first,
   * the newest 500 at most. Listen to `analytics` to keep them for longer.
   */
  getInteractionLog(): InteractionLogEntry[] {
    return this.#log.list();
  }

  /**
   * Opens a focused tab from the tab template `templateName` in a session (null: home), as the agent
   * would: the record UI's search box and search results open search and record tabs with it.
   * `parameters` are the tab's own values, such as `{ entityName, entityId }`.
   *
   * @returns the tab's id.
   * @throws BridgeError `SESSION_NOT_FOUND`, `TEMPLATE_NOT_FOUND`, `TAB_LIMIT_REACHED` or `INVALID_INPUT`.
   */
  openTab(sessionId: string | null, templateName: string, parameters?: TemplateParameters): string {
    return this.#store.agentCreateTab(sessionId, templateName, parameters);
  }

  /**
   * The agent saved the record form in tab `tabId`: a widget's `openForm` waiting on that tab resolves
   * with `{ savedEntityReference: [reference] }`. Nothing happens when no openForm waits on it.
   */
  formSaved(tabId: string, reference: SavedEntityReference): void {
    this.#forms?.saved(tabId, reference);
  }

  /** Closes a tab of a session (null: home) as the agent would. */
  closeTab(sessionId: string | null, tabId: string): void {
    this.#store.agentCloseTab(sessionId, tabId);
  }

  /** Sets the panel mode (0 minimized, 1 docked, 2 hidden) and raises `onmodechanged` to every widget. */
  setMode(mode: 0 | 1 | 2): void {
    this.#panel.setMode(mode);
  }

  /**
   * Sets the panel width in pixels and raises `onsizechanged`. Under 300 is ignored, as in CIF; a
   * width wider than the layout has room for is clamped to {@link BridgeHost.maxPanelWidth}.
   */
  setWidth(width: number): void {
    this.#panel.setWidth(width);
  }

  /**
   * The widest panel that fits the host's layout now: the container's width (a headless host: the
   * window's) minus room for the sessions and the open tab, and never under CIF's minimum of 300.
   */
  maxPanelWidth(): number {
    return this.#panel.maxPanelWidth();
  }

  /** The communication panel: mode (0 minimized, 1 docked, 2 hidden) and width in pixels. */
  getPanel(): PanelState {
    return this.#panel.getPanel();
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
   * Raises any event (`onpagenavigate`, `onsendkbarticle`, `onclicktoact`, a custom name, …) with
   * JSON `payload` to the provider named in `options.provider`, or to all; `onclicktoact` only to
   * widgets that turned click-to-act on. Queued like every event while a widget reloads.
   *
   * @throws BridgeError `INVALID_INPUT` for a bad name, payload or provider; nothing is raised then.
   */
  raiseEvent(name: string, payload?: JsonValue, options?: RaiseEventOptions): void {
    raiseEvent(this.#providers, name, payload, options);
  }

  /**
   * Read-only counters for monitoring and tests, cheap enough to poll: open widget connections,
   * connections opened since the host started, calls still being answered, and events queued for
   * widgets that are away.
   */
  getDiagnostics(): HostDiagnostics {
    return {
      connections: this.#connections.size,
      connectionsOpened: this.#connections.opened,
      callsInProgress: this.#activeCalls.count,
      queuedEvents: this.#providers.reduce((sum, provider) => sum + provider.queuedCount, 0),
    };
  }

  /**
   * The trace so far, oldest first, as a copy (see {@link HostOptions.trace}); empty with
   * `trace: false`.
   */
  trace(): TraceEntry[] {
    return this.#trace?.list() ?? [];
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

  /** Sends a session event to its owner, after any held events (see LaterEvents). */
  #toWidget(providerName: string, name: string, payload: unknown): void {
    this.#later.send(() => this.#providerNamed(providerName)?.emit(name, payload));
  }

  #onStoreChange(change: StoreChange): void {
    switch (change.type) {
      case 'sessionCreated': {
        const session = this.#store.get(change.sessionId);
        if (session === undefined) break;
        this.#toWidget(session.provider, 'onSessionCreated', {
          sessionId: session.id,
          focused: session.focused,
          context: session.context,
        });
        this.#emit('sessionCreated', session);
        if (session.focused) this.#panel.applyTemplatePanel(session.templateName);
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
            this.#toWidget(target.provider, 'onSessionSwitched', {
              sessionId: target.sessionId,
              focused,
              context: target.context,
            });
          }
        }
        this.#emit('sessionFocused', { id: current?.sessionId ?? null });
        const focused = current === null ? undefined : this.#store.get(current.sessionId);
        if (focused !== undefined) this.#panel.applyTemplatePanel(focused.templateName);
        break;
      }
      case 'conversationUpdated': {
        const session = this.#store.get(change.sessionId);
        if (session !== undefined) this.#emit('conversation', conversationOf(session));
        break;
      }
      case 'sessionClosed':
        this.#toWidget(change.provider, 'onSessionClosed', {
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

  /** A tab of a session (null: home) as plain data, or undefined. */
  #tabOf(sessionId: string | null, tabId: string): TabSnapshot | undefined {
    const tabs = sessionId === null ? this.#store.home().tabs : this.#store.get(sessionId)?.tabs;
    return tabs?.find((tab) => tab.id === tabId);
  }

  #providerNamed(name: string): Provider | undefined {
    return this.#providers.find((p) => p.name === name);
  }

  #emit<E extends keyof HostEvents>(event: E, payload: HostEvents[E]): void {
    const listeners = this.#listeners.get(event);
    // The trace emits on every call: with nobody listening, that must not copy a list.
    if (listeners === undefined || listeners.size === 0) return;
    for (const listener of [...listeners]) {
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
      panel: () => this.#panel.getPanel(),
      notifications: () => this.#notifications.list(),
      renderers: () => this.#renderers,
      focusSession: (id) => this.focusSession(id),
      closeSession: (id) => this.closeSession(id),
      focusTab: (sessionId, tabId) => this.focusTab(sessionId, tabId),
      closeTab: (sessionId, tabId) => this.closeTab(sessionId, tabId),
      answerNotification: (id, actionName) => this.#notifications.answer(id, actionName),
      presence: () => ({ current: this.#presence.current().presenceId, presences: this.#presence.list() }),
      setPresence: (id) => this.setPresence(id),
      sendToCustomer: (sessionId, tabId) => this.sendToCustomer(sessionId, tabId),
      setMode: (mode) => this.setMode(mode),
      onChange: (listener) => this.on('change', listener),
    };
  }
}
