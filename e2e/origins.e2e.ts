/**
 * Who may talk to whom, as one table of scenarios in the manner of penpal's
 * `connectionOrigins.spec.ts`. Each row puts a frame somewhere in a real host page and lets it try
 * to connect: with the typed client (which speaks the protocol perfectly and names the host's real
 * origin), or by hand from a nested frame to `window.top`.
 *
 * The host page (fixtures/test-host.js) records every hello that reaches it and whether the host
 * opened a connection for it, measured just before and just after the host's own listener ran. So a
 * refusal is proven on the host's side, not only by the widget timing out.
 */
import { type DriverFrame as Frame, type DriverPage as Page, expect, test } from './driver/test.js';
import { openTestHost, sessions } from './support/hosts.js';
import { origins } from './support/origins.js';
import { call } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

const HOST = origins.host;
const WIDGET = origins.widget;
/** The hostile server's port; every `*.localhost` name on it reaches that server. */
const PORT = new URL(origins.hostile).port;
/** The wildcard a provider lists in the wildcard rows. */
const WILDCARD = `http://*.widgets.localhost:${PORT}`;

/** The typed test widget on `origin`, trusting the test host; `tag` tells frames apart. */
const widgetAt = (origin: string, tag = 'provider'): string => `${origin}/fixtures/widget.html?host=${HOST}&as=${tag}`;
/** A widget that must be refused gives up after 1 s, so its row ends soon; others keep the default. */
const giveUpSoon = (url: string, refused: boolean): string =>
  refused && url.includes('/widget.html') ? `${url}&handshakeTimeoutMs=1000` : url;
/** A page on `outer` whose nested frame is the raw client on `inner`. */
const nestedRawClient = (outer: string, inner: string): string =>
  `${outer}/fixtures/nest.html?src=${encodeURIComponent(`${inner}/fixtures/raw-client.html`)}`;

interface ProviderSetup {
  /** The provider's configured URL, whose origin it trusts. */
  url: string;
  /** More trusted origins. */
  origins?: string[];
  /** The page the provider's frame really shows (default: `url`). */
  frameSrc?: string;
  /** A sandbox attribute for the provider's frame. */
  sandbox?: string;
}

interface Scenario {
  name: string;
  provider: ProviderSetup;
  /** A frame that is no provider's, added to the host page beside the provider's. */
  sibling?: string;
  /** URL prefix of the frame that tries to connect. */
  attacker: string;
  /** `client`: the typed client says hello to its parent. `raw-top`: a hand-written hello to `window.top`. */
  via: 'client' | 'raw-top';
  /** Whether it must get a connection and a session. */
  allowed: boolean;
}

const scenarios: Scenario[] = [
  {
    name: 'the provider frame on its own exact origin',
    provider: { url: widgetAt(WIDGET) },
    attacker: widgetAt(WIDGET),
    via: 'client',
    allowed: true,
  },
  {
    name: 'a same-origin sibling frame outside the provider frame',
    provider: { url: widgetAt(WIDGET) },
    sibling: widgetAt(WIDGET, 'sibling'),
    attacker: widgetAt(WIDGET, 'sibling'),
    via: 'client',
    allowed: false,
  },
  {
    name: 'a look-alike origin: the same host name on another port',
    provider: { url: widgetAt(WIDGET), frameSrc: widgetAt(origins.hostile) },
    attacker: widgetAt(origins.hostile),
    via: 'client',
    allowed: false,
  },
  {
    name: 'a look-alike origin: the same server under its IP address',
    provider: { url: widgetAt(WIDGET), frameSrc: widgetAt(WIDGET.replace('localhost', '127.0.0.1')) },
    attacker: widgetAt(WIDGET.replace('localhost', '127.0.0.1')),
    via: 'client',
    allowed: false,
  },
  {
    name: 'a wildcard matching one subdomain label',
    provider: {
      url: widgetAt(`http://a.widgets.localhost:${PORT}`),
      origins: [WILDCARD],
      frameSrc: widgetAt(`http://b.widgets.localhost:${PORT}`),
    },
    attacker: widgetAt(`http://b.widgets.localhost:${PORT}`),
    via: 'client',
    allowed: true,
  },
  {
    name: 'a wildcard matching several subdomain labels',
    provider: {
      url: widgetAt(`http://a.widgets.localhost:${PORT}`),
      origins: [WILDCARD],
      frameSrc: widgetAt(`http://x.y.widgets.localhost:${PORT}`),
    },
    attacker: widgetAt(`http://x.y.widgets.localhost:${PORT}`),
    via: 'client',
    allowed: true,
  },
  {
    name: 'a wildcard edge case: the bare parent domain',
    provider: {
      url: widgetAt(`http://a.widgets.localhost:${PORT}`),
      origins: [WILDCARD],
      frameSrc: widgetAt(`http://widgets.localhost:${PORT}`),
    },
    attacker: widgetAt(`http://widgets.localhost:${PORT}`),
    via: 'client',
    allowed: false,
  },
  {
    name: 'a wildcard edge case: an evil- prefix on the parent domain',
    provider: {
      url: widgetAt(`http://a.widgets.localhost:${PORT}`),
      origins: [WILDCARD],
      frameSrc: widgetAt(`http://evil-widgets.localhost:${PORT}`),
    },
    attacker: widgetAt(`http://evil-widgets.localhost:${PORT}`),
    via: 'client',
    allowed: false,
  },
  {
    name: 'a wildcard edge case: the parent domain inside a longer name',
    provider: {
      url: widgetAt(`http://a.widgets.localhost:${PORT}`),
      origins: [WILDCARD],
      frameSrc: widgetAt(`http://b.widgets.localhost.evil.localhost:${PORT}`),
    },
    attacker: widgetAt(`http://b.widgets.localhost.evil.localhost:${PORT}`),
    via: 'client',
    allowed: false,
  },
  {
    name: 'a wildcard edge case: a matching name on another port',
    provider: {
      url: widgetAt(`http://a.widgets.localhost:${PORT}`),
      origins: [WILDCARD],
      frameSrc: widgetAt(`http://b.widgets.localhost:${new URL(WIDGET).port}`),
    },
    attacker: widgetAt(`http://b.widgets.localhost:${new URL(WIDGET).port}`),
    via: 'client',
    allowed: false,
  },
  {
    name: "the opaque origin 'null' of a sandboxed provider frame, not listed",
    provider: { url: widgetAt(WIDGET), sandbox: 'allow-scripts', frameSrc: widgetAt(WIDGET, 'sandboxed') },
    attacker: widgetAt(WIDGET, 'sandboxed'),
    via: 'client',
    allowed: false,
  },
  {
    name: "the opaque origin 'null' of a sandboxed provider frame, listed on purpose",
    provider: {
      url: widgetAt(WIDGET),
      origins: ['null'],
      sandbox: 'allow-scripts',
      frameSrc: widgetAt(WIDGET, 'sandboxed'),
    },
    attacker: widgetAt(WIDGET, 'sandboxed'),
    via: 'client',
    allowed: true,
  },
  {
    name: 'a same-origin frame nested inside the provider frame',
    provider: { url: widgetAt(WIDGET), frameSrc: nestedRawClient(WIDGET, WIDGET) },
    attacker: `${WIDGET}/fixtures/raw-client.html`,
    via: 'raw-top',
    allowed: true,
  },
  {
    name: 'a foreign-origin frame nested inside the provider frame',
    provider: { url: widgetAt(WIDGET), frameSrc: nestedRawClient(WIDGET, origins.hostile) },
    attacker: `${origins.hostile}/fixtures/raw-client.html`,
    via: 'raw-top',
    allowed: false,
  },
  {
    name: 'a same-origin frame nested inside a sibling frame',
    provider: { url: widgetAt(WIDGET) },
    sibling: nestedRawClient(WIDGET, WIDGET),
    attacker: `${WIDGET}/fixtures/raw-client.html`,
    via: 'raw-top',
    allowed: false,
  },
];

interface Hello {
  origin: string;
  frame: string | null;
  accepted: boolean;
}

/** Opens the test host with one provider, `p`, in a frame the page makes, and the row's sibling frame. */
async function openHost(page: Page, scenario: Scenario): Promise<void> {
  await openTestHost(page);
  const { url, origins: extra, frameSrc, sandbox } = scenario.provider;
  const refused = !scenario.allowed;
  const sibling = scenario.sibling === undefined ? undefined : giveUpSoon(scenario.sibling, refused);
  await page.evaluate(
    ([provider, sibling]) => {
      const w = window as unknown as { startHost(c: unknown): void; addFrame(id: string, src: string): void };
      // A page-made frame even when it shows `url`, so every row's frame has the same id.
      w.startHost({ providers: [{ name: 'p', ...provider }] });
      if (sibling !== undefined) w.addFrame('sibling', sibling);
    },
    [
      { url, origins: extra, frameSrc: giveUpSoon(frameSrc ?? url, refused && sibling === undefined), sandbox },
      sibling,
    ] as const,
  );
}

/** Tries to connect from `frame` and create a session; returns whether it got one. */
async function tryConnect(
  frame: Frame,
  via: Scenario['via'],
): Promise<{ connected: boolean; sessionId?: unknown; code?: string }> {
  await frame.waitForFunction(() => 'ready' in window || 'rawConnect' in window);
  if (via === 'client') {
    const outcome = await call(frame, 'createSession', { templateName: 'chat', templateParameters: { customer: 'x' } });
    return outcome.ok ? { connected: true, sessionId: outcome.value } : { connected: false, code: outcome.code! };
  }
  return frame.evaluate(async (host) => {
    const w = window as unknown as {
      rawConnect(o: unknown): Promise<boolean>;
      rawApply(method: string, ...args: unknown[]): Promise<{ type: string; value: unknown }>;
    };
    if (!(await w.rawConnect({ hostOrigin: host, to: 'top', timeoutMs: 1000 }))) return { connected: false };
    const reply = await w.rawApply('createSession', 'corr-nested', { templateName: 'chat' });
    return { connected: true, sessionId: reply.type === 'RAW' ? reply.value : reply };
  }, HOST);
}

for (const scenario of scenarios) {
  test(`origins: ${scenario.name} ${scenario.allowed ? 'gets a session' : 'gets no session'}`, async ({ driver }) => {
    const page = await driver.newPage();
    await openHost(page, scenario);
    const frame = await page.waitForFrame(scenario.attacker);
    const result = await tryConnect(frame, scenario.via);
    const hellos = (await page.evaluate(() => (window as unknown as { hellos: Hello[] }).hellos)).filter(
      (hello) => hello.frame === (scenario.sibling === undefined ? 'frame-p' : 'sibling'),
    );
    const all = await sessions(page);
    if (scenario.allowed) {
      expect(result.connected).toBe(true);
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ id: result.sessionId, provider: 'p' });
      expect(hellos.some((hello) => hello.accepted)).toBe(true);
    } else {
      // The host did see this frame's hellos, and refused every one of them.
      expect(hellos.length).toBeGreaterThan(0);
      expect(hellos.filter((hello) => hello.accepted)).toEqual([]);
      expect(result.connected).toBe(false);
      if (scenario.via === 'client') expect(result.code).toBe('HANDSHAKE_TIMEOUT');
      expect(all).toEqual([]);
    }
  });
}

test('origins: a same-origin popup that the host page opened gets no session', async ({ driver }) => {
  const page = await driver.newPage();
  await openHost(page, { ...scenarios[0]!, sibling: undefined });
  const popup = await page.waitForPopup(() =>
    page.evaluate((src) => void window.open(src, 'popup'), `${WIDGET}/fixtures/raw-client.html`),
  );
  const connected = await popup.evaluate(
    (host) =>
      (window as unknown as { rawConnect(o: unknown): Promise<boolean> }).rawConnect({
        hostOrigin: host,
        to: 'opener',
        timeoutMs: 1000,
      }),
    HOST,
  );
  expect(connected).toBe(false);
  const hellos = await page.evaluate(() => (window as unknown as { hellos: Hello[] }).hellos);
  expect(hellos.filter((hello) => hello.origin === WIDGET && hello.frame === null).length).toBeGreaterThan(0);
  expect(hellos.filter((hello) => hello.frame === null && hello.accepted)).toEqual([]);
  expect(await sessions(page)).toEqual([]);
});

// ---- The widget's side: the child applies the same rules to hostOrigin --------------------------

/** Opens the test host on `hostPage`'s origin with the typed widget, which trusts `trusted`. */
async function openWidgetUnder(page: Page, hostPage: string, trusted: string, refused: boolean): Promise<Frame> {
  const widget = `${WIDGET}/fixtures/widget.html?host=${encodeURIComponent(trusted)}${refused ? '&handshakeTimeoutMs=1000' : ''}`;
  await page.goto(`${hostPage}/fixtures/test-host.html`);
  await page.evaluate(
    (url) => (window as unknown as { startHost(c: unknown): void }).startHost({ providers: [{ name: 'p', url }] }),
    widget,
  );
  const frame = await page.waitForFrame(widget);
  await frame.waitForFunction(() => 'ready' in window);
  return frame;
}

const childScenarios: {
  name: string;
  hostPage: string;
  trusted: string;
  expected: 'connects' | 'ORIGIN_REJECTED' | 'HANDSHAKE_TIMEOUT';
}[] = [
  { name: 'a host on its exact origin', hostPage: HOST, trusted: HOST, expected: 'connects' },
  // The host page trusts the widget, but the widget does not trust it: its hellos go to another
  // origin as their target, so the browser never delivers them to this page.
  {
    name: 'a host on another origin than its list names',
    hostPage: origins.hostile,
    trusted: HOST,
    expected: 'HANDSHAKE_TIMEOUT',
  },
  {
    name: 'a host matching its wildcard',
    hostPage: `http://a.hosts.localhost:${PORT}`,
    trusted: `http://*.hosts.localhost:${PORT}`,
    expected: 'connects',
  },
  {
    name: 'a host on the bare parent of its wildcard',
    hostPage: `http://hosts.localhost:${PORT}`,
    trusted: `http://*.hosts.localhost:${PORT}`,
    expected: 'ORIGIN_REJECTED',
  },
  {
    name: 'a host with an evil- prefix on its wildcard',
    hostPage: `http://evil-hosts.localhost:${PORT}`,
    trusted: `http://*.hosts.localhost:${PORT}`,
    expected: 'ORIGIN_REJECTED',
  },
];

for (const { name, hostPage, trusted, expected } of childScenarios) {
  test(`origins: the widget ${expected === 'connects' ? 'connects to' : 'refuses'} ${name}`, async ({ driver }) => {
    const page = await driver.newPage();
    const frame = await openWidgetUnder(page, hostPage, trusted, expected !== 'connects');
    const outcome = await call(frame, 'createSession', { templateName: 'chat' });
    const hellos = await page.evaluate(() => (window as unknown as { hellos: Hello[] }).hellos);
    if (expected === 'connects') {
      expect(outcome.ok).toBe(true);
      expect(await sessions(page)).toHaveLength(1);
    } else {
      expect(outcome).toMatchObject({ ok: false, code: expected });
      // Nothing reached the untrusted page: not one hello.
      expect(hellos).toEqual([]);
      expect(await sessions(page)).toEqual([]);
    }
  });
}
