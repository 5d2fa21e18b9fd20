/**
 * The shared record cases (test/shared/recordCases.ts) on the OData connector against a real OData
 * v4 server on loopback (SAP CAP on SQLite, seeded with the same rows as the embedded store's runs in
 * e2e/recordCases.e2e.ts). Every case leaves the data as it found it, so they share one server.
 */
import { expect, test } from '@playwright/test';
import { createODataRecords } from '../../src/createODataRecords.js';
import { recordCases } from '../shared/recordCases.js';
import { recordSeed } from '../shared/recordSeed.js';
import { callIn, runRecordCase } from '../shared/runRecordCase.js';
import { useODataServer } from './odataServer.js';

const server = useODataServer();

/** Every record of every seeded entity, in id order: what each case must leave as it found it. */
function everyRecord(source: ReturnType<typeof createODataRecords>): Promise<unknown[]> {
  return Promise.all(
    recordSeed.entities.map(({ logicalName, primaryIdAttribute }) =>
      source.search(logicalName, `$orderby=${primaryIdAttribute}`),
    ),
  );
}

for (const recordCase of recordCases) {
  test(recordCase.name, async () => {
    // The connector's default entity sets are Dataverse's, the server's too.
    const source = createODataRecords({ serviceUrl: server().serviceUrl });
    const before = await everyRecord(source);
    await runRecordCase(recordCase, 'odata', (method, args) => callIn(source, method, args));
    // The cases share one server, so one that left a record behind would change the next one's answers.
    expect(await everyRecord(source), 'the records after the case').toEqual(before);
  });
}
