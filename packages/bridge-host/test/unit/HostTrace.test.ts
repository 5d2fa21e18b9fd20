import { test, expect } from '@playwright/test';
import { BridgeErrorCode } from '@cif-bridge/protocol';
import {
  CUT,
  TRACE_ARGS_BUDGET,
  TRACE_ARGS_DEPTH,
  TRACE_ITEMS,
  TRACE_STRING_LENGTH,
  copyTraceArgs,
} from '../../src/copyTraceArgs.js';
import { DEFAULT_TRACE_LIMIT, HostTrace, traceLimit, type EventEntry, type TraceEntry } from '../../src/HostTrace.js';
import { thrown } from '../../../../test/unit/thrown.js';

/*
 * The host's trace in node: the ring that keeps the last entries, the option that bounds it, and the
 * capped copy of a call's arguments.
 */

const event = (name: string): EventEntry => ({ kind: 'event', time: 1, provider: 'p', name, delivered: true });

/** The arguments of a call entry, in the shape a test expects them (the entry must be a call). */
function argsOf<T>(entry: TraceEntry | undefined): T[] {
  if (entry?.kind !== 'call') throw new Error(`expected a call entry, got ${JSON.stringify(entry)}`);
  return entry.args as unknown as T[];
}

test('the trace keeps the last `limit` entries, oldest first, and tells of each one', () => {
  const told: TraceEntry[] = [];
  const trace = new HostTrace(3, (entry) => told.push(entry));
  for (const name of ['a', 'b', 'c', 'd', 'e']) trace.record(event(name));
  expect(trace.list().map((e) => (e.kind === 'event' ? e.name : ''))).toEqual(['c', 'd', 'e']);
  expect(told.map((e) => (e.kind === 'event' ? e.name : ''))).toEqual(['a', 'b', 'c', 'd', 'e']);
  // A copy: changing it changes nothing kept; the shared entries are frozen.
  const copy = trace.list();
  (copy[0] as { name: string }).name = 'changed';
  expect(trace.list()[0]).toMatchObject({ name: 'c' });
  expect(Object.isFrozen(told[4])).toBe(true);
});

test('calls are kept as columns and come back as entries, in order with the other kinds, oldest dropped', () => {
  const told: TraceEntry[] = [];
  let listening = false;
  const trace = new HostTrace(
    3,
    (entry) => told.push(entry),
    () => listening,
  );
  // Times are on performance.now()'s clock: a call answered by a promise is timed from its arrival
  // to its answer, and a call answered at once (no answer time) is not timed.
  const arrived = performance.now() - 2000;
  trace.recordCall('p', 'getMode', 'c-1', [], arrived, undefined, undefined);
  trace.record(event('onmodechanged'));
  listening = true;
  trace.recordCall('p', 'getSession', 'c-2', ['x'], arrived, arrived + 1.5, {
    code: BridgeErrorCode.SESSION_NOT_FOUND,
    message: 'gone',
  });
  trace.recordCall('q', 'ping', 'c-3', [], arrived + 2, undefined, undefined);
  expect(trace.list()).toEqual([
    { kind: 'event', time: 1, provider: 'p', name: 'onmodechanged', delivered: true },
    {
      kind: 'call',
      time: expect.any(Number),
      provider: 'p',
      method: 'getSession',
      correlationId: 'c-2',
      args: ['x'],
      durationMs: 1.5,
      outcome: 'rejected',
      code: 'SESSION_NOT_FOUND',
      message: 'gone',
    },
    {
      kind: 'call',
      time: expect.any(Number),
      provider: 'q',
      method: 'ping',
      correlationId: 'c-3',
      args: [],
      outcome: 'resolved',
    },
  ]);
  // Nobody listened to the first two; the listener got the others as frozen entries.
  expect(told.map((entry) => entry.kind === 'call' && entry.correlationId)).toEqual(['c-2', 'c-3']);
  expect(Object.isFrozen(told[0])).toBe(true);
  // A call's time is when it arrived, in milliseconds since 1970.
  expect(told.map((entry) => entry.time)).toEqual([
    performance.timeOrigin + arrived,
    performance.timeOrigin + (arrived + 2),
  ]);
  expect(Math.abs((told[0]?.time ?? 0) - (Date.now() - 2000))).toBeLessThan(1000);
  expect(told[1]).not.toHaveProperty('durationMs');
});

test('the trace option: default 1,000, false is off, anything else is INVALID_INPUT', () => {
  expect(traceLimit(undefined)).toBe(DEFAULT_TRACE_LIMIT);
  expect(traceLimit({})).toBe(DEFAULT_TRACE_LIMIT);
  expect(traceLimit({ limit: 5 })).toBe(5);
  expect(traceLimit(false)).toBeUndefined();
  for (const bad of [true, 0, { limit: 0 }, { limit: 1.5 }, { limit: '10' }, null]) {
    expect(
      thrown(() => traceLimit(bad)),
      JSON.stringify(bad),
    ).toMatchObject({
      code: BridgeErrorCode.INVALID_INPUT,
      message: expect.stringContaining('trace must be false (off) or { limit }'),
    });
  }
});

test('the copy of the arguments keeps JSON data as it is', () => {
  const input = { templateName: 'chat', templateParameters: { customer: 'Ada', tab: { n: 1 } }, context: { ok: true } };
  expect(copyTraceArgs([input, 'x', 3, null, false])).toEqual([input, 'x', 3, null, false]);
});

test('the copy cuts deep parts, long strings, long lists and what is not JSON, each to the marker', () => {
  let deep: unknown = 'bottom';
  for (let i = 0; i < TRACE_ARGS_DEPTH + 2; i += 1) deep = { down: deep };
  const [copied] = copyTraceArgs([deep]);
  expect(JSON.stringify(copied)).toBe(`{"down":{"down":{"down":"${CUT}"}}}`);

  const [long] = copyTraceArgs(['y'.repeat(TRACE_STRING_LENGTH + 10)]);
  expect(long).toBe('y'.repeat(TRACE_STRING_LENGTH) + CUT);

  const [list] = copyTraceArgs([Array.from({ length: TRACE_ITEMS + 5 }, (_, i) => i)]);
  expect(list).toHaveLength(TRACE_ITEMS + 1);
  expect((list as unknown[])[TRACE_ITEMS]).toBe(CUT);

  expect(copyTraceArgs([new Map([[1, 2]]), undefined, Number.NaN, () => 1])).toEqual([CUT, null, 'NaN', CUT]);
});

test('the copy stays within its budget however large the input, and keeps __proto__ as plain data', () => {
  const huge = Array.from({ length: 20 }, () => ({ text: 'z'.repeat(60_000) }));
  const copied = copyTraceArgs(huge);
  expect(JSON.stringify(copied).length).toBeLessThan(TRACE_ARGS_BUDGET * 2);
  expect(copied.at(-1)).toBe(CUT);

  const [withProto] = copyTraceArgs([JSON.parse('{"__proto__":{"polluted":true},"a":1}')]);
  expect(Object.getPrototypeOf(withProto)).toBe(Object.prototype);
  expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  expect(Object.keys(withProto as object)).toEqual(['__proto__', 'a']);
});

test('a call keeps its arguments as they arrived, whatever a handler or a listener changes later', () => {
  const told: TraceEntry[] = [];
  const trace = new HostTrace(10, (entry) => told.push(entry));
  // What the host does: copy the arguments as they arrive, run the handler, record when answered.
  const input = { data: { customer: 'Ada', tags: ['vip'] } };
  const args = [input, 'name'];
  const copied = copyTraceArgs(args);
  input.data.customer = 'changed by the handler';
  input.data.tags.push('added');
  args.push('pushed');
  trace.recordCall('p', 'logAnalyticsEvent', 'c-1', copied, performance.now(), undefined, undefined);
  const arrived = [{ data: { customer: 'Ada', tags: ['vip'] } }, 'name'];
  expect(trace.list()).toMatchObject([{ kind: 'call', args: arrived }]);

  // Every listener gets the same entry, frozen all the way down; a change is refused, not kept.
  const [heard] = told;
  expect(heard).toMatchObject({ args: arrived });
  const heardArgs = argsOf<{ data: { tags: string[] } }>(heard);
  expect(Object.isFrozen(heardArgs)).toBe(true);
  expect(Object.isFrozen(heardArgs[0]?.data.tags)).toBe(true);
  expect(() => heardArgs[0]?.data.tags.push('x')).toThrow(TypeError);

  // What list() returns is the caller's own: changing it changes nothing kept.
  const listed = argsOf<{ data: { customer: string } }>(trace.list()[0]);
  expect(Object.isFrozen(listed)).toBe(false);
  (listed[0] as { data: { customer: string } }).data.customer = 'changed by the caller';
  expect(trace.list()).toMatchObject([{ args: arrived }]);
});

test('arguments come back from the trace as the copy made them: markers, NaN as text, __proto__ as data', () => {
  const told: TraceEntry[] = [];
  const trace = new HostTrace(10, (entry) => told.push(entry));
  const args = [
    JSON.parse('{"__proto__":{"polluted":true},"a":1}') as unknown,
    new Map([[1, 2]]),
    undefined,
    Number.NaN,
    'y'.repeat(TRACE_STRING_LENGTH + 10),
  ];
  trace.recordCall('p', 'updateContext', 'c-1', copyTraceArgs(args), performance.now(), undefined, undefined);
  for (const entry of [trace.list()[0], told[0]]) {
    const kept = argsOf<unknown>(entry);
    expect(kept.slice(1)).toEqual([CUT, null, 'NaN', 'y'.repeat(TRACE_STRING_LENGTH) + CUT]);
    expect(Object.getPrototypeOf(kept[0])).toBe(Object.prototype);
    expect(Object.keys(kept[0] as object)).toEqual(['__proto__', 'a']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  }
});
