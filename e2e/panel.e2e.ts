/**
 * The frames the host creates for providers, as a real softphone needs them: a Permissions Policy
 * (microphone, camera, ...) for the provider's own origins, and a sandbox like the one Dynamics 365
 * gives, with popups but no top navigation. Chromium runs with a fake microphone and camera and no
 * permission prompt, and so does Firefox (the driver adapters launch them so); WebKit gets its mock
 * capture devices.
 */
import { type DriverFrame as Frame, expect, test } from './driver/test.js';
import { hostCall, openApiHost, openOneWidget, providerUrl, sessionTemplates } from './support/hosts.js';
import { valueOf } from './support/assertions.js';
import { call } from './support/widgets.js';
import { origins } from './support/origins.js';

/** What `getUserMedia(constraints)` gives in the widget frame: the kinds of its tracks, or the error's name. */
function getUserMedia(frame: Frame, constraints: MediaStreamConstraints): Promise<string> {
  return frame.evaluate(async (c) => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia(c);
      const kinds = stream.getTracks().map((track) => track.kind);
      for (const track of stream.getTracks()) track.stop();
      return kinds.join(',');
    } catch (error) {
      return (error as Error).name;
    }
  }, constraints);
}

test('a widget on another origin gets an audio track from getUserMedia in the frame the host made', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  expect(await getUserMedia(frame, { audio: true })).toBe('audio');
  expect(await getUserMedia(frame, { video: true })).toBe('video');
});

test('a feature left out of the provider allow list is refused in its frame', async ({ driver }) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page, { allow: ['camera'] });
  // The camera, which is listed, works: the refusal below is the policy's, not a missing device.
  expect(await getUserMedia(frame, { video: true })).toBe('video');
  expect(await getUserMedia(frame, { audio: true })).toBe('NotAllowedError');
});

test('the sandboxed provider frame still tells the widget the host origin, and can open its login popup', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  expect(await page.locator('iframe').first().getAttribute('sandbox')).toContain('allow-popups');
  expect(await frame.evaluate(() => document.referrer)).toBe(`${origins.host}/`);
  expect(await frame.evaluate(() => location.ancestorOrigins[0])).toBe(origins.host);
  let opened: boolean | undefined;
  const popup = await page.waitForPopup(async () => {
    opened = await frame.evaluate(
      (url) => window.open(url, '_blank', 'popup,width=400,height=400') !== null,
      `${origins.widget}/fixtures/blank.html?login`,
    );
  });
  expect(opened).toBe(true);
  expect(await popup.url()).toBe(`${origins.widget}/fixtures/blank.html?login`);
});

test("a cross-origin widget can't navigate the agent's page away, even on a click", async ({ driver }) => {
  const page = await driver.newPage();
  const { frame } = await openOneWidget(page);
  const desk = await page.url();
  await frame.evaluate((target) => {
    const button = document.createElement('button');
    button.textContent = 'Leave';
    button.onclick = () => {
      const out = document.createElement('output');
      try {
        window.top!.location.href = target;
        out.textContent = 'navigated';
      } catch (error) {
        out.textContent = (error as Error).name;
      }
      document.body.append(out);
    };
    document.body.append(button);
  }, `${origins.hostile}/fixtures/blank.html?away`);
  // A real click, so the frame has user activation: without a sandbox, Chromium would let it go.
  await frame.getByRole('button', { name: 'Leave' }).click();
  await expect(frame.locator('output')).toHaveText('SecurityError');
  expect(await page.url()).toBe(desk);
});

test("a session template's panelMode and panelWidth apply when its session is created and when it is focused", async ({
  driver,
}) => {
  const page = await driver.newPage();
  // Wide enough for a 420 px panel beside the sessions and the tab (a narrower layout clamps it):
  // each engine's window has another size to begin with.
  await page.setViewportSize({ width: 1280, height: 720 });
  const templates = sessionTemplates.map((t) =>
    t.name === 'call' ? { ...t, panelMode: 0 } : { ...t, panelMode: 1, panelWidth: 420 },
  );
  const [widget] = await openApiHost(page, [{ name: 'alpha', kind: 'typed' }], {
    options: { sessionTemplates: templates },
  });
  const panel = () => page.evaluate(() => (window as unknown as { host: { getPanel(): unknown } }).host.getPanel());
  const callId = valueOf<string>(
    await call(widget!, 'createSession', { templateName: 'call', templateParameters: { customer: 'Ann' } }),
  );
  // The call template minimizes the panel: the agent sees the strip with its Dock button.
  await expect(page.getByRole('button', { name: 'Dock communication panel' })).toBeVisible();
  expect(await panel()).toMatchObject({ mode: 0 });
  const chatId = valueOf<string>(
    await call(widget!, 'createSession', {
      templateName: 'msdyn_chat_session',
      templateParameters: { customer: 'Bob' },
    }),
  );
  await expect(page.getByRole('button', { name: 'Minimize communication panel' })).toBeVisible();
  expect(await panel()).toEqual({ mode: 1, width: 420 });
  // Focusing the call session again applies its template once more.
  expect((await hostCall(page, 'focusSession', callId)).ok).toBe(true);
  await expect(page.getByRole('button', { name: 'Dock communication panel' })).toBeVisible();
  expect(await panel()).toMatchObject({ mode: 0 });
  expect(chatId).not.toBe(callId);
});

test('a hidden panel is never a dead end: a launcher in the main area brings it back, widget still connected', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const alpha = { name: 'alpha', kind: 'typed' } as const;
  const [widget] = await openApiHost(page, [alpha]);
  // A mark in the widget's window: only the same document, never a reloaded or recreated frame, has it.
  await widget!.evaluate(() => {
    (window as unknown as { mark: boolean }).mark = true;
  });
  const launcher = page.getByRole('button', { name: 'Show communication panel' });
  await expect(launcher).toBeHidden();
  expect((await hostCall(page, 'setMode', 2)).ok).toBe(true);
  await expect(page.getByRole('complementary', { name: 'Communication panel' })).toBeHidden();
  await launcher.click();
  await expect(page.getByRole('complementary', { name: 'Communication panel' })).toBeVisible();
  await expect(launcher).toBeHidden();
  expect(await hostCall(page, 'getPanel')).toMatchObject({ ok: true, value: { mode: 1 } });
  // The frame stayed in the document: the same widget document is still connected.
  const after = await page.waitForFrame(providerUrl(alpha));
  await expect(after.locator('#state')).toHaveText('connected');
  expect(await after.evaluate(() => (window as unknown as { mark?: boolean }).mark)).toBe(true);
});
