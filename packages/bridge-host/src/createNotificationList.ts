import { createElement, setHidden } from './createElement.js';
import type { NotificationSnapshot } from './HostViewController.js';
import { uniqueId } from './uniqueId.js';

/** How often the countdowns are redrawn. They show whole seconds, so once a second is enough. */
const TICK_MS = 1000;

/** The notifications area of the default UI. */
export interface NotificationList {
  /** The area element, to place in the page. */
  readonly element: HTMLElement;
  /** Makes the area show `notifications`; starts or stops the countdown timer as needed. */
  update(notifications: readonly NotificationSnapshot[]): void;
  /** Stops the timer, removes the listeners and the area. Safe to call twice. */
  destroy(): void;
}

/** Options of {@link createNotificationList}. */
export interface NotificationListOptions {
  /** The agent answered a notification. */
  onAnswer(id: string, actionName: 'Accept' | 'Reject'): void;
  /** The label to show for a provider name. */
  providerLabel(name: string): string;
}

/** The elements of one notification. */
interface NotificationElements {
  root: HTMLElement;
  countdown: HTMLElement;
  accept: HTMLButtonElement;
  reject: HTMLButtonElement;
  snapshot: NotificationSnapshot;
}

/**
 * Creates the notifications area: one `role="alertdialog"` per notification, with its fields, a
 * countdown and Accept and Reject buttons.
 *
 * The dialogs do not take keyboard focus when they appear: an agent may be typing in a chat, and a
 * ringing call must not swallow the keystrokes. The alertdialog role still has them announced.
 *
 * One interval timer redraws every countdown, and it exists only while a notification is shown, so
 * an idle page does no work. The model decides when a notification times out; the countdown only
 * displays `expiresAt - Date.now()`.
 */
export function createNotificationList(options: NotificationListOptions): NotificationList {
  const area = createElement('div', 'cifb-notifications');
  const shown = new Map<string, NotificationElements>();
  const listeners = new AbortController();
  let timer: ReturnType<typeof setInterval> | undefined;

  area.addEventListener(
    'click',
    (event) => {
      if (!(event.target instanceof Element)) return;
      const button = event.target.closest('button');
      if (!button || button.disabled) return;
      for (const [id, entry] of shown) {
        const action = button === entry.accept ? 'Accept' : button === entry.reject ? 'Reject' : undefined;
        if (!action) continue;
        // One answer per notification: a double click must not answer twice while the model catches up.
        entry.accept.disabled = true;
        entry.reject.disabled = true;
        options.onAnswer(id, action);
        return;
      }
    },
    { signal: listeners.signal },
  );

  function tick(): void {
    const now = Date.now();
    for (const entry of shown.values()) {
      const seconds = Math.max(0, Math.ceil((entry.snapshot.expiresAt - now) / 1000));
      const text = seconds > 0 ? `${seconds} s left` : 'Expired';
      if (entry.countdown.textContent !== text) entry.countdown.textContent = text;
    }
  }

  function create(snapshot: NotificationSnapshot): NotificationElements {
    const root = createElement('section', 'cifb-notification');
    root.setAttribute('role', 'alertdialog');
    const title = createElement('h2', 'cifb-notification-title', snapshot.title);
    title.id = uniqueId('notification-title');
    root.setAttribute('aria-labelledby', title.id);
    const source = createElement('p', 'cifb-notification-source', options.providerLabel(snapshot.provider));
    const fields = createElement('dl', 'cifb-notification-fields');
    fields.id = uniqueId('notification-fields');
    for (const field of snapshot.fields) {
      fields.append(createElement('dt', '', field.label), createElement('dd', '', field.value));
    }
    fields.hidden = snapshot.fields.length === 0;
    root.setAttribute('aria-describedby', fields.id);
    // role="timer" is a live region that is off by default: visible every second, announced never.
    const countdown = createElement('p', 'cifb-countdown');
    countdown.setAttribute('role', 'timer');
    const actions = createElement('div', 'cifb-notification-actions');
    const accept = createElement('button', 'cifb-button cifb-button--primary', snapshot.acceptLabel);
    accept.type = 'button';
    const reject = createElement('button', 'cifb-button', snapshot.rejectLabel);
    reject.type = 'button';
    actions.append(accept, reject);
    root.append(source, title, fields, countdown, actions);
    return { root, countdown, accept, reject, snapshot };
  }

  return {
    element: area,

    update(notifications) {
      const wanted = new Set(notifications.map((notification) => notification.id));
      for (const [id, entry] of shown) {
        if (wanted.has(id)) continue;
        entry.root.remove();
        shown.delete(id);
      }
      notifications.forEach((snapshot, index) => {
        let entry = shown.get(snapshot.id);
        if (!entry) {
          entry = create(snapshot);
          shown.set(snapshot.id, entry);
        }
        // A notification's content is fixed when it is raised; only its deadline is read again.
        entry.snapshot = snapshot;
        const current = area.children[index];
        if (current !== entry.root) area.insertBefore(entry.root, current ?? null);
      });
      setHidden(area, shown.size === 0);
      if (shown.size > 0 && timer === undefined) timer = setInterval(tick, TICK_MS);
      if (shown.size === 0 && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
      tick();
    },

    destroy() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      listeners.abort();
      shown.clear();
      area.remove();
    },
  };
}
