import type { TabSnapshot } from '@cif-bridge/host';
import { createUiElement as h, messageOf } from './createUiElement.js';
import { label, recordName, sessionOf, textParameter, type RecordsUiContext } from './RecordsUiContext.js';

/** Most results a search tab lists when it searches for text (a widget's own query sets its own `$top`). */
const MAX_RESULTS = 50;

/** Attributes shown beside each result's name. */
const FIELDS_SHOWN = 3;

/**
 * The query of a text search: `$search` over the entity's text attributes, each word on its own
 * (quotes dropped, so the agent's text can't open a phrase it doesn't close), and at most
 * {@link MAX_RESULTS}. No text lists the first records.
 */
function textQuery(searchText: string): string {
  const words = searchText.replaceAll('"', ' ').trim();
  const search = words === '' ? '' : `$search=${encodeURIComponent(words)}&`;
  return `${search}$top=${MAX_RESULTS}`;
}

/**
 * Draws the search box: an entity picker and a text box; searching opens a search tab in the tab's
 * own session. It is the Home area's `recordsearch` tab, and any search tab given no entity.
 */
function renderSearchBox(ui: RecordsUiContext, tab: TabSnapshot, element: HTMLElement): void {
  const entity = h(
    'select',
    { name: 'entity' },
    ui.entities.map((name) => h('option', { value: name }, label(ui, name))),
  );
  const text = h('input', { type: 'search', name: 'searchText' });
  const form = h('form', { class: 'cifr-search', role: 'search', 'aria-label': 'Search records' }, [
    h('label', { class: 'cifr-field' }, [h('span', {}, 'Entity'), entity]),
    h('label', { class: 'cifr-field' }, [h('span', {}, 'Search text'), text]),
    h('button', { type: 'submit' }, 'Search'),
  ]);
  form.onsubmit = (event) => {
    event.preventDefault();
    const entityName = entity.value;
    ui.host().openTab(sessionOf(ui, tab.id), 'search', {
      entityName,
      searchText: text.value,
      title: `Search ${entityName}: ${text.value}`,
    });
  };
  element.replaceChildren(form);
}

/**
 * Draws a search tab (type `search`): the records of `entityName` that match its `query` (OData
 * query options, as `searchAndOpenRecords` was given them) or its `searchText`, each as a button
 * with the record's name and a few of its fields, which opens the record as a record tab in the same
 * session. Without an entity it is the search box. Errors show as text.
 *
 * @returns the cleanup: results that arrive after the tab closed are dropped.
 */
export function renderSearchTab(ui: RecordsUiContext, tab: TabSnapshot, element: HTMLElement): () => void {
  const entityName = textParameter(tab.parameters, 'entityName');
  let alive = true;
  if (entityName === '') {
    renderSearchBox(ui, tab, element);
    return () => undefined;
  }
  const status = h('p', { class: 'cifr-status', role: 'status' }, 'Searching…');
  const alert = h('p', { class: 'cifr-error', role: 'alert' });
  const list = h('ul', { class: 'cifr-results', 'aria-label': `${label(ui, entityName)} results` });
  element.replaceChildren(h('div', { class: 'cifr-record' }, [status, alert, list]));
  const query = textParameter(tab.parameters, 'query') || textQuery(textParameter(tab.parameters, 'searchText'));

  void (async () => {
    try {
      const meta = await ui.records.metadata(entityName);
      const found = await ui.records.search(entityName, query);
      if (!alive) return;
      const { primaryIdAttribute: idName, primaryNameAttribute: nameName } = meta;
      const shown = meta.attributes.filter((name) => name !== idName && name !== nameName).slice(0, FIELDS_SHOWN);
      list.replaceChildren(
        ...found.map((record) => {
          const entityId = String(record[idName]);
          const name = recordName(record, nameName, entityId);
          const fields = shown.map((field) => record[field]).filter((value) => value !== undefined && value !== null);
          const open = h('button', { type: 'button', class: 'cifr-open' }, [
            h('strong', {}, name),
            h('span', {}, fields.map(String).join(' · ')),
          ]);
          open.onclick = () => ui.host().openTab(sessionOf(ui, tab.id), 'entityrecord', { entityName, entityId, name });
          return h('li', {}, [open]);
        }),
      );
      status.textContent = `${found.length} ${found.length === 1 ? 'record' : 'records'} found`;
    } catch (error) {
      if (!alive) return;
      status.textContent = '';
      alert.textContent = messageOf(error);
    }
  })();

  return () => {
    alive = false;
  };
}
