/**
 * A re-entrant queue of changes and the listeners that follow them. Changes are delivered
 * synchronously, in the order they were made: a change a listener makes while changes are being
 * delivered waits behind them, so every listener sees every change in the same order.
 *
 * Each change is copied once, when it is queued (it may point into the owner's state, such as a
 * session's `context`), and frozen, so every listener is handed the same object and none can change
 * what the next one sees, or the owner's state. One copy per change, not one per change and listener,
 * keeps a burst of changes cheap when many listeners follow them. Changes must be JSON data.
 */
export class ChangeQueue<T> {
  readonly #listeners = new Set<(change: T) => void>();
  readonly #queue: T[] = [];
  readonly #name: string;
  #emitting = false;

  /** @param name - who owns the queue, as a listener's error on the console names it. */
  constructor(name: string) {
    this.#name = name;
  }

  /**
   * Subscribes to changes. Every listener gets the same frozen copy of each change. A listener that
   * throws is logged and skipped; the owner and the other listeners carry on.
   *
   * @returns a function that unsubscribes; calling it twice is safe.
   */
  onChange(listener: (change: T) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Queues changes and, unless a drain is already running further up the stack, delivers them. A
   * listener that makes a change re-enters here; its changes wait behind the ones being delivered.
   */
  emit(...changes: T[]): void {
    // Changes are JSON data: one JSON round trip copies a change and, bottom up, freezes every part.
    for (const change of changes)
      this.#queue.push(JSON.parse(JSON.stringify(change), (_, value) => Object.freeze(value)));
    if (this.#emitting) return;
    this.#emitting = true;
    try {
      for (let change = this.#queue.shift(); change !== undefined; change = this.#queue.shift()) {
        for (const listener of [...this.#listeners]) {
          try {
            listener(change);
          } catch (error) {
            // A broken view must not break the model or the other listeners; log it where people look.
            console.error(`cif-bridge: a ${this.#name} change listener threw`, error);
          }
        }
      }
    } finally {
      this.#emitting = false;
    }
  }
}
