/**
 * The typed client's CIF methods, built from one table (packages/bridge-child/src/cifMethods.ts),
 * reach the host with their arguments: a typed test widget (fixtures/widget.html) on the widget
 * origin calls each method of the table, in CIF's argument order with its correlationId where CIF
 * puts it, and the API test host shows what arrived: its echo handlers answer with the arguments
 * they got, its trace (`host.trace()`) lists every wire call with its correlationId, and the
 * model's answers show that the arguments were applied.
 */
import { CIF_METHODS, isHandlerMethod, type CifMethodName } from '../packages/bridge-child/src/cifMethods.js';
import { HOST_HANDLER_NAMES } from '../packages/bridge-protocol/src/HostMethods.js';
import { type DriverFrame, type DriverPage, expect, test } from './driver/test.js';
import { chat, environment, openApiHost } from './support/hosts.js';
import type { Outcome } from './support/widgets.js';

/** Runs `client[method](...args)` in the typed test widget (fixtures/widget.js `window.call`). */
function call(frame: DriverFrame, method: string, ...args: unknown[]): Promise<Outcome> {
  return frame.evaluate(
    ([m, a]) => (window as unknown as { call(m: string, ...a: unknown[]): Promise<Outcome> }).call(m, ...a),
    [method, args] as const,
  );
}

/** The value of a call that must succeed. */
async function value<T>(outcome: Promise<Outcome>): Promise<T> {
  const settled = await outcome;
  expect(settled).toMatchObject({ ok: true });
  return (settled as { value: T }).value;
}

/** One wire call as the host's trace records it (the fields this spec reads). */
interface Trace {
  kind: 'call';
  provider: string;
  method: string;
  correlationId: string;
  outcome: string;
}

/** Opens the API test host with one typed widget, `alpha`. */
async function openHost(page: DriverPage): Promise<DriverFrame> {
  const [frame] = await openApiHost(page, [{ name: 'alpha', kind: 'typed' }], { echoHandlers: HOST_HANDLER_NAMES });
  return frame!;
}

/** The calls in the host's trace so far. */
function traces(page: DriverPage): Promise<Trace[]> {
  return page.evaluate(() =>
    (window as unknown as { host: { trace(): { kind: string }[] } }).host
      .trace()
      .filter((entry): entry is Trace => entry.kind === 'call'),
  );
}

const methods = Object.keys(CIF_METHODS) as CifMethodName[];

/**
 * A call of each host handler method, CIF's arguments in CIF's order with a correlationId where CIF
 * puts it, and the arguments the handler must get (the correlationId taken out, omitted trailing
 * arguments left out; a list method's list as it is).
 */
const handlerCalls: Record<string, { args: unknown[]; expected: unknown[] }> = {
  createRecord: {
    args: ['phonecall', { subject: 'Call' }, 'h-createRecord'],
    expected: ['phonecall', { subject: 'Call' }],
  },
  retrieveRecord: {
    args: ['incident', 'id-1', '?$select=title', 'h-retrieveRecord'],
    expected: ['incident', 'id-1', '?$select=title'],
  },
  updateRecord: {
    // Data given as JSON text reaches the handler parsed, as Microsoft's library passes it.
    args: ['incident', 'id-1', '{"title":"New"}', 'h-updateRecord'],
    expected: ['incident', 'id-1', { title: 'New' }],
  },
  deleteRecord: { args: ['incident', 'id-1', 'h-deleteRecord'], expected: ['incident', 'id-1'] },
  // searchType follows the correlationId in CIF's order, and still reaches the handler.
  searchAndOpenRecords: {
    args: ['contact', '?$select=fullname', false, 'h-searchAndOpenRecords', 1],
    expected: ['contact', '?$select=fullname', false, 1],
  },
  // Every argument given: a driver may send an `undefined` argument as null (WebDriver does).
  openForm: {
    args: [{ entityName: 'contact' }, { name: 'Ada' }, 'h-openForm'],
    expected: [{ entityName: 'contact' }, { name: 'Ada' }],
  },
  renderSearchPage: { args: ['contact', 'Ada', 0, 'h-renderSearchPage'], expected: ['contact', 'Ada', 0] },
  getEntityMetadata: { args: ['contact', ['fullname'], 'h-getEntityMetadata'], expected: ['contact', ['fullname']] },
  setPresence: { args: ['Busy', 'h-setPresence'], expected: ['Busy'] },
  getPresence: { args: ['h-getPresence'], expected: [] },
  setAgentPresence: { args: [[{ presenceId: 'p-1' }], 'h-setAgentPresence'], expected: [{ presenceId: 'p-1' }] },
  initializeAgentPresenceList: {
    args: [[['p-1', 'p-2']], 'h-initializeAgentPresenceList'],
    expected: [['p-1', 'p-2']],
  },
  insertNotes: {
    args: [['incident', 'id-1', 'note text'], 'h-insertNotes'],
    expected: ['incident', 'id-1', 'note text'],
  },
  refreshForm: { args: [[], 'h-refreshForm'], expected: [] },
};

test("every host handler method reaches the host page's handler with its arguments and correlationId", async ({
  driver,
}) => {
  const page = await driver.newPage();
  const frame = await openHost(page);
  // Every handler row of the table has a case here, so a new row can't go untested.
  expect(Object.keys(handlerCalls).sort()).toEqual(methods.filter(isHandlerMethod).sort());
  for (const [method, { args, expected }] of Object.entries(handlerCalls)) {
    expect(await call(frame, method, ...args), method).toEqual({
      ok: true,
      value: { method, args: expected, provider: 'alpha', correlationId: `h-${method}` },
    });
  }
});

test("every wire method reaches the host's model with its arguments and correlationId", async ({ driver }) => {
  const page = await driver.newPage();
  const frame = await openHost(page);
  const id = (method: string) => `w-${method}`;

  // Sessions: each answer shows the arguments were applied.
  expect(await value(call(frame, 'canCreateSession', id('canCreateSession')))).toBe(true);
  const sessionId = await value<string>(
    call(frame, 'createSession', chat('Ada', { callId: 'c-1' }), id('createSession')),
  );
  expect(await value(call(frame, 'getAllSessions', id('getAllSessions')))).toEqual([sessionId]);
  expect(await value(call(frame, 'getFocusedSession', id('getFocusedSession')))).toBe(sessionId);
  expect(await value(call(frame, 'getSession', sessionId, id('getSession')))).toMatchObject({
    sessionId,
    context: { callId: 'c-1' },
  });
  const title = await value<string>(
    call(frame, 'setSessionTitle', { sessionId, customer: 'Grace' }, id('setSessionTitle')),
  );
  expect(title).toContain('Grace');
  await value(call(frame, 'requestFocusSession', sessionId, 2, id('requestFocusSession')));
  await value(call(frame, 'notifyNewActivity', sessionId, 3, false, id('notifyNewActivity')));
  await value(call(frame, 'notifyKpiBreach', sessionId, true, 'Waited too long', id('notifyKpiBreach')));

  // Tabs of the focused session.
  const tabId = await value<string>(
    call(frame, 'createTab', { templateName: 'kb', templateParameters: { topic: 'billing' } }, id('createTab')),
  );
  expect(await value(call(frame, 'getTabs', 'kb', null, id('getTabs')))).toEqual([tabId]);
  await value(call(frame, 'focusTab', tabId, id('focusTab')));
  expect(await value(call(frame, 'getFocusedTab', id('getFocusedTab')))).toBe(tabId);
  await value(call(frame, 'refreshTab', tabId, id('refreshTab')));
  expect(await value(call(frame, 'setTabTitle', tabId, { title: 'Billing FAQ' }, id('setTabTitle')))).toBe(
    'Billing FAQ',
  );
  await value(call(frame, 'closeTab', tabId, id('closeTab')));

  // The panel, click-to-act and the environment.
  await value(call(frame, 'setMode', 0, id('setMode')));
  expect(await value(call(frame, 'getMode', id('getMode')))).toBe(0);
  await value(call(frame, 'setWidth', 420, id('setWidth')));
  // The host clamps the width to the room its layout has, which differs by engine and window.
  const room = await page.evaluate(() =>
    (window as unknown as { host: { maxPanelWidth(): number } }).host.maxPanelWidth(),
  );
  expect(await value(call(frame, 'getWidth', id('getWidth')))).toBe(Math.min(420, room));
  await value(call(frame, 'setClickToAct', true, id('setClickToAct')));
  expect(await value(call(frame, 'getClickToAct', id('getClickToAct')))).toBe(true);
  expect(await value(call(frame, 'getEnvironment', id('getEnvironment')))).toEqual(environment);

  // A notification whose countdown ends it; the typed client gives it no call timeout of its own.
  expect(
    await value(
      call(
        frame,
        'notifyEvent',
        { templateName: 'ringout', templateParameters: { customer: 'Ada' } },
        id('notifyEvent'),
        'token-1',
      ),
    ),
  ).toMatchObject({ actionName: 'Timeout' });

  // The host's own context and log take these; cancelEvent's token and the made-up conversation id
  // are refused, with the call's correlationId (their own specs test them through).
  expect(await call(frame, 'updateContext', { callId: 'c-2' }, sessionId, false, id('updateContext'))).toMatchObject({
    ok: true,
    value: { callId: 'c-2' },
  });
  expect(await call(frame, 'logAnalyticsEvent', { events: [] }, 'CallHold', id('logAnalyticsEvent'))).toEqual({
    ok: true,
    value: null,
  });
  for (const [method, args] of [
    ['cancelEvent', ['token-1']],
    ['updateConversation', ['conversation-1', { queue: 'billing' }]],
  ] as const) {
    expect(await call(frame, method, ...args, id(method)), method).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      correlationId: id(method),
    });
  }

  // Every wire row of the table was called above, and reached the host with its correlationId.
  const wireMethods = methods.filter((method) => !isHandlerMethod(method));
  await expect
    .poll(async () =>
      (await traces(page))
        .filter((trace) => trace.correlationId.startsWith('w-'))
        .map((t) => t.method)
        .sort(),
    )
    .toEqual([...wireMethods].sort());
  for (const trace of (await traces(page)).filter((t) => t.correlationId.startsWith('w-'))) {
    expect(trace, trace.method).toMatchObject({ provider: 'alpha', correlationId: id(trace.method) });
  }
});

test('setMode with a mode CIF does not have is refused by the host with INVALID_INPUT', async ({ driver }) => {
  const page = await driver.newPage();
  const frame = await openHost(page);
  expect(await call(frame, 'setMode', 5, 'mode-5')).toMatchObject({
    ok: false,
    name: 'BridgeError',
    code: 'INVALID_INPUT',
    correlationId: 'mode-5',
  });
  expect(await value(call(frame, 'getMode'))).toBe(1);
});
