import type { TemplateParameters } from '@cif-bridge/protocol';
import { invalidInput } from './invalidInput.js';
import type { SessionStore } from './SessionStore.js';
import type { TabTemplate } from './types.js';

/** A saved record, as CIF's `openForm` names it in `savedEntityReference`. */
export interface SavedEntityReference {
  /** The entity's logical name, such as `contact`. */
  entityType: string;
  /** The record's id. */
  id: string;
  /** Its primary name, such as the contact's full name. */
  name: string;
}

/**
 * The tab templates of the record UI, added to the host's own when it is given `records` (a template
 * of the page with the same name wins): a record tab (`entityrecord`, parameters `entityName` and
 * `entityId`, Dynamics' names; no id is a new-record form), a search-results tab (`search`,
 * parameters `entityName` and `searchText` or `query`), and the Home area's search box
 * (`recordsearch`, which the agent can't close). Their types are drawn by renderers such as those of
 * `@cif-bridge/records/ui`.
 */
export const RECORD_TAB_TEMPLATES: readonly TabTemplate[] = [
  { name: 'entityrecord', title: '{name}', type: 'entityrecord', parameters: {} },
  { name: 'search', title: '{title}', type: 'search', parameters: {} },
  { name: 'recordsearch', title: 'Search records', type: 'search', canClose: false, parameters: {} },
];

/** The page's tab templates and the record templates whose names the page did not take. */
export function withRecordTemplates(templates: TabTemplate[]): TabTemplate[] {
  // The page's list may be anything until the store checks it; a non-list is left for that check.
  if (!Array.isArray(templates)) return templates;
  const taken = new Set(templates.map((template) => (template as Partial<TabTemplate> | null)?.name));
  return [...templates, ...RECORD_TAB_TEMPLATES.filter((template) => !taken.has(template.name))];
}

/**
 * The record tabs widgets open (`openForm`, `searchAndOpenRecords`, `renderSearchPage`,
 * `refreshForm`) and the forms waiting for the agent: `openForm` resolves when its tab's form is
 * saved, or when the tab closes unsaved. Plain model code over the {@link SessionStore}.
 */
export class RecordForms {
  readonly #store: SessionStore;
  /** openForm calls waiting, by their tab's id. */
  readonly #waiting = new Map<string, (reference: SavedEntityReference | null) => void>();

  /** @param store - the host's sessions and tabs. */
  constructor(store: SessionStore) {
    this.#store = store;
  }

  /**
   * Opens a focused tab of `templateName` with `parameters` in the focused session for `provider`,
   * under CIF `createTab`'s rules (`SESSION_NOT_OWNED` when another provider's session has focus).
   * @returns the tab's id.
   */
  open(provider: string, templateName: string, parameters: TemplateParameters): string {
    return this.#store.createTab(
      { provider },
      { templateName, templateParameters: { [templateName]: parameters }, isFocused: true },
    );
  }

  /** Resolves with the record the agent saves in tab `tabId`, or null once the tab closes unsaved. */
  wait(tabId: string): Promise<SavedEntityReference | null> {
    return new Promise((resolve) => this.#waiting.set(tabId, resolve));
  }

  /**
   * The agent saved the form in tab `tabId`: the tab now names the saved record (its title, and its
   * `entityId`, so that a new-record form reloads as that record), and the openForm call waiting on
   * it resolves.
   * @throws BridgeError `INVALID_INPUT` when the reference's fields are not strings.
   */
  saved(tabId: string, reference: SavedEntityReference): void {
    const { entityType, id, name } = reference ?? {};
    if (![tabId, entityType, id, name].every((value) => typeof value === 'string')) {
      throw invalidInput('formSaved: give the tab id and { entityType, id, name }, all strings.');
    }
    this.#store.agentRenameTab(tabId, name || id, { entityName: entityType, entityId: id, name });
    this.#waiting.get(tabId)?.({ entityType, id, name });
    this.#waiting.delete(tabId);
  }

  /** Resolves the waiting forms whose tab (or whole session) is gone with null; run on each store change. */
  sweep(): void {
    if (this.#waiting.size === 0) return;
    const open = new Set(
      [this.#store.home(), ...this.#store.snapshot()].flatMap((group) => group.tabs.map((tab) => tab.id)),
    );
    for (const [tabId, resolve] of this.#waiting) {
      if (!open.has(tabId)) {
        this.#waiting.delete(tabId);
        resolve(null);
      }
    }
  }

  /**
   * CIF `refreshForm`: reloads the focused tab of the focused session (the caller's, or home) when it
   * is a record tab.
   * @throws BridgeError `SESSION_NOT_OWNED`, or `INVALID_INPUT` when no record tab has focus.
   */
  refresh(provider: string): void {
    const caller = { provider };
    const tabId = this.#store.getFocusedTab(caller);
    const focused = this.#store.getFocusedSession(caller);
    const tabs = focused === null ? this.#store.home().tabs : (this.#store.get(focused)?.tabs ?? []);
    if (tabs.find((tab) => tab.id === tabId)?.type !== 'entityrecord') {
      throw invalidInput('refreshForm: the focused tab is not a record tab. Open one with openForm first.');
    }
    this.#store.refreshTab(caller, tabId);
  }
}
