/**
 * The driver interface (e2e/driver/) proven in every engine: these tests are written once and run in
 * the `chromium` (Playwright), `firefox` (puppeteer-core over WebDriver BiDi) and `webkit`
 * (selenium-webdriver with WebKitGTK) projects. Each covers one thing the suite relies on: frames on
 * other origins found by URL, clicks, typing and keys, roles and names, frame reloads, a second page
 * sharing storage, page errors, and `*.localhost` names on loopback.
 */
import type { SessionSnapshot } from '../packages/bridge-host/src/types.js';
import { type DriverFrame, type DriverPage, expect, test } from './driver/test.js';
import { origins } from './support/origins.js';
import type { Outcome } from './support/widgets.js';
import { widgetUrl } from './support/widgets.js';

/** A hello the test host saw (fixtures/test-host.js), and whether it opened a connection. */
interface Hello {
  frame: string | null;
  accepted: boolean;
}

/** Opens fixtures/test-host.html and starts a host with `providers` (see fixtures/test-host.js). */
async function openTestHost(page: DriverPage, providers: unknown[], options: Record<string, unknown> = {}) {
  await page.goto(`${origins.host}/fixtures/test-host.html`);
  await startHost(page, providers, options);
}

/** Starts a host in the open test host page. */
async function startHost(page: DriverPage, providers: unknown[], options: Record<string, unknown> = {}) {
  await page.evaluate((config) => (window as unknown as { startHost(c: unknown): void }).startHost(config), {
    providers,
    options,
  });
}

/** The host's sessions (the example desk's or the test host's). */
function sessions(page: DriverPage): Promise<SessionSnapshot[]> {
  return page.evaluate(() => {
    const w = window as unknown as { agentDesktop?: { getSessions(): unknown }; host?: { getSessions(): unknown } };
    return (w.agentDesktop ?? w.host)!.getSessions() as SessionSnapshot[];
  });
}

/** Runs a client method in a typed test widget (fixtures/widget.js `window.call`). */
function call(frame: DriverFrame, method: string, ...args: unknown[]): Promise<Outcome> {
  return frame.evaluate(
    ([m, a]) => (window as unknown as { call(m: string, ...a: unknown[]): Promise<Outcome> }).call(m, ...a),
    [method, args] as const,
  );
}

const chat = (customer: string) => ({ templateName: 'chat', templateParameters: { customer } });

test('the example desk loads both widgets, each in a frame of the widget origin', async ({ driver }) => {
  const page = await driver.newPage();
  await page.goto(`${origins.host}/`);
  const softphone = await page.waitForFrame(`${origins.widget}/softphone/`);
  const cif = await page.waitForFrame(`${origins.widget}/cif-softphone/`);
  expect(await softphone.origin()).toBe(origins.widget);
  expect(await cif.origin()).toBe(origins.widget);
  expect(await (await page.waitForFrame({ origin: origins.widget })).origin()).toBe(origins.widget);
  await expect(softphone.getByRole('status')).toHaveText(/Connected to/);
  await expect(page.getByRole('tablist', { name: 'Sessions' })).toBeVisible();
  expect(await page.pageErrors()).toEqual([]);
});

test("the softphone's buttons open sessions that the desk lists by role and name", async ({ driver }) => {
  const page = await driver.newPage();
  await page.goto(`${origins.host}/`);
  const softphone = await page.waitForFrame(`${origins.widget}/softphone/`);
  await expect(softphone.getByRole('status')).toHaveText(/Connected to/);

  await softphone.getByRole('textbox', { name: 'Customer' }).fill('Fabrikam');
  await expect(softphone.getByLabel('Customer')).toHaveValue('Fabrikam');
  await softphone.getByRole('button', { name: 'Answer call' }).click();
  await expect(softphone.getByRole('log')).toHaveText(/^Session created: [0-9a-f-]{36}$/);
  const list = page.getByRole('tablist', { name: 'Sessions' });
  await expect(list.getByRole('tab', { name: /Call from Fabrikam/ })).toHaveAttribute('aria-selected', 'true');

  // The keyboard works in a cross-origin frame too: Enter on a focused button activates it.
  await softphone.getByLabel('Customer').fill('Contoso');
  await softphone.getByRole('button', { name: 'Start chat' }).press('Enter');
  await expect(list.getByRole('tab', { name: /Chat with Contoso/ })).toHaveAttribute('aria-selected', 'true');
  // Home, and the two sessions.
  await expect(list.getByRole('tab')).toHaveCount(3);
  await expect(list.getByRole('tab')).toHaveText(['Home', /^Call from Fabrikam/, /^Chat with Contoso/]);
  expect((await sessions(page)).map((s) => [s.title, s.provider])).toEqual([
    ['Call from Fabrikam', 'softphone'],
    ['Chat with Contoso', 'softphone'],
  ]);
});

test('a widget frame that reloads connects again and keeps working', async ({ driver }) => {
  const page = await driver.newPage();
  const url = widgetUrl('as=p');
  await openTestHost(page, [{ name: 'p', url }]);
  const frame = await page.waitForFrame(url);
  await expect(frame.locator('#state')).toHaveText('connected');
  const before = await call(frame, 'createSession', chat('Ann'));
  expect(before).toMatchObject({ ok: true });

  await frame.reload();
  await expect(frame.locator('#state')).toHaveText('connected');
  // The new document is a new connection of the same provider: it owns the session made before.
  expect(await call(frame, 'getAllSessions')).toEqual({ ok: true, value: [(before as { value: string }).value] });
  expect(await call(frame, 'createSession', chat('Bob'))).toMatchObject({ ok: true });
  expect((await sessions(page)).map((s) => [s.title, s.provider])).toEqual([
    ['Chat with Ann', 'p'],
    ['Chat with Bob', 'p'],
  ]);
});

test("a second page shares the first one's localStorage, not its sessionStorage-persisted sessions", async ({
  driver,
}) => {
  const page = await driver.newPage();
  const url = widgetUrl('as=p');
  const providers = [{ name: 'p', url }];
  const persist = { persist: 'sessionStorage' };
  await openTestHost(page, providers, persist);
  // Every test starts with empty storage.
  expect(await page.evaluate(() => localStorage.getItem('engines-test'))).toBeNull();
  await page.evaluate(() => localStorage.setItem('engines-test', 'shared'));
  const frame = await page.waitForFrame(url);
  await expect(frame.locator('#state')).toHaveText('connected');
  expect(await call(frame, 'createSession', chat('Ann'))).toMatchObject({ ok: true });
  const before = await sessions(page);

  // The same page, reloaded, restores its sessions.
  await page.reload();
  await startHost(page, providers, persist);
  expect(await sessions(page)).toEqual(before);

  // A second page of the same browser sees localStorage, but sessionStorage is per page (tab).
  const second = await driver.newPage();
  await openTestHost(second, providers, persist);
  expect(await second.evaluate(() => localStorage.getItem('engines-test'))).toBe('shared');
  expect(await sessions(second)).toEqual([]);
  expect(await sessions(page)).toEqual(before);
});

test('a frame on a look-alike *.localhost origin gets no session', async ({ driver }) => {
  const page = await driver.newPage();
  // The hostile server under a *.localhost name: the engine must resolve it to loopback.
  const lookAlike = `http://a.widgets.localhost:${new URL(origins.hostile).port}`;
  const frameSrc = widgetUrl('as=p&handshakeTimeoutMs=1000', lookAlike);
  await openTestHost(page, [{ name: 'p', url: widgetUrl('as=p'), frameSrc }]);
  const frame = await page.waitForFrame(frameSrc);
  expect(await frame.origin()).toBe(lookAlike);
  await frame.waitForFunction(() => 'ready' in window);

  expect(await call(frame, 'createSession', chat('x'))).toMatchObject({ ok: false, code: 'HANDSHAKE_TIMEOUT' });
  const hellos = await page.evaluate(() => (window as unknown as { hellos: Hello[] }).hellos);
  expect(hellos.filter((hello) => hello.frame === 'frame-p').length).toBeGreaterThan(0);
  expect(hellos.filter((hello) => hello.accepted)).toEqual([]);
  expect(await sessions(page)).toEqual([]);
});

test('an uncaught error in a cross-origin frame is a page error', async ({ driver }) => {
  const page = await driver.newPage();
  const url = widgetUrl('as=p');
  await openTestHost(page, [{ name: 'p', url }]);
  const frame = await page.waitForFrame(url);
  await expect(frame.locator('#state')).toHaveText('connected');
  expect(await page.pageErrors()).toEqual([]);
  await frame.evaluate(() => {
    setTimeout(() => {
      throw new Error('thrown in the widget frame');
    });
  });
  await expect.poll(() => page.pageErrors()).toEqual(['thrown in the widget frame']);
});
