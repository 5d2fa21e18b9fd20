/**
 * Every argument is checked, on every path, in every engine with the widget on another origin: a
 * value structured clone can't copy, per-call options, the panel width, the connection cap, and
 * persistence that runs out of quota. Waits are polls for a state, never sleeps.
 */
import { expect, test } from './driver/test.js';
import { expectNoTrouble } from './support/assertions.js';
import {
  diagnostics,
  handled,
  openOneWidget,
  openTestHost,
  PERSIST,
  twoTestProviders,
  sessions,
  startHost,
} from './support/hosts.js';
import { origins } from './support/origins.js';
import { connectedWidget, pendingCount, type Win } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

test('an argument structured clone cannot copy rejects that one call with INVALID_INPUT, leaving nothing pending', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);

  const results = await frame.evaluate(async () => {
    const w = window as Win;
    const client = w.client;
    const settle = (promise: Promise<unknown>): Promise<object> =>
      promise.then(
        (value) => ({ ok: true, value }),
        (error) => ({
          ok: false,
          name: error?.name,
          code: error?.code,
          message: error?.message,
          correlationId: error?.correlationId,
          isBridgeError: error instanceof w.CifBridgeChild.BridgeError,
          isDomException: error instanceof DOMException,
        }),
      );
    return {
      fn: await settle(client.createSession({ templateName: 'chat', context: { onDone: () => 1 } }, 'corr-fn')),
      node: await settle(client.callHandler('retrieveRecord', [document.body], 'corr-node')),
      topLevel: await settle(client.setWidth(() => 400, 'corr-top')),
      pending: client.pendingCount,
    };
  });
  for (const [key, correlationId] of [
    ['fn', 'corr-fn'],
    ['node', 'corr-node'],
    ['topLevel', 'corr-top'],
  ] as const) {
    expect(results[key], key).toMatchObject({
      ok: false,
      name: 'BridgeError',
      code: 'INVALID_INPUT',
      correlationId,
      isBridgeError: true,
      isDomException: false,
    });
    // The engine's own reason in brackets: "could not be cloned" (Chromium, Firefox), "can not be cloned" (WebKit).
    expect((results[key] as { message: string }).message).toMatch(
      /: an argument can't be sent to the host \(.*(could|can) not be cloned.*\)\. Pass plain JSON data/,
    );
  }
  expect(results.pending).toBe(0);
  expect(await pendingCount(frame)).toBe(0);
  // Nothing reached the host, and the connection still works.
  expect(await handled(page)).toEqual({});
  expect(await sessions(page)).toEqual([]);
  expect(await frame.evaluate(() => (window as Win).call('getWidth'))).toEqual({ ok: true, value: 340 });
  await expectNoTrouble(page);
});

test('a per-call timeoutMs is checked like the client one: NaN, negative, zero and strings are INVALID_INPUT', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  const outcomes = await frame.evaluate(async () => {
    const w = window as Win;
    const bad: unknown[] = [Number.NaN, -1, 0, '100', -Infinity];
    const results: object[] = [];
    for (const [index, timeoutMs] of bad.entries()) {
      results.push(await w.call('ping', `corr-t${index}`, { timeoutMs }));
    }
    results.push(await w.call('ping', 'corr-signal', { signal: 'stop' }));
    return results;
  });
  const given = ['NaN', '-1', '0', '"100"', '-Infinity'];
  for (const [index, outcome] of outcomes.slice(0, given.length).entries()) {
    expect(outcome).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      correlationId: `corr-t${index}`,
      message: `ping: timeoutMs must be a positive number of milliseconds (Infinity for none), not ${given[index]}.`,
    });
  }
  expect(outcomes.at(-1)).toMatchObject({
    ok: false,
    code: 'INVALID_INPUT',
    correlationId: 'corr-signal',
    message: 'ping: signal must be an AbortSignal.',
  });
  expect(await pendingCount(frame)).toBe(0);
  // Good values still work.
  expect(await frame.evaluate(() => (window as Win).call('ping', 'ok-1', { timeoutMs: 5000 }))).toEqual({
    ok: true,
    value: null,
  });
  for (const timeoutMs of [Infinity, null, undefined]) {
    expect(await frame.evaluate((t) => (window as Win).call('ping', 'ok-2', { timeoutMs: t }), timeoutMs)).toEqual({
      ok: true,
      value: null,
    });
  }
});

test('a provider holds at most 16 connections; the next client is ignored and the host page is told', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  // 16 more clients in the same document: 15 fit beside the first one, the last is never answered.
  const results = await frame.evaluate(
    (hostOrigin) =>
      Promise.all(
        Array.from({ length: 16 }, () =>
          (window as Win).CifBridgeChild.connect({ hostOrigin, handshakeTimeoutMs: 3000 }).then(
            () => 'connected',
            (error: { code: string }) => error.code,
          ),
        ),
      ),
    origins.host,
  );
  expect(results.filter((r) => r === 'connected')).toHaveLength(15);
  expect(results.filter((r) => r === 'HANDSHAKE_TIMEOUT')).toHaveLength(1);
  expect(await diagnostics(page)).toMatchObject({ connections: 16, connectionsOpened: 16 });
  expect(await page.evaluate(() => (window as Win).warnings)).toEqual([
    expect.stringContaining('provider "p" already has 16 connections, the limit; new clients are ignored.'),
  ]);
});

test("setWidth is clamped to what fits the host's layout, leaving room for the sessions; under 300 is still ignored", async ({
  driver,
}) => {
  const page = await driver.newPage();
  await page.setViewportSize({ width: 1000, height: 700 });
  const { frame } = await openOneWidget(page, {}, { container: true });
  const room = await page.evaluate(() => ({
    container: document.getElementById('desktop')!.clientWidth,
    max: (window as Win).host.maxPanelWidth() as number,
  }));
  // The session list (240 px) and as much again for the open tab stay visible.
  expect(room.max).toBe(room.container - 480);
  expect(await frame.evaluate(() => (window as Win).call('setWidth', 5000))).toEqual({ ok: true, value: null });
  expect(await frame.evaluate(() => (window as Win).call('getWidth'))).toEqual({ ok: true, value: room.max });
  const panel = page.getByRole('complementary', { name: 'Communication panel' });
  await expect.poll(async () => (await panel.boundingBox())?.width).toBe(room.max);
  const sidebar = await page.locator('.cifb-sidebar').boundingBox();
  expect(sidebar?.width).toBeGreaterThan(0);
  // The host API is clamped the same way; a width that fits is kept as given; under 300 is ignored.
  await page.evaluate(() => (window as Win).host.setWidth(1e9));
  expect(await page.evaluate(() => (window as Win).host.getPanel().width)).toBe(room.max);
  expect(await frame.evaluate(() => (window as Win).call('setWidth', 420))).toEqual({ ok: true, value: null });
  expect(await frame.evaluate(() => (window as Win).call('getWidth'))).toEqual({ ok: true, value: 420 });
  expect(await frame.evaluate(() => (window as Win).call('setWidth', 299))).toEqual({ ok: true, value: null });
  expect(await frame.evaluate(() => (window as Win).call('getWidth'))).toEqual({ ok: true, value: 420 });
});

test('a headless host clamps setWidth to the window, minus the same room', async ({ driver }) => {
  const page = await driver.newPage();
  await page.setViewportSize({ width: 900, height: 700 });
  const { frame } = await openOneWidget(page);
  expect(await frame.evaluate(() => (window as Win).call('setWidth', 100_000))).toEqual({ ok: true, value: null });
  expect(await frame.evaluate(() => (window as Win).call('getWidth'))).toEqual({ ok: true, value: 900 - 480 });
});

test("with persist, a quota failure costs only that provider's sessions, and is reported once with what to do", async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { p, q, providers } = twoTestProviders();
  await openTestHost(page, providers, PERSIST);
  // A storage that is nearly full: any one entry over 20,000 characters does not fit.
  await page.evaluate(() => {
    const w = window as Win;
    w.persistFailures = [];
    w.host.on('persistFailed', (event: unknown) => w.persistFailures.push(event));
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (value.length > 20_000) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      setItem.call(this, key, value);
    };
  });
  const [pFrame, qFrame] = [await connectedWidget(page, p), await connectedWidget(page, q)];
  const create = (frame: typeof pFrame, context: object): Promise<string> =>
    frame.evaluate(async (c) => {
      const outcome = await (window as Win).call('createSession', { templateName: 'chat', context: c });
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.value as string;
    }, context);
  await create(pFrame, { notes: 'x'.repeat(30_000) });
  const kept = await create(qFrame, { n: 1 });

  await expect
    .poll(() => page.evaluate(() => (window as Win).persistFailures))
    .toEqual([{ provider: 'p', error: 'QuotaExceededError: The quota has been exceeded.' }]);
  expect(await page.evaluate(() => (window as Win).warnings)).toEqual([
    expect.stringMatching(
      /could not store provider "p"'s sessions \(the other providers' sessions are still stored\) in sessionStorage \(QuotaExceededError: .*\); they won't come back when this page reloads\. Keep session context and tab parameters small, or close sessions the agent no longer needs\./,
    ),
  ]);
  // q's sessions are stored all the same. Another change of p's fails again, but is not reported twice:
  // q's next session, created after it, being stored marks that its write has happened.
  await create(pFrame, { n: 2 });
  const second = await create(qFrame, { n: 3 });
  await expect
    .poll(() =>
      page.evaluate(() => {
        const text = sessionStorage.getItem('cif-bridge:p,q:provider:q');
        return text === null ? [] : (JSON.parse(text).sessions as { id: string }[]).map((s) => s.id);
      }),
    )
    .toEqual([kept, second]);
  expect(await page.evaluate(() => (window as Win).persistFailures)).toHaveLength(1);
  expect(await page.evaluate(() => sessionStorage.getItem('cif-bridge:p,q:provider:p'))).toBeNull();

  await page.reload();
  await startHost(page, providers, PERSIST);
  expect((await sessions(page)).map((s) => [s.id, s.provider])).toEqual([
    [kept, 'q'],
    [second, 'q'],
  ]);
});

test('with persist, a burst of changes is written once, not once per change, and a reload writes what is pending', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { frame, providers } = await openOneWidget(page, {}, PERSIST);
  const ids = await frame.evaluate(async () => {
    const w = window as Win;
    const made: string[] = [];
    for (const customer of ['A', 'B']) {
      made.push((await w.call('createSession', { templateName: 'chat', templateParameters: { customer } })).value);
    }
    return made;
  });
  // Let the creations be written, then count the writes of 50 focus moves made in one go.
  await expect
    .poll(() => page.evaluate(() => JSON.parse(sessionStorage.getItem('cif-bridge:p') ?? '{}').state?.order))
    .toEqual(ids);
  const last = await page.evaluate(
    ([a, b]) => {
      const w = window as Win;
      w.writes = 0;
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key: string, value: string) {
        w.writes += 1;
        setItem.call(this, key, value);
      };
      for (let i = 0; i < 50; i++) w.host.focusSession(i % 2 === 0 ? a : b);
      return b;
    },
    ids as [string, string],
  );
  await expect
    .poll(() => page.evaluate(() => JSON.parse(sessionStorage.getItem('cif-bridge:p')!).state.focusedSessionId))
    .toBe(last);
  // One write of the shared entry and one of the provider's (its badges may change with focus).
  expect(await page.evaluate(() => (window as Win).writes)).toBeLessThanOrEqual(2);

  // A change made just before a reload is not lost to the delay.
  await page.evaluate((id) => (window as Win).host.closeSession(id), ids[0]!);
  await page.reload();
  await startHost(page, providers, PERSIST);
  expect((await sessions(page)).map((s) => s.id)).toEqual([ids[1]]);
});
