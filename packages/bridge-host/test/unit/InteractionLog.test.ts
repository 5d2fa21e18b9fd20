import { test, expect } from '@playwright/test';
import { BridgeErrorCode } from '@cif-bridge/protocol';
import { InteractionLog, type InteractionLogEntry } from '../../src/InteractionLog.js';
import { MAX_ANALYTICS_DATA_LENGTH, MAX_INTERACTION_LOG_ENTRIES } from '../../src/limits.js';
import { thrown } from '../../../../test/unit/thrown.js';

const entry = (n: number, data: unknown = { n }) => ({
  eventName: `e${n}`,
  data: data as InteractionLogEntry['data'],
  correlationId: `c${n}`,
  provider: 'p',
  sessionId: null,
  conversationId: null,
});

test('records entries with a timestamp, tells the listener, and hands out copies', () => {
  const seen: InteractionLogEntry[] = [];
  const log = new InteractionLog((added) => seen.push(added));
  log.add(entry(1));
  expect(seen).toEqual([{ ...entry(1), timestamp: expect.any(Number) }]);
  const copy = log.list();
  (copy[0]!.data as { n: number }).n = 99;
  expect(log.list()[0]!.data).toEqual({ n: 1 });
});

test(`keeps the newest ${MAX_INTERACTION_LOG_ENTRIES} entries`, () => {
  const log = new InteractionLog();
  for (let n = 0; n < MAX_INTERACTION_LOG_ENTRIES + 3; n += 1) log.add(entry(n));
  const list = log.list();
  expect(list).toHaveLength(MAX_INTERACTION_LOG_ENTRIES);
  expect(list[0]!.eventName).toBe('e3');
  expect(list.at(-1)!.eventName).toBe(`e${MAX_INTERACTION_LOG_ENTRIES + 2}`);
});

test('refuses data over the cap and records nothing', () => {
  const log = new InteractionLog();
  const error = thrown(() => log.add(entry(1, 'x'.repeat(MAX_ANALYTICS_DATA_LENGTH))));
  expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
  expect(error.message).toMatch(/over the limit of 16384 for one analytics event/);
  expect(log.list()).toEqual([]);
});
