/*
 * The tab half of the host's model of sessions and tabs: a provider's tab calls, which always act on
 * the focused session (it must be the caller's, or home), and the agent's tab actions, which act on
 * any session and skip the ownership check. `SessionStore` extends it with the sessions, and hands it
 * the same state, change queue and templates it works on itself, so the state stays in one place.
 */
import { BridgeError, BridgeErrorCode, type JsonObject, type TemplateParameters } from '@cif-bridge/protocol';
import type { Caller } from './Caller.js';
import type { ChangeQueue } from './ChangeQueue.js';
import { createTabRecord, type TabRecordSources } from './createTabRecord.js';
import { invalidInput } from './invalidInput.js';
import { MAX_TITLE_LENGTH } from './limits.js';
import { ownFocusedGroup } from './ownership.js';
import {
  BOOLEAN,
  isAbsent,
  readCapped,
  readId,
  readInputObject,
  readName,
  readOptional,
  readTabParameters,
  readTemplateName,
} from './readArguments.js';
import type { SlugValues } from './replaceSlugs.js';
import type { StoreChange } from './StoreChange.js';
import {
  removeTab,
  sessionIn,
  tabIn,
  type SessionRecord,
  type StoreState,
  type TabGroup,
  type TabRecord,
} from './StoreState.js';
import type { TemplateStore } from './TemplateStore.js';
import type { TabTemplate } from './types.js';

/** `text` with its slugs replaced from `sources`, then `context`, then the hook. */
export type ReplaceStoreSlugs = (text: string, sources: SlugValues[], context: JsonObject) => string;

/**
 * The tabs of sessions and home, as providers and the agent change them. Only `SessionStore`
 * extends it; it is not used alone.
 */
export class StoreTabs {
  readonly #state: StoreState;
  readonly #changes: ChangeQueue<StoreChange>;
  readonly #templates: TemplateStore;
  readonly #maxTabsPerSession: number;
  readonly #tabSources: TabRecordSources;
  readonly #replaceSlugs: ReplaceStoreSlugs;

  /**
   * Takes the session store's own objects, not copies: its state, change queue and templates, its
   * tab cap, what {@link createTabRecord} needs of it, and its slug function.
   */
  constructor(
    state: StoreState,
    changes: ChangeQueue<StoreChange>,
    templates: TemplateStore,
    maxTabsPerSession: number,
    tabSources: TabRecordSources,
    replaceSlugs: ReplaceStoreSlugs,
  ) {
    this.#state = state;
    this.#changes = changes;
    this.#templates = templates;
    this.#maxTabsPerSession = maxTabsPerSession;
    this.#tabSources = tabSources;
    this.#replaceSlugs = replaceSlugs;
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
    const name = readTemplateName(data);
    const runtime = readTabParameters(data.templateParameters, this.#tabSources.isTabTemplateName);
    const isFocused = readOptional(data.isFocused, 'isFocused', BOOLEAN, false);
    const template = this.#templates.tabTemplate(name, caller.templates, caller.provider);
    const [group, sessionId, context] = ownFocusedGroup(this.#state, caller);
    return this.#addTab(group, sessionId, context, template, runtime, isFocused);
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
    const [group] = ownFocusedGroup(this.#state, caller);
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
    const [group, sessionId] = ownFocusedGroup(this.#state, caller);
    this.#focusTabIn(group, sessionId, id);
  }

  /**
   * CIF `refreshTab`: counts a refresh on the tab, so the view reloads its content.
   *
   * @throws BridgeError `INVALID_INPUT`, `SESSION_NOT_OWNED` or `TAB_NOT_FOUND`.
   */
  refreshTab(caller: Caller, tabId: unknown): void {
    const id = readId(tabId, 'tabId');
    const [group, sessionId] = ownFocusedGroup(this.#state, caller);
    tabIn(group, id).refreshCount += 1;
    this.#changes.emit({ type: 'tabsChanged', sessionId });
  }

  /**
   * CIF `closeTab`: closes a tab of the focused session (or home). The anchor tab, and a tab whose
   * template sets `canClose: false`, can't be closed.
   *
   * @throws BridgeError `INVALID_INPUT`, `SESSION_NOT_OWNED` or `TAB_NOT_FOUND`.
   */
  closeTab(caller: Caller, tabId: unknown): void {
    const id = readId(tabId, 'tabId');
    const [group, sessionId] = ownFocusedGroup(this.#state, caller);
    this.#closeTabIn(group, sessionId, id);
  }

  /**
   * CIF `getFocusedTab`: the focused tab of the focused session (or home), or null when none is.
   *
   * @throws BridgeError `SESSION_NOT_OWNED`.
   */
  getFocusedTab(caller: Caller): string | null {
    return ownFocusedGroup(this.#state, caller)[0].focusedTabId;
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
    const [group, sessionId, context] = ownFocusedGroup(this.#state, caller);
    const tab = tabIn(group, id);
    const template = this.#templates.tabTemplate(tab.templateName);
    const title = given ?? this.#replaceSlugs(template.title, [values, tab.parameters], context);
    if (title !== tab.title) {
      tab.title = title;
      this.#changes.emit({ type: 'tabsChanged', sessionId });
    }
    return title;
  }

  // -------------------------------------------------------------------------------------------
  // Agent actions on tabs: the host UI and API. No ownership check; any session, or home.
  // -------------------------------------------------------------------------------------------

  /**
   * Focuses a tab of any session, or of home with `null`. It does not switch sessions.
   *
   * @throws BridgeError `SESSION_NOT_FOUND` or `TAB_NOT_FOUND`.
   */
  agentFocusTab(sessionId: string | null, tabId: string): void {
    this.#focusTabIn(this.#group(sessionId), sessionId, tabId);
  }

  /**
   * Opens a focused tab made from the tab template `templateName` in any session, or in home with
   * `null`, as the agent's own actions do (a record tab opened from search results): no ownership
   * check, and every template may be used. `parameters` are that tab's runtime values.
   *
   * @returns the tab id.
   * @throws BridgeError `SESSION_NOT_FOUND`, `TEMPLATE_NOT_FOUND`, `TAB_LIMIT_REACHED` or `INVALID_INPUT`.
   */
  agentCreateTab(sessionId: string | null, templateName: string, parameters: TemplateParameters = {}): string {
    const template = this.#templates.tabTemplate(readTemplateName({ templateName }));
    const runtime = readTabParameters({ [template.name]: parameters }, this.#tabSources.isTabTemplateName);
    const group = this.#group(sessionId);
    const context = sessionId === null ? {} : (group as SessionRecord).context;
    return this.#addTab(group, sessionId, context, template, runtime, true);
  }

  /**
   * Gives a tab of any session, or of home, a new title and merges `parameters` into its own, as
   * when the agent saves a new record in its record tab, which then names that record. A tab that is
   * gone changes nothing.
   */
  agentRenameTab(tabId: string, title: string, parameters: TemplateParameters): void {
    for (const group of [this.#state.home, ...this.#state.sessions]) {
      const tab = group.tabs.find((t) => t.id === tabId);
      if (tab === undefined) continue;
      tab.title = title;
      Object.assign(tab.parameters, parameters);
      this.#changes.emit({
        type: 'tabsChanged',
        sessionId: group === this.#state.home ? null : (group as SessionRecord).id,
      });
      return;
    }
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

  // ---- Internals ----------------------------------------------------------------------------

  /** A session's tabs, or home's for null. */
  #group(sessionId: string | null): TabGroup {
    return sessionId === null ? this.#state.home : sessionIn(this.#state, sessionId);
  }

  /** Adds a tab made from `template` to `group`, within the tab cap; emits the change. */
  #addTab(
    group: TabGroup,
    sessionId: string | null,
    context: JsonObject,
    template: TabTemplate,
    runtime: TemplateParameters,
    isFocused: boolean,
  ): string {
    if (group.tabs.length >= this.#maxTabsPerSession) {
      throw new BridgeError(
        BridgeErrorCode.TAB_LIMIT_REACHED,
        'Maximum tabs reached. Close a tab in this session before opening another.',
      );
    }
    const tab = createTabRecord(template, runtime, context, false, this.#tabSources);
    group.tabs.push(tab);
    if (isFocused) group.focusedTabId = tab.id;
    this.#changes.emit({ type: 'tabsChanged', sessionId });
    return tab.id;
  }

  #focusTabIn(group: TabGroup, sessionId: string | null, tabId: string): void {
    const tab = tabIn(group, tabId);
    if (group.focusedTabId === tab.id) return;
    group.focusedTabId = tab.id;
    this.#changes.emit({ type: 'tabsChanged', sessionId });
  }

  #closeTabIn(group: TabGroup, sessionId: string | null, tabId: string): void {
    const tab = tabIn(group, tabId);
    if (tab.anchor) throw invalidInput("the anchor tab can't be closed");
    if (!tab.canClose) {
      throw invalidInput(`tab ${tab.id} can't be closed: its template "${tab.templateName}" sets canClose: false`);
    }
    removeTab(group, tab);
    this.#changes.emit({ type: 'tabsChanged', sessionId });
  }
}
