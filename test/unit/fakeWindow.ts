/**
 * Stand-ins for the browser objects the handshake reads, for unit tests in node. The handshake runs
 * on `window` message events, whose `origin` and `source` only a browser sets, and node has no
 * `window`; so a test delivers those events itself, through a fake that implements only what the
 * handshake code reads: `parent`, `postMessage`, and `addEventListener`/`removeEventListener`.
 */

/** A message as a window's `message` listener receives it: only the fields the handshake reads. */
export interface WindowMessage {
  data: unknown;
  origin: string;
  source: unknown;
  ports: readonly MessagePort[];
}

/** One `postMessage` call on a fake window. */
export interface Posted {
  message: unknown;
  targetOrigin: string;
  transfer: readonly unknown[];
}

type Listener = (event: MessageEvent) => void;

/** A window that records what is posted to it and lets the test dispatch messages to its listeners. */
export class FakeWindow {
  /** Itself, like a top window's, until a test gives it a parent. */
  parent: FakeWindow = this;
  /** Every `postMessage` call on this window, oldest first. */
  readonly posted: Posted[] = [];
  readonly #listeners = new Set<Listener>();

  /** Records the call; what the browser would deliver is up to the test. */
  postMessage(message: unknown, targetOrigin: string, transfer: readonly unknown[] = []): void {
    this.posted.push({ message, targetOrigin, transfer });
  }

  /** Adds a `message` listener. */
  addEventListener(type: string, listener: Listener): void {
    if (type === 'message') this.#listeners.add(listener);
  }

  /** Removes a `message` listener. */
  removeEventListener(type: string, listener: Listener): void {
    if (type === 'message') this.#listeners.delete(listener);
  }

  /** How many `message` listeners are registered. */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Delivers `event` to every `message` listener, as the browser would with that origin and source. */
  dispatch(event: WindowMessage): void {
    for (const listener of [...this.#listeners]) listener(event as unknown as MessageEvent);
  }
}

/** Sets globals (`window`, `document`, …) for one test; the returned function puts the old ones back. */
export function setGlobals(values: Record<string, unknown>): () => void {
  const saved = Object.keys(values).map((key) => [key, Object.getOwnPropertyDescriptor(globalThis, key)] as const);
  for (const [key, value] of Object.entries(values)) {
    Object.defineProperty(globalThis, key, { value, configurable: true, writable: true, enumerable: true });
  }
  return () => {
    for (const [key, descriptor] of saved) {
      if (descriptor === undefined) Reflect.deleteProperty(globalThis, key);
      else Object.defineProperty(globalThis, key, descriptor);
    }
  };
}

/**
 * A clock for `setTimeout`/`clearTimeout`, so a test can step through retries and timeouts that take
 * seconds without waiting. Install it only around synchronous code: Playwright's own timers run on
 * the same globals while a test awaits.
 */
export class FakeClock {
  /** Milliseconds since the clock was made. */
  now = 0;
  readonly #timers = new Map<number, { at: number; run: () => void }>();
  #lastId = 0;

  /** Stands in for `setTimeout`. */
  readonly setTimeout = (run: () => void, delay = 0): number => {
    this.#lastId += 1;
    this.#timers.set(this.#lastId, { at: this.now + delay, run });
    return this.#lastId;
  };

  /** Stands in for `clearTimeout`. */
  readonly clearTimeout = (id: number | undefined): void => {
    if (id !== undefined) this.#timers.delete(id);
  };

  /** How many timers are set and not yet run or cleared. */
  get pendingCount(): number {
    return this.#timers.size;
  }

  /** Moves time on by `ms`, running each timer that falls due on the way, in time order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      let next: [number, { at: number; run: () => void }] | undefined;
      for (const entry of this.#timers)
        if (entry[1].at <= end && (next === undefined || entry[1].at < next[1].at)) next = entry;
      if (next === undefined) break;
      this.#timers.delete(next[0]);
      this.now = next[1].at;
      next[1].run();
    }
    this.now = end;
  }

  /** Installs the clock as the global `setTimeout`/`clearTimeout`; returns the function that removes it. */
  install(): () => void {
    return setGlobals({ setTimeout: this.setTimeout, clearTimeout: this.clearTimeout });
  }
}
