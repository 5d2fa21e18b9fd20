/**
 * The example CIF softphone (examples/cif-softphone, plain JS on `Microsoft.CIFramework`) on the
 * example desk, for the host's built-in presence and interaction log: its presence picker and the
 * desk's share one presence through `onPresenceChange`, and a call's start and end reach the desk's
 * interaction log. The widget runs on another origin, in every engine.
 */
import { type DriverPage, expect, test } from './driver/test.js';
import { origins } from './support/origins.js';

/** The desk's interaction log, as `[provider, eventName]` pairs. */
async function logged(page: DriverPage): Promise<[string, string][]> {
  const log = await page.evaluate(() =>
    (
      window as unknown as { agentDesktop: { getInteractionLog(): { provider: string; eventName: string }[] } }
    ).agentDesktop.getInteractionLog(),
  );
  return log.map((entry) => [entry.provider, entry.eventName]);
}

test('the CIF softphone shares the desk’s presence and logs its calls to the interaction log', async ({ driver }) => {
  const page = await driver.newPage();
  await page.goto(`${origins.host}/`);
  const cif = await page.waitForFrame(`${origins.widget}/cif-softphone/`);
  await expect(cif.getByRole('status')).toHaveText(/^Ready:/);
  const deskPresence = page.getByRole('status', { name: 'Agent presence' });
  await expect(deskPresence).toHaveText('Presence: Available');

  // The widget sets presence with no handler on the desk: the desk's picker follows.
  await cif.getByLabel('Presence').selectOption('Busy');
  await expect(cif.getByRole('log')).toContainText('Presence set to Busy.');
  await expect(deskPresence).toHaveText('Presence: Busy');
  await expect(page.getByRole('combobox', { name: 'Presence' })).toHaveValue('busy');
  // The agent picks on the desk: the widget hears onPresenceChange.
  await page.getByRole('combobox', { name: 'Presence' }).selectOption('Away');
  await expect(cif.getByLabel('Presence')).toHaveValue('Away');
  await expect(cif.getByRole('log')).toContainText('Presence is now Away.');

  await cif.getByRole('button', { name: 'Simulate incoming call' }).click();
  await page
    .getByRole('alertdialog', { name: 'Incoming call from Ada Lovelace' })
    .getByRole('button', { name: 'Accept' })
    .click();
  await expect.poll(() => logged(page)).toEqual([['cif-softphone', 'CallStarted']]);
  await page.getByRole('button', { name: 'Close session Call with Ada Lovelace' }).click();
  await expect
    .poll(() => logged(page))
    .toEqual([
      ['cif-softphone', 'CallStarted'],
      ['cif-softphone', 'CallEnded'],
    ]);
  // Nothing is NOT_SUPPORTED: the desk answers every call the widget makes, records included.
  await expect(cif.getByRole('log')).not.toContainText('NOT_SUPPORTED');
});
