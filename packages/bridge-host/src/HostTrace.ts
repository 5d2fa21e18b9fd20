import type { BridgeErrorCode, JsonValue } from '@cif-bridge/protocol';
import { invalidInput } from './invalidInput.js';
import type { DevelopmentTemplateKind } from './TemplateStore.js';

/** One widget call, recorded when it was answered. */
export interface CallEntry {
  /** What the entry is. */
  kind: 'call';
  /**
   * When the call arrived, in milliseconds since 1970: the page's time origin plus the call's
   * message event time, so within a few milliseconds of `Date.now()`, with sub-millisecond steps.
   */
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
  /**
   * Milliseconds from the call's arrival to its answer, for a call its method answers with a promise:
   * one that waits for a host handler, the agent, a form or a record store, which are the calls that
   * can take long. A call answered at once (the session, tab, template, panel and log methods) has
   * none: it takes a share of the one task it arrived in, and a clock read on every call cost this
   * trace more than all its other work (BENCHMARKS.md, "Trace cost").
   */
  durationMs?: number;
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

/**
 * A template development mode made up (see `createHost({ onDevelopmentTemplate })`): a widget named
 * a template nobody configured, and the host created a plain one so the call could go on. A real desk
 * would have refused that call with `TEMPLATE_NOT_FOUND`, so each entry is a template to configure.
 */
export interface DevelopmentEntry {
  /** What the entry is. */
  kind: 'development';
  /** `Date.now()` when the template was made up. */
  time: number;
  /** The provider whose call named the template; '' when the host itself named it (restoring sessions). */
  provider: string;
  /** Which kind of template: it belongs in `sessionTemplates`, `tabTemplates` or `notificationTemplates`. */
  templateKind: DevelopmentTemplateKind;
  /** The template's name (the tag's, for a session template looked up by tag). */
  name: string;
}

/** One entry of the host's trace. `time` is Date.now() at the entry. */
export type TraceEntry = CallEntry | EventEntry | HandshakeEntry | RefusedEntry | DevelopmentEntry;

/** The `trace` option of `createHost`: false turns the trace off, `limit` bounds it. */
export type TraceOption = false | { limit?: number };

/** How many entries the trace keeps when `createHost({ trace })` does not say. */
export const DEFAULT_TRACE_LIMIT = 1000;

/**
 * Records one answered call, at the moment it is answered: who called, what, with which
 * correlationId and arguments (the capped copy made as they arrived, which the trace takes over: it
 * may freeze it), when it arrived and, for a call answered by a promise, when it was answered
 * (both on `performance.now()`'s clock), and the error it was rejected with, if it was.
 */
export type RecordCall = (
  provider: string,
  method: string,
  correlationId: string,
  args: JsonValue[],
  arrivedAt: number,
  answeredAt: number | undefined,
  error: { code: BridgeErrorCode; message: string } | undefined,
) => void;

/**
 * The host's trace: the last `limit` entries in a ring (the oldest dropped first), each also handed
 * to `onEntry` as it is recorded while `listening()` says someone wants it.
 *
 * Calls are kept as columns rather than as an entry object each, and an entry object is made only
 * for a listener or for {@link list}. The trace records every call, and a ring of 1,000 objects (each
 * with its boxed numbers) outlives the young generation of the garbage collector: every one would
 * be copied and promoted, then collected as old garbage, which cost more than the rest of the trace
 * together (measured by bench/trace.mjs). Numbers in typed arrays and strings the call already had
 * cost nothing of that.
 *
 * For the same reason a call's arguments are kept as one JSON string, not as the copy's objects: a
 * string is a single object with nothing inside for the collector to visit, where the copy of even
 * a small object is several (the object, its values, its list). The text is parsed again only for
 * {@link list}; a listener, told as the call is recorded, gets the copy itself, frozen, which is at
 * hand and cheaper than parsing.
 */
export class HostTrace {
  readonly #limit: number;
  /** Where the next entry goes. */
  #next = 0;
  /** How many slots hold an entry. */
  #size = 0;
  readonly #time: Float64Array;
  readonly #duration: Float64Array;
  /** Per slot: an entry that is not a call, or undefined for a call kept in the columns. */
  readonly #other: (TraceEntry | undefined)[] = [];
  readonly #provider: string[] = [];
  readonly #method: string[] = [];
  readonly #correlationId: string[] = [];
  /** Per call: its capped arguments as JSON text. */
  readonly #args: string[] = [];
  readonly #error: ({ code: BridgeErrorCode; message: string } | undefined)[] = [];
  readonly #onEntry: (entry: TraceEntry) => void;
  readonly #listening: () => boolean;
  /** The page's `performance.timeOrigin`, read once: it never changes, and a read costs as much as a clock read. */
  readonly #timeOrigin = performance.timeOrigin;

  /**
   * @param limit - the most entries kept.
   * @param onEntry - told of each entry as it is recorded, while `listening()` is true.
   * @param listening - whether anyone wants the entries as they come.
   */
  constructor(limit: number, onEntry: (entry: TraceEntry) => void, listening: () => boolean = () => true) {
    this.#limit = limit;
    this.#onEntry = onEntry;
    this.#listening = listening;
    this.#time = new Float64Array(limit);
    this.#duration = new Float64Array(limit);
  }

  /** Keeps an entry that is not a call (frozen: the page's listeners share it) and tells `onEntry`. */
  record(entry: Exclude<TraceEntry, CallEntry>): void {
    Object.freeze(entry);
    this.#other[this.#take()] = entry;
    if (this.#listening()) this.#onEntry(entry);
  }

  /** Keeps an answered call, and tells `onEntry` of it as an entry when someone listens. */
  readonly recordCall: RecordCall = (provider, method, correlationId, args, arrivedAt, answeredAt, error) => {
    const slot = this.#take();
    // No clock is read here: the arrival is the message event's own time.
    this.#time[slot] = this.#timeOrigin + arrivedAt;
    // NaN for a call answered at once, which has no duration.
    this.#duration[slot] = (answeredAt ?? Number.NaN) - arrivedAt;
    this.#other[slot] = undefined;
    this.#provider[slot] = provider;
    this.#method[slot] = method;
    this.#correlationId[slot] = correlationId;
    // Most calls have no arguments: their text is one shared constant, so they keep no string of their own.
    this.#args[slot] = args.length === 0 ? '[]' : JSON.stringify(args);
    this.#error[slot] = error;
    if (this.#listening()) this.#onEntry(Object.freeze(this.#entry(slot, freezeDeep(args))));
  };

  /** The entries kept, oldest first, as a copy the caller may change. */
  list(): TraceEntry[] {
    const entries: TraceEntry[] = [];
    const first = this.#size < this.#limit ? 0 : this.#next;
    for (let i = 0; i < this.#size; i += 1) entries.push(this.#entry((first + i) % this.#limit));
    return structuredClone(entries);
  }

  /** The slot of the next entry, which drops the oldest once the ring is full. */
  #take(): number {
    const slot = this.#next;
    this.#next = (slot + 1) % this.#limit;
    if (this.#size < this.#limit) this.#size += 1;
    return slot;
  }

  /** The entry in `slot`, with `args` for a call's arguments if given, else its kept text parsed. */
  #entry(slot: number, args?: JsonValue[]): TraceEntry {
    const other = this.#other[slot];
    if (other !== undefined) return other;
    const error = this.#error[slot];
    const entry: CallEntry = {
      kind: 'call',
      time: this.#time[slot] ?? 0,
      provider: this.#provider[slot] ?? '',
      method: this.#method[slot] ?? '',
      correlationId: this.#correlationId[slot] ?? '',
      args: args ?? (JSON.parse(this.#args[slot] ?? '[]') as JsonValue[]),
      outcome: error === undefined ? 'resolved' : 'rejected',
    };
    const durationMs = this.#duration[slot] ?? Number.NaN;
    if (!Number.isNaN(durationMs)) entry.durationMs = durationMs;
    if (error !== undefined) {
      entry.code = error.code;
      entry.message = error.message;
    }
    return entry;
  }
}

/**
 * Freezes `value` all the way down and returns it: every listener is handed the same entry, and one
 * must not change what the next one sees.
 */
function freezeDeep<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) freezeDeep(item);
    Object.freeze(value);
  }
  return value;
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
