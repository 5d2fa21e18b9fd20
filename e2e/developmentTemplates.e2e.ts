/**
 * Development mode (`createHost({ onDevelopmentTemplate })`), which the test host of
 * @cif-bridge/testing runs when it has no templates: a template a widget names and nobody configured
 * is created plain on first use, in every engine, for both faces, and the page is told each one.
 */
import { expect, test } from './driver/test.js';
import { valueOf } from './support/assertions.js';
import { developmentNotes, openApiHost, sessions, tabStrip } from './support/hosts.js';
import { cif, type CifOutcome } from './support/widgets.js';

/** No templates at all, as a developer starts. */
const EMPTY = { sessionTemplates: [], tabTemplates: [], notificationTemplates: [] };

test('a CIF widget opens its first sessions and tab on a host with no templates', async ({ driver }) => {
  const page = await driver.newPage();
  const [widget] = await openApiHost(page, [{ name: 'cif', kind: 'cif' }], {
    options: EMPTY,
    echoHandlers: [],
    developmentNotes: true,
  });
  const created = await cif(widget!, 'createSession', { templateName: 'voice_call', context: { customer: 'Ada' } });
  expect(created).toMatchObject({ ok: true, type: 'string' });
  const [session] = await sessions(page);
  expect(session).toMatchObject({ id: valueOf<string>(created), title: 'voice_call', templateName: 'voice_call' });
  expect(session!.tabs.map((tab) => [tab.templateName, tab.title])).toEqual([['voice_call', 'voice_call']]);
  // The default UI shows the session and its one tab.
  await expect(tabStrip(page).getByRole('tab', { name: 'voice_call' })).toBeVisible();

  // A tag works too: the template is named after it and carries it.
  expect(await cif(widget!, 'createSession', JSON.stringify({ templateTag: 'chat' }))).toMatchObject({ ok: true });
  expect((await sessions(page)).map((s) => s.templateName)).toEqual(['voice_call', 'chat']);
  // A tab template, in the focused session (the widget's own).
  expect(await cif(widget!, 'createTab', { templateName: 'notes' })).toMatchObject({ ok: true });

  expect(await developmentNotes(page)).toEqual([
    'tab:voice_call',
    'session:voice_call',
    'tab:chat',
    'session:chat',
    'tab:notes',
  ]);
  // The second time, the template exists: nothing new is made.
  expect(await cif(widget!, 'createSession', { templateName: 'voice_call' })).toMatchObject({ ok: true });
  expect(await developmentNotes(page)).toHaveLength(5);
});

test('a widget rings the agent with a notification template nobody configured', async ({ driver }) => {
  const page = await driver.newPage();
  const [widget] = await openApiHost(page, [{ name: 'cif', kind: 'cif' }], {
    options: EMPTY,
    echoHandlers: [],
    developmentNotes: true,
  });
  // Started in the widget and read back after the agent answered: a driver waits for one command at
  // a time, so awaiting the call itself would hold the click back (WebKit's WebDriver does).
  await widget!.evaluate(() => {
    const w = window as unknown as { cif(m: string, ...a: unknown[]): Promise<unknown>; ringing: Promise<unknown> };
    w.ringing = w.cif('notifyEvent', { templateName: 'incoming_call', templateParameters: { customer: 'Ada' } });
  });
  const notification = page.getByRole('alertdialog', { name: 'incoming_call' });
  await notification.getByRole('button', { name: 'Accept' }).click();
  const answer = await widget!.evaluate(() => (window as unknown as { ringing: Promise<CifOutcome> }).ringing);
  expect(JSON.parse(valueOf<string>(answer))).toEqual({ actionName: 'Accept', responseReason: '' });
  expect(await developmentNotes(page)).toEqual(['notification:incoming_call']);
});

test('without onDevelopmentTemplate an unknown template is refused as before', async ({ driver }) => {
  const page = await driver.newPage();
  const [widget] = await openApiHost(page, [{ name: 'cif', kind: 'cif' }], { options: EMPTY, echoHandlers: [] });
  expect(await cif(widget!, 'createSession', { templateName: 'voice_call' })).toMatchObject({
    ok: false,
    code: 'TEMPLATE_NOT_FOUND',
    message: 'Did not find template by name (voice_call)',
  });
  expect(await sessions(page)).toEqual([]);
});
