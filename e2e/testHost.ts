/**
 * Helpers of the attack and fault tests (issue 4) around fixtures/test-host.html, whose
 * `startHost(config)` builds a host from a short config (see fixtures/test-host.js).
 */
import { expect, type Frame, type Page } from '@playwright/test';
import type { HostDiagnostics } from '../packages/bridge-host/src/BridgeHost.js';
import { frameAt, origins } from './helpers.js';

/** A provider as fixtures/test-host.js takes it. */
export interface TestProvider {
  name: string;
  url: string;
  origins?: string[];
  templates?: string[];
  /** The page the provider's frame shows, in a frame the page makes (default: the host makes one). */
  frameSrc?: string;
  /** Reuse an iframe already in the page, by CSS selector. */
  frame?: string;
  sandbox?: string;
}

/** The typed test widget (fixtures/widget.html) on the widget origin, trusting the test host. */
export function widgetUrl(query = '', origin = origins.widget): string {
  return `${origin}/fixtures/widget.html?host=${origins.host}${query === '' ? '' : `&${query}`}`;
}

/** Opens fixtures/test-host.html on the host origin; with `providers`, starts a host there too. */
export async function openTestHost(
  page: Page,
  providers?: TestProvider[],
  options: { container?: boolean; options?: Record<string, unknown> } = {},
): Promise<void> {
  await page.goto(`${origins.host}/fixtures/test-host.html`);
  if (providers !== undefined) await startHost(page, providers, options);
}

/** Starts a host in the open test host page (again, after a destroy). */
export async function startHost(
  page: Page,
  providers: TestProvider[],
  options: { container?: boolean; options?: Record<string, unknown> } = {},
): Promise<void> {
  await page.evaluate((config) => (window as unknown as { startHost(c: unknown): void }).startHost(config), {
    providers,
    ...options,
  });
}

/** Waits for a typed test widget to be connected, and returns its frame. */
export async function connectedWidget(page: Page, url: string): Promise<Frame> {
  const frame = await frameAt(page, url);
  await expect(frame.locator('#state')).toHaveText('connected');
  return frame;
}

/** The host's diagnostics (`host.getDiagnostics()`). */
export function diagnostics(page: Page): Promise<HostDiagnostics> {
  return page.evaluate(() =>
    (window as unknown as { host: { getDiagnostics(): HostDiagnostics } }).host.getDiagnostics(),
  );
}

/** The typed client's `pendingCount` in a test widget. */
export function pendingCount(frame: Frame): Promise<number> {
  return frame.evaluate(() => (window as unknown as { client: { pendingCount: number } }).client.pendingCount);
}

/**
 * Installs, in every frame the page will load, recorders of uncaught errors, unhandled rejections
 * and CSP violations (read back with {@link recorded}). Call before the first `goto`.
 */
export async function recordTrouble(page: Page): Promise<string[]> {
  await page.addInitScript(() => {
    const w = window as unknown as { __trouble: string[] };
    w.__trouble = [];
    addEventListener('error', (event) => w.__trouble.push(`error: ${event.message}`));
    addEventListener('unhandledrejection', (event) => w.__trouble.push(`unhandled rejection: ${String(event.reason)}`));
    document.addEventListener('securitypolicyviolation', (event) =>
      w.__trouble.push(`CSP violation: ${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  return pageErrors;
}

/** What {@link recordTrouble} saw in each frame of the page, by frame URL; empty frames left out. */
export async function recorded(page: Page): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const frame of page.frames()) {
    const trouble = await frame
      .evaluate(() => (window as unknown as { __trouble?: string[] }).__trouble ?? [])
      .catch(() => []);
    if (trouble.length > 0) found[frame.url()] = trouble;
  }
  return found;
}

/**
 * The names on the built-in prototypes, and whether a fresh object has picked up any of the
 * properties the attacks try to plant. Compare before and after an attack.
 */
export function prototypeFingerprint(frame: Frame | Page): Promise<string> {
  return frame.evaluate(() => {
    const names = [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) =>
      Object.getOwnPropertyNames(p).sort().join(','),
    );
    const probe = {} as Record<string, unknown>;
    const planted = ['polluted', 'isAdmin', 'type', 'templateName', 'then'].filter((key) => key in probe);
    return JSON.stringify({ names, planted, pwned: 'pwned' in window || '__pwned' in window });
  });
}
