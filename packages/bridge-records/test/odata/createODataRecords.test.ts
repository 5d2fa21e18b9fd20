/**
 * The OData connector against a real OData v4 server on loopback (SAP CAP on SQLite, see
 * odataServer.ts), not a fake: what only a real service answers (its error bodies and statuses).
 * The record checks both sources must pass, queries, round trips and lookups, are the shared record
 * cases (recordCases.test.ts here, e2e/recordCases.e2e.ts on the embedded store).
 */
import { expect, test } from '@playwright/test';
import { createODataRecords } from '../../src/createODataRecords.js';
import { IDS } from '../shared/recordSeed.js';
import { useODataServer } from './odataServer.js';

const { ada: ADA, missing: MISSING } = IDS;

const server = useODataServer();

const records = () => createODataRecords({ serviceUrl: server().serviceUrl, entitySets: SETS });

/** Dataverse's logical names of the three entities the test server has. */
const SETS = {
  account: { set: 'accounts', primaryIdAttribute: 'accountid', primaryNameAttribute: 'name' },
  contact: { set: 'contacts', primaryIdAttribute: 'contactid', primaryNameAttribute: 'fullname' },
  phonecall: { set: 'phonecalls', primaryIdAttribute: 'activityid', primaryNameAttribute: 'subject' },
  systemuser: { set: 'systemusers', primaryIdAttribute: 'systemuserid', primaryNameAttribute: 'fullname' },
};

test("RECORD_NOT_FOUND carries the service's own 404 message", async () => {
  // That each method answers RECORD_NOT_FOUND for a GUID no record has is a shared record case.
  await expect(records().retrieve('contact', MISSING)).rejects.toMatchObject({
    code: 'RECORD_NOT_FOUND',
    message: expect.stringMatching(/^The OData service answered 404: /),
  });
});

test("the service's 400 is INVALID_INPUT with its message", async () => {
  await expect(records().search('contact', '$select=nosuchattribute')).rejects.toMatchObject({
    code: 'INVALID_INPUT',
    message: expect.stringMatching(/^The OData service answered 400: .*nosuchattribute/),
  });
  await expect(records().create('contact', { nosuchattribute: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
});

test("the service's 401 is ACCESS_DENIED", async () => {
  // The test server serves systemusers only to a role no request here has.
  await expect(records().search('systemuser', '')).rejects.toMatchObject({
    code: 'ACCESS_DENIED',
    message: expect.stringMatching(/^The OData service answered 401/),
  });
});

test('a wrong serviceUrl is a coded error that says what answered, not a JSON parse error or "not found"', async () => {
  // The server's HTML 404 for a path it doesn't serve.
  const wrong = createODataRecords({ serviceUrl: server().serviceUrl.replace('v9.2', 'v9.1'), entitySets: SETS });
  await expect(wrong.search('contact', '')).rejects.toMatchObject({
    code: 'INTERNAL',
    message: `The OData service answered 404 to GET ${new URL(server().serviceUrl).origin}/api/data/v9.1/contacts, not with an OData error`,
  });
  await expect(wrong.retrieve('contact', ADA)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
});
