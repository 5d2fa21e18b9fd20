/**
 * A widget's data never chooses a URL, in real Chromium: the example softphone, on another origin
 * than the example desk, tries to make a tab load a page of its choosing (a runtime `url`, global or
 * per tab, on createSession and createTab; a slug value that smuggles in a parameter, a fragment or
 * a path), and no frame ever asks for the attacker's URL. Also: the host refuses, when it starts, a
 * tab template or a provider that would let a URL be chosen, and neither side ever names the opaque
 * origin 'null' as a postMessage target.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { expectNoTrouble } from './support/assertions.js';
import { openDesktop, openTestHost, sessions } from './support/hosts.js';
import { origins } from './support/origins.js';
import { recordTrouble } from './support/waiting.js';
import { call, frameAt } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every URL the page or any of its frames requests, from the moment this is called. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

/**
 * A legitimate session whose customer profile tab must then load: the positive marker that comes
 * after an attack, so a frame that the attack would have started has had its chance to ask first.
 */
async function openMarkerSession(page: Page, softphone: Parameters<typeof call>[0]): Promise<void> {
  const made = await call(softphone, 'createSession', {
    templateName: 'msdyn_chat_session',
    templateParameters: { customer: 'marker' },
  });
  expect(made.ok).toBe(true);
  await frameAt(page, `${origins.host}/tabs/record.html?kind=Customer&name=marker`);
}

const attacker = (name: string): string => `${origins.host}/?attack=${name}`;

const runtimeUrls: { name: string; method: 'createSession' | 'createTab'; parameters: object; field: string }[] = [
  {
    name: 'a global url on createSession (the desk itself, in a same-origin frame)',
    method: 'createSession',
    parameters: { customer: 'x', url: attacker('global') },
    field: 'templateParameters.url',
  },
  {
    name: 'a per-tab url on createSession, for the webresource tab',
    method: 'createSession',
    parameters: { customer: 'x', customer_profile: { url: attacker('per-tab') } },
    field: 'templateParameters.customer_profile.url',
  },
  {
    name: 'a per-tab url on createSession, for the website tab',
    method: 'createSession',
    parameters: { customer: 'x', knowledge_search: { url: `${origins.hostile}/?attack=website` } },
    field: 'templateParameters.knowledge_search.url',
  },
  {
    name: 'a javascript: url on createSession',
    method: 'createSession',
    parameters: { customer: 'x', url: 'javascript:parent.__pwned=1' },
    field: 'templateParameters.url',
  },
  {
    name: 'a global url on createTab',
    method: 'createTab',
    parameters: { customer: 'x', url: attacker('tab-global') },
    field: 'templateParameters.url',
  },
  {
    name: 'a per-tab url on createTab',
    method: 'createTab',
    parameters: { customer: 'x', call_notes: { url: attacker('tab-per-tab') } },
    field: 'templateParameters.call_notes.url',
  },
];

for (const { name, method, parameters, field } of runtimeUrls) {
  test(`${name} is refused with INVALID_INPUT, and no frame loads it`, async ({ page }) => {
    const requests = recordRequests(page);
    const softphone = await openDesktop(page);
    const input =
      method === 'createSession'
        ? { templateName: 'msdyn_chat_session', templateParameters: parameters }
        : { templateName: 'call_notes', templateParameters: parameters, isFocused: true };
    const result = await call(softphone, method, input);
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect((result as { message: string }).message).toContain(
      `${method}: ${field} can't be given: a tab's URL comes from its tab template only`,
    );
    // Nothing was created: no session, and no tab in home.
    expect(await sessions(page)).toEqual([]);
    const homeTabs = await page.evaluate(
      () =>
        (window as unknown as { agentDesktop: { view: { home(): { tabs: unknown[] } } } }).agentDesktop.view.home()
          .tabs,
    );
    expect(homeTabs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await openMarkerSession(page, softphone);
    expect(requests.filter((url) => url.includes('attack=') || url.startsWith(origins.hostile))).toEqual([]);
  });
}

test('a slug value is one encoded component: it adds no parameter, fragment or path', async ({ page }) => {
  const softphone = await openDesktop(page);
  const customer = 'x&tier=Platinum#frag/../../?attack=1';
  const made = await call(softphone, 'createSession', {
    templateName: 'msdyn_chat_session',
    templateParameters: { customer, knowledge_search: { topic: '../../admin?role=admin#top' } },
  });
  expect(made.ok).toBe(true);
  const profile = await frameAt(page, `${origins.host}/tabs/record.html?kind=Customer&name=x%26`);
  const loaded = new URL(profile.url());
  expect(loaded.pathname).toBe('/tabs/record.html');
  expect(loaded.searchParams.get('name')).toBe(customer);
  expect(loaded.searchParams.getAll('tier')).toEqual(['Standard']);
  expect(loaded.searchParams.has('attack')).toBe(false);
  expect(loaded.hash).toBe('');
  // The website tab, made when the agent first shows it.
  await page.getByRole('tablist', { name: 'Tabs' }).getByRole('tab', { name: 'Knowledge' }).click();
  const knowledge = await frameAt(page, `${origins.widget}/softphone/knowledge.html?q=`);
  const kb = new URL(knowledge.url());
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
    test(`a tab template with a slug in, or a URL of, ${what}`, async ({ page }) => {
      await openTestHost(page);
      const error = await startError(page, { providers: [provider], options: templates(url!, type) });
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(/^tabTemplates\[0\] \("t"\)\.parameters\.url /);
    });
  }

  for (const url of ['data:text/html,<p>widget</p>', 'javascript:void 0', 'about:blank']) {
    test(`a provider url with an opaque origin (${url.split(':')[0]}:), and no 'null' target`, async ({ page }) => {
      const pageErrors = await recordTrouble(page);
      await openTestHost(page);
      const error = await startError(page, { providers: [{ name: 'p', url }] });
      expect(error).toEqual({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^createHost: provider "p" needs an http\(s\) url with a real origin/),
      });
      // The page still works: a host with a real provider starts and its widget connects.
      const widget = `${origins.widget}/fixtures/widget.html?host=${origins.host}`;
      expect(await startError(page, { providers: [{ name: 'q', url: widget }] })).toEqual({});
      await expect((await frameAt(page, widget)).locator('#state')).toHaveText('connected');
      await expectNoTrouble(page, pageErrors);
    });
  }
});

test("a widget under an opaque-origin parent never posts to 'null': it fails with ORIGIN_REJECTED", async ({
  page,
}) => {
  // A page on the host origin, served sandboxed, so its origin is opaque; the widget trusts 'null'.
  const parent = `${origins.host}/opaque-parent.html`;
  const widget = `${origins.widget}/fixtures/widget.html?host=null&connect=manual&handshakeTimeoutMs=500`;
  await page.route(parent, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'Content-Security-Policy': 'sandbox allow-scripts' },
      body: `<!doctype html><title>opaque</title><iframe title="widget" src="${widget}"></iframe>`,
    }),
  );
  // The widget page is served here with its scripts inline: the example server allows only loopback
  // frame ancestors, and Chromium stops an opaque-origin frame from loading scripts off loopback.
  const scripts = await Promise.all(
    ['packages/bridge-child/dist/cif-bridge-child.iife.js', 'e2e/fixtures/widget.js'].map((file) =>
      readFile(path.join(root, file), 'utf8'),
    ),
  );
  await page.route(widget, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html>${scripts.map((code) => `<script>${code}</script>`).join('')}<p id="state">widget</p>`,
    }),
  );
  await page.goto(parent);
  const frame = await frameAt(page, widget);
  await expect(frame.locator('#state')).toBeAttached();
  expect(await frame.evaluate(() => location.ancestorOrigins[0])).toBe('null');
  // Posting to 'null' throws a SyntaxError in the browser; with no other target the widget says why.
  const result = await frame.evaluate(() =>
    (window as unknown as { connectBridge(): Promise<unknown> }).connectBridge(),
  );
  expect(result).toMatchObject({ ok: false, code: 'ORIGIN_REJECTED' });
});
