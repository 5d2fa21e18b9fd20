/**
 * createSession end to end: the example softphone on http://localhost:8081 calls the
 * example agent desktop on http://127.0.0.1:8080, in real Chromium.
 */
import { expect, test } from './driver/test.js';
import { UUID_V4 } from './support/assertions.js';
import { openDesktop, sessions } from './support/hosts.js';
import { origins } from './support/origins.js';
import { call, loadedWidget } from './support/widgets.js';

test('the softphone opens a session that the agent desktop shows with its tabs', async ({ driver }) => {
  const page = await driver.newPage();
  const softphone = await openDesktop(page);
  await softphone.getByRole('button', { name: 'Answer call' }).click();
  await expect(softphone.getByRole('log')).toHaveText(/^Session created: [0-9a-f-]{36}$/);
  const id = (await softphone.getByRole('log').textContent())!.replace('Session created: ', '');

  const list = page.getByRole('tablist', { name: 'Sessions' });
  await expect(list.getByRole('tab', { name: /Call from Contoso Ltd/ })).toHaveAttribute('aria-selected', 'true');
  const tabs = page.getByRole('tablist', { name: 'Tabs' });
  await expect(tabs.getByRole('tab', { name: /Call script/ })).toBeVisible();
  await expect(tabs.getByRole('tab', { name: /Contoso Ltd/ })).toBeVisible();

  const [session] = await sessions(page);
  expect(session).toMatchObject({
    id,
    title: 'Call from Contoso Ltd',
    templateName: 'voice_call',
    provider: 'softphone',
    focused: true,
  });
  expect(session!.id).toMatch(UUID_V4);
  expect(session!.correlationId).toMatch(UUID_V4);
  expect(session!.context).toEqual({ channel: 'voice' });
  expect(session!.tabs.map((t) => t.templateName)).toEqual(['call_script', 'customer_profile']);
});

test('a JSON string input works like an object', async ({ driver }) => {
  const page = await driver.newPage();
  const softphone = await openDesktop(page);
  const input = JSON.stringify({ templateName: 'msdyn_chat_session', templateParameters: { customer: 'Fabrikam' } });
  const result = await call(softphone, 'createSession', input);
  expect(result.ok).toBe(true);
  await expect(page.getByRole('tab', { name: /Chat with Fabrikam/ })).toBeVisible();
});

test('templateTag picks the template that carries the tag, and templateName wins over it', async ({ driver }) => {
  const page = await driver.newPage();
  const softphone = await openDesktop(page);
  expect(
    (await call(softphone, 'createSession', { templateTag: 'case', templateParameters: { caseNumber: 'CAS-7' } })).ok,
  ).toBe(true);
  expect(
    (
      await call(softphone, 'createSession', {
        templateName: 'voice_call',
        templateTag: 'case',
        templateParameters: { customer: 'A' },
      })
    ).ok,
  ).toBe(true);
  expect((await sessions(page)).map((s) => [s.templateName, s.title])).toEqual([
    ['case_session', 'Case CAS-7'],
    ['voice_call', 'Call from A'],
  ]);
});

test("an unknown template is TEMPLATE_NOT_FOUND with CIF's text and the correlationId", async ({ driver }) => {
  const page = await driver.newPage();
  const softphone = await openDesktop(page);
  expect(await call(softphone, 'createSession', { templateName: 'nope' }, 'corr-unknown-name')).toEqual({
    ok: false,
    name: 'BridgeError',
    code: 'TEMPLATE_NOT_FOUND',
    message: 'Did not find template by name (nope)',
    correlationId: 'corr-unknown-name',
  });
  const byTag = await call(softphone, 'createSession', { templateTag: 'sms' });
  expect(byTag).toMatchObject({ ok: false, code: 'TEMPLATE_NOT_FOUND', message: 'Did not find template by tag (sms)' });
  // Without a correlationId the child made one: a uuid v4, on the error too.
  expect((byTag as { correlationId: string }).correlationId).toMatch(UUID_V4);
  expect(await sessions(page)).toEqual([]);
});

const badInputs: { name: string; input: unknown; field: RegExp }[] = [
  { name: 'bad JSON', input: '{"templateName": ', field: /JSON/ },
  { name: 'a missing name and tag', input: { templateParameters: { customer: 'x' } }, field: /templateName/ },
  { name: 'a mistyped templateName', input: { templateName: 42 }, field: /templateName/ },
  {
    name: 'a mistyped parameter',
    input: { templateName: 'voice_call', templateParameters: { customer: ['a'] } },
    field: /templateParameters\.customer/,
  },
  { name: 'a mistyped context', input: { templateName: 'voice_call', context: 'x' }, field: /context/ },
  { name: 'an array input', input: [1, 2], field: /object/ },
  {
    name: 'input over 64 KiB',
    input: { templateName: 'voice_call', templateParameters: { customer: 'x'.repeat(70_000) } },
    field: /64 KiB|65536|too large/i,
  },
];
for (const { name, input, field } of badInputs) {
  test(`${name} is INVALID_INPUT naming the field, with the correlationId`, async ({ driver }) => {
    const page = await driver.newPage();
    const softphone = await openDesktop(page);
    const result = await call(softphone, 'createSession', input, 'corr-bad');
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', correlationId: 'corr-bad' });
    expect((result as { message: string }).message).toMatch(field);
    expect(await sessions(page)).toEqual([]);
  });
}

test('per-tab values beat global ones, and runtime values beat configured ones (the url excepted)', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const softphone = await openDesktop(page);
  const result = await call(softphone, 'createSession', {
    templateName: 'msdyn_chat_session',
    templateParameters: { customer: 'Northwind', topic: 'global topic', knowledge_search: { topic: 'per-tab topic' } },
  });
  expect(result.ok).toBe(true);
  const [session] = await sessions(page);
  const [profile, knowledge] = session!.tabs;
  // customer_profile: `tier` stays as configured, `customer` comes from the runtime globals. The
  // model resolves the template's relative url against the host's origin.
  expect(profile!.parameters.url).toBe(`${origins.host}/tabs/record.html?kind=Customer&name=Northwind&tier=Standard`);
  // knowledge_search: configured topic < global runtime topic < per-tab runtime topic. In the url the
  // value is one encoded component (it used to go in raw, space and all).
  expect(knowledge!.parameters.topic).toBe('per-tab topic');
  expect(knowledge!.parameters.url).toBe(`${origins.widget}/softphone/knowledge.html?q=per-tab%20topic`);
});

test('slugs resolve in titles, from parameters then context, and unresolved ones stay as written', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const softphone = await openDesktop(page);
  await call(softphone, 'createSession', { templateName: 'case_session', context: { caseNumber: 'CTX-1' } });
  await call(softphone, 'createSession', { templateName: 'case_session' });
  expect((await sessions(page)).map((s) => s.title)).toEqual(['Case CTX-1', 'Case {caseNumber}']);
  await expect(
    page.getByRole('tablist', { name: 'Sessions' }).getByRole('tab', { name: 'Case {caseNumber}' }),
  ).toBeVisible();
});

test('markup in a parameter is shown as text and no script runs', async ({ driver }) => {
  const page = await driver.newPage();
  const softphone = await openDesktop(page);
  const markup = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
  await call(softphone, 'createSession', { templateName: 'voice_call', templateParameters: { customer: markup } });
  await expect(page.getByRole('tab', { name: `Call from ${markup}` })).toBeVisible();
  await expect(page.locator('#desktop img[src="x"], #desktop b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('the 11th session is SESSION_LIMIT_REACHED and canCreateSession turns false', async ({ driver }) => {
  const page = await driver.newPage();
  const softphone = await openDesktop(page);
  for (let i = 1; i <= 10; i++) {
    expect(
      (
        await call(softphone, 'createSession', {
          templateName: 'case_session',
          templateParameters: { caseNumber: `C-${i}` },
        })
      ).ok,
    ).toBe(true);
  }
  expect(await call(softphone, 'canCreateSession')).toEqual({ ok: true, value: false });
  expect(await call(softphone, 'createSession', { templateName: 'case_session' }, 'corr-11')).toEqual({
    ok: false,
    name: 'BridgeError',
    code: 'SESSION_LIMIT_REACHED',
    message: 'Maximum sessions reached. Close a session before opening another.',
    correlationId: 'corr-11',
  });
  expect(await sessions(page)).toHaveLength(10);
  // The agent closes one; now there is room again.
  await page.getByRole('button', { name: 'Close session Case C-1', exact: true }).click();
  expect(await call(softphone, 'createSession', { templateName: 'case_session' })).toMatchObject({ ok: true });
});

test('a retry with the same correlationId and input returns the same session', async ({ driver }) => {
  const page = await driver.newPage();
  const softphone = await openDesktop(page);
  const input = { templateName: 'voice_call', templateParameters: { customer: 'Retry' } };
  const first = await call(softphone, 'createSession', input, 'corr-retry');
  const second = await call(softphone, 'createSession', input, 'corr-retry');
  expect(second).toEqual(first);
  const other = await call(softphone, 'createSession', { ...input, context: { n: 2 } }, 'corr-retry');
  expect(other.ok && other.value !== (first as { value: string }).value).toBe(true);
  expect(await sessions(page)).toHaveLength(2);
});

test('a frame on an origin the host does not trust gets no session', async ({ driver }) => {
  const page = await driver.newPage();
  await openDesktop(page);
  // The hostile frame speaks the protocol perfectly and names the host's real origin.
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    document.body.append(frame);
  }, `${origins.hostile}/fixtures/widget.html?host=${origins.host}&handshakeTimeoutMs=1500`);
  const rogue = await loadedWidget(page, `${origins.hostile}/fixtures/widget.html`);
  const attempt = await rogue.evaluate(() =>
    (window as unknown as { connectBridge(): Promise<unknown> }).connectBridge(),
  );
  expect(attempt).toMatchObject({ ok: false, code: 'HANDSHAKE_TIMEOUT' });
  expect(await call(rogue, 'createSession', { templateName: 'voice_call' })).toMatchObject({
    ok: false,
    code: 'HANDSHAKE_TIMEOUT',
  });
  expect(await sessions(page)).toEqual([]);
});

test('a call the host never answers rejects with TIMEOUT and its correlationId', async ({ driver }) => {
  const page = await driver.newPage();
  const widget = `${origins.widget}/fixtures/widget.html?host=${origins.hostile}`;
  await page.goto(`${origins.hostile}/fixtures/silent-host.html?widget=${encodeURIComponent(widget)}`);
  const frame = await page.waitForFrame(`${origins.widget}/fixtures/widget.html`);
  await expect(frame.locator('#state')).toHaveText('connected');
  const result = await call(frame, 'createSession', { templateName: 'voice_call' }, 'corr-timeout', { timeoutMs: 300 });
  expect(result).toMatchObject({ ok: false, name: 'BridgeError', code: 'TIMEOUT', correlationId: 'corr-timeout' });
  expect(await page.evaluate(() => (window as { received?: number }).received)).toBe(1);
  // Nothing is left pending in the client.
  expect(
    await frame.evaluate(() => (window as unknown as { client: { pendingCount: number } }).client.pendingCount),
  ).toBe(0);
});
