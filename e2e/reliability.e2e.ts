/**
 * Faults in real browsers (Chromium, Firefox, WebKit): the widget reloads with calls in flight and
 * while the host raises events, the host is destroyed and comes back, calls are aborted or time out,
 * and the agent reloads the host page. No call may be lost, answered twice, or left hanging.
 *
 * No assertion depends on how fast anything is: waits are polls for a state, and "at once" is
 * checked against the call's own configured timeout.
 */
import { type DriverFrame as Frame, expect, test } from './driver/test.js';
import { expectNoTrouble } from './support/assertions.js';
import {
  diagnostics,
  handled,
  hostSessions,
  openOneWidget,
  openTestHost,
  PERSIST,
  twoTestProviders,
  startHost,
} from './support/hosts.js';
import { origins } from './support/origins.js';
import { connectedWidget, loadedWidget, type Outcome, pendingCount, widgetUrl, type Win } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

/**
 * Starts calls in the widget without waiting for them; each outcome lands in `window.outcomes[id]`
 * with the milliseconds it took. Each call is `[correlationId, method, args, options]`; the
 * correlationId goes where the method takes it.
 */
async function startCalls(
  frame: Frame,
  calls: [string, string, unknown[], { timeoutMs?: number; abort?: 'before' | 'later' }?][],
): Promise<void> {
  await frame.evaluate((list) => {
    const w = window as Win;
    w.outcomes ??= {};
    w.aborts ??= {};
    for (const [id, method, args, options = {}] of list) {
      const controller = new AbortController();
      w.aborts[id] = controller;
      if (options.abort === 'before') controller.abort();
      const callOptions = {
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        signal: controller.signal,
      };
      const started = performance.now();
      (w.call(method, ...args, id, callOptions) as Promise<object>).then((outcome) => {
        w.outcomes[id] = { ...outcome, elapsed: performance.now() - started };
      });
    }
  }, calls);
}

/** The outcomes recorded by {@link startCalls}. */
const outcomes = (frame: Frame): Promise<Record<string, Outcome & { elapsed: number }>> =>
  frame.evaluate(() => (window as Win).outcomes ?? {});

/**
 * Registers an `onsizechanged` handler that records each width under `key`. The record is kept in
 * `window.name`, which outlives a reload of the frame (storage is partitioned away in a cross-site
 * frame), so what the old document received can be read after it is gone.
 */
function recordWidths(frame: Frame, key: string): Promise<void> {
  return frame.evaluate((recordKey) => {
    const read = (): Record<string, number[]> => (window.name.startsWith('{') ? JSON.parse(window.name) : {});
    window.name = JSON.stringify({ ...read(), [recordKey]: [] });
    return (window as Win).client.addHandler('onsizechanged', (payload: { value: number }) => {
      const record = read();
      record[recordKey]!.push(payload.value);
      window.name = JSON.stringify(record);
    });
  }, key);
}

const widths = (frame: Frame, key: string): Promise<number[]> =>
  frame.evaluate(
    (recordKey) => (window.name.startsWith('{') ? (JSON.parse(window.name)[recordKey] ?? []) : []) as number[],
    key,
  );

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('a widget that reloads with calls in flight: no call is answered twice, none hangs', async ({ driver }) => {
  const page = await driver.newPage();
  const { widget, frame } = await openOneWidget(page);
  // A second client in the same document is one more connection, not a reload.
  await frame.evaluate(
    (host) => (window as Win).CifBridgeChild.connect({ hostOrigin: host }),
    new URL(widget).searchParams.get('host'),
  );
  expect(await diagnostics(page)).toMatchObject({ connections: 2, connectionsOpened: 2 });

  // Calls the host holds open and calls it answers at once, then the reload, all in one task.
  await frame.evaluate(() => {
    const w = window as Win;
    for (let i = 0; i < 20; i++) {
      w.call('callHandler', 'createRecord', ['held', i], `held-${i}`);
      w.call('callHandler', 'retrieveRecord', ['quick', i], `quick-${i}`);
    }
    setTimeout(() => location.reload());
  });
  await expect.poll(async () => (await diagnostics(page)).connectionsOpened).toBe(3);
  // Both connections of the old document are closed; the new document has its own.
  expect((await diagnostics(page)).connections).toBe(1);
  await expect(frame.locator('#state')).toHaveText('connected');

  // Every call of the old document reached the host once; the held ones end when the host answers.
  const expected = Object.fromEntries(
    range(0, 19).flatMap((i) => [
      [`held-${i}`, 1],
      [`quick-${i}`, 1],
    ]),
  );
  await expect.poll(() => handled(page)).toEqual(expected);
  expect(await page.evaluate(() => (window as Win).releaseBlocked())).toBe(20);
  await expect.poll(async () => (await diagnostics(page)).callsInProgress).toBe(0);

  // The new document's calls get their own answers, once each.
  await startCalls(
    frame,
    range(0, 19).map((i) => [`new-${i}`, 'callHandler', ['retrieveRecord', ['new', i]]]),
  );
  await expect.poll(async () => Object.keys(await outcomes(frame)).length).toBe(20);
  for (const [id, outcome] of Object.entries(await outcomes(frame))) {
    expect(outcome).toMatchObject({ ok: true, value: { provider: 'p', args: ['new', Number(id.slice(4))] } });
  }
  expect(await pendingCount(frame)).toBe(0);
  expect(Object.entries(await handled(page)).filter(([, count]) => count !== 1)).toEqual([]);
  await expectNoTrouble(page);
});

test('a widget document that goes without a goodbye is replaced by the next document in its frame', async ({
  driver,
}) => {
  const page = await driver.newPage();
  // The raw client speaks the protocol by hand and sends no goodbye when it unloads, like a page
  // that crashed: the host learns of the reload only from the new document's hello.
  const raw = `${origins.widget}/fixtures/raw-client.html`;
  await openTestHost(page, [{ name: 'p', url: raw, frameSrc: raw }]);
  const frame = await page.waitForFrame(raw);
  const connect = async (): Promise<boolean> => {
    await frame.waitForFunction(() => 'rawConnect' in window);
    return frame.evaluate((host) => (window as Win).rawConnect({ hostOrigin: host }), origins.host);
  };
  expect(await connect()).toBe(true);
  expect(await frame.evaluate(() => (window as Win).rawApply('subscribe', 'c', 'onsizechanged'))).toMatchObject({
    type: 'RAW',
  });
  await frame.evaluate(() => {
    (window as Win).oldDocument = true;
    setTimeout(() => location.reload());
  });
  await expect
    .poll(() => frame.evaluate(() => 'rawConnect' in window && !('oldDocument' in window)).catch(() => false))
    .toBe(true);
  expect(await connect()).toBe(true);
  expect(await diagnostics(page)).toMatchObject({ connections: 1, connectionsOpened: 2 });
  // The old connection's subscription went with it: with no handler, the event waits in the queue.
  await page.evaluate(() => (window as Win).host.setWidth(777));
  expect(await diagnostics(page)).toMatchObject({ queuedEvents: 1 });
});

test('a widget that reloads while the host raises events gets them in order, none twice, none lost after its hello', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  await recordWidths(frame, 'old');
  await page.evaluate(() => {
    const w = window as Win;
    w.width = 300;
    w.raise = () => {
      w.width += 1;
      w.host.setWidth(w.width);
      return w.width;
    };
    for (let i = 0; i < 5; i++) w.raise();
  });
  await expect.poll(() => widths(frame, 'old')).toEqual(range(301, 305));

  // Events keep coming while the widget reloads, and three more are raised at each step of its new
  // handshake: just before the host handles the hello, and just after (connected, no handler yet).
  await page.evaluate(() => {
    const w = window as Win;
    w.marks = { before: [], after: [] };
    w.onHello = {
      before: () => w.marks.before.length === 0 && w.marks.before.push(w.raise(), w.raise(), w.raise()),
      after: () => w.marks.after.length === 0 && w.marks.after.push(w.raise(), w.raise(), w.raise()),
    };
    // At most 40 more, however slow the machine: with the six above, fewer than the 100 events a
    // provider's queue keeps while the widget is away, so none may be dropped by that cap.
    let ticks = 0;
    w.raiser = setInterval(() => {
      ticks += 1;
      if (ticks <= 40) w.raise();
    }, 10);
  });
  await frame.evaluate(() => void setTimeout(() => location.reload()));
  await expect.poll(async () => (await diagnostics(page)).connectionsOpened).toBe(2);
  await expect(frame.locator('#state')).toHaveText('connected');
  await recordWidths(frame, 'new');
  const last = await page.evaluate(() => {
    const w = window as Win;
    clearInterval(w.raiser);
    w.raise();
    w.raise();
    return w.raise() as number;
  });
  await expect.poll(async () => (await widths(frame, 'new')).at(-1)).toBe(last);

  const old = await widths(frame, 'old');
  const fresh = await widths(frame, 'new');
  const marks = await page.evaluate(() => (window as Win).marks as { before: number[]; after: number[] });
  const all = [...old, ...fresh];
  // In order and none twice, across both documents.
  expect(all).toEqual([...new Set(all)].sort((a, b) => a - b));
  // Nothing raised from the new document's hello on was lost: the events queued before and right
  // after its handshake, the ones raised while it added its handler, and the last ones.
  expect(marks.before).toHaveLength(3);
  expect(marks.after).toHaveLength(3);
  expect(fresh.filter((value) => value >= marks.before[0]!)).toEqual(range(marks.before[0]!, last));
  expect((await diagnostics(page)).queuedEvents).toBe(0);
});

test('events raised while the widget is away are queued, at most 100, oldest dropped with a warning', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const widget = widgetUrl('connect=manual');
  await openTestHost(page, [{ name: 'p', url: widget }]);
  const frame = await loadedWidget(page, widget);
  await page.evaluate(() => {
    for (let width = 301; width <= 450; width++) (window as Win).host.setWidth(width);
  });
  expect((await diagnostics(page)).queuedEvents).toBe(100);
  const warnings = await page.evaluate(() => (window as Win).warnings as string[]);
  expect(warnings).toHaveLength(50);
  expect(
    warnings.every((line) => /provider "p" is away; dropped its oldest queued event onsizechanged/.test(line)),
  ).toBe(true);

  await frame.evaluate(() => (window as Win).connectBridge());
  await recordWidths(frame, 'widths');
  await expect.poll(async () => (await widths(frame, 'widths')).length).toBe(100);
  expect(await widths(frame, 'widths')).toEqual(range(351, 450));
  expect((await diagnostics(page)).queuedEvents).toBe(0);
  // An event the connected widget never handled is not kept for it.
  await page.evaluate(() => {
    const w = window as Win;
    w.host.setMode(0);
    w.host.setMode(2);
  });
  expect((await diagnostics(page)).queuedEvents).toBe(0);
});

test('host.destroy() rejects calls in flight with DISCONNECTED at once; calls made meanwhile wait for the next host', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const widget = widgetUrl();
  // The page owns the frame, so it outlives the host.
  await openTestHost(page, [{ name: 'p', url: widget, frameSrc: widget }]);
  const frame = await connectedWidget(page, widget);
  await frame.evaluate(() => {
    const w = window as Win;
    w.connectionEvents = [];
    w.client.on('disconnected', () => w.connectionEvents.push('disconnected'));
    w.client.on('reconnected', () => w.connectionEvents.push('reconnected'));
  });
  // A second client in the same document, closed by the widget while its calls wait (below).
  await frame.evaluate(async (host) => {
    const w = window as Win;
    w.second = await w.CifBridgeChild.connect({ hostOrigin: host });
  }, new URL(widget).searchParams.get('host'));
  const timeoutMs = 60_000;
  await startCalls(
    frame,
    range(0, 4).map((i) => [`held-${i}`, 'callHandler', ['createRecord', ['held', i]], { timeoutMs }]),
  );
  await expect.poll(() => page.evaluate(() => (window as Win).blocked.length)).toBe(5);

  await page.evaluate(() => {
    const w = window as Win;
    w.host.destroy();
    w.host.destroy(); // twice is safe
  });
  await expect.poll(async () => Object.keys(await outcomes(frame)).length).toBe(5);
  for (const [id, outcome] of Object.entries(await outcomes(frame))) {
    expect(outcome).toMatchObject({ ok: false, name: 'BridgeError', code: 'DISCONNECTED', correlationId: id });
    // Rejected by the host's goodbye, not by the call's own timeout.
    expect(outcome.elapsed).toBeLessThan(timeoutMs / 10);
  }
  expect(await frame.evaluate(() => (window as Win).client.state)).toBe('disconnected');
  expect(await frame.evaluate(() => (window as Win).connectionEvents)).toEqual(['disconnected']);
  expect(await pendingCount(frame)).toBe(0);

  // While no host is there: calls wait; one with a short timeout times out; an aborted one ends.
  await startCalls(frame, [
    ...range(0, 4).map((i): [string, string, unknown[], { timeoutMs: number }] => [
      `waiting-${i}`,
      'callHandler',
      ['retrieveRecord', ['w', i]],
      { timeoutMs },
    ]),
    ['short', 'ping', [], { timeoutMs: 200 }],
    ['aborted', 'getMode', [], { timeoutMs, abort: 'later' }],
  ]);
  await frame.evaluate(() => (window as Win).aborts.aborted.abort());
  await expect.poll(async () => Object.keys(await outcomes(frame)).length).toBe(7);
  const early = await outcomes(frame);
  expect(early.short).toMatchObject({ ok: false, code: 'TIMEOUT', correlationId: 'short' });
  expect(early.aborted).toMatchObject({ ok: false, code: 'ABORTED', correlationId: 'aborted' });
  expect(await pendingCount(frame)).toBe(5);
  // Closing a client fails each of its waiting calls at once, each with its own correlationId.
  const closed = await frame.evaluate(async () => {
    const second = (window as Win).second;
    const calls = ['c1', 'c2', 'c3'].map((id) =>
      second.getMode(id).catch((error: { code: string; correlationId: string }) => [error.code, error.correlationId]),
    );
    const waiting = second.pendingCount;
    second.close();
    return { waiting, outcomes: await Promise.all(calls), after: second.pendingCount };
  });
  expect(closed).toEqual({
    waiting: 3,
    outcomes: [
      ['DISCONNECTED', 'c1'],
      ['DISCONNECTED', 'c2'],
      ['DISCONNECTED', 'c3'],
    ],
    after: 0,
  });

  // A new host in the same page: the widget reconnects by itself and the waiting calls go through.
  await startHost(page, [{ name: 'p', url: widget, frame: '#frame-p' }]);
  await expect.poll(async () => Object.keys(await outcomes(frame)).length).toBe(12);
  const after = await outcomes(frame);
  for (const i of range(0, 4))
    expect(after[`waiting-${i}`]).toMatchObject({ ok: true, value: { provider: 'p', args: ['w', i] } });
  expect(await frame.evaluate(() => (window as Win).connectionEvents)).toEqual(['disconnected', 'reconnected']);
  expect(await frame.evaluate(() => (window as Win).client.state)).toBe('connected');
  expect(await pendingCount(frame)).toBe(0);
  // Each call ran once on a host; the ones that timed out or were aborted while waiting never ran.
  const counts = await handled(page);
  expect(counts).toEqual(
    Object.fromEntries(
      range(0, 4).flatMap((i) => [
        [`held-${i}`, 1],
        [`waiting-${i}`, 1],
      ]),
    ),
  );
  // The old host's held calls can still finish; nobody is listening, and nothing breaks.
  expect(await page.evaluate(() => (window as Win).releaseBlocked())).toBe(5);
  expect(await diagnostics(page)).toMatchObject({ connections: 1, callsInProgress: 0 });
  await expectNoTrouble(page);
});

test('an aborted or timed-out call rejects with ABORTED or TIMEOUT and leaves nothing pending', async ({ driver }) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  // `timed-out` must still be pending when the test counts (a few round trips to the browser, slow
  // on a busy machine), so its timeout is well beyond that; `in-flight` has no timeout to race.
  const timeoutMs = 8_000;
  await startCalls(frame, [
    ['in-flight', 'callHandler', ['createRecord', ['a']], { abort: 'later', timeoutMs: 60_000 }],
    ['timed-out', 'callHandler', ['createRecord', ['t']], { timeoutMs }],
    ['pre-aborted', 'callHandler', ['retrieveRecord', ['p']], { abort: 'before' }],
  ]);
  await expect.poll(() => page.evaluate(() => (window as Win).blocked.length)).toBe(2);
  expect(await pendingCount(frame)).toBe(2);
  await frame.evaluate(() => (window as Win).aborts['in-flight'].abort());
  await expect.poll(async () => Object.keys(await outcomes(frame)).length, { timeout: timeoutMs + 10_000 }).toBe(3);
  const result = await outcomes(frame);
  expect(result['in-flight']).toMatchObject({ ok: false, code: 'ABORTED', correlationId: 'in-flight' });
  expect(result['timed-out']).toMatchObject({ ok: false, code: 'TIMEOUT', correlationId: 'timed-out' });
  expect(result['pre-aborted']).toMatchObject({ ok: false, code: 'ABORTED', correlationId: 'pre-aborted' });
  expect(await pendingCount(frame)).toBe(0);
  // The aborted call was never sent; the others reached the host once. Their late answers are dropped.
  expect(await handled(page)).toEqual({ 'in-flight': 1, 'timed-out': 1 });
  expect(await page.evaluate(() => (window as Win).releaseBlocked())).toBe(2);
  await expect.poll(async () => (await diagnostics(page)).callsInProgress).toBe(0);
  await startCalls(frame, [['after', 'callHandler', ['retrieveRecord', ['after']]]]);
  await expect.poll(async () => (await outcomes(frame)).after).toMatchObject({ ok: true, value: { args: ['after'] } });
  expect(await outcomes(frame)).toMatchObject({ 'in-flight': { code: 'ABORTED' }, 'timed-out': { code: 'TIMEOUT' } });
  expect(await pendingCount(frame)).toBe(0);
  await expectNoTrouble(page);
});

test("with persist: 'sessionStorage', sessions, tabs, focus and owners survive a host reload", async ({ driver }) => {
  const page = await driver.newPage();
  const { p, q, providers } = twoTestProviders();
  await openTestHost(page, providers, PERSIST);
  let [pFrame, qFrame] = [await connectedWidget(page, p), await connectedWidget(page, q)];
  const run = (frame: Frame, method: string, ...args: unknown[]): Promise<unknown> =>
    frame.evaluate(
      async ([m, a]) => {
        const outcome = await (window as Win).call(m, ...a);
        if (!outcome.ok) throw new Error(`${m}: ${outcome.code} ${outcome.message}`);
        return outcome.value;
      },
      [method, args] as const,
    );

  const chat = (await run(
    pFrame,
    'createSession',
    { templateName: 'chat', templateParameters: { customer: 'Ann' }, context: { n: 1 } },
    'corr-chat',
  )) as string;
  const call = (await run(pFrame, 'createSession', {
    templateName: 'call',
    templateParameters: { customer: 'Bob' },
  })) as string;
  const tab = (await run(pFrame, 'createTab', {
    templateName: 'extra',
    templateParameters: { label: 'one' },
    isFocused: true,
  })) as string;
  await run(pFrame, 'setTabTitle', tab, { title: 'Renamed' });
  await run(pFrame, 'notifyNewActivity', chat, 4);
  await run(pFrame, 'notifyKpiBreach', chat, true, 'slow');
  const other = (await run(qFrame, 'createSession', {
    templateName: 'chat',
    templateParameters: { customer: 'Q' },
  })) as string;
  await page.evaluate((id) => (window as Win).host.focusSession(id), call);
  const before = await hostSessions(page);
  expect(before.map((s) => [s.id, s.provider, s.focused])).toEqual([
    [chat, 'p', false],
    [call, 'p', true],
    [other, 'q', false],
  ]);

  await page.reload();
  await startHost(page, providers, PERSIST);
  expect(await hostSessions(page)).toEqual(before);
  [pFrame, qFrame] = [await connectedWidget(page, p), await connectedWidget(page, q)];
  // Each provider owns its sessions again, and only its own.
  expect(await run(pFrame, 'getAllSessions')).toEqual([chat, call]);
  expect(await run(qFrame, 'getAllSessions')).toEqual([other]);
  expect(await run(pFrame, 'getFocusedSession')).toBe(call);
  expect(await run(pFrame, 'getFocusedTab')).toBe(tab);
  expect(await run(pFrame, 'getSession', chat)).toMatchObject({
    sessionId: chat,
    title: 'Chat with Ann',
    context: { n: 1 },
    focused: false,
  });
  expect(await pFrame.evaluate((id) => (window as Win).call('getSession', id), other)).toMatchObject({
    ok: false,
    code: 'SESSION_NOT_FOUND',
  });
  // A createSession retried after the reload is still recognised as a retry.
  expect(
    await run(
      pFrame,
      'createSession',
      { templateName: 'chat', templateParameters: { customer: 'Ann' }, context: { n: 1 } },
      'corr-chat',
    ),
  ).toBe(chat);
  // The agent's actions keep working on restored sessions, and are stored again.
  await page.evaluate((id) => (window as Win).host.closeSession(id), chat);
  await page.reload();
  await startHost(page, providers, PERSIST);
  expect((await hostSessions(page)).map((s) => s.id)).toEqual([call, other]);
  await expectNoTrouble(page);
});

test('stored sessions are untrusted: a tampered entry is dropped, and without persist nothing is kept', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { widget, frame, providers } = await openOneWidget(page, {}, PERSIST);
  const created = await frame.evaluate(() => (window as Win).call('createSession', { templateName: 'chat' }));
  expect(created.ok).toBe(true);
  // The shared entry holds focus and order; each provider's sessions have their own entry, written
  // shortly after the change.
  const key = 'cif-bridge:p';
  const own = `${key}:provider:p`;
  await expect.poll(() => page.evaluate((k) => sessionStorage.getItem(k), own)).not.toBeNull();
  const stored = await page.evaluate((k) => JSON.parse(sessionStorage.getItem(k)!), own);
  expect(stored.sessions).toHaveLength(1);

  // A second session that claims an unknown template, and one that tries to reach a prototype.
  const good = stored.sessions[0];
  const forged = {
    ...good,
    id: 'forged-1',
    templateName: 'no-such-template',
    tabs: [{ ...good.tabs[0], id: 'forged-tab-1' }],
  };
  const text = JSON.stringify({ ...stored, sessions: [good, forged, 'junk'] }).replace(
    '"context":{}',
    '"context":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}',
  );
  const shared = await page.evaluate((k) => JSON.parse(sessionStorage.getItem(k)!), key);
  const sharedText = JSON.stringify({ ...shared, state: { ...shared.state, focusedSessionId: 'forged-1' } });
  await page.evaluate(
    ([k, t, o, ot]) => {
      sessionStorage.setItem(k, t);
      sessionStorage.setItem(o, ot);
    },
    [key, sharedText, own, text] as const,
  );
  await page.reload();
  await startHost(page, providers, PERSIST);
  const restored = await hostSessions(page);
  expect(restored.map((s) => [s.id, s.focused, s.context])).toEqual([[good.id, false, {}]]);
  expect(await page.evaluate(() => 'polluted' in {})).toBe(false);

  // Text that is not JSON at all: the host starts without that provider's sessions and says why.
  await page.evaluate((k) => sessionStorage.setItem(k, '{"version":1,"sessions":'), own);
  await page.reload();
  await startHost(page, providers, PERSIST);
  expect(await hostSessions(page)).toEqual([]);
  expect(await page.evaluate(() => (window as Win).warnings)).toEqual([
    expect.stringMatching(/could not restore the stored sessions of provider "p"/),
  ]);

  // Without the option, a reload starts from nothing.
  const again = await connectedWidget(page, widget);
  await again.evaluate(() => (window as Win).call('createSession', { templateName: 'chat' }));
  expect(await hostSessions(page)).toHaveLength(1);
  await page.reload();
  await startHost(page, providers);
  expect(await hostSessions(page)).toEqual([]);
});
