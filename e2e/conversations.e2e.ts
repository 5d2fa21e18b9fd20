/**
 * What the host keeps about a session beyond CIF's core: its context (`updateContext`), its
 * conversation (`conversationId`, `updateConversation`) and the interaction log
 * (`logAnalyticsEvent`), on both faces (the typed client's wire call and the `Microsoft.CIFramework`
 * drop-in), read and heard by the host page. The widgets run on another origin, in every engine.
 */
import { type DriverPage, expect, test } from './driver/test.js';
import { call, cif as cifCall, eventsOf, listen } from './support/widgets.js';
import { chat, hostCall, twoFaces } from './support/hosts.js';
import type { CifOutcome, Outcome } from './support/widgets.js';

/** The value of a call that must have worked. */
function valueOf<T>(outcome: Outcome | CifOutcome): T {
  expect(outcome).toMatchObject({ ok: true });
  return (outcome as { value: T }).value;
}

/** Starts recording the host page's `conversation` and `analytics` events in `window.heard`. */
function hearHost(page: DriverPage): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { heard: unknown[]; host: { on(e: string, f: (p: unknown) => void): void } };
    w.heard = [];
    for (const event of ['conversation', 'analytics']) w.host.on(event, (payload) => w.heard.push([event, payload]));
  });
}

const heard = (page: DriverPage) => page.evaluate(() => (window as unknown as { heard: unknown[] }).heard);

test('updateContext merges into (or removes keys from) the owner’s session context, which getSession and the events carry', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { typed, cif } = await twoFaces(page);
  const alphaSession = valueOf<string>(await call(typed, 'createSession', chat('Ada', { queue: 'vip' })));
  // The typed client's wire call: (input, sessionId, isDelete).
  expect(valueOf(await call(typed, 'call', 'updateContext', [{ note: 'called back' }, alphaSession, null]))).toEqual({
    queue: 'vip',
    note: 'called back',
  });
  expect(valueOf(await call(typed, 'getSession', alphaSession))).toMatchObject({
    context: { queue: 'vip', note: 'called back' },
  });

  const betaSession = valueOf<string>(await cifCall(cif, 'createSession', chat('Bob', { a: 1, b: 2 })));
  await listen(cif, 'onSessionSwitched');
  // No sessionId: the focused session, which is beta's. A JSON string works as in CIF.
  expect(valueOf(await cifCall(cif, 'updateContext', '{"c":3}'))).toEqual({ a: 1, b: 2, c: 3 });
  expect(valueOf(await cifCall(cif, 'updateContext', { a: null }, betaSession, true))).toEqual({ b: 2, c: 3 });
  const session = valueOf<{ entries: Record<string, unknown> }>(await cifCall(cif, 'getSession', betaSession));
  expect(session.entries.context).toEqual({ b: 2, c: 3 });

  // Owner only: beta can't reach alpha's session, named or focused.
  expect(await cifCall(cif, 'updateContext', { x: 1 }, alphaSession)).toMatchObject({
    ok: false,
    code: 'SESSION_NOT_FOUND',
  });
  await hostCall(page, 'focusSession', alphaSession);
  expect(await cifCall(cif, 'updateContext', { x: 1 })).toMatchObject({ ok: false, code: 'SESSION_NOT_OWNED' });
  // The switch away from beta's session carried its context as updated.
  await expect
    .poll(() => eventsOf(cif))
    .toEqual([['onSessionSwitched', { sessionId: betaSession, focused: false, context: { b: 2, c: 3 } }]]);
});

test('every session has a conversationId on both faces; updateConversation is the owner’s, and the host page reads and hears it', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { typed, cif } = await twoFaces(page);
  await hearHost(page);
  const alphaSession = valueOf<string>(await call(typed, 'createSession', chat('Ada')));
  const betaSession = valueOf<string>(await cifCall(cif, 'createSession', chat('Bob')));
  const alphaConversation = valueOf<{ conversationId: string }>(
    await call(typed, 'getSession', alphaSession),
  ).conversationId;
  const cifSession = valueOf<{ entries: { conversationId: string }; own: { conversationId: string } }>(
    await cifCall(cif, 'getSession', betaSession),
  );
  const betaConversation = cifSession.entries.conversationId;
  expect(betaConversation).toMatch(/^[0-9a-f-]{36}$/);
  expect(cifSession.own.conversationId).toBe(betaConversation);
  expect(alphaConversation).not.toBe(betaConversation);

  expect(valueOf(await cifCall(cif, 'updateConversation', betaConversation, '{"status":"active"}'))).toEqual({
    status: 'active',
  });
  expect(valueOf(await cifCall(cif, 'updateConversation', betaConversation, { wrapUp: 'sale' }))).toEqual({
    status: 'active',
    wrapUp: 'sale',
  });
  const conversation = {
    conversationId: betaConversation,
    sessionId: betaSession,
    provider: 'beta',
    data: { status: 'active', wrapUp: 'sale' },
  };
  expect(valueOf(await hostCall(page, 'getConversation', betaConversation))).toEqual(conversation);
  expect(await heard(page)).toEqual([
    ['conversation', { ...conversation, data: { status: 'active' } }],
    ['conversation', conversation],
  ]);
  // Another provider's conversation reads as unknown.
  expect(await call(typed, 'call', 'updateConversation', [betaConversation, { status: 'mine' }])).toMatchObject({
    ok: false,
    code: 'INVALID_INPUT',
    message: `updateConversation: conversation ${betaConversation} does not exist: pass the conversationId of one of your open sessions`,
  });
});

test('logAnalyticsEvent goes to the interaction log with session, conversation and provider; a host handler can take it instead', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { typed, cif } = await twoFaces(page);
  await hearHost(page);
  const session = valueOf<string>(await cifCall(cif, 'createSession', chat('Bob')));
  const conversationId = valueOf<{ entries: { conversationId: string } }>(await cifCall(cif, 'getSession', session))
    .entries.conversationId;
  expect(await cifCall(cif, 'logAnalyticsEvent', { duration: 42 }, 'CallEnded', 'corr-analytics')).toEqual({
    ok: true,
    type: 'undefined',
    value: null,
  });
  expect(valueOf(await call(typed, 'call', 'logAnalyticsEvent', ['{"clicks":1}', 'Opened'], 'corr-typed'))).toBe(null);
  const entries = [
    {
      eventName: 'CallEnded',
      data: { duration: 42 },
      correlationId: 'corr-analytics',
      provider: 'beta',
      sessionId: session,
      conversationId,
    },
    // alpha has no session: the focused one is beta's.
    {
      eventName: 'Opened',
      data: { clicks: 1 },
      correlationId: 'corr-typed',
      provider: 'alpha',
      sessionId: null,
      conversationId: null,
    },
  ];
  const log = valueOf<{ timestamp: number }[]>(await hostCall(page, 'getInteractionLog'));
  expect(log.map(({ timestamp, ...entry }) => (expect(timestamp).toBeGreaterThan(0), entry))).toEqual(entries);
  expect(
    ((await heard(page)) as [string, { timestamp?: number }][]).map(([name, { timestamp, ...entry }]) => [name, entry]),
  ).toEqual(entries.map((entry) => ['analytics', entry]));
  expect(await cifCall(cif, 'logAnalyticsEvent', {}, 42)).toMatchObject({
    ok: false,
    code: 'INVALID_INPUT',
    message: 'logAnalyticsEvent: eventName must be a string',
  });

  // A host handler replaces the log: it gets the widget's arguments and who called.
  const other = await driver.newPage();
  const { cif: forwarded } = await twoFaces(other, { echoHandlers: ['logAnalyticsEvent'] });
  expect(valueOf(await cifCall(forwarded, 'logAnalyticsEvent', { duration: 1 }, 'CallEnded', 'corr-h'))).toEqual({
    method: 'logAnalyticsEvent',
    args: [{ duration: 1 }, 'CallEnded'],
    provider: 'beta',
    correlationId: 'corr-h',
  });
  expect(valueOf(await hostCall(other, 'getInteractionLog'))).toEqual([]);
});
