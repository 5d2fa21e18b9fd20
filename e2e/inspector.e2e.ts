/**
 * The call inspector (`@cif-bridge/host/inspector`) on the example agent desktop, behind its
 * "Developer" toggle: the trace as a live table, filtered by provider, method and outcome, searched by
 * correlationId, a row's details on click or Enter, everything as text, and "Export" to a JSON file.
 */
import { type DriverPage as Page, expect, type Locator, test } from './driver/test.js';
import { expectNoTrouble } from './support/assertions.js';
import { openDesktop } from './support/hosts.js';
import { call } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

/** Opens the desktop and its inspector; returns the softphone's frame and the inspector's parts. */
async function openInspector(page: Page) {
  const softphone = await openDesktop(page);
  const toggle = page.getByRole('button', { name: 'Developer' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const inspector = page.getByRole('region', { name: 'Call inspector' });
  await expect(inspector).toBeVisible();
  return {
    softphone,
    inspector,
    rows: inspector.locator('tbody tr'),
    tbody: inspector.locator('tbody'),
    details: inspector.locator('pre'),
  };
}

/** The text of each cell of each row of the table body, one array per row. */
function cells(tbody: Locator): Promise<string[][]> {
  return tbody.evaluate((body) => [...body.children].map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
}

test('the inspector lists the handshakes, and each call live as it is answered', async ({ driver }) => {
  const page = await driver.newPage();
  const { softphone, inspector, tbody } = await openInspector(page);
  // Kind, provider, method, …: each widget's handshake is already there.
  await expect
    .poll(async () => (await cells(tbody)).filter((row) => row[1] === 'handshake').map((row) => row[2]))
    .toEqual(expect.arrayContaining(['softphone']));
  expect(
    await call(
      softphone,
      'createSession',
      { templateName: 'voice_call', templateParameters: { customer: 'Ada' } },
      'ins-ok',
    ),
  ).toMatchObject({ ok: true });
  expect(await call(softphone, 'getSession', 'missing', 'ins-bad')).toMatchObject({ ok: false });
  await expect
    .poll(async () => (await cells(tbody)).filter((row) => row[4]?.startsWith('ins-')).map((row) => row.slice(1, 6)))
    .toEqual([
      ['call', 'softphone', 'createSession', 'ins-ok', 'resolved'],
      ['call', 'softphone', 'getSession', 'ins-bad', 'SESSION_NOT_FOUND'],
    ]);
  await expect(inspector.getByRole('status')).toHaveText(/^\d+ of \d+ entries$/);
  await expectNoTrouble(page);
});

test('filters by provider, method and outcome, and a search by correlationId, narrow the table', async ({ driver }) => {
  const page = await driver.newPage();
  const { softphone, inspector, rows, tbody } = await openInspector(page);
  for (const n of [1, 2, 3]) expect(await call(softphone, 'getMode', `find-${n}`)).toMatchObject({ ok: true });
  expect(await call(softphone, 'getSession', 'missing', 'find-bad')).toMatchObject({ ok: false });
  await expect.poll(async () => (await cells(tbody)).some((row) => row[4] === 'find-bad')).toBe(true);

  await inspector.getByLabel('correlationId').fill('find-');
  await expect
    .poll(async () => (await cells(tbody)).map((row) => row[4]))
    .toEqual(['find-1', 'find-2', 'find-3', 'find-bad']);
  await inspector.getByLabel('Outcome').selectOption('rejected');
  await expect.poll(async () => (await cells(tbody)).map((row) => row[4])).toEqual(['find-bad']);
  await inspector.getByLabel('Outcome').selectOption('');
  await inspector.getByLabel('Method').selectOption('getMode');
  await expect.poll(async () => (await cells(tbody)).map((row) => row[4])).toEqual(['find-1', 'find-2', 'find-3']);
  await inspector.getByLabel('Provider').selectOption('cif-softphone');
  await expect(rows).toHaveCount(0);
  await expect(inspector.getByRole('status')).toHaveText(/^0 of \d+ entries$/);
});

test('the rows are reachable by keyboard: arrows move, Enter shows the entry as text', async ({ driver }) => {
  const page = await driver.newPage();
  const { softphone, inspector, rows, tbody, details } = await openInspector(page);
  // A correlationId is the widget's to choose: markup in it stays text.
  const markup = '<img src=x id=injected>';
  for (const correlationId of ['keys-1', 'keys-2', markup])
    expect(await call(softphone, 'getMode', correlationId)).toMatchObject({ ok: true });
  await inspector.getByLabel('correlationId').fill('<img');
  await expect(rows).toHaveCount(1);
  await inspector.getByLabel('correlationId').fill('');
  // Just these three calls, in order: the CIF softphone's own calls as it starts up may still be
  // arriving, and would otherwise move the last row.
  await inspector.getByLabel('Provider').selectOption('softphone');
  await inspector.getByLabel('Method').selectOption('getMode');
  await expect.poll(async () => (await cells(tbody)).map((row) => row[4])).toEqual(['keys-1', 'keys-2', markup]);

  // One tab stop: the first row; ArrowDown moves to the next, End to the last, Enter shows it.
  await rows.first().focus();
  await rows.first().press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();
  await rows.nth(1).press('End');
  await expect(rows.last()).toBeFocused();
  await rows.last().press('Enter');
  await expect(rows.last()).toHaveAttribute('aria-current', 'true');
  const shown = JSON.parse(await details.textContent()) as { kind: string; correlationId: string };
  expect(shown).toMatchObject({ kind: 'call', method: 'getMode', correlationId: markup, outcome: 'resolved' });
  expect(await page.evaluate(() => document.getElementById('injected'))).toBeNull();
  expect(await inspector.evaluate((panel) => panel.querySelectorAll('img').length)).toBe(0);

  // Home goes back to the first row (and scrolls it into view); a click on it shows its entry. The
  // click goes to a cell: WebKit's WebDriver refuses to click a <tr> itself.
  await rows.last().press('Home');
  await expect(rows.first()).toBeFocused();
  await rows.first().locator('td').first().click();
  await expect(rows.first()).toHaveAttribute('aria-current', 'true');
  expect(JSON.parse(await details.textContent())).toMatchObject({ kind: 'call', correlationId: 'keys-1' });
});

test('"Export" saves the whole trace as a JSON file', async ({ driver }) => {
  const page = await driver.newPage();
  const { softphone, inspector } = await openInspector(page);
  expect(await call(softphone, 'getMode', 'exported')).toMatchObject({ ok: true });
  // The test keeps the file instead of letting the browser download it.
  await page.evaluate(() => {
    const w = window as unknown as { exported: Promise<string>[]; download: string[] };
    w.exported = [];
    w.download = [];
    const make = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob) => {
      w.exported.push(blob.text());
      return make(blob);
    };
    document.addEventListener(
      'click',
      (event) => {
        const link = event.target as HTMLAnchorElement;
        if (link.download) {
          w.download.push(link.download);
          event.preventDefault();
        }
      },
      true,
    );
  });
  await inspector.getByRole('button', { name: 'Export' }).click();
  const saved = await page.evaluate(async () => {
    const w = window as unknown as { exported: Promise<string>[]; download: string[] };
    return { download: w.download, text: await w.exported[0] };
  });
  expect(saved.download).toEqual(['cif-bridge-trace.json']);
  const entries = JSON.parse(saved.text ?? '[]') as { kind: string; correlationId?: string }[];
  expect(entries.some((entry) => entry.kind === 'call' && entry.correlationId === 'exported')).toBe(true);
  expect(entries.some((entry) => entry.kind === 'handshake')).toBe(true);
});

test('the Developer toggle hides the inspector again and keeps its filters', async ({ driver }) => {
  const page = await driver.newPage();
  const { inspector } = await openInspector(page);
  await inspector.getByLabel('correlationId').fill('kept');
  const toggle = page.getByRole('button', { name: 'Developer' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(inspector).toBeHidden();
  await toggle.click();
  await expect(inspector.getByLabel('correlationId')).toHaveValue('kept');
});
