import { test, expect } from '@playwright/test';
import { BridgeError, BridgeErrorCode } from '@cif-bridge/protocol';
import type { EventHandler } from '../../src/BridgeConnection.js';
import { createCifFramework, type CifError, type ClientLike } from '../../src/createCifFramework.js';

/**
 * Every method of Microsoft.CIFramework in CIF 2.0's reference
 * (MicrosoftDocs/dynamics-365-customer-engagement, ce/channel-integration-framework/v2/develop/reference/
 * microsoft-ciframework-v2.md, by section), kept here so a missing method fails a test.
 */
const CIF_2_METHODS = [
  // Communication panel
  'setWidth',
  'getWidth',
  'setMode',
  'getMode',
  // CRUD
  'createRecord',
  'retrieveRecord',
  'updateRecord',
  'deleteRecord',
  // Notifications
  'notifyEvent',
  'cancelEvent',
  // Application tabs
  'createTab',
  'getTabs',
  'focusTab',
  'getFocusedTab',
  'refreshTab',
  'setTabTitle',
  'closeTab',
  // Sessions
  'canCreateSession',
  'createSession',
  'getSession',
  'getFocusedSession',
  'getAllSessions',
  'setSessionTitle',
  'requestFocusSession',
  // Channel analytics
  'logAnalyticsEvent',
  // Session indicators
  'notifyKpiBreach',
  'notifyNewActivity',
  // Presence
  'setPresence',
  'getPresence',
  // Miscellaneous
  'getEntityMetadata',
  'setClickToAct',
  'getClickToAct',
  'searchAndOpenRecords',
  'getEnvironment',
  'openForm',
  'renderSearchPage',
  'addHandler',
  'removeHandler',
  'raiseEvent',
  'updateContext',
  'updateConversation',
] as const;

/** Host-provided methods on the protocol's HOST_HANDLER_NAMES that CIF 2.0's reference does not list. */
const EXTRA_HOST_METHODS = ['setAgentPresence', 'initializeAgentPresenceList', 'insertNotes', 'refreshForm'] as const;

/** One call the fake client received. */
interface Call {
  method: string;
  args: unknown[];
}

/**
 * A stand-in for BridgeConnection: it records every call, answers with `answers[method]` (a value, or a
 * function of the arguments that may throw), and keeps handlers so a test can `emit` an event.
 */
function fakeClient(answers: Record<string, unknown> = {}) {
  const calls: Call[] = [];
  const handlers = new Map<string, Set<EventHandler>>();
  const answer = async (method: string, args: unknown[]): Promise<unknown> => {
    calls.push({ method, args });
    const given = answers[method];
    return typeof given === 'function' ? (given as (...a: unknown[]) => unknown)(...args) : given;
  };
  const client: ClientLike = {
    // Recorded as the typed client's signature would take it: the CIF arguments, then the correlationId.
    call: ((method: string, args: unknown[], correlationId?: string) =>
      answer(method, [...args, correlationId])) as ClientLike['call'],
    addAnyHandler: async (name, handler, options) => {
      calls.push({ method: 'addAnyHandler', args: [name, handler, options] });
      let set = handlers.get(name);
      if (set === undefined) handlers.set(name, (set = new Set()));
      set.add(handler);
    },
    removeHandler: async (name, handler) => {
      calls.push({ method: 'removeHandler', args: [name, handler] });
      handlers.get(name)?.delete(handler);
    },
  };
  const emit = (name: string, payload: unknown): void => {
    for (const handler of handlers.get(name) ?? []) handler(payload);
  };
  return { client, calls, handlers, emit };
}

/** A framework over a fake client, and a count of how often it asked for the client. */
function setUp(answers: Record<string, unknown> = {}) {
  const fake = fakeClient(answers);
  let connects = 0;
  const cif = createCifFramework(async () => {
    connects += 1;
    return fake.client;
  });
  return { ...fake, cif, connects: () => connects };
}

/** The rejection of `promise`, which must reject. */
async function rejection(promise: Promise<unknown>): Promise<CifError> {
  try {
    await promise;
  } catch (error) {
    return error as CifError;
  }
  throw new Error('expected the call to reject');
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test.describe('createCifFramework: the surface', () => {
  test('defines every CIF 2.0 method, plus the extra host handlers, and nothing else', () => {
    const { cif } = setUp();
    for (const method of [...CIF_2_METHODS, ...EXTRA_HOST_METHODS]) {
      expect(typeof cif[method], method).toBe('function');
    }
    expect(Object.keys(cif).sort()).toEqual([...CIF_2_METHODS, ...EXTRA_HOST_METHODS].sort());
  });

  test('connects lazily, once: no client until the first call, then the same one for every call', async () => {
    const { cif, connects } = setUp({ getMode: 1 });
    expect(connects()).toBe(0);
    await Promise.all([cif.getMode(), cif.getMode(), cif.getWidth()]);
    await cif.getMode();
    expect(connects()).toBe(1);
  });

  test('a call made before the client is ready waits for it instead of failing', async () => {
    const fake = fakeClient({ createSession: 'session-1' });
    let connect: (client: ClientLike) => void = () => {};
    const cif = createCifFramework(() => new Promise((resolve) => (connect = resolve)));
    const early = cif.createSession({ templateName: 'chat' });
    let settled = false;
    void early.finally(() => (settled = true));
    // Without a client, only promise reactions could settle the call; they have all run once a
    // macrotask comes round (setImmediate runs after the microtask queue is empty).
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    connect(fake.client);
    await expect(early).resolves.toBe('session-1');
  });

  test('when the client can never be had, every call rejects with that cause, shaped as a CIF error', async () => {
    const cause = new BridgeError(BridgeErrorCode.INVALID_INPUT, 'msdyn_ciLibrary: no host origin found.');
    const cif = createCifFramework(() => Promise.reject(cause));
    for (const run of [() => cif.createSession({ templateName: 'chat' }), () => cif.getEnvironment('c-1')]) {
      const error = await rejection(run());
      expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
      expect(error.message).toContain('no host origin');
    }
    const error = await rejection(cif.getEnvironment('c-1'));
    expect(error.msdyn_name).toBe('getEnvironment');
  });
});

test.describe('createCifFramework: arguments, in CIF order', () => {
  test('createSession passes an object or a JSON string through, with the trailing correlationId', async () => {
    const { cif, calls } = setUp({ createSession: 'session-1' });
    const input = { templateName: 'chat', templateParameters: { customer: 'Contoso' }, customer: 'Contoso' };
    await expect(cif.createSession(input, 'corr-1')).resolves.toBe('session-1');
    await cif.createSession(JSON.stringify(input), 'corr-2');
    expect(calls).toEqual([
      { method: 'createSession', args: [input, 'corr-1'] },
      { method: 'createSession', args: [JSON.stringify(input), 'corr-2'] },
    ]);
  });

  test('makes up a uuid v4 correlationId when the widget gives none, or gives one that is unusable', async () => {
    const { cif, calls } = setUp();
    await cif.canCreateSession();
    await cif.canCreateSession(null);
    await cif.canCreateSession(42);
    for (const call of calls) expect(call.args[0]).toMatch(uuid);
  });

  test('typed methods get their CIF arguments in order, padded, then the correlationId', async () => {
    const { cif, calls } = setUp();
    await cif.notifyKpiBreach('s-1', true, 'SLA', 'c-1');
    await cif.getTabs('tab-template', 'tag', 'c-2');
    await cif.getTabs();
    await cif.setTabTitle('tab-1', { title: 'New' }, 'c-3');
    await cif.notifyEvent({ templateName: 'incoming' }, 'c-4', 'cancel-token');
    await cif.setMode(1, 'c-5');
    expect(calls[0]).toEqual({ method: 'notifyKpiBreach', args: ['s-1', true, 'SLA', 'c-1'] });
    expect(calls[1]).toEqual({ method: 'getTabs', args: ['tab-template', 'tag', 'c-2'] });
    expect(calls[2]!.args.slice(0, 2)).toEqual([undefined, undefined]);
    expect(calls[2]!.args[2]).toMatch(uuid);
    expect(calls[3]).toEqual({ method: 'setTabTitle', args: ['tab-1', { title: 'New' }, 'c-3'] });
    // CIF puts cancellationToken after the correlationId; on the wire it follows the input, so that
    // cancelEvent can find the notification.
    expect(calls[4]).toEqual({ method: 'notifyEvent', args: [{ templateName: 'incoming' }, 'cancel-token', 'c-4'] });
    expect(calls[5]).toEqual({ method: 'setMode', args: [1, 'c-5'] });
  });

  test("requestFocusSession and notifyNewActivity accept both CIF's library form and its docs' form", async () => {
    const { cif, calls } = setUp();
    await cif.requestFocusSession('s-1', 3, 'c-1');
    await cif.requestFocusSession('s-1', 'c-2');
    await cif.notifyNewActivity('s-1', 2, true, 'c-3');
    await cif.notifyNewActivity('s-1', 2, 'c-4');
    expect(calls.map((call) => call.args)).toEqual([
      ['s-1', 3, 'c-1'],
      ['s-1', undefined, 'c-2'],
      ['s-1', 2, true, 'c-3'],
      ['s-1', 2, undefined, 'c-4'],
    ]);
  });

  test('CRM methods go to callHandler with their arguments, the correlationId taken out', async () => {
    const { cif, calls } = setUp({ callHandler: '{}' });
    await cif.createRecord('phonecall', '{"subject":"Call"}', 'c-1');
    await cif.retrieveRecord('incident', 'id-1', '?$select=title');
    await cif.retrieveRecord('incident', 'id-1');
    await cif.searchAndOpenRecords('contact', '?$select=fullname', false, 'c-2', 0);
    await cif.setPresence('Available');
    await cif.insertNotes('a', 'b', 'c', 'note text');
    expect(calls[0]).toEqual({
      method: 'callHandler',
      args: ['createRecord', ['phonecall', '{"subject":"Call"}'], 'c-1'],
    });
    expect(calls[1]!.args.slice(0, 2)).toEqual(['retrieveRecord', ['incident', 'id-1', '?$select=title']]);
    // An optional argument the widget left out does not reach the host as a trailing undefined.
    expect(calls[2]!.args.slice(0, 2)).toEqual(['retrieveRecord', ['incident', 'id-1']]);
    // searchType comes after the correlationId in CIF's signature; it still reaches the host.
    expect(calls[3]).toEqual({
      method: 'callHandler',
      args: ['searchAndOpenRecords', ['contact', '?$select=fullname', false, 0], 'c-2'],
    });
    expect(calls[4]!.args.slice(0, 2)).toEqual(['setPresence', ['Available']]);
    // Not in CIF 2.0's reference: every argument passes through as given.
    expect(calls[5]!.args.slice(0, 2)).toEqual(['insertNotes', ['a', 'b', 'c', 'note text']]);
  });
});

test.describe("createCifFramework: CIF's result quirks", () => {
  test('getSession resolves to a Map that also carries the fields as own properties', async () => {
    const info = {
      sessionId: 's-1',
      focused: true,
      context: { customer: 'Contoso' },
      title: 'Chat',
      templateName: 'chat',
      conversationId: 'conv-1',
    };
    const { cif } = setUp({ getSession: info });
    const session = await cif.getSession('s-1');
    expect(session).toBeInstanceOf(Map);
    expect([...session.entries()]).toEqual(Object.entries(info));
    expect(session.get('context')).toEqual({ customer: 'Contoso' });
    expect(session.sessionId).toBe('s-1');
    expect(session.focused).toBe(true);
    expect(session.context).toEqual({ customer: 'Contoso' });
    expect(session.title).toBe('Chat');
    expect(session.templateName).toBe('chat');
    expect(Object.keys(session).sort()).toEqual(Object.keys(info).sort());
  });

  test('getSession copies only the documented fields, so the host cannot shadow a Map method', async () => {
    const { cif } = setUp({
      getSession: { sessionId: 's-1', focused: false, context: {}, title: '', templateName: 't', get: 'x' },
    });
    const session = await cif.getSession('s-1');
    expect(typeof session.get).toBe('function');
    expect(session.has('get')).toBe(false);
  });

  test('getEnvironment and notifyEvent resolve to JSON text', async () => {
    const environment = { appid: 'app-1', pagetype: 'dashboard', userId: '{u-1}' };
    const answer = { actionName: 'Accept', responseReason: '' };
    const { cif } = setUp({ getEnvironment: environment, notifyEvent: answer });
    const text = await cif.getEnvironment();
    expect(typeof text).toBe('string');
    expect(JSON.parse(text)).toEqual(environment);
    expect(JSON.parse(await cif.notifyEvent({ templateName: 'incoming' }))).toEqual(answer);
  });

  test('record methods resolve to JSON text, and text the host already gave is kept as is', async () => {
    const { cif } = setUp({
      callHandler: (method: string) => (method === 'createRecord' ? { id: 'r-1' } : '{"id":"r-2"}'),
    });
    expect(await cif.createRecord('incident', '{}')).toBe('{"id":"r-1"}');
    expect(await cif.retrieveRecord('incident', 'r-2')).toBe('{"id":"r-2"}');
    for (const method of ['updateRecord', 'deleteRecord', 'searchAndOpenRecords', 'openForm'] as const) {
      expect(typeof (await cif[method]('a', 'b', 'c')), method).toBe('string');
    }
  });

  test('other results come back as the host gave them', async () => {
    const { cif } = setUp({ getMode: 1, getAllSessions: ['s-1'], getFocusedSession: null, callHandler: true });
    expect(await cif.getMode()).toBe(1);
    expect(await cif.getAllSessions()).toEqual(['s-1']);
    expect(await cif.getFocusedSession()).toBeNull();
    expect(await cif.setPresence('Busy')).toBe(true);
  });
});

test.describe('createCifFramework: errors', () => {
  test('a rejection is an Error with message, msdyn_name, code and correlationId', async () => {
    const { cif } = setUp({
      getSession: (sessionId: string, correlationId: string) => {
        throw new BridgeError(
          BridgeErrorCode.SESSION_NOT_FOUND,
          `Session with ID:${sessionId} does not exist`,
          correlationId,
        );
      },
    });
    const error = await rejection(cif.getSession('nope', 'c-1'));
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('Session with ID:nope does not exist');
    expect(error.msdyn_name).toBe('getSession');
    expect(error.code).toBe(BridgeErrorCode.SESSION_NOT_FOUND);
    expect(error.correlationId).toBe('c-1');
  });

  test('an error without a correlationId gets the one the drop-in made up', async () => {
    const { cif, calls } = setUp({
      getMode: () => {
        throw new BridgeError(BridgeErrorCode.TIMEOUT, 'getMode got no answer within 10000 ms.');
      },
    });
    const error = await rejection(cif.getMode());
    expect(error.correlationId).toBe(calls[0]!.args[0]);
    expect(error.correlationId).toMatch(uuid);
  });

  test('anything else thrown becomes an INTERNAL CIF error', async () => {
    const { cif } = setUp({
      getWidth: () => {
        throw new TypeError('boom');
      },
    });
    const error = await rejection(cif.getWidth('c-1'));
    expect(error).toBeInstanceOf(BridgeError);
    expect(error.code).toBe(BridgeErrorCode.INTERNAL);
    expect(error.message).toBe('boom');
    expect(error.msdyn_name).toBe('getWidth');
    expect(error.correlationId).toBe('c-1');
  });

  test('each failed call gets an error of its own, with its own correlationId, in sequence and in parallel', async () => {
    // One error object fails every call: the client could not be had, so every call sees its rejection.
    const shared = new BridgeError(BridgeErrorCode.HANDSHAKE_TIMEOUT, 'No trusted host answered.');
    const cif = createCifFramework(() => Promise.reject(shared));
    const first = await rejection(cif.getMode('c-1'));
    const second = await rejection(cif.getWidth('c-2'));
    const parallel = await Promise.all([rejection(cif.getMode('c-3')), rejection(cif.createSession({}, 'c-4'))]);
    const errors = [first, second, ...parallel];
    expect(new Set(errors).size).toBe(4);
    expect(errors.map((error) => error.correlationId)).toEqual(['c-1', 'c-2', 'c-3', 'c-4']);
    expect(errors.map((error) => error.msdyn_name)).toEqual(['getMode', 'getWidth', 'getMode', 'createSession']);
    for (const error of errors) {
      expect(error).not.toBe(shared);
      expect(error.code).toBe(BridgeErrorCode.HANDSHAKE_TIMEOUT);
      expect(error.cause).toBe(shared);
    }
    // The shared error itself is unchanged.
    expect(shared.correlationId).toBeUndefined();
    expect('msdyn_name' in shared).toBe(false);

    // The same when the client answers several calls with one error object.
    const { cif: viaClient } = setUp({
      getMode: () => {
        throw shared;
      },
    });
    const [a, b] = await Promise.all([rejection(viaClient.getMode('c-5')), rejection(viaClient.getMode('c-6'))]);
    expect(a).not.toBe(b);
    expect([a.correlationId, b.correlationId]).toEqual(['c-5', 'c-6']);
    expect(shared.correlationId).toBeUndefined();
  });

  test("a CRM method the host doesn't provide rejects NOT_SUPPORTED", async () => {
    const { cif } = setUp({
      callHandler: (method: string, _args: unknown, correlationId: string) => {
        throw new BridgeError(BridgeErrorCode.NOT_SUPPORTED, `${method} is not provided by this host`, correlationId);
      },
    });
    const error = await rejection(cif.createRecord('incident', '{}', 'c-1'));
    expect(error.code).toBe(BridgeErrorCode.NOT_SUPPORTED);
    expect(error.message).toBe('createRecord is not provided by this host');
    expect(error.msdyn_name).toBe('createRecord');
  });

  test('cancelEvent, logAnalyticsEvent, updateContext and updateConversation go to the host in CIF order', async () => {
    const { cif, calls } = setUp();
    await cif.cancelEvent('token', 'c-1');
    await cif.logAnalyticsEvent({ events: [] }, 'CallHold', 'c-2');
    await cif.updateContext({ customerName: 'Contoso' }, 's-1', false, 'c-3');
    await cif.updateConversation('conv-1', '{}', 'c-4');
    expect(calls).toEqual([
      { method: 'cancelEvent', args: ['token', 'c-1'] },
      { method: 'logAnalyticsEvent', args: [{ events: [] }, 'CallHold', 'c-2'] },
      { method: 'updateContext', args: [{ customerName: 'Contoso' }, 's-1', false, 'c-3'] },
      { method: 'updateConversation', args: ['conv-1', '{}', 'c-4'] },
    ]);
  });

  test('a host that does not serve one of them rejects NOT_SUPPORTED with its correlationId', async () => {
    const notProvided =
      (method: string) =>
      (...args: unknown[]) => {
        throw new BridgeError(
          BridgeErrorCode.NOT_SUPPORTED,
          `${method} is not provided by this host`,
          args.at(-1) as string,
        );
      };
    const { cif } = setUp({ cancelEvent: notProvided('cancelEvent'), updateContext: notProvided('updateContext') });
    for (const [method, args, correlationId] of [
      ['cancelEvent', ['token', 'c-1'], 'c-1'],
      ['updateContext', [{ customerName: 'Contoso' }, 's-1', false, 'c-3'], 'c-3'],
    ] as const) {
      const error = await rejection((cif[method] as (...a: unknown[]) => Promise<unknown>)(...args));
      expect(error.code, method).toBe(BridgeErrorCode.NOT_SUPPORTED);
      expect(error.msdyn_name).toBe(method);
      expect(error.correlationId).toBe(correlationId);
    }
  });
});

test.describe('createCifFramework: the legacy callback form', () => {
  test('(input, successCallback, errorCallback): success calls the first callback', async () => {
    const { cif, calls } = setUp({ createSession: 'session-1' });
    const seen: unknown[] = [];
    const result = await cif.createSession(
      { templateName: 'chat' },
      (id: unknown) => {
        seen.push(id);
        return 'from callback';
      },
      () => seen.push('error callback'),
    );
    expect(seen).toEqual(['session-1']);
    // The promise is what promise.then(successCallback, errorCallback) returns.
    expect(result).toBe('from callback');
    expect(calls[0]!.args[0]).toEqual({ templateName: 'chat' });
    expect(calls[0]!.args[1]).toMatch(uuid);
  });

  test('failure calls the error callback with the CIF error, and the promise does not reject', async () => {
    const { cif } = setUp({
      getSession: () => {
        throw new BridgeError(BridgeErrorCode.SESSION_NOT_FOUND, 'Session with ID:x does not exist');
      },
    });
    const seen: CifError[] = [];
    await cif.getSession(
      'x',
      () => {},
      (error: unknown) => seen.push(error as CifError),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]!.msdyn_name).toBe('getSession');
    expect(seen[0]!.code).toBe(BridgeErrorCode.SESSION_NOT_FOUND);
  });

  test('callbacks after a correlationId, and a success callback alone, work too', async () => {
    const { cif, calls } = setUp({
      getWidth: 400,
      getMode: () => {
        throw new BridgeError(BridgeErrorCode.TIMEOUT, 'late');
      },
    });
    const widths: unknown[] = [];
    await cif.getWidth('c-1', (width: unknown) => widths.push(width));
    expect(widths).toEqual([400]);
    expect(calls[0]!.args).toEqual(['c-1']);
    // With no error callback, a failure still rejects the promise, so it is not lost.
    const error = await rejection(cif.getMode(() => {}));
    expect(error.code).toBe(BridgeErrorCode.TIMEOUT);
  });
});

test.describe('createCifFramework: events', () => {
  test('handlers get the event data as JSON text', async () => {
    const { cif, emit } = setUp();
    const seen: unknown[] = [];
    await cif.addHandler('onSessionSwitched', (data: string) => seen.push(data));
    emit('onSessionSwitched', { sessionId: 's-1', focused: true, context: {} });
    expect(seen).toEqual(['{"sessionId":"s-1","focused":true,"context":{}}']);
    expect(JSON.parse(seen[0] as string).focused).toBe(true);
  });

  test('any event name is accepted, and names are case-sensitive', async () => {
    const { cif, calls, emit } = setUp();
    const seen: string[] = [];
    await cif.addHandler('onPresenceChange', () => seen.push('presence'));
    await cif.addHandler('myCustomEvent', () => seen.push('custom'));
    await cif.addHandler('onsessionswitched', () => seen.push('lower-case'));
    expect(calls.map((call) => call.args[0])).toEqual(['onPresenceChange', 'myCustomEvent', 'onsessionswitched']);
    // A subscription waits for the host however late it comes, so no handler is silently lost.
    for (const call of calls) expect(call.args[2]).toEqual({ timeoutMs: Infinity });
    emit('onSessionSwitched', {});
    emit('onPresenceChange', { presenceInfo: { presenceText: 'Busy' } });
    emit('myCustomEvent', {});
    expect(seen).toEqual(['presence', 'custom']);
  });

  test('removeHandler removes exactly the wrapper that addHandler registered', async () => {
    const { cif, calls, emit, handlers } = setUp();
    const seen: unknown[] = [];
    const handler = (data: string): void => void seen.push(data);
    await cif.addHandler('onmodechanged', handler);
    // Adding the same function twice registers it once, as the client's handler set does.
    await cif.addHandler('onmodechanged', handler);
    expect(calls[0]!.args[1]).toBe(calls[1]!.args[1]);
    await cif.removeHandler('onmodechanged', handler);
    expect(calls[2]).toEqual({ method: 'removeHandler', args: ['onmodechanged', calls[0]!.args[1]] });
    expect(handlers.get('onmodechanged')?.size).toBe(0);
    emit('onmodechanged', { value: 0 });
    expect(seen).toEqual([]);
    // Removing a handler that was never added does nothing and does not fail.
    await cif.removeHandler('onmodechanged', () => {});
    expect(calls).toHaveLength(3);
  });

  test('addHandler without a name or a function is INVALID_INPUT', async () => {
    const { cif } = setUp();
    const noFunction = await rejection(cif.addHandler('onclicktoact', 'not a function'));
    expect(noFunction.code).toBe(BridgeErrorCode.INVALID_INPUT);
    expect(noFunction.msdyn_name).toBe('addHandler');
    const noName = await rejection(cif.addHandler(undefined, () => {}));
    expect(noName.code).toBe(BridgeErrorCode.INVALID_INPUT);
  });

  test("raiseEvent runs this widget's own handlers for the event, with JSON text", async () => {
    const { cif, connects } = setUp();
    const seen: unknown[] = [];
    await cif.addHandler('customEvent', (data: string) => seen.push(data));
    await cif.raiseEvent('customEvent', { a: 1 }, 'c-1');
    await cif.raiseEvent('otherEvent', { a: 2 });
    expect(seen).toEqual(['{"a":1}']);
    expect(connects()).toBe(1);
  });
});
