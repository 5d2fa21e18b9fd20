/**
 * The embedded record store (`@cif-bridge/records`' createBrowserRecords) on each engine's real
 * IndexedDB: records survive a reload, two tabs of one desk share them, and a full disk is a clear
 * error that loses nothing already stored, and a schema upgrade keeps what is there. The store runs
 * from its script-tag build in fixtures/records.html on the host origin. The record checks the store
 * and the OData connector must both pass (queries, round trips, lookups, coded errors) are the shared
 * record cases in recordCases.e2e.ts.
 */
import { type DriverPage, expect, test } from './driver/test.js';
import { origins } from './support/origins.js';
import { contactSeed as seed } from './support/records.js';

/** What a store call ended with, as plain data. */
type Outcome = { ok: true; value: unknown } | { ok: false; code?: string; message?: string };

/**
 * Opens the fixture page. Each test's store has its own database name: WebKit's driver keeps
 * IndexedDB between the tests of a worker (see docs/testing.md).
 */
async function openStore(page: DriverPage): Promise<void> {
  await page.goto(`${origins.host}/fixtures/records.html#${test.info().testId}-${test.info().repeatEachIndex}`);
}

/** Runs `store[method](...args)` on the page's store, made from the contact seed on first use. */
function run(page: DriverPage, method: string, ...args: unknown[]): Promise<Outcome> {
  return runSeeded(page, seed, method, ...args);
}

/** Runs `store[method](...args)` on the page's store, made from `seed` on first use. */
function runSeeded(page: DriverPage, seed: unknown, method: string, ...args: unknown[]): Promise<Outcome> {
  return page.evaluate(
    async ([method, args, seed]) => {
      type Store = Record<string, (...a: unknown[]) => Promise<unknown>>;
      const w = window as unknown as {
        store?: Store;
        CifBridgeRecords: { createBrowserRecords(options: unknown): Store };
      };
      w.store ??= w.CifBridgeRecords.createBrowserRecords({ name: `desk-${location.hash.slice(1)}`, seed });
      try {
        const value = await w.store[method]!(...args);
        return { ok: true as const, value: value === undefined ? null : value };
      } catch (error) {
        const e = error as { code?: string; message?: string };
        return { ok: false as const, code: e.code, message: e.message };
      }
    },
    [method, args, seed] as const,
  );
}

const names = (outcome: Outcome): unknown =>
  outcome.ok ? (outcome.value as { fullname: string }[]).map((record) => record.fullname) : outcome;

test("the seed is there on first open, with its entities' metadata", async ({ driver }) => {
  const page = await driver.newPage();
  await openStore(page);
  // The queries both sources answer alike are the shared record cases (e2e/recordCases.e2e.ts).
  expect(names(await run(page, 'search', 'contact', ''))).toEqual(['Ada Lovelace', 'Alan Turing']);
  expect(await run(page, 'metadata', 'contact')).toEqual({
    ok: true,
    value: {
      logicalName: 'contact',
      primaryIdAttribute: 'contactid',
      primaryNameAttribute: 'fullname',
      attributes: ['contactid', 'firstname', 'lastname', 'fullname', 'mobilephone', '_parentcustomerid_value'],
      // The store keeps fullname from firstname and lastname.
      readOnlyAttributes: ['fullname'],
    },
  });
});

test('records created and changed survive a reload; computed names follow their parts', async ({ driver }) => {
  const page = await driver.newPage();
  await openStore(page);
  const created = await run(page, 'create', 'contact', { firstname: 'Grace', lastname: 'Hopper', jobtitle: 'RADM' });
  expect(created).toMatchObject({ ok: true, value: { entityType: 'contact' } });
  const id = (created as { value: { id: string } }).value.id;
  expect(await run(page, 'update', 'contact', 'c1', { lastname: 'King' })).toEqual({
    ok: true,
    value: { entityType: 'contact', id: 'c1' },
  });
  await page.reload();
  // An attribute the entity doesn't list (jobtitle) is kept, as a real CRM would have it.
  expect(await run(page, 'retrieve', 'contact', id, '$select=fullname,jobtitle')).toEqual({
    ok: true,
    value: { contactid: id, fullname: 'Grace Hopper', jobtitle: 'RADM' },
  });
  expect(names(await run(page, 'search', 'contact', '$orderby=fullname'))).toEqual([
    'Ada King',
    'Alan Turing',
    'Grace Hopper',
  ]);
});

test('two tabs of one desk share the records, and the seed is stored once', async ({ driver }) => {
  const first = await driver.newPage();
  const second = await driver.newPage();
  await Promise.all([openStore(first), openStore(second)]);
  // Both open the database at once: one makes and seeds it, the other waits and finds it seeded.
  const [a, b] = await Promise.all([run(first, 'search', 'contact', ''), run(second, 'search', 'contact', '')]);
  expect(names(a)).toEqual(['Ada Lovelace', 'Alan Turing']);
  expect(names(b)).toEqual(['Ada Lovelace', 'Alan Turing']);
  // The second tab opens the database again after a change: the seed is not stored over it.
  expect(await run(first, 'update', 'contact', 'c1', { lastname: 'King' })).toMatchObject({ ok: true });
  await second.reload();
  expect(names(await run(second, 'search', 'contact', ''))).toEqual(['Ada King', 'Alan Turing']);
  expect(await run(first, 'create', 'contact', { contactid: 'c3', firstname: 'Edsger' })).toMatchObject({ ok: true });
  expect(await run(second, 'retrieve', 'contact', 'c3')).toMatchObject({ ok: true, value: { fullname: 'Edsger' } });
  expect(await run(second, 'delete', 'contact', 'c3')).toEqual({ ok: true, value: null });
  expect(await run(first, 'retrieve', 'contact', 'c3')).toEqual({
    ok: false,
    code: 'RECORD_NOT_FOUND',
    message: 'No contact record has the id c3.',
  });
});

test('a full disk is a clear error, and nothing already stored is lost', async ({ driver }) => {
  const page = await driver.newPage();
  await openStore(page);
  expect(await run(page, 'create', 'contact', { contactid: 'c3', firstname: 'Edsger' })).toMatchObject({ ok: true });
  // The browser's answer when its quota is used up, injected rather than filling a disk.
  await page.evaluate(() => {
    const refuse = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.add = refuse;
    IDBObjectStore.prototype.put = refuse;
  });
  expect(await run(page, 'create', 'contact', { contactid: 'c4', firstname: 'Barbara' })).toMatchObject({
    ok: false,
    code: 'INTERNAL',
    message: expect.stringContaining('QuotaExceededError'),
  });
  expect(await run(page, 'update', 'contact', 'c1', { firstname: 'Augusta' })).toMatchObject({
    ok: false,
    message: expect.stringContaining('nothing was changed'),
  });
  await page.reload();
  expect(names(await run(page, 'search', 'contact', '$orderby=fullname'))).toEqual([
    'Ada Lovelace',
    'Alan Turing',
    'Edsger',
  ]);
});

test('a lookup written as Dataverse writes it is stored as its _x_value, and a filter finds it', async ({ driver }) => {
  const page = await driver.newPage();
  await openStore(page);
  const account = '6d9a4f2e-1b3c-4d5e-8f70-1a2b3c4d5e6f';
  // The connector forwards binds to a real CRM unchanged; the embedded store keeps what Dataverse
  // answers with: the lookup's id under _x_value, lowercased as the store keeps ids.
  expect(
    await run(page, 'create', 'contact', {
      contactid: 'c3',
      firstname: 'Edsger',
      'parentcustomerid@odata.bind': `/accounts(${account.toUpperCase()})`,
    }),
  ).toMatchObject({ ok: true });
  expect(await run(page, 'retrieve', 'contact', 'c3')).toEqual({
    ok: true,
    value: { contactid: 'c3', firstname: 'Edsger', fullname: 'Edsger', _parentcustomerid_value: account },
  });
  expect(names(await run(page, 'search', 'contact', `$filter=_parentcustomerid_value eq ${account}`))).toEqual([
    'Edsger',
  ]);
  // A polymorphic lookup's navigation property names its target too: parentcustomerid_account
  // writes the entity's _parentcustomerid_value. An update binds the same way.
  expect(
    await run(page, 'update', 'contact', 'c1', { 'parentcustomerid_account@odata.bind': 'accounts(c9)' }),
  ).toMatchObject({ ok: true });
  const seeded = await run(page, 'retrieve', 'contact', 'c1', '$select=_parentcustomerid_value');
  expect(seeded).toEqual({ ok: true, value: { contactid: 'c1', _parentcustomerid_value: 'c9' } });
  for (const bad of ['c2', '/contacts(a b)', '/contacts()', 42]) {
    expect(await run(page, 'update', 'contact', 'c2', { 'parentcustomerid@odata.bind': bad })).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: `parentcustomerid@odata.bind must reference one record, such as "/contacts(<id>)"; got ${JSON.stringify(bad)}.`,
    });
  }
  expect(await run(page, 'retrieve', 'contact', 'c2', '$select=_parentcustomerid_value')).toEqual({
    ok: true,
    value: { contactid: 'c2', _parentcustomerid_value: null },
  });
});

test("a database made by the first schema is upgraded in place: its records stay, the seed's new entities come", async ({
  driver,
}) => {
  const page = await driver.newPage();
  await openStore(page);
  // The first schema, as version 1 of the store made it: records keyed by [entity, id] with an
  // entity index, and the entities' metadata. Its contact was changed since it was seeded.
  await page.evaluate(async (contact) => {
    const { rows: _rows, ...entity } = contact;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(`desk-${location.hash.slice(1)}`, 1);
      request.onupgradeneeded = () => {
        const database = request.result;
        const records = database.createObjectStore('records', { keyPath: ['entity', 'id'] });
        records.createIndex('entity', 'entity');
        database.createObjectStore('entities', { keyPath: 'logicalName' }).put(entity);
        records.put({
          entity: 'contact',
          id: 'c1',
          data: { contactid: 'c1', firstname: 'Ada', lastname: 'King', fullname: 'Ada King' },
        });
      };
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
  }, seed.entities[0]!);
  const grown = {
    entities: [
      ...seed.entities,
      {
        logicalName: 'phonecall',
        primaryIdAttribute: 'activityid',
        primaryNameAttribute: 'subject',
        attributes: ['activityid', 'subject', '_regardingobjectid_value'],
        rows: [{ activityid: 'p1', subject: 'Call with Ada', _regardingobjectid_value: 'c1' }],
      },
    ],
  };
  // The seed's contacts are not stored over the changed ones; its new entity is added whole.
  expect(names(await runSeeded(page, grown, 'search', 'contact', ''))).toEqual(['Ada King']);
  expect(await runSeeded(page, grown, 'search', 'phonecall', "$filter=_regardingobjectid_value eq 'c1'")).toEqual({
    ok: true,
    value: [{ activityid: 'p1', subject: 'Call with Ada', _regardingobjectid_value: 'c1' }],
  });
  // An entity that computes nothing has no read-only attributes to list.
  expect(await runSeeded(page, grown, 'metadata', 'phonecall')).toEqual({
    ok: true,
    value: {
      logicalName: 'phonecall',
      primaryIdAttribute: 'activityid',
      primaryNameAttribute: 'subject',
      attributes: ['activityid', 'subject', '_regardingobjectid_value'],
    },
  });
  const version = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open(`desk-${location.hash.slice(1)}`);
        request.onsuccess = () => {
          resolve(request.result.version);
          request.result.close();
        };
        request.onerror = () => reject(request.error);
      }),
  );
  expect(version).toBe(2);
  // After a reload the upgraded database opens as it is: nothing is seeded twice or lost.
  await page.reload();
  expect(await runSeeded(page, grown, 'create', 'phonecall', { subject: 'Second call' })).toMatchObject({ ok: true });
  expect(await runSeeded(page, grown, 'search', 'phonecall', '$select=subject&$orderby=subject')).toMatchObject({
    ok: true,
    value: [{ subject: 'Call with Ada' }, { subject: 'Second call' }],
  });
  expect(names(await runSeeded(page, grown, 'search', 'contact', ''))).toEqual(['Ada King']);
});

test("an unknown entity and a taken id get the store's own coded errors that say what to fix", async ({ driver }) => {
  const page = await driver.newPage();
  await openStore(page);
  expect(await run(page, 'search', 'account', '')).toEqual({
    ok: false,
    code: 'INVALID_INPUT',
    message: 'Unknown entity "account": use one of contact.',
  });
  // A bad query, bad data and a bad bind are shared record cases (e2e/recordCases.e2e.ts).
  expect(await run(page, 'create', 'contact', { contactid: 'c1' })).toEqual({
    ok: false,
    code: 'INVALID_INPUT',
    message: 'A contact record with the id c1 exists already.',
  });
});
