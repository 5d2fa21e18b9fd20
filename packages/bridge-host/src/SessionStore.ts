import {
  BridgeError,
  BridgeErrorCode,
  MAX_INPUT_LENGTH,
  createId as createUuid,
  type JsonValue,
  type SessionInfo,
  type TemplateParameters,
  type TemplateParameterValue,
} from '@cif-bridge/protocol';
import { dropForbiddenKeys, parseJsonInput } from './parseJsonInput.js';
import { replaceSlugs, type SlugValues } from './replaceSlugs.js';
import { globalTemplateParameters, resolveTemplateParameters } from './resolveTemplateParameters.js';
import { parseUrl, urlRefusal } from './resolveTabUrl.js';
import { TemplateStore } from './TemplateStore.js';
import type {
  NotificationTemplate,
  ResolveSlug,
  SessionSnapshot,
  SessionTemplate,
  TabSnapshot,
  TabTemplate,
} from './types.js';
import { isJsonObject, isParameterValue, isString, PARAMETER_VALUE, type JsonObject } from './guards.js';
import { invalidInput } from './invalidInput.js';
import { MAX_ID_LENGTH, MAX_KPI_DETAILS_LENGTH, MAX_NAME_LENGTH, MAX_TITLE_LENGTH, tooLong } from './limits.js';

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
  /** Cap on open sessions, home excluded; `createHost` checks it is a positive whole number. */
  maxSessions: number;
  /** Cap on tabs per session (and on home's tabs), anchor tab included. */
  maxTabsPerSession: number;
  /** Hook for slugs that need a CRM, such as `{anchor.fullname}`; without it they stay as written. */
  resolveSlug?: ResolveSlug;
  /** Makes session and tab ids. Default uuid v4; tests pass a counter for readable ids. */
  createId?: () => string;
  /**
   * The host page's origin (`location.origin`): `webresource` tabs may load URLs on it only, and
   * relative tab URLs resolve against it. The model has no DOM, so the host passes it in.
   */
  origin: string;
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
// Argument readers. Arguments come off the wire as `unknown`; each check names the field and what it
// must be. The method name is not repeated here: createProviderApi puts it in front of every
// `INVALID_INPUT` message of a call. `undefined` and `null` both mean "not given" for optional
// arguments, because JSON has no undefined.
// ---------------------------------------------------------------------------------------------

const DEFAULT_NOTIFICATION_TIMEOUT_SECONDS = 120;

function sessionNotFound(sessionId: string): BridgeError {
  // CIF's wording, with no space after the colon (CIF-BEHAVIOUR.md).
  return new BridgeError(BridgeErrorCode.SESSION_NOT_FOUND, `Session with ID:${sessionId} does not exist`);
}

function notOwned(): BridgeError {
  return new BridgeError(BridgeErrorCode.SESSION_NOT_OWNED, 'Focused session does not belong to the provider');
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isAbsent = (value: unknown): value is undefined | null => value === undefined || value === null;

/** A type test, and what a field that fails it must be, as the error says. */
type Rule<T> = readonly [test: (value: unknown) => value is T, expected: string];

const STRING: Rule<string> = [isString, 'a string'];
const BOOLEAN: Rule<boolean> = [(value): value is boolean => typeof value === 'boolean', 'true or false'];
const COUNT: Rule<number> = [isCount, 'a whole number of 0 or more'];
const OBJECT: Rule<JsonObject> = [isJsonObject, 'a JSON object'];
const PARAMETER: Rule<TemplateParameterValue> = [isParameterValue, PARAMETER_VALUE];

/** `value` when it passes `rule`; else `INVALID_INPUT` "<field> must be <expected>". */
function read<T>(value: unknown, field: string, [test, expected]: Rule<T>): T {
  if (!test(value)) throw invalidInput(`${field} must be ${expected}`);
  return value;
}

/** Like {@link read}, with `fallback` for a value that is not given. */
function readOptional<T, F>(value: unknown, field: string, rule: Rule<T>, fallback: F): T | F {
  return isAbsent(value) ? fallback : read(value, field, rule);
}

/** A string of at most `max` characters; over it, the error names the cap and says what to do. */
function readCapped(value: unknown, field: string, max: number, advice: string): string {
  const text = read(value, field, STRING);
  if (text.length > max) throw invalidInput(tooLong(field, text.length, max, advice));
  return text;
}

/** A session or tab id, which the host made, so one over {@link MAX_ID_LENGTH} can only be wrong. */
function readId(value: unknown, field: string): string {
  return readCapped(value, field, MAX_ID_LENGTH, 'Pass the id the host gave you.');
}

/** An optional name: absent or empty means not given, as widgets send `templateTag: ""`. */
function readName(value: unknown, field: string): string | undefined {
  if (value === '' || isAbsent(value)) return undefined;
  return readCapped(value, field, MAX_NAME_LENGTH, 'Send a shorter name.');
}

/** A wire input that must be a JSON object, with its canonical JSON text. */
function readInputObject(input: unknown): { data: JsonObject; json: string } {
  const { data, json } = parseJsonInput(input);
  return { data: read(data, 'input', OBJECT), json };
}

// ---------------------------------------------------------------------------------------------
// Readers of persisted state. Storage is written by this code, but anything in the page (or a
// browser extension) can change it, so it is read back as untrusted data: a record that is not
// exactly what this store writes is dropped, never half-used.
// ---------------------------------------------------------------------------------------------

/** Version of {@link PersistedSessions}; data of another version is ignored. */
const PERSIST_VERSION = 1;

const isStoredId = (value: unknown): value is string => isString(value) && value.length > 0 && value.length <= 200;
const isStoredText = (value: unknown): value is string => isString(value) && value.length <= 2 * MAX_INPUT_LENGTH;

/** Tests of a stored record's fields, by name. */
type FieldTests = { [field: string]: (value: unknown) => boolean };

/** Null, or an object holding exactly one field, which passes `test` (a KPI mark, a focus request). */
const storedPair =
  (field: string, test: (value: unknown) => boolean) =>
  (value: unknown): boolean =>
    value === null || (isJsonObject(value) && Object.keys(value).join() === field && test(value[field]));

/** The fields of a stored session that are checked alone; its template, tabs and focus are read apart. */
const storedSessionFields: FieldTests = {
  title: isStoredText,
  provider: isStoredId,
  context: isJsonObject,
  correlationId: isStoredId,
  inputJson: isStoredText,
  newActivity: isCount,
  kpiBreach: storedPair('details', isStoredText),
  focusRequest: storedPair('messagesCount', isCount),
};

/** The fields of `value` that `tests` names, when every one passes its test; else undefined. */
function pickStored(value: unknown, tests: FieldTests): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  const picked: JsonObject = {};
  for (const [field, test] of Object.entries(tests)) {
    if (!test(value[field])) return undefined;
    picked[field] = value[field] as JsonValue;
  }
  return picked;
}

/**
 * Whether a stored tab's `url` is one its template could have made: a template with a string `url`
 * needs a stored URL in normal form that passes the template's rules; a template without one gives
 * no URL at all. Storage can be written by anything in the page, so this is checked like widget input.
 */
function storedUrlFits(template: TabTemplate | undefined, url: unknown, origin: string): boolean {
  const configured = template?.parameters.url;
  if (template === undefined || typeof configured !== 'string') return typeof url !== 'string';
  const parsed = isString(url) ? parseUrl(url, origin) : undefined;
  return (
    parsed !== undefined &&
    parsed.href === url &&
    urlRefusal(parsed, template.type, origin, template.allowedPathPrefix) === undefined
  );
}

/** A group's tabs as snapshots; not copied, so the caller clones the whole view once. */
function tabSnapshots(group: TabGroup): TabSnapshot[] {
  return group.tabs.map((tab) => ({ ...tab, focused: group.focusedTabId === tab.id }));
}

/**
 * The host's model of sessions and tabs: which exist, who owns them, which has focus, their badges,
 * and the caps. Plain TypeScript with no DOM, timers or messaging, so it runs in unit tests; the host
 * wires widget calls to its methods and renders its {@link StoreChange}s.
 *
 * Caller-facing methods take the {@link Caller} first and then the CIF arguments as `unknown`,
 * because they come off the wire; each is checked and a wrong one gives `INVALID_INPUT` naming the
 * field (createProviderApi adds the method's name). Agent actions (`focusSession`, `closeSession`,
 * `agentFocusTab`, `agentCloseTab`) are for the host's UI and API and skip the ownership check. The
 * rules follow CIF-BEHAVIOUR.md.
 *
 * Changes are emitted synchronously once the state is consistent. A change made by a listener is
 * emitted after the ones already queued, so every listener sees changes in the order they happened.
 */
export class SessionStore {
  readonly #templates: TemplateStore;
  readonly #maxSessions: number;
  readonly #maxTabsPerSession: number;
  readonly #createId: () => string;
  readonly #isTabTemplateName: (name: string) => boolean;
  readonly #resolveSlug: ResolveSlug | undefined;
  readonly #origin: string;
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
   * @throws BridgeError `INVALID_INPUT` when the templates or the hook are wrong; the message says what to fix.
   */
  constructor(options: SessionStoreOptions) {
    const { resolveSlug } = options;
    // The caps are checked by createHost; this is the only check of the page's hook.
    if (resolveSlug !== undefined && typeof resolveSlug !== 'function')
      throw invalidInput('resolveSlug must be a function.');
    if (typeof options.origin !== 'string') throw invalidInput("origin must be the host page's origin.");
    this.#templates = new TemplateStore(options);
    this.#origin = options.origin;
    this.#maxSessions = options.maxSessions;
    this.#maxTabsPerSession = options.maxTabsPerSession;
    this.#resolveSlug = resolveSlug;
    this.#createId = options.createId ?? createUuid;
    // In `templateParameters`, a tab template's name whose value is an object holds that tab's values only.
    this.#isTabTemplateName = (name) => this.#templates.findTabTemplate(name) !== undefined;
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
   * @param correlationId - the call's correlationId, kept on the session (createProviderApi puts it
   *   on errors).
   * @returns the session id.
   * @throws BridgeError `INVALID_INPUT`, `TEMPLATE_NOT_FOUND` or `SESSION_LIMIT_REACHED`.
   */
  createSession(caller: Caller, input: unknown, correlationId: string): string {
    const { data, json } = readInputObject(input);

    // Checked before the cap: a retry of a session that exists must not fail because it exists.
    const retried = this.#state.sessions.find(
      (s) => s.provider === caller.provider && s.correlationId === correlationId && s.inputJson === json,
    );
    if (retried !== undefined) return retried.id;

    const name = readName(data.templateName, 'templateName');
    const tag = readName(data.templateTag, 'templateTag');
    if (name === undefined && tag === undefined) throw invalidInput('templateName or templateTag is required');
    const runtime = this.#readTabParameters(data.templateParameters);
    const context = readOptional(data.context, 'context', OBJECT, {});
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
    const tabs = [template.anchorTab, ...(template.tabs ?? [])].map((tabName, index) =>
      this.#newTab(this.#templates.tabTemplate(tabName), runtime, context, index === 0),
    );
    const session: SessionRecord = {
      id: this.#createId(),
      templateName: template.name,
      title: this.#replaceSlugs(template.title, [globalTemplateParameters(runtime, this.#isTabTemplateName)], context),
      provider: caller.provider,
      context,
      correlationId,
      inputJson: json,
      newActivity: 0,
      kpiBreach: null,
      focusRequest: null,
      tabs,
      // The anchor tab: a session template always has one.
      focusedTabId: (tabs[0] as TabRecord).id,
    };
    this.#state.sessions.push(session);
    this.#emit({ type: 'sessionCreated', sessionId: session.id }, this.#moveFocus(session.id));
    return session.id;
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
    const session = this.#ownSession(caller, sessionId);
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
    return focused?.provider === caller.provider ? focused.id : null;
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
    const id = readId(sessionId, 'sessionId');
    const count = readOptional(messagesCount, 'messagesCount', COUNT, 0);
    const session = this.#ownSession(caller, id);
    if (this.#state.focusedSessionId !== session.id) this.#update(session, 'focusRequest', { messagesCount: count });
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
    const { sessionId, ...values } = readInputObject(input).data;
    let session = this.#focusedSession();
    if (!isAbsent(sessionId)) session = this.#ownSession(caller, sessionId);
    else if (session?.provider !== caller.provider) throw notOwned();
    const template = this.#templates.sessionTemplate({ name: session.templateName });
    const title = this.#replaceSlugs(template.title, [values], session.context);
    this.#update(session, 'title', title);
    return title;
  }

  /**
   * CIF `notifyNewActivity`: sets the session's unread badge to `count`, or to 0 when `shouldReset`
   * is true (then `count` is not read). Cleared when the session takes focus.
   *
   * @throws BridgeError `INVALID_INPUT` (count negative, fractional or not a number) or `SESSION_NOT_FOUND`.
   */
  notifyNewActivity(caller: Caller, sessionId: unknown, count: unknown, shouldReset?: unknown): void {
    const id = readId(sessionId, 'sessionId');
    const next = readOptional(shouldReset, 'shouldReset', BOOLEAN, false) ? 0 : read(count, 'count', COUNT);
    this.#update(this.#ownSession(caller, id), 'newActivity', next);
  }

  /**
   * CIF `notifyKpiBreach`: `flag` true or omitted marks the session as over a KPI, with optional
   * details; false clears the mark (as CIF's documentation text says, though it names the flag `shouldReset`).
   *
   * @throws BridgeError `INVALID_INPUT` or `SESSION_NOT_FOUND`.
   */
  notifyKpiBreach(caller: Caller, sessionId: unknown, flag?: unknown, details?: unknown): void {
    const id = readId(sessionId, 'sessionId');
    const reset = !readOptional(flag, 'flag', BOOLEAN, true);
    const text = isAbsent(details)
      ? ''
      : readCapped(details, 'details', MAX_KPI_DETAILS_LENGTH, 'Send shorter details.');
    this.#update(this.#ownSession(caller, id), 'kpiBreach', reset ? null : { details: text });
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
    const { data } = readInputObject(input);
    const name = this.#requiredName(data);
    const runtime = this.#readTabParameters(data.templateParameters);
    const isFocused = readOptional(data.isFocused, 'isFocused', BOOLEAN, false);
    const template = this.#templates.tabTemplate(name, caller.templates);
    const [group, sessionId, context] = this.#ownFocusedGroup(caller);
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
    const byName = readName(name, 'name');
    const byTag = readName(tag, 'tag');
    const [group] = this.#ownFocusedGroup(caller);
    const all = byName === undefined && byTag === undefined;
    const ids = (test: (tab: TabRecord) => boolean): string[] => group.tabs.filter(test).map((t) => t.id);
    return [
      ...new Set([
        ...ids((tab) => all || tab.templateName === byName),
        ...ids((tab) => byTag !== undefined && this.#templates.findTabTemplate(tab.templateName)?.tag === byTag),
      ]),
    ];
  }

  /**
   * CIF `focusTab`: focuses a tab of the focused session (or home).
   *
   * @throws BridgeError `INVALID_INPUT`, `SESSION_NOT_OWNED` or `TAB_NOT_FOUND`.
   */
  focusTab(caller: Caller, tabId: unknown): void {
    const id = readId(tabId, 'tabId');
    const [group, sessionId] = this.#ownFocusedGroup(caller);
    this.#focusTabIn(group, sessionId, id);
  }

  /**
   * CIF `refreshTab`: counts a refresh on the tab, so the view reloads its content.
   *
   * @throws BridgeError `INVALID_INPUT`, `SESSION_NOT_OWNED` or `TAB_NOT_FOUND`.
   */
  refreshTab(caller: Caller, tabId: unknown): void {
    const id = readId(tabId, 'tabId');
    const [group, sessionId] = this.#ownFocusedGroup(caller);
    this.#tabIn(group, id).refreshCount += 1;
    this.#emit({ type: 'tabsChanged', sessionId });
  }

  /**
   * CIF `closeTab`: closes a tab of the focused session (or home). The anchor tab, and a tab whose
   * template sets `canClose: false`, can't be closed.
   *
   * @throws BridgeError `INVALID_INPUT`, `SESSION_NOT_OWNED` or `TAB_NOT_FOUND`.
   */
  closeTab(caller: Caller, tabId: unknown): void {
    const id = readId(tabId, 'tabId');
    const [group, sessionId] = this.#ownFocusedGroup(caller);
    this.#closeTabIn(group, sessionId, id);
  }

  /**
   * CIF `getFocusedTab`: the focused tab of the focused session (or home), or null when none is.
   *
   * @throws BridgeError `SESSION_NOT_OWNED`.
   */
  getFocusedTab(caller: Caller): string | null {
    return this.#ownFocusedGroup(caller)[0].focusedTabId;
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
    const id = readId(tabId, 'tabId');
    const { title: rawTitle, ...values } = readInputObject(input).data;
    const given = isAbsent(rawTitle)
      ? undefined
      : readCapped(rawTitle, 'title', MAX_TITLE_LENGTH, 'Send a shorter title.');
    const [group, sessionId, context] = this.#ownFocusedGroup(caller);
    const tab = this.#tabIn(group, id);
    const template = this.#templates.tabTemplate(tab.templateName);
    const title = given ?? this.#replaceSlugs(template.title, [values, tab.parameters], context);
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
    const { data } = readInputObject(input);
    const name = this.#requiredName(data);
    const values = this.#readTemplateParameters(data.templateParameters);
    const template = this.#templates.notificationTemplate(name);
    const resolve = (text: string): string => this.#replaceSlugs(text, [values], {});
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
    if (this.#state.focusedSessionId !== sessionId) this.#emit(this.#moveFocus(sessionId));
  }

  /**
   * Closes a session. When it had focus, focus goes to the most recently focused open session, else
   * home; `sessionClosed` is emitted first, then `sessionFocused` with `previous: null`.
   *
   * @throws BridgeError `SESSION_NOT_FOUND` (home can't be closed: it has no id).
   */
  closeSession(sessionId: string): void {
    const { id, provider, context } = this.#session(sessionId);
    const state = this.#state;
    state.sessions = state.sessions.filter((s) => s.id !== id);
    state.focusHistory = state.focusHistory.filter((h) => h !== id);
    const changes: StoreChange[] = [{ type: 'sessionClosed', sessionId: id, provider, context }];
    if (state.focusedSessionId === id) {
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
    this.#focusTabIn(this.#group(sessionId), sessionId, tabId);
  }

  /**
   * Closes a tab of any session, or of home with `null`. The anchor tab, and a tab whose template
   * sets `canClose: false`, can't be closed.
   *
   * @throws BridgeError `SESSION_NOT_FOUND`, `TAB_NOT_FOUND` or `INVALID_INPUT`.
   */
  agentCloseTab(sessionId: string | null, tabId: string): void {
    this.#closeTabIn(this.#group(sessionId), sessionId, tabId);
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
    return { focused: this.#state.focusedSessionId === null, tabs: structuredClone(tabSnapshots(this.#state.home)) };
  }

  /** One open session as plain data, or undefined when no open session has that id. */
  get(sessionId: string): SessionSnapshot | undefined {
    const session = this.#state.sessions.find((s) => s.id === sessionId);
    return session && this.#sessionSnapshot(session);
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
    // One fresh copy of it all, with prototype-reaching keys dropped at every depth; data that is not
    // JSON (a cycle, a BigInt) reads as nothing stored.
    let copy: unknown;
    try {
      copy = JSON.parse(JSON.stringify(data), dropForbiddenKeys);
    } catch {
      copy = undefined;
    }
    const state = isJsonObject(copy) && copy.version === PERSIST_VERSION && isJsonObject(copy.state) ? copy.state : {};
    const stored = Array.isArray(state.sessions) ? state.sessions : [];
    const ids = new Set<string>();
    const sessionFields: FieldTests = {
      id: (id) => isStoredId(id) && !ids.has(id),
      templateName: (name) => {
        try {
          return this.#templates.sessionTemplate({ name: String(name) }).name === name;
        } catch {
          // An unknown template: the host's configuration changed since the state was stored.
          return false;
        }
      },
      ...storedSessionFields,
    };
    const sessions: SessionRecord[] = [];
    for (const item of stored) {
      const fields = sessions.length < this.#maxSessions ? pickStored(item, sessionFields) : undefined;
      if (fields === undefined) continue;
      ids.add(fields.id as string);
      const group = this.#restoreGroup(item, true, ids);
      if (group !== undefined) sessions.push({ ...fields, ...group } as SessionRecord);
    }
    const open = sessions.map((s) => s.id);
    const focused = open.find((id) => id === state.focusedSessionId) ?? null;
    const history = Array.isArray(state.focusHistory)
      ? (state.focusHistory.filter((id) => open.includes(id as string)) as string[])
      : [];
    // Least recently focused first, and the focused session last, as #moveFocus keeps it.
    const order = [...new Set([...open.filter((id) => !history.includes(id)), ...history])];
    Object.assign(this.#state, {
      sessions,
      home: this.#restoreGroup(state.home, false, ids) ?? { tabs: [], focusedTabId: null },
      focusedSessionId: focused,
      focusHistory: focused === null ? order : [...order.filter((id) => id !== focused), focused],
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

  #requiredName(data: JsonObject): string {
    const name = readName(data.templateName, 'templateName');
    if (name === undefined) throw invalidInput('templateName is required');
    return name;
  }

  #readTemplateParameters(value: unknown): TemplateParameters {
    const parameters = readOptional(value, 'templateParameters', OBJECT, {});
    for (const [key, member] of Object.entries(parameters)) {
      read(member, `templateParameters.${key}`, PARAMETER);
      // A tab template's own values are parameter values too, so they are held to the same rule.
      if (this.#isTabTemplateName(key) && isJsonObject(member)) {
        for (const [inner, innerValue] of Object.entries(member)) {
          read(innerValue, `templateParameters.${key}.${inner}`, PARAMETER);
        }
      }
    }
    // Every member was checked above; JsonObject can't say so by itself.
    return parameters as TemplateParameters;
  }

  /**
   * `templateParameters` for tabs: as {@link #readTemplateParameters}, and a `url`, global or under a
   * tab template's name, is refused, because a tab's URL comes from its template only.
   */
  #readTabParameters(value: unknown): TemplateParameters {
    const parameters = this.#readTemplateParameters(value);
    const refuse = (path: string): never => {
      throw invalidInput(
        `${path} can't be given: a tab's URL comes from its tab template only; pass the values of its {slugs} instead`,
      );
    };
    if (Object.hasOwn(parameters, 'url')) refuse('templateParameters.url');
    for (const [key, member] of Object.entries(parameters)) {
      if (this.#isTabTemplateName(key) && isJsonObject(member) && Object.hasOwn(member, 'url')) {
        refuse(`templateParameters.${key}.url`);
      }
    }
    return parameters;
  }

  /** A stored session's (or home's) tabs; undefined when a session's anchor tab is not valid. */
  #restoreGroup(value: unknown, inSession: boolean, ids: Set<string>): TabGroup | undefined {
    if (!isJsonObject(value) || !Array.isArray(value.tabs)) return undefined;
    const tabs: TabRecord[] = [];
    for (const [index, item] of value.tabs.entries()) {
      const anchor = inSession && index === 0;
      const template = this.#templates.findTabTemplate(isJsonObject(item) ? String(item.templateName) : '');
      const fields =
        tabs.length < this.#maxTabsPerSession
          ? pickStored(item, {
              id: (id) => isStoredId(id) && !ids.has(id),
              title: isStoredText,
              anchor: (flag) => flag === anchor,
              parameters: (parameters) =>
                isJsonObject(parameters) &&
                Object.values(parameters).every(isParameterValue) &&
                storedUrlFits(template, parameters.url, this.#origin),
              refreshCount: isCount,
            })
          : undefined;
      if (template !== undefined && fields !== undefined) {
        ids.add(fields.id as string);
        // Type and closability come from the template, not from storage.
        tabs.push({
          ...fields,
          templateName: template.name,
          type: template.type,
          canClose: !anchor && template.canClose !== false,
        } as TabRecord);
      } else if (anchor) {
        return undefined;
      }
    }
    if (inSession && tabs.length === 0) return undefined;
    const focused = tabs.find((t) => t.id === value.focusedTabId) ?? (inSession ? tabs[0] : undefined);
    return { tabs, focusedTabId: focused?.id ?? null };
  }

  /** `text` with its slugs replaced from `sources`, then `context`, then the hook. */
  #replaceSlugs(text: string, sources: SlugValues[], context: JsonObject): string {
    return replaceSlugs(text, [...sources, context], { resolveSlug: this.#resolveSlug, context });
  }

  #newTab(template: TabTemplate, runtime: TemplateParameters, context: JsonObject, anchor: boolean): TabRecord {
    const parameters = resolveTemplateParameters(template, runtime, {
      resolveSlug: this.#resolveSlug,
      context,
      isTabTemplateName: this.#isTabTemplateName,
      origin: this.#origin,
    });
    return {
      id: this.#createId(),
      templateName: template.name,
      type: template.type,
      title: this.#replaceSlugs(
        template.title,
        [parameters, globalTemplateParameters(runtime, this.#isTabTemplateName)],
        context,
      ),
      anchor,
      canClose: !anchor && template.canClose !== false,
      parameters,
      refreshCount: 0,
    };
  }

  /** Sets a session's title or badge, and emits `sessionUpdated` when its value changed. */
  #update<K extends 'title' | 'newActivity' | 'kpiBreach' | 'focusRequest'>(
    session: SessionRecord,
    key: K,
    value: SessionRecord[K],
  ): void {
    // The values are plain JSON data, so their JSON text tells whether they differ.
    if (JSON.stringify(session[key]) === JSON.stringify(value)) return;
    session[key] = value;
    this.#emit({ type: 'sessionUpdated', sessionId: session.id });
  }

  #session(sessionId: string): SessionRecord {
    const session = this.#state.sessions.find((s) => s.id === sessionId);
    if (session === undefined) throw sessionNotFound(String(sessionId));
    return session;
  }

  /** A session's tabs, or home's for null. */
  #group(sessionId: string | null): TabGroup {
    return sessionId === null ? this.#state.home : this.#session(sessionId);
  }

  /** The caller's session, or SESSION_NOT_FOUND with the same text whether it is unknown or not theirs. */
  #ownSession(caller: Caller, sessionId: unknown): SessionRecord {
    const id = readId(sessionId, 'sessionId');
    const session = this.#state.sessions.find((s) => s.id === id && s.provider === caller.provider);
    if (session === undefined) throw sessionNotFound(id);
    return session;
  }

  #focusedSession(): SessionRecord | undefined {
    return this.#state.sessions.find((s) => s.id === this.#state.focusedSessionId);
  }

  /** The focused session's tabs, id and context when it is the caller's, or home's; else SESSION_NOT_OWNED. */
  #ownFocusedGroup(caller: Caller): [group: TabGroup, sessionId: string | null, context: JsonObject] {
    const focused = this.#focusedSession();
    if (focused === undefined) return [this.#state.home, null, {}];
    if (focused.provider !== caller.provider) throw notOwned();
    return [focused, focused.id, focused.context];
  }

  #tabIn(group: TabGroup, tabId: string): TabRecord {
    const tab = group.tabs.find((t) => t.id === tabId);
    if (tab === undefined) throw new BridgeError(BridgeErrorCode.TAB_NOT_FOUND, `Tab with ID:${tabId} does not exist`);
    return tab;
  }

  #focusTabIn(group: TabGroup, sessionId: string | null, tabId: string): void {
    const tab = this.#tabIn(group, tabId);
    if (group.focusedTabId === tab.id) return;
    group.focusedTabId = tab.id;
    this.#emit({ type: 'tabsChanged', sessionId });
  }

  #closeTabIn(group: TabGroup, sessionId: string | null, tabId: string): void {
    const tab = this.#tabIn(group, tabId);
    if (tab.anchor) throw invalidInput("the anchor tab can't be closed");
    if (!tab.canClose) {
      throw invalidInput(`tab ${tab.id} can't be closed: its template "${tab.templateName}" sets canClose: false`);
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
    const { id, provider, context } = this.#session(sessionId);
    return { sessionId: id, provider, context };
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
    const { inputJson, focusedTabId, ...shown } = session;
    return structuredClone({
      ...shown,
      focused: this.#state.focusedSessionId === session.id,
      tabs: tabSnapshots(session),
    });
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
    // Changes are JSON data: one JSON round trip copies a change and, bottom up, freezes every part.
    for (const change of changes)
      this.#queue.push(JSON.parse(JSON.stringify(change), (_, value) => Object.freeze(value)));
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
}
