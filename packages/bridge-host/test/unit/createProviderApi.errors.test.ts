import { test, expect } from '@playwright/test';
import { BridgeError, BridgeErrorCode, type HostMethods } from '@cif-bridge/protocol';
import { createProviderApi, type HostHandler } from '../../src/createProviderApi.js';
import { NotificationCenter } from '../../src/NotificationCenter.js';
import type { Provider } from '../../src/Provider.js';
import { SessionStore } from '../../src/SessionStore.js';

/*
 * The method table never changes an error it did not create: a host page's handler may throw the
 * same BridgeError for many calls, and each call still gets its own correlationId and message.
 */

function setup(createRecord: HostHandler): Record<keyof HostMethods, (...args: unknown[]) => Promise<unknown>> {
  const store = new SessionStore({
    sessionTemplates: [{ name: 'chat', title: 'Chat', anchorTab: 'chatTab' }],
    tabTemplates: [{ name: 'chatTab', title: 'Chat', type: 'website', parameters: {} }],
    maxSessions: 2,
    maxTabsPerSession: 3,
    origin: 'https://desk.example.com',
  });
  // Only the fields the method table reads; a real Provider needs a DOM for its frame.
  const provider = { name: 'A', templates: undefined, clickToAct: false } as unknown as Provider;
  const api = createProviderApi(
    {
      store,
      notifications: new NotificationCenter(() => undefined),
      panel: { getPanel: () => ({ mode: 1, width: 340 }), setMode: () => undefined, setWidth: () => undefined },
      environment: {},
      handlers: { createRecord },
      trace: () => undefined,
      activeCalls: { count: 0 },
      replyFirst: (call) => call(),
    },
    { provider, subscriptions: new Set(), subscribe: () => undefined, unsubscribe: () => undefined },
  );
  return api as unknown as Record<keyof HostMethods, (...args: unknown[]) => Promise<unknown>>;
}

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
  const api = setup(() => Promise.reject(shared));
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
  const api = setup(() => {
    throw own;
  });
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
