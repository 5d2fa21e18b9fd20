import { expect, test } from '@playwright/test';
import { createODataRecords } from '../../src/createODataRecords.js';
import { parseQuery } from '../../src/parseQuery.js';
import { serializeQuery } from '../../src/serializeQuery.js';

const ID = '6d9a4f2e-1b3c-4d5e-8f70-1a2b3c4d5e6f';

/** A fetch that records each request and answers with the next of `answers`. */
function recordingFetch(...answers: { status?: number; body?: unknown; headers?: Record<string, string> }[]) {
  const requests: { method: string; url: string; headers: Record<string, string>; body?: string }[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    requests.push({
      method: init.method ?? 'GET',
      url: String(input),
      headers: init.headers as Record<string, string>,
      body: init.body as string | undefined,
    });
    const answer = answers.shift() ?? {};
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    return new Response(answer.status === 204 ? null : text, { status: answer.status ?? 200, headers: answer.headers });
  };
  return { requests, fetch: fetch as typeof globalThis.fetch };
}

const service = 'https://contoso.crm.dynamics.com/api/data/v9.2';

test('a search is parsed, written again and sent to the entity set, with the token', async () => {
  const { requests, fetch } = recordingFetch({
    body: { value: [{ '@odata.etag': 'W/"1"', contactid: ID, fullname: 'Ada' }] },
  });
  const records = createODataRecords({ serviceUrl: service, fetch, getToken: () => 'token-1' });
  expect(await records.search('contact', "?$select=fullname&$filter=contains(mobilephone,'+1 425')&$top=5")).toEqual([
    { contactid: ID, fullname: 'Ada' },
  ]);
  expect(requests[0]!.method).toBe('GET');
  expect(requests[0]!.url).toBe(
    `${service}/contacts?$select=fullname&$filter=contains(mobilephone%2C%27%2B1%20425%27)&$top=5`,
  );
  expect(requests[0]!.headers).toMatchObject({ Authorization: 'Bearer token-1', 'OData-Version': '4.0' });
});

test('writes: POST and PATCH ask for the representation, PATCH never creates, lookups bind by reference', async () => {
  const { requests, fetch } = recordingFetch(
    { body: { activityid: ID } },
    { body: { activityid: ID } },
    { status: 204 },
  );
  const records = createODataRecords({ serviceUrl: `${service}/`, fetch });
  const bind = { subject: 'Call', 'regardingobjectid_contact@odata.bind': `/contacts(${ID})` };
  expect(await records.create('phonecall', bind)).toEqual({ entityType: 'phonecall', id: ID });
  expect(await records.update('phonecall', ID.toUpperCase(), { subject: 'Called' })).toEqual({
    entityType: 'phonecall',
    id: ID,
  });
  await records.delete('phonecall', ID);
  expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
    `POST ${service}/phonecalls`,
    `PATCH ${service}/phonecalls(${ID})`,
    `DELETE ${service}/phonecalls(${ID})`,
  ]);
  expect(requests[0]!.headers).toMatchObject({ Prefer: 'return=representation', 'Content-Type': 'application/json' });
  expect(JSON.parse(requests[0]!.body!)).toEqual(bind);
  expect(requests[1]!.headers).toMatchObject({ 'If-Match': '*' });
});

test('a create answered 204 with no body takes the new id from the OData-EntityId header', async () => {
  // Dataverse answers a create this way when it does not honour Prefer: return=representation.
  const { fetch } = recordingFetch(
    { status: 204, headers: { 'OData-EntityId': `${service}/contacts(${ID.toUpperCase()})` } },
    { status: 204 },
    { status: 204, headers: { 'OData-EntityId': `${service}/contacts(not-a-guid)` } },
  );
  const records = createODataRecords({ serviceUrl: service, fetch });
  expect(await records.create('contact', { firstname: 'Ada' })).toEqual({ entityType: 'contact', id: ID });
  await expect(records.create('contact', { firstname: 'Ada' })).rejects.toMatchObject({
    code: 'INTERNAL',
    message:
      'The OData service created a contact record but answered neither its contactid nor an OData-EntityId header naming it (got "").',
  });
  await expect(records.create('contact', { firstname: 'Ada' })).rejects.toMatchObject({
    code: 'INTERNAL',
    message: expect.stringContaining('contacts(not-a-guid)'),
  });
});

test('OData error bodies become coded errors', async () => {
  const error = (status: number) => ({ status, body: { error: { code: '0x80040217', message: 'Does Not Exist' } } });
  const { fetch } = recordingFetch(error(404), error(401), error(400), error(500));
  const records = createODataRecords({ serviceUrl: service, fetch });
  await expect(records.retrieve('contact', ID)).rejects.toMatchObject({
    code: 'RECORD_NOT_FOUND',
    message: 'The OData service answered 404: Does Not Exist',
  });
  await expect(records.retrieve('contact', ID)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
  await expect(records.retrieve('contact', ID)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  await expect(records.retrieve('contact', ID)).rejects.toMatchObject({ code: 'INTERNAL' });
});

test('no URL is built from raw widget input: unknown entities, non-GUID ids and bad binds are refused before any request', async () => {
  const { requests, fetch } = recordingFetch();
  const records = createODataRecords({ serviceUrl: service, fetch });
  await expect(records.search('systemuser', '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  await expect(records.search('__proto__', '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  await expect(records.retrieve('contact', `${ID})/../accounts(${ID}`)).rejects.toMatchObject({
    code: 'INVALID_INPUT',
  });
  await expect(records.search('contact', '$filter=a eq 1&$expand=owninguser')).rejects.toMatchObject({
    code: 'INVALID_INPUT',
  });
  await expect(records.retrieve('contact', ID, '$filter=a eq 1')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  await expect(
    records.create('contact', { 'parentcustomerid_account@odata.bind': 'https://evil.example/accounts(1)' }),
  ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  expect(requests).toEqual([]);
});

test('a query written again parses to the same query', () => {
  const queries = [
    "$filter=(name eq 'O''Brien' or not startswith(name,'x')) and age ge 3&$orderby=name desc,age&$top=2&$skip=1",
    '$select=fullname&$search="grace hopper" cobol',
    `$filter=_parentcustomerid_value eq ${ID} and vip eq true and phone ne null`,
  ];
  for (const text of queries) {
    const parsed = parseQuery(text);
    expect(parseQuery(serializeQuery(parsed))).toEqual(parsed);
  }
});
