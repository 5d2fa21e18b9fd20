/**
 * The shared record cases (packages/bridge-records/test/shared/recordCases.ts) on the embedded store
 * (`createBrowserRecords`) in each engine's real IndexedDB, over the same seed the OData connector's
 * run of the table uses against a real OData server. Each call runs in the page, on the store's
 * script-tag build in fixtures/records.html; its answer is compared in node.
 */
import { recordCases } from '../packages/bridge-records/test/shared/recordCases.js';
import { recordSeed } from '../packages/bridge-records/test/shared/recordSeed.js';
import { type CallOutcome, runRecordCase } from '../packages/bridge-records/test/shared/runRecordCase.js';
import { test } from './driver/test.js';
import { expectNoTrouble } from './support/assertions.js';
import { origins } from './support/origins.js';

for (const recordCase of recordCases) {
  test(recordCase.name, async ({ driver }) => {
    const page = await driver.newPage();
    // Each test's store has its own database name: WebKit's driver keeps IndexedDB between the
    // tests of a worker (see docs/testing.md).
    await page.goto(`${origins.host}/fixtures/records.html#${test.info().testId}-${test.info().repeatEachIndex}`);
    await runRecordCase(recordCase, 'browser', (method, args) =>
      page.evaluate(
        async ([method, args, seed]): Promise<CallOutcome> => {
          type Store = Record<string, (...a: unknown[]) => Promise<unknown>>;
          const w = window as unknown as {
            store?: Store;
            CifBridgeRecords: { createBrowserRecords(options: unknown): Store };
          };
          w.store ??= w.CifBridgeRecords.createBrowserRecords({ name: `cases-${location.hash.slice(1)}`, seed });
          try {
            const value = await w.store[method]!(...args);
            return { ok: true, value: value === undefined ? null : value };
          } catch (error) {
            const e = error as { code?: string; message?: string };
            return { ok: false, code: e.code, message: e.message };
          }
        },
        [method, args, recordSeed] as const,
      ),
    );
    await expectNoTrouble(page);
  });
}
