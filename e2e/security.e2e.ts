/**
 * Attacks on the bridge, in every engine: a hostile frame floods the host, a compromised provider
 * and a compromised host speak raw comlink on the private port, widget input tries to reach a
 * prototype or to become markup, and a provider reaches for templates it was not given. The origin table is in origins.e2e.ts.
 *
 * Every test ends by checking that the built-in prototypes did not change and that no page threw.
 */
import { type DriverFrame as Frame, expect, test } from './driver/test.js';
import { expectNoTrouble, prototypeFingerprint } from './support/assertions.js';
import { diagnostics, openOneWidget, openTestHost, sessions } from './support/hosts.js';
import { origins } from './support/origins.js';
import { call, connectedWidget, pendingCount } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

const HOST = origins.host;

test('10,000 random and malformed messages from a foreign frame create nothing and break nothing', async ({
  driver,
}) => {
  test.slow();
  const page = await driver.newPage();
  const { frame: provider } = await openOneWidget(page);
  // A widget that trusts the fuzzer's own origin and is still waiting for its welcome: only the
  // source check (the welcome must come from its parent) and its unguessable clientId protect it.
  const victim = `${origins.widget}/fixtures/widget.html?host=${HOST},${origins.hostile}&handshakeTimeoutMs=600000&as=victim`;
  await page.evaluate(
    ([victimUrl, foreign, sameOrigin]) => {
      const w = window as unknown as { addFrame(id: string, src: string): void };
      w.addFrame('victim', victimUrl);
      w.addFrame('fuzzer', foreign);
      w.addFrame('fuzzer-same-origin', sameOrigin);
    },
    [victim, `${origins.hostile}/fixtures/fuzzer.html`, `${origins.widget}/fixtures/fuzzer.html`] as const,
  );
  const victimFrame = await page.waitForFrame(victim);
  const fuzzer = await page.waitForFrame(`${origins.hostile}/fixtures/fuzzer.html`);
  const sameOriginFuzzer = await page.waitForFrame(`${origins.widget}/fixtures/fuzzer.html`);
  for (const frame of [fuzzer, sameOriginFuzzer, victimFrame])
    await frame.waitForFunction(() => document.readyState === 'complete');

  const before = await Promise.all([page, provider, victimFrame].map(prototypeFingerprint));
  // Count, in the host page, every message that arrives from each fuzzer (also the ones the browser
  // could not deserialize), so the test knows when the host has handled them all.
  await page.evaluate(() => {
    const w = window as unknown as { fromFuzzer: Record<string, number> };
    w.fromFuzzer = { fuzzer: 0, 'fuzzer-same-origin': 0 };
    const count = (event: MessageEvent): void => {
      for (const id of ['fuzzer', 'fuzzer-same-origin']) {
        if (event.source === (document.getElementById(id) as HTMLIFrameElement).contentWindow) w.fromFuzzer[id]! += 1;
      }
    };
    addEventListener('message', count);
    addEventListener('messageerror', count);
  });

  type Posted = { parent: number; others: number; failed: number; ports: number };
  const fuzz = (frame: Frame, count: number, seed: number): Promise<Posted> =>
    frame.evaluate(
      ([n, s, host, widgets]) =>
        (window as unknown as { fuzz(o: unknown): Posted }).fuzz({
          count: n,
          seed: s,
          hostOrigin: host,
          frameOrigin: widgets,
        }),
      [count, seed, HOST, origins.widget] as const,
    );
  const foreign = await fuzz(fuzzer, 10_000, 4);
  const sameOrigin = await fuzz(sameOriginFuzzer, 2_000, 5);
  expect(foreign.parent).toBe(10_000);
  expect(foreign.ports).toBeGreaterThan(500);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { fromFuzzer: Record<string, number> }).fromFuzzer))
    .toEqual({ fuzzer: foreign.parent, 'fuzzer-same-origin': sameOrigin.parent });

  // Nothing was created, nothing was connected, and no prototype changed anywhere.
  expect(await sessions(page)).toEqual([]);
  expect(await diagnostics(page)).toMatchObject({ connections: 1, connectionsOpened: 1 });
  expect(await Promise.all([page, provider, victimFrame].map(prototypeFingerprint))).toEqual(before);
  // No port the fuzzers handed over was ever answered, and the victim is still waiting.
  for (const frame of [fuzzer, sameOriginFuzzer]) {
    expect(await frame.evaluate(() => (window as unknown as { portReplies: number }).portReplies)).toBe(0);
  }
  await expect(victimFrame.locator('#state')).toHaveText('widget');
  expect(await victimFrame.evaluate(() => 'client' in window)).toBe(false);
  expect(await page.evaluate(() => '__pwned' in window)).toBe(false);

  // The real widget still works.
  const created = await call(provider, 'createSession', {
    templateName: 'chat',
    templateParameters: { customer: 'After' },
  });
  expect(created.ok).toBe(true);
  expect((await sessions(page)).map((s) => [s.id, s.provider])).toEqual([[(created as { value: string }).value, 'p']]);
  await expectNoTrouble(page);
});

/** What a compromised provider sends on its private port, and what the host must answer. */
const rawAttacks: { name: string; message: Record<string, unknown>; port?: 'value' | 'argument' }[] = [
  { name: 'GET of the whole table', message: { type: 'GET', path: [] } },
  { name: 'GET of a method', message: { type: 'GET', path: ['createSession'] } },
  { name: 'GET of __proto__', message: { type: 'GET', path: ['__proto__'] } },
  { name: 'GET through constructor', message: { type: 'GET', path: ['constructor', 'name'] } },
  { name: 'SET of a new name', message: { type: 'SET', path: ['polluted'], value: { type: 'RAW', value: 'yes' } } },
  { name: 'SET over a method', message: { type: 'SET', path: ['createSession'], value: { type: 'RAW', value: null } } },
  {
    name: 'SET through __proto__',
    message: { type: 'SET', path: ['__proto__', 'polluted'], value: { type: 'RAW', value: 'yes' } },
  },
  {
    name: 'SET through constructor.prototype',
    message: { type: 'SET', path: ['constructor', 'prototype', 'polluted'], value: { type: 'RAW', value: 'yes' } },
  },
  { name: 'CONSTRUCT of a method', message: { type: 'CONSTRUCT', path: ['createSession'], argumentList: [] } },
  { name: 'CONSTRUCT of constructor', message: { type: 'CONSTRUCT', path: ['constructor'], argumentList: [] } },
  {
    name: 'APPLY of __proto__.constructor',
    message: { type: 'APPLY', path: ['__proto__', 'constructor'], argumentList: [] },
  },
  {
    name: 'APPLY of constructor.prototype.toString',
    message: { type: 'APPLY', path: ['constructor', 'prototype', 'toString'], argumentList: [] },
  },
  { name: 'APPLY of toString', message: { type: 'APPLY', path: ['toString'], argumentList: [] } },
  { name: 'APPLY of hasOwnProperty', message: { type: 'APPLY', path: ['hasOwnProperty'], argumentList: [] } },
  { name: 'APPLY of __defineGetter__', message: { type: 'APPLY', path: ['__defineGetter__'], argumentList: [] } },
  { name: 'APPLY of an empty path', message: { type: 'APPLY', path: [], argumentList: [] } },
  { name: 'APPLY of a method’s call', message: { type: 'APPLY', path: ['createSession', 'call'], argumentList: [] } },
  { name: 'APPLY of a method’s apply', message: { type: 'APPLY', path: ['createSession', 'apply'], argumentList: [] } },
  { name: 'APPLY of an unknown name', message: { type: 'APPLY', path: ['eval'], argumentList: [] } },
  { name: 'APPLY with a nested path', message: { type: 'APPLY', path: [['createSession']], argumentList: [] } },
  { name: 'APPLY with a path that is a string', message: { type: 'APPLY', path: 'createSession', argumentList: [] } },
  { name: 'APPLY with arguments that are not a list', message: { type: 'APPLY', path: ['ping'], argumentList: 'c' } },
  {
    name: 'APPLY with a proxy-handler argument',
    message: {
      type: 'APPLY',
      path: ['createSession'],
      argumentList: [
        { type: 'RAW', value: 'c' },
        { type: 'HANDLER', name: 'proxy' },
      ],
    },
    port: 'argument',
  },
  {
    name: 'APPLY with a throw-handler argument',
    message: {
      type: 'APPLY',
      path: ['subscribe'],
      argumentList: [
        { type: 'RAW', value: 'c' },
        { type: 'HANDLER', name: 'throw', value: { isError: false, value: 'x' } },
      ],
    },
  },
  { name: 'ENDPOINT', message: { type: 'ENDPOINT', path: [] }, port: 'value' },
  { name: 'RELEASE', message: { type: 'RELEASE', path: [] } },
];

test('a compromised provider’s raw comlink messages get coded errors and change nothing', async ({ driver }) => {
  const page = await driver.newPage();
  const raw = `${origins.widget}/fixtures/raw-client.html`;
  await openTestHost(page, [{ name: 'p', url: raw, frameSrc: raw }]);
  const frame = await page.waitForFrame(raw);
  await frame.waitForFunction(() => 'rawConnect' in window);
  expect(
    await frame.evaluate(
      (host) => (window as unknown as { rawConnect(o: unknown): Promise<boolean> }).rawConnect({ hostOrigin: host }),
      HOST,
    ),
  ).toBe(true);
  const before = await prototypeFingerprint(page);

  const replies = await frame.evaluate(async (attacks) => {
    const w = window as unknown as {
      rawRequest(message: unknown, transfer?: Transferable[]): Promise<Record<string, unknown>>;
      makePort(): MessagePort;
    };
    const results: Record<string, unknown>[] = [];
    for (const { message, port } of attacks) {
      const id = crypto.randomUUID();
      const transfer: Transferable[] = [];
      const data: Record<string, unknown> = { id, ...message };
      if (port !== undefined) {
        const handed = w.makePort();
        transfer.push(handed);
        if (port === 'value') data.value = handed;
        else (data.argumentList as Record<string, unknown>[])[1]!.value = handed;
      }
      const reply = await w.rawRequest(data, transfer);
      results.push({ sameId: reply.id === id, type: reply.type, name: reply.name, value: reply.value });
    }
    // Requests without a usable id can't be answered, so they are dropped. A RELEASE that reached
    // comlink would close the port: the calls below prove it is still open.
    await w.rawRequest({ type: 'RELEASE', path: [] });
    await w.rawRequest({ id: { not: 'a string' }, type: 'RELEASE', path: [] });
    await w.rawRequest({
      id: 'x'.repeat(201),
      type: 'SET',
      path: ['__proto__', 'polluted'],
      value: { type: 'RAW', value: 1 },
    });
    return results;
  }, rawAttacks);

  expect(replies).toHaveLength(rawAttacks.length);
  for (const [index, reply] of replies.entries()) {
    expect(reply, rawAttacks[index]!.name).toMatchObject({
      sameId: true,
      type: 'HANDLER',
      name: 'throw',
      value: { name: 'BridgeError', code: 'NOT_SUPPORTED' },
    });
  }
  expect(await prototypeFingerprint(page)).toBe(before);
  expect(await sessions(page)).toEqual([]);
  // Nothing was ever sent on the ports the attacks handed over, and nothing else came back.
  expect(await frame.evaluate(() => (window as unknown as { unmatched: unknown[] }).unmatched)).toEqual([]);

  // The method table still works on the same port.
  const results = await frame.evaluate(async () => {
    const w = window as unknown as {
      rawApply(method: string, ...args: unknown[]): Promise<{ type: string; value: unknown }>;
    };
    const created = await w.rawApply('createSession', 'corr-raw', {
      templateName: 'chat',
      templateParameters: { customer: 'Raw' },
    });
    const all = await w.rawApply('getAllSessions', 'corr-raw-2');
    const ping = await w.rawApply('ping', 'corr-raw-3');
    return { created, all, ping };
  });
  expect(results.created.type).toBe('RAW');
  expect(results.all).toMatchObject({ type: 'RAW', value: [results.created.value] });
  expect(results.ping).toMatchObject({ type: 'RAW' });
  expect((await sessions(page)).map((s) => s.title)).toEqual(['Chat with Raw']);
  await expectNoTrouble(page);
});

test('a compromised host can only answer the widget’s own calls, with plain data or a coded error', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const widget = `${origins.widget}/fixtures/widget.html?host=${origins.hostile}`;
  await page.goto(`${origins.hostile}/fixtures/compromised-host.html?widget=${encodeURIComponent(widget)}`);
  const frame = await connectedWidget(page, widget);
  const before = await prototypeFingerprint(frame);

  const environment = await call(frame, 'getEnvironment');
  expect(environment).toEqual({ ok: true, value: { answer: 42 } });
  // A thrown value that is not a well-formed error becomes INTERNAL; a well-formed one keeps its code.
  expect(await call(frame, 'getMode')).toMatchObject({ ok: false, name: 'BridgeError', code: 'INTERNAL' });
  expect(await call(frame, 'getWidth')).toMatchObject({ ok: false, code: 'SESSION_NOT_FOUND', message: 'nope' });
  expect(await frame.evaluate(() => (window as unknown as { client: { state: string } }).client.state)).toBe(
    'connected',
  );
  expect(await pendingCount(frame)).toBe(0);
  expect(await prototypeFingerprint(frame)).toBe(before);
  // The widget sent its three calls and nothing else: it answered none of the host's requests.
  const sent = await page.evaluate(
    () => (window as unknown as { fromWidget: { type: string; path: string[] }[] }).fromWidget,
  );
  expect(sent.map((message) => `${message.type} ${message.path.join('.')}`)).toEqual([
    'APPLY getEnvironment',
    'APPLY getMode',
    'APPLY getWidth',
  ]);
  await expectNoTrouble(page);
});

test('__proto__, constructor and prototype keys in input reach no prototype', async ({ driver }) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  const before = await prototypeFingerprint(page);
  const nasty =
    '{"templateName":"chat","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},' +
    '"templateParameters":{"customer":"Ann","__proto__":{"isAdmin":true},"profile":{"__proto__":{"polluted":1}}},' +
    '"context":{"case":{"__proto__":{"polluted":1},"prototype":{"polluted":1}},"__proto__":{"isAdmin":true},"n":1}}';
  const asText = await call(frame, 'createSession', nasty);
  // The same input as an object whose own keys are `__proto__` (as JSON.parse makes them).
  const asObject = await frame.evaluate(
    (text) =>
      (window as unknown as { call(m: string, ...a: unknown[]): Promise<{ ok: boolean; value: string }> }).call(
        'createSession',
        JSON.parse(text),
        'corr-object',
      ),
    nasty,
  );
  expect(asText.ok && asObject.ok).toBe(true);
  const info = await call(frame, 'getSession', (asObject as { value: string }).value);
  expect(info).toMatchObject({ ok: true, value: { context: { case: {}, n: 1 }, title: 'Chat with Ann' } });
  // The context's own keys, in order, read in the widget: WebKit's WebDriver reorders an object's
  // keys on the way to the test.
  const keys = await frame.evaluate(
    async (sessionId) => {
      const w = window as unknown as { call(m: string, ...a: unknown[]): Promise<{ value: { context: object } }> };
      return Object.keys((await w.call('getSession', sessionId)).value.context);
    },
    (asObject as { value: string }).value,
  );
  expect(keys).toEqual(['case', 'n']);
  expect(await prototypeFingerprint(page)).toBe(before);
  expect(
    await page.evaluate(() => {
      const host = (
        window as unknown as { host: { getSessions(): { context: object; tabs: { parameters: object }[] }[] } }
      ).host;
      return host
        .getSessions()
        .every((s) => Object.getPrototypeOf(s.context) === Object.prototype && !('isAdmin' in s.tabs[0]!.parameters));
    }),
  ).toBe(true);
});

test('a provider limited to some templates gets TEMPLATE_NOT_FOUND, worded as for an unknown one', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page, { templates: ['chat', 'profile', 'notes'] });
  const hidden = await call(frame, 'createSession', { templateName: 'secret' });
  const unknown = await call(frame, 'createSession', { templateName: 'no-such-template' });
  expect(hidden).toMatchObject({
    ok: false,
    code: 'TEMPLATE_NOT_FOUND',
    message: 'Did not find template by name (secret)',
  });
  expect(unknown).toMatchObject({
    ok: false,
    code: 'TEMPLATE_NOT_FOUND',
    message: 'Did not find template by name (no-such-template)',
  });
  // By tag: `voice` belongs only to the hidden `call` template.
  expect(await call(frame, 'createSession', { templateTag: 'voice' })).toMatchObject({
    ok: false,
    code: 'TEMPLATE_NOT_FOUND',
    message: 'Did not find template by tag (voice)',
  });
  expect(
    await call(frame, 'createSession', { templateName: 'chat', templateParameters: { customer: 'A' } }),
  ).toMatchObject({ ok: true });
  expect(await call(frame, 'createTab', { templateName: 'extra' })).toMatchObject({
    ok: false,
    code: 'TEMPLATE_NOT_FOUND',
    message: 'Did not find template by name (extra)',
  });
  expect(await call(frame, 'createTab', { templateName: 'notes' })).toMatchObject({ ok: true });
  expect((await sessions(page)).map((s) => s.templateName)).toEqual(['chat']);
});

test('every string a widget sends is shown as text, and both bundles run under the strict CSP', async ({ driver }) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page, {}, { container: true });
  const markup = (where: string): string =>
    `<img src=x onerror="window.__pwned='${where}'"><b>${where}</b><script>window.__pwned=1</script>`;
  const created = await call(frame, 'createSession', {
    templateName: 'chat',
    templateParameters: { customer: markup('customer'), notes: { label: markup('label') } },
  });
  expect(created.ok).toBe(true);
  const sessionId = (created as { value: string }).value;
  const tab = await call(frame, 'createTab', {
    templateName: 'extra',
    templateParameters: { label: markup('tab') },
    isFocused: true,
  });
  expect(tab.ok).toBe(true);
  const tabId = (tab as { value: string }).value;
  expect((await call(frame, 'setTabTitle', tabId, { title: markup('tab title') })).ok).toBe(true);
  expect((await call(frame, 'setSessionTitle', { sessionId, customer: markup('session title') })).ok).toBe(true);
  expect((await call(frame, 'notifyKpiBreach', sessionId, true, markup('kpi'))).ok).toBe(true);
  expect((await call(frame, 'notifyNewActivity', sessionId, 3)).ok).toBe(true);
  // A notification on screen: its answer is not awaited, only shown.
  await frame.evaluate(
    (text) =>
      void (window as unknown as { call(m: string, ...a: unknown[]): unknown }).call('notifyEvent', {
        templateName: 'incoming',
        templateParameters: { customer: text },
      }),
    markup('notification'),
  );
  const desktop = page.locator('#desktop');
  await expect(desktop).toContainText(markup('session title'));
  await expect(desktop).toContainText(markup('tab title'));
  await expect(desktop).toContainText(markup('notification'));
  await expect(desktop.locator('img[src="x"], b, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  // No page error, and no CSP violation in the host page (host bundle) nor in the widget (child bundle).
  await expectNoTrouble(page);
});
