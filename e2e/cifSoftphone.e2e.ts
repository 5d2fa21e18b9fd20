/**
 * The example CIF softphone (examples/cif-softphone, plain JS that uses only Microsoft.CIFramework)
 * on the example agent desktop, beside the typed softphone, each as its own provider. The
 * widget runs its flow: setClickToAct(true) and handlers for onclicktoact, onSessionSwitched and
 * onSessionClosed; an incoming call looks the caller up by mobile phone number in the desk's
 * embedded record store (seeded from examples/agent-host/records.json) and rings with notifyEvent;
 * Accept opens a session anchored on the caller's contact record, with the call as context, reads it
 * back with getSession(id).get('context'), names it with setSessionTitle and opens a focused notes
 * tab with createTab; Reject opens nothing; "Log call in CRM" stores a phone call linked to the
 * contact. Driven by role and label on both sides.
 */
import { type DriverFrame as Frame, type DriverPage as Page, expect, test } from './driver/test.js';
import { expectCountdownFrom } from './support/assertions.js';
import { openDesktop, sessionList, sessions, tabStrip } from './support/hosts.js';
import { origins } from './support/origins.js';
import { call, type CifWindow } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

/** The seeded contact whose mobile phone rings: Ada Lovelace in examples/agent-host/records.json. */
const CALLER = '+1 425 555 0100';
const CONTACT_ID = 'f23fc809-c5da-46a8-80b4-d141a68e2b29';

/** Opens the agent desktop and returns both widgets, each ready. */
async function openBoth(page: Page): Promise<{ softphone: Frame; cifSoftphone: Frame }> {
  const softphone = await openDesktop(page);
  const cifSoftphone = await page.waitForFrame(`${origins.widget}/cif-softphone/`);
  await expect(cifSoftphone.getByRole('status')).toHaveText(
    'Ready: signed in as Alex Wilber, queue Support, click-to-call on.',
  );
  return { softphone, cifSoftphone };
}

/** Rings the agent from the CIF softphone and answers the notification with `button`. */
async function ringAndAnswer(page: Page, cifSoftphone: Frame, button: 'Accept' | 'Reject'): Promise<void> {
  await cifSoftphone.getByRole('button', { name: 'Simulate incoming call' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Incoming call from Ada Lovelace' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: button }).click();
  await expect(dialog).toHaveCount(0);
}

const activity = (frame: Frame) => frame.getByRole('log');

test('the CIF softphone and the typed softphone sit side by side, each its own provider', async ({ driver }) => {
  const page = await driver.newPage();
  const { softphone, cifSoftphone } = await openBoth(page);
  const panel = page.getByRole('complementary', { name: 'Communication panel' });
  await expect(panel.getByRole('heading', { name: 'Contoso Softphone' })).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'CIF Softphone' })).toBeVisible();
  const typedBox = (await panel.locator('iframe[title="Contoso Softphone"]').boundingBox())!;
  const cifBox = (await panel.locator('iframe[title="CIF Softphone"]').boundingBox())!;
  expect(cifBox.x).toBeGreaterThanOrEqual(typedBox.x + typedBox.width);
  expect(cifBox.y).toBe(typedBox.y);
  await expect(cifSoftphone.getByText('Panel: docked, 640 px')).toBeVisible();

  // Each widget's sessions are its own.
  await softphone.getByRole('button', { name: 'Start chat' }).click();
  await expect(sessionList(page).getByRole('tab', { name: /Chat with Contoso Ltd/ })).toBeVisible();
  expect(
    await cifSoftphone.evaluate(() => (window as unknown as CifWindow).Microsoft.CIFramework.getAllSessions!()),
  ).toEqual([]);
  expect((await sessions(page)).map((s) => s.provider)).toEqual(['softphone']);
});

test('an incoming call rings with notifyEvent; Accept opens a named session with its notes tab in focus', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { cifSoftphone } = await openBoth(page);
  // The title the session is created with, before the widget renames it.
  await page.evaluate(() => {
    const w = window as unknown as {
      agentDesktop: { on(e: string, l: (s: { title: string }) => void): void };
      firstTitle: string;
    };
    w.agentDesktop.on('sessionCreated', (session) => (w.firstTitle = session.title));
  });

  const asked = Date.now();
  await cifSoftphone.getByRole('button', { name: 'Simulate incoming call' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Incoming call from Ada Lovelace' });
  await expect(dialog.getByText('CIF Softphone')).toBeVisible();
  await expect(dialog.locator('dt')).toHaveText(['Customer', 'Number', 'Queue']);
  await expect(dialog.locator('dd')).toHaveText(['Ada Lovelace', CALLER, 'Support']);
  await expectCountdownFrom(dialog.getByRole('timer'), 30, asked);
  await expect(cifSoftphone.getByText(`Ringing: ${CALLER}`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Accept' }).click();

  await expect(activity(cifSoftphone)).toContainText(
    'Session "Call with Ada Lovelace" opened with its notes tab in focus.',
  );
  const session = sessionList(page).getByRole('tab', { name: 'Call with Ada Lovelace' });
  await expect(session).toHaveAttribute('aria-selected', 'true');
  // Its accessible description: the text of the elements its aria-describedby names.
  await expect
    .poll(() =>
      session.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      ),
    )
    .toMatch(/CIF Softphone/);
  const tabs = page.getByRole('tablist', { name: 'Tabs' });
  await expect(tabs.getByRole('tab')).toHaveText(['Ada Lovelace', 'Notes: Ada Lovelace']);
  await expect(tabs.getByRole('tab', { name: 'Notes: Ada Lovelace' })).toHaveAttribute('aria-selected', 'true');
  const notes = await page.waitForFrameOf(page.locator('.cifb-tab-content:not([hidden]) iframe'));
  await expect(notes.locator('#kind')).toHaveText('Call notes');

  const [created] = await sessions(page);
  expect(created).toMatchObject({
    provider: 'cif-softphone',
    templateName: 'phone_call',
    title: 'Call with Ada Lovelace',
    focused: true,
    context: { direction: 'inbound', phone: CALLER, customer: 'Ada Lovelace', contactId: CONTACT_ID },
  });
  expect(created!.context.callId).toMatch(/^call-[0-9a-f-]{36}$/);
  expect(created!.tabs.map((t) => [t.templateName, t.type, t.focused])).toEqual([
    ['contact_record', 'entityrecord', false],
    ['call_notes', 'webresource', true],
  ]);
  // The anchor tab is the caller's contact record, as Dynamics 365 opens it.
  expect(created!.tabs[0]!.parameters).toMatchObject({ entityName: 'contact', entityId: CONTACT_ID });
  // Created with the number as title; setSessionTitle named the caller from the context it read back.
  expect(await page.evaluate(() => (window as unknown as { firstTitle: string }).firstTitle)).toBe(
    `Call with ${CALLER}`,
  );
  await expect(cifSoftphone.getByText('On a call: Call with Ada Lovelace')).toBeVisible();
  await expect(cifSoftphone.getByRole('list', { name: 'Open calls' }).getByRole('listitem')).toHaveText([
    `Call with Ada Lovelace · ${CALLER} · in focus`,
  ]);
});

test('Reject opens nothing, and the softphone can ring again', async ({ driver }) => {
  const page = await driver.newPage();
  const { cifSoftphone } = await openBoth(page);
  await ringAndAnswer(page, cifSoftphone, 'Reject');
  await expect(activity(cifSoftphone)).toContainText('Declined the call from Ada Lovelace.');
  await expect(cifSoftphone.getByRole('button', { name: 'Simulate incoming call' })).toBeEnabled();
  await expect(cifSoftphone.getByText('No call.')).toBeVisible();
  expect(await sessions(page)).toEqual([]);
  await expect(sessionList(page).getByRole('tab')).toHaveText(['Home']);

  // An unknown number rings with the number alone, and Accept works after a Reject.
  await cifSoftphone.getByLabel('Caller number').fill('+1 555 0199');
  await cifSoftphone.getByRole('button', { name: 'Simulate incoming call' }).click();
  await page
    .getByRole('alertdialog', { name: 'Incoming call from +1 555 0199' })
    .getByRole('button', { name: 'Accept' })
    .click();
  await expect(sessionList(page).getByRole('tab', { name: 'Call with +1 555 0199' })).toBeVisible();
  await expect(activity(cifSoftphone)).toContainText(
    'Session "Call with +1 555 0199" opened with its notes tab in focus.',
  );
  const [unknown] = await sessions(page);
  // No record to open: the session is anchored on the call script.
  expect(unknown).toMatchObject({
    templateName: 'unknown_call',
    context: { phone: '+1 555 0199', customer: '+1 555 0199', contactId: null },
  });
  expect(unknown!.tabs.map((t) => t.templateName)).toEqual(['call_script', 'call_notes']);
});

test('click-to-act on a phone number dials out from the CIF softphone, which turned it on', async ({ driver }) => {
  const page = await driver.newPage();
  const { softphone, cifSoftphone } = await openBoth(page);
  // The typed softphone never called setClickToAct.
  expect(await call(softphone, 'getClickToAct')).toEqual({ ok: true, value: false });
  expect(
    await cifSoftphone.evaluate(() => (window as unknown as CifWindow).Microsoft.CIFramework.getClickToAct!()),
  ).toBe(true);

  await page.getByRole('button', { name: `Click to call ${CALLER}` }).click();
  await expect(activity(cifSoftphone)).toContainText(`Dialing ${CALLER} (Ada Lovelace).`);
  await expect(sessionList(page).getByRole('tab', { name: 'Call with Ada Lovelace' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const all = await sessions(page);
  expect(all).toHaveLength(1);
  expect(all[0]).toMatchObject({
    provider: 'cif-softphone',
    context: { direction: 'outbound', phone: CALLER, customer: 'Ada Lovelace', contactId: CONTACT_ID },
  });
});

test('the CIF softphone follows its sessions: onSessionSwitched, and onSessionClosed when the agent closes one', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { softphone, cifSoftphone } = await openBoth(page);
  await ringAndAnswer(page, cifSoftphone, 'Accept');
  await expect(cifSoftphone.getByText('On a call: Call with Ada Lovelace')).toBeVisible();
  const calls = cifSoftphone.getByRole('list', { name: 'Open calls' }).getByRole('listitem');

  // Another provider's session takes focus.
  await softphone.getByRole('button', { name: 'Start chat' }).click();
  await expect(activity(cifSoftphone)).toContainText('Call with Ada Lovelace went to the background.');
  await expect(calls).toHaveText([`Call with Ada Lovelace · ${CALLER} · in the background`]);
  await expect(cifSoftphone.getByText('1 call(s) in the background.')).toBeVisible();

  await sessionList(page).getByRole('tab', { name: 'Call with Ada Lovelace' }).click();
  await expect(activity(cifSoftphone)).toContainText('Call with Ada Lovelace is in focus.');
  await expect(calls).toHaveText([`Call with Ada Lovelace · ${CALLER} · in focus`]);

  await page.getByRole('button', { name: 'Close session Call with Ada Lovelace', exact: true }).click();
  await expect(activity(cifSoftphone)).toContainText('Call with Ada Lovelace ended: the agent closed its session.');
  await expect(calls).toHaveCount(0);
  await expect(cifSoftphone.getByText('No call.')).toBeVisible();
  expect((await sessions(page)).map((s) => s.provider)).toEqual(['softphone']);
});

test("CRM methods: presence, the caller found in the desk's records, and a logged call linked to the contact", async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { cifSoftphone } = await openBoth(page);
  await expect(page.getByRole('status', { name: 'Agent presence' })).toHaveText('Presence: Available');
  await cifSoftphone.getByLabel('Presence').selectOption('Busy');
  await expect(activity(cifSoftphone)).toContainText('Presence set to Busy.');
  await expect(page.getByRole('status', { name: 'Agent presence' })).toHaveText('Presence: Busy');

  await ringAndAnswer(page, cifSoftphone, 'Accept');
  await expect(cifSoftphone.getByText('On a call: Call with Ada Lovelace')).toBeVisible();
  await cifSoftphone.getByRole('button', { name: 'Log call in CRM' }).click();
  const logged = activity(cifSoftphone).getByText(/^Logged "Call with Ada Lovelace" in the CRM as phonecall /);
  await expect(logged).toHaveText(/ phonecall [0-9a-f-]{36}\.$/);
  await expect(activity(cifSoftphone)).not.toContainText('Could not log');
  const id = /phonecall ([0-9a-f-]{36})\./.exec((await logged.textContent()) ?? '')![1]!;

  // Read back from the widget, as a CIF widget reads a record: stored, and linked to the contact.
  const stored = await cifSoftphone.evaluate(
    (id) =>
      (window as unknown as CifWindow).Microsoft.CIFramework.retrieveRecord!(
        'phonecall',
        id,
        '?$select=subject,phonenumber,description,_regardingobjectid_value',
      ).then((json) => JSON.parse(json as string) as unknown),
    id,
  );
  expect(stored).toEqual({
    activityid: id,
    subject: 'Call with Ada Lovelace',
    phonenumber: CALLER,
    description: `Inbound call with ${CALLER}, logged from the CIF Softphone.`,
    _regardingobjectid_value: CONTACT_ID,
  });
  // And found among the contact's phone calls, beside the two the seed links to her.
  const linked = await cifSoftphone.evaluate(
    (contactId) =>
      (window as unknown as CifWindow).Microsoft.CIFramework.searchAndOpenRecords!(
        'phonecall',
        `?$select=subject&$filter=_regardingobjectid_value eq ${contactId}`,
        true,
      ).then((json) => Object.values(JSON.parse(json as string) as Record<string, { activityid: string }>)),
    CONTACT_ID,
  );
  expect(linked.map((call) => call.activityid)).toContain(id);

  const found = await cifSoftphone.evaluate(() =>
    (window as unknown as CifWindow).Microsoft.CIFramework.searchAndOpenRecords!(
      'contact',
      "?$select=fullname,mobilephone&$filter=contains(mobilephone,'+1 425 555 0100')",
      true,
    ).then((json) => JSON.parse(json as string) as unknown),
  );
  expect(found).toEqual({ 0: { contactid: CONTACT_ID, fullname: 'Ada Lovelace', mobilephone: CALLER } });
});

test('the typed softphone does the same through the typed client: looks the caller up, opens the record, logs the call', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { softphone } = await openBoth(page);
  await expect(softphone.getByLabel('Caller number')).toHaveValue(CALLER);
  await softphone.getByRole('button', { name: 'Simulate incoming call' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Incoming call from Ada Lovelace' });
  await expect(dialog.getByText('Contoso Softphone')).toBeVisible();
  await expect(dialog.locator('dd')).toHaveText(['Ada Lovelace', CALLER, 'Support']);
  await dialog.getByRole('button', { name: 'Accept' }).click();
  await expect(softphone.getByRole('log')).toHaveText(/^Session created: /);

  const [created] = await sessions(page);
  expect(created).toMatchObject({
    provider: 'softphone',
    templateName: 'phone_call',
    title: 'Call with Ada Lovelace',
    context: { channel: 'voice', phone: CALLER, customer: 'Ada Lovelace', contactId: CONTACT_ID },
  });
  expect(created!.tabs[0]).toMatchObject({
    templateName: 'contact_record',
    type: 'entityrecord',
    title: 'Ada Lovelace',
    anchor: true,
    parameters: { entityName: 'contact', entityId: CONTACT_ID },
  });
  await expect(tabStrip(page).getByRole('tab')).toHaveText(['Ada Lovelace']);
  // The anchor tab is the record UI's record tab: the contact's fields and the calls linked to her.
  const record = page.locator('.cifb-tab-content:not([hidden])');
  await expect(record.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(record.getByLabel('Mobile Phone')).toHaveValue(CALLER);
  const related = record.getByRole('list', { name: 'Related activities' });
  const loggedHere = related.getByRole('button', { name: 'Phone Call: Call with Ada Lovelace' });
  // The seed links two calls to her; the desk's database may hold calls earlier tests logged.
  await expect(related.getByRole('button').first()).toBeVisible();
  const before = await loggedHere.count();

  await softphone.getByRole('button', { name: 'Log call in CRM' }).click();
  const log = softphone.getByRole('log');
  await expect(log).toHaveText(/^Logged "Call with Ada Lovelace" in the CRM as phonecall [0-9a-f-]{36}\.$/);
  // The open record tab lists the new call at once, with no reload.
  await expect(loggedHere).toHaveCount(before + 1);
  const id = /phonecall ([0-9a-f-]{36})\./.exec((await log.textContent()) ?? '')![1]!;
  expect(
    await call(softphone, 'retrieveRecord', 'phonecall', id, '?$select=subject,phonenumber,_regardingobjectid_value'),
  ).toEqual({
    ok: true,
    value: {
      activityid: id,
      subject: 'Call with Ada Lovelace',
      phonenumber: CALLER,
      _regardingobjectid_value: CONTACT_ID,
    },
  });
});

test('the agent console sets the panel mode and width; both widgets follow, and neither reloads', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { softphone, cifSoftphone } = await openBoth(page);
  const panel = page.getByRole('complementary', { name: 'Communication panel' });
  const mode = page.getByRole('combobox', { name: 'Panel' });
  await ringAndAnswer(page, cifSoftphone, 'Reject');

  await mode.selectOption('Minimized');
  await expect(page.getByRole('button', { name: 'Dock communication panel' })).toBeVisible();
  // The widget is out of sight while minimized, and still told.
  await expect(cifSoftphone.locator('#panel')).toHaveText('Panel: minimized, 640 px');
  await mode.selectOption('Hidden');
  await expect(panel).toBeHidden();
  await mode.selectOption('Docked');
  await expect(panel).toBeVisible();
  await expect(cifSoftphone.getByText('Panel: docked, 640 px')).toBeVisible();

  // Narrower than two widgets need: they stack.
  await page.getByRole('spinbutton', { name: 'Width' }).fill('400');
  await page.getByRole('spinbutton', { name: 'Width' }).press('Enter');
  await expect(cifSoftphone.getByText('Panel: docked, 400 px')).toBeVisible();
  await expect.poll(async () => (await panel.boundingBox())?.width).toBe(400);
  const typedBox = (await panel.locator('iframe[title="Contoso Softphone"]').boundingBox())!;
  const cifBox = (await panel.locator('iframe[title="CIF Softphone"]').boundingBox())!;
  expect(cifBox.y).toBeGreaterThanOrEqual(typedBox.y + typedBox.height);
  // Under 300 px is ignored, as in CIF; the console shows the width the panel kept.
  await page.getByRole('spinbutton', { name: 'Width' }).fill('250');
  await page.getByRole('spinbutton', { name: 'Width' }).press('Enter');
  await expect(page.getByRole('spinbutton', { name: 'Width' })).toHaveValue('400');
  expect((await panel.boundingBox())?.width).toBe(400);

  // A widget changes the mode itself: the console shows it.
  expect(await call(softphone, 'setMode', 0)).toEqual({ ok: true, value: null });
  await expect(mode).toHaveValue('0');
  await expect(cifSoftphone.locator('#panel')).toHaveText('Panel: minimized, 400 px');

  // Hiding and docking kept both documents: the CIF softphone still has its log (out of sight now,
  // so found by id rather than by role).
  await expect(cifSoftphone.locator('#activity')).toContainText('Declined the call from Ada Lovelace.');
  await expect(softphone.locator('#connection')).toHaveText(/Connected to/);
});
