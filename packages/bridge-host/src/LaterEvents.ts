/**
 * Holds the widget events a call causes until the call's reply has gone, as Dynamics does: a widget's
 * `createSession` resolves with the new id first, and `onSessionCreated` and the two
 * `onSessionSwitched` follow in a later task, so a widget that files the id when the promise resolves
 * finds it when the events arrive. The reply is posted within the call's microtasks, so a
 * `setTimeout(0)` comes after it on the same port. While events are held, every later one waits
 * behind them, so the order a widget sees never changes.
 */
export class LaterEvents {
  readonly #held: (() => void)[] = [];
  #depth = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Runs `call`; the events sent through {@link send} meanwhile go out in a later task. */
  around<T>(call: () => T): T {
    this.#depth += 1;
    try {
      return call();
    } finally {
      this.#depth -= 1;
      if (this.#depth === 0 && this.#held.length > 0) this.#timer ??= setTimeout(() => this.#flush(), 0);
    }
  }

  /** Delivers an event now, or after the held ones when a call is running or events are held. */
  send(deliver: () => void): void {
    if (this.#depth > 0 || this.#held.length > 0) this.#held.push(deliver);
    else deliver();
  }

  /** Drops what is held (the host is going away). */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#held.length = 0;
  }

  #flush(): void {
    this.#timer = undefined;
    // Events a delivery causes queue behind the rest and go in this same loop.
    for (let next = this.#held.shift(); next !== undefined; next = this.#held.shift()) next();
  }
}
