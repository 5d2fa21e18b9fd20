import type { JsonValue } from '@cif-bridge/protocol';

/** What stands for a part of the arguments the trace did not keep. */
export const CUT = '…';

/**
 * How deep the trace's copy of a call's arguments goes: the arguments list is level 1, so an
 * argument's own fields are level 2. CIF inputs nest two or three levels (`templateParameters` of a
 * tab template inside the input); four keeps all a test matches on.
 */
export const TRACE_ARGS_DEPTH = 4;

/**
 * How much of a call's arguments the trace keeps, counted as characters of strings and keys plus one
 * per value: enough for a createSession input with its context, small enough that 1,000 entries of a
 * widget sending 64 KiB inputs stay a few megabytes at most.
 */
export const TRACE_ARGS_BUDGET = 2048;

/** Longest string the copy keeps whole; a longer one keeps its start and ends with {@link CUT}. */
export const TRACE_STRING_LENGTH = 256;

/** Most items of one array or entries of one object the copy keeps; the rest is one {@link CUT}. */
export const TRACE_ITEMS = 32;

/**
 * A capped structured copy of a call's arguments for the host's trace. It keeps JSON data only: a
 * part past {@link TRACE_ARGS_DEPTH}, past {@link TRACE_ARGS_BUDGET}, an item past
 * {@link TRACE_ITEMS}, or a value that is not JSON (a Map, a Blob: anything a structured clone can
 * carry) becomes the marker {@link CUT}; `undefined` becomes null, as in JSON arrays. The copy is
 * not frozen: the trace keeps it as JSON text (HostTrace says why) and freezes it only to hand it to
 * listeners, since freezing every copy made each call measurably slower in Chromium.
 *
 * @param args - the widget's arguments, as they arrived (unknown data).
 */
export function copyTraceArgs(args: readonly unknown[]): JsonValue[] {
  // Most calls have no argument, or a few small ones: those take no budget bookkeeping beyond a
  // counter.
  budget = TRACE_ARGS_BUDGET;
  return copyList(args, 1);
}

/**
 * What is left of the budget of the copy being made. Module state rather than a closure made per
 * call, because the trace copies the arguments of every call; a copy runs synchronously and calls no
 * outside code, so two copies never interleave.
 */
let budget = 0;

function copy(value: unknown, depth: number): JsonValue {
  if (budget <= 0) return CUT;
  if (value === null || value === undefined) {
    budget -= 1;
    return null;
  }
  switch (typeof value) {
    case 'boolean':
      budget -= 1;
      return value;
    case 'number':
      budget -= 1;
      // JSON has no NaN or Infinity; they show as text rather than as a misleading null.
      return Number.isFinite(value) ? value : String(value);
    case 'string': {
      const keep = Math.min(value.length, TRACE_STRING_LENGTH, Math.max(budget, 0));
      budget -= keep + 1;
      return keep < value.length ? value.slice(0, keep) + CUT : value;
    }
    case 'object':
      break;
    default:
      return CUT;
  }
  if (depth >= TRACE_ARGS_DEPTH) return CUT;
  budget -= 1;
  if (Array.isArray(value)) return copyList(value, depth + 1);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return CUT;
  const out: { [key: string]: JsonValue } = {};
  let count = 0;
  for (const key of Object.keys(value)) {
    if (budget <= 0 || count === TRACE_ITEMS) {
      out[CUT] = CUT;
      break;
    }
    budget -= key.length;
    const item = copy((value as Record<string, unknown>)[key], depth + 1);
    // An own `__proto__` key (JSON and structured clones can carry one) stays plain data: assigned,
    // it would set the copy's prototype instead.
    if (key === '__proto__') {
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    } else out[key] = item;
    count += 1;
  }
  return out;
}

function copyList(list: readonly unknown[], depth: number): JsonValue[] {
  const out: JsonValue[] = [];
  for (const item of list) {
    if (budget <= 0 || out.length === TRACE_ITEMS) {
      out.push(CUT);
      break;
    }
    out.push(copy(item, depth));
  }
  return out;
}
