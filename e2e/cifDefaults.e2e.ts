/**
 * CIF methods with a cif-bridge default that real widgets rely on: `cancelEvent` takes back a
 * pending `notifyEvent` (its token given as CIF's third argument or in the input), and record data
 * given as JSON text reaches a host handler parsed, as Microsoft's library passes it. Both faces,
 * widgets on another origin, every engine.
 */
import { type DriverFrame, type DriverPage, expect, test } from './driver/test.js';
import { call, cif as cifCall } from './support/widgets.js';
import { openApiHost, twoFaces } from './support/hosts.js';
import type { CifOutcome, Outcome } from './support/widgets.js';

/** Starts `method(...args)` in a test widget (typed or CIF) without waiting for it; see {@link settled}. */
function start(frame: DriverFrame, kind: 'typed' | 'cif', method: string, ...args: unknown[]): Promise<void> {
  return frame.evaluate(
    ([kind, method, args]) => {
      const w = window as unknown as Record<string, (...a: unknown[]) => Promise<unknown>> & { pending?: unknown };
      w.pending = (kind === 'cif' ? w.cif! : w.call!)(method, ...args);
    },
    [kind, method, args] as const,
  );
}

/** The outcome of the call {@link start} started in `frame`, once it settles. */
function settled(frame: DriverFrame): Promise<Outcome | CifOutcome> {
  return frame.evaluate(() => (window as unknown as { pending: Promise<Outcome | CifOutcome> }).pending);
}

const notification = (page: DriverPage, customer: string) =>
  page.getByRole('alertdialog', { name: `Incoming call from ${customer}` });

test('cancelEvent takes back the caller’s pending notification; its notifyEvent resolves Reject, "Cancelled"', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { typed, cif } = await twoFaces(page);
  // CIF's form: notifyEvent(input, correlationId, cancellationToken).
  await start(
    cif,
    'cif',
    'notifyEvent',
    { templateName: 'incoming', templateParameters: { customer: 'Ada' } },
    'corr-1',
    'tok-1',
  );
  await expect(notification(page, 'Ada')).toBeVisible();
  // Another provider's token is not alpha's to cancel: the notification stays.
  expect(await call(typed, 'call', 'cancelEvent', ['tok-1'])).toMatchObject({
    ok: false,
    code: 'INVALID_INPUT',
    message:
      'cancelEvent: none of your notifications on screen has the cancellation token "tok-1": it was answered, timed out, or never given to notifyEvent.',
  });
  await expect(notification(page, 'Ada')).toBeVisible();
  // The success callback gets the token, as CIF's reference says.
  expect(await cifCall(cif, 'cancelEvent', 'tok-1')).toEqual({ ok: true, type: 'string', value: 'tok-1' });
  await expect(notification(page, 'Ada')).toBeHidden();
  // The drop-in hands notifyEvent's answer over as JSON text.
  expect(await settled(cif)).toEqual({
    ok: true,
    type: 'string',
    value: JSON.stringify({ actionName: 'Reject', responseReason: 'Cancelled' }),
  });

  // The token inside the input, as Microsoft's sample passes it, from the typed client.
  await start(typed, 'typed', 'notifyEvent', {
    templateName: 'incoming',
    templateParameters: { customer: 'Bob' },
    cancellationToken: 'tok-2',
  });
  await expect(notification(page, 'Bob')).toBeVisible();
  expect(await call(typed, 'call', 'cancelEvent', ['tok-2'])).toEqual({ ok: true, value: 'tok-2' });
  expect(await settled(typed)).toEqual({ ok: true, value: { actionName: 'Reject', responseReason: 'Cancelled' } });
  await expect(notification(page, 'Bob')).toBeHidden();
  // Once settled, the token is gone.
  expect(await cifCall(cif, 'cancelEvent', 'tok-1')).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
});

test('createRecord and updateRecord data given as JSON text reach the host handler parsed', async ({ driver }) => {
  const page = await driver.newPage();
  const [cif] = await openApiHost(page, [{ name: 'beta', kind: 'cif' }], {
    echoHandlers: ['createRecord', 'updateRecord'],
  });
  const created = await cifCall(cif!, 'createRecord', 'contact', '{"firstname":"Ada"}', 'corr-c');
  expect(created).toMatchObject({ ok: true, type: 'string' });
  expect(JSON.parse((created as { value: string }).value)).toEqual({
    method: 'createRecord',
    args: ['contact', { firstname: 'Ada' }],
    provider: 'beta',
    correlationId: 'corr-c',
  });
  const updated = await cifCall(cif!, 'updateRecord', 'contact', 'id-1', '{"lastname":"Lovelace"}', 'corr-u');
  expect(JSON.parse((updated as { value: string }).value)).toMatchObject({
    args: ['contact', 'id-1', { lastname: 'Lovelace' }],
  });
  expect(await cifCall(cif!, 'createRecord', 'contact', '{oops')).toMatchObject({
    ok: false,
    code: 'INVALID_INPUT',
    message: expect.stringMatching(/^createRecord: data is not valid JSON/),
  });
});
