import { assign, createElement, entryOf, prune, setAttribute } from './createElement.js';
import { uniqueId } from './uniqueId.js';

/** A marker shown beside an item of a {@link TabList}, such as an unread count. */
export interface TabListBadge {
  /** Picks the look: `activity` (unread count), `kpi` (KPI breach) or `focus` (focus request). */
  kind: 'activity' | 'kpi' | 'focus';
  /** Short visible text, such as `3` or `!`. */
  text: string;
  /** Accessible name, such as `3 new activities`. */
  label: string;
  /** Tooltip with details, such as the KPI breach details. */
  tooltip?: string;
}

/** One item of a {@link TabList}. */
export interface TabListItem<T> {
  /**
   * What the item stands for, handed back to `onSelect` and `onClose`. It is also the item's
   * identity across updates, so it must be unique within the list and compare with `===`.
   */
  value: T;
  /** Visible title and accessible name of the tab; it should not be empty. */
  title: string;
  /** Secondary line under the title, such as the owning provider's label. */
  subtitle?: string;
  /** Whether this is the selected (focused) item. */
  selected: boolean;
  /** Accessible name of the close button; without it the item has no close button. */
  closeLabel?: string;
  /** Markers shown after the title. */
  badges: readonly TabListBadge[];
}

/** Options of {@link createTabList}. */
export interface TabListOptions<T> {
  /** Accessible name of the tablist, such as `Sessions`. */
  label: string;
  /** Which arrow keys move between tabs. */
  orientation: 'horizontal' | 'vertical';
  /** Extra class names of the list element. */
  className: string;
  /** Id of the tabpanel the tabs control. */
  controls: string;
  /** The agent picked an item. */
  onSelect(value: T): void;
  /** The agent closed an item. */
  onClose(value: T): void;
}

/** A `role="tablist"` whose items are reconciled by value, so updates never rebuild the list. */
export interface TabList<T> {
  /** The list element, to place in the page. */
  readonly element: HTMLElement;
  /** Makes the list show `items`, in that order. */
  update(items: readonly TabListItem<T>[]): void;
  /** Document id of the selected tab, for the tabpanel's `aria-labelledby`; undefined when none. */
  selectedTabId(): string | undefined;
}

/** The elements of one item, kept so updates touch only what changed. */
interface ItemElements<T> {
  root: HTMLElement;
  tab: HTMLButtonElement;
  title: HTMLElement;
  subtitle: HTMLElement;
  badges: HTMLElement;
  close: HTMLButtonElement;
  /** What the badges were built from, to skip rebuilding them when nothing changed. */
  badgeKey: string;
  /** The item the elements show. */
  item: TabListItem<T>;
}

/**
 * Creates a list of tabs with optional close buttons and badges: the session list and the tab strip
 * of the default UI.
 *
 * Each item is a wrapper holding a `role="tab"` button and, beside it rather than inside it, the
 * badges and the close button: a tab's children are presentational in ARIA, so a button nested in
 * the tab would be unreachable for assistive technology. The tab is named by its title alone
 * (`aria-labelledby`) and described by its subtitle and badges (`aria-describedby`).
 *
 * An update reuses the elements of items that left the list for the items that joined it, which
 * are otherwise built anew. When the focused session changes, the tab strip swaps all its items,
 * and reusing their elements spares building, styling and laying out a whole strip.
 *
 * Keyboard: arrows, Home and End move focus between tabs (manual activation, because focusing a
 * session notifies widgets, so passing over one must not switch to it); Enter or Space selects;
 * Delete closes a closable tab.
 */
export function createTabList<T>(options: TabListOptions<T>): TabList<T> {
  const { orientation, onSelect, onClose } = options;
  const list = createElement('div', `cifb-tablist cifb-tablist--${orientation} ${options.className}`, [], {
    role: 'tablist',
    'aria-label': options.label,
    'aria-orientation': orientation,
  });
  const items = new Map<T, ItemElements<T>>();
  /** The items in the order of the last update, which is their order in the document. */
  let order: ItemElements<T>[] = [];
  // Listeners are delegated to the list, and are its handler properties: they go with the element, and
  // items carry none of their own.
  list.onclick = (event) => {
    const target = event.target as Node;
    const entry = order.find((other) => other.root.contains(target));
    if (!entry) return;
    // The close button is hidden when the item can't close, so a click on it closes. A click on the
    // badges selects, like one on the tab: to the agent they are part of the item.
    (entry.close.contains(target) ? onClose : onSelect)(entry.item.value);
  };

  list.onkeydown = (event) => {
    const index = order.findIndex((other) => other.tab === event.target);
    const entry = order[index];
    if (!entry) return;
    if (event.key === 'Delete' && entry.item.closeLabel !== undefined) {
      event.preventDefault();
      onClose(entry.item.value);
      return;
    }
    const last = order.length - 1;
    const [previous, next] = orientation === 'vertical' ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight'];
    const target = new Map([
      [previous, index > 0 ? index - 1 : last],
      [next, index < last ? index + 1 : 0],
      ['Home', 0],
      ['End', last],
    ]).get(event.key);
    if (target === undefined) return;
    event.preventDefault();
    order[target]?.tab.focus();
  };

  function createItem(item: TabListItem<T>): ItemElements<T> {
    const title = createElement('span', 'cifb-tabitem-title', [], { id: uniqueId() });
    const subtitle = createElement('span', 'cifb-tabitem-subtitle', [], { id: uniqueId() });
    const badges = createElement('span', 'cifb-badges', [], { id: uniqueId() });
    const tab = createElement('button', 'cifb-tabitem-tab', [title, subtitle], {
      type: 'button',
      id: uniqueId(),
      role: 'tab',
      'aria-controls': options.controls,
      'aria-labelledby': title.id,
      'aria-describedby': `${subtitle.id} ${badges.id}`,
    });
    const close = createElement('button', 'cifb-close', '×', { type: 'button' });
    const root = createElement('div', 'cifb-tabitem', [tab, badges, close]);
    return { root, tab, title, subtitle, badges, close, badgeKey: '', item };
  }

  function updateItem(entry: ItemElements<T>, item: TabListItem<T>): void {
    entry.item = item;
    const { title, closeLabel, subtitle = '' } = item;
    assign(entry.title, 'textContent', title);
    assign(entry.tab, 'title', title);
    assign(entry.subtitle, 'textContent', subtitle);
    setAttribute(entry.tab, 'aria-selected', String(item.selected));
    setAttribute(entry.tab, 'aria-current', item.selected ? 'true' : null);
    // toggle() with a force that matches the current state writes nothing.
    entry.root.classList.toggle('cifb-tabitem--selected', item.selected);
    assign(entry.close, 'hidden', closeLabel === undefined);
    assign(entry.close, 'title', closeLabel ?? '');
    setAttribute(entry.close, 'aria-label', closeLabel ?? null);
    const badgeKey = JSON.stringify(item.badges);
    if (badgeKey !== entry.badgeKey) {
      entry.badgeKey = badgeKey;
      entry.badges.replaceChildren(...item.badges.map(createBadge));
    }
  }

  return {
    element: list,

    update(next) {
      /** Items that left the list, whose elements the items that joined it take over. */
      const spare: ItemElements<T>[] = [];
      let lostFocus = false;
      prune(
        items,
        next.map((item) => item.value),
        (entry) => {
          // The item holding keyboard focus is not reused: focus must not stay on a tab it never chose.
          if (entry.root.contains(document.activeElement)) {
            lostFocus = true;
            entry.root.remove();
          } else {
            spare.push(entry);
          }
        },
      );
      order = next.map((item, index) => {
        const entry = entryOf(items, item.value, () => spare.shift() ?? createItem(item));
        updateItem(entry, item);
        // Items hold no iframes, so moving one to keep the order is harmless.
        const current = list.children[index];
        if (current !== entry.root) list.insertBefore(entry.root, current ?? null);
        return entry;
      });
      for (const entry of spare) entry.root.remove();
      // Roving tabindex: the list is one tab stop, on the selected item (or the first).
      const stop = order.find((entry) => entry.item.selected) ?? order[0];
      for (const entry of order) assign(entry.tab, 'tabIndex', entry === stop ? 0 : -1);
      // Closing the focused item would drop keyboard focus to <body>; keep it in the list instead.
      if (lostFocus) stop?.tab.focus();
    },

    selectedTabId() {
      return order.find((entry) => entry.item.selected)?.tab.id;
    },
  };
}

/** One badge: `role="img"` so its `aria-label` is allowed and it is found by role and name. */
function createBadge(badge: TabListBadge): HTMLElement {
  const node = createElement('span', `cifb-badge cifb-badge--${badge.kind}`, badge.text, {
    role: 'img',
    'aria-label': badge.label,
  });
  if (badge.tooltip !== undefined) node.title = badge.tooltip;
  return node;
}
