/**
 * The WebKit adapter: selenium-webdriver with WebKitGTK's WebKitWebDriver and MiniBrowser, under an
 * Xvfb (MiniBrowser has no headless mode). One Xvfb, one WebKitWebDriver and one session (one
 * MiniBrowser) per worker: starting a MiniBrowser per test cost more than the test. Each test gets
 * clean state instead (see {@link resetSession}): one fresh window (so no sessionStorage), and the
 * cookies, localStorage and sessionStorage of every origin the worker has seen cleared. Pages are the
 * session's windows.
 *
 * WebDriver classic has one current frame per session, so every command here first switches to
 * its page's window and frame, and commands of one session run one at a time (a mutex): two
 * evaluations in different frames would otherwise switch under each other. A frame is known by its
 * path of `window.frames` indices from the top, looked up again for each command, so it survives a
 * reload of any frame.
 */
import { Builder, Key, type WebDriver, type WebElement } from 'selenium-webdriver';
import { MINIBROWSER, startWebKitWebDriver, startXvfb } from '../../scripts/browsers.mjs';
import {
  type ConsoleMessage,
  DEFAULT_VIEWPORT,
  type Driver,
  DriverPage,
  type ElementAction,
  type EngineHost,
  type FrameChannel,
  type PageChannel,
  type Recorded,
  readRecorded,
} from './Driver.js';
import { splitKey } from './keys.js';
import { runQuery, type Step } from './query.js';
import { DEFAULT_TIMEOUT, waitFor } from './waitFor.js';

/** Playwright's key names as WebDriver key codes; other single characters are typed as they are. */
const KEYS: Record<string, string> = {
  Enter: Key.ENTER, Tab: Key.TAB, Escape: Key.ESCAPE, Backspace: Key.BACK_SPACE, Delete: Key.DELETE,
  ArrowUp: Key.ARROW_UP, ArrowDown: Key.ARROW_DOWN, ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT,
  Home: Key.HOME, End: Key.END, PageUp: Key.PAGE_UP, PageDown: Key.PAGE_DOWN, Space: ' ',
  Shift: Key.SHIFT, Control: Key.CONTROL, Alt: Key.ALT, Meta: Key.META,
}; // prettier-ignore

function webdriverKey(name: string): string {
  const key = KEYS[name] ?? (name.length === 1 ? name : undefined);
  if (key === undefined) throw new Error(`press: no WebDriver key for ${name}`);
  return key;
}

/** Records uncaught errors and unhandled rejections of the document it runs in (once). */
function installErrorRecorder(): void {
  const w = window as unknown as { __driverErrors?: string[] };
  if (w.__driverErrors !== undefined) return;
  const errors: string[] = [];
  w.__driverErrors = errors;
  addEventListener('error', (event) => errors.push(event.error instanceof Error ? event.error.message : event.message));
  addEventListener('unhandledrejection', (event) =>
    errors.push(event.reason instanceof Error ? event.reason.message : String(event.reason)),
  );
}

/** What the async script wrapper hands back: a value (or its JSON text), "undefined", or the error. */
type Wrapped = { value: unknown } | { json: string } | { undef: true } | { error: string };

/** Runs commands of one session one at a time. */
class Mutex {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

class SeleniumDriver implements Driver {
  readonly engine = 'webkit';
  readonly mutex = new Mutex();
  #firstWindowUsed = false;

  /**
   * @param session the worker's session, reset for this test
   * @param origins the origins this test's pages have been seen on, for the next reset; this driver adds to it
   */
  constructor(
    readonly session: WebDriver,
    readonly origins: Set<string>,
  ) {}

  /** Notes the origin of a URL the session has been on, so the next test's reset clears it. */
  seen(url: string): string {
    if (/^https?:/.test(url)) this.origins.add(new URL(url).origin);
    return url;
  }

  /** Switches to a window and a frame path (top first). */
  async enter(handle: string, path: readonly number[]): Promise<void> {
    await this.session.switchTo().window(handle);
    await this.session.switchTo().defaultContent();
    for (const index of path) await this.session.switchTo().frame(index);
  }

  /**
   * Runs `fn(arg)` in the current frame; rethrows its error; returns undefined as undefined. With
   * `json`, the result crosses as JSON text: WebDriver classic turns an `undefined` inside an object
   * into `null`, where Playwright and BiDi keep it, so `{ code: undefined }` would compare unequal;
   * as JSON the property is left out, which `expect(...).toEqual` takes as undefined. Without it,
   * the result crosses as WebDriver sends it (an element stays a {@link WebElement}).
   */
  async run<R, A>(fn: (arg: A) => R | Promise<R>, arg: A, json = false): Promise<R> {
    const script = `const done = arguments[arguments.length - 1];
      const fn = (${fn.toString()});
      Promise.resolve().then(() => fn(arguments[0])).then(
        (value) => done(value === undefined ? { undef: true } : ${json ? '{ json: JSON.stringify(value) }' : '{ value }'}),
        (error) => done({ error: String(error && error.message || error) }));`;
    const wrapped = (await this.session.executeAsyncScript(script, arg)) as Wrapped;
    if ('error' in wrapped) throw new Error(`evaluate: ${wrapped.error}`);
    if ('json' in wrapped) return JSON.parse(wrapped.json) as R;
    return ('undef' in wrapped ? undefined : wrapped.value) as R;
  }

  /** Presses a key (or `Modifier+Key`) where the focus is, with WebDriver actions. */
  async keys(combo: string): Promise<void> {
    const { modifiers, key } = splitKey(combo);
    let actions = this.session.actions();
    for (const modifier of modifiers) actions = actions.keyDown(webdriverKey(modifier));
    actions = actions.keyDown(webdriverKey(key)).keyUp(webdriverKey(key));
    for (const modifier of [...modifiers].reverse()) actions = actions.keyUp(webdriverKey(modifier));
    await actions.perform();
  }

  frame(handle: string, path: readonly number[]): FrameChannel {
    const inFrame = <T>(task: () => Promise<T>): Promise<T> =>
      this.mutex.run(async () => {
        await this.enter(handle, path);
        return task();
      });
    return {
      url: () => inFrame(async () => this.seen(await this.run(() => location.href, undefined))),
      evaluate: (fn, arg) => inFrame(() => this.run(fn, arg, true)),
      act: (steps: Step[], action: ElementAction) =>
        inFrame(async () => {
          const element = (await this.run(runQuery, { steps, op: { kind: 'one' as const } })) as unknown as WebElement;
          if (action.kind === 'click') await element.click();
          else if (action.kind === 'hover') await this.session.actions().move({ origin: element }).perform();
          else if (action.kind === 'fill') {
            // Not element.sendKeys: WebKitWebDriver refuses it in a frame ("Element is not
            // focusable"). WebDriver actions type where the focus is, and a script focus() inside a
            // frame that hasn't got the focus doesn't move it there; a native click does. Not
            // element.clear() either: it fires `change`, which Playwright's fill doesn't (a page
            // that commits on change would see an empty value); clear as Playwright does, with `input`.
            await this.session.executeScript(
              "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', { bubbles: true }))",
              element,
            );
            await element.click();
            if (action.value !== '') await this.session.actions().sendKeys(action.value).perform();
          } else {
            // No click here (it would activate a button): focus the frame's window, then the element.
            await this.session.executeScript('window.focus(); arguments[0].focus()', element);
            await this.keys(action.key);
          }
        }),
    };
  }

  /** Every frame path under `path` (depth first), with each frame's error recorder in place. */
  async #walk(handle: string, path: number[]): Promise<number[][]> {
    const count = await this.run(() => window.frames.length, undefined);
    const found: number[][] = [path];
    for (let index = 0; index < count; index += 1) {
      await this.enter(handle, [...path, index]);
      await this.run(installErrorRecorder, undefined).catch(() => undefined);
      found.push(...(await this.#walk(handle, [...path, index])));
    }
    return found;
  }

  page(handle: string): PageChannel {
    const top = (): Promise<void> => this.enter(handle, []);
    const withRecorder = async (): Promise<void> => {
      await this.run(installErrorRecorder, undefined).catch(() => undefined);
    };
    const paths = (): Promise<number[][]> =>
      this.mutex.run(async () => {
        await top();
        return this.#walk(handle, []);
      });
    /** What each frame's init script recorded (null without it), and the driver's recorder's errors. */
    const everyFrame = async () => {
      const found: { recorded: Recorded[] | null; errors: string[] }[] = [];
      for (const path of await paths()) {
        found.push(
          await this.mutex.run(async () => {
            await this.enter(handle, path);
            return {
              recorded: await this.run(readRecorded, undefined),
              errors: await this.run(
                () => (window as unknown as { __driverErrors?: string[] }).__driverErrors ?? [],
                undefined,
              ),
            };
          }),
        );
      }
      return found;
    };
    return {
      goto: (url) =>
        this.mutex.run(async () => {
          await top();
          await this.session.get(this.seen(url));
          await withRecorder();
        }),
      reload: () =>
        this.mutex.run(async () => {
          await top();
          await this.session.navigate().refresh();
          await withRecorder();
        }),
      mainFrame: () => this.frame(handle, []),
      frames: async () => (await paths()).map((path) => this.frame(handle, path)),
      press: (combo) =>
        this.mutex.run(async () => {
          await top();
          await this.keys(combo);
        }),
      setViewportSize: ({ width, height }) =>
        this.mutex.run(async () => {
          await top();
          await sizeViewport(this.session, { width, height });
        }),
      // The test-only init script's record where the page has it (it sees errors thrown while a
      // document loads), else the recorder put in by the driver.
      pageErrors: async () =>
        (await everyFrame()).flatMap(({ recorded, errors }) =>
          recorded === null
            ? errors
            : recorded.filter((entry) => entry.message !== undefined).map((entry) => entry.message!),
        ),
      consoleMessages: async () =>
        (await everyFrame()).flatMap(({ recorded }) =>
          (recorded ?? []).flatMap((entry) =>
            entry.kind === 'console' ? [{ type: entry.type ?? 'log', text: entry.text } satisfies ConsoleMessage] : [],
          ),
        ),
      addInitScript: async () => {
        throw new Error(
          'addInitScript: WebKit (WebKitWebDriver, WebDriver classic) has no hook to run a script before a ' +
            "document's own; use page.recorded() (the served test init script) or evaluate after goto",
        );
      },
      waitForPopup: async (action, timeout) => {
        const before = new Set(await this.mutex.run(() => this.session.getAllWindowHandles()));
        await action();
        const opened = await waitFor(
          () => this.mutex.run(async () => (await this.session.getAllWindowHandles()).find((h) => !before.has(h))),
          (found): found is string => found !== undefined,
          { timeout, message: 'a popup window' },
        );
        return this.page(opened);
      },
      screenshot: () =>
        this.mutex.run(async () => {
          await top();
          return Buffer.from(await this.session.takeScreenshot(), 'base64');
        }),
      close: () =>
        this.mutex.run(async () => {
          await this.session.switchTo().window(handle);
          await this.session.close();
        }),
    };
  }

  async newPage(): Promise<DriverPage> {
    const page = await this.mutex.run(async () => {
      if (this.#firstWindowUsed) await this.session.switchTo().newWindow('tab');
      this.#firstWindowUsed = true;
      return new DriverPage(this.page(await this.session.getWindowHandle()));
    });
    // MiniBrowser opens its window at its own size; start where the other engines start.
    await page.setViewportSize(DEFAULT_VIEWPORT);
    return page;
  }

  /** Nothing to stop: the session is the worker's, and the next test's reset cleans up after this one. */
  async close(): Promise<void> {}
}

/**
 * Sizes the current window's viewport in CSS pixels. WebDriver sizes the window, so the window is
 * sized again by the difference between window and viewport until the viewport is right. WebKitGTK
 * tells the page of a new size some time after `setRect` returns (on a busy machine, after the next
 * script has run), and a stale read would correct by the wrong difference: so each read waits until
 * the page sees the window size last asked for.
 */
async function sizeViewport(session: WebDriver, { width, height }: { width: number; height: number }): Promise<void> {
  const window = session.manage().window();
  const read = () =>
    session.executeScript('return [innerWidth, innerHeight, outerWidth, outerHeight]') as Promise<number[]>;
  const deadline = Date.now() + DEFAULT_TIMEOUT;
  let asked = { width, height };
  await window.setRect(asked);
  for (;;) {
    const [innerWidth, innerHeight] = await waitFor(read, ([, , w, h]) => w === asked.width && h === asked.height, {
      message: `the window to be ${asked.width}×${asked.height} (read as [innerWidth, innerHeight, outerWidth, outerHeight])`,
    });
    if (innerWidth === width && innerHeight === height) return;
    if (Date.now() > deadline) {
      throw new Error(`setViewportSize: the viewport is ${innerWidth}×${innerHeight}, not ${width}×${height}`);
    }
    asked = { width: asked.width + width - innerWidth!, height: asked.height + height - innerHeight! };
    await window.setRect(asked);
  }
}

/** Any http(s) page of `origin` will do for reaching its storage: this path answers 404 everywhere. */
const RESET_PATH = '/__driver-reset';

/**
 * Gives the next test a clean session: every window but the first closed (their sessionStorage goes
 * with them), and, visiting each origin in `origins` (the last test's) in the one left, that origin's cookies,
 * localStorage and sessionStorage cleared; then `about:blank`. Opening a fresh window instead would
 * cost a new web view (over a second under load). Storage of an origin the driver never saw (a frame
 * no test looked at) is not cleared; nor is IndexedDB, the HTTP cache or the window's history.
 */
async function resetSession(session: WebDriver, origins: Iterable<string>): Promise<void> {
  const [kept, ...extra] = await session.getAllWindowHandles();
  for (const handle of extra) {
    await session.switchTo().window(handle);
    await session.close();
  }
  await session.switchTo().window(kept!);
  for (const origin of origins) {
    await session.get(`${origin}${RESET_PATH}`);
    await session.executeScript('localStorage.clear(); sessionStorage.clear();');
    await session.manage().deleteAllCookies();
  }
  await session.get('about:blank');
}

/**
 * Starts an Xvfb and a WebKitWebDriver for one worker; the session (a MiniBrowser) is started by the
 * first test and reset for each next one. If a reset fails (a test closed the last window, which ends
 * a WebDriver session, or MiniBrowser died), a new session is started.
 * @param baseOrigins the origins every reset clears, seen or not (the example servers' three)
 */
export async function startWebKit(baseOrigins: readonly string[] = []): Promise<EngineHost> {
  const xvfb = await startXvfb();
  let server: Awaited<ReturnType<typeof startWebKitWebDriver>>;
  try {
    server = await startWebKitWebDriver({ display: xvfb.display });
  } catch (error) {
    xvfb.stop();
    throw error;
  }
  // What the last test was seen on: only a document of an origin can have written its storage, and
  // the tests before were cleaned after them, so the next reset needs no more than these.
  let origins = new Set(baseOrigins);
  let session: WebDriver | undefined;
  const start = () =>
    new Builder()
      .usingServer(server.url)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': {
          binary: MINIBROWSER,
          // A WebKitSettings property as a MiniBrowser option: without it, WebKit blocks a
          // `window.open` that no user gesture started, and the driver's scripts are no gesture.
          // The other two, also WebKitSettings properties: getUserMedia with WebKit's mock microphone
          // and camera instead of real devices (e2e/panel.e2e.ts).
          args: [
            '--automation',
            '--javascript-can-open-windows-automatically=true',
            '--enable-media-stream=true',
            '--enable-mock-capture-devices=true',
          ],
        },
      })
      .build();
  return {
    async newDriver() {
      if (session !== undefined) {
        try {
          await resetSession(session, origins);
        } catch {
          await session.quit().catch(() => undefined);
          session = undefined;
        }
      }
      session ??= await start();
      origins = new Set(baseOrigins);
      return new SeleniumDriver(session, origins);
    },
    async close() {
      await session?.quit().catch(() => undefined);
      server.stop();
      xvfb.stop();
    },
  };
}
