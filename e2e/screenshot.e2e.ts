/**
 * Takes the README's screenshot (issue 6): the example agent desktop at 1280×800 with two sessions
 * that the softphone opened through its own UI, the chat session focused with its tabs, and the
 * widgets in the communication panel. It writes docs/screenshot.png, which is committed, so run
 * this test again after a change to the default UI or the examples and commit the new picture.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { openDesktop, origins } from './helpers.js';

// The committed picture is rewritten only on request (it shows a fresh session id on every run);
// otherwise the test writes to a scratch path, and checks it all the same.
const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshot.png')
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'screenshot.png');

/** The eight bytes every PNG file starts with. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('writes docs/screenshot.png: the agent desktop with sessions and the softphone', async ({ page }) => {
  // Set before the page loads, so the layout is never drawn at another size first.
  await page.setViewportSize({ width: 1280, height: 800 });
  const softphone = await openDesktop(page);
  const result = softphone.getByRole('log');

  await softphone.getByRole('button', { name: 'Answer call' }).click();
  await expect(result).toHaveText(/^Session created: /);
  await softphone.getByRole('button', { name: 'Start chat' }).click();
  // The first result already matched; wait for the session list to hold the second session too.
  const sessions = page.getByRole('tablist', { name: 'Sessions' });
  await expect(sessions.getByRole('tab', { name: /Call from Contoso Ltd/ })).toBeVisible();
  await expect(sessions.getByRole('tab', { name: /Chat with Contoso Ltd/ })).toHaveAttribute('aria-selected', 'true');
  await expect(result).toHaveText(/^Session created: /);

  // The chat session's tab strip (anchor tab and the knowledge tab), and the anchor tab's content.
  const tabs = page.getByRole('tablist', { name: 'Tabs' });
  await expect(tabs.getByRole('tab', { name: /Contoso Ltd/ })).toBeVisible();
  await expect(tabs.getByRole('tab', { name: /Knowledge/ })).toBeVisible();
  const record = page.frameLocator('.cifb-tab-content:not([hidden]) iframe');
  await expect(record.locator('#name')).toHaveText('Contoso Ltd');

  // The example's second widget, the CIF softphone, when the desktop has it: wait until it is ready,
  // so the picture never catches it starting up.
  const cifSoftphone = page.frames().find((frame) => frame.url().startsWith(`${origins.widget}/cif-softphone/`));
  if (cifSoftphone !== undefined) await expect(cifSoftphone.getByRole('status')).toHaveText(/^Ready/);

  // No caret or hover state in the picture.
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: SCREENSHOT });

  const png = readFileSync(SCREENSHOT);
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(statSync(SCREENSHOT).size).toBeGreaterThan(10 * 1024);
});
