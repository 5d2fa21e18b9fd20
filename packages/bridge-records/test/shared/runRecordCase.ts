/**
 * Runs one shared record case (recordCases.ts) on one source: each call goes through `call`, which
 * may run it in a browser page or in node, and each answer is compared here, in node.
 */
import { expect, test } from '@playwright/test';
import { type Expected, NEW_GUID, type RecordCase, type RecordMethod, type SourceName } from './recordCases.js';

/** What a call ended with, as plain data that crosses into and out of a page. */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; code?: string; message?: string };

/** Calls `method(...args)` on the source under test. */
export type CallSource = (method: RecordMethod, args: unknown[]) => Promise<CallOutcome>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `value` with each `{{name}}` in its strings replaced by the id saved as `name`. */
function substitute(value: unknown, saved: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      const id = saved.get(name);
      if (id === undefined) throw new Error(`No earlier step saved an id as "${name}".`);
      return id;
    });
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, saved));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, saved)]));
  }
  return value;
}

/** The expectation as a matcher: {@link NEW_GUID} matches any GUID, an unworded message any text. */
function matcher(expected: Expected): unknown {
  if ('error' in expected) {
    const message =
      expected.messageContains === undefined ? expect.any(String) : expect.stringContaining(expected.messageContains);
    return { error: expected.error, message };
  }
  const swap = (value: unknown): unknown => {
    if (value === NEW_GUID) return expect.stringMatching(GUID);
    if (Array.isArray(value)) return value.map(swap);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, swap(item)]));
    }
    return value;
  };
  return { value: swap(expected.value) };
}

/**
 * Runs the case's steps in order on `source`, failing at the first answer that is not the one the
 * table gives that source.
 * @param recordCase - the case.
 * @param source - which source `call` reaches; picks the answers the table marks as its own.
 * @param call - runs one call on the source.
 */
export async function runRecordCase(recordCase: RecordCase, source: SourceName, call: CallSource): Promise<void> {
  const saved = new Map<string, string>();
  for (const [index, step] of recordCase.steps.entries()) {
    const args = substitute(step.args, saved) as unknown[];
    const outcome = await call(step.call, args);
    const own = step.differs?.[source];
    // The report shows each place where this source answers otherwise than the other, and why.
    if (own !== undefined) test.info().annotations.push({ type: `differs on ${source}`, description: own.reason });
    const expected = substitute(own?.expect ?? step.expect, saved) as Expected;
    const seen = outcome.ok
      ? {
          value:
            step.pluck === undefined
              ? outcome.value
              : (outcome.value as Record<string, unknown>[]).map((record) => record[step.pluck!]),
        }
      : { error: outcome.code, message: outcome.message };
    expect(seen, `step ${index + 1}, ${step.call}(${JSON.stringify(args).slice(1, -1)})`).toEqual(matcher(expected));
    if (step.save !== undefined && outcome.ok) saved.set(step.save, (outcome.value as { id: string }).id);
  }
}

/** Runs `method(...args)` on a source in node, as plain data. */
export async function callIn(
  source: Record<RecordMethod, (...args: never[]) => Promise<unknown>>,
  method: RecordMethod,
  args: unknown[],
): Promise<CallOutcome> {
  try {
    const value = await (source[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return { ok: false, code, message };
  }
}
