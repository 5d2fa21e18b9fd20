/**
 * Helpers of the session API tests (issue 3): a host on fixtures/host.html (the IIFE build, started
 * with `CifBridgeHost.createHost` through `page.evaluate`) with providers that are typed test widgets
 * (fixtures/widget.html) or plain-JS CIF test widgets (fixtures/cif-widget.html), and recorders of
 * the events those widgets get.
 *
 * The host runs on the host origin, not the hostile one: a CIF widget loads msdyn_ciLibrary.js from
 * its host, and the widget origin's CSP allows scripts from itself and the host origin only.
 */
import { expect, type Frame, type Page } from '@playwright/test';
import type { SessionSnapshot } from '../packages/bridge-host/src/types.js';
import { frameAt, origins, type Outcome } from './helpers.js';

/** Session templates of the test host. */
export const sessionTemplates = [
  { name: 'msdyn_chat_session', tag: 'chat', title: 'Chat with {customer}', anchorTab: 'profile', tabs: ['notes'] },
  { name: 'call', tag: 'voice', title: 'Call from {customer}', anchorTab: 'profile' },
];

/** Tab templates of the test host; every tab shows fixtures/blank.html from the host origin. */
export const tabTemplates = [
  {
    name: 'profile',
    title: 'Profile {customer}',
    type: 'webresource',
    parameters: { url: '/fixtures/blank.html?profile={customer}' },
  },
  {
    name: 'notes',
    tag: 'notes',
    title: 'Notes',
    type: 'webresource',
    parameters: { url: '/fixtures/blank.html?notes' },
  },
  {
    name: 'kb',
    tag: 'kb',
    title: 'KB {topic}',
    type: 'webresource',
    parameters: { url: '/fixtures/blank.html?kb={topic}', topic: 'start' },
  },
  {
    name: 'fixed',
    title: 'Fixed',
    type: 'webresource',
    canClose: false,
    parameters: { url: '/fixtures/blank.html?fixed' },
  },
];

/** Notification templates: `ringout` times out after one second, `plain` has the default 120 s. */
export const notificationTemplates = [
  {
    name: 'incoming',
    title: 'Incoming call from {customer}',
    fields: { Customer: '{customer}', Number: '{phone}' },
    timeoutSeconds: 60,
  },
  { name: 'ringout', title: 'Ring-out {customer}', timeoutSeconds: 1 },
  { name: 'plain', title: 'Plain {customer}' },
];

/** What `getEnvironment` answers on the test host. */
export const environment = {
  orgUniqueName: 'contoso',
  username: 'Test Agent',
  customParams: '{"queue":"Support"}',
  features: { clickToAct: true, maxCalls: 2 },
};

/** A provider of the test host: its name, and which test widget it runs. */
export interface ApiProvider {
  name: string;
  kind: 'typed' | 'cif';
  /** Extra query parameters of the widget URL. */
  query?: string;
  /** Another page under fixtures/ (of the same kind), such as `seed-widget.html`. */
  page?: string;
}

/** Options of {@link openApiHost}. */
export interface ApiHostOptions {
  /** `createHost` options merged over the defaults (templates, environment, container). */
  options?: Record<string, unknown>;
  /**
   * Instead of the default handlers, one for each of these CRM methods that answers with what it
   * got: `{ method, args, provider, correlationId }`.
   */
  echoHandlers?: readonly string[];
}

/** The URL of a provider's widget: which test widget, trusting the host origin, told apart by `p=`. */
export function providerUrl(provider: ApiProvider): string {
  const page = provider.page ?? (provider.kind === 'typed' ? 'widget.html' : 'cif-widget.html');
  const query = provider.query === undefined ? '' : `&${provider.query}`;
  return `${origins.widget}/fixtures/${page}?host=${origins.host}&p=${provider.name}${query}`;
}

/**
 * Opens fixtures/host.html on the host origin and starts a host there with the test templates, the
 * environment, and host handlers for `retrieveRecord` (echoes its arguments and caller),
 * `getPresence`/`setPresence` (a value kept in the page) and `deleteRecord` (throws). Every other
 * CRM method has no handler (unless `echoHandlers` replaces them). Resolves with each provider's
 * frame once its widget is ready: a typed widget connected, a CIF widget past CIFInitDone (the
 * drop-in connects on its first call).
 */
export async function openApiHost(
  page: Page,
  providers: ApiProvider[],
  { options = {}, echoHandlers }: ApiHostOptions = {},
): Promise<Frame[]> {
  await page.goto(`${origins.host}/fixtures/host.html`);
  const config = {
    providers: providers.map((p) => ({ name: p.name, label: `Widget ${p.name}`, url: providerUrl(p) })),
    sessionTemplates,
    tabTemplates,
    notificationTemplates,
    environment,
    ...options,
  };
  await page.evaluate(
    ({ config, echoHandlers }) => {
      type Call = { provider: string; correlationId: string };
      const w = window as unknown as {
        presence: string;
        host: unknown;
        CifBridgeHost: { createHost(options: unknown): unknown };
      };
      w.presence = 'Available';
      const echo = (method: string) => (args: unknown[], call: Call) => ({ method, args, ...call });
      w.host = w.CifBridgeHost.createHost({
        ...config,
        container: document.getElementById('desktop'),
        handlers: echoHandlers
          ? Object.fromEntries(echoHandlers.map((method) => [method, echo(method)]))
          : {
              retrieveRecord: (args: unknown[], call: Call) => ({
                args,
                provider: call.provider,
                correlationId: call.correlationId,
              }),
              getPresence: () => w.presence,
              setPresence: ([text]: unknown[]) => {
                w.presence = String(text);
                return true;
              },
              deleteRecord: () => {
                throw new Error('The CRM is read-only.');
              },
            },
      });
    },
    { config, echoHandlers },
  );
  const frames: Frame[] = [];
  for (const provider of providers) {
    const frame = await frameAt(page, providerUrl(provider));
    await expect(frame.locator('#state')).toHaveText(provider.kind === 'typed' ? 'connected' : 'CIFInitDone');
    frames.push(frame);
  }
  return frames;
}

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

/** Forgets what a widget recorded. */
export function clearEvents(frame: Frame): Promise<void> {
  return frame.evaluate(() => {
    (window as unknown as { events?: unknown[] }).events = [];
  });
}

/** Runs a host method (`window.host[method](...args)`) in the host page; returns its outcome. */
export function hostCall(page: Page, method: string, ...args: unknown[]): Promise<Outcome> {
  return page.evaluate(
    ([method, args]) => {
      const host = (window as unknown as { host: Record<string, (...a: unknown[]) => unknown> }).host;
      try {
        const value = host[method]!(...args);
        return { ok: true as const, value: value === undefined ? null : value };
      } catch (error) {
        const e = error as { name?: string; code?: string; message?: string };
        return { ok: false as const, name: e.name, code: e.code, message: e.message };
      }
    },
    [method, args] as const,
  );
}

/** The test host's sessions. */
export function hostSessions(page: Page): Promise<SessionSnapshot[]> {
  return page.evaluate(() => (window as unknown as { host: { getSessions(): SessionSnapshot[] } }).host.getSessions());
}

/** Runs `Microsoft.CIFramework[method](...args)` in a CIF test widget (see fixtures/cif-widget.js). */
export function cif(frame: Frame, method: string, ...args: unknown[]): Promise<CifOutcome> {
  return frame.evaluate(
    ([method, args]) =>
      (window as unknown as { cif(m: string, ...a: unknown[]): Promise<CifOutcome> }).cif(method, ...args),
    [method, args] as const,
  );
}

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

/** The value of a call that must succeed (typed `call` or CIF `cif`); fails the test with the error otherwise. */
export function valueOf<T = unknown>(outcome: Outcome | CifOutcome): T {
  expect(outcome, 'the call should succeed').toMatchObject({ ok: true });
  return (outcome as { value: T }).value;
}

/** Opens the test host with two widgets of one kind, `alpha` and `beta`, as two providers. */
export async function twoWidgets(
  page: Page,
  kind: ApiProvider['kind'],
  options?: ApiHostOptions,
): Promise<{ alpha: Frame; beta: Frame }> {
  const [alpha, beta] = await openApiHost(
    page,
    [
      { name: 'alpha', kind },
      { name: 'beta', kind },
    ],
    options,
  );
  return { alpha: alpha!, beta: beta! };
}

/** A createSession input for the test host's chat template. */
export function chat(customer: string, context: Record<string, unknown> = {}) {
  return { templateName: 'msdyn_chat_session', templateParameters: { customer }, context };
}
