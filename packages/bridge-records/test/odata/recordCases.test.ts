/**
 * The shared record cases (test/shared/recordCases.ts) on the OData connector against a real OData
 * v4 server on loopback (SAP CAP on SQLite, seeded with the same rows as the embedded store's runs in
 * e2e/recordCases.e2e.ts). Every case leaves the data as it found it, so they share one server.
 */
import { test } from '@playwright/test';
import { createODataRecords } from '../../src/createODataRecords.js';
import { recordCases } from '../shared/recordCases.js';
import { callIn, runRecordCase } from '../shared/runRecordCase.js';
import { installServer, type ODataServer, startServer } from './odataServer.js';

let server: ODataServer;

test.beforeAll(async () => {
  // The first run installs the server (SQLite builds from source): give that its own time.
  test.setTimeout(15 * 60_000);
  const seconds = await installServer();
  if (seconds !== null) console.log(`OData test server installed in ${seconds} s (npm ci --prefix test/odata-server)`);
  server = await startServer();
});

test.afterAll(async () => {
  await server?.stop();
});

for (const recordCase of recordCases) {
  test(recordCase.name, async () => {
    // The connector's default entity sets are Dataverse's, the server's too.
    const source = createODataRecords({ serviceUrl: server.serviceUrl });
    await runRecordCase(recordCase, 'odata', (method, args) => callIn(source, method, args));
  });
}
