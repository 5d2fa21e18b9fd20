/*
 * The running host: it checks its options, builds the model, accepts widget connections, wires the
 * store's changes to widget events and page events, and owns the panel. Over 400 lines because it is
 * the one place these meet (each part's lifetime ends in one destroy()), and because its options and
 * events are the host's public types, documented field by field. The model (SessionStore.ts and the
 * files beside it), the method table (createProviderApi.ts), storage (persistSessions.ts) and the
 * view (renderHostView.ts) live apart.
 */
import { recordHandlers } from './recordHandlers.js';
import { RecordForms, withRecordTemplates, type SavedEntityReference } from './RecordForms.js';
import type { RecordChange, RecordSource } from './RecordSource.js';
import {
  BridgeError,
  BridgeErrorCode,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_MAX_TABS_PER_SESSION,
  type JsonValue,
  type TemplateParameters,
} from '@cif-bridge/protocol';
import { acceptHandshakes, announceHostOnLoad } from './acceptHandshakes.js';
import { Connection } from './Connection.js';
import { LaterEvents } from './LaterEvents.js';
import { raiseEvent, type RaiseEventOptions } from './raiseEvent.js';
import { AgentPresence, type PresenceConfig, type PresenceInfo } from './AgentPresence.js';
import { createProviderApi, type HandlerName, type HostHandler, type ProviderApiContext } from './createProviderApi.js';
import { InteractionLog, type InteractionLogEntry } from './InteractionLog.js';
import type { HostViewController, TabRenderer } from './HostViewController.js';
import { NotificationCenter } from './NotificationCenter.js';
import { Provider, type ProviderConfig } from './Provider.js';
import { persistSessions } from './persistSessions.js';
import { renderHostView } from './renderHostView.js';
import { templatePanels, type TemplatePanel } from './templatePanel.js';
import { SessionStore } from './SessionStore.js';
import { sessionNotFound } from './StoreState.js';
import type { StoreChange } from './StoreChange.js';
import type {
  NotificationTemplate,
  ResolveSlug,
  SessionSnapshot,
  SessionTemplate,
  TabSnapshot,
  TabTemplate,
} from './types.js';
import { invalidInput } from './invalidInput.js';
import type { DevelopmentTemplateKind } from './TemplateStore.js';
import { MAX_CONNECTIONS_PER_PROVIDER } from './limits.js';
import { HostTrace, traceLimit, type TraceEntry, type TraceOption } from './HostTrace.js';

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
  /**
   * Where records live (the embedded store of `@cif-bridge/records`, or a CRM): the record methods
   * (`createRecord`, `retrieveRecord`, `updateRecord`, `deleteRecord`, `searchAndOpenRecords`,
   * `getEntityMetadata`) are answered from it. Without it they resolve `NOT_SUPPORTED`. With it,
   * `openForm`, `searchAndOpenRecords`, `renderSearchPage` and `refreshForm` open record and search
   * tabs, from the tab templates `entityrecord`, `search` and `recordsearch`, which are added unless
   * `tabTemplates` has templates of those names; `renderers` draws them (`@cif-bridge/records/ui`).
   */
  records?: RecordSource;
  /**
   * CRM methods the host page provides (a record method with neither a handler nor `records`
   * resolves `NOT_SUPPORTED`), each replacing the built-in one, and replacements of the host's own
   * `setPresence`, `getPresence`, `updateContext`, `updateConversation` and `logAnalyticsEvent`.
   */
  handlers?: Partial<Record<HandlerName, HostHandler>>;
  /**
   * The presences the agent can be in, the first at start: the default UI's picker lists them, and
   * widgets set one with CIF `setPresence(text)`. Default: Available, Busy, Do not disturb, Away, Offline.
   */
  presences?: PresenceConfig[];
  /** Renderers for tab types other than `website` and `webresource`, used by the default UI. */
  renderers?: Record<string, TabRenderer>;
  /** Panel width in pixels at start. Default 340. */
  panelWidth?: number;
  /**
   * Keeps the sessions, their tabs, focus and owners in the page's `sessionStorage`, so they come
   * back when the agent reloads the host page; each provider owns its sessions again once it
   * reconnects. The shared entry's key is `cif-bridge:` and the provider names joined by commas; each
   * provider's sessions are in `<that key>:provider:<name>`, so one provider's data that does not fit
   * costs only its own sessions (see the `persistFailed` event). Writes are batched (at most one per
   * 100 ms, and at once when the page is hidden or unloads). What is read back is checked like widget
   * input, and anything malformed is dropped. Default: off.
   */
  persist?: 'sessionStorage';
  /**
   * Development mode, for a desk on a developer's machine (the test host of `@cif-bridge/testing`
   * turns it on when it has no templates): a session, tab or notification template that a widget
   * names and nobody configured is created on first use, plain (titled with its name; a session gets
   * one tab of the same name, of type `development`, which has no URL), and this function is told its
   * kind and name, to tell the developer (each is also a `development` entry of the trace, which the
   * inspector shows). A widget's first `createSession` then works before any template is written.
   * Never on a real desk: every widget could then open sessions of any name. Default: off.
   */
  onDevelopmentTemplate?: (kind: DevelopmentTemplateKind, name: string) => void;
  /**
   * The trace of everything that crosses the boundary: each call when it is answered (with a capped
   * copy of its arguments, its duration and outcome), each event sent or queued, each handshake and
   * each refused hello with the reason. Read it with `host.trace()`, or follow it with
   * `host.on('trace', …)`. `{ limit }` is how many entries are kept, the oldest dropped first
   * (default 1,000); `false` turns it off, and then it costs nothing: no copy is made, no clock read.
   */
  trace?: TraceOption;
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

/** CIF ignores a panel width under 300 px: `setWidth` with less leaves the width as it is. */
const MIN_WIDTH = 300;

/**
 * Room the panel always leaves beside it, in pixels: the default UI's session list (240 px, its
 * `--cifb-sidebar-width`) and at least as much again for the open tab, so a widget can't push the
 * sessions and tabs out of view. A headless host keeps the same room within the window.
 */
const PANEL_LAYOUT_ROOM = 480;

/** How many answered clientIds the host remembers, to refuse late hellos of closed connections. */
const MAX_ANSWERED_CLIENTS = 1000;

/**
 * Checks the options the constructor does not hand to a model class that checks them itself, so
 * that a mistake throws before the host touches the page. Returns the environment, cloned.
 */
function checkOptions(options: HostOptions): { [key: string]: JsonValue } {
  const { container, panelWidth } = options;
  const fail = (problem: string): never => {
    throw invalidInput(`createHost: ${problem}.`);
  };
  if (container !== undefined && !(container instanceof HTMLElement && container.isConnected)) {
    fail('container must be an element in the document, or left out to run headless');
  }
  if (panelWidth !== undefined && !Number.isFinite(panelWidth)) fail('panelWidth must be a number of pixels');
  // Tables of functions: handlers by method name, renderers by tab type.
  for (const name of ['handlers', 'renderers'] as const) {
    const table: unknown = options[name] ?? {};
    if (typeof table !== 'object' || table === null || Object.values(table).some((f) => typeof f !== 'function')) {
      fail(`${name} must be an object of functions`);
    }
  }
  const records: unknown = options.records;
  const methods = ['search', 'retrieve', 'create', 'update', 'delete', 'metadata'] as const;
  if (
    records !== undefined &&
    (typeof records !== 'object' ||
      records === null ||
      methods.some((m) => typeof (records as Record<string, unknown>)[m] !== 'function'))
  ) {
    fail(
      `records must be a record source with ${methods.join(', ')} (such as createBrowserRecords from @cif-bridge/records)`,
    );
  }
  try {
    return structuredClone(options.environment ?? {});
  } catch {
    return fail('environment must be JSON data');
  }
}

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
  /** Widget events a createSession causes, held until its reply has gone. */
  readonly #later = new LaterEvents();
  /** Providers the host warned about being at the connection cap, until one of their connections closes. */
  readonly #warnedAtCap = new Set<Provider>();
  /** The clientIds of the hellos answered, newest last (see #open). */
  readonly #answered = new Set<string>();
  #connectionsOpened = 0;
  #panel: PanelState;
  /** The panel mode and width a session template asks for when its session opens. */
  readonly #templatePanel: (templateName: string) => TemplatePanel;
  readonly #container: HTMLElement | undefined;
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
    const environment = checkOptions(options);
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
    // The store has checked the templates, panelMode and panelWidth included.
    this.#templatePanel = templatePanels(options.sessionTemplates);
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
    this.#container = options.container;
    this.#panel = { mode: 1, width: Math.max(MIN_WIDTH, options.panelWidth ?? 340) };
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
            this.#open(context, provider, clientId, documentId, source, origin),
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
    if (mode !== 0 && mode !== 1 && mode !== 2) {
      throw invalidInput(`mode must be 0 (minimized), 1 (docked) or 2 (hidden), not ${JSON.stringify(mode)}.`);
    }
    this.#setPanel('mode', mode, 'onmodechanged');
  }

  /**
   * Sets the panel width in pixels and raises `onsizechanged`. Under 300 is ignored, as in CIF; a
   * width wider than the layout has room for is clamped to {@link BridgeHost.maxPanelWidth}.
   */
  setWidth(width: number): void {
    if (typeof width !== 'number' || !Number.isFinite(width)) {
      throw invalidInput(`width must be a finite number of pixels, not ${JSON.stringify(width)}.`);
    }
    if (width >= MIN_WIDTH) this.#setPanel('width', Math.min(width, this.maxPanelWidth()), 'onsizechanged');
  }

  /**
   * The widest panel that fits the host's layout now: the container's width (a headless host: the
   * window's) minus room for the sessions and the open tab, and never under CIF's minimum of 300.
   */
  maxPanelWidth(): number {
    // A container that is not laid out yet (display: none) measures 0; the window still bounds it.
    const available = this.#container?.clientWidth || globalThis.innerWidth || Infinity;
    return Math.max(MIN_WIDTH, available - PANEL_LAYOUT_ROOM);
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
      connectionsOpened: this.#connectionsOpened,
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

  #open(
    context: ProviderApiContext,
    provider: Provider,
    clientId: string,
    documentId: string,
    source: Window,
    origin: string,
  ): MessagePort | null {
    // Each clientId is answered once: a retried hello of a client that is connected, or one that
    // arrives after its connection closed, would open a connection no widget uses. (After destroy()
    // no hello is heard at all.)
    if (this.#answered.has(clientId)) return null;
    this.#answered.add(clientId);
    // A late hello comes within seconds (the widget's retries stop at its welcome), so the oldest
    // ids can go; this keeps a host that runs for days from growing.
    if (this.#answered.size > MAX_ANSWERED_CLIENTS) {
      const [oldest] = this.#answered;
      if (oldest !== undefined) this.#answered.delete(oldest);
    }
    // A new document in a window that had connections means that window reloaded: its old
    // document is gone, so its connections go too (requirement 4 of acceptHandshakes.ts).
    for (const entry of [...this.#connections.values()]) {
      if (entry.connection.provider === provider && entry.documentId !== documentId && entry.source === source) {
        entry.connection.close('The widget reloaded.', false);
      }
    }
    if (!this.#hasRoomFor(provider)) {
      this.#trace?.record({
        kind: 'refused',
        time: Date.now(),
        origin,
        provider: provider.name,
        reason: `provider "${provider.name}" already has ${MAX_CONNECTIONS_PER_PROVIDER} connections, the limit; close clients the widget no longer uses (client.close()).`,
      });
      return null;
    }
    const { port1, port2 } = new MessageChannel();
    const connection = new Connection(
      provider,
      clientId,
      port1,
      (served) => createProviderApi(context, served),
      (closed) => {
        provider.connections.delete(closed);
        this.#warnedAtCap.delete(provider);
        this.#connections.delete(closed.clientId);
      },
      context.trace !== undefined,
    );
    provider.connections.add(connection);
    this.#connections.set(clientId, { connection, source, documentId });
    this.#connectionsOpened += 1;
    this.#trace?.record({ kind: 'handshake', time: Date.now(), provider: provider.name, origin, clientId });
    return port2;
  }

  /**
   * Whether `provider` may open one more connection (at most {@link MAX_CONNECTIONS_PER_PROVIDER}).
   * At the cap, connections whose window is gone (a nested frame that was removed, which can't say
   * goodbye) are closed first; if the provider is still at the cap, the hello is ignored, the widget's
   * handshake times out, and the host page gets one warning that says what to do.
   */
  #hasRoomFor(provider: Provider): boolean {
    if (provider.connections.size < MAX_CONNECTIONS_PER_PROVIDER) return true;
    for (const { connection, source } of [...this.#connections.values()]) {
      if (connection.provider === provider && source.closed) connection.close('The widget window is gone.', false);
    }
    if (provider.connections.size < MAX_CONNECTIONS_PER_PROVIDER) return true;
    if (!this.#warnedAtCap.has(provider)) {
      this.#warnedAtCap.add(provider);
      console.warn(
        `cif-bridge: provider "${provider.name}" already has ${MAX_CONNECTIONS_PER_PROVIDER} connections, the limit; new clients are ignored. Close clients the widget no longer uses (client.close()).`,
      );
    }
    return false;
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
        if (session.focused) this.#applyTemplatePanel(session.templateName);
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
        if (focused !== undefined) this.#applyTemplatePanel(focused.templateName);
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

  /** Sets a panel field, and when it changed, raises `event` to every widget and tells the page. */
  #setPanel<K extends keyof PanelState>(key: K, value: PanelState[K], event: string): void {
    if (this.#panel[key] === value) return;
    this.#panel[key] = value;
    for (const provider of this.#providers) provider.emit(event, { value });
    this.#emit('panelChanged', this.getPanel());
    this.#emit('change', undefined);
  }

  /** Applies the panel mode and width of a session template, as Dynamics does when its session opens. */
  #applyTemplatePanel(templateName: string): void {
    const { mode, width } = this.#templatePanel(templateName);
    if (width !== undefined) this.setWidth(width);
    if (mode !== undefined) this.setMode(mode);
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
      panel: () => ({ ...this.#panel }),
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

/** The conversation of a session. */
function conversationOf(session: SessionSnapshot): ConversationSnapshot {
  return {
    conversationId: session.conversationId,
    sessionId: session.id,
    provider: session.provider,
    data: session.conversationData,
  };
}
