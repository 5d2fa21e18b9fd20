import { invalidInput } from './invalidInput.js';
import { PERSIST_VERSION } from './restoreSessions.js';
import type { SessionStore } from './SessionStore.js';

/*
 * The session store in the page's `sessionStorage` (`createHost({ persist: 'sessionStorage' })`).
 *
 * Each provider's sessions have their own entry (`<key>:provider:<name>`), beside one shared entry
 * for the focus, home's tabs and the sessions' order, so one provider whose data does not fit (a full
 * quota) or does not read back loses only its own sessions: the others are still stored and
 * restored. A write that fails removes that entry's stale copy (an old copy would bring back sessions
 * since closed), warns on the console with what to do, and reports the failure, once until a write of
 * that entry works again.
 *
 * Writes are batched: a change schedules one write {@link PERSIST_DELAY_MS} later, which stores every
 * entry whose text changed, so a burst of changes costs one copy of the state, not one per change.
 * The write is made at once when the page is hidden or unloaded, and when the host stops.
 */

/**
 * How long a store change waits before it is written to storage, in milliseconds. Changes come in
 * bursts (a createSession is a creation, a focus move and its tabs), so one write covers them all;
 * 100 ms is short enough that a crash loses almost nothing, and a reload or `destroy()` writes at once.
 */
const PERSIST_DELAY_MS = 100;

/** One storage entry: the shared one (`provider` null) or one provider's sessions. */
interface Entry {
  /** The `sessionStorage` key. */
  key: string;
  /** The provider whose sessions it holds, or null for the shared entry. */
  provider: string | null;
}

/**
 * Restores the stored sessions into `store`, then keeps storage up to date until the returned
 * function is called, which writes what is pending and stops.
 *
 * @param persist - the host's `persist` option; only `'sessionStorage'` is known.
 * @param store - the host's session store, not yet rendered.
 * @param providers - the providers' names, in configured order; they name the entries.
 * @param onFailed - told when an entry could not be written: the provider whose sessions it holds
 *   (null for the shared entry) and the storage error's name and message.
 * @returns the function that writes what is pending and stops.
 * @throws BridgeError `INVALID_INPUT` when `persist` is not `'sessionStorage'`.
 */
export function persistSessions(
  persist: unknown,
  store: SessionStore,
  providers: readonly string[],
  onFailed: (provider: string | null, error: string) => void,
): () => void {
  if (persist !== 'sessionStorage')
    throw invalidInput(`createHost: persist must be 'sessionStorage', not ${JSON.stringify(persist)}.`);
  const key = `cif-bridge:${providers.join(',')}`;
  const entries: Entry[] = [
    { key, provider: null },
    ...providers.map((p) => ({ key: `${key}:provider:${p}`, provider: p })),
  ];
  restoreEntries(store, entries);

  const written = new Map<string, string>();
  const failing = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    const state = store.toJSON().state as unknown as { sessions: { id: string; provider: string }[] };
    const { sessions, ...shared } = state;
    for (const entry of entries) {
      const value =
        entry.provider === null
          ? { version: PERSIST_VERSION, state: { ...shared, order: sessions.map((s) => s.id) } }
          : { version: PERSIST_VERSION, sessions: sessions.filter((s) => s.provider === entry.provider) };
      const text = JSON.stringify(value);
      if (written.get(entry.key) === text) continue;
      try {
        sessionStorage.setItem(entry.key, text);
        written.set(entry.key, text);
        failing.delete(entry.key);
      } catch (error) {
        written.delete(entry.key);
        try {
          sessionStorage.removeItem(entry.key);
        } catch {
          // Storage refused altogether; there is no stale copy to worry about then.
        }
        if (!failing.has(entry.key)) {
          failing.add(entry.key);
          reportFailure(entry.provider, error, onFailed);
        }
      }
    }
  };
  const schedule = (): void => {
    timer ??= setTimeout(flush, PERSIST_DELAY_MS);
  };
  const onHidden = (): void => {
    if (document.visibilityState === 'hidden') flush();
  };
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onHidden);
  const stop = store.onChange(schedule);
  return () => {
    stop();
    flush();
    removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onHidden);
  };
}

/** Reads the stored entries back into the store; an entry that does not read is dropped alone. */
function restoreEntries(store: SessionStore, entries: readonly Entry[]): void {
  let shared: { [key: string]: unknown } = {};
  const sessions: unknown[] = [];
  for (const { key, provider } of entries) {
    // Storage can be missing or refused (an opaque origin): the host then runs without it.
    try {
      const text = sessionStorage.getItem(key);
      if (text === null) continue;
      const data: unknown = JSON.parse(text);
      if (typeof data !== 'object' || data === null) throw new TypeError('not an object');
      const stored = data as { state?: { [key: string]: unknown }; sessions?: unknown };
      if (provider === null) {
        shared = { ...stored, state: { ...stored.state } };
        // An entry written before sessions had their own entries holds them all.
        const all = stored.state?.sessions;
        if (Array.isArray(all)) sessions.push(...all);
      } else if (Array.isArray(stored.sessions)) {
        // Only this provider's own sessions count from its entry.
        sessions.push(...stored.sessions.filter((s: { provider?: unknown }) => s?.provider === provider));
      }
    } catch (error) {
      const whose = provider === null ? '(the focus and home tabs)' : `of provider "${provider}"`;
      console.warn(`cif-bridge: could not restore the stored sessions ${whose}; they were dropped.`, error);
    }
  }
  const state = (shared.state ?? {}) as { order?: unknown };
  const order = Array.isArray(state.order) ? state.order : [];
  // Creation order across providers, from the shared entry; sessions it does not list go last.
  const rank = (s: unknown): number => {
    const index = order.indexOf((s as { id?: unknown } | null)?.id);
    return index === -1 ? order.length : index;
  };
  sessions.sort((a, b) => rank(a) - rank(b));
  store.restore({ ...shared, state: { ...state, sessions } });
}

/** Reports a failed write of a stored entry: a console warning that says what to do, and `onFailed`. */
function reportFailure(
  provider: string | null,
  error: unknown,
  onFailed: (provider: string | null, error: string) => void,
): void {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const what =
    provider === null
      ? "the focus and home's tabs"
      : `provider "${provider}"'s sessions (the other providers' sessions are still stored)`;
  console.warn(
    `cif-bridge: could not store ${what} in sessionStorage (${reason}); they won't come back when this page reloads. Keep session context and tab parameters small, or close sessions the agent no longer needs.`,
  );
  onFailed(provider, reason);
}
