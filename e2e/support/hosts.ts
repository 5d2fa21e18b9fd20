/**
 * The host pages of the e2e tests, and what a test reads from them:
 * - the example agent desk (examples/agent-host, on the host origin);
 * - the API test host, fixtures/host.html: the IIFE build, started with `CifBridgeHost.createHost`
 *   through `page.evaluate`, with providers that are typed test widgets (fixtures/widget.html) or
 *   plain-JS CIF test widgets (fixtures/cif-widget.html). It runs on the host origin, not the hostile
 *   one: a CIF widget loads msdyn_ciLibrary.js from its host, and the widget origin's CSP allows
 *   scripts from itself and the host origin only;
 * - the attack and fault test host, fixtures/test-host.html, whose `startHost(config)` builds a host
 *   from a short config (see fixtures/test-host.js);
 * - the host-view fixture, fixtures/host-view.html: the default UI against a fake controller, served
 *   with the pages it frames by two loopback servers of its own, started by `startHostView`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DriverFrame as Frame, type DriverPage as Page, expect, type Locator } from '../driver/test.js';
import { build } from 'esbuild';
import type { HostDiagnostics } from '../../packages/bridge-host/src/HostDiagnostics.js';
import type { SessionSnapshot } from '../../packages/bridge-host/src/types.js';
import { valueOf } from './assertions.js';
import { origins } from './origins.js';
import { call, type CifOutcome, connectedWidget, listen, type Outcome, widgetUrl, type Win } from './widgets.js';

const e2eDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(e2eDir, '..');

// The example agent desk.

/** Opens the example agent desktop and returns the softphone's frame once it is connected. */
export async function openDesktop(page: Page): Promise<Frame> {
  await page.goto(`${origins.host}/`);
  const softphone = await page.waitForFrame(`${origins.widget}/softphone/`);
  await expect(softphone.getByRole('status')).toHaveText(/Connected to/);
  return softphone;
}

/** The example host's sessions, read through `window.agentDesktop` (or the fixture's `window.host`). */
export function sessions(page: Page): Promise<SessionSnapshot[]> {
  return page.evaluate(() => {
    const w = window as unknown as { agentDesktop?: { getSessions(): unknown }; host?: { getSessions(): unknown } };
    return (w.agentDesktop ?? w.host)!.getSessions() as SessionSnapshot[];
  });
}

/** The default UI's session list. */
export const sessionList = (page: Page): Locator => page.getByRole('tablist', { name: 'Sessions' });

/** The default UI's tab strip of the focused session. */
export const tabStrip = (page: Page): Locator => page.getByRole('tablist', { name: 'Tabs' });

/** The session list item (tab, badges and close button) of the session titled `title`. */
export const sessionItem = (page: Page, title: string): Locator =>
  page.locator('.cifb-tabitem', { has: page.getByRole('tab', { name: title, exact: true }) });

// The API test host, fixtures/host.html.

/** Session templates of the test host. */
export const sessionTemplates = [
  { name: 'msdyn_chat_session', tag: 'chat', title: 'Chat with {customer}', anchorTab: 'profile', tabs: ['notes'] },
  { name: 'call', tag: 'voice', title: 'Call from {customer}', anchorTab: 'profile' },
];

/** Tab templates of the test host; every tab shows fixtures/blank.html from the host origin. */
export const tabTemplates = [
  {
    name: 'profile',
    title: 'Profile {customer}',
    type: 'webresource',
    parameters: { url: '/fixtures/blank.html?profile={customer}' },
  },
  {
    name: 'notes',
    tag: 'notes',
    title: 'Notes',
    type: 'webresource',
    parameters: { url: '/fixtures/blank.html?notes' },
  },
  {
    name: 'kb',
    tag: 'kb',
    title: 'KB {topic}',
    type: 'webresource',
    parameters: { url: '/fixtures/blank.html?kb={topic}', topic: 'start' },
  },
  {
    name: 'fixed',
    title: 'Fixed',
    type: 'webresource',
    canClose: false,
    parameters: { url: '/fixtures/blank.html?fixed' },
  },
];

/** Notification templates: `ringout` times out after one second, `plain` has the default 120 s. */
export const notificationTemplates = [
  {
    name: 'incoming',
    title: 'Incoming call from {customer}',
    fields: { Customer: '{customer}', Number: '{phone}' },
    timeoutSeconds: 60,
  },
  { name: 'ringout', title: 'Ring-out {customer}', timeoutSeconds: 1 },
  { name: 'plain', title: 'Plain {customer}' },
];

/** What `getEnvironment` answers on the test host. */
export const environment = {
  orgUniqueName: 'contoso',
  username: 'Test Agent',
  customParams: '{"queue":"Support"}',
  features: { clickToAct: true, maxCalls: 2 },
};

/** A provider of the test host: its name, and which test widget it runs. */
export interface ApiProvider {
  name: string;
  kind: 'typed' | 'cif';
  /** Extra query parameters of the widget URL. */
  query?: string;
  /** Another page under fixtures/ (of the same kind), such as `seed-widget.html`. */
  page?: string;
}

/** Options of {@link openApiHost}. */
export interface ApiHostOptions {
  /** `createHost` options merged over the defaults (templates, environment, container). */
  options?: Record<string, unknown>;
  /**
   * Instead of the default handlers, one for each of these CRM methods that answers with what it
   * got: `{ method, args, provider, correlationId }`.
   */
  echoHandlers?: readonly string[];
  /**
   * Records in the embedded store (`@cif-bridge/records`), made from this seed in a database of its
   * own, as the host's `records`; the page's default handlers are left out so the store answers.
   */
  records?: unknown;
  /**
   * With `records`: the records' default UI (`@cif-bridge/records/ui`) draws record and search tabs,
   * with these options, and Home gets its search box.
   */
  recordsUi?: { entities?: string[]; labels?: Record<string, { name?: string; attributes?: Record<string, string> }> };
  /**
   * Development mode: the host gets an `onDevelopmentTemplate` that appends `kind:name` to
   * `window.developmentNotes` (read them with {@link developmentNotes}).
   */
  developmentNotes?: boolean;
}

/** What development mode told the API test host page, as `kind:name`, oldest first. */
export function developmentNotes(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { developmentNotes?: string[] }).developmentNotes ?? []);
}

/** The URL of a provider's widget: which test widget, trusting the host origin, told apart by `p=`. */
export function providerUrl(provider: ApiProvider): string {
  const page = provider.page ?? (provider.kind === 'typed' ? 'widget.html' : 'cif-widget.html');
  const query = provider.query === undefined ? '' : `&${provider.query}`;
  return `${origins.widget}/fixtures/${page}?host=${origins.host}&p=${provider.name}${query}`;
}

/**
 * Opens fixtures/host.html on the host origin and starts a host there with the test templates, the
 * environment, and host handlers for `retrieveRecord` (echoes its arguments and caller),
 * `getPresence`/`setPresence` (a value kept in the page) and `deleteRecord` (throws). Every other
 * CRM method has no handler (unless `echoHandlers` replaces them). Resolves with each provider's
 * frame once its widget is ready: a typed widget connected, a CIF widget past CIFInitDone (the
 * drop-in connects on its first call).
 */
export async function openApiHost(
  page: Page,
  providers: ApiProvider[],
  { options = {}, echoHandlers, records, recordsUi, developmentNotes = false }: ApiHostOptions = {},
): Promise<Frame[]> {
  await page.goto(`${origins.host}/fixtures/host.html`);
  const config = {
    providers: providers.map((p) => ({ name: p.name, label: `Widget ${p.name}`, url: providerUrl(p) })),
    sessionTemplates,
    tabTemplates,
    notificationTemplates,
    environment,
    ...options,
  };
  await page.evaluate(
    ({ config, echoHandlers, records, recordsUi, developmentNotes }) => {
      type Call = { provider: string; correlationId: string };
      type Ui = { renderers: unknown; showHomeSearch(): string };
      const w = window as unknown as {
        developmentNotes: string[];
        presence: string;
        host: unknown;
        store: unknown;
        CifBridgeHost: { createHost(options: unknown): unknown };
        CifBridgeRecords: { createBrowserRecords(options: unknown): unknown };
        CifBridgeRecordsUi: { createRecordsUi(options: unknown): Ui };
      };
      w.presence = 'Available';
      const echo = (method: string) => (args: unknown[], call: Call) => ({ method, args, ...call });
      // A database per test: WebKit's driver keeps IndexedDB between the tests of a worker.
      const store =
        records === undefined
          ? undefined
          : w.CifBridgeRecords.createBrowserRecords({ name: `api-${crypto.randomUUID()}`, seed: records });
      w.store = store;
      const ui =
        store === undefined || recordsUi === undefined
          ? undefined
          : w.CifBridgeRecordsUi.createRecordsUi({ records: store, host: () => w.host, ...recordsUi });
      // Record and search tabs are drawn in the page, so the desk gets a height to draw them in.
      if (ui !== undefined) document.getElementById('desktop')!.style.height = '100vh';
      w.host = w.CifBridgeHost.createHost({
        ...config,
        container: document.getElementById('desktop'),
        ...(store === undefined ? {} : { records: store }),
        ...(ui === undefined ? {} : { renderers: ui.renderers }),
        ...(developmentNotes
          ? {
              onDevelopmentTemplate: (kind: string, name: string) =>
                (w.developmentNotes ??= []).push(`${kind}:${name}`),
            }
          : {}),
        handlers:
          records !== undefined
            ? {}
            : echoHandlers
              ? Object.fromEntries(echoHandlers.map((method) => [method, echo(method)]))
              : {
                  retrieveRecord: (args: unknown[], call: Call) => ({
                    args,
                    provider: call.provider,
                    correlationId: call.correlationId,
                  }),
                  getPresence: () => w.presence,
                  setPresence: ([text]: unknown[]) => {
                    w.presence = String(text);
                    return true;
                  },
                  deleteRecord: () => {
                    throw new Error('The CRM is read-only.');
                  },
                },
      });
      ui?.showHomeSearch();
    },
    { config, echoHandlers, records, recordsUi, developmentNotes },
  );
  const frames: Frame[] = [];
  for (const provider of providers) {
    const frame = await page.waitForFrame(providerUrl(provider));
    await expect(frame.locator('#state')).toHaveText(provider.kind === 'typed' ? 'connected' : 'CIFInitDone');
    frames.push(frame);
  }
  return frames;
}

/**
 * Opens the test host with a typed test widget `alpha` and a CIF test widget `beta`, the two faces,
 * and by default no host handlers at all (`echoHandlers: []`), so the host's own methods answer.
 */
export async function twoFaces(
  page: Page,
  options: ApiHostOptions = { echoHandlers: [] },
): Promise<{ typed: Frame; cif: Frame }> {
  const [typed, cif] = await openApiHost(
    page,
    [
      { name: 'alpha', kind: 'typed' },
      { name: 'beta', kind: 'cif' },
    ],
    options,
  );
  return { typed: typed!, cif: cif! };
}

/** Opens the test host with two widgets of one kind, `alpha` and `beta`, as two providers. */
export async function twoWidgets(
  page: Page,
  kind: ApiProvider['kind'],
  options?: ApiHostOptions,
): Promise<{ alpha: Frame; beta: Frame }> {
  const [alpha, beta] = await openApiHost(
    page,
    [
      { name: 'alpha', kind },
      { name: 'beta', kind },
    ],
    options,
  );
  return { alpha: alpha!, beta: beta! };
}

/**
 * Opens the test host with two widgets of one kind, `alpha` and `beta` (see {@link twoWidgets}), and
 * has each record the events `names` (alpha's handlers first), once the host knows of them.
 */
export async function twoListeningWidgets(
  page: Page,
  kind: ApiProvider['kind'],
  names: string[],
  options?: ApiHostOptions,
): Promise<{ alpha: Frame; beta: Frame }> {
  const { alpha, beta } = await twoWidgets(page, kind, options);
  await listen(alpha, ...names);
  await listen(beta, ...names);
  return { alpha, beta };
}

/** A createSession input for the test host's chat template. */
export function chat(customer: string, context: Record<string, unknown> = {}) {
  return { templateName: 'msdyn_chat_session', templateParameters: { customer }, context };
}

/**
 * Creates a chat session (the test host's chat template) in a widget and returns its id: through
 * `via`, which is {@link call} for a typed widget (the default) or {@link cif} for a CIF widget.
 */
export async function createChat(
  frame: Frame,
  customer: string,
  context: Record<string, unknown> = {},
  via: (frame: Frame, method: string, ...args: unknown[]) => Promise<Outcome | CifOutcome> = call,
): Promise<string> {
  return valueOf<string>(await via(frame, 'createSession', chat(customer, context)));
}

/** Runs a host method (`window.host[method](...args)`) in the host page; returns its outcome. */
export function hostCall(page: Page, method: string, ...args: unknown[]): Promise<Outcome> {
  return page.evaluate(
    ([method, args]) => {
      const host = (window as unknown as { host: Record<string, (...a: unknown[]) => unknown> }).host;
      try {
        const value = host[method]!(...args);
        return { ok: true as const, value: value === undefined ? null : value };
      } catch (error) {
        const e = error as { name?: string; code?: string; message?: string };
        return { ok: false as const, name: e.name, code: e.code, message: e.message };
      }
    },
    [method, args] as const,
  );
}

/** The test host's sessions. */
export function hostSessions(page: Page): Promise<SessionSnapshot[]> {
  return page.evaluate(() => (window as unknown as { host: { getSessions(): SessionSnapshot[] } }).host.getSessions());
}

// The attack and fault test host, fixtures/test-host.html.

/** A provider as fixtures/test-host.js takes it. */
export interface TestProvider {
  name: string;
  url: string;
  origins?: string[];
  templates?: string[];
  /** The page the provider's frame shows, in a frame the page makes (default: the host makes one). */
  frameSrc?: string;
  /** Reuse an iframe already in the page, by CSS selector. */
  frame?: string;
  /** The sandbox of the frame the page makes (with `frameSrc`), not the provider's `sandbox` option. */
  sandbox?: string;
  /** The provider's `allow` option: Permissions Policy features of the frame the host makes. */
  allow?: string[];
}

/** Options of {@link openTestHost} and {@link startHost}: a container for the default UI, `createHost` options. */
export interface TestHostOptions {
  container?: boolean;
  options?: Record<string, unknown>;
}

/** Opens fixtures/test-host.html on the host origin; with `providers`, starts a host there too. */
export async function openTestHost(
  page: Page,
  providers?: TestProvider[],
  options: TestHostOptions = {},
): Promise<void> {
  await page.goto(`${origins.host}/fixtures/test-host.html`);
  if (providers !== undefined) await startHost(page, providers, options);
}

/** Starts a host in the open test host page (again, after a destroy). */
export async function startHost(page: Page, providers: TestProvider[], options: TestHostOptions = {}): Promise<void> {
  await page.evaluate((config) => (window as unknown as { startHost(c: unknown): void }).startHost(config), {
    providers,
    ...options,
  });
}

/**
 * Opens the test host with one provider, `p`, running the typed test widget (fixtures/widget.html
 * trusting the host origin); `provider` adds to or overrides the provider's fields. Resolves once the
 * widget is connected, with its URL, its frame and the providers (to start the host again with).
 */
export async function openOneWidget(
  page: Page,
  provider: Partial<TestProvider> = {},
  options: TestHostOptions = {},
): Promise<{ widget: string; frame: Frame; providers: TestProvider[] }> {
  const widget = widgetUrl();
  const providers = [{ name: 'p', url: widget, ...provider }];
  await openTestHost(page, providers, options);
  const frame = await connectedWidget(page, widget);
  return { widget, frame, providers };
}

/** Test host options that make the host persist its sessions to sessionStorage. */
export const PERSIST: TestHostOptions = { options: { persist: 'sessionStorage' } };

/** Two typed test widgets, `p` and `q` (told apart by `as=`), as providers of the test host. */
export function twoTestProviders(): { p: string; q: string; providers: TestProvider[] } {
  const p = widgetUrl('as=p');
  const q = widgetUrl('as=q');
  const providers = [
    { name: 'p', url: p },
    { name: 'q', url: q },
  ];
  return { p, q, providers };
}

/** The host's diagnostics (`host.getDiagnostics()`). */
export function diagnostics(page: Page): Promise<HostDiagnostics> {
  return page.evaluate(() =>
    (window as unknown as { host: { getDiagnostics(): HostDiagnostics } }).host.getDiagnostics(),
  );
}

/** How many times the test host's handlers ran for each correlationId. */
export const handled = (page: Page): Promise<Record<string, number>> => page.evaluate(() => (window as Win).handled);

// The host-view fixture, fixtures/host-view.html.

/** The policy the host-view fixture's page is served with: the view must work without inline styles. */
const HOST_VIEW_CSP = "style-src 'self'";

/** Builds the host-view fixture's bundle (fixtures/host-view.ts) in memory, so no stale file can be loaded. */
export async function buildHostView(): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['e2e/fixtures/host-view.ts'],
    outfile: 'e2e/fixtures/dist/host-view.js',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['cif-bridge:source'],
    sourcemap: 'inline',
    write: false,
    logLevel: 'warning',
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('.js'));
  if (!output) throw new Error('esbuild wrote no bundle for e2e/fixtures/host-view.ts');
  return output.text;
}

/** A small page standing in for a widget or a web page, showing its own URL. */
function framedPage(url: URL): string {
  return `<!doctype html><html><body style="font:14px system-ui;margin:16px;color:#333">
<p style="font-weight:600">${url.pathname}</p><p>${url.search}</p></body></html>`;
}

/** The host-view fixture's two loopback servers, from {@link startHostView}. */
export interface HostViewServers {
  /**
   * `http://127.0.0.1:<port>`: the fixture page (with its CSP), its bundle and stylesheet, and the
   * web resource `/webres/kb.html`.
   */
  readonly pageOrigin: string;
  /**
   * `http://localhost:<port>`, another site: every `*.html` path is a small page standing in for a
   * widget or a web page. Plain http, which a website tab accepts on a loopback host.
   */
  readonly widgetOrigin: string;
  /** The URL of every framed page either server has served so far, in the order it was asked for. */
  framedRequests(): string[];
  /** Opens the fixture in `page` and waits for the view's session list. */
  open(page: Page): Promise<void>;
  /** Stops both servers. */
  close(): Promise<void>;
}

/** Listens on loopback `host` (port 0: a free one); resolves to the server, or null if `optional` and the address is missing. */
function listenOn(handler: RequestListener, host: string, port: number, optional: boolean): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once('error', (error) => (optional ? resolve(null) : reject(error)));
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

/**
 * Starts the servers of the host-view fixture, serving `bundle` (from {@link buildHostView}) from
 * memory. Every response is `no-store`, so each load of a frame, a reload included, reaches a server
 * and shows in {@link HostViewServers.framedRequests}.
 */
export async function startHostView(bundle: string): Promise<HostViewServers> {
  const [page, css] = await Promise.all([
    readFile(path.join(e2eDir, 'fixtures/host-view.html'), 'utf8'),
    readFile(path.join(root, 'packages/bridge-host/src/cif-bridge-host.css'), 'utf8'),
  ]);
  const framed: string[] = [];
  const origins = { page: '', widget: '' };
  const servers: Server[] = [];
  const answer = (response: ServerResponse, status: number, type: string, body: string, headers = {}) => {
    response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
    response.end(body);
  };
  const serve =
    (role: keyof typeof origins): RequestListener =>
    (request, response) => {
      const url = new URL(request.url ?? '/', origins[role]);
      const framedAt = role === 'page' ? url.pathname === '/webres/kb.html' : url.pathname.endsWith('.html');
      if (framedAt) {
        framed.push(url.href);
        return answer(response, 200, 'text/html', framedPage(url));
      }
      if (role === 'page' && url.pathname === '/host-view.html') {
        return answer(response, 200, 'text/html', page, { 'Content-Security-Policy': HOST_VIEW_CSP });
      }
      if (role === 'page' && url.pathname === '/dist/host-view.js')
        return answer(response, 200, 'text/javascript', bundle);
      if (role === 'page' && url.pathname === '/cif-bridge-host.css') return answer(response, 200, 'text/css', css);
      return answer(response, 404, 'text/plain', 'not found');
    };
  try {
    const pageServer = (await listenOn(serve('page'), '127.0.0.1', 0, false))!;
    servers.push(pageServer);
    origins.page = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
    // `localhost` may resolve to ::1 first: listen there too, on the same port, where IPv6 exists.
    const widgetServer = (await listenOn(serve('widget'), '127.0.0.1', 0, false))!;
    servers.push(widgetServer);
    const widgetPort = (widgetServer.address() as AddressInfo).port;
    const widgetV6 = await listenOn(serve('widget'), '::1', widgetPort, true);
    if (widgetV6 !== null) servers.push(widgetV6);
    origins.widget = `http://localhost:${widgetPort}`;
  } catch (error) {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    throw error;
  }
  return {
    pageOrigin: origins.page,
    widgetOrigin: origins.widget,
    framedRequests: () => [...framed],
    async open(page) {
      await page.goto(`${origins.page}/host-view.html?widgets=${encodeURIComponent(origins.widget)}`);
      await expect(sessionList(page)).toBeVisible();
    },
    async close() {
      await Promise.all(
        servers.map((server) => {
          server.closeAllConnections();
          return new Promise((resolve) => server.close(resolve));
        }),
      );
    },
  };
}
