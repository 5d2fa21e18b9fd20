import {
  BridgeError,
  BridgeErrorCode,
  HOST_HANDLER_NAMES,
  type HostHandlerName,
  type HostMethods,
  type JsonValue,
} from '@cif-bridge/protocol';
import type { NotificationCenter } from './NotificationCenter.js';
import type { Provider } from './Provider.js';
import type { SessionStore } from './SessionStore.js';

/**
 * A CRM method the host page provides (`createRecord`, `setPresence`, …). It gets the widget's
 * arguments and who called, and returns (or resolves to) JSON data.
 */
export type HostHandler = (
  args: JsonValue[],
  call: { provider: string; correlationId: string },
) => JsonValue | undefined | Promise<JsonValue | undefined>;

/** What one call looked like, for `host.on('call', …)`. */
export interface CallTrace {
  /** The calling provider's name. */
  provider: string;
  /** The method on the method table. */
  method: string;
  /** The call's correlationId. */
  correlationId: string;
  /** Milliseconds from arrival to answer. */
  durationMs: number;
  /** `ok`, or the error code the call was rejected with. */
  outcome: 'ok' | BridgeErrorCode;
}

/** The host state a provider's method table works on. */
export interface ProviderApiContext {
  /** The sessions and templates. */
  store: SessionStore;
  /** Notifications on screen. */
  notifications: NotificationCenter;
  /** Shared panel state and its setters (which raise the panel events). */
  panel: {
    get(): { mode: 0 | 1 | 2; width: number };
    setMode(mode: unknown): void;
    setWidth(width: unknown): void;
  };
  /** The environment object from the host's configuration. */
  environment: { [key: string]: JsonValue };
  /** Host-provided CRM methods. */
  handlers: Partial<Record<HostHandlerName, HostHandler>>;
  /** Records a call when someone listens; undefined when nobody does, so tracing costs nothing. */
  trace(): ((trace: CallTrace) => void) | undefined;
  /**
   * Calls that arrived and are not answered yet (a host handler or notifyEvent still running), for
   * `BridgeHost.getDiagnostics()`: the tests check it drains to zero, so no call is left hanging.
   */
  activeCalls: { count: number };
}

/** The connection-specific part: who is calling, and its event subscriptions. */
export interface ProviderApiCaller {
  /** The calling provider. */
  provider: Provider;
  /** Adds an event subscription (and flushes queued events of that name). */
  subscribe(name: string): void;
  /** Removes an event subscription. */
  unsubscribe(name: string): void;
}

type Implementation = { [M in keyof HostMethods]: (correlationId: string, ...args: unknown[]) => unknown };

function checkCorrelationId(method: string, correlationId: unknown): string {
  if (typeof correlationId === 'string' && correlationId.length > 0 && correlationId.length <= 200)
    return correlationId;
  throw new BridgeError(
    BridgeErrorCode.INVALID_INPUT,
    `${method}: correlationId must be a non-empty string of at most 200 characters.`,
  );
}

function stamp(error: unknown, correlationId: string): BridgeError {
  const bridgeError =
    error instanceof BridgeError
      ? error
      : new BridgeError(BridgeErrorCode.INTERNAL, error instanceof Error ? error.message : String(error));
  if (correlationId !== '') bridgeError.correlationId ??= correlationId;
  return bridgeError;
}

const handlerNames: ReadonlySet<string> = new Set(HOST_HANDLER_NAMES);

/**
 * Builds the method table one connection serves: each method checks the correlationId, runs the
 * model with the caller's identity, stamps the correlationId on any error, and reports a trace when
 * someone listens. The object has no prototype and is frozen, so nothing but these names resolves.
 */
export function createProviderApi(context: ProviderApiContext, caller: ProviderApiCaller): HostMethods {
  const { store, panel } = context;
  const who = { provider: caller.provider.name, templates: caller.provider.templates };

  const implementation: Implementation = {
    ping: () => undefined,
    subscribe: (_, name) => caller.subscribe(String(name)),
    unsubscribe: (_, name) => caller.unsubscribe(String(name)),

    createSession: (correlationId, input) => store.createSession(who, input, correlationId),
    canCreateSession: () => store.canCreateSession(),
    getSession: (_, sessionId) => store.getSession(who, sessionId),
    getFocusedSession: () => store.getFocusedSession(who),
    getAllSessions: () => store.getAllSessions(who),
    requestFocusSession: (_, sessionId, messagesCount) => store.requestFocusSession(who, sessionId, messagesCount),
    setSessionTitle: (_, input) => store.setSessionTitle(who, input),
    notifyNewActivity: (_, sessionId, count, shouldReset) =>
      store.notifyNewActivity(who, sessionId, count, shouldReset),
    notifyKpiBreach: (_, sessionId, shouldReset, details) =>
      store.notifyKpiBreach(who, sessionId, shouldReset, details),

    createTab: (_, input) => store.createTab(who, input),
    getTabs: (_, name, tag) => store.getTabs(who, name, tag),
    focusTab: (_, tabId) => store.focusTab(who, tabId),
    refreshTab: (_, tabId) => store.refreshTab(who, tabId),
    closeTab: (_, tabId) => store.closeTab(who, tabId),
    getFocusedTab: () => store.getFocusedTab(who),
    setTabTitle: (_, tabId, input) => store.setTabTitle(who, tabId, input),

    setMode: (_, mode) => panel.setMode(mode),
    getMode: () => panel.get().mode,
    setWidth: (_, width) => panel.setWidth(width),
    getWidth: () => panel.get().width,
    setClickToAct: (_, enabled) => {
      if (typeof enabled !== 'boolean') {
        throw new BridgeError(BridgeErrorCode.INVALID_INPUT, 'setClickToAct: the argument must be true or false.');
      }
      caller.provider.clickToAct = enabled;
    },
    getClickToAct: () => caller.provider.clickToAct,
    getEnvironment: () => structuredClone(context.environment),
    notifyEvent: (_, input) => {
      const notification = store.resolveNotification(who, input);
      return context.notifications.show(
        {
          provider: caller.provider.name,
          title: notification.title,
          fields: notification.fields,
          acceptLabel: notification.acceptLabel,
          rejectLabel: notification.rejectLabel,
        },
        notification.timeoutSeconds,
      );
    },
    callHandler: async (correlationId, method, args) => {
      if (typeof method !== 'string' || !handlerNames.has(method)) {
        throw new BridgeError(BridgeErrorCode.INVALID_INPUT, `callHandler: unknown method ${JSON.stringify(method)}.`);
      }
      const handler = context.handlers[method as HostHandlerName];
      if (handler === undefined) {
        throw new BridgeError(BridgeErrorCode.NOT_SUPPORTED, `${method} is not provided by this host`);
      }
      if (!Array.isArray(args))
        throw new BridgeError(BridgeErrorCode.INVALID_INPUT, `${method}: arguments must be an array.`);
      const result = await handler(args as JsonValue[], { provider: caller.provider.name, correlationId });
      return result ?? null;
    },
  };

  const api = Object.create(null) as Record<string, unknown>;
  for (const [method, run] of Object.entries(implementation) as [string, Implementation[keyof Implementation]][]) {
    api[method] = (rawCorrelationId: unknown, ...args: unknown[]): unknown => {
      const report = context.trace();
      const started = report === undefined ? 0 : performance.now();
      const finish = (outcome: CallTrace['outcome']): void =>
        report?.({
          provider: caller.provider.name,
          method,
          correlationId: typeof rawCorrelationId === 'string' ? rawCorrelationId : '',
          durationMs: performance.now() - started,
          outcome,
        });
      let correlationId = '';
      try {
        correlationId = checkCorrelationId(method, rawCorrelationId);
        const result = run(correlationId, ...args);
        if (result instanceof Promise) {
          context.activeCalls.count += 1;
          return result.then(
            (value: unknown) => {
              context.activeCalls.count -= 1;
              finish('ok');
              return value;
            },
            (error: unknown) => {
              context.activeCalls.count -= 1;
              const bridgeError = stamp(error, correlationId);
              finish(bridgeError.code);
              throw bridgeError;
            },
          );
        }
        finish('ok');
        return result;
      } catch (error) {
        const bridgeError = stamp(error, correlationId);
        finish(bridgeError.code);
        throw bridgeError;
      }
    };
  }
  return Object.freeze(api) as unknown as HostMethods;
}
