/**
 * The shared record cases (test/shared/recordCases.ts) on the OData connector against a real OData
 * v4 server on loopback (SAP CAP on SQLite, seeded with the same rows as the embedded store's runs in
 * e2e/recordCases.e2e.ts). Every case leaves the data as it found it, so they share one server.
 */
import { test } from '@playwright/test';
import { createODataRecords } from '../../src/createODataRecords.js';
import { recordCases } from '../shared/recordCases.js';
import { callIn, runRecordCase } from '../shared/runRecordCase.js';
import { useODataServer } from './odataServer.js';

const server = useODataServer();

for (const recordCase of recordCases) {
  test(recordCase.name, async () => {
    // The connector's default entity sets are Dataverse's, the server's too.
    const source = createODataRecords({ serviceUrl: server().serviceUrl });
    await runRecordCase(recordCase, 'odata', (method, args) => callIn(source, method, args));
  });
}
