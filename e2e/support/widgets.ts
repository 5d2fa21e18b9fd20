/**
 * The widget side of the e2e tests: finding a widget's frame, running a client method in it with its
 * outcome returned as plain data (so a test can compare an error field by field), and the test
 * widgets' event recorders. The test widgets are fixtures/widget.html (typed, `window.call`) and
 * fixtures/cif-widget.html (plain JS on the drop-in, `window.cif`).
 */
import { type DriverFrame as Frame, type DriverPage as Page, expect } from '../driver/test.js';
import { origins } from './origins.js';

/** What a call in a widget ended with. */
export type Outcome =
  { ok: true; value: unknown } | { ok: false; name?: string; code?: string; message?: string; correlationId?: string };

/** A window read loosely, for `evaluate` callbacks that reach the test widgets' and hosts' globals. */
export type Win = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A widget window with the drop-in loaded, for `frame.evaluate` callbacks that call it directly. */
export interface CifWindow {
  Microsoft: { CIFramework: Record<string, (...args: unknown[]) => Promise<unknown>> };
}

/** A CIF call's outcome as fixtures/cif-widget.js reports it. */
export type CifOutcome =
  | { ok: true; type: string; value: unknown }
  | {
      ok: false;
      isError: boolean;
      name?: string;
      message?: string;
      msdyn_name?: string;
      code?: string;
      correlationId?: string;
      threw?: boolean;
    };

/** What a widget recorded of one event. `data` is what the handler got: an object, or CIF's JSON text. */
export interface RecordedEvent {
  name: string;
  type: string;
  data: unknown;
  /**
   * The order in which handlers ran across every widget frame of the page: a counter the frames
   * share on the first of them (they are all on the widget origin, in one event loop). Timestamps
   * would not do: browsers coarsen them, with jitter, more than two frames' handlers are apart.
   */
  seq: number;
}

/** The typed test widget (fixtures/widget.html) on the widget origin, trusting the test host. */
export function widgetUrl(query = '', origin = origins.widget): string {
  return `${origin}/fixtures/widget.html?host=${origins.host}${query === '' ? '' : `&${query}`}`;
}

/**
 * Waits for a typed test widget's script to have run, so that its `connectBridge` is there, and
 * returns its frame: for a widget the test connects itself (`connect=manual`). A frame has its URL
 * once its document is committed, which can be before widget.js has run.
 */
export async function loadedWidget(page: Page, url: string): Promise<Frame> {
  const frame = await page.waitForFrame(url);
  await frame.waitForFunction(() => 'connectBridge' in window);
  return frame;
}

/** Waits for a typed test widget to be connected, and returns its frame. */
export async function connectedWidget(page: Page, url: string): Promise<Frame> {
  const frame = await page.waitForFrame(url);
  await expect(frame.locator('#state')).toHaveText('connected');
  return frame;
}

/**
 * Runs `client[method](...args)` in a widget frame. The client is the example softphone's
 * (`window.softphone.ready`) or the test widget's (`window.ready`).
 */
export function call(frame: Frame, method: string, ...args: unknown[]): Promise<Outcome> {
  return frame.evaluate(
    async ([name, params]) => {
      type Client = Record<string, (...a: unknown[]) => Promise<unknown>>;
      const w = window as unknown as { softphone?: { ready: Promise<Client> }; ready?: Promise<Client> };
      try {
        const client = await (w.softphone?.ready ?? w.ready)!;
        const value = await client[name]!(...params);
        return { ok: true as const, value: value === undefined ? null : value };
      } catch (error) {
        const e = error as { name?: string; code?: string; message?: string; correlationId?: string };
        return { ok: false as const, name: e.name, code: e.code, message: e.message, correlationId: e.correlationId };
      }
    },
    [method, args] as const,
  );
}

/** Runs `Microsoft.CIFramework[method](...args)` in a CIF test widget (see fixtures/cif-widget.js). */
export function cif(frame: Frame, method: string, ...args: unknown[]): Promise<CifOutcome> {
  return frame.evaluate(
    ([method, args]) =>
      (window as unknown as { cif(m: string, ...a: unknown[]): Promise<CifOutcome> }).cif(method, ...args),
    [method, args] as const,
  );
}

/** The typed client's `pendingCount` in a test widget. */
export function pendingCount(frame: Frame): Promise<number> {
  return frame.evaluate(() => (window as unknown as { client: { pendingCount: number } }).client.pendingCount);
}

/** Adds recording handlers for `names` in a widget, typed or CIF; resolves once the host knows. */
export async function listen(frame: Frame, ...names: string[]): Promise<void> {
  for (const name of names) {
    const outcome = await frame.evaluate(async (name) => {
      const w = window as unknown as {
        listen?: (name: string) => Promise<Outcome>;
        events?: unknown[];
        ready?: Promise<{ addHandler(name: string, handler: (payload: unknown) => void): Promise<void> }>;
      };
      if (w.listen !== undefined) return w.listen(name);
      w.events ??= [];
      // The same counter as fixtures/cif-widget.js keeps.
      const nextSeq = (): number => {
        for (let i = 0; i < parent.frames.length; i += 1) {
          try {
            const holder = parent.frames[i] as unknown as { cifTestSeq?: number };
            holder.cifTestSeq = (holder.cifTestSeq ?? 0) + 1;
            return holder.cifTestSeq;
          } catch {
            // Another origin's frame.
          }
        }
        return NaN;
      };
      const client = await w.ready!;
      await client.addHandler(name, (data) => w.events!.push({ name, type: typeof data, data, seq: nextSeq() }));
      return { ok: true, value: null } as Outcome;
    }, name);
    expect(outcome, `addHandler(${name})`).toMatchObject({ ok: true });
  }
}

/** The events a widget recorded so far, oldest first. */
export function recordedEvents(frame: Frame): Promise<RecordedEvent[]> {
  return frame.evaluate(() => (window as unknown as { events?: RecordedEvent[] }).events ?? []);
}

/** The recorded events as `[name, data]` pairs, with CIF's JSON text parsed, for compact comparisons. */
export async function eventsOf(frame: Frame): Promise<[string, unknown][]> {
  return (await recordedEvents(frame)).map((e) => [e.name, typeof e.data === 'string' ? JSON.parse(e.data) : e.data]);
}

/** Forgets what each of the widgets recorded, one after the other. */
export async function clearEvents(...frames: Frame[]): Promise<void> {
  for (const frame of frames) {
    await frame.evaluate(() => {
      (window as unknown as { events?: unknown[] }).events = [];
    });
  }
}
