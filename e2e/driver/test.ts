/**
 * Playwright Test, driving the browser through the {@link Driver} interface: import `test` and
 * `expect` from here instead of '@playwright/test'. Each project names its engine with the `engine`
 * option (playwright.config.ts); each worker starts that engine once; each test gets a `driver` with
 * fresh storage, and opens pages with `driver.newPage()`.
 *
 * `expect` gets matchers for our {@link Locator} that wait like Playwright's locator matchers
 * (`toBeVisible`, `toBeHidden`, `toHaveText` (also with an array), `toContainText`, `toHaveCount`,
 * `toHaveAttribute`, `toHaveValue`, `toBeFocused`, `toBeEnabled`, also with `.not`),
 * so converted tests read as before. For anything else, use `expect.poll(() => ...)`.
 */
import { test as base, expect as baseExpect } from '@playwright/test';
import { originsFor, resolveOptions } from '../../examples/serve.mjs';
import type { Driver, EngineHost, EngineName } from './Driver.js';
import { Locator } from './Locator.js';
import type { ElementInfo } from './query.js';
import { DEFAULT_TIMEOUT } from './waitFor.js';

export type { ConsoleMessage, Driver, DriverFrame, DriverPage, EngineName } from './Driver.js';
export { Locator } from './Locator.js';

/** Starts the worker's engine; the adapters load only for the engine a worker runs. */
async function startEngine(engine: EngineName): Promise<EngineHost> {
  switch (engine) {
    case 'chromium':
      return (await import('./playwrightDriver.js')).startChromium();
    case 'firefox':
      return (await import('./puppeteerDriver.js')).startFirefox();
    case 'webkit':
      // The example servers' origins are cleared between tests whether or not a test was seen there.
      return (await import('./seleniumDriver.js')).startWebKit(Object.values(originsFor(resolveOptions())));
  }
}

/** The test with the `driver` fixture (per test) and the `engine` option (per project). */
export const test = base.extend<{ driver: Driver }, { engine: EngineName; engineHost: EngineHost }>({
  engine: ['chromium', { option: true, scope: 'worker' }],
  engineHost: [
    async ({ engine }, use) => {
      const host = await startEngine(engine);
      try {
        await use(host);
      } finally {
        await host.close();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  driver: async ({ engineHost }, use) => {
    const driver = await engineHost.newDriver();
    try {
      await use(driver);
    } finally {
      await driver.close();
    }
  },
});

/** Options of the locator matchers. */
interface MatcherOptions {
  timeout?: number;
}

type Check = { pass: boolean; actual: string };

/** Polls `check` until it gives `pass` (or its opposite under `.not`), then reports as expect does. */
async function pollLocator(
  context: { isNot: boolean; utils: { printReceived(value: unknown): string } },
  name: string,
  locator: unknown,
  expected: string,
  options: MatcherOptions,
  check: (found: ElementInfo[]) => Check,
  attribute?: string,
) {
  if (!(locator instanceof Locator)) throw new Error(`${name}: expected a driver Locator, got ${String(locator)}`);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const deadline = Date.now() + timeout;
  let last: Check = { pass: false, actual: 'nothing read yet' };
  for (;;) {
    const found = await locator
      .info(attribute)
      .catch((error: unknown): ElementInfo[] | Error => (error instanceof Error ? error : new Error(String(error))));
    last = found instanceof Error ? { pass: false, actual: `error: ${found.message}` } : check(found);
    if (last.pass !== context.isNot || Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    pass: last.pass,
    name,
    message: () =>
      `expect(${locator}).${context.isNot ? 'not.' : ''}${name}(${expected})` +
      `${last.pass === context.isNot ? ` failed after ${timeout} ms` : ''}\nReceived: ${last.actual}`,
  };
}

/** Playwright's text comparison: whitespace collapsed in a text (not in a value or attribute). */
const textMatches = (expected: string | RegExp, text: string, contain: boolean, collapse = true): boolean => {
  if (typeof expected !== 'string') return expected.test(text);
  const wanted = collapse ? expected.replace(/\s+/g, ' ').trim() : expected;
  return contain ? text.includes(wanted) : text === wanted;
};

const one = (found: ElementInfo[], read: (el: ElementInfo) => string): string =>
  found.length === 1 ? read(found[0]!) : `${found.length} elements`;

/** Playwright's expect, with waiting matchers for driver locators. */
export const expect = baseExpect.extend({
  async toBeVisible(locator: Locator, options: MatcherOptions = {}) {
    return pollLocator(this, 'toBeVisible', locator, '', options, (found) => ({
      pass: found.length === 1 && found[0]!.visible,
      actual: one(found, (el) => (el.visible ? 'visible' : 'hidden')),
    }));
  },
  async toHaveText(locator: Locator, expected: string | RegExp | (string | RegExp)[], options: MatcherOptions = {}) {
    if (Array.isArray(expected)) {
      // As Playwright: one expected text per matching element, in order.
      return pollLocator(this, 'toHaveText', locator, JSON.stringify(expected.map(String)), options, (found) => ({
        pass: found.length === expected.length && found.every((el, i) => textMatches(expected[i]!, el.text, false)),
        actual: JSON.stringify(found.map((el) => el.text)),
      }));
    }
    return pollLocator(this, 'toHaveText', locator, String(expected), options, (found) => ({
      pass: found.length === 1 && textMatches(expected, found[0]!.text, false),
      actual: one(found, (el) => JSON.stringify(el.text)),
    }));
  },
  async toContainText(locator: Locator, expected: string | RegExp, options: MatcherOptions = {}) {
    return pollLocator(this, 'toContainText', locator, String(expected), options, (found) => ({
      pass: found.length === 1 && textMatches(expected, found[0]!.text, true),
      actual: one(found, (el) => JSON.stringify(el.text)),
    }));
  },
  async toBeHidden(locator: Locator, options: MatcherOptions = {}) {
    return pollLocator(this, 'toBeHidden', locator, '', options, (found) => ({
      // As Playwright: no match at all is hidden too.
      pass: found.every((el) => !el.visible) && found.length <= 1,
      actual: found.length === 0 ? 'no element' : one(found, (el) => (el.visible ? 'visible' : 'hidden')),
    }));
  },
  async toHaveValue(locator: Locator, expected: string | RegExp, options: MatcherOptions = {}) {
    return pollLocator(this, 'toHaveValue', locator, String(expected), options, (found) => ({
      pass: found.length === 1 && found[0]!.value !== null && textMatches(expected, found[0]!.value, false, false),
      actual: one(found, (el) => JSON.stringify(el.value)),
    }));
  },
  async toBeFocused(locator: Locator, options: MatcherOptions = {}) {
    return pollLocator(this, 'toBeFocused', locator, '', options, (found) => ({
      pass: found.length === 1 && found[0]!.focused,
      actual: one(found, (el) => (el.focused ? 'focused' : 'not focused')),
    }));
  },
  async toBeEnabled(locator: Locator, options: MatcherOptions = {}) {
    return pollLocator(this, 'toBeEnabled', locator, '', options, (found) => ({
      pass: found.length === 1 && found[0]!.enabled,
      actual: one(found, (el) => (el.enabled ? 'enabled' : 'disabled')),
    }));
  },
  async toHaveCount(locator: Locator, expected: number, options: MatcherOptions = {}) {
    return pollLocator(this, 'toHaveCount', locator, String(expected), options, (found) => ({
      pass: found.length === expected,
      actual: String(found.length),
    }));
  },
  async toHaveAttribute(locator: Locator, name: string, expected?: string | RegExp, options: MatcherOptions = {}) {
    return pollLocator(
      this,
      'toHaveAttribute',
      locator,
      `${name}, ${String(expected)}`,
      options,
      (found) => ({
        pass:
          found.length === 1 &&
          found[0]!.attribute !== null &&
          // Without a value, as Playwright: the attribute is there.
          (expected === undefined || textMatches(expected, found[0]!.attribute, false, false)),
        actual: one(found, (el) => JSON.stringify(el.attribute)),
      }),
      name,
    );
  },
});
