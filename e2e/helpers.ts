/**
 * Helpers shared by the e2e tests: the origins, the widget frames, and running a client method in a
 * widget with its outcome returned as plain data (so a test can compare an error field by field).
 */
import { expect, type Frame, type Page } from '@playwright/test';
import { originsFor, resolveOptions } from '../examples/serve.mjs';
import type { SessionSnapshot } from '../packages/bridge-host/src/types.js';

/** The three test origins: the agent host, the widgets, and a third (hostile or fixture host) one. */
export const origins: { host: string; widget: string; hostile: string } = originsFor(resolveOptions());

/** What a call in a widget ended with. */
export type Outcome =
  { ok: true; value: unknown } | { ok: false; name?: string; code?: string; message?: string; correlationId?: string };

/** The uuid v4 shape. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Waits for the frame whose URL starts with `prefix`. */
export async function frameAt(page: Page, prefix: string): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(prefix))).toBe(true);
  return page.frames().find((f) => f.url().startsWith(prefix))!;
}

/** Opens the example agent desktop and returns the softphone's frame once it is connected. */
export async function openDesktop(page: Page): Promise<Frame> {
  await page.goto(`${origins.host}/`);
  const softphone = await frameAt(page, `${origins.widget}/softphone/`);
  await expect(softphone.getByRole('status')).toHaveText(/Connected to/);
  return softphone;
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

/** The example host's sessions, read through `window.agentDesktop` (or the fixture's `window.host`). */
export function sessions(page: Page): Promise<SessionSnapshot[]> {
  return page.evaluate(() => {
    const w = window as unknown as { agentDesktop?: { getSessions(): unknown }; host?: { getSessions(): unknown } };
    return (w.agentDesktop ?? w.host)!.getSessions() as SessionSnapshot[];
  });
}
