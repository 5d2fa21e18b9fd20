import { test, expect } from '@playwright/test';
import { BridgeError, BridgeErrorCode, type ComlinkThrown } from '@cif-bridge/protocol';
import { PortEndpoint } from '../../src/PortEndpoint.js';
import { channelsClosedAfterEach, Queue, closed, receive, type Received } from '../../../../test/unit/ports.js';

/*
 * The widget's end of the private port, over node's own MessageChannel: the host's end is played by
 * the test. What comlink would receive is recorded through the listener comlink registers with
 * `addEventListener`, so each test sees exactly which replies (real or synthetic) reach comlink.
 */

/** A message that only marks a point in the stream: once it is handled, so is everything before it. */
const MARKER = { type: 'cif-bridge/event', name: 'marker', payload: null };

interface Setup {
  endpoint: PortEndpoint;
  /** The host's end of the channel. */
  hostPort: MessagePort;
  /** What arrives at the host. */
  host: Queue<Received>;
  /** The data of every message the endpoint hands to comlink. */
  toComlink: Queue<unknown>;
  events: Queue<[string, unknown]>;
  disconnects: Queue<string>;
  /** Sends an APPLY the way the client does (postMessage, then track) and returns its correlationId. */
  call(id: string, method: string, timeoutMs: number, signal?: AbortSignal): string;
}

const openChannel = channelsClosedAfterEach();

function setup(): Setup {
  const { port1, port2 } = openChannel();
  const events = new Queue<[string, unknown]>();
  const disconnects = new Queue<string>();
  const endpoint = new PortEndpoint(port1, {
    onEvent: (name, payload) => events.push([name, payload]),
    onDisconnect: (reason) => disconnects.push(reason),
  });
  const toComlink = new Queue<unknown>();
  endpoint.addEventListener('message', (event) => toComlink.push((event as MessageEvent).data));
  return {
    endpoint,
    hostPort: port2,
    host: receive(port2),
    toComlink,
    events,
    disconnects,
    call(id, method, timeoutMs, signal) {
      endpoint.postMessage({ id, type: 'APPLY', path: [method], argumentList: [] } as { id: string }, []);
      endpoint.track(id, method, `corr-${id}`, timeoutMs, signal);
      return `corr-${id}`;
    },
  };
}

/** The BridgeError inside a synthetic `throw` reply for request `id`. */
function errorOf(data: unknown, id: string): BridgeError {
  // The endpoint hands comlink the envelope its own `throw` handler reads, holding the error itself.
  expect(data).toMatchObject({ id, type: 'HANDLER', name: 'throw', value: { isError: false } });
  const { value } = (data as { value: ComlinkThrown }).value;
  expect(value).toBeInstanceOf(BridgeError);
  return value as BridgeError;
}

test.describe('PortEndpoint', () => {
  test("posts comlink's request on the port and remembers its id", async () => {
    const { endpoint, host } = setup();
    const request = { id: 'req-1', type: 'APPLY', path: ['ping'], argumentList: [] };
    endpoint.postMessage(request, []);
    expect(endpoint.lastId).toBe('req-1');
    expect((await host.next()).data).toEqual(request);
  });

  test('hands comlink the reply to a pending call once; a repeated or unknown reply is dropped', async () => {
    const { endpoint, hostPort, toComlink, events, call } = setup();
    call('1', 'getFocusedSession', Infinity);
    expect(endpoint.pendingCount).toBe(1);
    hostPort.postMessage({ id: '1', type: 'RAW', value: 'first' });
    hostPort.postMessage({ id: '1', type: 'RAW', value: 'second' });
    hostPort.postMessage({ id: 'never-sent', type: 'RAW', value: 'stray' });
    hostPort.postMessage(MARKER);
    await events.next();
    expect(toComlink.unread).toEqual([{ id: '1', type: 'RAW', value: 'first' }]);
    expect(endpoint.pendingCount).toBe(0);
  });

  test('drops what is not a reply, an event or a disconnect, even for a pending id', async () => {
    const { endpoint, hostPort, toComlink, events, disconnects, call } = setup();
    call('1', 'createSession', Infinity);
    // comlink would turn a `proxy` HANDLER reply into a live proxy; only `throw` may pass.
    hostPort.postMessage({ id: '1', type: 'HANDLER', name: 'proxy', value: {} });
    hostPort.postMessage({ id: '1', type: 'APPLY', path: ['x'], argumentList: [] });
    hostPort.postMessage({ type: 'RAW', value: 'no id' });
    hostPort.postMessage({ type: 'cif-bridge/event', payload: 'no name' });
    hostPort.postMessage({ type: 'cif-bridge/disconnect' });
    hostPort.postMessage('text');
    hostPort.postMessage(null);
    hostPort.postMessage(MARKER);
    expect(await events.next()).toEqual(['marker', null]);
    expect(toComlink.unread).toEqual([]);
    expect(disconnects.unread).toEqual([]);
    expect(endpoint.pendingCount).toBe(1);
  });

  test('passes events and disconnects from the host to its listener', async () => {
    const { hostPort, events, disconnects } = setup();
    hostPort.postMessage({ type: 'cif-bridge/event', name: 'onSessionSwitched', payload: { sessionId: 's1' } });
    hostPort.postMessage({ type: 'cif-bridge/disconnect', reason: 'host page closed' });
    expect(await events.next()).toEqual(['onSessionSwitched', { sessionId: 's1' }]);
    expect(await disconnects.next()).toBe('host page closed');
  });

  test('a call with no answer fails with TIMEOUT after its timeout, never before; a late reply is dropped', async () => {
    const { endpoint, hostPort, toComlink, events, call } = setup();
    const start = performance.now();
    const correlationId = call('1', 'createSession', 100);
    const error = errorOf(await toComlink.next(), '1');
    expect(performance.now() - start).toBeGreaterThanOrEqual(100);
    expect(error.code).toBe(BridgeErrorCode.TIMEOUT);
    expect(error.correlationId).toBe(correlationId);
    expect(error.message).toContain('createSession got no answer within 100 ms');
    expect(endpoint.pendingCount).toBe(0);

    hostPort.postMessage({ id: '1', type: 'RAW', value: 'late' });
    hostPort.postMessage(MARKER);
    await events.next();
    expect(toComlink.unread).toEqual([]);
  });

  test('calls time out in deadline order; one with no timeout or one past 2^31 ms stays pending', async () => {
    const { endpoint, toComlink, call } = setup();
    // setTimeout can't wait longer than 2^31 - 1 ms: node warns and fires after 1 ms instead.
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      call('far', 'getSession', 2 ** 31 + 1000);
      call('late', 'getSession', 60);
      call('early', 'getSession', 15);
      call('never', 'getSession', Infinity);
      expect(errorOf(await toComlink.next(), 'early').code).toBe(BridgeErrorCode.TIMEOUT);
      expect(errorOf(await toComlink.next(), 'late').code).toBe(BridgeErrorCode.TIMEOUT);
      expect(toComlink.unread).toEqual([]);
      expect(endpoint.pendingCount).toBe(2);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('an abort fails the call with ABORTED at once; an answered call ignores a later abort', async () => {
    const { endpoint, hostPort, toComlink, events, call } = setup();
    const aborted = new AbortController();
    const correlationId = call('1', 'createTab', Infinity, aborted.signal);
    aborted.abort();
    expect(toComlink.unread).toHaveLength(1);
    const error = errorOf(await toComlink.next(), '1');
    expect(error.code).toBe(BridgeErrorCode.ABORTED);
    expect(error.correlationId).toBe(correlationId);
    expect(error.message).toContain('createTab');
    expect(endpoint.pendingCount).toBe(0);

    const answered = new AbortController();
    call('2', 'createTab', Infinity, answered.signal);
    hostPort.postMessage({ id: '2', type: 'RAW', value: 'tab-1' });
    hostPort.postMessage(MARKER);
    await events.next();
    expect(await toComlink.next()).toEqual({ id: '2', type: 'RAW', value: 'tab-1' });
    answered.abort();
    expect(toComlink.unread).toEqual([]);
  });

  test('close fails every pending call with its own correlationId, tells the host and closes the port', async () => {
    const { endpoint, hostPort, host, toComlink, call } = setup();
    const hostClosed = closed(hostPort);
    call('1', 'createSession', 1000);
    call('2', 'getTabs', Infinity);
    // The two requests themselves.
    expect((await host.next()).data).toMatchObject({ id: '1', type: 'APPLY' });
    expect((await host.next()).data).toMatchObject({ id: '2', type: 'APPLY' });
    endpoint.close(new BridgeError(BridgeErrorCode.DISCONNECTED, 'The widget disconnected.'), true);
    const errors = toComlink.unread.map((data, i) => errorOf(data, String(i + 1)));
    expect(errors.map((e) => [e.code, e.message, e.correlationId])).toEqual([
      [BridgeErrorCode.DISCONNECTED, 'The widget disconnected.', 'corr-1'],
      [BridgeErrorCode.DISCONNECTED, 'The widget disconnected.', 'corr-2'],
    ]);
    expect(endpoint.pendingCount).toBe(0);
    expect((await host.next()).data).toEqual({ type: 'cif-bridge/disconnect', reason: 'The widget disconnected.' });
    await hostClosed;
  });

  test('close without telling the host sends nothing before the port closes', async () => {
    const { endpoint, hostPort, host, call } = setup();
    const hostClosed = closed(hostPort);
    call('1', 'createSession', Infinity);
    expect((await host.next()).data).toMatchObject({ id: '1', type: 'APPLY' });
    endpoint.close(new BridgeError(BridgeErrorCode.DISCONNECTED, 'The host said goodbye.'), false);
    await hostClosed;
    expect(host.unread).toEqual([]);
  });
});
