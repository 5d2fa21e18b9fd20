/**
 * Waiting in the e2e tests: for a widget to have seen everything before now, and the recorders of
 * trouble (uncaught errors, unhandled rejections, CSP violations) that a test reads back at its end.
 *
 * "Nothing arrived" is checked without waiting: a widget's events and its call replies share one
 * port, in order, so once a call made after the host acted has answered, any event for it is there.
 */
import { expect, type Frame, type Page } from '@playwright/test';
import { call, cif } from './widgets.js';

/** Waits until a typed widget has seen every call before this one answered (and so every event before it). */
export async function settled(frame: Frame): Promise<void> {
  expect(await call(frame, 'ping')).toEqual({ ok: true, value: null });
}

/** Waits until a CIF widget has seen every call before this one answered (and so every event before it). */
export async function cifSettled(frame: Frame): Promise<void> {
  expect(await cif(frame, 'getMode')).toMatchObject({ ok: true });
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
