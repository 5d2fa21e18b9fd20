/**
 * A host given records (`createHost({ records })` with the embedded store) answers the record
 * methods on both faces, with CIF's result shapes, to widgets on another origin: the drop-in's JSON
 * text, the `"0"`-keyed search results, `{ entityType, id }` for create, and coded errors.
 */
import { expect, test } from './driver/test.js';
import { valueOf } from './support/assertions.js';
import { openApiHost } from './support/hosts.js';
import { contactSeed as seed } from './support/records.js';
import { call, cif } from './support/widgets.js';

test('a CIF widget looks a caller up by phone number, logs a record, reads it back and deletes it', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const [widget] = await openApiHost(page, [{ name: 'cif', kind: 'cif' }], { records: seed });
  // A phone number sent unencoded, its plus sign included, as real widgets send it.
  const found = await cif(
    widget!,
    'searchAndOpenRecords',
    'contact',
    "?$select=fullname&$filter=contains(mobilephone,'+1 425')",
    true,
    'corr-s',
  );
  expect(found).toMatchObject({ ok: true, type: 'string' });
  expect(JSON.parse(valueOf<string>(found))).toEqual({ 0: { contactid: 'c1', fullname: 'Ada Lovelace' } });

  // Data as JSON text, as Microsoft's samples pass it.
  const created = JSON.parse(
    valueOf<string>(
      await cif(widget!, 'createRecord', 'contact', '{"firstname":"Grace","lastname":"Hopper"}', 'corr-c'),
    ),
  ) as { entityType: string; id: string };
  expect(created.entityType).toBe('contact');
  expect(
    JSON.parse(
      valueOf<string>(await cif(widget!, 'retrieveRecord', 'contact', created.id, '?$select=fullname', 'corr-r')),
    ),
  ).toEqual({
    contactid: created.id,
    fullname: 'Grace Hopper',
  });
  expect(JSON.parse(valueOf<string>(await cif(widget!, 'deleteRecord', 'contact', created.id, 'corr-d')))).toEqual({
    contactid: created.id,
  });
  expect(await cif(widget!, 'retrieveRecord', 'contact', created.id, '', 'corr-gone')).toMatchObject({
    ok: false,
    code: 'RECORD_NOT_FOUND',
    message: `No contact record has the id ${created.id}.`,
    correlationId: 'corr-gone',
  });
});

test('a typed widget updates a record and reads the metadata; a bad query says what to fix', async ({ driver }) => {
  const page = await driver.newPage();
  const [widget] = await openApiHost(page, [{ name: 'typed', kind: 'typed' }], { records: seed });
  expect(await call(widget!, 'callHandler', 'updateRecord', ['contact', 'c2', { lastname: 'Kay' }], 'corr-u')).toEqual({
    ok: true,
    value: { entityType: 'contact', id: 'c2' },
  });
  expect(await call(widget!, 'callHandler', 'retrieveRecord', ['contact', 'c2', '$select=fullname'], 'corr-r')).toEqual(
    {
      ok: true,
      value: { contactid: 'c2', fullname: 'Alan Kay' },
    },
  );
  expect(await call(widget!, 'callHandler', 'getEntityMetadata', ['contact'], 'corr-m')).toMatchObject({
    ok: true,
    value: { logicalName: 'contact', primaryIdAttribute: 'contactid', primaryNameAttribute: 'fullname' },
  });
  const bad = await call(
    widget!,
    'callHandler',
    'searchAndOpenRecords',
    ['contact', "$filter=tolower(fullname) eq 'x'", true],
    'corr-q',
  );
  expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT', correlationId: 'corr-q' });
  expect((bad as { message: string }).message).toContain('the function tolower() is not supported at position 0');
});

test('without records, the record methods still resolve NOT_SUPPORTED', async ({ driver }) => {
  const page = await driver.newPage();
  const [widget] = await openApiHost(page, [{ name: 'cif', kind: 'cif' }], { echoHandlers: [] });
  expect(await cif(widget!, 'createRecord', 'contact', '{}', 'corr-n')).toMatchObject({
    ok: false,
    code: 'NOT_SUPPORTED',
  });
});
