import {
  BridgeError,
  BridgeErrorCode,
  MAX_INPUT_LENGTH,
  type JsonValue,
  type SessionInfo,
  type TemplateParameters,
  type TemplateParameterValue,
} from '@cif-bridge/protocol';
import { v4 as uuidv4 } from 'uuid';
import { parseJsonInput } from './parseJsonInput.js';
import { replaceSlugs } from './replaceSlugs.js';
import { globalTemplateParameters, resolveTemplateParameters } from './resolveTemplateParameters.js';
import { TemplateStore } from './TemplateStore.js';
import type {
  NotificationTemplate,
  ResolveSlug,
  SessionSnapshot,
  SessionTemplate,
  TabSnapshot,
  TabTemplate,
} from './types.js';

/** A JSON object, such as a session's `context`. */
type JsonObject = { [key: string]: JsonValue };

/** Who is calling: a provider, and the templates it may use. */
export interface Caller {
  /** Name of the provider; sessions it creates belong to it. */
  provider: string;
  /**
   * Names of the session and tab templates this provider may use; all when undefined. Any other
   * template gives the same `TEMPLATE_NOT_FOUND` text as an unknown one.
   */
  templates?: ReadonlySet<string>;
}

/** Options of {@link SessionStore}. */
export interface SessionStoreOptions {
  /** Session templates; checked at construction (see {@link TemplateStore}). */
  sessionTemplates: readonly SessionTemplate[];
  /** Tab templates; checked at construction. */
  tabTemplates: readonly TabTemplate[];
  /** Notification templates for `notifyEvent`. Default none. */
  notificationTemplates?: readonly NotificationTemplate[];
  /** Cap on open sessions, home excluded. */
  maxSessions: number;
  /** Cap on tabs per session (and on home's tabs), anchor tab included. */
  maxTabsPerSession: number;
  /** Hook for slugs that need a CRM, such as `{anchor.fullname}`; without it they stay as written. */
  resolveSlug?: ResolveSlug;
  /** Makes session and tab ids. Default uuid v4; tests pass a counter for readable ids. */
  createId?: () => string;
}

/**
 * The store's state as plain JSON data: written by {@link SessionStore.toJSON} for
 * `createHost({ persist })`, read back by {@link SessionStore.restore}. `state` is internal.
 */
export interface PersistedSessions {
  /** Format version; {@link SessionStore.restore} ignores data of any other version. */
  version: number;
  /** The sessions with their tabs, owners and badges, home's tabs, the focus and its history. */
  state: JsonValue;
}

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

/** A session's title, activity badge, KPI marker or focus request changed. */
export interface SessionUpdatedChange {
  /** Change kind. */
  type: 'sessionUpdated';
  /** The session. */
  sessionId: string;
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
  SessionCreatedChange | SessionClosedChange | SessionFocusedChange | SessionUpdatedChange | TabsChangedChange;

/** A notification template resolved for one `notifyEvent` call, ready to show. */
export interface ResolvedNotification {
  /** The notification template's name. */
  templateName: string;
  /** The title, slugs replaced; plain text. */
  title: string;
  /** The labelled fields in configured order, values' slugs replaced; plain text. */
  fields: { label: string; value: string }[];
  /** Seconds before the notification answers `Timeout` by itself. */
  timeoutSeconds: number;
  /** Label of the accept button. */
  acceptLabel: string;
  /** Label of the reject button. */
  rejectLabel: string;
}

// ---------------------------------------------------------------------------------------------
// State. Plain data only (no classes, no Maps), so it can be serialized for persistence later.
// ---------------------------------------------------------------------------------------------

interface TabRecord {
  id: string;
  templateName: string;
  type: string;
  title: string;
  anchor: boolean;
  canClose: boolean;
  parameters: TemplateParameters;
  refreshCount: number;
}

/** A session or home: something that holds tabs. */
interface TabGroup {
  tabs: TabRecord[];
  focusedTabId: string | null;
}

interface SessionRecord extends TabGroup {
  id: string;
  templateName: string;
  title: string;
  provider: string;
  context: JsonObject;
  correlationId: string;
  /** Canonical JSON of the createSession input, to recognise a retry. */
  inputJson: string;
  newActivity: number;
  kpiBreach: { details: string } | null;
  focusRequest: { messagesCount: number } | null;
}

interface StoreState {
  /** Open sessions in creation order; home is not one of them. */
  sessions: SessionRecord[];
  /** Home's own tabs; home has no anchor tab. */
  home: TabGroup;
  /** The focused session, or null for home. */
  focusedSessionId: string | null;
  /** Open sessions' ids, least recently focused first; where focus goes when the focused one closes. */
  focusHistory: string[];
}

// ---------------------------------------------------------------------------------------------
// Argument readers. Arguments come off the wire as `unknown`; each reader names the field it checks.
// `undefined` and `null` both mean "not given" for optional arguments, because JSON has no undefined.
// ---------------------------------------------------------------------------------------------

const DEFAULT_NOTIFICATION_TIMEOUT_SECONDS = 120;

function invalid(message: string): BridgeError {
  return new BridgeError(BridgeErrorCode.INVALID_INPUT, message);
}

function sessionNotFound(sessionId: string): BridgeError {
  // CIF's wording, with no space after the colon (CIF-BEHAVIOUR.md).
  return new BridgeError(BridgeErrorCode.SESSION_NOT_FOUND, `Session with ID:${sessionId} does not exist`);
}

function tabNotFound(tabId: string): BridgeError {
  return new BridgeError(BridgeErrorCode.TAB_NOT_FOUND, `Tab with ID:${tabId} does not exist`);
}

function notOwned(): BridgeError {
  return new BridgeError(BridgeErrorCode.SESSION_NOT_OWNED, 'Focused session does not belong to the provider');
}

const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isAbsent = (value: unknown): value is undefined | null => value === undefined || value === null;

function readInputObject(input: unknown, method: string): JsonObject {
  const { data } = parseJsonInput(input, method);
  if (!isJsonObject(data)) throw invalid(`${method}: input must be a JSON object`);
  return data;
}

function readId(value: unknown, field: string, method: string): string {
  if (typeof value !== 'string') throw invalid(`${method}: ${field} must be a string`);
  return value;
}

/** An optional name: absent or empty means not given, as widgets send `templateTag: ""`. */
function readOptionalName(value: unknown, field: string, method: string): string | undefined {
  if (isAbsent(value) || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`${method}: ${field} must be a string`);
  return value;
}

function readOptionalBoolean(value: unknown, field: string, method: string): boolean {
  if (isAbsent(value)) return false;
  if (typeof value !== 'boolean') throw invalid(`${method}: ${field} must be true or false`);
  return value;
}

function readOptionalCount(value: unknown, field: string, method: string): number | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${method}: ${field} must be a whole number of 0 or more`);
  }
  return value;
}

function isParameterValue(value: unknown): value is TemplateParameterValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || isJsonObject(value);
}

function checkParameterValue(value: unknown, path: string, method: string): void {
  if (!isParameterValue(value)) {
    throw invalid(`${method}: ${path} must be a string, number, boolean or JSON object`);
  }
}

function readContext(value: unknown, method: string): JsonObject {
  if (isAbsent(value)) return {};
  if (!isJsonObject(value)) throw invalid(`${method}: context must be a JSON object`);
  return value;
}

/** Sets a thrown BridgeError's correlationId when it has none, so the caller can match it to its call. */
function withCorrelationId<T>(correlationId: unknown, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof BridgeError && error.correlationId === undefined && typeof correlationId === 'string') {
      error.correlationId = correlationId;
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Readers of persisted state. Storage is written by this code, but anything in the page (or a
// browser extension) can change it, so it is read back as untrusted data: a record that is not
// exactly what this store writes is dropped, never half-used.
// ---------------------------------------------------------------------------------------------

/** Version of {@link PersistedSessions}; data of another version is ignored. */
const PERSIST_VERSION = 1;

const isStoredId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 200;
const isStoredText = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 2 * MAX_INPUT_LENGTH;
const isStoredCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const prototypeKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** A fresh copy of a stored JSON object with prototype-reaching keys dropped at every depth, or undefined. */
function storedObject(value: unknown): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  try {
    const copy: unknown = JSON.parse(JSON.stringify(value), (key, member: unknown) =>
      prototypeKeys.has(key) ? undefined : member,
    );
    return isJsonObject(copy) ? copy : undefined;
  } catch {
    return undefined;
  }
}

function tabSnapshot(tab: TabRecord, group: TabGroup): TabSnapshot {
  return {
    id: tab.id,
    title: tab.title,
    templateName: tab.templateName,
    type: tab.type,
    focused: group.focusedTabId === tab.id,
    anchor: tab.anchor,
    canClose: tab.canClose,
    parameters: structuredClone(tab.parameters),
    refreshCount: tab.refreshCount,
  };
}

/**
 * The host's model of sessions and tabs: which exist, who owns them, which has focus, their badges,
 * and the caps. Plain TypeScript with no DOM, timers or messaging, so it runs in unit tests; the host
 * wires widget calls to its methods and renders its {@link StoreChange}s.
 *
 * Caller-facing methods take the {@link Caller} first and then the CIF arguments as `unknown`,
 * because they come off the wire; each is checked and a wrong one gives `INVALID_INPUT` naming the
 * field. Agent actions (`focusSession`, `closeSession`, `agentFocusTab`, `agentCloseTab`) are for the
 * host's UI and API and skip the ownership check. The rules follow CIF-BEHAVIOUR.md.
 *
 * Changes are emitted synchronously once the state is consistent. A change made by a listener is
 * emitted after the ones already queued, so every listener sees changes in the order they happened.
 */
export class SessionStore {
  readonly #templates: TemplateStore;
  readonly #maxSessions: number;
  readonly #maxTabsPerSession: number;
  readonly #resolveSlug: ResolveSlug | undefined;
  readonly #createId: () => string;
  readonly #isTabTemplateName: (name: string) => boolean;
  readonly #listeners = new Set<(change: StoreChange) => void>();
  readonly #queue: StoreChange[] = [];
  #emitting = false;
  readonly #state: StoreState = {
    sessions: [],
    home: { tabs: [], focusedTabId: null },
    focusedSessionId: null,
    focusHistory: [],
  };

  /**
   * @param options - templates, caps, the slug hook and the id factory.
   * @throws BridgeError `INVALID_INPUT` when the templates or caps are wrong; the message says what to fix.
   */
  constructor(options: SessionStoreOptions) {
    const { maxSessions, createId, resolveSlug } = options;
    if (typeof maxSessions !== 'number' || !Number.isInteger(maxSessions) || maxSessions < 1) {
      throw invalid('maxSessions must be a whole number of at least 1.');
    }
    if (createId !== undefined && typeof createId !== 'function') throw invalid('createId must be a function.');
    if (resolveSlug !== undefined && typeof resolveSlug !== 'function') {
      throw invalid('resolveSlug must be a function.');
    }
    this.#templates = new TemplateStore(options);
    this.#maxSessions = maxSessions;
    this.#maxTabsPerSession = options.maxTabsPerSession;
    this.#resolveSlug = resolveSlug;
    this.#createId = createId ?? (() => uuidv4());
    this.#isTabTemplateName = (name) => this.#templates.isTabTemplateName(name);
  }

  // -------------------------------------------------------------------------------------------
  // Sessions, as a provider sees them.
  // -------------------------------------------------------------------------------------------

  /**
   * CIF `createSession`. Creates a session from a template with its anchor tab (focused) and the
   * template's other tabs, gives it focus, and returns its id. A call with the same correlationId and
   * the same input as a session of the caller's that is still open is a retry: it returns that id and
   * changes nothing.
   *
   * @param caller - the calling provider, which will own the session.
   * @param input - `{ templateName?, templateTag?, templateParameters?, context? }`, or its JSON text.
   * @param correlationId - the call's correlationId, kept on the session and put on errors.
   * @returns the session id.
   * @throws BridgeError `INVALID_INPUT`, `TEMPLATE_NOT_FOUND` or `SESSION_LIMIT_REACHED`.
   */
  createSession(caller: Caller, input: unknown, correlationId: string): string {
    return withCorrelationId(correlationId, () => {
      const method = 'createSession';
      const { data, json } = parseJsonInput(input, method);
      if (!isJsonObject(data)) throw invalid(`${method}: input must be a JSON object`);

      // Checked before the cap: a retry of a session that exists must not fail because it exists.
      const retried = this.#state.sessions.find(
        (s) => s.provider === caller.provider && s.correlationId === correlationId && s.inputJson === json,
      );
      if (retried !== undefined) return retried.id;

      const name = readOptionalName(data.templateName, 'templateName', method);
      const tag = readOptionalName(data.templateTag, 'templateTag', method);
      if (name === undefined && tag === undefined) throw invalid(`${method}: templateName or templateTag is required`);
      const runtime = this.#readTemplateParameters(data.templateParameters, method);
      const context = readContext(data.context, method);
      const template = this.#templates.sessionTemplate({ name, tag }, caller.templates);
      if (!this.canCreateSession()) {
        throw new BridgeError(
          BridgeErrorCode.SESSION_LIMIT_REACHED,
          'Maximum sessions reached. Close a session before opening another.',
        );
      }

      // Everything is resolved before the state changes, because the slug hook is host code that may
      // throw, and a half-made session must never be left behind. The session's own tabs come with
      // its template, so the caller's template set does not apply to them.
      const tabNames = [template.anchorTab, ...(template.tabs ?? [])];
      const tabs = tabNames.map((tabName, index) =>
        this.#newTab(this.#templates.tabTemplate(tabName), runtime, context, index === 0),
      );
      const title = replaceSlugs(
        template.title,
        [globalTemplateParameters(runtime, this.#isTabTemplateName), context],
        {
          resolveSlug: this.#resolveSlug,
          context,
        },
      );
      const session: SessionRecord = {
        id: this.#createId(),
        templateName: template.name,
        title,
        provider: caller.provider,
        context,
        correlationId,
        inputJson: json,
        newActivity: 0,
        kpiBreach: null,
        focusRequest: null,
        tabs,
        // The anchor tab: a session template always has one, so `tabs` is never empty.
        focusedTabId: tabs[0]?.id ?? null,
      };
      this.#state.sessions.push(session);
      const focusChange = this.#moveFocus(session.id);
      this.#emit({ type: 'sessionCreated', sessionId: session.id }, focusChange);
      return session.id;
    });
  }

  /** CIF `canCreateSession`: false when the open sessions (home excluded) are at the cap. */
  canCreateSession(): boolean {
    return this.#state.sessions.length < this.#maxSessions;
  }

  /**
   * CIF `getSession`: one of the caller's open sessions.
   *
   * @throws BridgeError `SESSION_NOT_FOUND` for an unknown session or another provider's.
   */
  getSession(caller: Caller, sessionId: unknown): SessionInfo {
    const session = this.#ownSession(caller, sessionId, 'getSession');
    return {
      sessionId: session.id,
      focused: this.#state.focusedSessionId === session.id,
      context: structuredClone(session.context),
      title: session.title,
      templateName: session.templateName,
    };
  }

  /** CIF `getFocusedSession`: the focused session's id when it is the caller's, else null (home included). */
  getFocusedSession(caller: Caller): string | null {
    const focused = this.#focusedSession();
    return focused !== undefined && focused.provider === caller.provider ? focused.id : null;
  }

  /** CIF `getAllSessions`: the caller's open sessions, in creation order. */
  getAllSessions(caller: Caller): string[] {
    return this.#state.sessions.filter((s) => s.provider === caller.provider).map((s) => s.id);
  }

  /**
   * CIF `requestFocusSession`: marks an unfocused session of the caller's for the agent's attention.
   * It never switches; on the focused session it does nothing.
   *
   * @param messagesCount - optional number of waiting messages, shown with the marker. Default 0.
   * @throws BridgeError `INVALID_INPUT` or `SESSION_NOT_FOUND`.
   */
  requestFocusSession(caller: Caller, sessionId: unknown, messagesCount?: unknown): void {
    const method = 'requestFocusSession';
    const id = readId(sessionId, 'sessionId', method);
    const count = readOptionalCount(messagesCount, 'messagesCount', method) ?? 0;
    const session = this.#ownSession(caller, id, method);
    if (this.#state.focusedSessionId === session.id) return;
    if (session.focusRequest?.messagesCount === count) return;
    session.focusRequest = { messagesCount: count };
    this.#emit({ type: 'sessionUpdated', sessionId: session.id });
  }

  /**
   * CIF `setSessionTitle`: resolves the session template's title again, with `input`'s values as
   * slug values, then the session's `context`, then the hook. Works on `input.sessionId`, else on the
   * focused session.
   *
   * @param input - `{ sessionId?, ...slugValues }`, or its JSON text.
   * @returns the new title.
   * @throws BridgeError `INVALID_INPUT`, `SESSION_NOT_FOUND` (the given session is not the caller's),
   *   or `SESSION_NOT_OWNED` (no sessionId, and the focused session is home or another provider's).
   */
  setSessionTitle(caller: Caller, input: unknown): string {
    const method = 'setSessionTitle';
    const data = readInputObject(input, method);
    const { sessionId, ...values } = data;
    let session: SessionRecord;
    if (isAbsent(sessionId)) {
      const focused = this.#focusedSession();
      if (focused === undefined || focused.provider !== caller.provider) throw notOwned();
      session = focused;
    } else {
      session = this.#ownSession(caller, readId(sessionId, 'sessionId', method), method);
    }
    const template = this.#templates.sessionTemplate({ name: session.templateName });
    const title = replaceSlugs(template.title, [values, session.context], {
      resolveSlug: this.#resolveSlug,
      context: session.context,
    });
    if (title !== session.title) {
      session.title = title;
      this.#emit({ type: 'sessionUpdated', sessionId: session.id });
    }
    return title;
  }

  /**
   * CIF `notifyNewActivity`: sets the session's unread badge to `count`, or to 0 when `shouldReset`
   * is true (then `count` is not read). Cleared when the session takes focus.
   *
   * @throws BridgeError `INVALID_INPUT` (count negative, fractional or not a number) or `SESSION_NOT_FOUND`.
   */
  notifyNewActivity(caller: Caller, sessionId: unknown, count: unknown, shouldReset?: unknown): void {
    const method = 'notifyNewActivity';
    const id = readId(sessionId, 'sessionId', method);
    const reset = readOptionalBoolean(shouldReset, 'shouldReset', method);
    let next = 0;
    if (!reset) {
      if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
        throw invalid(`${method}: count must be a whole number of 0 or more`);
      }
      next = count;
    }
    const session = this.#ownSession(caller, id, method);
    if (session.newActivity === next) return;
    session.newActivity = next;
    this.#emit({ type: 'sessionUpdated', sessionId: session.id });
  }

  /**
   * CIF `notifyKpiBreach`: marks the session as over a KPI, with optional details, or clears the mark
   * when `shouldReset` is true.
   *
   * @throws BridgeError `INVALID_INPUT` or `SESSION_NOT_FOUND`.
   */
  notifyKpiBreach(caller: Caller, sessionId: unknown, shouldReset?: unknown, details?: unknown): void {
    const method = 'notifyKpiBreach';
    const id = readId(sessionId, 'sessionId', method);
    const reset = readOptionalBoolean(shouldReset, 'shouldReset', method);
    if (!isAbsent(details) && typeof details !== 'string') throw invalid(`${method}: details must be a string`);
    const session = this.#ownSession(caller, id, method);
    const next = reset ? null : { details: details ?? '' };
    if (session.kpiBreach?.details === next?.details) return;
    session.kpiBreach = next;
    this.#emit({ type: 'sessionUpdated', sessionId: session.id });
  }

  // -------------------------------------------------------------------------------------------
  // Tabs, as a provider sees them: always in the focused session, which must be the caller's or home.
  // -------------------------------------------------------------------------------------------

  /**
   * CIF `createTab`: adds a tab made from a tab template to the focused session (or home).
   *
   * @param input - `{ templateName, templateParameters?, isFocused? }`, or its JSON text. `isFocused`
   *   defaults to false.
   * @returns the tab id.
   * @throws BridgeError `INVALID_INPUT`, `TEMPLATE_NOT_FOUND`, `SESSION_NOT_OWNED` or `TAB_LIMIT_REACHED`.
   */
  createTab(caller: Caller, input: unknown): string {
    const method = 'createTab';
    const data = readInputObject(input, method);
    const name = readOptionalName(data.templateName, 'templateName', method);
    if (name === undefined) throw invalid(`${method}: templateName is required`);
    const runtime = this.#readTemplateParameters(data.templateParameters, method);
    const isFocused = readOptionalBoolean(data.isFocused, 'isFocused', method);
    const template = this.#templates.tabTemplate(name, caller.templates);
    const { group, sessionId, context } = this.#ownFocusedGroup(caller);
    if (group.tabs.length >= this.#maxTabsPerSession) {
      throw new BridgeError(
        BridgeErrorCode.TAB_LIMIT_REACHED,
        'Maximum tabs reached. Close a tab in this session before opening another.',
      );
    }
    const tab = this.#newTab(template, runtime, context, false);
    group.tabs.push(tab);
    if (isFocused) group.focusedTabId = tab.id;
    this.#emit({ type: 'tabsChanged', sessionId });
    return tab.id;
  }

  /**
   * CIF `getTabs`: ids of the focused session's tabs made from the tab template `name`, then those
   * whose template carries `tag` (each id once, in tab order within each group). With neither, all tabs.
   *
   * @throws BridgeError `INVALID_INPUT` or `SESSION_NOT_OWNED`.
   */
  getTabs(caller: Caller, name?: unknown, tag?: unknown): string[] {
    const method = 'getTabs';
    const byName = readOptionalName(name, 'name', method);
    const byTag = readOptionalName(tag, 'tag', method);
    const { group } = this.#ownFocusedGroup(caller);
    if (byName === undefined && byTag === undefined) return group.tabs.map((t) => t.id);
    const ids = new Set<string>();
    if (byName !== undefined) {
      for (const tab of group.tabs) if (tab.templateName === byName) ids.add(tab.id);
    }
    if (byTag !== undefined) {
      for (const tab of group.tabs) {
        if (this.#templates.findTabTemplate(tab.templateName)?.tag === byTag) ids.add(tab.id);
      }
    }
    return [...ids];
  }

  /**
   * CIF `focusTab`: focuses a tab of the focused session (or home).
   *
   * @throws BridgeError `INVALID_INPUT`, `SESSION_NOT_OWNED` or `TAB_NOT_FOUND`.
   */
  focusTab(caller: Caller, tabId: unknown): void {
    const id = readId(tabId, 'tabId', 'focusTab');
    const { group, sessionId } = this.#ownFocusedGroup(caller);
    this.#focusTabIn(group, sessionId, id);
  }

  /**
   * CIF `refreshTab`: counts a refresh on the tab, so the view reloads its content.
   *
   * @throws BridgeError `INVALID_INPUT`, `SESSION_NOT_OWNED` or `TAB_NOT_FOUND`.
   */
  refreshTab(caller: Caller, tabId: unknown): void {
    const id = readId(tabId, 'tabId', 'refreshTab');
    const { group, sessionId } = this.#ownFocusedGroup(caller);
    const tab = this.#tabIn(group, id);
    tab.refreshCount += 1;
    this.#emit({ type: 'tabsChanged', sessionId });
  }

  /**
   * CIF `closeTab`: closes a tab of the focused session (or home). The anchor tab, and a tab whose
   * template sets `canClose: false`, can't be closed.
   *
   * @throws BridgeError `INVALID_INPUT`, `SESSION_NOT_OWNED` or `TAB_NOT_FOUND`.
   */
  closeTab(caller: Caller, tabId: unknown): void {
    const method = 'closeTab';
    const id = readId(tabId, 'tabId', method);
    const { group, sessionId } = this.#ownFocusedGroup(caller);
    this.#closeTabIn(group, sessionId, id, method);
  }

  /**
   * CIF `getFocusedTab`: the focused tab of the focused session (or home), or null when none is.
   *
   * @throws BridgeError `SESSION_NOT_OWNED`.
   */
  getFocusedTab(caller: Caller): string | null {
    return this.#ownFocusedGroup(caller).group.focusedTabId;
  }

  /**
   * CIF `setTabTitle`: sets a tab's title to `input.title` when given, else resolves the tab
   * template's title again with `input`'s values as slug values, then the tab's parameters, then the
   * session's `context`, then the hook.
   *
   * @param input - `{ title?, ...slugValues }`, or its JSON text.
   * @returns the new title.
   * @throws BridgeError `INVALID_INPUT`, `SESSION_NOT_OWNED` or `TAB_NOT_FOUND`.
   */
  setTabTitle(caller: Caller, tabId: unknown, input: unknown): string {
    const method = 'setTabTitle';
    const id = readId(tabId, 'tabId', method);
    const data = readInputObject(input, method);
    if (!isAbsent(data.title) && typeof data.title !== 'string') throw invalid(`${method}: title must be a string`);
    const { group, sessionId, context } = this.#ownFocusedGroup(caller);
    const tab = this.#tabIn(group, id);
    let title: string;
    if (typeof data.title === 'string') {
      title = data.title;
    } else {
      const template = this.#templates.tabTemplate(tab.templateName);
      title = replaceSlugs(template.title, [data, tab.parameters, context], {
        resolveSlug: this.#resolveSlug,
        context,
      });
    }
    if (title !== tab.title) {
      tab.title = title;
      this.#emit({ type: 'tabsChanged', sessionId });
    }
    return title;
  }

  // -------------------------------------------------------------------------------------------
  // Notifications.
  // -------------------------------------------------------------------------------------------

  /**
   * Resolves a notification template for CIF `notifyEvent`: the title and field values get their
   * slugs replaced from `templateParameters`, then the hook. Notification templates are shared by all
   * providers; the caller's template set does not limit them.
   *
   * @param caller - the calling provider.
   * @param input - `{ templateName, templateParameters? }`, or its JSON text.
   * @returns what the view shows, with defaults filled in (120 s, "Accept", "Reject").
   * @throws BridgeError `INVALID_INPUT` or `TEMPLATE_NOT_FOUND`.
   */
  resolveNotification(caller: Caller, input: unknown): ResolvedNotification {
    // The caller is taken like every other provider call's, so the wiring stays uniform, and so a
    // per-provider rule can be added later without changing the signature.
    void caller;
    const method = 'notifyEvent';
    const data = readInputObject(input, method);
    const name = readOptionalName(data.templateName, 'templateName', method);
    if (name === undefined) throw invalid(`${method}: templateName is required`);
    const values = this.#readTemplateParameters(data.templateParameters, method);
    const template = this.#templates.notificationTemplate(name);
    const slugOptions = { resolveSlug: this.#resolveSlug, context: {} };
    const resolve = (text: string): string => replaceSlugs(text, [values], slugOptions);
    return {
      templateName: template.name,
      title: resolve(template.title),
      fields: Object.entries(template.fields ?? {}).map(([label, value]) => ({ label, value: resolve(value) })),
      timeoutSeconds: template.timeoutSeconds ?? DEFAULT_NOTIFICATION_TIMEOUT_SECONDS,
      acceptLabel: template.acceptLabel ?? 'Accept',
      rejectLabel: template.rejectLabel ?? 'Reject',
    };
  }

  // -------------------------------------------------------------------------------------------
  // Agent actions: the host UI and API. No ownership check; only the agent switches and closes.
  // -------------------------------------------------------------------------------------------

  /**
   * Gives focus to a session, or to home with `null`. Clears the session's activity badge and focus
   * request. Focusing the focused session does nothing.
   *
   * @throws BridgeError `SESSION_NOT_FOUND`.
   */
  focusSession(sessionId: string | null): void {
    if (sessionId !== null) this.#session(sessionId);
    if (this.#state.focusedSessionId === sessionId) return;
    this.#emit(this.#moveFocus(sessionId));
  }

  /**
   * Closes a session. When it had focus, focus goes to the most recently focused open session, else
   * home; `sessionClosed` is emitted first, then `sessionFocused` with `previous: null`.
   *
   * @throws BridgeError `SESSION_NOT_FOUND` (home can't be closed: it has no id).
   */
  closeSession(sessionId: string): void {
    const session = this.#session(sessionId);
    const state = this.#state;
    state.sessions = state.sessions.filter((s) => s !== session);
    state.focusHistory = state.focusHistory.filter((id) => id !== session.id);
    const changes: StoreChange[] = [
      { type: 'sessionClosed', sessionId: session.id, provider: session.provider, context: session.context },
    ];
    if (state.focusedSessionId === session.id) {
      // Cleared first, so the focus change names no previous session: the closed session is gone,
      // and its owner hears about it through sessionClosed rather than a switch.
      state.focusedSessionId = null;
      changes.push(this.#moveFocus(state.focusHistory.at(-1) ?? null));
    }
    this.#emit(...changes);
  }

  /**
   * Focuses a tab of any session, or of home with `null`. It does not switch sessions.
   *
   * @throws BridgeError `SESSION_NOT_FOUND` or `TAB_NOT_FOUND`.
   */
  agentFocusTab(sessionId: string | null, tabId: string): void {
    const group = sessionId === null ? this.#state.home : this.#session(sessionId);
    this.#focusTabIn(group, sessionId, tabId);
  }

  /**
   * Closes a tab of any session, or of home with `null`. The anchor tab, and a tab whose template
   * sets `canClose: false`, can't be closed.
   *
   * @throws BridgeError `SESSION_NOT_FOUND`, `TAB_NOT_FOUND` or `INVALID_INPUT`.
   */
  agentCloseTab(sessionId: string | null, tabId: string): void {
    const group = sessionId === null ? this.#state.home : this.#session(sessionId);
    this.#closeTabIn(group, sessionId, tabId, 'agentCloseTab');
  }

  // -------------------------------------------------------------------------------------------
  // Views. Every view returns fresh copies, so a caller can't change the state through them.
  // -------------------------------------------------------------------------------------------

  /** Every open session in creation order, home excluded, as plain data. */
  snapshot(): SessionSnapshot[] {
    return this.#state.sessions.map((s) => this.#sessionSnapshot(s));
  }

  /** Home: whether it has focus, and its tabs. */
  home(): { focused: boolean; tabs: TabSnapshot[] } {
    const { home } = this.#state;
    return { focused: this.#state.focusedSessionId === null, tabs: home.tabs.map((t) => tabSnapshot(t, home)) };
  }

  /** One open session as plain data, or undefined when no open session has that id. */
  get(sessionId: string): SessionSnapshot | undefined {
    const session = this.#state.sessions.find((s) => s.id === sessionId);
    return session === undefined ? undefined : this.#sessionSnapshot(session);
  }

  /**
   * The whole state as plain JSON data (sessions, tabs, focus, owners, badges, home's tabs), for
   * `createHost({ persist })`. Read it back with {@link restore}.
   */
  toJSON(): PersistedSessions {
    return { version: PERSIST_VERSION, state: structuredClone(this.#state) as unknown as JsonValue };
  }

  /**
   * Replaces the state with what {@link toJSON} wrote, treating `data` as untrusted: a session or tab
   * whose fields are missing, mistyped or too long, whose template no longer exists, or whose id is
   * taken, is dropped (a session whose anchor tab is dropped goes with it), keys that could reach a
   * prototype are removed, the caps are applied, and focus falls back to home. Emits no change, so
   * call it before anything renders the store.
   *
   * @param data - the parsed JSON of a {@link PersistedSessions}.
   * @returns how many stored sessions were restored, and how many were dropped.
   */
  restore(data: unknown): { restored: number; dropped: number } {
    const state = isJsonObject(data) && data.version === PERSIST_VERSION && isJsonObject(data.state) ? data.state : {};
    const stored = Array.isArray(state.sessions) ? state.sessions : [];
    const ids = new Set<string>();
    const sessions: SessionRecord[] = [];
    for (const item of stored) {
      const session = sessions.length < this.#maxSessions ? this.#restoreSession(item, ids) : undefined;
      if (session !== undefined) sessions.push(session);
    }
    const open = sessions.map((s) => s.id);
    const focusedSessionId =
      typeof state.focusedSessionId === 'string' && open.includes(state.focusedSessionId)
        ? state.focusedSessionId
        : null;
    const history = Array.isArray(state.focusHistory)
      ? state.focusHistory.filter((id) => open.includes(id as string))
      : [];
    // Least recently focused first, and the focused session last, as #moveFocus keeps it.
    const order = [...new Set([...open.filter((id) => !history.includes(id)), ...(history as string[])])];
    Object.assign(this.#state, {
      sessions,
      home: this.#restoreGroup(state.home, false, ids) ?? { tabs: [], focusedTabId: null },
      focusedSessionId,
      focusHistory:
        focusedSessionId === null ? order : [...order.filter((id) => id !== focusedSessionId), focusedSessionId],
    });
    return { restored: sessions.length, dropped: stored.length - sessions.length };
  }

  /**
   * Subscribes to changes. Every listener gets the same frozen copy of each change. A listener that
   * throws is logged and skipped; the store and the other listeners carry on.
   *
   * @returns a function that unsubscribes; calling it twice is safe.
   */
  onChange(listener: (change: StoreChange) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  // -------------------------------------------------------------------------------------------
  // Internals.
  // -------------------------------------------------------------------------------------------

  #readTemplateParameters(value: unknown, method: string): TemplateParameters {
    if (isAbsent(value)) return {};
    if (!isJsonObject(value)) throw invalid(`${method}: templateParameters must be a JSON object`);
    for (const [key, member] of Object.entries(value)) {
      checkParameterValue(member, `templateParameters.${key}`, method);
      // A tab template's own values are parameter values too, so they are held to the same rule.
      if (this.#isTabTemplateName(key) && isJsonObject(member)) {
        for (const [inner, innerValue] of Object.entries(member)) {
          checkParameterValue(innerValue, `templateParameters.${key}.${inner}`, method);
        }
      }
    }
    // Every member was checked above; JsonObject can't say so by itself.
    return value as TemplateParameters;
  }

  #restoreSession(value: unknown, ids: Set<string>): SessionRecord | undefined {
    if (!isJsonObject(value)) return undefined;
    const { id, templateName, title, provider, correlationId, inputJson, newActivity, kpiBreach, focusRequest } = value;
    const context = storedObject(value.context);
    let known = false;
    try {
      known =
        typeof templateName === 'string' &&
        this.#templates.sessionTemplate({ name: templateName }).name === templateName;
    } catch {
      // An unknown template: the host's configuration changed since the state was stored.
    }
    const validBreach = kpiBreach === null || (isJsonObject(kpiBreach) && isStoredText(kpiBreach.details));
    const validRequest =
      focusRequest === null || (isJsonObject(focusRequest) && isStoredCount(focusRequest.messagesCount));
    if (
      !isStoredId(id) ||
      ids.has(id) ||
      !known ||
      !isStoredText(title) ||
      !isStoredId(provider) ||
      !isStoredId(correlationId) ||
      !isStoredText(inputJson) ||
      !isStoredCount(newActivity) ||
      context === undefined ||
      !validBreach ||
      !validRequest
    ) {
      return undefined;
    }
    ids.add(id);
    const group = this.#restoreGroup(value, true, ids);
    if (group === undefined) return undefined;
    return {
      id,
      templateName: templateName as string,
      title,
      provider,
      context,
      correlationId,
      inputJson,
      newActivity,
      kpiBreach: kpiBreach === null ? null : { details: (kpiBreach as { details: string }).details },
      focusRequest:
        focusRequest === null ? null : { messagesCount: (focusRequest as { messagesCount: number }).messagesCount },
      ...group,
    };
  }

  /** A stored session's (or home's) tabs; undefined when a session's anchor tab is not valid. */
  #restoreGroup(value: unknown, inSession: boolean, ids: Set<string>): TabGroup | undefined {
    if (!isJsonObject(value) || !Array.isArray(value.tabs)) return undefined;
    const tabs: TabRecord[] = [];
    for (const [index, item] of value.tabs.entries()) {
      const anchor = inSession && index === 0;
      const tab = tabs.length < this.#maxTabsPerSession ? this.#restoreTab(item, anchor, ids) : undefined;
      if (tab !== undefined) tabs.push(tab);
      else if (anchor) return undefined;
    }
    if (inSession && tabs.length === 0) return undefined;
    const focused = tabs.find((t) => t.id === value.focusedTabId) ?? (inSession ? tabs[0] : undefined);
    return { tabs, focusedTabId: focused?.id ?? null };
  }

  #restoreTab(value: unknown, anchor: boolean, ids: Set<string>): TabRecord | undefined {
    if (!isJsonObject(value)) return undefined;
    const { id, title, refreshCount } = value;
    const template =
      typeof value.templateName === 'string' ? this.#templates.findTabTemplate(value.templateName) : undefined;
    const parameters = storedObject(value.parameters);
    if (
      !isStoredId(id) ||
      ids.has(id) ||
      template === undefined ||
      !isStoredText(title) ||
      !isStoredCount(refreshCount) ||
      value.anchor !== anchor ||
      parameters === undefined ||
      !Object.values(parameters).every(isParameterValue)
    ) {
      return undefined;
    }
    ids.add(id);
    // Type and closability come from the template, not from storage.
    return {
      id,
      templateName: template.name,
      type: template.type,
      title,
      anchor,
      canClose: !anchor && template.canClose !== false,
      parameters: parameters as TemplateParameters,
      refreshCount,
    };
  }

  #newTab(template: TabTemplate, runtime: TemplateParameters, context: JsonObject, anchor: boolean): TabRecord {
    const slugOptions = { resolveSlug: this.#resolveSlug, context };
    const parameters = resolveTemplateParameters(template, runtime, {
      ...slugOptions,
      isTabTemplateName: this.#isTabTemplateName,
    });
    const globals = globalTemplateParameters(runtime, this.#isTabTemplateName);
    return {
      id: this.#createId(),
      templateName: template.name,
      type: template.type,
      title: replaceSlugs(template.title, [parameters, globals, context], slugOptions),
      anchor,
      canClose: !anchor && template.canClose !== false,
      parameters,
      refreshCount: 0,
    };
  }

  #session(sessionId: string): SessionRecord {
    const session = this.#state.sessions.find((s) => s.id === sessionId);
    if (session === undefined) throw sessionNotFound(String(sessionId));
    return session;
  }

  /** The caller's session, or SESSION_NOT_FOUND with the same text whether it is unknown or not theirs. */
  #ownSession(caller: Caller, sessionId: unknown, method: string): SessionRecord {
    const id = readId(sessionId, 'sessionId', method);
    const session = this.#state.sessions.find((s) => s.id === id && s.provider === caller.provider);
    if (session === undefined) throw sessionNotFound(id);
    return session;
  }

  #focusedSession(): SessionRecord | undefined {
    const { focusedSessionId } = this.#state;
    return focusedSessionId === null ? undefined : this.#session(focusedSessionId);
  }

  /** The focused session's tabs when it is the caller's, or home's; else SESSION_NOT_OWNED. */
  #ownFocusedGroup(caller: Caller): { group: TabGroup; sessionId: string | null; context: JsonObject } {
    const focused = this.#focusedSession();
    if (focused === undefined) return { group: this.#state.home, sessionId: null, context: {} };
    if (focused.provider !== caller.provider) throw notOwned();
    return { group: focused, sessionId: focused.id, context: focused.context };
  }

  #tabIn(group: TabGroup, tabId: string): TabRecord {
    const tab = group.tabs.find((t) => t.id === tabId);
    if (tab === undefined) throw tabNotFound(String(tabId));
    return tab;
  }

  #focusTabIn(group: TabGroup, sessionId: string | null, tabId: string): void {
    const tab = this.#tabIn(group, tabId);
    if (group.focusedTabId === tab.id) return;
    group.focusedTabId = tab.id;
    this.#emit({ type: 'tabsChanged', sessionId });
  }

  #closeTabIn(group: TabGroup, sessionId: string | null, tabId: string, method: string): void {
    const tab = this.#tabIn(group, tabId);
    if (tab.anchor) throw invalid(`${method}: the anchor tab can't be closed`);
    if (!tab.canClose) {
      throw invalid(
        `${method}: tab ${tab.id} can't be closed, because its template "${tab.templateName}" sets canClose: false`,
      );
    }
    const index = group.tabs.indexOf(tab);
    group.tabs.splice(index, 1);
    if (group.focusedTabId === tab.id) {
      // The tab to its left takes focus (in a session, at worst the anchor tab); in home, which has no
      // anchor, the tab to its right when it was first, else none.
      group.focusedTabId = (group.tabs[index - 1] ?? group.tabs[index])?.id ?? null;
    }
    this.#emit({ type: 'tabsChanged', sessionId });
  }

  #focusTarget(sessionId: string | null): FocusTarget | null {
    if (sessionId === null) return null;
    const session = this.#session(sessionId);
    return { sessionId: session.id, provider: session.provider, context: session.context };
  }

  /**
   * Moves focus to a session (or home) and clears the new session's badges. Returns the change for
   * the caller to emit once the rest of its state change is done.
   */
  #moveFocus(sessionId: string | null): SessionFocusedChange {
    const state = this.#state;
    const previous = this.#focusTarget(state.focusedSessionId);
    state.focusedSessionId = sessionId;
    if (sessionId !== null) {
      const session = this.#session(sessionId);
      session.newActivity = 0;
      session.focusRequest = null;
      state.focusHistory = [...state.focusHistory.filter((id) => id !== sessionId), sessionId];
    }
    return { type: 'sessionFocused', previous, current: this.#focusTarget(sessionId) };
  }

  #sessionSnapshot(session: SessionRecord): SessionSnapshot {
    return {
      id: session.id,
      title: session.title,
      templateName: session.templateName,
      provider: session.provider,
      focused: this.#state.focusedSessionId === session.id,
      context: structuredClone(session.context),
      correlationId: session.correlationId,
      newActivity: session.newActivity,
      kpiBreach: session.kpiBreach === null ? null : { ...session.kpiBreach },
      focusRequest: session.focusRequest === null ? null : { ...session.focusRequest },
      tabs: session.tabs.map((t) => tabSnapshot(t, session)),
    };
  }

  /**
   * Queues changes and, unless a drain is already running further up the stack, delivers them. A
   * listener that changes the store re-enters here; its changes wait behind the ones being delivered,
   * so order is kept. Each change is copied once, when it is queued (it may point into the state,
   * e.g. a session's `context`), and frozen, so every listener is handed the same object and none
   * can change what the next one sees, or the state. One clone per change instead of one per change
   * and listener (bench/analysis.md, createSession on a headless host).
   */
  #emit(...changes: StoreChange[]): void {
    for (const change of changes) this.#queue.push(this.#freeze(structuredClone(change)));
    if (this.#emitting) return;
    this.#emitting = true;
    try {
      for (let change = this.#queue.shift(); change !== undefined; change = this.#queue.shift()) {
        for (const listener of [...this.#listeners]) {
          try {
            listener(change);
          } catch (error) {
            // A broken view must not break the model or the other listeners; log it where people look.
            console.error('cif-bridge: a SessionStore change listener threw', error);
          }
        }
      }
    } finally {
      this.#emitting = false;
    }
  }

  /** Freezes a change's plain data all the way down; it is JSON data, so it has no cycles. */
  #freeze<T>(value: T): T {
    if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) this.#freeze((value as Record<string, unknown>)[key]);
      Object.freeze(value);
    }
    return value;
  }
}
