/**
 * One small browser interface for the e2e tests, with one adapter per engine, so that a test is
 * written once and runs in Chromium, Firefox and WebKit. Playwright Test stays the runner (fixtures,
 * workers, reporter, `expect`); only the browser is driven through this interface.
 *
 * How each engine is driven (see scripts/browsers.mjs for finding and starting them):
 * - chromium: Playwright, with Debian's /usr/bin/chromium (playwrightDriver.ts). One browser per
 *   worker, one browser context per test.
 * - firefox: puppeteer-core over WebDriver BiDi, with Debian's firefox-esr (puppeteerDriver.ts).
 *   Playwright's own Firefox build can't be downloaded here, and its BiDi channel sends commands this
 *   ESR doesn't know. One browser per worker, one BiDi user context (isolated storage) per test.
 * - webkit: selenium-webdriver with WebKitWebDriver and WebKitGTK's MiniBrowser (seleniumDriver.ts).
 *   MiniBrowser has no headless mode, so it runs under an Xvfb we start. One WebKitWebDriver and one
 *   session (one MiniBrowser) per worker, reset between tests: extra windows closed, and cookies and
 *   storage of every origin seen cleared.
 *
 * The parts that must behave the same everywhere live here and in Locator.ts, on top of a few
 * primitives per engine ({@link FrameChannel}, {@link PageChannel}): finding elements (our own
 * role/name resolver, query.ts), waiting (polling with a timeout and a message that says what was
 * awaited), frame reloads, and finding frames by URL or origin.
 */
import { Locator } from './Locator.js';
import { type Step, matcher } from './query.js';
import { DEFAULT_TIMEOUT, waitFor } from './waitFor.js';

/**
 * The viewport every new page starts with, in every engine: Playwright's Desktop Chrome one, which
 * the chromium project uses, so that a layout (the panel's widest width, what stacks) is the same
 * everywhere.
 */
export const DEFAULT_VIEWPORT = { width: 1280, height: 720 } as const;

/** The engines the suite runs in. */
export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** What an engine adapter gives for one frame (the main frame included). Adapters implement it. */
export interface FrameChannel {
  /** The frame's current URL. */
  url(): Promise<string>;
  /** Runs `fn(arg)` in the frame; `arg` and the result must be JSON-like (and may be promises). */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Resolves `steps` to exactly one element and runs a native (trusted) action on it. */
  act(steps: Step[], action: ElementAction): Promise<void>;
}

/** A native action on one element. Keys use Playwright's names (`Enter`, `Tab`, `Shift+Tab`, `a`). */
export type ElementAction =
  { kind: 'click' } | { kind: 'fill'; value: string } | { kind: 'press'; key: string } | { kind: 'hover' };

/** What an engine adapter gives for one page (tab). Adapters implement it. */
export interface PageChannel {
  /** Navigates the page and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Reloads the page and waits for its load event. */
  reload(): Promise<void>;
  /** The main frame. */
  mainFrame(): FrameChannel;
  /** Every frame of the page, nested ones included, main frame first. */
  frames(): Promise<FrameChannel[]>;
  /** Presses a key (or `Modifier+Key`) in whatever has focus. */
  press(key: string): Promise<void>;
  /** Sets the size of the page's viewport in CSS pixels. */
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  /** Uncaught errors of the page and its frames so far, as messages (see {@link DriverPage.pageErrors}). */
  pageErrors(): Promise<string[]>;
  /** Console messages of the page and its frames so far (see {@link DriverPage.consoleMessages}). */
  consoleMessages(): Promise<ConsoleMessage[]>;
  /** Runs `fn` in every document the page loads from now on, before its own scripts (see {@link DriverPage.addInitScript}). */
  addInitScript(fn: () => void): Promise<void>;
  /** Runs `action` and returns the page (window) it made this page open. */
  waitForPopup(action: () => Promise<unknown>, timeout: number): Promise<PageChannel>;
  /** A PNG of the viewport; absent where the engine can't take one. */
  screenshot?(): Promise<Buffer>;
  /** Closes the page. */
  close(): Promise<void>;
}

/** A console message, as Playwright's `ConsoleMessage.type()` and `text()`. */
export interface ConsoleMessage {
  /** `log`, `info`, `warning`, `error`, `debug`, ... */
  type: string;
  text: string;
}

/**
 * What the test-only init script (e2e/driver/testInit.js, which examples/serve.mjs puts first into
 * every HTML page when started with `CIF_TEST_INIT=1`) records in each document, oldest first.
 */
export interface Recorded {
  /** `error`, `unhandledrejection`, `csp` or `console`. */
  kind: string;
  /** For `console`: the level (as {@link ConsoleMessage.type}). */
  type?: string;
  /** As the e2e helpers word it: `error: <message>`, `unhandled rejection: <reason>`, `CSP violation: <directive> <uri>`; for `console`, the text. */
  text: string;
  /** For `error` and `unhandledrejection`: the bare message, as `pageErrors()` gives it. */
  message?: string;
}

/** Reads what the test-only init script recorded in the document it runs in; null if it isn't there. */
export function readRecorded(): Recorded[] | null {
  return (window as unknown as { __driverRecorded?: Recorded[] }).__driverRecorded ?? null;
}

/** Options of the waiting methods. */
export interface WaitOptions {
  /** Milliseconds (default 5000, like Playwright's expect). */
  timeout?: number;
  /** What is awaited, for the error message. */
  message?: string;
}

/** Where elements are found: a frame, or a page (its main frame). */
export abstract class ElementScope {
  /** Where the scope's queries run. */
  protected abstract channel(): FrameChannel;

  /** Elements by CSS selector; with `has`, only those containing a match of that locator. */
  locator(selector: string, options: { has?: Locator } = {}): Locator {
    const has: Step[] = options.has === undefined ? [] : [{ kind: 'has', steps: [...options.has.steps] }];
    return new Locator(this.channel(), [{ kind: 'css', selector }, ...has]);
  }

  /** Elements by ARIA role and accessible name (see query.ts for the matching rules). */
  getByRole(role: string, options: { name?: string | RegExp; exact?: boolean } = {}): Locator {
    const name = options.name === undefined ? undefined : matcher(options.name, options.exact);
    return new Locator(this.channel(), [{ kind: 'role', role, ...(name === undefined ? {} : { name }) }]);
  }

  /** The innermost elements whose text matches. */
  getByText(text: string | RegExp, options: { exact?: boolean } = {}): Locator {
    return new Locator(this.channel(), [{ kind: 'text', text: matcher(text, options.exact) }]);
  }

  /** Form controls (and aria-labelled elements) by their label. */
  getByLabel(text: string | RegExp, options: { exact?: boolean } = {}): Locator {
    return new Locator(this.channel(), [{ kind: 'label', text: matcher(text, options.exact) }]);
  }

  /** Runs `fn(arg)` in the frame and returns its (awaited) result; both must be JSON-like. */
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.channel().evaluate(fn, arg as A);
  }

  /** Polls `fn(arg)` in the frame until it returns something truthy, and returns that. */
  async waitForFunction<R, A>(fn: (arg: A) => R, arg?: A, options: WaitOptions = {}): Promise<R> {
    const channel = this.channel();
    return waitFor(
      // A frame that is navigating can't evaluate for a moment: that is "not yet", not a failure.
      () => channel.evaluate(fn, arg as A).catch(() => undefined),
      (value): value is R => Boolean(value),
      { timeout: options.timeout, message: options.message ?? `waitForFunction(${String(fn).slice(0, 120)})` },
    );
  }
}

/** A frame of a page (cross-origin and nested frames included). */
export class DriverFrame extends ElementScope {
  /** @param frame the adapter's frame. */
  constructor(private readonly frame: FrameChannel) {
    super();
  }

  protected channel(): FrameChannel {
    return this.frame;
  }

  /** The frame's URL. */
  url(): Promise<string> {
    return this.frame.url();
  }

  /** The frame's origin. */
  async origin(): Promise<string> {
    return new URL(await this.frame.url()).origin;
  }

  /**
   * Reloads this frame alone (`location.reload()` in it) and waits until the new document has
   * loaded. The old document is told apart by a mark set in its window, which the new one lacks.
   */
  async reload(options: WaitOptions = {}): Promise<void> {
    const mark = `__driverReload${Math.random().toString(36).slice(2)}`;
    await this.frame.evaluate((name) => {
      (window as unknown as Record<string, boolean>)[name] = true;
      setTimeout(() => location.reload());
    }, mark);
    await waitFor(
      () =>
        this.frame.evaluate((name) => !(name in window) && document.readyState === 'complete', mark).catch(() => false),
      (done) => done,
      { timeout: options.timeout, message: options.message ?? 'the frame to reload' },
    );
  }
}

/** A page (a tab). Pages of one {@link Driver} share cookies and storage. */
export class DriverPage extends ElementScope {
  /** @param page the adapter's page. */
  constructor(private readonly page: PageChannel) {
    super();
  }

  protected channel(): FrameChannel {
    return this.page.mainFrame();
  }

  /** Opens `url` and waits for its load event. */
  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  /** Reloads the page and waits for its load event. */
  async reload(): Promise<void> {
    await this.page.reload();
  }

  /** The page's URL. */
  url(): Promise<string> {
    return this.page.mainFrame().url();
  }

  /** The main frame. */
  mainFrame(): DriverFrame {
    return new DriverFrame(this.page.mainFrame());
  }

  /** Every frame of the page, nested frames included, the main frame first. */
  async frames(): Promise<DriverFrame[]> {
    return (await this.page.frames()).map((frame) => new DriverFrame(frame));
  }

  /**
   * Waits for the frame whose URL starts with `prefix` (or, given `{ origin }`, whose origin is
   * exactly that), at any depth, and returns it. Throws after the timeout, naming what it awaited
   * and the frames there were. A frame has its URL once its document is committed, which can be
   * before the document's scripts have run: wait for what a script defines before calling it.
   */
  async waitForFrame(target: string | { origin: string }, options: WaitOptions = {}): Promise<DriverFrame> {
    const wanted = typeof target === 'string' ? `a frame at ${target}*` : `a frame of origin ${target.origin}`;
    const test = (url: string): boolean =>
      typeof target === 'string' ? url.startsWith(target) : URL.canParse(url) && new URL(url).origin === target.origin;
    let seen: string[] = [];
    const found = await waitFor(
      async () => {
        const frames = await this.page.frames();
        const urls = await Promise.all(frames.map((frame) => frame.url().catch(() => '')));
        seen = urls;
        const index = urls.findIndex(test);
        return index === -1 ? undefined : frames[index];
      },
      (frame): frame is FrameChannel => frame !== undefined,
      { timeout: options.timeout, message: () => `${options.message ?? wanted} (frames: ${seen.join(', ')})` },
    );
    return new DriverFrame(found);
  }

  /** Presses a key (or `Modifier+Key`) in the focused element, like `page.keyboard.press`. */
  async press(key: string): Promise<void> {
    await this.page.press(key);
  }

  /** Sets the viewport size in CSS pixels. */
  async setViewportSize(size: { width: number; height: number }): Promise<void> {
    await this.page.setViewportSize(size);
  }

  /**
   * Uncaught errors (and unhandled rejections where the engine reports them) of the page and its
   * frames so far. WebKit has no event for them over WebDriver classic: there they are what the
   * test-only init script recorded (see {@link DriverPage.recorded}), or, on a page served without
   * it, what a recorder caught that the driver puts into the top document after each `goto`/`reload`
   * and into each frame when `frames()` first sees it (missing errors thrown while a document loads).
   */
  pageErrors(): Promise<string[]> {
    return this.page.pageErrors();
  }

  /**
   * Console messages of the page and its frames so far. Chromium and Firefox report the browser's
   * own messages too, each its own set (Chromium reports a `postMessage` to a window of another
   * origin than its target origin; Firefox gives none for it). WebKit over
   * WebDriver classic has no console event: there it is what the test-only init script (served with
   * `CIF_TEST_INIT=1`, see {@link DriverPage.recorded}) saw the page's scripts write with
   * `console.*`; the browser's own messages are missed.
   */
  consoleMessages(): Promise<ConsoleMessage[]> {
    return this.page.consoleMessages();
  }

  /**
   * Runs `fn` in every document the page loads from now on (frames included), before the
   * document's own scripts, as Playwright's `addInitScript`. Chromium and Firefox only: WebDriver
   * classic has no such hook, so in WebKit this throws. To record errors, rejections, CSP
   * violations and console messages in every engine, use {@link DriverPage.recorded} instead.
   */
  async addInitScript(fn: () => void): Promise<void> {
    await this.page.addInitScript(fn);
  }

  /**
   * What the test-only init script recorded in each frame of the page (by frame URL; frames that
   * recorded nothing left out), in the e2e helpers' words (`error: ...`, `unhandled rejection: ...`,
   * `CSP violation: ...`). That script (e2e/driver/testInit.js) is put first into every HTML page by
   * examples/serve.mjs when started with `CIF_TEST_INIT=1` (playwright.config.ts does), so it runs
   * before the page's own scripts, in every engine and every origin, and the page's CSP allows it
   * (same origin). Throws if the top document lacks it (the servers run without the flag). With
   * `{ console: true }`, console messages (`console.<type>: text`) are included.
   */
  async recorded(options: { console?: boolean } = {}): Promise<Record<string, string[]>> {
    const top = await this.page.mainFrame().evaluate(readRecorded, undefined);
    if (top === null) {
      throw new Error(
        `recorded: the test-only init script isn't in ${await this.url()}; start examples/serve.mjs with CIF_TEST_INIT=1`,
      );
    }
    const found: Record<string, string[]> = {};
    for (const frame of await this.page.frames()) {
      const entries = await frame.evaluate(readRecorded, undefined).catch(() => null);
      const lines = (entries ?? [])
        .filter((entry) => options.console === true || entry.kind !== 'console')
        .map((entry) => (entry.kind === 'console' ? `console.${entry.type}: ${entry.text}` : entry.text));
      if (lines.length > 0) found[await frame.url()] = [...(found[await frame.url()] ?? []), ...lines];
    }
    return found;
  }

  /**
   * Runs `action` (which makes this page open a window, e.g. `window.open`) and returns the new
   * page once its document has loaded, like `Promise.all([page.waitForEvent('popup'), action()])`.
   */
  async waitForPopup(action: () => Promise<unknown>, options: WaitOptions = {}): Promise<DriverPage> {
    const popup = new DriverPage(await this.page.waitForPopup(action, options.timeout ?? DEFAULT_TIMEOUT));
    await popup.waitForFunction(
      () => document.readyState === 'complete' && location.href !== 'about:blank',
      undefined,
      {
        timeout: options.timeout,
        message: 'the popup to load',
      },
    );
    return popup;
  }

  /**
   * Waits for the one element `iframe` matches, then for the frame it shows (found by the URL in its
   * `src`, as {@link DriverPage.waitForFrame}), like Playwright's `frameLocator(selector)`. A frame
   * is told by its URL, so of two frames showing the same URL this may give the other one; `srcdoc`
   * and `about:blank` frames can't be found this way.
   */
  async waitForFrameOf(iframe: Locator, options: WaitOptions = {}): Promise<DriverFrame> {
    const src = await iframe.getAttribute('src', options);
    if (src === null || src === '') throw new Error(`waitForFrameOf: ${iframe} has no src`);
    const url = new URL(src, await iframe.frame.url()).href;
    return this.waitForFrame(url, options);
  }

  /**
   * A PNG of the viewport, written to `path` too when given. Every engine has one (Playwright,
   * BiDi's captureScreenshot, WebDriver's Take Screenshot); an adapter without one throws, naming
   * its engine.
   */
  async screenshot(options: { path?: string } = {}): Promise<Buffer> {
    if (this.page.screenshot === undefined) throw new Error(`screenshot: this engine's adapter can't take one`);
    const png = await this.page.screenshot();
    if (options.path !== undefined) {
      const { mkdir, writeFile } = await import('node:fs/promises');
      const { dirname } = await import('node:path');
      await mkdir(dirname(options.path), { recursive: true });
      await writeFile(options.path, png);
    }
    return png;
  }

  /** Closes the page. */
  async close(): Promise<void> {
    await this.page.close();
  }
}

/**
 * A browser with its own storage, for one test. Every page it opens shares that storage. (In WebKit
 * the browser is the worker's, reset before the test: see seleniumDriver.ts.)
 */
export interface Driver {
  /** Which engine drives it. */
  readonly engine: EngineName;
  /** Opens a new page (tab) sharing this driver's cookies and storage. */
  newPage(): Promise<DriverPage>;
  /** Closes every page and forgets the storage. */
  close(): Promise<void>;
}

/**
 * A {@link Driver} over one isolated browser context (Playwright's browser context, or a BiDi user
 * context through puppeteer): pages come from the context, and closing it forgets their storage.
 */
export class ContextDriver implements Driver {
  /**
   * @param engine the engine that drives it.
   * @param context opens a page in the context, and closes the context.
   */
  constructor(
    readonly engine: EngineName,
    private readonly context: { newPage(): Promise<PageChannel>; close(): Promise<void> },
  ) {}

  async newPage(): Promise<DriverPage> {
    return new DriverPage(await this.context.newPage());
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** What a worker keeps for its engine: the running browser (or driver server), one per worker. */
export interface EngineHost {
  /** A fresh driver with empty storage. */
  newDriver(): Promise<Driver>;
  /** Stops the browser and whatever was started for it. */
  close(): Promise<void>;
}

/**
 * The {@link EngineHost} of an engine whose browser makes isolated contexts (Playwright's browser
 * contexts, puppeteer's BiDi user contexts): each driver is a new context.
 * @param engine the engine.
 * @param browser makes a context, and closes the browser.
 * @param pageChannel the adapter's channel over one of the context's pages.
 */
export function contextEngineHost<P>(
  engine: EngineName,
  browser: { newContext(): Promise<{ newPage(): Promise<P>; close(): Promise<void> }>; close(): Promise<void> },
  pageChannel: (page: P) => PageChannel,
): EngineHost {
  return {
    async newDriver() {
      const context = await browser.newContext();
      return new ContextDriver(engine, {
        newPage: async () => pageChannel(await context.newPage()),
        close: () => context.close(),
      });
    },
    close: () => browser.close(),
  };
}
