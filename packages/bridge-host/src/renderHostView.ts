import { createCommunicationPanel } from './createCommunicationPanel.js';
import { createElement } from './createElement.js';
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

/**
 * Renders the host's default UI into `container` and keeps it in step with `controller`: the session
 * list (Home first), the focused session's tab strip and content, the communication panel with each
 * provider's frame, and the notifications.
 *
 * The page must link `cif-bridge-host.css`. The view writes no `<style>` and no `style` attribute, so
 * it works under a Content-Security-Policy without `'unsafe-inline'` for styles.
 *
 * Every change the controller reports is rendered in the next microtask, at most once however many
 * changes arrive together. Rendering reconciles by id: the iframe of a tab and the frame of a provider
 * are created or adopted once and never recreated or moved, because either would reload the page
 * inside. Tabs of unfocused sessions stay in the document, hidden, for the same reason.
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
 * const view = renderHostView(document.querySelector('#desktop')!, host.view);
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

  /** One content element per open tab of every session, by tab id. */
  const contents = new Map<string, TabContent>();
  let labels = new Map<string, string>();

  function providerLabel(name: string): string {
    return labels.get(name) ?? name;
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
    tabStrip.element.hidden = focusedTabs.length === 0;

    const open: TabSnapshot[] = [...home.tabs, ...sessions.flatMap((session) => session.tabs)];
    const visible = focusedTabs.find((tab) => tab.focused);
    const stillOpen = new Set(open.map((tab) => tab.id));
    for (const [id, tabContent] of contents) {
      if (stillOpen.has(id)) continue;
      tabContent.destroy();
      contents.delete(id);
    }
    for (const tab of open) {
      let tabContent = contents.get(tab.id);
      if (!tabContent) {
        tabContent = createTabContent(() => controller.renderers());
        contents.set(tab.id, tabContent);
        // Appended once and never moved: its order in the DOM does not matter, one is shown at a time.
        content.append(tabContent.element);
      }
      tabContent.element.hidden = tab.id !== visible?.id;
      tabContent.update(tab);
    }
    empty.hidden = visible !== undefined;
    // The tabpanel is named by the selected tab, as the tabs pattern asks; with no tab it needs a name of its own.
    const labelledBy = tabStrip.selectedTabId();
    if (labelledBy) {
      content.setAttribute('aria-labelledby', labelledBy);
      content.removeAttribute('aria-label');
    } else {
      content.removeAttribute('aria-labelledby');
      content.setAttribute('aria-label', 'No tab open');
    }

    panel.update(providers, controller.panel());
    notifications.update(controller.notifications());
  }

  // The first render happens before the view is attached, so each iframe is inserted once, already in
  // place. It comes before the subscription too: if it throws, nothing is left listening.
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
      for (const tabContent of contents.values()) tabContent.destroy();
      contents.clear();
      panel.destroy();
      notifications.destroy();
      sessionList.destroy();
      tabStrip.destroy();
      root.remove();
    },
  };
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
    key: `session:${session.id}`,
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
