/**
 * The WebKit adapter: selenium-webdriver with WebKitGTK's WebKitWebDriver and MiniBrowser, under an
 * Xvfb (MiniBrowser has no headless mode). One Xvfb and one WebKitWebDriver per worker, one session
 * per test: each session is a new MiniBrowser whose automation mode keeps storage in memory, so tests
 * never share it. Pages are the session's windows.
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
  type Driver,
  DriverPage,
  type ElementAction,
  type EngineHost,
  type FrameChannel,
  type PageChannel,
} from './Driver.js';
import { splitKey } from './keys.js';
import { runQuery, type Step } from './query.js';

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

/** What the async script wrapper hands back: a value, "undefined", or the error. */
type Wrapped = { value: unknown } | { undef: true } | { error: string };

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

  constructor(readonly session: WebDriver) {}

  /** Switches to a window and a frame path (top first). */
  async enter(handle: string, path: readonly number[]): Promise<void> {
    await this.session.switchTo().window(handle);
    await this.session.switchTo().defaultContent();
    for (const index of path) await this.session.switchTo().frame(index);
  }

  /** Runs `fn(arg)` in the current frame; rethrows its error; returns undefined as undefined. */
  async run<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    const script = `const done = arguments[arguments.length - 1];
      const fn = (${fn.toString()});
      Promise.resolve().then(() => fn(arguments[0])).then(
        (value) => done(value === undefined ? { undef: true } : { value }),
        (error) => done({ error: String(error && error.message || error) }));`;
    const wrapped = (await this.session.executeAsyncScript(script, arg)) as Wrapped;
    if ('error' in wrapped) throw new Error(`evaluate: ${wrapped.error}`);
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
      url: () => inFrame(() => this.run(() => location.href, undefined)),
      evaluate: (fn, arg) => inFrame(() => this.run(fn, arg)),
      act: (steps: Step[], action: ElementAction) =>
        inFrame(async () => {
          const element = (await this.run(runQuery, { steps, op: { kind: 'one' as const } })) as unknown as WebElement;
          if (action.kind === 'click') await element.click();
          else if (action.kind === 'fill') {
            // Not element.sendKeys: WebKitWebDriver refuses it in a frame ("Element is not
            // focusable"). WebDriver actions type where the focus is, and a script focus() inside a
            // frame that hasn't got the focus doesn't move it there; a native click does.
            await element.clear();
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
    return {
      goto: (url) =>
        this.mutex.run(async () => {
          await top();
          await this.session.get(url);
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
          // WebDriver sizes the window; correct by the difference between window and viewport.
          const window = this.session.manage().window();
          await window.setRect({ width, height });
          const inner = await this.run(() => [innerWidth, innerHeight], undefined);
          await window.setRect({ width: width + (width - inner[0]!), height: height + (height - inner[1]!) });
        }),
      pageErrors: async () => {
        const frames = await paths();
        const errors: string[] = [];
        for (const path of frames) {
          errors.push(
            ...(await this.mutex.run(async () => {
              await this.enter(handle, path);
              return this.run(
                () => (window as unknown as { __driverErrors?: string[] }).__driverErrors ?? [],
                undefined,
              );
            })),
          );
        }
        return errors;
      },
      close: () =>
        this.mutex.run(async () => {
          await this.session.switchTo().window(handle);
          await this.session.close();
        }),
    };
  }

  newPage(): Promise<DriverPage> {
    return this.mutex.run(async () => {
      if (this.#firstWindowUsed) await this.session.switchTo().newWindow('tab');
      this.#firstWindowUsed = true;
      return new DriverPage(this.page(await this.session.getWindowHandle()));
    });
  }

  async close(): Promise<void> {
    await this.session.quit();
  }
}

/** Starts an Xvfb and a WebKitWebDriver for one worker. */
export async function startWebKit(): Promise<EngineHost> {
  const xvfb = await startXvfb();
  let server: Awaited<ReturnType<typeof startWebKitWebDriver>>;
  try {
    server = await startWebKitWebDriver({ display: xvfb.display });
  } catch (error) {
    xvfb.stop();
    throw error;
  }
  return {
    async newDriver() {
      const session = await new Builder()
        .usingServer(server.url)
        .withCapabilities({
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        })
        .build();
      return new SeleniumDriver(session);
    },
    async close() {
      server.stop();
      xvfb.stop();
    },
  };
}
