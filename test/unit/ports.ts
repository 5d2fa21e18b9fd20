/**
 * Helpers for unit tests that talk over node's own MessageChannel (global in node 20): a queue of
 * whatever arrives, so a test awaits the next message or callback instead of sleeping.
 */
import { test } from '@playwright/test';

/**
 * Gives a test file fresh channels and closes all their ports after each test, so no test leaves an
 * open port behind for the next. Call it once, at the top level of the file.
 * @returns a function that opens a new channel.
 */
export function channelsClosedAfterEach(): () => MessageChannel {
  const opened: MessagePort[] = [];
  test.afterEach(() => {
    for (const port of opened.splice(0)) port.close();
  });
  return () => {
    const channel = new MessageChannel();
    opened.push(channel.port1, channel.port2);
    return channel;
  };
}

/** Values that arrive one at a time (messages, listener calls), in order, for a test to await. */
export class Queue<T> {
  readonly #values: T[] = [];
  readonly #waiting: ((value: T) => void)[] = [];

  /** Adds a value: it goes to the oldest `next()` still waiting, else it waits to be taken. */
  readonly push = (value: T): void => {
    const waiter = this.#waiting.shift();
    if (waiter === undefined) this.#values.push(value);
    else waiter(value);
  };

  /** The next value, now if one has arrived and is not yet taken, else once one arrives. */
  next(): Promise<T> {
    const value = this.#values.shift();
    if (value !== undefined) return Promise.resolve(value);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** The values that arrived and were not taken by `next()`, oldest first. */
  get unread(): readonly T[] {
    return this.#values;
  }
}

/** One message as it arrived on a port: its data and the ports it carried. */
export interface Received {
  data: unknown;
  ports: readonly MessagePort[];
}

/** Queues every message that arrives on `port` (setting `onmessage` starts the port). */
export function receive(port: MessagePort): Queue<Received> {
  const queue = new Queue<Received>();
  port.onmessage = (event) => queue.push({ data: event.data, ports: event.ports });
  return queue;
}

/**
 * Resolves when `port`'s channel is closed from either end. Node dispatches this `close` event
 * after every message posted before the close, so it also marks "nothing more will arrive".
 */
export function closed(port: MessagePort): Promise<void> {
  return new Promise((resolve) => port.addEventListener('close', () => resolve(), { once: true }));
}
