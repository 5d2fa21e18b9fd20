import type { BridgeHost } from './BridgeHost.js';
import { createElement } from './createElement.js';
import type { TraceEntry } from './HostTrace.js';
import { OUTCOMES, inspectorRow, matches, type InspectorFilter, type InspectorRow } from './inspectorRow.js';

/** What the inspector reads of a host: its trace, and the entries as they come. */
export type InspectedHost = Pick<BridgeHost, 'trace' | 'on'>;

/** A running inspector panel. */
export interface Inspector {
  /** The panel's root element, inside the container. */
  readonly element: HTMLElement;
  /** Stops following the host and removes the panel. Safe to call twice. */
  destroy(): void;
}

/** The most rows the panel holds; the host's own trace is 1,000 entries by default. */
const MAX_ROWS = 1000;

/** The file "Export" saves. */
const EXPORT_FILE = 'cif-bridge-trace.json';

/** The table's columns: their headings, and the row field each shows. */
const COLUMNS: [string, keyof InspectorRow][] = [
  ['Time', 'time'],
  ['Kind', 'kind'],
  ['Provider', 'provider'],
  ['Method or event', 'method'],
  ['correlationId', 'correlationId'],
  ['Outcome', 'outcome'],
  ['Duration', 'duration'],
];

/** One entry in the panel: the entry, its text, and its table row. */
interface Item {
  entry: TraceEntry;
  row: InspectorRow;
  tr: HTMLTableRowElement;
}

/** A labelled `<select>` whose first option, '', means "all". */
function picker(label: string, all: string): { label: HTMLLabelElement; select: HTMLSelectElement } {
  const select = createElement('select', 'cifb-inspector-select', [createElement('option', '', all, { value: '' })]);
  return { label: createElement('label', 'cifb-inspector-field', [new Text(`${label} `), select]), select };
}

/**
 * Renders the host's trace in `container` as a live table: filters by provider, method and outcome,
 * a search by correlationId, details of a row on click or Enter, and "Export" of the whole trace to a
 * JSON file. Everything is written as text (`textContent`): a widget chooses method names, event
 * names and arguments, and none of it can become markup. The rows are one tab stop; the arrow keys
 * move between them.
 *
 * @param host - the host to inspect (`createHost`'s result).
 * @param container - where the panel goes.
 */
export function createInspector(host: InspectedHost, container: HTMLElement): Inspector {
  const provider = picker('Provider', 'All providers');
  const method = picker('Method', 'All methods');
  const outcome = picker('Outcome', 'Any outcome');
  for (const name of OUTCOMES) outcome.select.append(createElement('option', '', name, { value: name }));
  const search = createElement('input', 'cifb-inspector-search', [], { type: 'search' });
  const exportButton = createElement('button', 'cifb-inspector-export', 'Export', { type: 'button' });
  const count = createElement('span', 'cifb-inspector-count', '', { role: 'status' });
  const tbody = createElement('tbody', '');
  const table = createElement('table', 'cifb-inspector-table', [
    createElement('caption', '', 'Trace'),
    createElement('thead', '', [
      createElement(
        'tr',
        '',
        COLUMNS.map(([heading]) => createElement('th', '', heading, { scope: 'col' })),
      ),
    ]),
    tbody,
  ]);
  const details = createElement('pre', 'cifb-inspector-json', 'Pick a row to see its entry.');
  const element = createElement(
    'section',
    'cifb-inspector',
    [
      createElement('div', 'cifb-inspector-bar', [
        provider.label,
        method.label,
        outcome.label,
        createElement('label', 'cifb-inspector-field', [new Text('correlationId '), search]),
        exportButton,
        count,
      ]),
      createElement('div', 'cifb-inspector-scroll', [table]),
      createElement('section', 'cifb-inspector-details', [createElement('h3', '', 'Details'), details], {
        'aria-label': 'Entry details',
      }),
    ],
    { 'aria-label': 'Call inspector' },
  );

  const items: Item[] = [];
  const byRow = new WeakMap<HTMLTableRowElement, Item>();
  /** The values each picker offers so far, besides "all". */
  const offered = new Map<HTMLSelectElement, Set<string>>([
    [provider.select, new Set()],
    [method.select, new Set()],
  ]);
  /** The row that is the table's one tab stop. */
  let current: HTMLTableRowElement | undefined;

  const filter = (): InspectorFilter => ({
    provider: provider.select.value,
    method: method.select.value,
    outcome: outcome.select.value,
    search: search.value.trim(),
  });

  const showCount = (): void => {
    count.textContent = `${tbody.rows.length} of ${items.length} entries`;
  };

  const offer = (select: HTMLSelectElement, value: string): void => {
    const values = offered.get(select);
    if (value === '' || values === undefined || values.has(value)) return;
    values.add(value);
    select.append(createElement('option', '', value, { value }));
  };

  /** Makes `tr` the tab stop of the table. */
  const makeCurrent = (tr: HTMLTableRowElement | undefined): void => {
    if (current !== undefined && current !== tr) current.tabIndex = -1;
    current = tr;
    if (tr !== undefined) tr.tabIndex = 0;
  };

  /** Shows the details of `tr`'s entry and marks it. */
  const select = (tr: HTMLTableRowElement): void => {
    const item = byRow.get(tr);
    if (item === undefined) return;
    for (const marked of tbody.querySelectorAll('[aria-current]')) marked.removeAttribute('aria-current');
    tr.setAttribute('aria-current', 'true');
    const json = JSON.stringify(item.entry, null, 2);
    details.textContent = item.row.note === '' ? json : `${item.row.note}\n\n${json}`;
    makeCurrent(tr);
  };

  const add = (entry: TraceEntry): void => {
    const row = inspectorRow(entry);
    const tr = createElement(
      'tr',
      `cifb-inspector-row cifb-inspector-${entry.kind === 'call' && entry.outcome === 'rejected' ? 'rejected' : row.kind}`,
      COLUMNS.map(([, field]) => createElement('td', '', row[field])),
      { tabindex: '-1' },
    );
    const item = { entry, row, tr };
    byRow.set(tr, item);
    items.push(item);
    offer(provider.select, row.provider);
    offer(method.select, row.method);
    if (items.length > MAX_ROWS) {
      const oldest = items.shift();
      if (oldest?.tr === current) makeCurrent(undefined);
      oldest?.tr.remove();
    }
    if (matches(entry, row, filter())) {
      tbody.append(tr);
      if (current === undefined) makeCurrent(tr);
    }
    showCount();
  };

  const refilter = (): void => {
    const wanted = filter();
    tbody.replaceChildren(...items.filter((item) => matches(item.entry, item.row, wanted)).map((item) => item.tr));
    makeCurrent(current?.isConnected === true ? current : (tbody.rows[0] ?? undefined));
    showCount();
  };

  const onKey = (event: KeyboardEvent): void => {
    const tr = (event.target as Element).closest('tr');
    if (tr === null || tr.parentElement !== tbody) return;
    const rows = [...tbody.rows];
    const at = rows.indexOf(tr);
    const next: Record<string, HTMLTableRowElement | undefined> = {
      ArrowDown: rows[at + 1],
      ArrowUp: rows[at - 1],
      Home: rows[0],
      End: rows.at(-1),
    };
    if (event.key === 'Enter' || event.key === ' ') select(tr);
    else if (event.key in next) {
      const target = next[event.key];
      if (target !== undefined) {
        makeCurrent(target);
        target.focus();
      }
    } else return;
    event.preventDefault();
  };

  const onClick = (event: MouseEvent): void => {
    const tr = (event.target as Element).closest('tr');
    if (tr !== null && tr.parentElement === tbody) {
      select(tr);
      tr.focus();
    }
  };

  const exportTrace = (): void => {
    const blob = new Blob([JSON.stringify(host.trace(), null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = createElement('a', '', [], { href: url, download: EXPORT_FILE });
    element.append(link);
    link.click();
    link.remove();
    // The download has its own reference to the file once it starts, in the click's task.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  for (const control of [provider.select, method.select, outcome.select]) control.addEventListener('change', refilter);
  search.addEventListener('input', refilter);
  exportButton.addEventListener('click', exportTrace);
  tbody.addEventListener('keydown', onKey);
  tbody.addEventListener('click', onClick);

  for (const entry of host.trace()) add(entry);
  const stop = host.on('trace', add);
  container.append(element);
  showCount();

  let destroyed = false;
  return {
    element,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      stop();
      element.remove();
    },
  };
}
