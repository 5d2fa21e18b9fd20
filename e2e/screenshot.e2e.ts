/**
 * The README's picture: the example agent desktop at 1280×800 with two sessions that the softphone
 * opened through its own UI, the call from a seeded contact focused on her record (the record UI's
 * tab, with the call just logged among her activities), and the widgets in the communication panel. The test checks what the picture is meant to show, the way an agent would see
 * it: each part on screen, side by side, not overlapping, with its labels whole.
 *
 * The picture itself is only an artifact, not a check: it is attached to the test's report, and with
 * `UPDATE_SCREENSHOT=1` also written to docs/screenshot.png (committed; it shows a fresh session id
 * on every run, so it is rewritten only on request, after a change to the default UI or the examples).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './driver/test.js';
import { box, cutOff, expectInside, expectSideBySide } from './support/assertions.js';
import { openDesktop } from './support/hosts.js';
import { origins } from './support/origins.js';

const WIDTH = 1280;
const HEIGHT = 800;

test("the README picture: two sessions, the call focused on the caller's record, and both widgets in the panel", async ({
  driver,
}, testInfo) => {
  const page = await driver.newPage();
  // Set before the page loads, so the layout is never drawn at another size first.
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
  const softphone = await openDesktop(page);
  const result = softphone.getByRole('log');

  // A chat first, then a call from a seeded contact, accepted in the incoming-call notification.
  await softphone.getByRole('button', { name: 'Start chat' }).click();
  await expect(result).toHaveText(/^Session created: /);
  const chatCreated = (await result.textContent()) ?? '';
  await softphone.getByRole('button', { name: 'Simulate incoming call' }).click();
  const ringing = page.getByRole('alertdialog', { name: 'Incoming call from Ada Lovelace' });
  await ringing.getByRole('button', { name: 'Accept' }).click();
  await expect(ringing).toHaveCount(0);
  // The softphone has the call's session id back: only then does "Log call in CRM" know the caller.
  await expect(result).not.toHaveText(chatCreated);
  await expect(result).toHaveText(/^Session created: /);
  const sessions = page.getByRole('tablist', { name: 'Sessions' });
  const chat = sessions.getByRole('tab', { name: /Chat with Contoso Ltd/ });
  const call = sessions.getByRole('tab', { name: /Call with Ada Lovelace/ });
  await expect(chat).toBeVisible();
  await expect(call).toHaveAttribute('aria-selected', 'true');
  await expect(chat).toHaveAttribute('aria-selected', 'false');

  // The call's anchor tab is the caller's contact record, drawn by the record UI, with the call the
  // softphone logged among her activities.
  const tabs = page.getByRole('tablist', { name: 'Tabs' });
  const anchor = tabs.getByRole('tab', { name: 'Ada Lovelace' });
  await expect(anchor).toHaveAttribute('aria-selected', 'true');
  const content = page.getByRole('tabpanel');
  await expect(content).toBeVisible();
  await expect(content.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(content.getByLabel('Mobile Phone')).toHaveValue('+1 425 555 0100');
  const related = content.getByRole('list', { name: 'Related activities' });
  const logged = related.getByRole('button', { name: 'Phone Call: Call with Ada Lovelace' });
  // The list is filled after the form: the seed links a call to her, so it is there once it is.
  await expect(related.getByRole('button').first()).toBeVisible();
  const before = await logged.count();
  await softphone.getByRole('button', { name: 'Log call in CRM' }).click();
  await expect(logged).toHaveCount(before + 1);

  // The communication panel with the softphone in it, ready; and the example's second widget, the
  // CIF softphone, when the desktop has it: the picture must never catch either starting up.
  const panel = page.getByRole('complementary', { name: 'Communication panel' });
  await expect(panel).toBeVisible();
  await expect(softphone.getByRole('status')).toHaveText(/^Connected to/);
  const frames = await page.frames();
  const urls = await Promise.all(frames.map((frame) => frame.url()));
  const cifIndex = urls.findIndex((url) => url.startsWith(`${origins.widget}/cif-softphone/`));
  const cifSoftphone = cifIndex === -1 ? undefined : frames[cifIndex];
  if (cifSoftphone !== undefined) await expect(cifSoftphone.getByRole('status')).toHaveText(/^Ready/);
  const widgets = panel.locator('iframe');
  await expect(widgets).toHaveCount(cifSoftphone === undefined ? 1 : 2);
  for (const widget of await widgets.all()) {
    await expect(widget).toBeVisible();
    const frame = await box(widget);
    expect(frame.width).toBeGreaterThan(100);
    expect(frame.height).toBeGreaterThan(100);
  }

  // Left to right: the session list, the tab strip above the record, the panel. Nothing overlaps,
  // nothing is empty, all of it is inside the window, and no label is cut off.
  const [list, strip, shown, side] = await Promise.all([box(sessions), box(tabs), box(content), box(panel)]);
  expectSideBySide(list, strip, shown, side);
  // The record page gets a readable share of the window, beside a panel wide enough for two widgets.
  expect(shown.width).toBeGreaterThanOrEqual(320);
  expect(shown.height).toBeGreaterThanOrEqual(400);
  for (const part of [list, strip, shown, side]) expect(part.width).toBeGreaterThan(0);
  expectInside([list, strip, shown, side], WIDTH, HEIGHT);
  for (const label of [call, chat, anchor]) expect(await cutOff(label), label.toString()).toEqual([]);

  // No caret or hover state in the picture: the mouse rests on the app bar's brand, which has none.
  await page.locator('.app-bar__brand').hover();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const picture = await page.screenshot();
  await testInfo.attach('screenshot.png', { body: picture, contentType: 'image/png' });
  if (process.env.UPDATE_SCREENSHOT) {
    const here = path.dirname(fileURLToPath(import.meta.url));
    await page.screenshot({ path: path.resolve(here, '..', 'docs', 'screenshot.png') });
  }
});
