/**
 * The Chromium adapter: Playwright with Debian's Chromium (or Playwright's own, see
 * scripts/findChromium.mjs). One browser per worker, one browser context (isolated storage) per test.
 */
import type { Browser, Frame, Page } from '@playwright/test';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../scripts/browsers.mjs';
import { findChromium } from '../../scripts/findChromium.mjs';
import {
  type ConsoleMessage,
  contextEngineHost,
  type ElementAction,
  type EngineHost,
  type FrameChannel,
  type PageChannel,
} from './Driver.js';
import { runQuery, type Step } from './query.js';

function frameChannel(frame: Frame): FrameChannel {
  return {
    url: async () => frame.url(),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      frame.evaluate(fn as (arg: unknown) => R | Promise<R>, arg) as Promise<R>,
    async act(steps: Step[], action: ElementAction) {
      const handle = await frame.evaluateHandle(runQuery, { steps, op: { kind: 'one' as const } });
      const element = handle.asElement();
      if (element === null) throw new Error('act: the query did not give an element');
      try {
        if (action.kind === 'click') await element.click();
        else if (action.kind === 'fill') await element.fill(action.value);
        else if (action.kind === 'hover') await element.hover();
        else await element.press(action.key);
      } finally {
        await handle.dispose();
      }
    },
  };
}

function pageChannel(page: Page): PageChannel {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const messages: ConsoleMessage[] = [];
  page.on('console', (message) => messages.push({ type: message.type(), text: message.text() }));
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    mainFrame: () => frameChannel(page.mainFrame()),
    frames: async () => page.frames().map(frameChannel),
    press: (key) => page.keyboard.press(key),
    setViewportSize: (size) => page.setViewportSize(size),
    pageErrors: async () => [...errors],
    consoleMessages: async () => [...messages],
    addInitScript: async (fn) => void (await page.addInitScript(fn)),
    async waitForPopup(action, timeout) {
      const [popup] = await Promise.all([page.waitForEvent('popup', { timeout }), action()]);
      return pageChannel(popup);
    },
    screenshot: () => page.screenshot(),
    close: () => page.close(),
  };
}

/**
 * A fake microphone and camera, and no permission prompt, for a softphone's getUserMedia
 * (e2e/panel.e2e.ts); they change nothing else.
 */
const FAKE_MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** Launches Chromium for one worker. */
export async function startChromium(): Promise<EngineHost> {
  const browser: Browser = await chromium.launch({
    executablePath: findChromium(),
    args: [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS],
  });
  return contextEngineHost(
    'chromium',
    { newContext: () => browser.newContext(), close: () => browser.close() },
    pageChannel,
  );
}
