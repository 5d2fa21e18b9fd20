/**
 * The host's trace (`host.trace()`, `host.on('trace')`) in a real page: each answered call with a
 * capped copy of its arguments and its outcome, each event sent or queued, each handshake, and each
 * refused hello with its reason, where only a hello from the very frame the host created for a
 * provider says what would fix it. The test host is fixtures/test-host.html; its widgets are the
 * typed test widget on the widget origin, and the same widget on the hostile origin.
 */
import { type DriverPage as Page, expect, test } from './driver/test.js';
import type { TraceEntry } from '../packages/bridge-host/src/HostTrace.js';
import { UUID_V4, expectNoTrouble } from './support/assertions.js';
import { openOneWidget, openTestHost } from './support/hosts.js';
import { origins } from './support/origins.js';
import { call, connectedWidget, listen, loadedWidget, widgetUrl } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

/** The host's trace now. */
function trace(page: Page): Promise<TraceEntry[]> {
  return page.evaluate(() => (window as unknown as { host: { trace(): TraceEntry[] } }).host.trace());
}

/** The entries of one kind. */
async function entries<K extends TraceEntry['kind']>(page: Page, kind: K): Promise<Extract<TraceEntry, { kind: K }>[]> {
  return (await trace(page)).filter((entry): entry is Extract<TraceEntry, { kind: K }> => entry.kind === kind);
}

/** The client's id from its hello: a uuid v4. */
const UUID_V4_MATCH = expect.stringMatching(UUID_V4);

/** A chat input for the test host's `chat` template. */
const chat = { templateName: 'chat', templateParameters: { customer: 'Ada' }, context: { ticket: 42 } };

test('each call is recorded when answered: its arguments and outcome, with the code when rejected', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  // A page listener hears every entry as it is recorded.
  await page.evaluate(() => {
    const w = window as unknown as { heard: string[]; host: { on(e: string, f: (x: TraceEntry) => void): void } };
    w.heard = [];
    w.host.on('trace', (entry) => w.heard.push(entry.kind));
  });
  expect(await call(frame, 'createSession', chat, 'corr-ok')).toMatchObject({ ok: true });
  expect(await call(frame, 'createSession', { templateName: 'nope' }, 'corr-bad')).toMatchObject({
    ok: false,
    code: 'TEMPLATE_NOT_FOUND',
  });
  const calls = (await entries(page, 'call')).filter((c) => c.correlationId.startsWith('corr-'));
  expect(calls).toEqual([
    {
      kind: 'call',
      time: expect.any(Number),
      provider: 'p',
      method: 'createSession',
      correlationId: 'corr-ok',
      args: [chat],
      outcome: 'resolved',
    },
    {
      kind: 'call',
      time: expect.any(Number),
      provider: 'p',
      method: 'createSession',
      correlationId: 'corr-bad',
      args: [{ templateName: 'nope' }],
      outcome: 'rejected',
      code: 'TEMPLATE_NOT_FOUND',
      message: 'Did not find template by name (nope)',
    },
  ]);
  // createSession is answered at once, so it has no duration; its time is when it arrived.
  expect(Math.abs(calls[0]!.time - (await page.evaluate(() => Date.now())))).toBeLessThan(60_000);
  const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
  expect(heard.filter((kind) => kind === 'call').length).toBeGreaterThanOrEqual(2);
  await expectNoTrouble(page);
});

test('a large argument is kept as a capped copy, with the cut parts marked', async ({ driver }) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  const big = { ...chat, context: { note: 'n'.repeat(5000), deep: { a: { b: { c: { d: 1 } } } } } };
  expect(await call(frame, 'createSession', big, 'corr-big')).toMatchObject({ ok: true });
  const [entry] = (await entries(page, 'call')).filter((c) => c.correlationId === 'corr-big');
  const [input] = entry!.args as [{ context: { note: string; deep: unknown } }];
  expect(input.context.note).toBe('n'.repeat(256) + '…');
  expect(input.context.deep).toEqual({ a: '…' });
});

test('a call answered by a promise is timed from its message event to its answer', async ({ driver }) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  type Win = { blocked: unknown[]; releaseBlocked(): number };
  type WidgetWin = { call(method: string, ...args: unknown[]): Promise<unknown>; held?: Promise<unknown> };
  // The test host's createRecord handler holds the call until the test releases it. The call is
  // started in the widget and not awaited here: a WebDriver session runs one script at a time.
  const started = Date.now();
  await frame.evaluate(() => {
    const w = window as unknown as WidgetWin;
    w.held = w.call('createRecord', 'contact', { firstname: 'Ada' }, 'corr-held');
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as Win).blocked.length)).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await page.evaluate(() => (window as unknown as Win).releaseBlocked())).toBe(1);
  expect(await frame.evaluate(() => (window as unknown as WidgetWin).held)).toMatchObject({ ok: true });
  const took = Date.now() - started;
  const [entry] = (await entries(page, 'call')).filter((c) => c.correlationId === 'corr-held');
  // The typed client sends a host handler's method through callHandler.
  expect(entry).toMatchObject({
    method: 'callHandler',
    outcome: 'resolved',
    args: ['createRecord', ['contact', { firstname: 'Ada' }]],
  });
  // Its arrival and answer are on one clock in every engine: at least the time it was held, and no
  // more than from the call's start to its end as the test saw it (with a second for the clocks).
  expect(entry!.durationMs).toBeGreaterThanOrEqual(300);
  expect(entry!.durationMs).toBeLessThan(took + 1000);
  await expectNoTrouble(page);
});

test('the handshake is recorded, and events as delivered or queued (and delivered when the widget comes)', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const p = widgetUrl('as=p');
  // `q`'s widget connects only when the test says so: until then its events wait.
  const q = widgetUrl('as=q&connect=manual');
  await openTestHost(page, [
    { name: 'p', url: p },
    { name: 'q', url: q },
  ]);
  const frame = await connectedWidget(page, p);
  await listen(frame, 'onmodechanged');
  const qFrame = await loadedWidget(page, q);
  await page.evaluate(() => (window as unknown as { host: { setMode(m: number): void } }).host.setMode(0));
  expect((await entries(page, 'event')).map(({ provider, name, delivered }) => [provider, name, delivered])).toEqual([
    ['p', 'onmodechanged', true],
    ['q', 'onmodechanged', false],
  ]);
  expect(await entries(page, 'handshake')).toEqual([
    { kind: 'handshake', time: expect.any(Number), provider: 'p', origin: origins.widget, clientId: UUID_V4_MATCH },
  ]);

  // q connects and adds its handler: the queued event goes, and the trace says so.
  expect(
    await qFrame.evaluate(() => (window as unknown as { connectBridge(): Promise<unknown> }).connectBridge()),
  ).toMatchObject({ ok: true });
  await listen(qFrame, 'onmodechanged');
  expect((await entries(page, 'handshake')).map((h) => h.provider)).toEqual(['p', 'q']);
  expect((await entries(page, 'event')).at(-1)).toMatchObject({
    provider: 'q',
    name: 'onmodechanged',
    delivered: true,
  });
});

test('a hello from the frame the host made for a provider, on another origin, is refused with advice', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const url = widgetUrl('as=p');
  await openTestHost(page, [{ name: 'p', url }]);
  await connectedWidget(page, url);
  // The provider's frame goes to another origin (as a redirect or a login page would take it).
  const elsewhere = widgetUrl('as=p&handshakeTimeoutMs=60000', origins.hostile);
  await page.evaluate((src) => {
    document.querySelector<HTMLIFrameElement>('iframe[title="p"]')!.src = src;
  }, elsewhere);
  await expect.poll(async () => (await entries(page, 'refused')).length).toBeGreaterThan(0);
  const [refused] = await entries(page, 'refused');
  expect(refused).toEqual({
    kind: 'refused',
    time: expect.any(Number),
    origin: origins.hostile,
    provider: 'p',
    reason: `a hello from the frame the host created for provider "p", on ${origins.hostile}, which the provider does not trust.`,
    advice: expect.stringContaining(`really on ${origins.hostile}`),
  });
  expect(refused!.advice).toContain('providers[0].origins');
});

test('a hello from any other frame is refused with a reason and no advice', async ({ driver }) => {
  const page = await driver.newPage();
  await openOneWidget(page);
  const stranger = widgetUrl('as=stranger&handshakeTimeoutMs=60000', origins.hostile);
  await page.evaluate(
    (src) => (window as unknown as { addFrame(id: string, s: string): boolean }).addFrame('stranger', src),
    stranger,
  );
  await expect.poll(async () => (await entries(page, 'refused')).length).toBeGreaterThan(0);
  const [refused] = await entries(page, 'refused');
  expect(refused).toEqual({
    kind: 'refused',
    time: expect.any(Number),
    origin: origins.hostile,
    reason: `a hello from ${origins.hostile}, which no provider trusts.`,
  });
});

test('the trace keeps the last `limit` entries, and `trace: false` keeps none and tells nobody', async ({ driver }) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page, {}, { options: { trace: { limit: 3 } } });
  for (const n of [1, 2, 3, 4, 5]) expect(await call(frame, 'getMode', `corr-${n}`)).toMatchObject({ ok: true });
  expect((await trace(page)).map((e) => (e.kind === 'call' ? e.correlationId : e.kind))).toEqual([
    'corr-3',
    'corr-4',
    'corr-5',
  ]);

  const off = await driver.newPage();
  const { frame: quiet } = await openOneWidget(off, {}, { options: { trace: false } });
  await off.evaluate(() => {
    const w = window as unknown as { heard: number; host: { on(e: string, f: () => void): void } };
    w.heard = 0;
    w.host.on('trace', () => (w.heard += 1));
  });
  expect(await call(quiet, 'createSession', chat, 'corr-off')).toMatchObject({ ok: true });
  expect(await trace(off)).toEqual([]);
  expect(await off.evaluate(() => (window as unknown as { heard: number }).heard)).toBe(0);
});

test('a trace option that is neither false nor { limit } is refused with INVALID_INPUT', async ({ driver }) => {
  const page = await driver.newPage();
  await openTestHost(page);
  const error = await page.evaluate((url) => {
    try {
      (window as unknown as { startHost(c: unknown): void }).startHost({
        providers: [{ name: 'p', url }],
        options: { trace: { limit: -1 } },
      });
      return null;
    } catch (e) {
      return { code: (e as { code?: string }).code, message: (e as Error).message };
    }
  }, widgetUrl());
  expect(error).toEqual({
    code: 'INVALID_INPUT',
    message:
      'createHost: trace must be false (off) or { limit } with a positive whole number of entries, such as { limit: 1000 }.',
  });
});
