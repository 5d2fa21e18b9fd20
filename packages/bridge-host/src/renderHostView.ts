import { createCommunicationPanel } from './createCommunicationPanel.js';
import { createElement, setAttribute, setHidden } from './createElement.js';
import { createNotificationList } from './createNotificationList.js';
import { createTabContent, type TabContent } from './createTabContent.js';
import { createTabList, type TabListBadge, type TabListItem } from './createTabList.js';
import type { HostViewController } from './HostViewController.js';
import type { SessionSnapshot, TabSnapshot } from './types.js';
import { uniqueId } from './uniqueId.js';

/** The list key of the home session; session keys are prefixed so no session id can collide with it. */
const HOME_KEY = 'home';

/** A tab of the tab strip: which session it belongs to (null for home) and its id. */
interface TabRef {
  sessionId: string | null;
  tabId: string;
}

/** The contents created so far for the tabs of one session (or of home). */
interface ContentGroup {
  /** Holds the session's tab contents: closing the session removes this one element, not each content. */
  element: HTMLElement;
  /** Created contents by tab id. A tab has one from the first time it was shown until it closes. */
  contents: Map<string, TabContent>;
}

/**
 * Renders the host's default UI into `container` and keeps it in step with `controller`: the session
 * list (Home first), the focused session's tab strip and content, the communication panel with each
 * provider's frame, and the notifications.
 *
 * The page must link `cif-bridge-host.css`. The view writes no `<style>` and no `style` attribute, so
 * it works under a Content-Security-Policy without `'unsafe-inline'` for styles.
 *
 * Every change the controller reports is rendered in the next microtask, at most once however many
 * changes arrive together. Rendering reconciles by id and writes only what changed: the iframe of a
 * tab and the frame of a provider are created or adopted once and never recreated or moved, because
 * either would reload the page inside.
 *
 * A tab's content (its iframe, or its renderer's output) is created the first time the tab is shown,
 * not when the tab opens: inserting an iframe costs milliseconds, and a session opens with many tabs
 * of which the agent sees one. From then on the content stays in the document, hidden while another
 * tab is shown, so that it never reloads, until its tab or its session closes.
 *
 * Agent actions (clicks, keys) are sent to the controller; the view changes only when the controller
 * reports the change back.
 *
 * @param container - Where the view goes; the view appends one element and leaves the rest alone.
 * @param controller - What the view shows and where agent actions go.
 * @returns `destroy()`, which removes the view, its listeners and its timer, and gives provider
 *   frames back (see `createCommunicationPanel`). It is safe to call twice.
 *
 * @example
 * ```ts
 * const view = renderHostView(document.querySelector<HTMLElement>("#desktop")!, host.view);
 * // later
 * view.destroy();
 * ```
 */
export function renderHostView(container: HTMLElement, controller: HostViewController): { destroy(): void } {
  const root = createElement('div', 'cifb-host');
  const contentId = uniqueId('content');

  const sidebar = createElement('div', 'cifb-sidebar');
  const sessionList = createTabList<string | null>({
    label: 'Sessions',
    orientation: 'vertical',
    className: 'cifb-session-list',
    controls: contentId,
    onSelect: (sessionId) => controller.focusSession(sessionId),
    onClose: (sessionId) => {
      if (sessionId !== null) controller.closeSession(sessionId);
    },
  });
  sidebar.append(sessionList.element);

  const main = createElement('div', 'cifb-main');
  const tabStrip = createTabList<TabRef>({
    label: 'Tabs',
    orientation: 'horizontal',
    className: 'cifb-tab-strip',
    controls: contentId,
    onSelect: (tab) => controller.focusTab(tab.sessionId, tab.tabId),
    onClose: (tab) => controller.closeTab(tab.sessionId, tab.tabId),
  });
  const content = createElement('div', 'cifb-content');
  content.id = contentId;
  content.setAttribute('role', 'tabpanel');
  const empty = createElement('p', 'cifb-empty', 'No tab is open.');
  content.append(empty);

  const panel = createCommunicationPanel((mode) => controller.setMode(mode));
  const notifications = createNotificationList({
    onAnswer: (id, actionName) => controller.answerNotification(id, actionName),
    providerLabel: (name) => providerLabel(name),
  });
  // Notifications sit in the main area, so they never cover the widget the agent answers them with.
  main.append(tabStrip.element, content, notifications.element);
  root.append(sidebar, main, panel.element);

  /** Created tab contents, grouped by session list key (HOME_KEY for home). */
  const groups = new Map<string, ContentGroup>();
  /** The one content on screen: the focused tab of the focused session, once it has been shown. */
  let shown: TabContent | undefined;
  let labels = new Map<string, string>();

  function providerLabel(name: string): string {
    return labels.get(name) ?? name;
  }

  /** Runs the cleanups of a group's contents, then takes them out of the document in one removal. */
  function removeGroup(key: string, group: ContentGroup): void {
    for (const tabContent of group.contents.values()) {
      tabContent.destroy();
      if (tabContent === shown) shown = undefined;
    }
    group.element.remove();
    groups.delete(key);
  }

  /**
   * Brings a session's created contents up to date with its tabs (title, URL, refresh) and drops those
   * of closed tabs. Tabs that were never shown have nothing to update: a refresh of one needs nothing,
   * since its content will load fresh when it is first shown.
   */
  function updateGroup(group: ContentGroup | undefined, tabs: readonly TabSnapshot[]): void {
    if (!group || group.contents.size === 0) return;
    let found = 0;
    for (const tab of tabs) {
      const tabContent = group.contents.get(tab.id);
      if (!tabContent) continue;
      tabContent.update(tab);
      found += 1;
    }
    if (found === group.contents.size) return;
    const open = new Set(tabs.map((tab) => tab.id));
    for (const [id, tabContent] of group.contents) {
      if (open.has(id)) continue;
      tabContent.destroy();
      tabContent.element.remove();
      group.contents.delete(id);
      if (tabContent === shown) shown = undefined;
    }
  }

  /** The content of `tab` in the group `key`, created (and filled) if the tab was never shown. */
  function contentOf(key: string, tab: TabSnapshot): TabContent {
    let group = groups.get(key);
    if (!group) {
      group = { element: createElement('div', 'cifb-tab-group'), contents: new Map() };
      groups.set(key, group);
      // Appended once and never moved, like the contents inside: order in the DOM does not matter.
      content.append(group.element);
    }
    let tabContent = group.contents.get(tab.id);
    if (!tabContent) {
      tabContent = createTabContent(() => controller.renderers());
      group.contents.set(tab.id, tabContent);
      group.element.append(tabContent.element);
      tabContent.update(tab);
    }
    return tabContent;
  }

  function render(): void {
    const providers = controller.providers();
    labels = new Map(providers.map((provider) => [provider.name, provider.label]));
    const home = controller.home();
    const sessions = controller.sessions();

    sessionList.update([
      { key: HOME_KEY, value: null, title: 'Home', selected: home.focused, badges: [] },
      ...sessions.map((session) => sessionItem(session, providerLabel(session.provider))),
    ]);

    const focused = home.focused ? null : sessions.find((session) => session.focused);
    const focusedId = focused ? focused.id : null;
    const focusedTabs = home.focused ? home.tabs : (focused?.tabs ?? []);
    tabStrip.update(focusedTabs.map((tab) => tabItem(focusedId, tab)));
    setHidden(tabStrip.element, focusedTabs.length === 0);

    const open = new Set(sessions.map((session) => sessionKey(session.id)));
    for (const [key, group] of groups) if (key !== HOME_KEY && !open.has(key)) removeGroup(key, group);
    updateGroup(groups.get(HOME_KEY), home.tabs);
    for (const session of sessions) updateGroup(groups.get(sessionKey(session.id)), session.tabs);

    const visible = focusedTabs.find((tab) => tab.focused);
    const next = visible ? contentOf(focused ? sessionKey(focused.id) : HOME_KEY, visible) : undefined;
    if (next !== shown) {
      if (shown) shown.element.hidden = true;
      if (next) next.element.hidden = false;
      shown = next;
    }
    setHidden(empty, shown !== undefined);
    // The tabpanel is named by the selected tab, as the tabs pattern asks; with no tab it needs a name of its own.
    const labelledBy = tabStrip.selectedTabId();
    if (labelledBy) {
      setAttribute(content, 'aria-labelledby', labelledBy);
      setAttribute(content, 'aria-label', null);
    } else {
      setAttribute(content, 'aria-labelledby', null);
      setAttribute(content, 'aria-label', 'No tab open');
    }

    panel.update(providers, controller.panel());
    notifications.update(controller.notifications());
  }

  // The first render happens before the view is attached, so the shown tab's iframe is inserted once,
  // already in place. It comes before the subscription too: if it throws, nothing is left listening.
  render();

  let destroyed = false;
  let scheduled = false;
  const removeListener = controller.onChange(() => {
    if (scheduled || destroyed) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (!destroyed) render();
    });
  });
  container.append(root);

  return {
    destroy() {
      if (destroyed) return;
      destroyed = true;
      removeListener();
      // Cleanups first; the contents then leave the document with the view, in one removal.
      for (const group of groups.values()) for (const tabContent of group.contents.values()) tabContent.destroy();
      groups.clear();
      shown = undefined;
      panel.destroy();
      notifications.destroy();
      sessionList.destroy();
      tabStrip.destroy();
      root.remove();
    },
  };
}

/** The session list key of a session. */
function sessionKey(sessionId: string): string {
  return `session:${sessionId}`;
}

/** The session list item of a session: title, provider label and its markers. */
function sessionItem(session: SessionSnapshot, provider: string): TabListItem<string | null> {
  const badges: TabListBadge[] = [];
  if (session.newActivity > 0) {
    badges.push({
      kind: 'activity',
      text: session.newActivity > 99 ? '99+' : String(session.newActivity),
      label: `${session.newActivity} new ${session.newActivity === 1 ? 'activity' : 'activities'}`,
    });
  }
  if (session.kpiBreach) {
    badges.push({
      kind: 'kpi',
      text: '!',
      label: 'KPI breached',
      tooltip: session.kpiBreach.details === '' ? 'KPI breached' : `KPI breached: ${session.kpiBreach.details}`,
    });
  }
  if (session.focusRequest) {
    const count = session.focusRequest.messagesCount;
    badges.push({
      kind: 'focus',
      text: count > 0 ? `● ${count}` : '●',
      label: 'Focus requested',
      tooltip: count > 0 ? `Focus requested: ${count} ${count === 1 ? 'message' : 'messages'}` : 'Focus requested',
    });
  }
  const title = session.title === '' ? '(untitled)' : session.title;
  return {
    key: sessionKey(session.id),
    value: session.id,
    title: session.title,
    subtitle: provider,
    selected: session.focused,
    closeLabel: `Close session ${title}`,
    badges,
  };
}

/** The tab strip item of a tab; the anchor tab and tabs that can't close have no close button. */
function tabItem(sessionId: string | null, tab: TabSnapshot): TabListItem<TabRef> {
  const title = tab.title === '' ? '(untitled)' : tab.title;
  const item: TabListItem<TabRef> = {
    key: tab.id,
    value: { sessionId, tabId: tab.id },
    title: tab.title,
    selected: tab.focused,
    badges: [],
  };
  if (tab.canClose && !tab.anchor) item.closeLabel = `Close tab ${title}`;
  return item;
}
