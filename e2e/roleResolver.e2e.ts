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
  // Every frame loaded and both widgets started, so that what follows compares a page at rest.
  await expect(widget.getByRole('status')).toHaveText(/^Connected to/);
  const cif = page.frameLocator(`iframe[src^="${origins.widget}/cif-softphone/"]`);
  await expect(cif.getByRole('status')).toHaveText(/^Ready/);
  for (const frame of page.frames()) await frame.waitForFunction(() => document.readyState === 'complete');
  const roles = ['tab', 'button', 'img', 'tablist', 'tabpanel', 'status', 'heading', 'complementary', 'log', 'list',
    'listitem', 'textbox', 'main', 'alertdialog', 'timer', 'spinbutton', 'combobox']; // prettier-ignore
  for (const frame of page.frames()) {
    for (const role of roles) {
      // What differs, or '' when the two agree. A widget may still be writing to its log after the
      // session opened, so the two are compared until they agree, and the last difference is shown.
      const difference = async (): Promise<string> => {
        const ours = (await frame.evaluate(runQuery, {
          steps: [{ kind: 'role' as const, role }],
          op: { kind: 'info' as const },
        })) as ElementInfo[];
        const theirs = await frame.getByRole(role as 'tab').count();
        const unfound: string[] = [];
        for (const { name } of ours)
          if ((await frame.getByRole(role as 'tab', { name, exact: true }).count()) === 0) unfound.push(name);
        if (ours.length !== theirs) return `the resolver finds ${ours.length}, Playwright ${theirs}`;
        return unfound.length === 0 ? '' : `Playwright finds none named ${JSON.stringify(unfound)}`;
      };
      await expect.poll(difference, { message: `${role} in ${frame.url()}` }).toBe('');
    }
  }
});
