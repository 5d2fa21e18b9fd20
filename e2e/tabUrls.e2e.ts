/**
 * A widget's data never chooses a URL, in every engine: the example softphone, on another origin
 * than the example desk, tries to make a tab load a page of its choosing (a runtime `url`, global or
 * per tab, on createSession and createTab; a slug value that smuggles in a parameter, a fragment or
 * a path), and no frame ever asks for the attacker's URL. Also: the host refuses, when it starts, a
 * tab template or a provider that would let a URL be chosen, and neither side ever names the opaque
 * origin 'null' as a postMessage target.
 *
 * "Never asked for" is seen two ways, as no engine's driver reports requests: the attacker's pages
 * are on a small server this spec starts, which counts what it is asked for; and every frame's
 * location and resource timing entries (where a frame's document lists the frames it loaded) name
 * no attacker URL (this covers the one attack aimed at the desk's own origin).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DriverFrame as Frame, type DriverPage as Page, expect, test } from './driver/test.js';
import { expectNoTrouble } from './support/assertions.js';
import { openDesktop, openTestHost, sessions } from './support/hosts.js';
import { origins } from './support/origins.js';
import { call } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * This spec's own server (one per worker). It serves `/widget.html`, the test widget with its scripts
 * inline and no CSP, for a parent of opaque origin (the example server's CSP allows only loopback
 * frame ancestors); anything else it is asked for is the attacker's page, and is counted.
 */
let server: Server;
let serverOrigin = '';
/** What the attacker's pages were asked for since the test began. */
const attackerHits: string[] = [];

test.beforeAll(async () => {
  const widgetPage = `<!doctype html>${(
    await Promise.all(
      ['packages/bridge-child/dist/cif-bridge-child.iife.js', 'e2e/fixtures/widget.js'].map((file) =>
        readFile(path.join(root, file), 'utf8'),
      ),
    )
  )
    .map((code) => `<script>${code}</script>`)
    .join('')}<p id="state">widget</p>`;
  server = createServer((request, response) => {
    const widget = (request.url ?? '').startsWith('/widget.html?');
    if (!widget) attackerHits.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(widget ? widgetPage : '<!doctype html><title>attacker</title><p>pwned</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test.beforeEach(() => {
  attackerHits.length = 0;
});

/**
 * Every URL the frames of the page show or list in their resource timing entries (a document lists
 * the frames it loaded there, as well as its scripts and styles).
 */
async function urlsSeen(page: Page): Promise<string[]> {
  const seen: string[] = [];
  for (const frame of await page.frames()) {
    const urls = await frame
      .evaluate(() => [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)])
      .catch(() => [] as string[]);
    seen.push(...urls);
  }
  return seen;
}

/**
 * A legitimate session whose customer profile tab must then load: the positive marker that comes
 * after an attack, so a frame that the attack would have started has had its chance to ask first.
 */
async function openMarkerSession(page: Page, softphone: Frame): Promise<void> {
  const made = await call(softphone, 'createSession', {
    templateName: 'msdyn_chat_session',
    templateParameters: { customer: 'marker' },
  });
  expect(made.ok).toBe(true);
  await page.waitForFrame(`${origins.host}/tabs/record.html?kind=Customer&name=marker`);
}

/** A page of the attacker's server (the server starts in beforeAll, so this is called in tests). */
const attacker = (name: string): string => `${serverOrigin}/?attack=${name}`;

const runtimeUrls: {
  name: string;
  method: 'createSession' | 'createTab';
  parameters: () => object;
  field: string;
}[] = [
  {
    name: 'a global url on createSession (the desk itself, in a same-origin frame)',
    method: 'createSession',
    parameters: () => ({ customer: 'x', url: `${origins.host}/?attack=global` }),
    field: 'templateParameters.url',
  },
  {
    name: 'a per-tab url on createSession, for the webresource tab',
    method: 'createSession',
    parameters: () => ({ customer: 'x', customer_profile: { url: attacker('per-tab') } }),
    field: 'templateParameters.customer_profile.url',
  },
  {
    name: 'a per-tab url on createSession, for the website tab',
    method: 'createSession',
    parameters: () => ({ customer: 'x', knowledge_search: { url: attacker('website') } }),
    field: 'templateParameters.knowledge_search.url',
  },
  {
    name: 'a javascript: url on createSession',
    method: 'createSession',
    parameters: () => ({ customer: 'x', url: 'javascript:parent.__pwned=1' }),
    field: 'templateParameters.url',
  },
  {
    name: 'a global url on createTab',
    method: 'createTab',
    parameters: () => ({ customer: 'x', url: attacker('tab-global') }),
    field: 'templateParameters.url',
  },
  {
    name: 'a per-tab url on createTab',
    method: 'createTab',
    parameters: () => ({ customer: 'x', call_notes: { url: attacker('tab-per-tab') } }),
    field: 'templateParameters.call_notes.url',
  },
];

for (const { name, method, parameters, field } of runtimeUrls) {
  test(`${name} is refused with INVALID_INPUT, and no frame loads it`, async ({ driver }) => {
    const page = await driver.newPage();
    const softphone = await openDesktop(page);
    const homeTabs = () =>
      page.evaluate(() =>
        (window as unknown as { agentDesktop: { view: { home(): { tabs: { id: string }[] } } } }).agentDesktop.view
          .home()
          .tabs.map((tab) => tab.id),
      );
    // Home holds the desk's record search box before the call.
    const homeBefore = await homeTabs();
    const input =
      method === 'createSession'
        ? { templateName: 'msdyn_chat_session', templateParameters: parameters() }
        : { templateName: 'call_notes', templateParameters: parameters(), isFocused: true };
    const result = await call(softphone, method, input);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect((result as { message: string }).message).toContain(
      `${method}: ${field} can't be given: a tab's URL comes from its tab template only`,
    );
    // Nothing was created: no session, and no new tab in home.
    expect(await sessions(page)).toEqual([]);
    expect(await homeTabs()).toEqual(homeBefore);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await openMarkerSession(page, softphone);
    expect(attackerHits).toEqual([]);
    expect((await urlsSeen(page)).filter((url) => url.includes('attack=') || url.startsWith(serverOrigin))).toEqual([]);
  });
}

test('a slug value is one encoded component: it adds no parameter, fragment or path', async ({ driver }) => {
  const page = await driver.newPage();
  const softphone = await openDesktop(page);
  const customer = 'x&tier=Platinum#frag/../../?attack=1';
  const made = await call(softphone, 'createSession', {
    templateName: 'msdyn_chat_session',
    templateParameters: { customer, knowledge_search: { topic: '../../admin?role=admin#top' } },
  });
  expect(made.ok).toBe(true);
  const profile = await page.waitForFrame(`${origins.host}/tabs/record.html?kind=Customer&name=x%26`);
  const loaded = new URL(await profile.url());
  expect(loaded.pathname).toBe('/tabs/record.html');
  expect(loaded.searchParams.get('name')).toBe(customer);
  expect(loaded.searchParams.getAll('tier')).toEqual(['Standard']);
  expect(loaded.searchParams.has('attack')).toBe(false);
  expect(loaded.hash).toBe('');
  // The website tab, made when the agent first shows it.
  await page.getByRole('tablist', { name: 'Tabs' }).getByRole('tab', { name: 'Knowledge' }).click();
  const knowledge = await page.waitForFrame(`${origins.widget}/softphone/knowledge.html?q=`);
  const kb = new URL(await knowledge.url());
  expect(kb.pathname).toBe('/softphone/knowledge.html');
  expect(kb.searchParams.get('q')).toBe('../../admin?role=admin#top');
  expect([...kb.searchParams.keys()]).toEqual(['q']);
  expect(kb.hash).toBe('');
});

test.describe('createHost refuses what would let a URL be chosen', () => {
  /** Starts a host in the test host page and returns what it threw, as plain data. */
  async function startError(page: Page, config: object): Promise<{ code?: string; message?: string }> {
    return page.evaluate((c) => {
      try {
        (window as unknown as { startHost(c: unknown): void }).startHost(c);
        return {};
      } catch (error) {
        const e = error as { code?: string; message?: string };
        return { code: e.code, message: e.message };
      }
    }, config);
  }

  const provider = { name: 'p', url: `${origins.widget}/fixtures/widget.html?host=${origins.host}` };
  const templates = (url: string, type = 'webresource'): object => ({
    sessionTemplates: [{ name: 's', title: 'S', anchorTab: 't' }],
    tabTemplates: [{ name: 't', title: 'T', type, parameters: { url } }],
  });

  for (const [what, url, type] of [
    ['the whole URL', '{url}', 'website'],
    ['the host', 'https://{tenant}.example.com/', 'website'],
    ['the scheme', '{scheme}://crm.example.com/', 'website'],
    ['a webresource path off the host origin', `${origins.widget}/x?q={q}`, 'webresource'],
    ['a data: URL', 'data:text/html,{q}', 'website'],
  ]) {
    test(`a tab template with a slug in, or a URL of, ${what}`, async ({ driver }) => {
      const page = await driver.newPage();
      await openTestHost(page);
      const error = await startError(page, { providers: [provider], options: templates(url!, type) });
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(/^tabTemplates\[0\] \("t"\)\.parameters\.url /);
    });
  }

  for (const url of ['data:text/html,<p>widget</p>', 'javascript:void 0', 'about:blank']) {
    test(`a provider url with an opaque origin (${url.split(':')[0]}:), and no 'null' target`, async ({ driver }) => {
      const page = await driver.newPage();
      await openTestHost(page);
      const error = await startError(page, { providers: [{ name: 'p', url }] });
      expect(error).toEqual({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^createHost: provider "p" needs an http\(s\) url with a real origin/),
      });
      // The page still works: a host with a real provider starts and its widget connects.
      const widget = `${origins.widget}/fixtures/widget.html?host=${origins.host}`;
      expect(await startError(page, { providers: [{ name: 'q', url: widget }] })).toEqual({});
      await expect((await page.waitForFrame(widget)).locator('#state')).toHaveText('connected');
      await expectNoTrouble(page);
    });
  }
});

test("a widget under an opaque-origin parent never posts to 'null': it fails with ORIGIN_REJECTED", async ({
  driver,
}) => {
  const page = await driver.newPage();
  // A page of the host origin in a frame sandboxed without allow-same-origin, so its origin is
  // opaque; it frames the widget (fixtures/nest.html), which trusts 'null', from this spec's server.
  const widget = `${serverOrigin}/widget.html?host=null&connect=manual&handshakeTimeoutMs=500`;
  const parent = `${origins.host}/fixtures/nest.html?src=${encodeURIComponent(widget)}`;
  await page.goto(`${origins.host}/fixtures/blank.html`);
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.title = 'opaque parent';
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.src = src;
    document.body.append(frame);
  }, parent);
  const opaque = await page.waitForFrame(parent);
  expect(await opaque.evaluate(() => origin)).toBe('null');
  const frame = await page.waitForFrame(widget);
  await expect(frame.locator('#state')).toHaveCount(1);
  // Firefox has no location.ancestorOrigins; where there is one, it names the opaque parent.
  expect(await frame.evaluate(() => location.ancestorOrigins?.[0] ?? 'null')).toBe('null');
  // Posting to 'null' throws a SyntaxError in the browser; with no other target the widget says why.
  const result = await frame.evaluate(() =>
    (window as unknown as { connectBridge(): Promise<unknown> }).connectBridge(),
  );
  expect(result).toMatchObject({ ok: false, code: 'ORIGIN_REJECTED' });
});
