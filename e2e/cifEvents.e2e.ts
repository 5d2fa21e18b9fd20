/**
 * When CIF events reach real widgets, on both faces (the typed client and the `Microsoft.CIFramework`
 * drop-in), in every engine with the widgets on another origin than the host.
 */
import { type DriverFrame, expect, test } from './driver/test.js';
import { chat, hostCall, twoListeningWidgets, twoWidgets } from './support/hosts.js';
import { eventsOf } from './support/widgets.js';

/**
 * In a widget, files each id `createSession` resolves with in a map, as real widgets do, and has
 * onSessionCreated and onSessionSwitched look the event's id up there; returns what they found.
 */
function lookUpsAfterCreate(frame: DriverFrame, kind: 'typed' | 'cif', customer: string): Promise<string[]> {
  return frame.evaluate(
    async ([kind, input]) => {
      type Api = {
        addHandler(name: string, handler: (payload: unknown) => unknown): Promise<unknown>;
        createSession(input: unknown): Promise<string>;
      };
      const w = window as unknown as { ready?: Promise<Api>; Microsoft?: { CIFramework: Api } };
      const api = kind === 'typed' ? await w.ready! : w.Microsoft!.CIFramework;
      const known = new Map<string, string>();
      const found: string[] = [];
      let seen!: () => void;
      const both = new Promise<void>((resolve) => (seen = resolve));
      const lookUp = (name: string) => (payload: unknown) => {
        // The drop-in hands handlers JSON text, the typed client an object.
        const data = (typeof payload === 'string' ? JSON.parse(payload) : payload) as { sessionId: string };
        found.push(`${name}:${known.has(data.sessionId) ? 'found' : 'missing'}`);
        if (found.length === 2) seen();
        return Promise.resolve();
      };
      await api.addHandler('onSessionCreated', lookUp('onSessionCreated'));
      await api.addHandler('onSessionSwitched', lookUp('onSessionSwitched'));
      const id = await api.createSession(input);
      known.set(id, 'mine');
      await both;
      return found;
    },
    [kind, chat(customer)] as const,
  );
}

for (const kind of ['typed', 'cif'] as const) {
  test(`${kind}: onSessionCreated and onSessionSwitched come after createSession resolved, so the widget knows the id`, async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, kind);
    expect(await lookUpsAfterCreate(alpha, kind, 'A1')).toEqual(['onSessionCreated:found', 'onSessionSwitched:found']);
  });
}

test('typed: host.raiseEvent sends onpagenavigate to one provider or to all', async ({ driver }) => {
  const page = await driver.newPage();
  const { alpha, beta } = await twoListeningWidgets(page, 'typed', ['onpagenavigate', 'onsendkbarticle']);
  const article = { title: 'Reset a password', url: 'https://kb.example.com/1' };
  expect(await hostCall(page, 'raiseEvent', 'onsendkbarticle', article, { provider: 'beta' })).toEqual({
    ok: true,
    value: null,
  });
  const navigation = { url: 'https://crm.example.com/main.aspx?id=1' };
  expect(await hostCall(page, 'raiseEvent', 'onpagenavigate', navigation)).toEqual({ ok: true, value: null });
  // alpha's navigation event is the marker that its article, had it been sent, would have come.
  await expect.poll(() => eventsOf(alpha)).toEqual([['onpagenavigate', navigation]]);
  await expect
    .poll(() => eventsOf(beta))
    .toEqual([
      ['onsendkbarticle', article],
      ['onpagenavigate', navigation],
    ]);
});

test('cif: host.raiseEvent sends a custom event name, and refuses bad arguments with INVALID_INPUT', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const { alpha } = await twoListeningWidgets(page, 'cif', ['myOwnEvent']);
  for (const [args, message] of [
    [['', {}], 'the event name must be a non-empty string'],
    [['x'.repeat(129), {}], 'the event name is 129 characters; the limit is 128'],
    [['myOwnEvent', {}, { provider: 'nobody' }], 'no provider named "nobody"'],
  ] as const) {
    expect(await hostCall(page, 'raiseEvent', ...args)).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: expect.stringContaining(message),
    });
  }
  const notJson = await page.evaluate(() => {
    try {
      (window as unknown as { host: { raiseEvent(...a: unknown[]): void } }).host.raiseEvent('myOwnEvent', {
        when: new Date(),
      });
      return 'raised';
    } catch (error) {
      return (error as { code: string }).code;
    }
  });
  expect(notJson).toBe('INVALID_INPUT');
  expect(await hostCall(page, 'raiseEvent', 'myOwnEvent', { n: 1 }, { provider: 'alpha' })).toEqual({
    ok: true,
    value: null,
  });
  // Only the good call arrived.
  await expect.poll(() => eventsOf(alpha)).toEqual([['myOwnEvent', { n: 1 }]]);
});
