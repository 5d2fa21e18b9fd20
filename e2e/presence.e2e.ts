/**
 * The agent's presence, built into the host: CIF `setPresence` and `getPresence` work with no host
 * handler on both faces (the typed client and the `Microsoft.CIFramework` drop-in), the default UI's
 * picker and the host API set it too, and every provider hears each change in `onPresenceChange`.
 * The widgets run on another origin than the host, in every engine.
 */
import { type DriverPage, expect, test } from './driver/test.js';
import { call, cif as cifCall, eventsOf, listen } from './support/widgets.js';
import { hostCall, openApiHost, twoFaces } from './support/hosts.js';

const presenceEvent = (presenceId: string, presenceText: string, presenceColor: string) => [
  'onPresenceChange',
  { presenceInfo: { presenceId, presenceText, presenceColor } },
];

/** The host's presence as the host page reads it. */
const hostPresence = (page: DriverPage) =>
  page.evaluate(() => (window as unknown as { host: { getPresence(): unknown } }).host.getPresence());

test('with no handler, setPresence and getPresence work on both faces, and every provider hears each change', async ({
  driver,
}) => {
  const page = await driver.newPage();
  // No host handlers at all: presence is the host's own.
  const { typed, cif } = await twoFaces(page);
  await listen(typed, 'onPresenceChange');
  await listen(cif, 'onPresenceChange');

  expect(await cifCall(cif, 'getPresence')).toEqual({ ok: true, type: 'string', value: 'Available' });
  // A CIF widget: setPresence resolves true, as in Dynamics.
  expect(await cifCall(cif, 'setPresence', 'Busy')).toEqual({ ok: true, type: 'boolean', value: true });
  // The typed client's own methods reach the same presence.
  expect(await call(typed, 'getPresence')).toEqual({ ok: true, value: 'Busy' });
  expect(await call(typed, 'setPresence', 'Away')).toEqual({ ok: true, value: true });
  expect(await cifCall(cif, 'getPresence')).toEqual({ ok: true, type: 'string', value: 'Away' });

  const both = [presenceEvent('busy', 'Busy', '#c62828'), presenceEvent('away', 'Away', '#f9a825')];
  await expect.poll(() => eventsOf(typed)).toEqual(both);
  await expect.poll(() => eventsOf(cif)).toEqual(both);
  expect(await hostPresence(page)).toEqual({ presenceId: 'away', presenceText: 'Away', presenceColor: '#f9a825' });
});

test('the agent picks a presence in the default UI, and the host page sets one; every provider hears it', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { typed, cif } = await twoFaces(page);
  await listen(typed, 'onPresenceChange');
  await listen(cif, 'onPresenceChange');
  const picker = page.getByRole('combobox', { name: 'Presence' });
  await expect(picker).toHaveValue('available');

  await picker.selectOption('Do not disturb');
  expect(await cifCall(cif, 'getPresence')).toEqual({ ok: true, type: 'string', value: 'Do not disturb' });
  expect(await hostCall(page, 'setPresence', 'Offline')).toMatchObject({ ok: true });
  await expect(picker).toHaveValue('offline');

  const both = [presenceEvent('dnd', 'Do not disturb', '#8e0000'), presenceEvent('offline', 'Offline', '#757575')];
  await expect.poll(() => eventsOf(typed)).toEqual(both);
  await expect.poll(() => eventsOf(cif)).toEqual(both);
});

test('an unknown presence rejects with INVALID_INPUT listing the known ones; a configured list replaces the default', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { typed, cif } = await twoFaces(page, {
    echoHandlers: [],
    options: {
      presences: [
        { id: 'ready', text: 'Ready', color: '#0a0' },
        { id: 'wrap', text: 'Wrap-up' },
      ],
    },
  });
  const known = 'This host knows: "Ready", "Wrap-up".';
  expect(await cifCall(cif, 'setPresence', 'Available')).toMatchObject({
    ok: false,
    isError: true,
    code: 'INVALID_INPUT',
    msdyn_name: 'setPresence',
    message: `setPresence: unknown presence "Available". ${known}`,
  });
  expect(await call(typed, 'setPresence', 'Lunch')).toMatchObject({
    ok: false,
    code: 'INVALID_INPUT',
    message: `setPresence: unknown presence "Lunch". ${known}`,
  });
  expect(await cifCall(cif, 'setPresence', 'wrap-up')).toMatchObject({ ok: true, value: true });
  expect(await hostPresence(page)).toEqual({ presenceId: 'wrap', presenceText: 'Wrap-up', presenceColor: '' });
  expect(await hostCall(page, 'setPresence', 'Gone')).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
});

test('a host handler still replaces the built-in presence', async ({ driver }) => {
  const page = await driver.newPage();
  // openApiHost's default handlers keep presence in the page, whatever its text.
  const [cif] = await openApiHost(page, [{ name: 'beta', kind: 'cif' }]);
  expect(await cifCall(cif!, 'setPresence', 'On a coffee break')).toMatchObject({ ok: true, value: true });
  expect(await cifCall(cif!, 'getPresence')).toMatchObject({ ok: true, value: 'On a coffee break' });
  // The built-in presence was not touched.
  expect(await hostPresence(page)).toMatchObject({ presenceId: 'available' });
});
