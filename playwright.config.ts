/**
 * Playwright runs two of our three test tiers (STYLE.md point 17):
 * - `unit`: packages/<pkg>/test/unit/**\/*.test.ts in node, with no browser;
 * - `chromium`: e2e/**\/*.e2e.ts against the example servers (examples/serve.mjs), which put the
 *   host and the widgets on different origins.
 * `firefox` and `webkit` are added only with CIF_ALL_BROWSERS=1 and when Playwright's own builds are
 * installed (scripts/test.mjs prints which were left out, and why).
 * The type tests (`tsc --noEmit -p test/types`) are run by scripts/test.mjs, not here.
 */
import { defineConfig, devices, type PlaywrightTestConfig } from '@playwright/test';
import { originsFor, resolveOptions } from './examples/serve.mjs';
import { findChromium, otherBrowsers } from './scripts/findChromium.mjs';

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

/** Flags for a sandbox-less root container with no network but loopback. */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  // Without these, Chromium keeps dialling Google's hosts, which this machine's network refuses.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

type Project = NonNullable<PlaywrightTestConfig['projects']>[number];

const e2e = { testDir: './e2e', testMatch: '**/*.e2e.ts' } satisfies Project;

const projects: Project[] = [
  { name: 'unit', testDir: './packages', testMatch: '**/test/unit/**/*.test.ts' },
  {
    name: 'chromium',
    ...e2e,
    use: {
      ...devices['Desktop Chrome'],
      launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    },
  },
  ...otherBrowsers()
    .filter((browser) => browser.included)
    .map((browser) => ({
      name: browser.name,
      ...e2e,
      use: { ...devices[browser.name === 'firefox' ? 'Desktop Firefox' : 'Desktop Safari'] },
    })),
];

export default defineConfig({
  projects,
  forbidOnly: CI,
  // A flaky test is a defect to fix, not to retry.
  retries: 0,
  workers: 2,
  // .ci/run must finish within 10 minutes, npm ci and the build included.
  globalTimeout: CI ? 8 * 60_000 : 0,
  outputDir: './test-results',
  reporter: [['list'], ['./scripts/summaryReporter.mjs']],
  use: {
    baseURL: origins.host,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node examples/serve.mjs',
    url: `${origins.host}/`,
    reuseExistingServer: !CI,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
