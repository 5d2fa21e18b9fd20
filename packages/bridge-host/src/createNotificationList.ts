import { assign, createElement, entryOf, prune } from './createElement.js';
import type { NotificationSnapshot } from './HostViewController.js';
import { uniqueId } from './uniqueId.js';

/** The notifications area of the default UI. */
export interface NotificationList {
  /** The area element, to place in the page. */
  readonly element: HTMLElement;
  /** Makes the area show `notifications`; starts or stops the countdown timer as needed. */
  update(notifications: readonly NotificationSnapshot[]): void;
  /** Stops the timer and removes the area. Safe to call twice. */
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
  /** The Accept and the Reject button. */
  buttons: HTMLButtonElement[];
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
  let timer: ReturnType<typeof setInterval> | undefined;

  // A handler property rather than a listener: it goes with the element.
  area.onclick = ({ target }) => {
    for (const [id, { buttons }] of shown) {
      const index = buttons.indexOf(target as HTMLButtonElement);
      if (index < 0) continue;
      // One answer per notification: a double click must not answer twice while the model catches up,
      // and a disabled button gets no clicks.
      for (const button of buttons) button.disabled = true;
      options.onAnswer(id, index ? 'Reject' : 'Accept');
      return;
    }
  };

  function tick(): void {
    const now = Date.now();
    for (const { countdown, snapshot } of shown.values()) {
      const seconds = Math.ceil((snapshot.expiresAt - now) / 1000);
      assign(countdown, 'textContent', seconds > 0 ? `${seconds} s left` : 'Expired');
    }
  }

  /** Builds the dialog of a new notification and appends it to the area. */
  function create(snapshot: NotificationSnapshot): NotificationElements {
    const title = createElement('h2', 'cifb-notification-title', snapshot.title, {
      id: uniqueId(),
    });
    const fields = createElement(
      'dl',
      'cifb-notification-fields',
      snapshot.fields.flatMap(({ label, value }) => [createElement('dt', '', label), createElement('dd', '', value)]),
      { id: uniqueId() },
    );
    // role="timer" is a live region that is off by default: visible every second, announced never.
    const countdown = createElement('p', 'cifb-countdown', [], { role: 'timer' });
    const buttons = [
      createElement('button', 'cifb-button cifb-button--primary', snapshot.acceptLabel, { type: 'button' }),
      createElement('button', 'cifb-button', snapshot.rejectLabel, { type: 'button' }),
    ];
    const root = createElement(
      'section',
      'cifb-notification',
      [
        createElement('p', 'cifb-notification-source', options.providerLabel(snapshot.provider)),
        title,
        fields,
        countdown,
        createElement('div', 'cifb-notification-actions', buttons),
      ],
      { role: 'alertdialog', 'aria-labelledby': title.id, 'aria-describedby': fields.id },
    );
    // The model lists notifications in the order they were raised, so a new one goes last.
    area.append(root);
    return { root, countdown, buttons, snapshot };
  }

  return {
    element: area,

    update(notifications) {
      prune(
        shown,
        notifications.map((notification) => notification.id),
        (entry) => entry.root.remove(),
      );
      for (const snapshot of notifications) {
        // A notification's content is fixed when it is raised; only its deadline is read again.
        entryOf(shown, snapshot.id, () => create(snapshot)).snapshot = snapshot;
      }
      assign(area, 'hidden', shown.size === 0);
      if (shown.size > 0) {
        // The countdowns show whole seconds, so they are redrawn once a second.
        timer ??= setInterval(tick, 1000);
      } else {
        clearInterval(timer);
        timer = undefined;
      }
      tick();
    },

    destroy() {
      clearInterval(timer);
      timer = undefined;
      area.remove();
    },
  };
}
