/**
 * The Firefox adapter: puppeteer-core over WebDriver BiDi, with Debian's firefox-esr. One browser per
 * worker, one BiDi user context (isolated storage) per test.
 *
 * Firefox reports a blocked Content-Security-Policy load (and a rejected cookie, and a `postMessage`
 * dropped for its target origin) as a JavaScript error log entry, which puppeteer turns into
 * `pageerror`; Chromium reports them as console messages. Those entries are left out here so that
 * `pageErrors()` means "uncaught errors" in every engine (tests that care about CSP listen for
 * `securitypolicyviolation` in the page, which every engine fires).
 */
import puppeteer, {
  type Browser,
  type ElementHandle,
  type Frame,
  type KeyInput,
  type Page,
  type Target,
  TargetType,
} from 'puppeteer-core';
import { FIREFOX } from '../../scripts/browsers.mjs';
import {
  type ConsoleMessage,
  contextEngineHost,
  DEFAULT_VIEWPORT,
  type ElementAction,
  type EngineHost,
  type FrameChannel,
  type PageChannel,
} from './Driver.js';
import { splitKey } from './keys.js';
import { runQuery, type Step } from './query.js';

async function pressKey(page: Page, combo: string): Promise<void> {
  const { modifiers, key } = splitKey(combo);
  for (const modifier of modifiers) await page.keyboard.down(modifier as KeyInput);
  await page.keyboard.press(key as KeyInput);
  for (const modifier of modifiers.reverse()) await page.keyboard.up(modifier as KeyInput);
}

/**
 * `fn`, with its result copied into a tree (arrays and plain objects) before it leaves the page.
 * BiDi sends an object that a result holds twice as a reference to its first place, and puppeteer
 * reads that reference as `undefined`: `{ a: o, b: o }` came back as `{ a: o, b: undefined }`.
 */
function untangled<R, A>(fn: (arg: A) => R | Promise<R>): (arg: A) => Promise<R> {
  // The function's source goes to the page, so `fn` is spliced into a new one (as Locator.evaluate does).
  return new Function(
    'arg',
    `const copy = (value) =>
      Array.isArray(value)
        ? value.map(copy)
        : value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))
          ? Object.fromEntries(Object.entries(value).map(([key, each]) => [key, copy(each)]))
          : value;
    return Promise.resolve((${fn.toString()})(arg)).then(copy);`,
  ) as (arg: A) => Promise<R>;
}

function frameChannel(page: Page, frame: Frame): FrameChannel {
  return {
    url: async () => frame.url(),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      frame.evaluate(untangled(fn) as (arg: unknown) => Promise<R>, arg) as Promise<R>,
    async act(steps: Step[], action: ElementAction) {
      const handle = await frame.evaluateHandle(runQuery, { steps, op: { kind: 'one' as const } });
      const element = handle.asElement() as ElementHandle<HTMLElement> | null;
      if (element === null) throw new Error('act: the query did not give an element');
      try {
        if (action.kind === 'click') await element.click();
        else if (action.kind === 'fill') {
          // Playwright's fill replaces the value: clear it, then type the new one with real keys.
          await element.evaluate((el) => {
            (el as HTMLInputElement).value = '';
            el.dispatchEvent(new Event('input', { bubbles: true }));
          });
          await element.focus();
          await page.keyboard.type(action.value);
        } else if (action.kind === 'hover') {
          await element.hover();
        } else {
          await element.focus();
          await pressKey(page, action.key);
        }
      } finally {
        await handle.dispose();
      }
    },
  };
}

/**
 * Firefox's notices that reach puppeteer as JavaScript errors but are no uncaught error: a load the
 * Content-Security-Policy blocked, a cookie it rejected, a `postMessage` it dropped because the
 * receiver is not of the target origin (Chromium logs that one as a console error).
 */
const FIREFOX_NOTICES = /^(Content-Security-Policy: |Cookie “|Failed to execute ‘postMessage’ on ‘DOMWindow’: )/;

function pageChannel(page: Page): PageChannel {
  const errors: string[] = [];
  page.on('pageerror', (error) => {
    const message = error instanceof Error ? error.message : String(error);
    // Firefox's log text starts with the error's name ("TypeError: ..."); Playwright gives the message.
    if (!FIREFOX_NOTICES.test(message)) errors.push(message.replace(/^[A-Za-z]*Error: /, ''));
  });
  const messages: ConsoleMessage[] = [];
  // Puppeteer says `warn` where Playwright says `warning`.
  page.on('console', (message) =>
    messages.push({ type: message.type() === 'warn' ? 'warning' : message.type(), text: message.text() }),
  );
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    mainFrame: () => frameChannel(page, page.mainFrame()),
    frames: async () => page.frames().map((frame) => frameChannel(page, frame)),
    press: (key) => pressKey(page, key),
    setViewportSize: (size) => page.setViewport(size),
    pageErrors: async () => [...errors],
    consoleMessages: async () => [...messages],
    addInitScript: async (fn) => void (await page.evaluateOnNewDocument(fn)),
    async waitForPopup(action, timeout) {
      // Puppeteer's `popup` event (over BiDi) fires only for a window the page's top document opened,
      // not one a frame of it opened (a widget's login window). Each test has a browser context of
      // its own, so the page the context gains while the action runs is the popup.
      const context = page.browserContext();
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onTarget: ((target: Target) => void) | undefined;
      const popup = new Promise<Page>((resolve, reject) => {
        onTarget = (target) => {
          if (target.type() !== TargetType.PAGE) return;
          target
            .page()
            .then(
              (opened) =>
                opened === null ? reject(new Error('waitForPopup: the popup closed at once')) : resolve(opened),
              reject,
            );
        };
        context.on('targetcreated', onTarget);
        timer = setTimeout(() => reject(new Error(`waitForPopup: no popup within ${timeout} ms`)), timeout);
      });
      try {
        const [opened] = await Promise.all([popup, action()]);
        return pageChannel(opened);
      } finally {
        clearTimeout(timer);
        if (onTarget !== undefined) context.off('targetcreated', onTarget);
      }
    },
    screenshot: async () => Buffer.from(await page.screenshot()),
    close: () => page.close(),
  };
}

/** Launches Firefox for one worker. */
export async function startFirefox(): Promise<EngineHost> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: { ...DEFAULT_VIEWPORT },
    // A fake microphone and camera, and no permission prompt, for a softphone's getUserMedia
    // (e2e/panel.e2e.ts); they change nothing else.
    extraPrefsFirefox: { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true },
  });
  return contextEngineHost(
    'firefox',
    { newContext: () => browser.createBrowserContext(), close: () => browser.close() },
    pageChannel,
  );
}
