import { test, expect } from '@playwright/test';
import { BridgeErrorCode, fromErrorData } from '@cif-bridge/protocol';
import { Connection } from '../../src/Connection.js';
import type { Provider } from '../../src/Provider.js';
import { channelsClosedAfterEach, Queue, closed, receive, type Received } from '../../../../test/unit/ports.js';

/*
 * One widget client's connection, host side, over node's own MessageChannel; the test plays the
 * widget. Provider needs a page (its iframe), so a stand-in gives the two methods a connection calls.
 */

/** What a Connection reads of its provider: `flush` on subscribe, `unsubscribed` on unsubscribe. */
class FakeProvider {
  readonly flushed: string[] = [];
  readonly unsubscribedNames: string[] = [];
  flush(name: string): void {
    this.flushed.push(name);
  }
  unsubscribed(name: string): void {
    this.unsubscribedNames.push(name);
  }
}

interface Setup {
  connection: Connection;
  provider: FakeProvider;
  widget: MessagePort;
  /** What arrives at the widget. */
  inbox: Queue<Received>;
  /** Resolves when the channel is closed. */
  widgetClosed: Promise<void>;
  /** Every call of onClose. */
  closes: Queue<Connection>;
  /** The connection `serve` was called with. */
  served: Connection[];
}

const openChannel = channelsClosedAfterEach();

function setup(timed = false): Setup {
  const { port1, port2 } = openChannel();
  const provider = new FakeProvider();
  const closes = new Queue<Connection>();
  const served: Connection[] = [];
  const widgetClosed = closed(port2);
  const connection = new Connection(
    provider as unknown as Provider,
    'client-1',
    port1,
    (self) => {
      served.push(self);
      // What the method sees of the call's arrival, as the method table reads it.
      return { ping: () => ['pong', self.arrivedAt] };
    },
    closes.push,
    timed,
  );
  return { connection, provider, widget: port2, inbox: receive(port2), widgetClosed, closes, served };
}

test.describe('Connection', () => {
  test('serves its method table through the guarded endpoint: a table method answers, anything else is refused', async () => {
    const { connection, widget, inbox, served } = setup();
    expect(served).toEqual([connection]);
    widget.postMessage({ id: '1', type: 'APPLY', path: ['ping'], argumentList: [] });
    widget.postMessage({ id: '2', type: 'GET', path: ['ping'] });
    expect((await inbox.next()).data).toEqual({ id: '1', type: 'RAW', value: ['pong', 0] });
    const refused = (await inbox.next()).data as { id: string; value: unknown };
    expect(refused.id).toBe('2');
    expect(fromErrorData(refused.value).code).toBe(BridgeErrorCode.NOT_SUPPORTED);
  });

  test('a timed connection tells each call when it arrived; an untimed one keeps no time', async () => {
    const { widget, inbox } = setup(true);
    const sent = performance.now();
    widget.postMessage({ id: '1', type: 'APPLY', path: ['ping'], argumentList: [] });
    const reply = (await inbox.next()).data as { value: [string, number] };
    expect(reply.value[1]).toBeGreaterThanOrEqual(sent);
    expect(reply.value[1]).toBeLessThanOrEqual(performance.now());
  });

  test('subscribe and unsubscribe keep the event names and tell the provider', () => {
    const { connection, provider } = setup();
    connection.subscribe('onSessionSwitched');
    connection.subscribe('onSessionClosed');
    connection.unsubscribe('onSessionSwitched');
    expect([...connection.subscriptions]).toEqual(['onSessionClosed']);
    expect(provider.flushed).toEqual(['onSessionSwitched', 'onSessionClosed']);
    expect(provider.unsubscribedNames).toEqual(['onSessionSwitched']);
  });

  test('send posts an event on the port', async () => {
    const { connection, inbox } = setup();
    connection.send('onSessionSwitched', { sessionId: 's1' });
    expect((await inbox.next()).data).toEqual({
      type: 'cif-bridge/event',
      name: 'onSessionSwitched',
      payload: { sessionId: 's1' },
    });
  });

  test('close tells the widget, closes the port and calls onClose once; after it, nothing is sent', async () => {
    const { connection, inbox, widgetClosed, closes } = setup();
    connection.close('The provider was removed.', true);
    connection.close('again', true);
    connection.send('onSessionSwitched', {});
    await widgetClosed;
    expect(inbox.unread.map((message) => message.data)).toEqual([
      { type: 'cif-bridge/disconnect', reason: 'The provider was removed.' },
    ]);
    expect(closes.unread).toEqual([connection]);
  });

  test("the widget's disconnect closes the connection without an answer", async () => {
    const { connection, widget, inbox, widgetClosed, closes } = setup();
    widget.postMessage({ type: 'cif-bridge/disconnect', reason: 'widget unloaded' });
    expect(await closes.next()).toBe(connection);
    await widgetClosed;
    expect(inbox.unread).toEqual([]);
    connection.close('later', true);
    expect(closes.unread).toEqual([]);
  });
});
