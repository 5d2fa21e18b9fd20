import { test, expect } from '@playwright/test';
import { PROTOCOL_VERSION, createOriginMatcher } from '@cif-bridge/protocol';
import { acceptHandshakes, type OpenConnection, type RefuseHello } from '../../src/acceptHandshakes.js';
import type { Provider } from '../../src/Provider.js';
import { FakeWindow, setGlobals } from '../../../../test/unit/fakeWindow.js';
import { receive } from '../../../../test/unit/ports.js';

/*
 * The host's side of the handshake, in node. acceptHandshakes listens on the global `window`, and
 * only a browser sets the `origin` and `source` of a message event, so the host page and the widget
 * frames are fakes (test/unit/fakeWindow.ts) and the tests deliver the hellos themselves. A Provider
 * needs a page (its iframe), so a stand-in gives the two methods acceptHandshakes calls: `isTrusted`
 * and `owns`.
 */

const WIDGET = 'https://widget.example.com';
const HELLO = { type: 'cif-bridge/hello', version: PROTOCOL_VERSION, clientId: 'client-1', documentId: 'document-1' };
const WELCOME = { type: 'cif-bridge/welcome', version: PROTOCOL_VERSION, clientId: 'client-1' };

/**
 * What acceptHandshakes reads of a provider: whom it trusts, which frames are its, and which one the
 * host created (`created`, when it made one).
 */
function provider(name: string, origins: string[], frames: FakeWindow[], created?: FakeWindow): Provider {
  const isTrusted = createOriginMatcher(origins);
  return {
    name,
    isTrusted,
    owns: (source: unknown) => frames.includes(source as FakeWindow),
    isCreatedFrame: (source: unknown) => created !== undefined && source === created,
  } as unknown as Provider;
}

/** One call of `open`. */
interface Opened {
  provider: Provider;
  clientId: string;
  documentId: string;
  source: Window;
  /** The widget's end it returned. */
  port: MessagePort;
  /** The host's end, kept by the test. */
  hostPort: MessagePort;
}

const cleanups: (() => void)[] = [];
test.afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/**
 * Installs the host page as `window` and starts listening; `answer` false makes `open` return null.
 * `refused` collects what the host is told of the hellos it refuses.
 */
function host(providers: Provider[], answer = true) {
  const refused: Parameters<RefuseHello>[0][] = [];
  const page = new FakeWindow();
  cleanups.push(setGlobals({ window: page }));
  const opened: Opened[] = [];
  const open: OpenConnection = (p, clientId, documentId, source) => {
    if (!answer) return null;
    const { port1, port2 } = new MessageChannel();
    cleanups.push(() => (port1.close(), port2.close()));
    opened.push({ provider: p, clientId, documentId, source, port: port2, hostPort: port1 });
    return port2;
  };
  const stop = acceptHandshakes(providers, open, (refusal) => refused.push(refusal));
  cleanups.push(stop);
  return { page, opened, stop, refused };
}

test.describe('acceptHandshakes (host side of the handshake)', () => {
  test("answers a hello from a trusted provider's frame: opens a channel and posts the welcome to it", () => {
    const frame = new FakeWindow();
    const softphone = provider('softphone', [WIDGET], [frame]);
    const { page, opened } = host([softphone]);
    page.dispatch({ data: HELLO, origin: WIDGET, source: frame, ports: [] });
    expect(opened).toHaveLength(1);
    const [connection] = opened;
    expect(connection!.provider).toBe(softphone);
    expect([connection!.clientId, connection!.documentId, connection!.source]).toEqual([
      'client-1',
      'document-1',
      frame,
    ]);
    expect(frame.posted).toEqual([{ message: WELCOME, targetOrigin: WIDGET, transfer: [connection!.port] }]);
  });

  test('drops without an answer a hello from an untrusted origin, from a frame that is not the provider, or a non-hello', () => {
    const frame = new FakeWindow();
    const stranger = new FakeWindow();
    const { page, opened } = host([provider('softphone', [WIDGET], [frame])]);
    page.dispatch({ data: HELLO, origin: 'https://evil.example.net', source: frame, ports: [] });
    page.dispatch({ data: HELLO, origin: WIDGET, source: stranger, ports: [] });
    page.dispatch({ data: HELLO, origin: WIDGET, source: null, ports: [] });
    page.dispatch({ data: { ...HELLO, version: PROTOCOL_VERSION + 1 }, origin: WIDGET, source: frame, ports: [] });
    page.dispatch({ data: { ...HELLO, clientId: '' }, origin: WIDGET, source: frame, ports: [] });
    page.dispatch({ data: WELCOME, origin: WIDGET, source: frame, ports: [] });
    expect(opened).toEqual([]);
    expect(frame.posted).toEqual([]);
    expect(stranger.posted).toEqual([]);
  });

  test('picks the provider that both trusts the origin and owns the frame', () => {
    const frame = new FakeWindow();
    const trustsOnly = provider('trusts only', [WIDGET], []);
    const ownsOnly = provider('owns only', ['https://other.example.com'], [frame]);
    const both = provider('both', [WIDGET], [frame]);
    const { page, opened } = host([trustsOnly, ownsOnly, both]);
    page.dispatch({ data: HELLO, origin: WIDGET, source: frame, ports: [] });
    expect(opened.map((connection) => connection.provider)).toEqual([both]);
  });

  test('posts no welcome when open declines the hello', () => {
    const frame = new FakeWindow();
    const { page } = host([provider('softphone', [WIDGET], [frame])], false);
    page.dispatch({ data: HELLO, origin: WIDGET, source: frame, ports: [] });
    expect(frame.posted).toEqual([]);
  });

  test("answers an opaque-origin widget on the hello's reply port, never on the window; with no reply port, not at all", async () => {
    const frame = new FakeWindow();
    const { page, opened } = host([provider('sandboxed', ['null'], [frame])]);
    page.dispatch({ data: HELLO, origin: 'null', source: frame, ports: [] });
    expect(opened).toEqual([]);

    const { port1, port2 } = new MessageChannel();
    cleanups.push(() => (port1.close(), port2.close()));
    const replies = receive(port1);
    page.dispatch({ data: HELLO, origin: 'null', source: frame, ports: [port2] });
    expect(opened).toHaveLength(1);
    const welcome = await replies.next();
    expect(welcome.data).toEqual(WELCOME);
    expect(welcome.ports).toHaveLength(1);
    expect(frame.posted).toEqual([]);
    // The port it carried is the one open made: its other end hears it.
    const inbox = receive(opened[0]!.hostPort);
    welcome.ports[0]!.postMessage('over the private port');
    expect((await inbox.next()).data).toBe('over the private port');
  });

  test('stops listening when the returned function is called', () => {
    const frame = new FakeWindow();
    const { page, opened, stop } = host([provider('softphone', [WIDGET], [frame])]);
    expect(page.listenerCount).toBe(1);
    stop();
    expect(page.listenerCount).toBe(0);
    page.dispatch({ data: HELLO, origin: WIDGET, source: frame, ports: [] });
    expect(opened).toEqual([]);
  });

  test('records each refused hello with a reason, and gives advice only for the frame the host created', () => {
    const created = new FakeWindow();
    const nested = new FakeWindow();
    nested.parent = created;
    const stranger = new FakeWindow();
    const softphone = provider('softphone', [WIDGET], [created, nested], created);
    const chat = provider('chat', ['https://chat.example.com'], []);
    const { page, opened, refused } = host([chat, softphone]);
    // The host's own frame for softphone, redirected to another origin: the page may fix that.
    page.dispatch({ data: HELLO, origin: 'https://login.example.org', source: created, ports: [] });
    // A frame inside it, on that other origin: it could be anything the widget framed.
    page.dispatch({ data: HELLO, origin: 'https://evil.example.net', source: nested, ports: [] });
    // A trusted origin from a window that is not a provider's frame, and an origin nobody trusts.
    page.dispatch({ data: HELLO, origin: WIDGET, source: stranger, ports: [] });
    page.dispatch({ data: HELLO, origin: 'https://evil.example.net', source: stranger, ports: [] });
    // Not a hello at all: not cif-bridge's business, not recorded.
    page.dispatch({ data: { hello: true }, origin: 'https://evil.example.net', source: stranger, ports: [] });
    expect(opened).toEqual([]);
    expect(refused).toEqual([
      {
        origin: 'https://login.example.org',
        provider: 'softphone',
        reason: expect.stringContaining('the frame the host created for provider "softphone"'),
        advice: expect.stringMatching(/really on https:\/\/login\.example\.org.*providers\[1\]\.origins/),
      },
      {
        origin: 'https://evil.example.net',
        reason: 'a hello from https://evil.example.net, which no provider trusts.',
      },
      {
        origin: WIDGET,
        reason: `a hello from ${WIDGET}, but not from inside the frame of a provider that trusts that origin.`,
      },
      {
        origin: 'https://evil.example.net',
        reason: 'a hello from https://evil.example.net, which no provider trusts.',
      },
    ]);
    expect([created, nested, stranger].map((w) => w.posted)).toEqual([[], [], []]);
  });
});
