import { test, expect } from '@playwright/test';
import { BridgeError, BridgeErrorCode, HOST_HANDLER_NAMES, HOST_METHOD_NAMES } from '@cif-bridge/protocol';
import { BridgeClient } from '../../src/BridgeClient.js';
import type { CallOptions } from '../../src/BridgeConnection.js';
import { CIF_METHODS, callCif, isHandlerMethod, type CifMethodName, type sendCif } from '../../src/cifMethods.js';

/** One call that reached the connection's `call`: the wire method, its CIF arguments, the id, the options. */
interface WireCall {
  method: string;
  args: unknown[];
  correlationId: string | undefined;
  options: CallOptions | undefined;
}

/** A stand-in for the connection: records each call and answers with `answer` (or throws it). */
function fakeConnection(answer: (call: WireCall) => unknown = () => 'ok') {
  const calls: WireCall[] = [];
  const connection = {
    call: (method: string, args: unknown[], correlationId?: string, options?: CallOptions) => {
      const wireCall = { method, args, correlationId, options };
      calls.push(wireCall);
      try {
        return Promise.resolve(answer(wireCall));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
  } as Parameters<typeof sendCif>[0];
  return { connection, calls };
}

const methods = Object.keys(CIF_METHODS) as CifMethodName[];

test.describe('the CIF method table', () => {
  test('a row is a host handler exactly when the protocol lists its name as one', () => {
    const handlerNames: readonly string[] = HOST_HANDLER_NAMES;
    for (const method of methods) expect(isHandlerMethod(method), method).toBe(handlerNames.includes(method));
    // And every host handler has a row, so neither face misses one.
    for (const name of HOST_HANDLER_NAMES) expect(methods, name).toContain(name);
  });

  test('every other row is a method of the wire, under the same name', () => {
    const wire: readonly string[] = HOST_METHOD_NAMES;
    for (const method of methods.filter((name) => !isHandlerMethod(name))) expect(wire, method).toContain(method);
  });
});

test.describe('callCif: the typed call path', () => {
  test('the CIF arguments, padded to their count, then the correlationId and the options', async () => {
    const { connection, calls } = fakeConnection();
    const signal = new AbortController().signal;
    await callCif(connection, 'notifyKpiBreach', ['s-1', true, 'SLA', 'c-1', { signal }]);
    await callCif(connection, 'getTabs', []);
    await callCif(connection, 'setTabTitle', ['tab-1', { title: 'New' }]);
    expect(calls).toEqual([
      { method: 'notifyKpiBreach', args: ['s-1', true, 'SLA'], correlationId: 'c-1', options: { signal } },
      { method: 'getTabs', args: [undefined, undefined], correlationId: undefined, options: undefined },
      { method: 'setTabTitle', args: ['tab-1', { title: 'New' }], correlationId: undefined, options: undefined },
    ]);
  });

  test('extra arguments past the options are not sent', async () => {
    const { connection, calls } = fakeConnection();
    await callCif(connection, 'focusTab', ['tab-1', 'c-1', { timeoutMs: 5 }, 'extra']);
    expect(calls).toEqual([{ method: 'focusTab', args: ['tab-1'], correlationId: 'c-1', options: { timeoutMs: 5 } }]);
  });

  test("notifyEvent takes CIF's order (input, correlationId, cancellationToken) and has no call timeout", async () => {
    const { connection, calls } = fakeConnection();
    await callCif(connection, 'notifyEvent', [{ templateName: 'incoming' }, 'c-1', 'token-1']);
    await callCif(connection, 'notifyEvent', [{ templateName: 'incoming' }, undefined, undefined, { timeoutMs: 50 }]);
    expect(calls).toEqual([
      {
        method: 'notifyEvent',
        args: [{ templateName: 'incoming' }, 'token-1'],
        correlationId: 'c-1',
        options: { timeoutMs: Infinity },
      },
      // A timeout the caller sets wins.
      {
        method: 'notifyEvent',
        args: [{ templateName: 'incoming' }, undefined],
        correlationId: undefined,
        options: { timeoutMs: 50 },
      },
    ]);
  });

  test('host handlers go through callHandler, trailing omitted arguments dropped; openForm has no timeout', async () => {
    const { connection, calls } = fakeConnection();
    await callCif(connection, 'retrieveRecord', ['incident', 'id-1']);
    await callCif(connection, 'searchAndOpenRecords', ['contact', '?$select=fullname', false, 'c-2', 1]);
    await callCif(connection, 'openForm', [{ entityName: 'contact' }, undefined, 'c-3']);
    await callCif(connection, 'setPresence', ['Busy', 'c-4', { timeoutMs: 100 }]);
    expect(calls).toEqual([
      {
        method: 'callHandler',
        args: ['retrieveRecord', ['incident', 'id-1']],
        correlationId: undefined,
        options: undefined,
      },
      // searchType follows the correlationId in CIF's order; it still reaches the host.
      {
        method: 'callHandler',
        args: ['searchAndOpenRecords', ['contact', '?$select=fullname', false, 1]],
        correlationId: 'c-2',
        options: undefined,
      },
      {
        method: 'callHandler',
        args: ['openForm', [{ entityName: 'contact' }]],
        correlationId: 'c-3',
        options: { timeoutMs: Infinity },
      },
      { method: 'callHandler', args: ['setPresence', ['Busy']], correlationId: 'c-4', options: { timeoutMs: 100 } },
    ]);
  });

  test('a list method sends its list as the arguments', async () => {
    const { connection, calls } = fakeConnection();
    await callCif(connection, 'insertNotes', [['a', 'b', 'note'], 'c-1']);
    await callCif(connection, 'refreshForm', []);
    expect(calls.map(({ args, correlationId }) => [args, correlationId])).toEqual([
      [['insertNotes', ['a', 'b', 'note']], 'c-1'],
      [['refreshForm', []], undefined],
    ]);
  });

  test('resolves with the answer and rejects with the error of the call, as they are', async () => {
    const refused = new BridgeError(BridgeErrorCode.SESSION_NOT_FOUND, 'no such session', 'c-1');
    const { connection } = fakeConnection((call) => {
      if (call.method === 'getSession') throw refused;
      return ['s-1'];
    });
    expect(await callCif(connection, 'getAllSessions', [])).toEqual(['s-1']);
    await expect(callCif(connection, 'getSession', ['s-9', 'c-1'])).rejects.toBe(refused);
  });
});

test.describe('BridgeClient: a method per row', () => {
  /** A client that never connects, with `call` replaced by the fake's. */
  function client() {
    const instance = new BridgeClient({
      hostOrigins: ['https://agent.example.com'],
      isTrusted: () => true,
      timeoutMs: 1000,
      handshakeTimeoutMs: 1000,
    });
    const fake = fakeConnection();
    instance.call = fake.connection.call as typeof instance.call;
    return { instance, calls: fake.calls };
  }

  test('has every method of the table, each going through the one call path', async () => {
    const { instance, calls } = client();
    for (const method of methods) {
      expect(typeof instance[method], method).toBe('function');
      await (instance[method] as (...args: unknown[]) => Promise<unknown>)('a', 'b', 'c', 'd', 'e');
    }
    // One call per method, each to its wire method or to callHandler with its name.
    expect(calls.map((call) => (call.method === 'callHandler' ? call.args[0] : call.method))).toEqual(methods);
  });

  test('setMode sends the mode and the correlationId', async () => {
    const { instance, calls } = client();
    await instance.setMode(2, 'c-1');
    expect(calls).toEqual([{ method: 'setMode', args: [2], correlationId: 'c-1', options: undefined }]);
  });

  test('addHandler takes custom names, and refuses a CIF name in the wrong case', async () => {
    const { instance, calls } = client();
    await instance.addHandler('contoso.onQueueChanged', () => undefined);
    await instance.addHandler('onSessionSwitched', () => undefined);
    expect(calls.map((call) => call.args)).toEqual([['contoso.onQueueChanged'], ['onSessionSwitched']]);
    const error = await instance.addHandler('onsessionswitched' as never, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe(BridgeErrorCode.INVALID_INPUT);
    expect((error as BridgeError).message).toContain('onSessionSwitched');
    const empty = await instance.addHandler('' as never, () => undefined).catch((e: unknown) => e);
    expect((empty as BridgeError).code).toBe(BridgeErrorCode.INVALID_INPUT);
    expect(calls).toHaveLength(2);
  });

  test('a handler whose subscription the host refuses is not kept', async () => {
    const { instance, calls } = client();
    const refused = new BridgeError(BridgeErrorCode.INVALID_INPUT, 'too many custom event names');
    instance.call = ((method: string, args: unknown[]) => {
      calls.push({ method, args, correlationId: undefined, options: undefined });
      return calls.length === 1 ? Promise.reject(refused) : Promise.resolve();
    }) as typeof instance.call;
    await expect(instance.addHandler('custom.one', () => undefined)).rejects.toBe(refused);
    // Had the handler been kept, this would add a second handler and not subscribe again.
    await instance.addHandler('custom.one', () => undefined);
    expect(calls.map((call) => call.method)).toEqual(['subscribe', 'subscribe']);
  });
});
