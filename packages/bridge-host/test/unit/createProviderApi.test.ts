import { test, expect } from '@playwright/test';
import { BridgeError, BridgeErrorCode, type HostMethods } from '@cif-bridge/protocol';
import { AgentPresence, type PresenceInfo } from '../../src/AgentPresence.js';
import { createProviderApi, type HandlerName, type HostHandler } from '../../src/createProviderApi.js';
import { HostTrace, type CallEntry } from '../../src/HostTrace.js';
import { InteractionLog, type InteractionLogEntry } from '../../src/InteractionLog.js';
import { NotificationCenter } from '../../src/NotificationCenter.js';
import type { Provider } from '../../src/Provider.js';
import { SessionStore } from '../../src/SessionStore.js';
import { thrown } from '../../../../test/unit/thrown.js';

/*
 * The method table a connection serves, without a port: the wrapper around the model puts the
 * method's name in front of input errors, stamps the correlationId on every error, and traces calls.
 */

function setup(handlers: Partial<Record<HandlerName, HostHandler>> = {}): {
  api: Record<keyof HostMethods, (...args: unknown[]) => unknown>;
  /** The calls in the trace so far. */
  traces: () => CallEntry[];
  subscriptions: Set<string>;
  store: SessionStore;
  notifications: NotificationCenter;
  presenceChanges: [PresenceInfo, string | null][];
  logged: InteractionLogEntry[];
} {
  const store = new SessionStore({
    sessionTemplates: [{ name: 'chat', title: 'Chat', anchorTab: 'chatTab' }],
    tabTemplates: [{ name: 'chatTab', title: 'Chat', type: 'website', parameters: {} }],
    notificationTemplates: [{ name: 'ring', title: 'Ring' }],
    maxSessions: 2,
    maxTabsPerSession: 3,
    origin: 'https://desk.example.com',
  });
  const trace = new HostTrace(100, () => undefined);
  const traces = (): CallEntry[] => trace.list().filter((entry): entry is CallEntry => entry.kind === 'call');
  const subscriptions = new Set<string>();
  const presenceChanges: [PresenceInfo, string | null][] = [];
  const logged: InteractionLogEntry[] = [];
  const notifications = new NotificationCenter(() => undefined);
  // Only the fields the method table reads; a real Provider needs a DOM for its frame.
  const provider = { name: 'A', templates: undefined, clickToAct: false } as unknown as Provider;
  const api = createProviderApi(
    {
      store,
      notifications,
      panel: { getPanel: () => ({ mode: 1, width: 340 }), setMode: () => undefined, setWidth: () => undefined },
      environment: {},
      handlers,
      trace: trace.recordCall,
      activeCalls: { count: 0 },
      replyFirst: (call) => call(),
      presence: new AgentPresence(undefined, (info, setBy) => presenceChanges.push([info, setBy])),
      log: new InteractionLog((entry) => logged.push(entry)),
    },
    {
      provider,
      subscriptions,
      // Each call arrives as it is made.
      get arrivedAt() {
        return performance.now();
      },
      subscribe: (name) => void subscriptions.add(name),
      unsubscribe: (name) => void subscriptions.delete(name),
    },
  );
  return {
    api: api as unknown as Record<keyof HostMethods, (...args: unknown[]) => unknown>,
    traces,
    subscriptions,
    store,
    notifications,
    presenceChanges,
    logged,
  };
}

test('an input error names the method and the field, and carries the correlationId', () => {
  const { api, traces } = setup();
  const error = thrown(() => api.createTab('corr-1', {}));
  expect(error).toMatchObject({
    code: BridgeErrorCode.INVALID_INPUT,
    message: 'createTab: templateName is required',
    correlationId: 'corr-1',
  });
  expect(thrown(() => api.getSession('corr-2', 42)).message).toBe('getSession: sessionId must be a string');
  expect(thrown(() => api.createSession('corr-3', '{oops')).message).toMatch(/^createSession: input is not valid JSON/);
  expect(thrown(() => api.setClickToAct('corr-4', 'yes')).message).toBe(
    'setClickToAct: the argument must be true or false.',
  );
  expect(traces().map((t) => [t.method, t.correlationId, t.outcome, t.code])).toEqual([
    ['createTab', 'corr-1', 'rejected', 'INVALID_INPUT'],
    ['getSession', 'corr-2', 'rejected', 'INVALID_INPUT'],
    ['createSession', 'corr-3', 'rejected', 'INVALID_INPUT'],
    ['setClickToAct', 'corr-4', 'rejected', 'INVALID_INPUT'],
  ]);
  expect(traces()[0]).toMatchObject({
    kind: 'call',
    provider: 'A',
    args: [{}],
    message: 'createTab: templateName is required',
  });
});

test('CIF texts stay as CIF words them, with the correlationId', () => {
  const { api } = setup();
  expect(thrown(() => api.createSession('corr-xyz', { templateName: 'nope' }))).toMatchObject({
    code: BridgeErrorCode.TEMPLATE_NOT_FOUND,
    message: 'Did not find template by name (nope)',
    correlationId: 'corr-xyz',
  });
  expect(thrown(() => api.getSession('c', 'nope')).message).toBe('Session with ID:nope does not exist');
});

test('a bad correlationId is INVALID_INPUT naming the method', () => {
  const { api } = setup();
  for (const bad of [undefined, '', 'x'.repeat(201), 7]) {
    const error = thrown(() => api.ping(bad));
    expect(error.message).toBe('ping: correlationId must be a non-empty string of at most 200 characters.');
    expect(error.correlationId).toBeUndefined();
  }
});

test("a host handler's own error keeps its message; a missing handler is NOT_SUPPORTED", async () => {
  const { api } = setup({
    createRecord: () => {
      throw new BridgeError(BridgeErrorCode.INVALID_INPUT, 'The CRM is read-only.');
    },
    deleteRecord: () => {
      throw new Error('boom');
    },
  });
  await expect(api.callHandler('c1', 'createRecord', [])).rejects.toMatchObject({
    code: BridgeErrorCode.INVALID_INPUT,
    message: 'The CRM is read-only.',
    correlationId: 'c1',
  });
  await expect(api.callHandler('c2', 'deleteRecord', [])).rejects.toMatchObject({
    code: BridgeErrorCode.INTERNAL,
    message: 'boom',
    correlationId: 'c2',
  });
  await expect(api.callHandler('c3', 'retrieveRecord', [])).rejects.toMatchObject({
    code: BridgeErrorCode.NOT_SUPPORTED,
    message: 'retrieveRecord is not provided by this host',
  });
});

test.describe('every argument is checked', () => {
  test('callHandler arguments go through the JSON check: Maps, Dates, BigInts and cycles are refused', async () => {
    const received: unknown[] = [];
    const { api } = setup({ createRecord: (args) => void received.push(args) });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const refused: [unknown[], RegExp][] = [
      [[new Map([['a', 1]])], /args\[0\] is a Map/],
      [[{ when: new Date(0) }], /args\[0\]\.when is a Date/],
      [[{ n: 10n }], /args\[0\]\.n is a bigint/],
      [[cyclic], /args\[0\]\.self is a reference back to an object that holds it \(a cycle\)/],
      [[new Set([1])], /args\[0\] is a Set/],
      [[Number.NaN], /args\[0\] is NaN/],
      [['x'.repeat(64 * 1024)], /args is 65540 characters of JSON, over the limit of 65536/],
    ];
    for (const [args, message] of refused) {
      const error = await (api.callHandler('c-json', 'createRecord', args) as Promise<unknown>).then(
        () => undefined,
        (e: unknown) => e as BridgeError,
      );
      expect(error, String(message)).toMatchObject({ code: BridgeErrorCode.INVALID_INPUT, correlationId: 'c-json' });
      expect(error?.message).toMatch(/^createRecord: /);
      expect(error?.message).toMatch(message);
    }
    expect(received).toEqual([]);
  });

  test("callHandler's handler gets a fresh copy with __proto__, constructor and prototype keys dropped at every depth", async () => {
    const received: unknown[] = [];
    const { api } = setup({ createRecord: (args) => void received.push(args) });
    const args = JSON.parse(
      '[{"__proto__":{"polluted":1},"keep":{"constructor":{"x":1},"prototype":2,"deep":[{"__proto__":1,"ok":true}]}}]',
    ) as unknown[];
    await api.callHandler('c-keys', 'createRecord', args);
    expect(received).toEqual([[{ keep: { deep: [{ ok: true }] } }]]);
    expect(received[0]).not.toBe(args);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('string arguments have length caps, and the error names the cap and what to do', () => {
    const { api } = setup();
    const sessionId = api.createSession('c', { templateName: 'chat' }) as string;
    const tabId = api.getFocusedTab('c') as string;
    const cases: [() => unknown, string][] = [
      [
        () => api.notifyKpiBreach('c', sessionId, true, 'd'.repeat(1025)),
        'notifyKpiBreach: details is 1025 characters; the limit is 1024. Send shorter details.',
      ],
      [
        () => api.setTabTitle('c', tabId, { title: 't'.repeat(300) }),
        'setTabTitle: title is 300 characters; the limit is 256. Send a shorter title.',
      ],
      [
        () => api.createSession('c', { templateName: 'n'.repeat(257) }),
        'createSession: templateName is 257 characters; the limit is 256. Send a shorter name.',
      ],
      [
        () => api.createTab('c', { templateName: 'n'.repeat(300) }),
        'createTab: templateName is 300 characters; the limit is 256. Send a shorter name.',
      ],
      [
        () => api.getTabs('c', null, 'g'.repeat(400)),
        'getTabs: tag is 400 characters; the limit is 256. Send a shorter name.',
      ],
      [
        () => api.getSession('c', 's'.repeat(5000)),
        'getSession: sessionId is 5000 characters; the limit is 200. Pass the id the host gave you.',
      ],
      [
        () => api.focusTab('c', 't'.repeat(201)),
        'focusTab: tabId is 201 characters; the limit is 200. Pass the id the host gave you.',
      ],
      [
        () => api.subscribe('c', 'e'.repeat(129)),
        'subscribe: the event name is 129 characters; the limit is 128. Use a shorter event name.',
      ],
    ];
    for (const [run, message] of cases) {
      expect(thrown(run)).toMatchObject({ code: BridgeErrorCode.INVALID_INPUT, message, correlationId: 'c' });
    }
    // At the cap is fine.
    api.notifyKpiBreach('c', sessionId, true, 'd'.repeat(1024));
    expect(api.setTabTitle('c', tabId, { title: 't'.repeat(256) })).toBe('t'.repeat(256));
  });

  test('subscribe takes every CIF event name, plus up to 32 custom names per connection', () => {
    const { api, subscriptions } = setup();
    for (const bad of [42, null, '', { toString: () => 'onmodechanged' }]) {
      expect(thrown(() => api.subscribe('c', bad)).code).toBe(BridgeErrorCode.INVALID_INPUT);
    }
    for (let i = 0; i < 32; i++) api.subscribe('c', `custom${i}`);
    expect(thrown(() => api.subscribe('c', 'custom32'))).toMatchObject({
      code: BridgeErrorCode.INVALID_INPUT,
      message:
        'subscribe: this connection already handles 32 custom event names, the limit (CIF\'s own names don\'t count). Remove a handler before adding "custom32".',
    });
    // A name it has already, and CIF's own names, are still fine; removing one makes room.
    api.subscribe('c', 'custom0');
    for (const name of ['onSessionSwitched', 'onsizechanged', 'onclicktoact']) api.subscribe('c', name);
    api.unsubscribe('c', 'custom0');
    api.subscribe('c', 'custom32');
    expect(subscriptions.size).toBe(35);
  });
});

test.describe('NotificationCenter caps', () => {
  const shown = { title: 'Ring', fields: [], acceptLabel: 'Accept', rejectLabel: 'Reject' };

  test('a provider has at most 5 notifications on screen; the others are not affected', () => {
    const center = new NotificationCenter(() => undefined);
    try {
      for (let i = 0; i < 5; i++) void center.show({ ...shown, provider: 'A' }, 60);
      expect(thrown(() => center.show({ ...shown, provider: 'A' }, 60))).toMatchObject({
        code: BridgeErrorCode.INVALID_INPUT,
        message:
          'provider "A" has 5 notifications on screen, the limit. Wait for the agent to answer one (or for its countdown to end) before showing another.',
      });
      void center.show({ ...shown, provider: 'B' }, 60);
      expect(center.list().map((n) => n.provider)).toEqual(['A', 'A', 'A', 'A', 'A', 'B']);
      // Answering one makes room again.
      center.answer(center.list()[0]!.id, 'Accept');
      void center.show({ ...shown, provider: 'A' }, 60);
      expect(center.list()).toHaveLength(6);
    } finally {
      center.clear();
    }
  });

  test('a countdown is clamped to one hour, so a huge one does not time out at once', async () => {
    const center = new NotificationCenter(() => undefined);
    try {
      const before = Date.now();
      // 1e7 s is 1e10 ms, past setTimeout's 2^31 - 1 ms, which would fire at once.
      const answer = center.show({ ...shown, provider: 'A' }, 1e7);
      const [notification] = center.list();
      expect(notification!.expiresAt - before).toBeGreaterThanOrEqual(3600 * 1000);
      expect(notification!.expiresAt - Date.now()).toBeLessThanOrEqual(3600 * 1000);
      // Still open after a macrotask: an unclamped timer would have answered Timeout by now.
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(center.list()).toHaveLength(1);
      center.answer(notification!.id, 'Reject');
      expect(await answer).toEqual({ actionName: 'Reject', responseReason: '' });
    } finally {
      center.clear();
    }
  });
});

// The method table never changes an error it did not create: a host page's handler may throw the
// same BridgeError for many calls, and each call still gets its own correlationId and message.

async function rejection(promise: Promise<unknown>): Promise<BridgeError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as BridgeError,
  );
}

test('a shared error thrown by a handler is wrapped per call, never changed', async () => {
  const shared = new BridgeError(BridgeErrorCode.INVALID_INPUT, 'the CRM refused the record');
  const api = setup({ createRecord: () => Promise.reject(shared) }).api as Record<
    keyof HostMethods,
    (...args: unknown[]) => Promise<unknown>
  >;
  const [first, second] = await Promise.all([
    rejection(api.callHandler('corr-1', 'createRecord', ['contact', {}])),
    rejection(api.callHandler('corr-2', 'createRecord', ['contact', {}])),
  ]);
  expect(first).not.toBe(second);
  expect([first.correlationId, second.correlationId]).toEqual(['corr-1', 'corr-2']);
  expect(first).toMatchObject({ code: BridgeErrorCode.INVALID_INPUT, message: 'the CRM refused the record' });
  expect(first.cause).toBe(shared);
  expect(shared.correlationId).toBeUndefined();
  expect(shared.message).toBe('the CRM refused the record');
});

test('an input error gets the method name in front by wrapping, and an error that says everything is kept', async () => {
  const own = new BridgeError(BridgeErrorCode.NOT_SUPPORTED, 'no CRM here', 'corr-own');
  const api = setup({
    createRecord: () => {
      throw own;
    },
  }).api as Record<keyof HostMethods, (...args: unknown[]) => Promise<unknown>>;
  // Kept as it is: it already has a code and a correlationId.
  expect(await rejection(api.callHandler('corr-3', 'createRecord', []))).toBe(own);
  // An input error thrown synchronously is wrapped with the method's name.
  let caught: unknown;
  try {
    await api.createTab('corr-4', {});
  } catch (error) {
    caught = error;
  }
  expect(caught).toMatchObject({ message: 'createTab: templateName is required', correlationId: 'corr-4' });
  expect((caught as BridgeError).cause).toBeInstanceOf(BridgeError);
  expect(((caught as BridgeError).cause as BridgeError).message).toBe('templateName is required');
});

test.describe('what the host serves itself when no handler replaces it', () => {
  test('setPresence resolves true and getPresence the text, as CIF does; an unknown text lists the known ones', async () => {
    const { api, presenceChanges } = setup();
    expect(await api.callHandler('c1', 'getPresence', [])).toBe('Available');
    expect(await api.callHandler('c2', 'setPresence', ['busy'])).toBe(true);
    expect(await api.callHandler('c3', 'getPresence', [])).toBe('Busy');
    expect(presenceChanges).toEqual([[{ presenceId: 'busy', presenceText: 'Busy', presenceColor: '#c62828' }, 'A']]);
    const error = (await (api.callHandler('c4', 'setPresence', ['Lunch']) as Promise<unknown>).catch(
      (e) => e,
    )) as BridgeError;
    expect(error).toMatchObject({ code: BridgeErrorCode.INVALID_INPUT, correlationId: 'c4' });
    expect(error.message).toBe(
      'setPresence: unknown presence "Lunch". This host knows: "Available", "Busy", "Do not disturb", "Away", "Offline".',
    );
  });

  test('a host handler still replaces presence', async () => {
    const { api, presenceChanges } = setup({ getPresence: () => 'On a break', setPresence: () => 'handled' });
    expect(await api.callHandler('c', 'getPresence', [])).toBe('On a break');
    expect(await api.callHandler('c', 'setPresence', ['Lunch'])).toBe('handled');
    expect(presenceChanges).toEqual([]);
  });

  test('updateContext merges into the focused session, and updateConversation into its conversation', () => {
    const { api, store } = setup();
    const id = api.createSession('c', { templateName: 'chat', context: { a: 1 } }) as string;
    expect(api.updateContext('c', '{"b":2}')).toEqual({ a: 1, b: 2 });
    expect(api.updateContext('c', ['a'], id, true)).toEqual({ b: 2 });
    const { conversationId } = store.get(id)!;
    expect(api.updateConversation('c', conversationId, { status: 'open' })).toEqual({ status: 'open' });
    expect(store.get(id)).toMatchObject({ context: { b: 2 }, conversationData: { status: 'open' } });
    expect(thrown(() => api.updateContext('c', 'nope'))).toMatchObject({
      code: BridgeErrorCode.INVALID_INPUT,
      correlationId: 'c',
    });
  });

  test('logAnalyticsEvent records the event with the session, its conversation and the provider', () => {
    const { api, store, logged } = setup();
    expect(api.logAnalyticsEvent('c0', { before: true }, 'boot')).toBeUndefined();
    const id = api.createSession('c', { templateName: 'chat' }) as string;
    api.logAnalyticsEvent('c1', '{"duration":42}', 'callEnded');
    expect(logged.map(({ timestamp, ...entry }) => entry)).toEqual([
      {
        eventName: 'boot',
        data: { before: true },
        correlationId: 'c0',
        provider: 'A',
        sessionId: null,
        conversationId: null,
      },
      {
        eventName: 'callEnded',
        data: { duration: 42 },
        correlationId: 'c1',
        provider: 'A',
        sessionId: id,
        conversationId: store.get(id)!.conversationId,
      },
    ]);
    expect(thrown(() => api.logAnalyticsEvent('c2', {}, 42)).message).toBe(
      'logAnalyticsEvent: eventName must be a string',
    );
  });

  test('a host handler replaces updateContext, updateConversation and logAnalyticsEvent, with the arguments given', async () => {
    const seen: unknown[] = [];
    const handler: HostHandler = (args, call) => (seen.push([args, call.provider]), 'forwarded');
    const { api, logged } = setup({ logAnalyticsEvent: handler, updateContext: handler, updateConversation: handler });
    expect(await api.logAnalyticsEvent('c', { x: 1 }, 'e')).toBe('forwarded');
    expect(await api.updateContext('c', { y: 2 }, undefined, undefined)).toBe('forwarded');
    expect(await api.updateConversation('c', 'conv', { z: 3 })).toBe('forwarded');
    expect(seen).toEqual([
      [[{ x: 1 }, 'e'], 'A'],
      [[{ y: 2 }], 'A'],
      [['conv', { z: 3 }], 'A'],
    ]);
    expect(logged).toEqual([]);
  });

  test('cancelEvent takes back the caller’s notification by its token, which notifyEvent settles as a cancelled Reject', async () => {
    const { api, notifications } = setup();
    const first = api.notifyEvent('c', { templateName: 'ring' }, 'tok-1') as Promise<unknown>;
    // The token may come in the input too, as Microsoft's sample passes it.
    const second = api.notifyEvent('c', { templateName: 'ring', cancellationToken: 'tok-2' }) as Promise<unknown>;
    expect(thrown(() => api.notifyEvent('c', { templateName: 'ring' }, 'tok-1')).message).toMatch(
      /^notifyEvent: a notification with the cancellation token "tok-1" is already on screen/,
    );
    expect(notifications.list()).toHaveLength(2);
    expect(thrown(() => api.cancelEvent('c', 'other'))).toMatchObject({ code: BridgeErrorCode.INVALID_INPUT });
    expect(api.cancelEvent('c', 'tok-1')).toBe('tok-1');
    await expect(first).resolves.toEqual({ actionName: 'Reject', responseReason: 'Cancelled' });
    expect(notifications.list()).toHaveLength(1);
    expect(api.cancelEvent('c', 'tok-2')).toBe('tok-2');
    await expect(second).resolves.toEqual({ actionName: 'Reject', responseReason: 'Cancelled' });
    expect(notifications.list()).toEqual([]);
    // Once settled, the token is gone.
    expect(thrown(() => api.cancelEvent('c', 'tok-1'))).toMatchObject({ code: BridgeErrorCode.INVALID_INPUT });
  });
});

test('createRecord and updateRecord data given as JSON text reach the handler parsed', async () => {
  const seen: unknown[] = [];
  const { api } = setup({
    createRecord: (args) => void seen.push(args),
    updateRecord: (args) => void seen.push(args),
  });
  await api.callHandler('c', 'createRecord', ['contact', '{"firstname":"Ada"}']);
  await api.callHandler('c', 'updateRecord', ['contact', 'id-1', '{"lastname":"Lovelace"}']);
  await api.callHandler('c', 'createRecord', ['contact', { firstname: 'Grace' }]);
  expect(seen).toEqual([
    ['contact', { firstname: 'Ada' }],
    ['contact', 'id-1', { lastname: 'Lovelace' }],
    ['contact', { firstname: 'Grace' }],
  ]);
  const error = await (api.callHandler('c', 'createRecord', ['contact', '{oops']) as Promise<unknown>).catch((e) => e);
  expect(error).toMatchObject({ code: BridgeErrorCode.INVALID_INPUT });
  expect((error as Error).message).toMatch(/^createRecord: data is not valid JSON/);
});
