/**
 * The parts of the driver interface (e2e/driver/) that the rest of the suite needs beyond
 * engines.e2e.ts, proven in every engine: a clean state for each test although WebKit reuses one
 * browser per worker, element geometry, options, hover, focus, enabled state, popups, frames found
 * from their `<iframe>`, screenshots, and the served init script's record of errors, rejections, CSP
 * violations and console messages.
 */
import { type DriverPage, expect, test } from './driver/test.js';
import { origins } from './support/origins.js';
import { widgetUrl } from './support/widgets.js';

const BLANK = '/fixtures/blank.html';
/** A `*.localhost` origin: WebKit's reset must clear it too, as one the worker has been on. */
const LOOK_ALIKE = `http://a.widgets.localhost:${new URL(origins.hostile).port}`;

/** Opens fixtures/test-host.html and starts a host with one provider `p` at `url`. */
async function openTestHost(page: DriverPage, url: string): Promise<void> {
  await page.goto(`${origins.host}/fixtures/test-host.html`);
  await page.evaluate((config) => (window as unknown as { startHost(c: unknown): void }).startHost(config), {
    providers: [{ name: 'p', url }],
    options: {},
  });
}

/** What storage a page of the origin it is on sees. */
function storage(page: DriverPage) {
  return page.evaluate(() => ({
    local: localStorage.getItem('isolation'),
    session: sessionStorage.getItem('isolation'),
    cookie: document.cookie,
  }));
}

const written = { local: 'left', session: 'left', cookie: 'isolation=left' };
const empty = { local: null, session: null, cookie: '' };

// The second test must run right after the first, in the same worker (in WebKit: the same
// MiniBrowser), to prove that the reset between tests clears what the first one left.
test.describe.serial('each test starts with clean state', () => {
  test('a test leaves storage, cookies and an extra window behind', async ({ driver }) => {
    const page = await driver.newPage();
    await openTestHost(page, widgetUrl('as=p'));
    const write = () => {
      localStorage.setItem('isolation', 'left');
      sessionStorage.setItem('isolation', 'left');
      document.cookie = 'isolation=left; path=/';
    };
    await page.evaluate(write);
    expect(await storage(page)).toEqual(written);
    // (The widget frames are sandboxed without allow-same-origin: they have no storage to leave.)

    const second = await driver.newPage();
    for (const origin of [origins.widget, LOOK_ALIKE]) {
      await second.goto(`${origin}${BLANK}`);
      await second.evaluate(write);
      expect(await storage(second)).toEqual(written);
    }
  });

  test('the next test in the same worker sees none of it', async ({ driver }) => {
    const page = await driver.newPage();
    expect(await page.url()).toBe('about:blank');
    await openTestHost(page, widgetUrl('as=p'));
    expect(await storage(page)).toEqual(empty);
    for (const origin of [origins.widget, LOOK_ALIKE]) {
      await page.goto(`${origin}${BLANK}`);
      expect(await storage(page)).toEqual(empty);
    }
  });
});

test('elements: boundingBox, selectOption, hover, focus, blur, toBeFocused, toBeEnabled', async ({ driver }) => {
  const page = await driver.newPage();
  await page.goto(`${origins.host}${BLANK}`);
  // Built from script (the page's CSP allows no inline markup handlers or styles, but CSSOM is fine).
  await page.evaluate(() => {
    const events: string[] = [];
    (window as unknown as { events: string[] }).events = events;
    const box = document.createElement('div');
    box.id = 'box';
    box.style.cssText = 'position: fixed; left: 10px; top: 20px; width: 100px; height: 30px';
    box.addEventListener('mouseover', () => events.push('mouseover'));
    const gone = document.createElement('div');
    gone.id = 'gone';
    gone.style.display = 'none';
    const label = document.createElement('label');
    label.textContent = 'Presence ';
    const select = document.createElement('select');
    for (const [value, text] of [
      ['available', 'Available'],
      ['busy', 'Busy'],
      ['away', 'Away'],
    ]) {
      select.append(new Option(text, value));
    }
    select.addEventListener('input', () => events.push(`input ${select.value}`));
    select.addEventListener('change', () => events.push(`change ${select.value}`));
    label.append(select);
    const field = document.createElement('input');
    field.setAttribute('aria-label', 'Note');
    field.addEventListener('blur', () => events.push('blur'));
    const on = document.createElement('button');
    on.textContent = 'On';
    const off = document.createElement('button');
    off.textContent = 'Off';
    off.disabled = true;
    const aria = document.createElement('button');
    aria.textContent = 'Aria off';
    aria.setAttribute('aria-disabled', 'true');
    document.body.append(box, gone, label, field, on, off, aria);
  });
  const events = () => page.evaluate(() => (window as unknown as { events: string[] }).events);

  expect(await page.locator('#box').boundingBox()).toEqual({ x: 10, y: 20, width: 100, height: 30 });
  expect(await page.locator('#gone').boundingBox()).toBeNull();

  // By label, then by value, as Playwright's selectOption.
  expect(await page.getByLabel('Presence').selectOption('Busy')).toEqual(['busy']);
  await expect(page.getByLabel('Presence')).toHaveValue('busy');
  expect(await page.getByLabel('Presence').selectOption('away')).toEqual(['away']);
  await expect(page.getByLabel('Presence')).toHaveValue('away');
  await expect(page.getByLabel('Presence').selectOption('Gone', { timeout: 500 })).rejects.toThrow(/no option/);

  await page.locator('#box').hover();
  await expect.poll(() => page.evaluate(() => document.querySelector('#box')!.matches(':hover'))).toBe(true);

  const note = page.getByRole('textbox', { name: 'Note' });
  await expect(note).not.toBeFocused();
  await note.focus();
  await expect(note).toBeFocused();
  await note.blur();
  await expect(note).not.toBeFocused();

  await expect(page.getByRole('button', { name: 'On' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Off' })).not.toBeEnabled();
  await expect(page.getByRole('button', { name: 'Aria off' })).not.toBeEnabled();

  expect(await events()).toEqual(['input busy', 'change busy', 'input away', 'change away', 'mouseover', 'blur']);
});

test('a new page starts at 1280 x 720, and fill replaces a value without a change event', async ({ driver }) => {
  const page = await driver.newPage();
  await page.goto(`${origins.host}${BLANK}`);
  expect(await page.evaluate(() => [innerWidth, innerHeight])).toEqual([1280, 720]);
  await page.evaluate(() => {
    const events: string[] = [];
    (window as unknown as { events: string[] }).events = events;
    const field = document.createElement('input');
    field.type = 'number';
    field.value = '640';
    field.setAttribute('aria-label', 'Width');
    // As a page that commits on change: an empty value put back the old one.
    field.addEventListener('change', () => {
      events.push(`change ${field.value}`);
      if (field.value === '') field.value = '640';
    });
    document.body.append(field);
  });
  const width = page.getByRole('spinbutton', { name: 'Width' });
  await width.fill('400');
  await expect(width).toHaveValue('400');
  await width.press('Enter');
  expect(await page.evaluate(() => (window as unknown as { events: string[] }).events)).toEqual(['change 400']);
});

test('a window the page opens is a page of the driver', async ({ driver }) => {
  const page = await driver.newPage();
  await page.goto(`${origins.host}${BLANK}`);
  const url = `${origins.widget}/fixtures/raw-client.html`;
  const popup = await page.waitForPopup(() => page.evaluate((src) => void window.open(src, 'popup'), url));
  expect(await popup.url()).toBe(url);
  await expect(popup.locator('#state')).toHaveText('raw client');
  // It is a window of its own, opened by the first page.
  expect(await popup.evaluate(() => window.opener !== null)).toBe(true);
  expect(await page.url()).toBe(`${origins.host}${BLANK}`);
});

test('evaluate gives an undefined inside a result back as undefined, not null', async ({ driver }) => {
  const page = await driver.newPage();
  await page.goto(`${origins.host}${BLANK}`);
  const result = await page.evaluate(() => ({ absent: undefined, nested: { absent: undefined, n: null }, n: 1 }));
  expect(result).toEqual({ absent: undefined, nested: { absent: undefined, n: null }, n: 1 });
  expect(result.absent).toBeUndefined();
  expect(result.nested.absent).toBeUndefined();
  expect(result.nested.n).toBeNull();
});

test('a window a frame of the page opens is a page of the driver too', async ({ driver }) => {
  const page = await driver.newPage();
  const widget = widgetUrl('as=p');
  await openTestHost(page, widget);
  const frame = await page.waitForFrame(widget);
  const url = `${origins.widget}/fixtures/raw-client.html`;
  const popup = await page.waitForPopup(() => frame.evaluate((src) => void window.open(src, 'popup'), url));
  expect(await popup.url()).toBe(url);
  await expect(popup.locator('#state')).toHaveText('raw client');
});

test('a frame is found from its <iframe> element', async ({ driver }) => {
  const page = await driver.newPage();
  const url = widgetUrl('as=p');
  await openTestHost(page, url);
  const frame = await page.waitForFrameOf(page.locator('iframe'));
  expect(await frame.url()).toBe(url);
  await expect(frame.locator('#state')).toHaveText('connected');
});

test('a screenshot is a PNG of the viewport', async ({ driver }, testInfo) => {
  const page = await driver.newPage();
  await page.goto(`${origins.host}${BLANK}`);
  const png = await page.screenshot({ path: testInfo.outputPath('blank.png') });
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  // The IHDR chunk's width and height: a real image, not an empty one.
  expect(png.readUInt32BE(16)).toBeGreaterThan(100);
  expect(png.readUInt32BE(20)).toBeGreaterThan(100);
});

test("the served init script records every frame's errors, rejections, CSP violations and console", async ({
  driver,
}) => {
  const page = await driver.newPage();
  const url = widgetUrl('as=p');
  await openTestHost(page, url);
  const frame = await page.waitForFrame(url);
  await expect(frame.locator('#state')).toHaveText('connected');
  // It runs first, before the page's own scripts, in every document.
  for (const scope of [page, frame]) {
    expect(await scope.evaluate(() => new URL(document.scripts[0]!.src).pathname)).toBe('/__test/init.js');
  }
  expect(await page.recorded()).toEqual({});

  await frame.evaluate(() => {
    console.warn('a warning from the widget');
    setTimeout(() => {
      throw new Error('thrown in the widget');
    });
    void Promise.reject(new Error('rejected in the widget'));
    // Blocked by the page's CSP (script-src 'self' and the host): a violation.
    const script = document.createElement('script');
    script.src = 'http://127.0.0.2:1/blocked.js';
    document.head.append(script);
  });
  // Engines name the directive `script-src-elem` or `script-src`.
  await expect
    .poll(async () => ((await page.recorded())[url] ?? []).map((line) => line.replace('-elem ', ' ')).sort())
    .toEqual([
      'CSP violation: script-src http://127.0.0.2:1/blocked.js',
      'error: Error: thrown in the widget',
      'unhandled rejection: Error: rejected in the widget',
    ]);
  expect((await page.recorded({ console: true }))[url]).toContain('console.warning: a warning from the widget');
  expect(await page.consoleMessages()).toContainEqual({ type: 'warning', text: 'a warning from the widget' });
  await expect.poll(() => page.pageErrors()).toContain('thrown in the widget');
});

test('addInitScript runs in every new document where the engine has a hook, and says why not in WebKit', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const init = () => {
    (window as unknown as { early: string }).early = document.readyState;
  };
  if (driver.engine === 'webkit') {
    await expect(page.addInitScript(init)).rejects.toThrow(/WebKit .*no hook/);
    return;
  }
  await page.addInitScript(init);
  await page.goto(`${origins.host}${BLANK}`);
  expect(await page.evaluate(() => (window as unknown as { early?: string }).early)).toBe('loading');
  await page.reload();
  expect(await page.evaluate(() => (window as unknown as { early?: string }).early)).toBe('loading');
});

test('a postMessage the browser drops for its target origin is no page error', async ({ driver }) => {
  const page = await driver.newPage();
  await page.goto(`${origins.host}${BLANK}`);
  await page.evaluate(() => {
    addEventListener('message', (event) => {
      if (event.data === 'last') throw new Error('thrown after the dropped message');
    });
    // Dropped: this window is not of that origin. Firefox logs that as a JavaScript error, Chromium
    // as a console error. The second message arrives after it, on the same task source.
    postMessage('dropped', 'http://localhost:1');
    postMessage('last', location.origin);
  });
  await expect.poll(() => page.pageErrors()).toContain('thrown after the dropped message');
  expect(await page.pageErrors()).toEqual(['thrown after the dropped message']);
});

test('evaluate returns an object that a result holds twice, in both places', async ({ driver }) => {
  const page = await driver.newPage();
  await page.goto(`${origins.host}${BLANK}`);
  const shared = await page.evaluate(() => {
    const inner = { n: 1 };
    return { a: inner, b: [inner], c: { d: inner } };
  });
  expect(shared).toEqual({ a: { n: 1 }, b: [{ n: 1 }], c: { d: { n: 1 } } });
});
