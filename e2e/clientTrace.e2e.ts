/**
 * The widget's side of the trace: `client.trace()` on the typed client lists the widget's own calls
 * (method, correlationId, duration, outcome and code), and a drop-in widget prints a console table of
 * its recent calls on Ctrl+Alt+Shift+D, pressed for real in the widget's frame.
 */
import { type DriverFrame as Frame, expect, test } from './driver/test.js';
import { chat, openApiHost } from './support/hosts.js';
import { call, cif } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

/** One row of a widget's own trace. */
interface Row {
  method: string;
  correlationId: string;
  durationMs: number;
  outcome: string;
  code?: string;
}

/** `client.trace()` of the typed test widget. */
function clientTrace(frame: Frame): Promise<Row[]> {
  return frame.evaluate(() => (window as unknown as { client: { trace(): Row[] } }).client.trace());
}

test("client.trace() lists the widget's own calls, resolved and rejected with their code, and is bounded", async ({
  driver,
}) => {
  const page = await driver.newPage();
  const [frame] = await openApiHost(page, [{ name: 'alpha', kind: 'typed' }]);
  expect(await call(frame!, 'createSession', chat('Ada'), 'w-ok')).toMatchObject({ ok: true });
  expect(await call(frame!, 'getSession', 'no-such-session', 'w-bad')).toMatchObject({
    ok: false,
    code: 'SESSION_NOT_FOUND',
  });
  const mine = (await clientTrace(frame!)).filter((row) => row.correlationId.startsWith('w-'));
  expect(mine).toEqual([
    { method: 'createSession', correlationId: 'w-ok', durationMs: expect.any(Number), outcome: 'resolved' },
    {
      method: 'getSession',
      correlationId: 'w-bad',
      durationMs: expect.any(Number),
      outcome: 'rejected',
      code: 'SESSION_NOT_FOUND',
    },
  ]);

  // The newest 100 are kept.
  await frame!.evaluate(async () => {
    const client = (window as unknown as { client: { ping(id: string): Promise<void> } }).client;
    for (let i = 0; i < 120; i += 1) await client.ping(`p-${i}`);
  });
  const rows = await clientTrace(frame!);
  expect(rows).toHaveLength(100);
  expect(rows.at(-1)).toMatchObject({ method: 'ping', correlationId: 'p-119', outcome: 'resolved' });
  expect(rows[0]).toMatchObject({ correlationId: 'p-20' });
});

test('Ctrl+Alt+Shift+D in a drop-in widget prints a console table of its recent calls', async ({ driver }) => {
  const page = await driver.newPage();
  const [frame] = await openApiHost(page, [{ name: 'beta', kind: 'cif' }]);
  expect(await cif(frame!, 'createSession', chat('Ada'), 'd-ok')).toMatchObject({ ok: true });
  expect(await cif(frame!, 'getSession', 'no-such-session', 'd-bad')).toMatchObject({ ok: false });
  // The test sees what reaches console.table; the state line takes the focus the key press needs.
  await frame!.evaluate(() => {
    const w = window as unknown as { tables: unknown[] };
    w.tables = [];
    const table = console.table.bind(console);
    console.table = (data: unknown) => {
      w.tables.push(JSON.parse(JSON.stringify(data)));
      table(data);
    };
    document.getElementById('state')!.tabIndex = 0;
  });
  await frame!.locator('#state').press('Control+Alt+Shift+D');
  await expect.poll(() => frame!.evaluate(() => (window as unknown as { tables: unknown[] }).tables.length)).toBe(1);
  const [printed] = await frame!.evaluate(() => (window as unknown as { tables: Row[][] }).tables);
  expect(printed!.filter((row) => row.correlationId.startsWith('d-'))).toEqual([
    { method: 'createSession', correlationId: 'd-ok', durationMs: expect.any(Number), outcome: 'resolved' },
    {
      method: 'getSession',
      correlationId: 'd-bad',
      durationMs: expect.any(Number),
      outcome: 'rejected',
      code: 'SESSION_NOT_FOUND',
    },
  ]);
  // Without all four keys, nothing is printed.
  await frame!.locator('#state').press('Control+Shift+D');
  expect(await frame!.evaluate(() => (window as unknown as { tables: unknown[] }).tables.length)).toBe(1);
});
