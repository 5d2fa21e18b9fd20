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

/**
 * What a pending `notifyEvent` resolves with when its widget takes it back with `cancelEvent`. CIF's
 * reference documents no value for this case; a `Reject` keeps the three action names widgets
 * already handle, and the reason tells it apart from the agent's own rejection.
 */
export const CANCELLED_ANSWER: Readonly<NotificationAnswer> = /* @__PURE__ */ Object.freeze({
  actionName: 'Reject',
  responseReason: 'Cancelled',
});

interface Entry {
  snapshot: NotificationSnapshot;
  /** The widget's cancellation token, if it gave one. */
  cancellationToken: string | undefined;
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
   * @param cancellationToken - the widget's token, for {@link NotificationCenter.cancel}.
   * @throws BridgeError `INVALID_INPUT` when the provider already has
   *   {@link MAX_NOTIFICATIONS_PER_PROVIDER} notifications on screen, or one with the same cancellation
   *   token; nothing is shown then.
   */
  show(
    notification: Omit<NotificationSnapshot, 'id' | 'expiresAt'>,
    timeoutSeconds: number,
    cancellationToken?: string,
  ): Promise<NotificationAnswer> {
    if (cancellationToken !== undefined && this.#withToken(notification.provider, cancellationToken)) {
      throw invalidInput(
        `a notification with the cancellation token ${JSON.stringify(cancellationToken)} is already on screen; give each notification its own token.`,
      );
    }
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
      this.#entries.set(id, { snapshot, cancellationToken, timer, resolve });
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

  /**
   * Takes back `provider`'s notification that has `cancellationToken` (CIF `cancelEvent`): it leaves
   * the screen, and its `notifyEvent` resolves with {@link CANCELLED_ANSWER}.
   *
   * @returns whether there was one; a notification already answered, or another provider's, is not.
   */
  cancel(provider: string, cancellationToken: string): boolean {
    const id = this.#withToken(provider, cancellationToken);
    if (id === undefined) return false;
    this.answer(id, CANCELLED_ANSWER.actionName, CANCELLED_ANSWER.responseReason);
    return true;
  }

  /** The id of `provider`'s notification on screen with `cancellationToken`, if there is one. */
  #withToken(provider: string, cancellationToken: string): string | undefined {
    for (const [id, entry] of this.#entries) {
      if (entry.snapshot.provider === provider && entry.cancellationToken === cancellationToken) return id;
    }
    return undefined;
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
