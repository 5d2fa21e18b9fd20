import { createCommunicationPanel } from './createCommunicationPanel.js';
import { assign, createElement, entryOf, prune, setAttribute } from './createElement.js';
import { createNotificationList } from './createNotificationList.js';
import { createPresencePicker } from './createPresencePicker.js';
import { createSpareContent, createTabContent, showsFrame, type TabContent } from './createTabContent.js';
import { createTabList, type TabListBadge, type TabListItem } from './createTabList.js';
import type { HostViewController, ProviderView } from './HostViewController.js';
import type { SessionSnapshot, TabSnapshot } from './types.js';
import { uniqueId } from './uniqueId.js';

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
 * tab is shown, so that it never reloads, until its tab or its session closes. Once a tab has shown
 * an iframe, the view keeps one spare blank iframe in the document for the next such tab to take
 * over (see `createSpareContent`), inserted after the frame that showed the last one: showing a new
 * session then costs the navigation of a frame rather than its creation.
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
  const contentId = uniqueId();
  /** The session whose tabs the strip shows (null: home). */
  let stripSession: string | null = null;

  const sessionList = createTabList<string | null>({
    label: 'Sessions',
    orientation: 'vertical',
    className: 'cifb-session-list',
    controls: contentId,
    onSelect: (sessionId) => controller.focusSession(sessionId),
    onClose: (sessionId) => sessionId !== null && controller.closeSession(sessionId),
  });
  const tabStrip = createTabList<string>({
    label: 'Tabs',
    orientation: 'horizontal',
    className: 'cifb-tab-strip',
    controls: contentId,
    onSelect: (tabId) => controller.focusTab(stripSession, tabId),
    onClose: (tabId) => controller.closeTab(stripSession, tabId),
  });
  const empty = createElement('p', 'cifb-empty', 'No tab is open.');
  const content = createElement('div', 'cifb-content', [empty], { id: contentId, role: 'tabpanel' });
  const panel = createCommunicationPanel((mode) => controller.setMode(mode));
  const notifications = createNotificationList({
    onAnswer: (id, actionName) => controller.answerNotification(id, actionName),
    providerLabel,
  });
  const presence = createPresencePicker((id) => controller.setPresence?.(id));
  // The action of a tab whose template sets sendToCustomer (a knowledge article): shown for that tab only.
  const sendToCustomer = createElement('button', 'cifb-tab-action', 'Send to customer', { type: 'button' });
  let sendTab: string | undefined;
  sendToCustomer.onclick = () => sendTab !== undefined && controller.sendToCustomer?.(stripSession, sendTab);
  const tabActions = createElement('div', 'cifb-tab-actions', [sendToCustomer]);
  const root = createElement('div', 'cifb-host', [
    createElement('div', 'cifb-sidebar', [presence.element, sessionList.element]),
    // Notifications sit in the main area, so they never cover the widget the agent answers them with.
    createElement('div', 'cifb-main', [panel.launcher, tabStrip.element, tabActions, content, notifications.element]),
    panel.element,
  ]);

  /** Created tab contents, by session id (null: home) and then by tab id. */
  const created = new Map<string | null, Map<string, TabContent>>();
  /** The one content on screen: the focused tab of the focused session, once it has been shown. */
  let shown: TabContent | undefined;
  /** The spare for the next tab that shows an iframe, and whether one is on its way. */
  let spare: HTMLElement | undefined;
  let spareComing = false;
  let providers: readonly ProviderView[] = [];
  let destroyed = false;

  function providerLabel(name: string): string {
    return providers.find((provider) => provider.name === name)?.label ?? name;
  }

  /**
   * Prepares a spare, unless there is one or one is on its way. It is inserted in a task of its own
   * after the next frame, so that the frame showing what the render changed never waits for it.
   */
  function prepareSpare(): void {
    if (spare || spareComing) return;
    spareComing = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        spareComing = false;
        if (destroyed) return;
        spare = createSpareContent();
        // Contents are positioned, so order in the DOM does not matter: append, and never move.
        content.append(spare);
      }),
    );
  }

  /** The content of `tab` of `session` (null: home), created (and filled) if the tab was never shown. */
  function contentOf(session: string | null, tab: TabSnapshot): TabContent {
    return entryOf(
      entryOf(created, session, () => new Map()),
      tab.id,
      () => {
        const frames = showsFrame(tab.type);
        const taken = frames ? spare : undefined;
        if (taken) spare = undefined;
        const tabContent = createTabContent(() => controller.renderers(), taken);
        if (!taken) content.append(tabContent.element);
        tabContent.update(tab);
        if (frames) prepareSpare();
        return tabContent;
      },
    );
  }

  function render(): void {
    providers = controller.providers();
    const home = controller.home();
    const sessions = controller.sessions();

    sessionList.update([
      { value: null, title: 'Home', selected: home.focused, badges: [] },
      ...sessions.map((session) => sessionItem(session, providerLabel(session.provider))),
    ]);

    const focused = home.focused ? undefined : sessions.find((session) => session.focused);
    const tabs = (home.focused ? home : focused)?.tabs ?? [];
    stripSession = focused?.id ?? null;
    // With no tabs, the strip is empty, and the stylesheet hides it.
    tabStrip.update(tabs.map(tabItem));

    // Bring created contents up to date (title, URL, refresh); drop those of closed tabs and sessions.
    // Tabs that were never shown have nothing to update: they will load fresh when first shown.
    const open = new Map<string | null, readonly TabSnapshot[]>([
      [null, home.tabs],
      ...sessions.map((session) => [session.id, session.tabs] as const),
    ]);
    for (const [session, contents] of created) {
      const sessionTabs = open.get(session) ?? [];
      prune(
        contents,
        sessionTabs.map((tab) => tab.id),
        (tabContent) => {
          tabContent.destroy();
          tabContent.element.remove();
          if (tabContent === shown) shown = undefined;
        },
      );
      for (const tab of sessionTabs) contents.get(tab.id)?.update(tab);
      if (!open.has(session)) created.delete(session);
    }

    const visible = tabs.find((tab) => tab.focused);
    sendTab = visible?.sendToCustomer && controller.sendToCustomer ? visible.id : undefined;
    assign(tabActions, 'hidden', sendTab === undefined);
    presence.update(controller.presence?.());
    const next = visible && contentOf(stripSession, visible);
    if (next !== shown) {
      if (shown) shown.element.hidden = true;
      if (next) next.element.hidden = false;
      shown = next;
    }
    assign(empty, 'hidden', shown !== undefined);
    // The tabpanel is named by the selected tab, as the tabs pattern asks; with no tab it needs a name of its own.
    const labelledBy = tabStrip.selectedTabId() ?? null;
    setAttribute(content, 'aria-labelledby', labelledBy);
    setAttribute(content, 'aria-label', labelledBy ? null : 'No tab open');

    panel.update(providers, controller.panel());
    notifications.update(controller.notifications());
  }

  // The first render happens before the view is attached, so the shown tab's iframe is inserted once,
  // already in place. It comes before the subscription too: if it throws, nothing is left listening.
  render();

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
      for (const contents of created.values()) for (const tabContent of contents.values()) tabContent.destroy();
      panel.destroy();
      notifications.destroy();
      root.remove();
    },
  };
}

/** The session list item of a session: title, provider label and its markers. */
function sessionItem(session: SessionSnapshot, provider: string): TabListItem<string | null> {
  const { newActivity, kpiBreach, focusRequest } = session;
  const badges: TabListBadge[] = [];
  if (newActivity > 0) {
    badges.push({
      kind: 'activity',
      text: newActivity > 99 ? '99+' : String(newActivity),
      label: `${newActivity} new ${newActivity === 1 ? 'activity' : 'activities'}`,
    });
  }
  if (kpiBreach) {
    badges.push({
      kind: 'kpi',
      text: '!',
      label: 'KPI breached',
      tooltip: detailed('KPI breached', kpiBreach.details),
    });
  }
  if (focusRequest) {
    const count = focusRequest.messagesCount;
    badges.push({
      kind: 'focus',
      text: count > 0 ? `● ${count}` : '●',
      label: 'Focus requested',
      tooltip: detailed('Focus requested', count > 0 ? `${count} ${count === 1 ? 'message' : 'messages'}` : ''),
    });
  }
  const title = untitled(session.title);
  return {
    value: session.id,
    title,
    subtitle: provider,
    selected: session.focused,
    closeLabel: `Close session ${title}`,
    badges,
  };
}

/** The tab strip item of a tab; the anchor tab and tabs that can't close have no close button. */
function tabItem(tab: TabSnapshot): TabListItem<string> {
  const title = untitled(tab.title);
  return {
    value: tab.id,
    title,
    selected: tab.focused,
    closeLabel: tab.canClose && !tab.anchor ? `Close tab ${title}` : undefined,
    badges: [],
  };
}

/** A badge's tooltip: its label, then the details if there are any. */
function detailed(label: string, details: string): string {
  return details ? `${label}: ${details}` : label;
}

/** The title to show: an empty one would leave a tab with no visible text and no accessible name. */
function untitled(title: string): string {
  return title || '(untitled)';
}
