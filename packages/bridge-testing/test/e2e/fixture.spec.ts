/**
 * The Playwright fixture of @cif-bridge/testing, used as a widget author uses it: a CIF widget written
 * only against Microsoft.CIFramework (test/widget/), tested through `cifHost` and `toHaveCalled`.
 */
import { test as base, expect, type CifHost } from '@cif-bridge/testing/playwright';
import type { SessionTemplate, TabTemplate } from '@cif-bridge/host';
import type { RecordSeed } from '@cif-bridge/records';
import { serveWidget } from './serveWidget.js';

/** The test widget's URL, served for each worker against that worker's test host. */
const test = base.extend<object, { widgetUrl: string }>({
  widgetUrl: [
    async ({ cifHostServer }, use) => {
      const widget = await serveWidget(cifHostServer.origin);
      await use(widget.url);
      await widget.close();
    },
    { scope: 'worker' },
  ],
});

/**
 * The rows of the page's call inspector as `[kind, provider, method or event, outcome]`, oldest first:
 * what a developer reads there (the time, correlationId and duration columns differ on every run).
 */
function inspectorRows(cifHost: CifHost): Promise<string[][]> {
  return cifHost.inspector
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((tr) => [...(tr as HTMLTableRowElement).cells].map((cell) => cell.textContent ?? '')),
    )
    .then((rows) => rows.map((cells) => [cells[1] ?? '', cells[2] ?? '', cells[3] ?? '', cells[5] ?? '']));
}

const sessionTemplates: SessionTemplate[] = [
  { name: 'voice_call', title: 'Call from {customer}', anchorTab: 'caller' },
];
const tabTemplates: TabTemplate[] = [{ name: 'caller', title: '{customer}', type: 'development', parameters: {} }];
const seed: RecordSeed = {
  entities: [
    {
      logicalName: 'contact',
      primaryIdAttribute: 'contactid',
      primaryNameAttribute: 'fullname',
      attributes: ['contactid', 'fullname', 'telephone1'],
      rows: [
        { contactid: '7c1f6a52-2e4b-4c1d-9a43-3d0f1c2b5e01', fullname: 'Ada Lovelace', telephone1: '+1 555 0100' },
      ],
    },
  ],
};

test('with no templates, development mode lets the widget ring the agent and open its first session', async ({
  cifHost,
  widgetUrl,
}) => {
  await cifHost.load(widgetUrl);
  // The library's URL is in the widget's, for widgets that find it there.
  expect(new URL(cifHost.widget.url()).searchParams.get('ucilib')).toBe(
    `${cifHost.origin}/webresources/Widget/msdyn_ciLibrary.js`,
  );
  const activity = cifHost.widget.getByRole('list', { name: 'Activity' });
  await cifHost.widget.getByRole('button', { name: 'Ring' }).click();
  await cifHost.acceptNotification();
  await expect(cifHost).toHaveCalled('createSession', { templateName: 'voice_call' });
  await expect(activity).toContainText('Answer: Accept');
  await expect(activity).toContainText('Session created: ');
  const sessions = await cifHost.sessions();
  expect(sessions.map((s) => [s.templateName, s.title, s.provider])).toEqual([['voice_call', 'voice_call', 'widget']]);
  // The call entries carry the arguments as the widget sent them, and the outcome.
  const [call] = await cifHost.calls({ method: 'createSession' });
  expect(call).toMatchObject({ kind: 'call', provider: 'widget', outcome: 'resolved' });
  // The developer is told which templates were made up, and which the widget will need on a real desk.
  await expect(cifHost.page.getByRole('list', { name: 'Development notes' })).toContainText(
    'created a plain session template "voice_call" because the widget named it',
  );
  // Its one tab is a development tab, which shows what it is.
  await expect(cifHost.page.getByText('A plain tab made in development mode for template "voice_call"')).toBeVisible();

  // The page's call inspector lists the widget's calls live, and the templates it made up, saying
  // where each belongs.
  await expect(cifHost.inspector).toBeVisible();
  await expect
    .poll(() => inspectorRows(cifHost))
    .toEqual(
      expect.arrayContaining([
        ['handshake', 'widget', 'hello', 'connected'],
        ['development', 'widget', 'incoming_call', 'made up notification template: add it to notificationTemplates'],
        ['call', 'widget', 'notifyEvent', 'resolved'],
        ['development', 'widget', 'voice_call', 'made up session template: add it to sessionTemplates'],
        ['call', 'widget', 'createSession', 'resolved'],
      ]),
    );
  // The order is the order things happened in: the template is made up during the call that named it.
  const order = (await inspectorRows(cifHost)).map((row) => `${row[0]}:${row[2]}`);
  expect(order.indexOf('development:voice_call')).toBeLessThan(order.indexOf('call:createSession'));
});

test('templates, environment and records come from load()', async ({ cifHost, widgetUrl }) => {
  await cifHost.load(widgetUrl, {
    sessionTemplates,
    tabTemplates,
    notificationTemplates: [{ name: 'incoming_call', title: 'Incoming call from {customer}' }],
    environment: { appName: 'Test desk' },
    records: seed,
  });
  await expect(cifHost.widget.locator('#environment')).toHaveText('Test desk');
  await cifHost.widget.getByRole('button', { name: 'Find caller' }).click();
  await expect(cifHost.widget.getByRole('list', { name: 'Activity' })).toContainText('Caller: Ada Lovelace');
  await expect(cifHost).toHaveCalled('searchAndOpenRecords', 'contact');

  await cifHost.widget.getByRole('button', { name: 'Ring' }).click();
  await expect(cifHost.page.getByRole('alertdialog')).toContainText('Incoming call from Ada Lovelace');
  await cifHost.acceptNotification();
  await expect(cifHost).toHaveCalled('createSession', { templateParameters: { customer: 'Ada Lovelace' } });
  expect((await cifHost.sessions()).map((s) => s.title)).toEqual(['Call from Ada Lovelace']);
  // Configured templates turn development mode off: an unknown one is refused, as on a real desk.
  await cifHost.widget.getByRole('button', { name: 'Open an unknown session' }).click();
  await expect(cifHost.widget.getByRole('list', { name: 'Activity' })).toContainText(
    'Failed: TEMPLATE_NOT_FOUND: Did not find template by name (no_such_template)',
  );
  expect(await cifHost.calls({ outcome: 'rejected' })).toEqual([
    expect.objectContaining({ method: 'createSession', code: 'TEMPLATE_NOT_FOUND' }),
  ]);
  // The inspector shows the same calls, the refused one with its code, and nothing made up.
  await cifHost.inspector.getByLabel('Method').selectOption('createSession');
  await expect
    .poll(() => inspectorRows(cifHost))
    .toEqual([
      ['call', 'widget', 'createSession', 'resolved'],
      ['call', 'widget', 'createSession', 'TEMPLATE_NOT_FOUND'],
    ]);
  await cifHost.inspector.getByLabel('Outcome').selectOption('made up');
  await expect(cifHost.inspector.getByRole('status')).toHaveText(/^0 of \d+ entries$/);
});

test("the bar's Inspector button hides the inspector and shows it again, still following the widget", async ({
  cifHost,
  widgetUrl,
}) => {
  await cifHost.load(widgetUrl);
  const toggle = cifHost.page.getByRole('button', { name: 'Inspector' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect
    .poll(async () => (await inspectorRows(cifHost)).map((row) => row[2]))
    .toEqual(expect.arrayContaining(['getEnvironment']));
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(cifHost.inspector).toBeHidden();
  // A call made while it is hidden is there when it comes back.
  await cifHost.widget.getByRole('button', { name: 'Ring' }).click();
  await cifHost.acceptNotification();
  await expect(cifHost).toHaveCalled('createSession');
  await toggle.click();
  await expect(cifHost.inspector).toBeVisible();
  await expect
    .poll(async () => (await inspectorRows(cifHost)).map((row) => row[2]))
    .toEqual(expect.arrayContaining(['getEnvironment', 'notifyEvent', 'createSession']));
});

test('the agent actions reach the widget as CIF events', async ({ cifHost, widgetUrl }) => {
  await cifHost.load(widgetUrl);
  const activity = cifHost.widget.getByRole('list', { name: 'Activity' });
  // Wait for the widget's handlers: its click-to-act call is answered after it added them.
  await expect(cifHost).toHaveCalled('setClickToAct', true);
  await expect(cifHost).toHaveCalled('getEnvironment');

  await cifHost.clickToAct({
    value: '+1 555 0100',
    name: 'telephone1',
    format: 'Phone',
    entityLogicalName: 'contact',
    entityId: '7c1f6a52-2e4b-4c1d-9a43-3d0f1c2b5e01',
    recordTitle: 'Ada Lovelace',
  });
  await expect(activity).toContainText('Click to act: +1 555 0100');

  await cifHost.setPresence('Busy');
  await expect(cifHost.widget.locator('#presence')).toHaveText('Busy');

  await cifHost.raiseEvent('onpagenavigate', { value: 'https://crm.example.com/contact' });
  await expect(activity).toContainText('Navigated: https://crm.example.com/contact');

  await cifHost.widget.getByRole('button', { name: 'Ring' }).click();
  await cifHost.rejectNotification();
  await expect(activity).toContainText('Answer: Reject');
  expect(await cifHost.sessions()).toEqual([]);

  await cifHost.widget.getByRole('button', { name: 'Ring' }).click();
  await cifHost.acceptNotification();
  await expect(activity).toContainText('Session created: ');
  const [session] = await cifHost.sessions();
  await cifHost.focusSession(null);
  await expect(activity).toContainText('Switched: unfocused');
  await cifHost.closeSession(session!.id);
  await expect(activity).toContainText(`Closed: ${session!.id}`);
  expect(await cifHost.sessions()).toEqual([]);
});

test('toHaveCalled fails with the list of the calls the widget made', async ({ cifHost, widgetUrl }) => {
  await cifHost.load(widgetUrl);
  await expect(cifHost).toHaveCalled('getEnvironment');
  const failure = await expect(cifHost)
    .toHaveCalled('createSession', { templateName: 'voice_call' }, { timeout: 300 })
    .then(
      () => undefined,
      (error: Error) => error.message,
    );
  expect(failure).toContain('Expected a call within 300 ms: createSession({"templateName":"voice_call"})');
  expect(failure).toMatch(/Calls the widget made \(\d+\):/);
  expect(failure).toMatch(/\d+\. setClickToAct\(true\) → resolved/);
  expect(failure).toMatch(/\d+\. getEnvironment\(\) → resolved/);

  // .not fails with the list too, when the call was made.
  const negated = await expect(cifHost)
    .not.toHaveCalled('getEnvironment', undefined, { timeout: 300 })
    .then(
      () => undefined,
      (error: Error) => error.message,
    );
  expect(negated).toContain('Expected no call: getEnvironment(…)');
  expect(negated).toMatch(/\d+\. getEnvironment\(\) → resolved/);
});

test('a configuration mistake makes load() fail, naming the field', async ({ cifHost, widgetUrl }) => {
  await expect(
    cifHost.load(widgetUrl, { sessionTemplates: [{ name: 'x', title: 'X', anchorTab: 'missing' }] }),
  ).rejects.toThrow('sessionTemplates[0] ("x").anchorTab names "missing", which is not a tab template.');
  await expect(cifHost.page.getByRole('alert')).toContainText('The test host could not start');
  await expect(cifHost.load(widgetUrl, { sessionTemplate: [] } as never)).rejects.toThrow(
    'cifHost.load: unknown field "sessionTemplate"',
  );
  await expect(cifHost.load('file:///widget.html')).rejects.toThrow('must be http or https');
  expect(() => cifHost.widget).toThrow('call `await cifHost.load(widgetUrl)` first');
});
