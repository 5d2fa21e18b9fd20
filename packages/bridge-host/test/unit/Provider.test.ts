import { test, expect } from '@playwright/test';
import { MAX_QUEUED_EVENTS } from '@cif-bridge/protocol';
import type { Provider as ProviderClass, ProviderConnectionLike } from '../../src/Provider.js';

/*
 * The event queue of one provider: events raised while the widget is away, or before a reloaded widget adds its handler again, are kept (at most
 * MAX_QUEUED_EVENTS, oldest dropped with a warning) and delivered in order once a handler is added.
 */

// Provider runs in a browser; these stand-ins are all it touches when it is handed its frame.
class FakeFrame {
  contentWindow = null;
}
Object.assign(globalThis, { location: { href: 'https://host.example.com/' }, HTMLIFrameElement: FakeFrame });
const { Provider } = (await import('../../src/Provider.js')) as { Provider: typeof ProviderClass };

function provider(onEvent?: (name: string, delivered: boolean) => void): ProviderClass {
  return new Provider(
    {
      name: 'p',
      url: 'https://widget.example.com/',
      frame: new FakeFrame() as unknown as HTMLIFrameElement,
    },
    onEvent,
  );
}

class FakeConnection implements ProviderConnectionLike {
  readonly subscriptions = new Set<string>();
  readonly received: [string, unknown][] = [];
  send(name: string, payload: unknown): void {
    this.received.push([name, payload]);
  }
  close(): void {}
}

function connect(p: ProviderClass, ...names: string[]): FakeConnection {
  const connection = new FakeConnection();
  p.connections.add(connection);
  for (const name of names) {
    connection.subscriptions.add(name);
    p.flush(name, connection);
  }
  return connection;
}

function captureWarnings(run: () => void): string[] {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  try {
    run();
  } finally {
    console.warn = original;
  }
  return warnings;
}

test.describe('Provider event queue', () => {
  test('keeps the newest 100 events while away, warns for each one dropped, and delivers them in order', () => {
    const p = provider();
    const warnings = captureWarnings(() => {
      for (let i = 1; i <= 150; i++) p.emit('onsizechanged', { value: i });
    });
    expect(p.queuedCount).toBe(MAX_QUEUED_EVENTS);
    expect(warnings).toHaveLength(50);
    expect(warnings[0]).toMatch(/provider "p" is away; dropped its oldest queued event onsizechanged/);
    const connection = connect(p, 'onsizechanged');
    expect(connection.received.map(([, payload]) => (payload as { value: number }).value)).toEqual(
      Array.from({ length: 100 }, (_, i) => 51 + i),
    );
    expect(p.queuedCount).toBe(0);
  });

  test('a flush delivers one name and keeps the others, in order', () => {
    const p = provider();
    p.emit('a', 1);
    p.emit('b', 2);
    p.emit('a', 3);
    const connection = connect(p, 'a');
    expect(connection.received).toEqual([
      ['a', 1],
      ['a', 3],
    ]);
    expect(p.queuedCount).toBe(1);
    connection.subscriptions.add('b');
    p.flush('b', connection);
    expect(connection.received.at(-1)).toEqual(['b', 2]);
  });

  test('a reloaded widget that has not added its handler again still gets what was raised meanwhile', () => {
    const p = provider();
    const old = connect(p, 'onSessionSwitched');
    p.emit('onSessionSwitched', 1);
    p.connections.delete(old); // the old document said goodbye
    p.emit('onSessionSwitched', 2);
    const fresh = connect(p); // connected, no handler yet
    p.emit('onSessionSwitched', 3);
    expect(fresh.received).toEqual([]);
    fresh.subscriptions.add('onSessionSwitched');
    p.flush('onSessionSwitched', fresh);
    p.emit('onSessionSwitched', 4);
    expect(old.received).toEqual([['onSessionSwitched', 1]]);
    expect(fresh.received.map(([, n]) => n)).toEqual([2, 3, 4]);
  });

  test('a connected widget that never handled an event, or removed its handler, does not get it queued', () => {
    const p = provider();
    const connection = connect(p, 'onmodechanged');
    p.emit('onsizechanged', 1);
    expect(p.queuedCount).toBe(0);
    connection.subscriptions.delete('onmodechanged');
    p.unsubscribed('onmodechanged');
    p.emit('onmodechanged', 2);
    expect(p.queuedCount).toBe(0);
    expect(connection.received).toEqual([]);
  });

  test('event names remembered across reloads are bounded: the oldest that no live connection handles is forgotten', () => {
    const p = provider();
    // 20 documents in turn, each handling 32 new custom names, then reloading.
    let live: FakeConnection | undefined;
    for (let document = 0; document < 20; document++) {
      if (live !== undefined) p.connections.delete(live);
      const names = Array.from({ length: 32 }, (_, i) => `custom-${document}-${i}`);
      live = connect(p, 'onSessionSwitched', ...names);
    }
    // 6 + 32 × 16 names fit: the first documents' names (the oldest) were forgotten, so their events
    // are not queued for a connected widget; names of recent documents still are.
    p.emit('custom-0-0', 'old');
    expect(p.queuedCount).toBe(0);
    p.emit('custom-15-0', 'recent');
    expect(p.queuedCount).toBe(1);
    // The live connection's names are never forgotten.
    p.emit('custom-19-31', 'live');
    expect(live!.received).toEqual([['custom-19-31', 'live']]);
  });
});

test('the trace hears of each event sent or queued, and of a queued one again when it goes; not of one nobody wants', () => {
  const heard: [string, boolean][] = [];
  const p = provider((name, delivered) => heard.push([name, delivered]));
  p.emit('onmodechanged', { value: 0 });
  const connection = connect(p, 'onmodechanged');
  p.emit('onmodechanged', { value: 1 });
  // Connected, and never handled: the widget does not want it, and nothing crosses the boundary.
  p.emit('onsizechanged', { value: 400 });
  expect(heard).toEqual([
    ['onmodechanged', false],
    ['onmodechanged', true],
    ['onmodechanged', true],
  ]);
  expect(connection.received).toHaveLength(2);
});
