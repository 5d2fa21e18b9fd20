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
 *   MiniBrowser has no headless mode, so it runs under an Xvfb we start. One WebKitWebDriver per
 *   worker, one session (a fresh MiniBrowser with its own ephemeral storage) per test.
 *
 * The parts that must behave the same everywhere live here and in Locator.ts, on top of a few
 * primitives per engine ({@link FrameChannel}, {@link PageChannel}): finding elements (our own
 * role/name resolver, query.ts), waiting (polling with a timeout and a message that says what was
 * awaited), frame reloads, and finding frames by URL or origin.
 */
import { Locator } from './Locator.js';
import { type Step, matcher } from './query.js';
import { waitFor } from './waitFor.js';

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
export type ElementAction = { kind: 'click' } | { kind: 'fill'; value: string } | { kind: 'press'; key: string };

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
  /** Closes the page. */
  close(): Promise<void>;
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

  /** Elements by CSS selector. */
  locator(selector: string): Locator {
    return new Locator(this.channel(), [{ kind: 'css', selector }]);
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
   * and the frames there were.
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
   * frames so far. In WebKit, which has no event for them over WebDriver classic, a recorder is put
   * into the top document after each `goto`/`reload` and into each frame when `frames()` first sees
   * it, so an error thrown while a document is still loading is missed there.
   */
  pageErrors(): Promise<string[]> {
    return this.page.pageErrors();
  }

  /** Closes the page. */
  async close(): Promise<void> {
    await this.page.close();
  }
}

/** A browser with its own storage, for one test. Every page it opens shares that storage. */
export interface Driver {
  /** Which engine drives it. */
  readonly engine: EngineName;
  /** Opens a new page (tab) sharing this driver's cookies and storage. */
  newPage(): Promise<DriverPage>;
  /** Closes every page and forgets the storage. */
  close(): Promise<void>;
}

/** What a worker keeps for its engine: the running browser (or driver server), one per worker. */
export interface EngineHost {
  /** A fresh driver with empty storage. */
  newDriver(): Promise<Driver>;
  /** Stops the browser and whatever was started for it. */
  close(): Promise<void>;
}
