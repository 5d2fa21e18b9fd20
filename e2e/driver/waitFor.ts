/**
 * Polling with a timeout: every wait of the driver interface goes through here, so each one fails
 * the same way, saying what it waited for and what it saw last.
 */

/** Options of {@link waitFor}. */
export interface PollOptions {
  /** Milliseconds before giving up (default {@link DEFAULT_TIMEOUT}). */
  timeout?: number | undefined;
  /** What is awaited, for the error; a function is called at the end, to describe the last state. */
  message: string | (() => string);
}

/** The default wait, as Playwright's `expect` timeout. */
export const DEFAULT_TIMEOUT = 5_000;

/** The pauses between polls: quick at first, then at most every 250 ms (as `expect.poll`). */
const INTERVALS = [0, 50, 100, 250];

/**
 * Calls `read` until `done(value)` holds and returns that value; throws after `timeout` ms with the
 * message and the last value read.
 */
export async function waitFor<T, R extends T>(
  read: () => Promise<T>,
  done: (value: T) => value is R,
  options: PollOptions,
): Promise<R>;
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, options: PollOptions): Promise<T>;
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions,
): Promise<T> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  for (let attempt = 0; ; attempt += 1) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() >= deadline) break;
    const pause = INTERVALS[Math.min(attempt, INTERVALS.length - 1)]!;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(0, deadline - Date.now()))));
  }
  const message = typeof options.message === 'function' ? options.message() : options.message;
  let shown: string;
  try {
    shown = JSON.stringify(last)?.slice(0, 300) ?? String(last);
  } catch {
    shown = String(last);
  }
  throw new Error(`Timed out after ${timeout} ms waiting for ${message} (last: ${shown})`);
}
