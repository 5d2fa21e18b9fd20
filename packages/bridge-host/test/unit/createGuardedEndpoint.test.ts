import { test, expect } from '@playwright/test';
import { expose } from 'comlink';
import { BridgeErrorCode, fromErrorData } from '@cif-bridge/protocol';
import { createGuardedEndpoint } from '../../src/createGuardedEndpoint.js';
import { channelsClosedAfterEach, Queue, receive, type Received } from '../../../../test/unit/ports.js';

/*
 * The host's guarded endpoint, over node's own MessageChannel, with comlink's real `expose` behind
 * it: the test plays the widget and sends raw comlink requests, so it sees exactly what comes back.
 */

interface Setup {
  /** The widget's end of the channel. */
  widget: MessagePort;
  /** What arrives at the widget. */
  replies: Queue<Received>;
  /** The arguments of every call the method table received. */
  calls: Queue<unknown[]>;
  disconnects: Queue<string>;
  /** The arrival times the endpoint gave, and for each call, the last one given before it ran. */
  arrivals: { told: number[]; seenByCall: (number | undefined)[] };
  /** The exposed method table. */
  table: Record<string, unknown>;
}

const openChannel = channelsClosedAfterEach();

function setup(): Setup {
  const { port1, port2 } = openChannel();
  const calls = new Queue<unknown[]>();
  const disconnects = new Queue<string>();
  const arrivals: Setup['arrivals'] = { told: [], seenByCall: [] };
  const table: Record<string, unknown> = {
    createSession: (...args: unknown[]) => {
      arrivals.seenByCall.push(arrivals.told.at(-1));
      calls.push(args);
      return 'session-1';
    },
    secret: 'not on the method table',
  };
  expose(
    table,
    createGuardedEndpoint(
      port1,
      new Set(['createSession']),
      (reason) => disconnects.push(reason),
      (arrivedAt) => arrivals.told.push(arrivedAt),
    ),
  );
  return { widget: port2, replies: receive(port2), calls, disconnects, arrivals, table };
}

/** A comlink APPLY of `path` with plain arguments. */
const apply = (id: string, path: string[], ...args: unknown[]) => ({
  id,
  type: 'APPLY',
  path,
  argumentList: args.map((value) => ({ type: 'RAW', value })),
});

/** Expects `reply` to be the NOT_SUPPORTED error for request `id`. */
function expectRefused(reply: Received, id: string): void {
  expect(reply.data).toMatchObject({ id, type: 'HANDLER', name: 'throw' });
  const error = fromErrorData((reply.data as { value: unknown }).value);
  expect(error.code).toBe(BridgeErrorCode.NOT_SUPPORTED);
  expect(error.message).toContain('Only calls to CIF session API methods are allowed');
}

test.describe('createGuardedEndpoint', () => {
  test('passes an APPLY of a method-table name with plain arguments to comlink, which answers it', async () => {
    const { widget, replies, calls } = setup();
    widget.postMessage(apply('1', ['createSession'], { templateName: 't' }, 'corr-1'));
    expect(await calls.next()).toEqual([{ templateName: 't' }, 'corr-1']);
    expect((await replies.next()).data).toEqual({ id: '1', type: 'RAW', value: 'session-1' });
  });

  test("tells when each passed call arrived, on performance.now()'s clock, before the method runs", async () => {
    const { widget, replies, calls, arrivals } = setup();
    const sent = performance.now();
    widget.postMessage({ id: 'get', type: 'GET', path: ['secret'] });
    widget.postMessage(apply('1', ['createSession'], {}, 'corr-1'));
    await calls.next();
    await replies.next();
    // Only the call was told, and the method saw its time.
    expect(arrivals.told).toHaveLength(1);
    expect(arrivals.seenByCall).toEqual(arrivals.told);
    expect(arrivals.told[0]).toBeGreaterThanOrEqual(sent);
    expect(arrivals.told[0]).toBeLessThanOrEqual(performance.now());
  });

  test('answers GET, SET, CONSTRUCT, ENDPOINT and RELEASE with a coded error and never runs them', async () => {
    const { widget, replies, calls, table } = setup();
    const requests = [
      { id: 'get', type: 'GET', path: ['secret'] },
      { id: 'get-root', type: 'GET', path: [] },
      { id: 'set', type: 'SET', path: ['createSession'], value: { type: 'RAW', value: 'replaced' } },
      { id: 'construct', type: 'CONSTRUCT', path: ['createSession'], argumentList: [] },
      { id: 'endpoint', type: 'ENDPOINT' },
      { id: 'release', type: 'RELEASE' },
    ];
    for (const request of requests) widget.postMessage(request);
    for (const { id } of requests) expectRefused(await replies.next(), id);
    expect(calls.unread).toEqual([]);
    expect(typeof table.createSession).toBe('function');
  });

  test('answers an APPLY of any other name, or of a longer path, with a coded error', async () => {
    const { widget, replies, calls } = setup();
    const paths = [['secret'], ['toString'], ['constructor'], ['hasOwnProperty'], ['createSession', 'call'], []];
    paths.forEach((path, i) => widget.postMessage(apply(`p${i}`, path)));
    for (let i = 0; i < paths.length; i++) expectRefused(await replies.next(), `p${i}`);
    expect(calls.unread).toEqual([]);
  });

  test('answers every request on a __proto__ path with a coded error, and the prototype stays as it was', async () => {
    const { widget, replies, calls } = setup();
    const requests = [
      { id: 'get', type: 'GET', path: ['__proto__'] },
      { id: 'get-deep', type: 'GET', path: ['__proto__', 'constructor'] },
      { id: 'set', type: 'SET', path: ['__proto__', 'polluted'], value: { type: 'RAW', value: true } },
      apply('apply', ['__proto__']),
      apply('apply-deep', ['__proto__', 'constructor', 'constructor'], 'return 1'),
    ];
    for (const request of requests) widget.postMessage(request);
    for (const { id } of requests) expectRefused(await replies.next(), id);
    expect(calls.unread).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('answers an APPLY with a non-plain argument (a comlink proxy or transfer handler) with a coded error', async () => {
    const { widget, replies, calls } = setup();
    widget.postMessage({
      id: 'proxy',
      type: 'APPLY',
      path: ['createSession'],
      argumentList: [{ type: 'HANDLER', name: 'proxy', value: null }],
    });
    widget.postMessage({ id: 'bare', type: 'APPLY', path: ['createSession'], argumentList: ['not wrapped'] });
    expectRefused(await replies.next(), 'proxy');
    expectRefused(await replies.next(), 'bare');
    expect(calls.unread).toEqual([]);
  });

  test('drops a message that is not a request, tells the owner about a disconnect, and answers neither', async () => {
    const { widget, replies, disconnects } = setup();
    widget.postMessage({ type: 'GET', path: ['secret'] });
    widget.postMessage('text');
    widget.postMessage(null);
    widget.postMessage({ type: 'cif-bridge/disconnect', reason: 'widget unloaded' });
    // Replies keep the order of the requests: the first one to arrive answers this marker.
    widget.postMessage(apply('marker', ['createSession']));
    expect(await disconnects.next()).toBe('widget unloaded');
    expect((await replies.next()).data).toMatchObject({ id: 'marker', type: 'RAW' });
    expect(disconnects.unread).toEqual([]);
  });
});
