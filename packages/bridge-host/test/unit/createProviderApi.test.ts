import { test, expect } from '@playwright/test';
import { BridgeError, BridgeErrorCode, type HostMethods } from '@cif-bridge/protocol';
import { createProviderApi, type CallTrace, type HostHandler } from '../../src/createProviderApi.js';
import { NotificationCenter } from '../../src/NotificationCenter.js';
import type { Provider } from '../../src/Provider.js';
import { SessionStore } from '../../src/SessionStore.js';
import { thrown } from '../../../../test/unit/thrown.js';

/*
 * The method table a connection serves, without a port: the wrapper around the model puts the
 * method's name in front of input errors, stamps the correlationId on every error, and traces calls.
 */

function setup(handlers: Partial<Record<'createRecord' | 'deleteRecord', HostHandler>> = {}): {
  api: Record<keyof HostMethods, (...args: unknown[]) => unknown>;
  traces: CallTrace[];
} {
  const store = new SessionStore({
    sessionTemplates: [{ name: 'chat', title: 'Chat', anchorTab: 'chatTab' }],
    tabTemplates: [{ name: 'chatTab', title: 'Chat', type: 'website', parameters: {} }],
    maxSessions: 2,
    maxTabsPerSession: 3,
    origin: 'https://desk.example.com',
  });
  const traces: CallTrace[] = [];
  // Only the fields the method table reads; a real Provider needs a DOM for its frame.
  const provider = { name: 'A', templates: undefined, clickToAct: false } as unknown as Provider;
  const api = createProviderApi(
    {
      store,
      notifications: new NotificationCenter(() => undefined),
      panel: { getPanel: () => ({ mode: 1, width: 340 }), setMode: () => undefined, setWidth: () => undefined },
      environment: {},
      handlers,
      trace: () => (trace) => traces.push(trace),
      activeCalls: { count: 0 },
    },
    { provider, subscribe: () => undefined, unsubscribe: () => undefined },
  );
  return { api: api as unknown as Record<keyof HostMethods, (...args: unknown[]) => unknown>, traces };
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
  expect(traces.map((t) => [t.method, t.correlationId, t.outcome])).toEqual([
    ['createTab', 'corr-1', 'INVALID_INPUT'],
    ['getSession', 'corr-2', 'INVALID_INPUT'],
    ['createSession', 'corr-3', 'INVALID_INPUT'],
    ['setClickToAct', 'corr-4', 'INVALID_INPUT'],
  ]);
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
