import { createId } from '@cif-bridge/protocol';
import type { NotificationSnapshot } from './HostViewController.js';
import { invalidInput } from './invalidInput.js';
import { MAX_NOTIFICATION_TIMEOUT_SECONDS, MAX_NOTIFICATIONS_PER_PROVIDER } from './limits.js';

/** The agent's answer to a notification, as `notifyEvent` resolves it. */
export interface NotificationAnswer {
  /** `Accept`, `Reject`, or `Timeout` when the countdown ran out. */
  actionName: 'Accept' | 'Reject' | 'Timeout';
  /** Free text; empty unless the host page adds one. */
  responseReason: string;
}

interface Entry {
  snapshot: NotificationSnapshot;
  timer: ReturnType<typeof setTimeout>;
  resolve: (answer: NotificationAnswer) => void;
}

/**
 * The notifications waiting for the agent. Each one answers itself with `Timeout` when its countdown
 * ends, so a `notifyEvent` call (which has no call timeout) always ends.
 */
export class NotificationCenter {
  readonly #entries = new Map<string, Entry>();
  readonly #onChange: () => void;

  /** @param onChange - called whenever a notification appears or goes. */
  constructor(onChange: () => void) {
    this.#onChange = onChange;
  }

  /**
   * Shows a notification; resolves with the agent's answer or `Timeout`. The countdown is clamped to
   * {@link MAX_NOTIFICATION_TIMEOUT_SECONDS}.
   *
   * @throws BridgeError `INVALID_INPUT` when the provider already has
   *   {@link MAX_NOTIFICATIONS_PER_PROVIDER} notifications on screen; nothing is shown then.
   */
  show(
    notification: Omit<NotificationSnapshot, 'id' | 'expiresAt'>,
    timeoutSeconds: number,
  ): Promise<NotificationAnswer> {
    let open = 0;
    for (const entry of this.#entries.values()) if (entry.snapshot.provider === notification.provider) open += 1;
    if (open >= MAX_NOTIFICATIONS_PER_PROVIDER) {
      throw invalidInput(
        `provider "${notification.provider}" has ${open} notifications on screen, the limit. Wait for the agent to answer one (or for its countdown to end) before showing another.`,
      );
    }
    const id = createId();
    const delayMs = Math.min(timeoutSeconds, MAX_NOTIFICATION_TIMEOUT_SECONDS) * 1000;
    return new Promise((resolve) => {
      const snapshot: NotificationSnapshot = { ...notification, id, expiresAt: Date.now() + delayMs };
      const timer = setTimeout(() => this.answer(id, 'Timeout'), delayMs);
      this.#entries.set(id, { snapshot, timer, resolve });
      this.#onChange();
    });
  }

  /** Answers a notification; an unknown or already answered id does nothing. */
  answer(id: string, actionName: NotificationAnswer['actionName'], responseReason = ''): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    clearTimeout(entry.timer);
    entry.resolve({ actionName, responseReason });
    this.#onChange();
  }

  /** The notifications on screen, oldest first. */
  list(): NotificationSnapshot[] {
    return structuredClone([...this.#entries.values()].map((entry) => entry.snapshot));
  }

  /** Ends every notification with `Timeout` (the host is going away). */
  clear(): void {
    for (const id of [...this.#entries.keys()]) this.answer(id, 'Timeout', 'The host closed.');
  }
}
