import type { Frame, Locator, Page } from '@playwright/test';
import type {
  BridgeHost,
  CallEntry,
  ClickToActPayload,
  JsonValue,
  SessionSnapshot,
  TraceEntry,
} from '@cif-bridge/host';
import { WIDGET_LABEL, WIDGET_PROVIDER } from './PageConfig.js';
import type { CallFilter } from './matchCall.js';
import type { TestHost } from './startTestHost.js';
import type { TestHostGlobals } from './TestHostGlobals.js';
import type { TestHostConfig } from './TestHostConfig.js';

/**
 * Options of {@link CifHost.load}: the host's templates, environment and presences, and the records of
 * its embedded store. With neither `sessionTemplates` nor `tabTemplates`, the host runs in development
 * mode and creates a plain template the first time the widget names one.
 */
export type LoadOptions = TestHostConfig;

/**
 * The page's globals, as the functions passed to `page.evaluate` see them once {@link CifHost.load}
 * has checked that the host runs. (Those functions are sent to the page as source, so they can use
 * nothing from this module but types.)
 */
type TestHostWindow = TestHostGlobals & { cifTestHost: BridgeHost };

/** A `callHandler(name, args)` entry as the call of `name` with `args` that the widget made; others as they are. */
function asWidgetCall(entry: CallEntry): CallEntry {
  const [name, args] = entry.args;
  if (entry.method !== 'callHandler' || typeof name !== 'string' || !Array.isArray(args)) return entry;
  return { ...entry, method: name, args };
}

/**
 * The `cifHost` fixture: an agent desk on a loopback origin running one widget, with what a test of
 * that widget needs: its frame, the host's trace of its calls, the sessions, and the agent's actions.
 * Every method but {@link CifHost.load} needs a loaded widget.
 */
export class CifHost {
  readonly #server: TestHost;
  #widget: Frame | undefined;

  /** The page the desk runs in (the fixture's `page`). */
  readonly page: Page;

  /** @internal Made by the fixture. */
  constructor(page: Page, server: TestHost) {
    this.page = page;
    this.#server = server;
  }

  /** The host's origin, such as `http://127.0.0.1:43123`: the widget's drop-in comes from here. */
  get origin(): string {
    return this.#server.origin;
  }

  /** The widget's frame, once {@link CifHost.load} has loaded it. */
  get widget(): Frame {
    if (this.#widget === undefined) throw new Error('cifHost.widget: call `await cifHost.load(widgetUrl)` first.');
    return this.#widget;
  }

  /**
   * The page's call inspector (the panel under the desk that lists the host's trace live), to look
   * at as the agent's developer does: `cifHost.inspector.getByRole('row', { name: /createSession/ })`.
   * For assertions on the calls themselves, {@link CifHost.calls} and `toHaveCalled` read the trace.
   */
  get inspector(): Locator {
    return this.page.getByRole('region', { name: 'Call inspector' });
  }

  /**
   * Opens the desk with the widget at `widgetUrl` (http or https, on its own origin, which the host
   * trusts) and waits until the widget's page has loaded. The widget's URL gets `ucilib=<this host's
   * msdyn_ciLibrary.js>` added, so a widget that finds the library there needs nothing else.
   * @throws Error when `options` is malformed (naming the field) or the host could not start (its reason).
   */
  async load(widgetUrl: string, options: LoadOptions = {}): Promise<void> {
    this.#widget = undefined;
    const url = this.#server.desk(widgetUrl, options, 'cifHost.load');
    await this.page.goto(url);
    const started = await this.page.waitForFunction(() => {
      const globals = window as TestHostGlobals;
      return globals.cifTestHost !== undefined || globals.cifTestHostError !== undefined;
    });
    await started.dispose();
    const error = await this.page.evaluate(() => (window as TestHostGlobals).cifTestHostError);
    if (error !== undefined) throw new Error(`cifHost.load: the test host could not start: ${error}`);
    // The host titles the widget's iframe with the provider's label.
    const frameElement = await this.page.locator(`iframe[title="${WIDGET_LABEL}"]`).elementHandle();
    const frame = await frameElement?.contentFrame();
    await frameElement?.dispose();
    if (frame === null || frame === undefined)
      throw new Error("cifHost.load: the desk did not create the widget's frame.");
    const origin = new URL(widgetUrl).origin;
    await frame.waitForURL((current) => current.origin === origin);
    await frame.waitForLoadState('load');
    this.#widget = frame;
  }

  /** The host's whole trace: calls, events, handshakes and refused messages, oldest first. */
  async trace(): Promise<TraceEntry[]> {
    this.#loaded('trace');
    return this.page.evaluate(() => (window as unknown as TestHostWindow).cifTestHost.trace());
  }

  /**
   * The widget's calls the host has answered, oldest first, those `filter` picks. A CRM method that the
   * host page provides (`searchAndOpenRecords`, `createRecord`, …) travels as `callHandler(name, args)`;
   * it is listed here under its own name, with its own arguments, as the widget called it.
   */
  async calls(filter: CallFilter = {}): Promise<CallEntry[]> {
    const entries = await this.trace();
    return entries
      .filter((entry): entry is CallEntry => entry.kind === 'call')
      .map(asWidgetCall)
      .filter(
        (entry) =>
          (filter.method === undefined || entry.method === filter.method) &&
          (filter.outcome === undefined || entry.outcome === filter.outcome) &&
          (filter.provider === undefined || entry.provider === filter.provider),
      );
  }

  /** The open sessions (home excluded), as plain data. */
  async sessions(): Promise<SessionSnapshot[]> {
    this.#loaded('sessions');
    return this.page.evaluate(() => (window as unknown as TestHostWindow).cifTestHost.getSessions());
  }

  /** The agent clicks Accept on the oldest notification, waiting for one to show. */
  async acceptNotification(): Promise<void> {
    this.#loaded('acceptNotification');
    // The notification's first button is its accept button, whatever its label.
    await this.page.getByRole('alertdialog').first().getByRole('button').first().click();
  }

  /** The agent clicks Reject on the oldest notification, waiting for one to show. */
  async rejectNotification(): Promise<void> {
    this.#loaded('rejectNotification');
    await this.page.getByRole('alertdialog').first().getByRole('button').nth(1).click();
  }

  /** The agent focuses a session (null: home); the widget gets `onSessionSwitched`. */
  async focusSession(sessionId: string | null): Promise<void> {
    this.#loaded('focusSession');
    await this.page.evaluate((id) => (window as unknown as TestHostWindow).cifTestHost.focusSession(id), sessionId);
  }

  /** The agent closes a session; the widget gets `onSessionClosed`. */
  async closeSession(sessionId: string): Promise<void> {
    this.#loaded('closeSession');
    await this.page.evaluate((id) => (window as unknown as TestHostWindow).cifTestHost.closeSession(id), sessionId);
  }

  /** The agent clicks a field to act on it; a widget that turned click-to-act on gets `onclicktoact`. */
  async clickToAct(payload: ClickToActPayload): Promise<void> {
    this.#loaded('clickToAct');
    await this.page.evaluate((value) => (window as unknown as TestHostWindow).cifTestHost.clickToAct(value), payload);
  }

  /**
   * The agent picks a presence by its text (or id); the widget gets `onPresenceChange`.
   * @throws Error for a presence the host does not list (the message lists them).
   */
  async setPresence(text: string): Promise<void> {
    this.#loaded('setPresence');
    await this.page.evaluate((value) => {
      (window as unknown as TestHostWindow).cifTestHost.setPresence(value);
    }, text);
  }

  /** Raises any event to the widget, such as `onpagenavigate` or a custom one, with a JSON payload. */
  async raiseEvent(name: string, payload?: JsonValue): Promise<void> {
    this.#loaded('raiseEvent');
    // The payload travels as JSON text: Playwright's argument types recurse too deep on JsonValue.
    await this.page.evaluate(
      ({ event, json, provider }: { event: string; json: string | undefined; provider: string }) =>
        (window as unknown as TestHostWindow).cifTestHost.raiseEvent(
          event,
          json === undefined ? undefined : (JSON.parse(json) as JsonValue),
          { provider },
        ),
      { event: name, json: payload === undefined ? undefined : JSON.stringify(payload), provider: WIDGET_PROVIDER },
    );
  }

  #loaded(method: string): void {
    if (this.#widget === undefined) throw new Error(`cifHost.${method}: call \`await cifHost.load(widgetUrl)\` first.`);
  }
}
