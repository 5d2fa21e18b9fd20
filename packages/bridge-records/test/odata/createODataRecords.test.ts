/**
 * The OData connector against a real OData v4 server on loopback (SAP CAP on SQLite, see
 * odataServer.ts), not a fake: the record checks the embedded store passes in e2e/records.e2e.ts,
 * and what only a real service answers (its keys, its errors, its lookups).
 */
import { expect, test } from '@playwright/test';
import { createODataRecords } from '../../src/createODataRecords.js';
import { installServer, type ODataServer, startServer } from './odataServer.js';

/** The seeded rows (test/odata-server/db/data) the tests read. */
const ADA = 'c1b2c3d4-0000-4000-8000-000000000001';
const CONTOSO = 'a1b2c3d4-0000-4000-8000-000000000001';
const MISSING = '00000000-0000-4000-8000-0000000000ff';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

const records = () => createODataRecords({ serviceUrl: server.serviceUrl, entitySets: SETS });

/** Dataverse's logical names of the three entities the test server has. */
const SETS = {
  account: { set: 'accounts', primaryIdAttribute: 'accountid', primaryNameAttribute: 'name' },
  contact: { set: 'contacts', primaryIdAttribute: 'contactid', primaryNameAttribute: 'fullname' },
  phonecall: { set: 'phonecalls', primaryIdAttribute: 'activityid', primaryNameAttribute: 'subject' },
  systemuser: { set: 'systemusers', primaryIdAttribute: 'systemuserid', primaryNameAttribute: 'fullname' },
};

const names = (found: Record<string, unknown>[]): unknown[] => found.map((record) => record.fullname);

test('contains() finds a phone number with its plus sign; $select returns the selection and the id', async () => {
  expect(await records().search('contact', "?$select=fullname&$filter=contains(mobilephone,'+1 425')")).toEqual([
    { contactid: ADA, fullname: 'Ada Lovelace' },
  ]);
  expect(names(await records().search('contact', "$filter=startswith(mobilephone,'+44')"))).toEqual(['Alan Turing']);
});

test('$filter with and/or/not and a lookup GUID, $orderby with several keys, $top and $skip', async () => {
  const source = records();
  expect(
    names(
      await source.search(
        'contact',
        `$filter=parentcustomerid_account_accountid eq ${CONTOSO} and not (lastname eq 'Hopper')&$select=fullname`,
      ),
    ),
  ).toEqual(['Ada Lovelace']);
  expect(names(await source.search('contact', '$orderby=lastname desc&$top=2'))).toEqual([
    'Alan Turing',
    'Ada Lovelace',
  ]);
  expect(
    names(await source.search('contact', '$orderby=parentcustomerid_account_accountid,firstname desc&$skip=1')),
  ).toEqual(['Ada Lovelace', 'Alan Turing']);
});

test('$search finds a word or a phrase in the text attributes; a + in it is a plus sign', async () => {
  // CAP on SQLite applies only the first term of a $search (its db-service says so), so each search
  // here has one: several terms, each of which must appear, are checked on the embedded store only.
  expect(names(await records().search('contact', '$search=hopper&$select=fullname'))).toEqual(['Grace Hopper']);
  expect(names(await records().search('contact', '$search="alan turing"'))).toEqual(['Alan Turing']);
  expect(names(await records().search('contact', '$search="turing alan"'))).toEqual([]);
  expect(names(await records().search('contact', '$search=+44'))).toEqual(['Alan Turing']);
  expect(names(await records().search('contact', '$search=+1&$orderby=lastname'))).toEqual([
    'Grace Hopper',
    'Ada Lovelace',
  ]);
});

test('retrieve takes a GUID in either case and $select', async () => {
  expect(await records().retrieve('contact', ADA.toUpperCase(), '$select=fullname,emailaddress1')).toEqual({
    contactid: ADA,
    fullname: 'Ada Lovelace',
    emailaddress1: 'ada@contoso.example',
  });
});

test('create answers { entityType, id }; update and delete change the service; a lookup binds by reference', async () => {
  const source = records();
  const created = await source.create('contact', {
    firstname: 'Edsger',
    lastname: 'Dijkstra',
    mobilephone: '+31 20 555 0100',
  });
  expect(created).toEqual({ entityType: 'contact', id: expect.stringMatching(GUID) });
  // The service computes fullname from its parts.
  expect(await source.retrieve('contact', created.id, '$select=fullname')).toEqual({
    contactid: created.id,
    fullname: 'Edsger Dijkstra',
  });
  expect(await source.update('contact', created.id, { lastname: 'W. Dijkstra' })).toEqual({
    entityType: 'contact',
    id: created.id,
  });
  expect(names(await source.search('contact', "$filter=contains(mobilephone,'+31')"))).toEqual(['Edsger W. Dijkstra']);

  const call = await source.create('phonecall', {
    subject: 'Called back',
    phonenumber: '+31 20 555 0100',
    'regardingobjectid_contact@odata.bind': `/contacts(${created.id})`,
  });
  expect(call).toEqual({ entityType: 'phonecall', id: expect.stringMatching(GUID) });
  expect(
    await source.search('phonecall', `$filter=regardingobjectid_contact_contactid eq ${created.id}&$select=subject`),
  ).toEqual([{ activityid: call.id, subject: 'Called back' }]);

  await source.delete('phonecall', call.id);
  await source.delete('contact', created.id);
  await expect(source.retrieve('contact', created.id)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
});

test('a GUID no record has is RECORD_NOT_FOUND: retrieve, update (which never creates) and delete', async () => {
  const source = records();
  await expect(source.retrieve('contact', MISSING)).rejects.toMatchObject({
    code: 'RECORD_NOT_FOUND',
    message: expect.stringMatching(/^The OData service answered 404: /),
  });
  await expect(source.update('contact', MISSING, { firstname: 'Nobody' })).rejects.toMatchObject({
    code: 'RECORD_NOT_FOUND',
  });
  await expect(source.delete('contact', MISSING)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
  await expect(source.retrieve('contact', MISSING)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
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
  const wrong = createODataRecords({ serviceUrl: server.serviceUrl.replace('v9.2', 'v9.1'), entitySets: SETS });
  await expect(wrong.search('contact', '')).rejects.toMatchObject({
    code: 'INTERNAL',
    message: `The OData service answered 404 to GET ${new URL(server.serviceUrl).origin}/api/data/v9.1/contacts, not with an OData error`,
  });
  await expect(wrong.retrieve('contact', ADA)).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
});
