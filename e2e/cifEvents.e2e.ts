/**
 * When CIF events reach real widgets, on both faces (the typed client and the `Microsoft.CIFramework`
 * drop-in), in real Chromium with the widgets on another origin than the host.
 */
import { expect, test, type Frame } from '@playwright/test';
import { chat, twoWidgets } from './support/hosts.js';

/**
 * In a widget, files each id `createSession` resolves with in a map, as real widgets do, and has
 * onSessionCreated and onSessionSwitched look the event's id up there; returns what they found.
 */
function lookUpsAfterCreate(frame: Frame, kind: 'typed' | 'cif', customer: string): Promise<string[]> {
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
    page,
  }) => {
    const { alpha } = await twoWidgets(page, kind);
    expect(await lookUpsAfterCreate(alpha, kind, 'A1')).toEqual(['onSessionCreated:found', 'onSessionSwitched:found']);
  });
}
