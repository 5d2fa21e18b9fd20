/**
 * Development mode (`createHost({ onDevelopmentTemplate })`), which the test host of
 * @cif-bridge/testing runs when it has no templates: a template a widget names and nobody configured
 * is created plain on first use, in every engine, for both faces, and the page is told each one. Each
 * is also a `development` entry of the host's trace, which the call inspector shows in words that
 * say where the template belongs.
 */
import type { DevelopmentEntry, TraceEntry } from '../packages/bridge-host/src/HostTrace.js';
import { type DriverPage as Page, expect, type Locator, test } from './driver/test.js';
import { expectNoTrouble, valueOf } from './support/assertions.js';
import { developmentNotes, openApiHost, sessions, tabStrip } from './support/hosts.js';
import { cif, type CifOutcome } from './support/widgets.js';

/** No templates at all, as a developer starts. */
const EMPTY = { sessionTemplates: [], tabTemplates: [], notificationTemplates: [] };

/** The host's `development` trace entries, as `[provider, templateKind, name]`, oldest first. */
async function madeUp(page: Page): Promise<[string, string, string][]> {
  const entries = await page.evaluate(() => (window as unknown as { host: { trace(): TraceEntry[] } }).host.trace());
  return entries
    .filter((entry): entry is DevelopmentEntry => entry.kind === 'development')
    .map((entry) => [entry.provider, entry.templateKind, entry.name]);
}

/**
 * Loads the inspector's built IIFE into the API test host page and opens it on the page's host, in a
 * panel under the desk; resolves with the panel.
 */
async function openInspector(page: Page): Promise<Locator> {
  await page.evaluate(async () => {
    const script = document.createElement('script');
    script.src = '/packages/bridge-host/dist/cif-bridge-inspector.iife.js';
    await new Promise((resolve, reject) => {
      script.addEventListener('load', resolve);
      script.addEventListener('error', () => reject(new Error('The inspector bundle did not load.')));
      document.head.append(script);
    });
    const w = window as unknown as {
      host: unknown;
      CifBridgeInspector: { createInspector(host: unknown, container: HTMLElement): unknown };
    };
    const panel = document.createElement('div');
    panel.style.height = '400px';
    document.body.append(panel);
    w.CifBridgeInspector.createInspector(w.host, panel);
  });
  return page.getByRole('region', { name: 'Call inspector' });
}

/** The text of each cell of each row of the inspector's table body, one array per row. */
function cells(inspector: Locator): Promise<string[][]> {
  return inspector
    .locator('tbody')
    .evaluate((body) => [...body.children].map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
}

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
  // The trace holds one entry for each, naming the provider whose call named the template.
  expect(await madeUp(page)).toEqual([
    ['cif', 'tab', 'voice_call'],
    ['cif', 'session', 'voice_call'],
    ['cif', 'tab', 'chat'],
    ['cif', 'session', 'chat'],
    ['cif', 'tab', 'notes'],
  ]);
});

test('the inspector shows each made-up template, where it belongs, and filters them', async ({ driver }) => {
  const page = await driver.newPage();
  const [widget] = await openApiHost(page, [{ name: 'cif', kind: 'cif' }], {
    options: EMPTY,
    echoHandlers: [],
    developmentNotes: true,
  });
  const inspector = await openInspector(page);
  // Live: the entries come after the inspector opened.
  expect(await cif(widget!, 'createSession', { templateName: 'voice_call' })).toMatchObject({ ok: true });
  await expect
    .poll(async () => (await cells(inspector)).filter((row) => row[1] === 'development').map((row) => row.slice(2, 6)))
    .toEqual([
      ['cif', 'voice_call', '', 'made up tab template: add it to tabTemplates'],
      ['cif', 'voice_call', '', 'made up session template: add it to sessionTemplates'],
    ]);
  // The outcome filter keeps the made-up templates only.
  await inspector.getByLabel('Outcome').selectOption('made up');
  await expect
    .poll(async () => (await cells(inspector)).map((row) => [row[1], row[5]]))
    .toEqual([
      ['development', 'made up tab template: add it to tabTemplates'],
      ['development', 'made up session template: add it to sessionTemplates'],
    ]);
  // A row's details say, in words, what a real desk would have done and what to configure.
  // The click goes to a cell: WebKit's WebDriver refuses to click a <tr> itself.
  await inspector.locator('tbody tr').nth(1).locator('td').first().click();
  const details = inspector.getByRole('region', { name: 'Entry details' });
  await expect(details).toContainText(
    'Development mode made up the session template "voice_call" because the widget named it. ' +
      'A real desk would have refused the call with TEMPLATE_NOT_FOUND: add "voice_call" to sessionTemplates.',
  );
  await expect(details).toContainText('"templateKind": "session"');
  await expectNoTrouble(page);
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
  expect(await madeUp(page)).toEqual([['cif', 'notification', 'incoming_call']]);
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
  expect(await madeUp(page)).toEqual([]);
});
