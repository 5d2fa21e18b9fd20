/**
 * `@cif-bridge/testing/playwright`: Playwright's `test` with a `cifHost` fixture, and its `expect`
 * with a `toHaveCalled` matcher.
 *
 * @example
 * ```ts
 * import { test, expect } from '@cif-bridge/testing/playwright';
 *
 * test('the softphone opens a session for a call', async ({ cifHost }) => {
 *   await cifHost.load('http://localhost:3000/softphone.html');
 *   await cifHost.widget.getByRole('button', { name: 'Answer' }).click();
 *   await expect(cifHost).toHaveCalled('createSession', { templateName: 'voice_call' });
 * });
 * ```
 *
 * @packageDocumentation
 */
import { expect as baseExpect, test as base, type ExpectMatcherState, type MatcherReturnType } from '@playwright/test';
import { CifHost } from './CifHost.js';
import { callMatches, describeCalls } from './matchCall.js';
import { startTestHost, type TestHost } from './startTestHost.js';

export { CifHost, type LoadOptions } from './CifHost.js';
export type { CallFilter } from './matchCall.js';

/** The fixtures {@link test} adds for each test. */
export interface CifHostFixtures {
  /** The agent desk for the test's widget: call `await cifHost.load(widgetUrl)` first. */
  cifHost: CifHost;
}

/** The fixtures {@link test} adds for each worker. */
export interface CifHostWorkerFixtures {
  /**
   * The port of the test host on 127.0.0.1 (an option: `test.use({ cifHostPort: 4280 })`). Default 0,
   * any free port, which lets workers run side by side; pin it for a widget that names its CRM's URL
   * in its own page (`data-crmurl`), and run one worker then.
   */
  cifHostPort: number;
  /** The test host server of this worker, shared by its tests. */
  cifHostServer: TestHost;
}

/** Playwright's `test` with the {@link CifHostFixtures.cifHost} fixture. */
export const test = base.extend<CifHostFixtures, CifHostWorkerFixtures>({
  cifHostPort: [0, { scope: 'worker', option: true }],
  cifHostServer: [
    async ({ cifHostPort }, use) => {
      const server = await startTestHost({ port: cifHostPort });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  cifHost: async ({ page, cifHostServer }, use) => {
    await use(new CifHost(page, cifHostServer));
  },
});

/** How long {@link toHaveCalled} waits between two looks at the trace, in milliseconds. */
const POLL_INTERVALS = [0, 50, 100, 250, 500];

/** Options of `toHaveCalled`. */
export interface ToHaveCalledOptions {
  /** How long to wait for the call, in milliseconds. Default: the `expect` timeout. */
  timeout?: number;
}

/**
 * `await expect(cifHost).toHaveCalled(method, expected?)`: waits until the widget has made a call of
 * `method` (answered, resolved or rejected) whose first argument contains `expected` (objects by the
 * keys given; JSON text is read as JSON). On failure the message lists every call the widget made.
 */
async function toHaveCalled(
  this: ExpectMatcherState,
  cifHost: CifHost,
  method: string,
  expected?: unknown,
  options: ToHaveCalledOptions = {},
): Promise<MatcherReturnType> {
  if (!(cifHost instanceof CifHost)) throw new Error('toHaveCalled: expect() must be given the cifHost fixture.');
  const timeout = options.timeout ?? this.timeout;
  const deadline = Date.now() + timeout;
  let calls = await cifHost.calls();
  for (let attempt = 0; ; attempt += 1) {
    const pass = calls.some((call) => callMatches(call, method, expected));
    // With .not the wait is for the call to be absent, which it is at once or never.
    if (pass !== this.isNot || Date.now() >= deadline) {
      const wanted = `${method}(${expected === undefined ? '…' : JSON.stringify(expected)})`;
      return {
        name: 'toHaveCalled',
        pass,
        expected,
        message: () =>
          `${this.utils.matcherHint('toHaveCalled', 'cifHost', wanted, { isNot: this.isNot })}\n\n` +
          `${this.isNot ? 'Expected no call' : `Expected a call within ${timeout} ms`}: ${wanted}\n` +
          `Calls the widget made (${calls.length}):\n${describeCalls(calls)}`,
      };
    }
    const pause = POLL_INTERVALS[Math.min(attempt + 1, POLL_INTERVALS.length - 1)] ?? 500;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(0, deadline - Date.now()))));
    calls = await cifHost.calls();
  }
}

/** Playwright's `expect` with `toHaveCalled` (see {@link toHaveCalled}). */
export const expect = baseExpect.extend({ toHaveCalled });
