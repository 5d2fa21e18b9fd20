import { BridgeError, BridgeErrorCode, type RecordSource, type TabRenderer } from '@cif-bridge/host';
import { renderRecordTab } from './renderRecordTab.js';
import type { CheckedLabels, EntityLabels, RecordsUiContext, RecordsUiHost } from './RecordsUiContext.js';
import { renderSearchTab } from './renderSearchTab.js';

/** Options of {@link createRecordsUi}. */
export interface RecordsUiOptions {
  /** Where the records live: the same source as the host's `records`. */
  records: RecordSource;
  /**
   * The host, asked for when the agent acts: the renderers go into `createHost`, so the host does not
   * exist yet when they are made (`host: () => host`).
   */
  host: () => RecordsUiHost;
  /** The entities the Home search box offers, first selected. Default `['contact']`. */
  entities?: string[];
  /**
   * The activity entities a record tab lists as related: those whose `_regardingobjectid_value` is the
   * record's id. Default `['phonecall', 'task']`; an entity the source lacks is skipped.
   */
  activities?: string[];
  /**
   * What the agent sees instead of logical names, by entity logical name: the entity's display name
   * and its attributes', such as `{ contact: { name: 'Contact', attributes: { mobilephone: 'Mobile
   * Phone' } } }`. An entity or attribute without one shows its logical name.
   */
  labels?: Record<string, EntityLabels>;
}

/** What {@link createRecordsUi} returns. */
export interface RecordsUi {
  /** The renderers of the record tab (`entityrecord`) and the search tab (`search`), for `createHost({ renderers })`. */
  renderers: Record<string, TabRenderer>;
  /**
   * Opens the Home area's search box (the `recordsearch` tab, which the agent can't close) in Home,
   * after the host exists. When Home has one already (a desk restored with `persist`, or a second
   * call) that one is kept, and the focus left where the agent had it.
   * @returns the tab's id.
   */
  showHomeSearch(): string;
}

/** `INVALID_INPUT` for an option that is not what it should be, saying what to give instead. */
function badOption(option: string, what: string): BridgeError {
  return new BridgeError(BridgeErrorCode.INVALID_INPUT, `createRecordsUi: ${option} must be ${what}.`);
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list of entity names from the options, or `INVALID_INPUT` naming the option. */
function names(value: unknown, fallback: string[], option: string): string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every(isText)) {
    throw badOption(option, "a list of entity logical names, such as ['contact']");
  }
  return [...value];
}

/** The `labels` option, checked and copied into maps, so only its own entries are ever looked up. */
function readLabels(value: unknown): Map<string, CheckedLabels> {
  const labels = new Map<string, CheckedLabels>();
  const attributesExample = "{ mobilephone: 'Mobile Phone' }";
  if (value !== undefined && !isObject(value)) {
    throw badOption(
      'labels',
      `an object of entities' labels, such as { contact: { name: 'Contact', attributes: ${attributesExample} } }`,
    );
  }
  for (const [entity, given] of Object.entries(value ?? {})) {
    const where = `labels.${entity}`;
    if (!isObject(given) || Object.keys(given).some((key) => key !== 'name' && key !== 'attributes')) {
      throw badOption(where, 'an object of its name and attributes, each optional');
    }
    const { name, attributes = {} } = given;
    if (name !== undefined && !isText(name)) throw badOption(`${where}.name`, 'a non-empty string');
    if (!isObject(attributes) || !Object.values(attributes).every(isText)) {
      throw badOption(`${where}.attributes`, `an object of non-empty strings, such as ${attributesExample}`);
    }
    labels.set(entity, { name, attributes: new Map(Object.entries(attributes) as [string, string][]) });
  }
  return labels;
}

/**
 * The default UI of a host's records: renderers for record tabs and search tabs, and the Home area's
 * search box. Every value shows through `textContent` or an input's value, every control is a
 * labelled native input or button (so the keyboard reaches it), and errors show as text.
 *
 * @example
 * ```ts
 * const records = createBrowserRecords({ name: 'desk', seed });
 * const ui = createRecordsUi({ records, host: () => host, entities: ['contact', 'account'] });
 * const host = createHost({ providers, sessionTemplates, tabTemplates, records, renderers: ui.renderers, container });
 * ui.showHomeSearch();
 * ```
 * @throws BridgeError `INVALID_INPUT` for options that are not what they should be; the message says which.
 */
export function createRecordsUi(options: RecordsUiOptions): RecordsUi {
  const { records, host } = options ?? {};
  const methods = ['search', 'retrieve', 'create', 'update', 'metadata'] as const;
  if (typeof records !== 'object' || records === null || methods.some((m) => typeof records[m] !== 'function')) {
    throw badOption('records', 'a record source (such as createBrowserRecords from @cif-bridge/records)');
  }
  if (typeof host !== 'function') {
    throw badOption('host', 'a function that returns the host');
  }
  const ui: RecordsUiContext = {
    records,
    host,
    entities: names(options.entities, ['contact'], 'entities'),
    activities: names(options.activities, ['phonecall', 'task'], 'activities'),
    labels: readLabels(options.labels),
  };
  return {
    renderers: {
      entityrecord: (tab, element) => renderRecordTab(ui, tab, element),
      search: (tab, element) => renderSearchTab(ui, tab, element),
    },
    showHomeSearch: () => {
      const desk = host();
      const open = desk.view.home().tabs.find((tab) => tab.templateName === 'recordsearch');
      return open?.id ?? desk.openTab(null, 'recordsearch');
    },
  };
}
