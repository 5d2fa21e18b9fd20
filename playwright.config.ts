/**
 * Playwright runs two of our three test tiers (docs/testing.md describes all three):
 * - `unit`: packages/<pkg>/test/unit/**\/*.test.ts in node, with no browser;
 * - `chromium`: e2e/**\/*.e2e.ts against the example servers (examples/serve.mjs), which put the
 *   host and the widgets on different origins.
 * - `testing`: packages/bridge-testing/test/e2e/**\/*.spec.ts, the Playwright fixture of
 *   @cif-bridge/testing driving a CIF widget, in Chromium;
 * - `firefox`, `webkit`: the same e2e specs but CHROMIUM_ONLY's, written against the driver interface
 *   (e2e/driver/), in Debian's firefox-esr (puppeteer-core) and WebKitGTK (selenium-webdriver); the
 *   `chromium` project runs them through Playwright. scripts/test.mjs runs the engines CIF_ENGINES
 *   names (scripts/browsers.mjs finds and starts them).
 * The type tests (`tsc --noEmit -p test/types`) and the type check of e2e/, scripts/ and this file
 * (`-p e2e`, `-p scripts`) are run by scripts/test.mjs, not here.
 */
import { defineConfig, devices, type PlaywrightTestConfig } from '@playwright/test';
import type { EngineName } from './e2e/driver/Driver.js';
import { originsFor, resolveOptions } from './examples/serve.mjs';
import { CHROMIUM_ARGS } from './scripts/browsers.mjs';
import { findChromium } from './scripts/findChromium.mjs';

const CI = Boolean(process.env.CI);
const origins = originsFor(resolveOptions());

/**
 * Resolved while the config loads, because launch options can't be changed later. It only installs
 * (apt-get) when no Chromium exists at all, which `npm test` and `.ci/run` have already handled. If
 * it fails, the unit project still runs and the browser projects fail with the reason.
 */
let chromiumPath: string | undefined;
try {
  chromiumPath = findChromium();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
}

type Project = NonNullable<PlaywrightTestConfig<unknown, { engine: EngineName }>['projects']>[number];

const e2e = { testDir: './e2e', testMatch: '**/*.e2e.ts' } satisfies Project;

/**
 * The e2e specs that run in Chromium only: pixels (the README's screenshot), the 100,000-call load
 * run, the npm packaging and example-server checks, which test our files, not an engine, and the
 * role resolver's check against Playwright's own getByRole, which only Playwright's engine has. Every
 * other spec is written against the driver interface (e2e/driver/test.ts) and runs in all three.
 */
const CHROMIUM_ONLY = ['screenshot.e2e.ts', 'load.e2e.ts', 'packaging.e2e.ts', 'servers.e2e.ts', 'roleResolver.e2e.ts'];

const projects: Project[] = [
  { name: 'unit', testDir: './packages', testMatch: '**/test/unit/**/*.test.ts' },
  // The OData connector against a real OData v4 server on loopback, in node with no browser; its
  // first run installs the server (packages/bridge-records/test/odata/odataServer.ts).
  { name: 'odata', testDir: './packages', testMatch: '**/test/odata/**/*.test.ts' },
  {
    name: 'chromium',
    ...e2e,
    use: {
      ...devices['Desktop Chrome'],
      launchOptions: {
        executablePath: chromiumPath,
        // A fake microphone and camera, and no permission prompt, for the softphone's getUserMedia
        // (e2e/panel.e2e.ts); they change nothing else.
        args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
      },
    },
  },
  // @cif-bridge/testing's own tests: its Playwright fixture, which serves its own test host and widget
  // (so the example servers are not involved), driving a CIF widget. The fixture is Playwright's, so
  // they run in Playwright's Chromium only.
  {
    name: 'testing',
    testDir: './packages/bridge-testing/test/e2e',
    testMatch: '**/*.spec.ts',
    use: { ...devices['Desktop Chrome'], launchOptions: { executablePath: chromiumPath, args: [...CHROMIUM_ARGS] } },
  },
  ...(['firefox', 'webkit'] as const).map((engine) => ({
    name: engine,
    ...e2e,
    testIgnore: CHROMIUM_ONLY.map((spec) => `**/${spec}`),
    use: { engine },
  })),
];

export default defineConfig<unknown, { engine: EngineName }>({
  projects,
  forbidOnly: CI,
  // A flaky test is a defect to fix, not to retry.
  retries: 0,
  workers: 2,
  // .ci/run must finish within 15 minutes, npm ci, the three engines' install and the build included
  // (1 to 3 minutes on a fresh machine). The suite, unit tests and three engines in one run, takes
  // about 6 minutes on a quiet 2-core machine and 8.3 with both cores kept busy by other work; 12
  // minutes is the most the rest leaves it.
  globalTimeout: CI ? 12 * 60_000 : 0,
  outputDir: './test-results',
  reporter: [['list'], ['./scripts/summaryReporter.mjs']],
  use: {
    baseURL: origins.host,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node examples/serve.mjs',
    // The driver's recorder of errors, rejections, CSP violations and console messages, first in
    // every page (examples/serve.mjs, e2e/driver/testInit.js): WebKit's WebDriver has no init scripts.
    env: { CIF_TEST_INIT: '1' },
    url: `${origins.host}/`,
    reuseExistingServer: !CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
