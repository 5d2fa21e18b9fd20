import { test, expect } from '@playwright/test';
import {
  BridgeError,
  BridgeErrorCode,
  HANDSHAKE_RETRY_FIRST_MS,
  HANDSHAKE_RETRY_MAX_MS,
  PROTOCOL_VERSION,
  createOriginMatcher,
} from '@cif-bridge/protocol';
import { shakeHands, type Handshake } from '../../src/shakeHands.js';
import { FakeClock, FakeWindow, setGlobals } from '../../../../test/unit/fakeWindow.js';
import { receive } from '../../../../test/unit/ports.js';

/*
 * The widget's side of the handshake, in node. shakeHands reads the browser's globals (`window`,
 * `window.parent`, `document.referrer`, `location.ancestorOrigins`, `origin`), and only a browser
 * sets the `origin` and `source` of a message event, so each test installs small fakes of exactly
 * those (test/unit/fakeWindow.ts) and delivers the host's messages itself. Retries and timeouts that
 * take seconds run on a fake clock, stepped synchronously, so no test sleeps.
 */

const HOST = 'https://host.example.com';
const WIDGET = 'https://widget.example.com';
const CLIENT_ID = 'client-1';
const DOCUMENT_ID = 'document-1';
const HELLO = { type: 'cif-bridge/hello', version: PROTOCOL_VERSION, clientId: CLIENT_ID, documentId: DOCUMENT_ID };
const WELCOME = { type: 'cif-bridge/welcome', version: PROTOCOL_VERSION, clientId: CLIENT_ID };

interface Page {
  /** The widget's window (the global `window`). */
  widget: FakeWindow;
  /** Its parent, the host page. */
  parent: FakeWindow;
}

interface PageOptions {
  /** `location.ancestorOrigins`; left out, as in Firefox. */
  ancestorOrigins?: string[];
  referrer?: string;
  /** The widget's own origin; 'null' for a sandboxed frame. */
  origin?: string;
}

const cleanups: (() => void)[] = [];
test.afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** Installs a widget page in a frame of the host page; undone after the test. */
function page({ ancestorOrigins, referrer = '', origin = WIDGET }: PageOptions = {}): Page {
  const widget = new FakeWindow();
  const parent = new FakeWindow();
  widget.parent = parent;
  cleanups.push(
    setGlobals({
      window: widget,
      document: { referrer },
      location: { origin: WIDGET, ancestorOrigins },
      origin,
    }),
  );
  return { widget, parent };
}

/** A new channel whose ports are closed after the test. */
function channel(): MessageChannel {
  const created = new MessageChannel();
  cleanups.push(() => {
    created.port1.close();
    created.port2.close();
  });
  return created;
}

/** Starts a handshake trusting `hostOrigins`; it is cancelled after the test if it still runs. */
function start(hostOrigins: string[], timeoutMs = Infinity): Handshake {
  const handshake = shakeHands({
    hostOrigins,
    isTrusted: createOriginMatcher(hostOrigins),
    clientId: CLIENT_ID,
    documentId: DOCUMENT_ID,
    timeoutMs,
  });
  // Keep an early rejection from counting as unhandled; the tests await `port` themselves.
  handshake.port.catch(() => {});
  cleanups.push(() => handshake.cancel(new BridgeError(BridgeErrorCode.DISCONNECTED, 'test over')));
  return handshake;
}

/** Runs `run` with the fake clock as setTimeout/clearTimeout. */
function onClock<T>(clock: FakeClock, run: () => T): T {
  const uninstall = clock.install();
  try {
    return run();
  } finally {
    uninstall();
  }
}

/** The BridgeError `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<BridgeError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof BridgeError)) throw new Error(`expected a BridgeError, got ${String(error)}`);
  return error;
}

test.describe('shakeHands (widget side of the handshake)', () => {
  test('says hello to the parent once per exact host origin, with that origin as the target', () => {
    const { parent } = page();
    start([HOST, 'https://other.example.net:8443', 'https://*.example.org']);
    expect(parent.posted).toEqual([
      { message: HELLO, targetOrigin: HOST, transfer: [] },
      { message: HELLO, targetOrigin: 'https://other.example.net:8443', transfer: [] },
    ]);
  });

  test("a wildcard entry targets the parent's real origin, from ancestorOrigins or the referrer, when it matches", () => {
    const { parent } = page({
      ancestorOrigins: ['https://agent.example.com'],
      referrer: 'https://desk.example.com/console?x=1',
    });
    start(['https://*.example.com']);
    expect(parent.posted.map((post) => post.targetOrigin)).toEqual([
      'https://agent.example.com',
      'https://desk.example.com',
    ]);
  });

  test('with no origin it may post to, it rejects with ORIGIN_REJECTED and says nothing', async () => {
    const { widget, parent } = page({ referrer: 'https://evil.example.net/' });
    const handshake = start(['https://*.example.com']);
    const error = await rejection(handshake.port);
    expect(error.code).toBe(BridgeErrorCode.ORIGIN_REJECTED);
    expect(error.message).toContain('https://*.example.com');
    expect(parent.posted).toEqual([]);
    expect(widget.listenerCount).toBe(0);
  });

  test('in the top window it rejects with HANDSHAKE_TIMEOUT at once and says nothing', async () => {
    const { widget } = page();
    widget.parent = widget;
    const error = await rejection(start([HOST]).port);
    expect(error.code).toBe(BridgeErrorCode.HANDSHAKE_TIMEOUT);
    expect(error.message).toContain('top window');
    expect(widget.posted).toEqual([]);
    expect(widget.listenerCount).toBe(0);
  });

  test('takes only a welcome from window.parent, from a trusted origin, for its clientId, with exactly one port', async () => {
    const { widget, parent } = page();
    const clock = new FakeClock();
    const handshake = onClock(clock, () => start([HOST]));
    const good = channel().port1;
    const refused = [
      { data: WELCOME, origin: 'https://evil.example.net', source: parent, ports: [channel().port1] },
      { data: WELCOME, origin: HOST, source: new FakeWindow(), ports: [channel().port1] },
      { data: { ...WELCOME, clientId: 'client-2' }, origin: HOST, source: parent, ports: [channel().port1] },
      { data: { ...WELCOME, version: PROTOCOL_VERSION + 1 }, origin: HOST, source: parent, ports: [channel().port1] },
      { data: WELCOME, origin: HOST, source: parent, ports: [] },
      { data: WELCOME, origin: HOST, source: parent, ports: [channel().port1, channel().port1] },
    ];
    onClock(clock, () => {
      for (const event of refused) widget.dispatch(event);
      expect(widget.listenerCount).toBe(1);
      widget.dispatch({ data: WELCOME, origin: HOST, source: parent, ports: [good] });
      // Done: no listener, no timer, and no hello however long it waits.
      expect(widget.listenerCount).toBe(0);
      expect(clock.pendingCount).toBe(0);
      const hellos = parent.posted.length;
      clock.advance(60_000);
      expect(parent.posted).toHaveLength(hellos);
    });
    expect(await handshake.port).toBe(good);
  });

  test('says hello again at once on host-ready from the trusted parent, and only then', () => {
    const { widget, parent } = page();
    const clock = new FakeClock();
    onClock(clock, () => {
      start([HOST]);
      const ready = { type: 'cif-bridge/host-ready', version: PROTOCOL_VERSION };
      widget.dispatch({ data: ready, origin: 'https://evil.example.net', source: parent, ports: [] });
      widget.dispatch({ data: ready, origin: HOST, source: new FakeWindow(), ports: [] });
      expect(parent.posted).toHaveLength(1);
      widget.dispatch({ data: ready, origin: HOST, source: parent, ports: [] });
      expect(parent.posted.map((post) => post.message)).toEqual([HELLO, HELLO]);
    });
  });

  test('retries hello with a delay that doubles from HANDSHAKE_RETRY_FIRST_MS up to HANDSHAKE_RETRY_MAX_MS', () => {
    const { parent } = page();
    const clock = new FakeClock();
    const times: number[] = [];
    parent.postMessage = () => void times.push(clock.now);
    onClock(clock, () => {
      start([HOST]);
      clock.advance(10_000);
    });
    const expected = [0];
    for (let delay = HANDSHAKE_RETRY_FIRST_MS; expected.at(-1)! + delay <= 10_000;) {
      expected.push(expected.at(-1)! + delay);
      delay = Math.min(delay * 2, HANDSHAKE_RETRY_MAX_MS);
    }
    expect(times).toEqual(expected);
    // With the shipped constants: 25, 50, 100, … ms apart, then every second.
    expect(times.slice(0, 8)).toEqual([0, 25, 75, 175, 375, 775, 1575, 2575]);
  });

  test('without a welcome it rejects with HANDSHAKE_TIMEOUT after timeoutMs and stops saying hello', async () => {
    const { widget, parent } = page();
    const clock = new FakeClock();
    const handshake = onClock(clock, () => {
      const started = start([HOST], 3000);
      clock.advance(2999);
      expect(widget.listenerCount).toBe(1);
      clock.advance(1);
      expect(widget.listenerCount).toBe(0);
      expect(clock.pendingCount).toBe(0);
      return started;
    });
    const error = await rejection(handshake.port);
    expect(error.code).toBe(BridgeErrorCode.HANDSHAKE_TIMEOUT);
    expect(error.message).toContain('within 3000 ms');
    expect(error.message).toContain(WIDGET);
    const hellos = parent.posted.length;
    onClock(clock, () => clock.advance(60_000));
    expect(parent.posted).toHaveLength(hellos);
  });

  test('times out on real timers too, after a short timeoutMs', async () => {
    page();
    const error = await rejection(start([HOST], 30).port);
    expect(error.code).toBe(BridgeErrorCode.HANDSHAKE_TIMEOUT);
  });

  test('cancel rejects with its reason and stops; after the handshake ends, cancel does nothing', async () => {
    const { widget, parent } = page();
    const clock = new FakeClock();
    const reason = new BridgeError(BridgeErrorCode.ABORTED, 'The widget stopped connecting.');
    const cancelled = onClock(clock, () => {
      const handshake = start([HOST]);
      handshake.cancel(reason);
      expect(widget.listenerCount).toBe(0);
      expect(clock.pendingCount).toBe(0);
      return handshake;
    });
    expect(await rejection(cancelled.port)).toBe(reason);

    const port = channel().port1;
    const welcomed = onClock(clock, () => {
      const handshake = start([HOST]);
      widget.dispatch({ data: WELCOME, origin: HOST, source: parent, ports: [port] });
      handshake.cancel(reason);
      return handshake;
    });
    expect(await welcomed.port).toBe(port);
  });

  test('from an opaque origin each hello carries a reply port, and the welcome comes back on it', async () => {
    const { parent } = page({ origin: 'null' });
    const handshake = start([HOST]);
    const [hello] = parent.posted;
    expect(hello?.message).toEqual(HELLO);
    expect(hello?.targetOrigin).toBe(HOST);
    expect(hello?.transfer).toHaveLength(1);
    const reply = hello!.transfer[0] as MessagePort;
    const { port1, port2 } = channel();
    reply.postMessage(WELCOME, [port1]);
    const port = await handshake.port;
    // The port it resolved with is the other end of port2.
    const inbox = receive(port2);
    port.postMessage('over the private port');
    expect((await inbox.next()).data).toBe('over the private port');
    port.close();
  });
});
