/**
 * The driver's role/name resolver (e2e/driver/query.ts) checked against Playwright's own getByRole
 * in Chromium, on the example desk and its widgets: the same elements for every role the suite
 * queries, and each element findable by Playwright under the name the resolver computed. Runs in
 * the chromium project only (Playwright's getByRole exists nowhere else); the resolver itself is
 * then the same code in every engine.
 */
import { expect, test } from '@playwright/test';
import { type ElementInfo, runQuery } from './driver/query.js';
import { origins } from './support/origins.js';

test('the role resolver finds what Playwright’s getByRole finds on the desk, with the same names', async ({ page }) => {
  // The desk with a session open and its tabs, and both widgets. Roles the suite queries that the
  // desk doesn't show count zero in both.
  await page.goto(`${origins.host}/`);
  const widget = page.frameLocator(`iframe[src^="${origins.widget}/softphone/"]`);
  await widget.getByRole('button', { name: 'Answer call' }).click();
  await page.getByRole('tab', { name: /Call from/ }).waitFor();
  const roles = ['tab', 'button', 'img', 'tablist', 'tabpanel', 'status', 'heading', 'complementary', 'log', 'list',
    'listitem', 'textbox', 'main', 'alertdialog', 'timer', 'spinbutton', 'combobox']; // prettier-ignore
  for (const frame of page.frames()) {
    for (const role of roles) {
      const ours = (await frame.evaluate(runQuery, {
        steps: [{ kind: 'role' as const, role }],
        op: { kind: 'info' as const },
      })) as ElementInfo[];
      const where = `${role} in ${frame.url()}`;
      expect(ours.length, where).toBe(await frame.getByRole(role as 'tab').count());
      for (const { name } of ours) {
        expect(
          await frame.getByRole(role as 'tab', { name, exact: true }).count(),
          `${where} named ${name}`,
        ).toBeGreaterThan(0);
      }
    }
  }
});
