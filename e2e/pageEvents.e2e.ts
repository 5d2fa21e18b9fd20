/**
 * Events the default UI raises for the agent's own actions: `onpagenavigate` with the tab's URL when
 * the agent focuses a tab that has one (to every widget), and `onsendkbarticle` with `{ title, link }`
 * from the "Send to customer" action of a tab whose template sets `sendToCustomer` (to the session's
 * owner). Widgets on another origin, both faces, every engine.
 */
import { type DriverPage, expect, test } from './driver/test.js';
import { call, cif as cifCall, eventsOf, listen } from './support/widgets.js';
import { chat, hostSessions, openApiHost, tabStrip, tabTemplates, twoFaces } from './support/hosts.js';

/** The URL of the tab titled `title` in the host's sessions. */
async function tabUrl(page: DriverPage, title: string): Promise<string> {
  const tab = (await hostSessions(page)).flatMap((s) => s.tabs).find((t) => t.title === title);
  return String(tab?.parameters.url);
}

test('the agent focusing a tab with a URL raises onpagenavigate with it to every widget', async ({ driver }) => {
  const page = await driver.newPage();
  const { typed, cif } = await twoFaces(page);
  await listen(typed, 'onpagenavigate');
  await listen(cif, 'onpagenavigate');
  expect(await call(typed, 'createSession', chat('Ada'))).toMatchObject({ ok: true });
  await tabStrip(page).getByRole('tab', { name: 'Notes' }).click();
  const notes = await tabUrl(page, 'Notes');
  expect(notes).toMatch(/\/fixtures\/blank\.html\?notes$/);
  await tabStrip(page).getByRole('tab', { name: 'Profile Ada' }).click();
  const profile = await tabUrl(page, 'Profile Ada');
  const events = [
    ['onpagenavigate', { value: notes }],
    ['onpagenavigate', { value: profile }],
  ];
  await expect.poll(() => eventsOf(typed)).toEqual(events);
  await expect.poll(() => eventsOf(cif)).toEqual(events);
});

test('"Send to customer" on a knowledge tab raises onsendkbarticle with its title and link to the session’s owner', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const [cif] = await openApiHost(page, [{ name: 'beta', kind: 'cif' }], {
    echoHandlers: [],
    options: {
      tabTemplates: tabTemplates.map((tab) => (tab.name === 'kb' ? { ...tab, sendToCustomer: true } : tab)),
    },
  });
  await listen(cif!, 'onsendkbarticle');
  expect(await cifCall(cif!, 'createSession', chat('Ada'))).toMatchObject({ ok: true });
  const send = page.getByRole('button', { name: 'Send to customer' });
  // Only a tab whose template sets sendToCustomer has the action.
  await expect(send).toBeHidden();
  expect(
    await cifCall(cif!, 'createTab', { templateName: 'kb', templateParameters: { topic: 'reset' }, isFocused: true }),
  ).toMatchObject({ ok: true });
  await send.click();
  const link = await tabUrl(page, 'KB reset');
  expect(link).toMatch(/\/fixtures\/blank\.html\?kb=reset$/);
  await expect.poll(() => eventsOf(cif!)).toEqual([['onsendkbarticle', { title: 'KB reset', link }]]);
  await tabStrip(page).getByRole('tab', { name: 'Notes' }).click();
  await expect(send).toBeHidden();
});
