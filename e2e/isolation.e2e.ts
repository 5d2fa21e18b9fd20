/**
 * No global side effects, no shared objects: cif-bridge leaves comlink's page-wide transfer handlers
 * alone, a second handshake never opens a second connection, hellos from windows that are gone (or
 * whose connection has closed) leave nothing behind, a createHost that throws leaves no listener or
 * element, and provider frames get no predictable name.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DriverFrame as Frame, type DriverPage as Page, expect, test } from './driver/test.js';
import { build } from 'esbuild';
import { PROTOCOL_VERSION } from '../packages/bridge-protocol/src/constants.js';
import type { Caught } from './fixtures/comlink-neighbour.js';
import { expectNoTrouble } from './support/assertions.js';
import { diagnostics, openOneWidget, openTestHost, startHost } from './support/hosts.js';
import { origins } from './support/origins.js';
import { connectedWidget, widgetUrl } from './support/widgets.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

/** The fixture bundle: cif-bridge and plain comlink, built together so they share one comlink. */
test.beforeAll(async () => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['e2e/fixtures/comlink-neighbour.ts'],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['cif-bridge:source'],
    write: false,
    logLevel: 'warning',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild wrote no bundle for e2e/fixtures/comlink-neighbour.ts');
  // Written on every run, so a stale bundle is never served.
  await mkdir(path.join(here, 'fixtures/dist'), { recursive: true });
  await writeFile(path.join(here, 'fixtures/dist/comlink-neighbour.js'), output.text);
});

/** comlink's own answer to a thrown TypeError: name, message (and stack) only, no code. */
const COMLINK_DEFAULT: Caught = {
  name: 'TypeError',
  message: 'plain failure',
  code: undefined,
  correlationId: undefined,
  isError: true,
  isBridgeError: false,
};

test('a plain comlink user in the same page keeps comlink’s own error behaviour, and our calls keep their code', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const widget = `${origins.widget}/fixtures/comlink-neighbour.html?role=widget&host=${origins.host}`;
  await page.goto(`${origins.host}/fixtures/comlink-neighbour.html?role=host&widget=${encodeURIComponent(widget)}`);
  await expect(page.locator('#state')).toHaveText('host');
  const frame = await page.waitForFrame(widget);
  await expect(frame.locator('#state')).toHaveText('connected');

  // Our own calls: a BridgeError with its code and correlationId, across the two origins.
  expect(await frame.evaluate(() => window.neighbour.bridgeFailure('getSession', 'nope', 'corr-neighbour'))).toEqual({
    name: 'BridgeError',
    message: expect.stringContaining('nope'),
    code: 'SESSION_NOT_FOUND',
    correlationId: 'corr-neighbour',
    isError: true,
    isBridgeError: true,
  });
  // And an input error the host wraps with the method's name.
  expect(await frame.evaluate(() => window.neighbour.bridgeFailure('createTab', {}, 'corr-tab'))).toMatchObject({
    code: 'INVALID_INPUT',
    message: expect.stringMatching(/^createTab: /),
    correlationId: 'corr-tab',
    isBridgeError: true,
  });

  // Plain comlink beside it, in the widget and in the host page: comlink's own behaviour.
  for (const target of [frame, page]) {
    expect(await target.evaluate(() => window.neighbour.throwHandlerUntouched())).toBe(true);
    expect(await target.evaluate(() => window.neighbour.plainComlinkFailure())).toEqual(COMLINK_DEFAULT);
  }
  await expectNoTrouble(page);
});

/** Runs `client.addHandler(name)` in a test widget, counting payloads in `window.received`. */
async function countEvents(frame: Frame, name: string): Promise<void> {
  await frame.evaluate(async (event) => {
    const w = window as unknown as {
      received: unknown[];
      client: { addHandler(n: string, h: (p: unknown) => void): Promise<void> };
    };
    w.received = [];
    await w.client.addHandler(event, (payload) => w.received.push(payload));
  }, name);
}

const received = (frame: Frame): Promise<unknown[]> =>
  frame.evaluate(() => (window as unknown as { received: unknown[] }).received);

test('handshake() on a connected client keeps its one connection: events arrive once, calls still work', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  await countEvents(frame, 'onmodechanged');

  // Twice, and two at once: none may open a connection of its own.
  await frame.evaluate(async () => {
    const client = (window as unknown as { client: { handshake(ms: number): Promise<void> } }).client;
    await client.handshake(5000);
    await Promise.all([client.handshake(5000), client.handshake(Infinity)]);
  });
  expect(await diagnostics(page)).toMatchObject({ connections: 1, connectionsOpened: 1 });
  expect(await frame.evaluate(() => (window as unknown as { client: { state: string } }).client.state)).toBe(
    'connected',
  );

  await page.evaluate(() => (window as unknown as { host: { setMode(m: number): void } }).host.setMode(0));
  await expect.poll(() => received(frame)).toEqual([{ value: 0 }]);
  // A second event marks the end of the first's deliveries; after it, the first still arrived once.
  await page.evaluate(() => (window as unknown as { host: { setMode(m: number): void } }).host.setMode(1));
  await expect.poll(() => received(frame)).toEqual([{ value: 0 }, { value: 1 }]);
  expect(
    await frame.evaluate(() =>
      (window as unknown as { call(m: string, ...a: unknown[]): Promise<unknown> }).call('getMode', 'corr-mode'),
    ),
  ).toEqual({ ok: true, value: 1 });
  expect(await diagnostics(page)).toMatchObject({ connections: 1, connectionsOpened: 1 });
  expect(await page.pageErrors()).toEqual([]);
});

/** A hello as a widget sends it. */
const hello = (clientId: string, documentId = 'doc-late') => ({
  type: 'cif-bridge/hello',
  version: PROTOCOL_VERSION,
  clientId,
  documentId,
});

/** Waits until the test host has handled the hello of `clientId` (its `after` hook ran). */
async function handled(page: Page, clientId: string): Promise<void> {
  await page.waitForFunction((id) => (window as unknown as { after: string[] }).after.includes(id), clientId);
}

test('hellos with a null or detached source, or after their connection closed, leave nothing behind', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const url = widgetUrl();
  await openTestHost(page);
  // Hooks of the test host, set before the host starts so the widget's own hellos are seen too.
  await page.evaluate(() => {
    const w = window as unknown as {
      seen: { clientId: string; documentId: string }[];
      after: string[];
      onHello: { before(h: { clientId: string; documentId: string }): void; after(h: { clientId: string }): void };
    };
    w.seen = [];
    w.after = [];
    w.onHello = {
      before: (data) => {
        w.seen.push(data);
        // This hello's frame goes away after it posted, before the host reads the message.
        if (data.clientId === 'detached') document.getElementById('sibling')?.remove();
      },
      after: (data) => w.after.push(data.clientId),
    };
  });
  await startHost(page, [{ name: 'p', url }]);
  const frame = await connectedWidget(page, url);
  expect(await diagnostics(page)).toMatchObject({ connections: 1, connectionsOpened: 1 });

  // 1. A hello with no source, from the widget's (trusted) origin.
  await page.evaluate(
    ([data, origin]) => window.dispatchEvent(new MessageEvent('message', { data, origin, source: null })),
    [hello('no-source'), origins.widget] as const,
  );
  await handled(page, 'no-source');

  // 2. A hello from a frame on the trusted origin that is removed right after it posted.
  const blank = `${origins.widget}/fixtures/blank.html`;
  await page.evaluate(
    (src) => (window as unknown as { addFrame(id: string, s: string): boolean }).addFrame('sibling', src),
    blank,
  );
  const sibling = await page.waitForFrame(blank);
  await sibling.evaluate(([data, host]) => parent.postMessage(data, host), [hello('detached'), origins.host] as const);
  await handled(page, 'detached');
  await expect(page.locator('#sibling')).toHaveCount(0);

  // 3. The widget's own hello again, after its connection closed: the widget left, it is not back.
  const own = await page.evaluate(
    () => (window as unknown as { seen: { clientId: string; documentId: string }[] }).seen[0]!,
  );
  await frame.evaluate(() => (window as unknown as { client: { close(): void } }).client.close());
  await expect.poll(async () => (await diagnostics(page)).connections).toBe(0);
  const timesHandled = (id: string): Promise<number> =>
    page.evaluate((seen) => (window as unknown as { after: string[] }).after.filter((x) => x === seen).length, id);
  const earlier = await timesHandled(own.clientId);
  await frame.evaluate(([data, host]) => parent.postMessage(data, host), [
    hello(own.clientId, own.documentId),
    origins.host,
  ] as const);
  await expect.poll(() => timesHandled(own.clientId)).toBe(earlier + 1);
  expect(await diagnostics(page)).toMatchObject({ connections: 0, connectionsOpened: 1 });
  await expectNoTrouble(page);
});

test('a createHost that throws installs no listener and adds nothing to the page; frames get no predictable name', async ({
  driver,
}) => {
  const page = await driver.newPage();
  await openTestHost(page);
  const result = await page.evaluate((url) => {
    const added: string[] = [];
    const original = window.addEventListener;
    window.addEventListener = function (this: Window, ...args: Parameters<Window['addEventListener']>) {
      added.push(args[0]);
      original.apply(this, args);
    } as Window['addEventListener'];
    const page = () => document.body.innerHTML;
    const before = page();
    const base = {
      providers: [{ name: 'p', url }],
      sessionTemplates: [{ name: 'chat', title: 'Chat', anchorTab: 'notes' }],
      tabTemplates: [
        { name: 'notes', title: 'Notes', type: 'webresource', parameters: { url: '/fixtures/blank.html' } },
      ],
    };
    const desktop = document.getElementById('desktop');
    const bad: [string, Record<string, unknown>][] = [
      ['container by id', { container: 'desktop' }],
      ['container not in the document', { container: document.createElement('div') }],
      ['panelWidth', { container: desktop, panelWidth: 'wide' }],
      ['handlers', { handlers: { createRecord: 'not a function' } }],
      ['renderers', { container: desktop, renderers: { note: 42 } }],
      ['environment', { environment: { callback: () => 1 } }],
    ];
    const createHost = (window as unknown as { CifBridgeHost: { createHost(o: unknown): unknown } }).CifBridgeHost
      .createHost;
    const outcomes: Record<string, unknown> = {};
    for (const [name, options] of bad) {
      try {
        createHost({ ...base, ...options });
        outcomes[name] = 'created';
      } catch (error) {
        const e = error as { name?: string; code?: string; message?: string };
        outcomes[name] = { name: e.name, code: e.code, unchanged: page() === before, listeners: added.length };
      }
    }
    const failed = { outcomes, listeners: [...added] };
    // A valid host, to show the spy sees the listener a host installs.
    (window as unknown as { host: unknown }).host = createHost({ ...base, container: desktop });
    window.addEventListener = original;
    const frame = document.querySelector<HTMLIFrameElement>('#desktop iframe');
    return { ...failed, after: added, frameName: frame?.name, hasNameAttribute: frame?.hasAttribute('name') };
  }, widgetUrl());

  for (const [name, outcome] of Object.entries(result.outcomes)) {
    expect(outcome, name).toEqual({ name: 'BridgeError', code: 'INVALID_INPUT', unchanged: true, listeners: 0 });
  }
  expect(result.listeners).toEqual([]);
  expect(result.after).toContain('message');
  expect(result.frameName).toBe('');
  expect(result.hasNameAttribute).toBe(false);
  // The valid host works, with its one widget.
  await connectedWidget(page, widgetUrl());
  expect(await diagnostics(page)).toMatchObject({ connections: 1 });
  expect(await page.pageErrors()).toEqual([]);
});
