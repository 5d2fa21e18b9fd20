import { createElement, setAttribute, setHidden } from './createElement.js';
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
  /** Stable identity of the item across updates, unique within the list. */
  key: string;
  /** What the item stands for; handed back to `onSelect` and `onClose`. */
  value: T;
  /** Visible title and accessible name of the tab. */
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

/** A `role="tablist"` whose items are reconciled by key, so updates never rebuild the list. */
export interface TabList<T> {
  /** The list element, to place in the page. */
  readonly element: HTMLElement;
  /** Makes the list show `items`, in that order. */
  update(items: readonly TabListItem<T>[]): void;
  /** Document id of the selected tab, for the tabpanel's `aria-labelledby`; undefined when none. */
  selectedTabId(): string | undefined;
  /** Removes the list's listeners and the list element. Safe to call twice. */
  destroy(): void;
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
 * Keyboard: arrows, Home and End move focus between tabs (manual activation, because focusing a
 * session notifies widgets, so passing over one must not switch to it); Enter or Space selects;
 * Delete closes a closable tab.
 */
export function createTabList<T>(options: TabListOptions<T>): TabList<T> {
  const list = createElement('div', `cifb-tablist cifb-tablist--${options.orientation} ${options.className}`);
  list.setAttribute('role', 'tablist');
  list.setAttribute('aria-label', options.label);
  list.setAttribute('aria-orientation', options.orientation);

  const items = new Map<string, ItemElements<T>>();
  // Listeners are delegated to the list, so items carry no listeners of their own to remove.
  const owners = new WeakMap<Element, ItemElements<T>>();
  const listeners = new AbortController();

  /** The items in document order, which is the order of the last update. */
  function ordered(): ItemElements<T>[] {
    return [...list.children].flatMap((child) => {
      const entry = owners.get(child);
      return entry ? [entry] : [];
    });
  }

  /** The item an event happened in, or undefined when it happened between items. */
  function itemOf(target: EventTarget | null): ItemElements<T> | undefined {
    const root = target instanceof Element ? target.closest('.cifb-tabitem') : null;
    return root ? owners.get(root) : undefined;
  }

  list.addEventListener(
    'click',
    (event) => {
      const entry = itemOf(event.target);
      if (!entry) return;
      if (event.target instanceof Element && entry.close.contains(event.target)) {
        if (entry.item.closeLabel !== undefined) options.onClose(entry.item.value);
      } else {
        // A click on the badges selects too: to the agent they are part of the item.
        options.onSelect(entry.item.value);
      }
    },
    { signal: listeners.signal },
  );

  list.addEventListener(
    'keydown',
    (event) => {
      const entry = itemOf(event.target);
      if (!entry || event.target !== entry.tab) return;
      const tabs = ordered().map((other) => other.tab);
      const index = tabs.indexOf(entry.tab);
      const previous = options.orientation === 'vertical' ? 'ArrowUp' : 'ArrowLeft';
      const next = options.orientation === 'vertical' ? 'ArrowDown' : 'ArrowRight';
      let target: HTMLButtonElement | undefined;
      if (event.key === previous) target = tabs[(index - 1 + tabs.length) % tabs.length];
      else if (event.key === next) target = tabs[(index + 1) % tabs.length];
      else if (event.key === 'Home') target = tabs[0];
      else if (event.key === 'End') target = tabs[tabs.length - 1];
      else if (event.key === 'Delete' && entry.item.closeLabel !== undefined) {
        event.preventDefault();
        options.onClose(entry.item.value);
        return;
      } else return;
      event.preventDefault();
      target?.focus();
    },
    { signal: listeners.signal },
  );

  function createItem(item: TabListItem<T>): ItemElements<T> {
    const root = createElement('div', 'cifb-tabitem');
    const tab = createElement('button', 'cifb-tabitem-tab');
    tab.type = 'button';
    tab.id = uniqueId('tab');
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-controls', options.controls);
    const title = createElement('span', 'cifb-tabitem-title');
    title.id = uniqueId('title');
    const subtitle = createElement('span', 'cifb-tabitem-subtitle');
    subtitle.id = uniqueId('subtitle');
    const badges = createElement('span', 'cifb-badges');
    badges.id = uniqueId('badges');
    tab.setAttribute('aria-labelledby', title.id);
    tab.setAttribute('aria-describedby', `${subtitle.id} ${badges.id}`);
    tab.append(title, subtitle);
    const close = createElement('button', 'cifb-close', '×');
    close.type = 'button';
    root.append(tab, badges, close);
    const entry: ItemElements<T> = { root, tab, title, subtitle, badges, close, badgeKey: '', item };
    owners.set(root, entry);
    return entry;
  }

  function updateItem(entry: ItemElements<T>, item: TabListItem<T>): void {
    entry.item = item;
    const title = item.title === '' ? '(untitled)' : item.title;
    // Compare first: rewriting equal text still costs a mutation and a screen reader re-read.
    if (entry.title.textContent !== title) entry.title.textContent = title;
    if (entry.tab.title !== title) entry.tab.title = title;
    const subtitle = item.subtitle ?? '';
    if (entry.subtitle.textContent !== subtitle) entry.subtitle.textContent = subtitle;
    setHidden(entry.subtitle, subtitle === '');
    setAttribute(entry.tab, 'aria-selected', String(item.selected));
    setAttribute(entry.tab, 'aria-current', item.selected ? 'true' : null);
    // toggle() with a force that matches the current state writes nothing.
    entry.root.classList.toggle('cifb-tabitem--selected', item.selected);
    setHidden(entry.close, item.closeLabel === undefined);
    setAttribute(entry.close, 'aria-label', item.closeLabel ?? null);
    if (item.closeLabel !== undefined && entry.close.title !== item.closeLabel) entry.close.title = item.closeLabel;
    const badgeKey = JSON.stringify(item.badges);
    if (badgeKey !== entry.badgeKey) {
      entry.badgeKey = badgeKey;
      entry.badges.replaceChildren(...item.badges.map(createBadge));
    }
  }

  return {
    element: list,

    update(next) {
      const wanted = new Set(next.map((item) => item.key));
      let lostFocus = false;
      for (const [key, entry] of items) {
        if (wanted.has(key)) continue;
        lostFocus ||= entry.root.contains(document.activeElement);
        entry.root.remove();
        items.delete(key);
      }
      next.forEach((item, index) => {
        let entry = items.get(item.key);
        if (!entry) {
          entry = createItem(item);
          items.set(item.key, entry);
        }
        updateItem(entry, item);
        // Items hold no iframes, so moving one to keep the order is harmless.
        const current = list.children[index];
        if (current !== entry.root) list.insertBefore(entry.root, current ?? null);
      });
      // Roving tabindex: the list is one tab stop, on the selected item (or the first).
      const entries = ordered();
      const stop = entries.find((entry) => entry.item.selected) ?? entries[0];
      for (const entry of entries) {
        const tabIndex = entry === stop ? 0 : -1;
        if (entry.tab.tabIndex !== tabIndex) entry.tab.tabIndex = tabIndex;
      }
      // Closing the focused item would drop keyboard focus to <body>; keep it in the list instead.
      if (lostFocus) stop?.tab.focus();
    },

    selectedTabId() {
      for (const entry of items.values()) if (entry.item.selected) return entry.tab.id;
      return undefined;
    },

    destroy() {
      listeners.abort();
      items.clear();
      list.remove();
    },
  };
}

/** One badge: `role="img"` so its `aria-label` is allowed and it is found by role and name. */
function createBadge(badge: TabListBadge): HTMLElement {
  const node = createElement('span', `cifb-badge cifb-badge--${badge.kind}`, badge.text);
  node.setAttribute('role', 'img');
  node.setAttribute('aria-label', badge.label);
  if (badge.tooltip !== undefined) node.title = badge.tooltip;
  return node;
}
