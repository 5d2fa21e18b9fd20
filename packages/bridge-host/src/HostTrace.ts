import type { BridgeErrorCode, JsonValue } from '@cif-bridge/protocol';
import { invalidInput } from './invalidInput.js';

/** One widget call, recorded when it was answered. */
export interface CallEntry {
  /** What the entry is. */
  kind: 'call';
  /** `Date.now()` when the call was answered. */
  time: number;
  /** The calling provider's name. */
  provider: string;
  /** The method on the method table (`createSession`, `callHandler`, …). */
  method: string;
  /** The call's correlationId ('' when the widget sent none that is valid). */
  correlationId: string;
  /**
   * The arguments as they arrived, after the correlationId: a capped structured copy (depth and size
   * limited), where each part that was cut is the marker `'…'`.
   */
  args: JsonValue[];
  /** Milliseconds from arrival to answer. */
  durationMs: number;
  /** Whether the call resolved or was rejected. */
  outcome: 'resolved' | 'rejected';
  /** The error code of a rejected call. */
  code?: BridgeErrorCode;
  /** The error message of a rejected call. */
  message?: string;
}

/** One event raised to a provider's widget. */
export interface EventEntry {
  /** What the entry is. */
  kind: 'event';
  /** `Date.now()` when the event was sent or queued. */
  time: number;
  /** The provider the event is for. */
  provider: string;
  /** The event's name (`onSessionSwitched`, …). */
  name: string;
  /**
   * True when it went to the widget; false when it was queued because the widget is away (or has
   * not added its handler again after a reload). A queued event gets a second entry, delivered,
   * when it goes.
   */
  delivered: boolean;
}

/** One accepted handshake: a widget client connected. */
export interface HandshakeEntry {
  /** What the entry is. */
  kind: 'handshake';
  /** `Date.now()` when the connection opened. */
  time: number;
  /** The provider the widget connected as. */
  provider: string;
  /** The widget's origin. */
  origin: string;
  /** The widget client's id from its hello. */
  clientId: string;
}

/** One refused message: a hello the host did not answer. */
export interface RefusedEntry {
  /** What the entry is. */
  kind: 'refused';
  /** `Date.now()` when it was refused. */
  time: number;
  /** The sender's origin. */
  origin: string;
  /** Why it was refused. */
  reason: string;
  /**
   * The provider, only when the sender is known to be that provider's widget: its hello came from
   * the very frame the host created for it (or it is connected already).
   */
  provider?: string;
  /**
   * What would fix it. Given only where it can't help an attacker: a hello from the frame the host
   * created for a provider, on an origin the provider does not list. A hello from anywhere else gets
   * no advice, so nobody is told to trust it.
   */
  advice?: string;
}

/** One entry of the host's trace. `time` is Date.now() at the entry. */
export type TraceEntry = CallEntry | EventEntry | HandshakeEntry | RefusedEntry;

/** The `trace` option of `createHost`: false turns the trace off, `limit` bounds it. */
export type TraceOption = false | { limit?: number };

/** How many entries the trace keeps when `createHost({ trace })` does not say. */
export const DEFAULT_TRACE_LIMIT = 1000;

/**
 * The host's trace: the last `limit` entries in a ring (the oldest dropped first), each also handed
 * to `onEntry` as it is recorded.
 */
export class HostTrace {
  readonly #limit: number;
  readonly #entries: TraceEntry[] = [];
  /** Where the next entry goes once the ring is full. */
  #next = 0;
  readonly #onEntry: (entry: TraceEntry) => void;

  /**
   * @param limit - the most entries kept.
   * @param onEntry - told of each entry as it is recorded.
   */
  constructor(limit: number, onEntry: (entry: TraceEntry) => void) {
    this.#limit = limit;
    this.#onEntry = onEntry;
  }

  /** Keeps `entry` (frozen: the page's listeners share it) and tells `onEntry`. */
  record(entry: TraceEntry): void {
    Object.freeze(entry);
    if (this.#entries.length < this.#limit) this.#entries.push(entry);
    else {
      this.#entries[this.#next] = entry;
      this.#next = (this.#next + 1) % this.#limit;
    }
    this.#onEntry(entry);
  }

  /** The entries kept, oldest first, as a copy the caller may change. */
  list(): TraceEntry[] {
    const ordered = [...this.#entries.slice(this.#next), ...this.#entries.slice(0, this.#next)];
    return structuredClone(ordered);
  }
}

/**
 * Reads the `trace` option: the limit of the trace to keep, or undefined for `trace: false`.
 *
 * @throws BridgeError `INVALID_INPUT` for anything but false, undefined or `{ limit? }` with a
 *   positive whole number.
 */
export function traceLimit(option: unknown): number | undefined {
  if (option === false) return undefined;
  if (option === undefined) return DEFAULT_TRACE_LIMIT;
  const limit: unknown = typeof option === 'object' && option !== null ? (option as { limit?: unknown }).limit : 0;
  if (limit === undefined) return DEFAULT_TRACE_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw invalidInput(
      'createHost: trace must be false (off) or { limit } with a positive whole number of entries, such as { limit: 1000 }.',
    );
  }
  return limit;
}
