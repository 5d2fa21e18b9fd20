/*
 * The host's model of sessions and tabs. The class is the CIF session surface a provider calls, plus
 * the agent's session actions and the views, and each method keeps the same private state consistent
 * (ownership, focus history, caps) before it emits. The tab calls are in StoreTabs.ts, which it
 * extends, and the ownership checks in ownership.ts. What needs no caller lives apart too:
 * readArguments.ts, StoreState.ts, restoreSessions.ts, resolveNotification.ts, StoreChange.ts and
 * ChangeQueue.ts.
 */
import {
  BridgeError,
  BridgeErrorCode,
  createId as createUuid,
  type JsonValue,
  type SessionInfo,
  type JsonObject,
} from '@cif-bridge/protocol';
import type { Caller } from './Caller.js';
import { ChangeQueue } from './ChangeQueue.js';
import { createTabRecord, type TabRecordSources } from './createTabRecord.js';
import { invalidInput } from './invalidInput.js';
import { MAX_CONTEXT_LENGTH, MAX_CONVERSATION_DATA_LENGTH, MAX_KPI_DETAILS_LENGTH } from './limits.js';
import { mergeJsonObject } from './mergeJsonObject.js';
import { focusedSession, ownOrFocused, ownSession } from './ownership.js';
import {
  BOOLEAN,
  COUNT,
  isAbsent,
  OBJECT,
  read,
  readCapped,
  readId,
  readInputObject,
  readName,
  readOptional,
  readTabParameters,
} from './readArguments.js';
import { replaceSlugs } from './replaceSlugs.js';
import { resolveNotification, type ResolvedNotification } from './resolveNotification.js';
import { globalTemplateParameters } from './resolveTemplateParameters.js';
import { PERSIST_VERSION, restoreSessions, type PersistedSessions } from './restoreSessions.js';
import type { StoreChange } from './StoreChange.js';
import type { SessionStoreOptions } from './SessionStoreOptions.js';
import { StoreTabs, type ReplaceStoreSlugs } from './StoreTabs.js';
import {
  emptyState,
  moveFocus,
  sessionIn,
  sessionSnapshot,
  tabSnapshots,
  type SessionRecord,
  type StoreState,
  type TabRecord,
} from './StoreState.js';
import { TemplateStore } from './TemplateStore.js';
import type { SessionSnapshot, TabSnapshot } from './types.js';

/**
 * The host's model of sessions and tabs: which exist, who owns them, which has focus, their badges,
 * and the caps. Plain TypeScript with no DOM, timers or messaging, so it runs in unit tests; the host
 * wires widget calls to its methods and renders its {@link StoreChange}s.
 *
 * Caller-facing methods take the {@link Caller} first and then the CIF arguments as `unknown`,
 * because they come off the wire; each is checked and a wrong one gives `INVALID_INPUT` naming the
 * field (createProviderApi adds the method's name). Agent actions (`focusSession`, `closeSession`,
 * `agentFocusTab`, `agentCloseTab`) are for the host's UI and API and skip the ownership check. The
 * rules are CIF 2.0's, as docs/cif-compatibility.md lists them.
 *
 * Changes are emitted synchronously once the state is consistent. A change made by a listener is
 * emitted after the ones already queued, so every listener sees changes in the order they happened.
 */
export class SessionStore extends StoreTabs {
  readonly #templates: TemplateStore;
  readonly #maxSessions: number;
  readonly #maxTabsPerSession: number;
  /** What {@link createTabRecord} needs of the store. */
  readonly #tabSources: TabRecordSources;
  /** `text` with its slugs replaced from `sources`, then `context`, then the hook. */
  readonly #replaceSlugs: ReplaceStoreSlugs;
  readonly #changes: ChangeQueue<StoreChange>;
  readonly #state: StoreState;

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
    // Made before `super`, because StoreTabs works on these same objects: the state stays in one place.
    const templates = new TemplateStore(options);
    const state = emptyState();
    const changes = new ChangeQueue<StoreChange>('SessionStore');
    const tabSources: TabRecordSources = {
      resolveSlug,
      // In `templateParameters`, a tab template's name whose value is an object holds that tab's values only.
      isTabTemplateName: (name) => templates.findTabTemplate(name) !== undefined,
      origin: options.origin,
      createId: options.createId ?? createUuid,
    };
    const slugs: ReplaceStoreSlugs = (text, sources, context) =>
      replaceSlugs(text, [...sources, context], { resolveSlug, context });
    super(state, changes, templates, options.maxTabsPerSession, tabSources, slugs);
    this.#templates = templates;
    this.#maxSessions = options.maxSessions;
    this.#maxTabsPerSession = options.maxTabsPerSession;
    this.#tabSources = tabSources;
    this.#replaceSlugs = slugs;
    this.#changes = changes;
    this.#state = state;
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
    const runtime = readTabParameters(data.templateParameters, this.#tabSources.isTabTemplateName);
    const context = readOptional(data.context, 'context', OBJECT, {});
    const template = this.#templates.sessionTemplate({ name, tag }, caller.templates, caller.provider);
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
      createTabRecord(this.#templates.tabTemplate(tabName), runtime, context, index === 0, this.#tabSources),
    );
    const session: SessionRecord = {
      id: this.#tabSources.createId(),
      templateName: template.name,
      title: this.#replaceSlugs(
        template.title,
        [globalTemplateParameters(runtime, this.#tabSources.isTabTemplateName)],
        context,
      ),
      provider: caller.provider,
      context,
      correlationId,
      inputJson: json,
      newActivity: 0,
      kpiBreach: null,
      focusRequest: null,
      // Made here rather than by the id factory, so that the ids of sessions and tabs stay as they were.
      conversationId: createUuid(),
      conversationData: {},
      tabs,
      // The anchor tab: a session template always has one.
      focusedTabId: (tabs[0] as TabRecord).id,
    };
    this.#state.sessions.push(session);
    this.#changes.emit({ type: 'sessionCreated', sessionId: session.id }, moveFocus(this.#state, session.id));
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
    const session = ownSession(this.#state, caller, sessionId);
    return {
      sessionId: session.id,
      focused: this.#state.focusedSessionId === session.id,
      context: structuredClone(session.context),
      title: session.title,
      templateName: session.templateName,
      conversationId: session.conversationId,
    };
  }

  /** CIF `getFocusedSession`: the focused session's id when it is the caller's, else null (home included). */
  getFocusedSession(caller: Caller): string | null {
    const focused = focusedSession(this.#state);
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
    const session = ownSession(this.#state, caller, id);
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
    const session = ownOrFocused(this.#state, caller, sessionId);
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
    this.#update(ownSession(this.#state, caller, id), 'newActivity', next);
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
    this.#update(ownSession(this.#state, caller, id), 'kpiBreach', reset ? null : { details: text });
  }

  /**
   * CIF `updateContext`: merges `input`'s keys into the session's `context` (a shallow merge), or with
   * `isDelete`, removes them; `getSession` and the session events carry the result. Works on
   * `sessionId`, else on the focused session; owner only.
   *
   * @param input - an object or its JSON text; with `isDelete`, an array of key names does too.
   * @returns the context now.
   * @throws BridgeError `INVALID_INPUT` (the context would pass {@link MAX_CONTEXT_LENGTH} too),
   *   `SESSION_NOT_FOUND` or `SESSION_NOT_OWNED`, as `setSessionTitle`.
   */
  updateContext(caller: Caller, input: unknown, sessionId?: unknown, isDelete?: unknown): JsonObject {
    const remove = readOptional(isDelete, 'isDelete', BOOLEAN, false);
    const session = ownOrFocused(this.#state, caller, sessionId);
    const rules = { remove, field: 'input', target: "the session's context", maxLength: MAX_CONTEXT_LENGTH };
    this.#update(session, 'context', mergeJsonObject(session.context, input, rules));
    return structuredClone(session.context);
  }

  /**
   * CIF `updateConversation`: merges `data`'s keys into the data of the conversation `conversationId`
   * (a shallow merge), which must be one of the caller's sessions'. Emits `conversationUpdated`.
   *
   * @param data - an object or its JSON text.
   * @returns the conversation's data now.
   * @throws BridgeError `INVALID_INPUT`, for an unknown conversation or another provider's too (the
   *   same text for both), or when the data would pass {@link MAX_CONVERSATION_DATA_LENGTH}.
   */
  updateConversation(caller: Caller, conversationId: unknown, data: unknown): JsonObject {
    const id = readId(conversationId, 'conversationId');
    const session = this.#state.sessions.find((s) => s.conversationId === id && s.provider === caller.provider);
    if (session === undefined) {
      throw invalidInput(`conversation ${id} does not exist: pass the conversationId of one of your open sessions`);
    }
    const rules = {
      remove: false,
      field: 'data',
      target: "the conversation's data",
      maxLength: MAX_CONVERSATION_DATA_LENGTH,
    };
    const next = mergeJsonObject(session.conversationData, data, rules);
    if (JSON.stringify(next) !== JSON.stringify(session.conversationData)) {
      session.conversationData = next;
      this.#changes.emit({ type: 'conversationUpdated', sessionId: session.id, conversationId: id });
    }
    return structuredClone(next);
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
    return resolveNotification(input, {
      provider: caller.provider,
      templates: this.#templates,
      isTabTemplateName: this.#tabSources.isTabTemplateName,
      replaceSlugs: (text, values) => this.#replaceSlugs(text, [values], {}),
    });
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
    if (sessionId !== null) sessionIn(this.#state, sessionId);
    if (this.#state.focusedSessionId !== sessionId) this.#changes.emit(moveFocus(this.#state, sessionId));
  }

  /**
   * Closes a session. When it had focus, focus goes to the most recently focused open session, else
   * home; `sessionClosed` is emitted first, then `sessionFocused` with `previous: null`.
   *
   * @throws BridgeError `SESSION_NOT_FOUND` (home can't be closed: it has no id).
   */
  closeSession(sessionId: string): void {
    const { id, provider, context } = sessionIn(this.#state, sessionId);
    const state = this.#state;
    state.sessions = state.sessions.filter((s) => s.id !== id);
    state.focusHistory = state.focusHistory.filter((h) => h !== id);
    const changes: StoreChange[] = [{ type: 'sessionClosed', sessionId: id, provider, context }];
    if (state.focusedSessionId === id) {
      // Cleared first, so the focus change names no previous session: the closed session is gone,
      // and its owner hears about it through sessionClosed rather than a switch.
      state.focusedSessionId = null;
      changes.push(moveFocus(this.#state, state.focusHistory.at(-1) ?? null));
    }
    this.#changes.emit(...changes);
  }

  // -------------------------------------------------------------------------------------------
  // Views. Every view returns fresh copies, so a caller can't change the state through them.
  // -------------------------------------------------------------------------------------------

  /** Every open session in creation order, home excluded, as plain data. */
  snapshot(): SessionSnapshot[] {
    return this.#state.sessions.map((s) => sessionSnapshot(this.#state, s));
  }

  /** Home: whether it has focus, and its tabs. */
  home(): { focused: boolean; tabs: TabSnapshot[] } {
    return { focused: this.#state.focusedSessionId === null, tabs: structuredClone(tabSnapshots(this.#state.home)) };
  }

  /** One open session as plain data, or undefined when no open session has that id. */
  get(sessionId: string): SessionSnapshot | undefined {
    const session = this.#state.sessions.find((s) => s.id === sessionId);
    return session && sessionSnapshot(this.#state, session);
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
    const { state, restored, dropped } = restoreSessions(data, {
      templates: this.#templates,
      maxSessions: this.#maxSessions,
      maxTabsPerSession: this.#maxTabsPerSession,
      origin: this.#tabSources.origin,
    });
    Object.assign(this.#state, state);
    return { restored, dropped };
  }

  /**
   * Subscribes to changes. Every listener gets the same frozen copy of each change. A listener that
   * throws is logged and skipped; the store and the other listeners carry on.
   *
   * @returns a function that unsubscribes; calling it twice is safe.
   */
  onChange(listener: (change: StoreChange) => void): () => void {
    return this.#changes.onChange(listener);
  }

  // ---- Internals ----------------------------------------------------------------------------

  /** Sets a session's title or badge, and emits `sessionUpdated` when its value changed. */
  #update<K extends 'title' | 'newActivity' | 'kpiBreach' | 'focusRequest' | 'context'>(
    session: SessionRecord,
    key: K,
    value: SessionRecord[K],
  ): void {
    // The values are plain JSON data, so their JSON text tells whether they differ.
    if (JSON.stringify(session[key]) === JSON.stringify(value)) return;
    session[key] = value;
    this.#changes.emit({ type: 'sessionUpdated', sessionId: session.id });
  }
}
