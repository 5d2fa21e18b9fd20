/**
 * The test widgets driven through the driver interface (e2e/driver/), for specs that run in every
 * engine: a typed test widget's client call (fixtures/widget.js `window.call`), a CIF test widget's
 * call (fixtures/cif-widget.js `window.cif`), event recording in either, and what was recorded.
 */
import { type DriverFrame, expect } from '../driver/test.js';
import type { CifOutcome, Outcome } from './widgets.js';

/** Runs `client[method](...args)` in a typed test widget; resolves with its outcome as plain data. */
export function typedCall(frame: DriverFrame, method: string, ...args: unknown[]): Promise<Outcome> {
  return frame.evaluate(
    ([m, a]) => (window as unknown as { call(m: string, ...a: unknown[]): Promise<Outcome> }).call(m, ...a),
    [method, args] as const,
  );
}

/** Runs `Microsoft.CIFramework[method](...args)` in a CIF test widget; resolves with its outcome. */
export function cifCall(frame: DriverFrame, method: string, ...args: unknown[]): Promise<CifOutcome> {
  return frame.evaluate(
    ([m, a]) => (window as unknown as { cif(m: string, ...a: unknown[]): Promise<CifOutcome> }).cif(m, ...a),
    [method, args] as const,
  );
}

/**
 * Has a test widget (typed or CIF) record the events `names` in `window.events`; resolves once the
 * host knows of each handler.
 */
export async function record(frame: DriverFrame, ...names: string[]): Promise<void> {
  for (const name of names) {
    const outcome = await frame.evaluate(async (name) => {
      type Client = { addHandler(name: string, handler: (data: unknown) => void): Promise<void> };
      const w = window as unknown as {
        listen?: (name: string) => Promise<Outcome>;
        events?: { name: string; data: unknown }[];
        ready?: Promise<Client>;
      };
      if (w.listen !== undefined) return w.listen(name);
      w.events ??= [];
      const client = await w.ready!;
      await client.addHandler(name, (data) => w.events!.push({ name, data }));
      return { ok: true, value: null } as Outcome;
    }, name);
    expect(outcome, `addHandler(${name})`).toMatchObject({ ok: true });
  }
}

/** The events a test widget recorded, as `[name, data]` with CIF's JSON text parsed. */
export async function recorded(frame: DriverFrame): Promise<[string, unknown][]> {
  const events = await frame.evaluate(
    () => (window as unknown as { events?: { name: string; data: unknown }[] }).events ?? [],
  );
  return events.map(({ name, data }) => [name, typeof data === 'string' ? JSON.parse(data) : data]);
}
