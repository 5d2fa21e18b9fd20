/**
 * Expectations shared by the e2e tests: the value of a call that must succeed, a page that saw no
 * trouble, a prototype fingerprint to compare before and after an attack, and the layout checks of
 * the default UI (boxes side by side, labels not cut off).
 */
import { type DriverFrame as Frame, type DriverPage as Page, expect, type Locator } from '../driver/test.js';
import type { CifOutcome, Outcome } from './widgets.js';

/** The uuid v4 shape. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The value of a call that must succeed (typed `call` or CIF `cif`); fails the test with the error otherwise. */
export function valueOf<T = unknown>(outcome: Outcome | CifOutcome): T {
  expect(outcome, 'the call should succeed').toMatchObject({ ok: true });
  return (outcome as { value: T }).value;
}

/**
 * Expects that the page saw no trouble: no uncaught error, unhandled rejection or CSP violation in
 * any frame, as the served test init script recorded them (`page.recorded()`), and no page error
 * the engine reported.
 */
export async function expectNoTrouble(page: Page): Promise<void> {
  expect(await page.pageErrors()).toEqual([]);
  expect(await page.recorded()).toEqual({});
}

/**
 * Expects a notification's countdown to have started at `seconds`: it shows a whole number of
 * seconds left, no more than `seconds` and no fewer than were left after the time since `since` (a
 * `Date.now()` taken before the notification was asked for). A busy machine may be slow to look; it
 * can't make this fail.
 */
export async function expectCountdownFrom(timer: Locator, seconds: number, since: number): Promise<void> {
  await expect(timer).toHaveText(/^\d+ s left$/);
  const left = Number(/^(\d+)/.exec((await timer.textContent()) ?? '')?.[1]);
  const elapsed = (Date.now() - since) / 1000;
  expect(left).toBeLessThanOrEqual(seconds);
  expect(left).toBeGreaterThanOrEqual(Math.floor(seconds - elapsed) - 1);
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

/** An element's box in CSS pixels, with its right and bottom edges. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  right: number;
  bottom: number;
}

/**
 * The element's box in CSS pixels, to a thousandth of a pixel; it must be shown. Firefox lays out in
 * sixtieths of a pixel and reports them as 32-bit floats, so an edge laid out at 720 can read
 * 720.00003: rounded, it reads 720, and any real overflow (a sixtieth of a pixel or more) still shows.
 */
export async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (found === null) throw new Error(`${locator.toString()} has no box`);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    x: round(found.x),
    y: round(found.y),
    width: round(found.width),
    height: round(found.height),
    right: round(found.x + found.width),
    bottom: round(found.y + found.height),
  };
}

/** Descendants of `locator` (itself included) whose text is wider or taller than their box. */
export function cutOff(locator: Locator): Promise<string[]> {
  return locator.evaluate((element) => {
    // A label cut by text-overflow can be less than a pixel too wide, which scrollWidth rounds away:
    // compare the laid-out text itself with the box inside the element's padding.
    const cut = (each: Element) => {
      const hasText = [...each.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim());
      if (!hasText) return false;
      const range = document.createRange();
      range.selectNodeContents(each);
      const text = range.getBoundingClientRect();
      const box = each.getBoundingClientRect();
      const style = getComputedStyle(each);
      const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
      const right = box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
      return text.left < left - 0.05 || text.right > right + 0.05 || each.scrollHeight > each.clientHeight;
    };
    return [element, ...element.querySelectorAll('*')].filter(cut).map((each) => each.outerHTML.slice(0, 80));
  });
}

/**
 * Expects the default UI's parts left to right, none overlapping: the session list, then the tab
 * strip above the tab's content, then the communication panel.
 */
export function expectSideBySide(list: Box, strip: Box, shown: Box, side: Box): void {
  expect(list.right).toBeLessThanOrEqual(strip.x);
  expect(list.right).toBeLessThanOrEqual(shown.x);
  expect(strip.bottom).toBeLessThanOrEqual(shown.y);
  expect(strip.right).toBeLessThanOrEqual(side.x);
  expect(shown.right).toBeLessThanOrEqual(side.x);
}

/** Expects each of the boxes wholly inside a window of `width` × `height` CSS pixels. */
export function expectInside(boxes: Box[], width: number, height: number): void {
  for (const part of boxes) {
    expect(part.x).toBeGreaterThanOrEqual(0);
    expect(part.y).toBeGreaterThanOrEqual(0);
    expect(part.right).toBeLessThanOrEqual(width);
    expect(part.bottom).toBeLessThanOrEqual(height);
  }
}

/** An onSessionCreated event as `eventsOf` (widgets.ts) gives it: `[name, data]`. */
export function created(sessionId: string, context: Record<string, unknown>): [string, unknown] {
  return ['onSessionCreated', { sessionId, focused: true, context }];
}

/** An onSessionSwitched event as `eventsOf` (widgets.ts) gives it: `[name, data]`. */
export function switched(sessionId: string, focused: boolean, context: Record<string, unknown>): [string, unknown] {
  return ['onSessionSwitched', { sessionId, focused, context }];
}
