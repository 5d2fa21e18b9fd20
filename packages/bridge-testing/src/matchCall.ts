import type { CallEntry, JsonValue } from '@cif-bridge/host';

/** Which calls `cifHost.calls(filter)` returns: every field given must match. */
export interface CallFilter {
  /** The method's name, such as `createSession`. */
  method?: string;
  /** Whether the call resolved or rejected. */
  outcome?: CallEntry['outcome'];
  /** The calling provider's name (the test host's one widget is `widget`). */
  provider?: string;
}

/**
 * Whether `actual` contains `expected`: objects by the keys `expected` has (recursively), arrays
 * element by element with the same length, anything else by equality. A string that holds JSON is
 * read as JSON when an object or array is expected, because CIF widgets often pass their input as
 * JSON text.
 */
export function containsValue(actual: JsonValue | undefined, expected: unknown): boolean {
  if (typeof actual === 'string' && typeof expected === 'object' && expected !== null) {
    try {
      return containsValue(JSON.parse(actual) as JsonValue, expected);
    } catch {
      return false;
    }
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item: unknown, index) => containsValue(actual[index], item))
    );
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    return Object.entries(expected).every(
      ([key, value]) => Object.hasOwn(actual, key) && containsValue(actual[key], value),
    );
  }
  return Object.is(actual, expected);
}

/**
 * Whether a traced call is a call of `method` whose first argument contains `expected` (see
 * {@link containsValue}). With no `expected`, any call of `method` matches.
 */
export function callMatches(call: CallEntry, method: string, expected?: unknown): boolean {
  return call.method === method && (expected === undefined || containsValue(call.args[0], expected));
}

/** The calls, one a line, numbered, for a failure message: `createSession({…}) → rejected CODE: message`. */
export function describeCalls(calls: readonly CallEntry[]): string {
  if (calls.length === 0) return '  (no calls: did the widget load the drop-in and connect?)';
  return calls
    .map((call, index) => {
      const args = call.args.map((arg) => JSON.stringify(arg)).join(', ');
      const outcome =
        call.outcome === 'resolved'
          ? 'resolved'
          : `rejected ${call.code ?? ''}${call.message ? `: ${call.message}` : ''}`;
      return `  ${index + 1}. ${call.method}(${args}) → ${outcome}`;
    })
    .join('\n');
}
