import {
  BRIDGE_EVENT_NAMES,
  BridgeError,
  BridgeErrorCode,
  HOST_HANDLER_NAMES,
  MAX_CORRELATION_ID_LENGTH,
  isCorrelationId,
  isJsonObject,
  toBridgeError,
  type HostHandlerName,
  type HostMethods,
  type JsonValue,
} from '@cif-bridge/protocol';
import type { AgentPresence } from './AgentPresence.js';
import type { InteractionLog } from './InteractionLog.js';
import type { NotificationCenter } from './NotificationCenter.js';
import type { Provider } from './Provider.js';
import type { Caller } from './Caller.js';
import { copyTraceArgs } from './copyTraceArgs.js';
import type { RecordCall } from './HostTrace.js';
import type { SessionStore } from './SessionStore.js';
import { invalidInput } from './invalidInput.js';
import {
  MAX_ANALYTICS_EVENT_NAME_LENGTH,
  MAX_CUSTOM_EVENT_NAMES,
  MAX_EVENT_NAME_LENGTH,
  MAX_ID_LENGTH,
  tooLong,
} from './limits.js';
import { parseJsonInput } from './parseJsonInput.js';
import { isAbsent, readCapped } from './readArguments.js';

/**
 * A CRM method the host page provides (`createRecord`, `setPresence`, …). It gets the widget's
 * arguments and who called, and returns (or resolves to) JSON data.
 */
export type HostHandler = (
  args: JsonValue[],
  call: { provider: string; correlationId: string },
) => JsonValue | undefined | Promise<JsonValue | undefined>;

/**
 * CIF methods the host serves itself by default, which a host page may still replace with a handler
 * of the same name in `createHost({ handlers })` (presence is replaced through its own names,
 * `setPresence` and `getPresence`).
 */
export const BUILT_IN_HANDLER_NAMES: readonly BuiltInHandlerName[] = [
  'updateContext',
  'updateConversation',
  'logAnalyticsEvent',
];

/** A CIF method the host serves itself, which a host page may replace with a handler of that name. */
export type BuiltInHandlerName = 'updateContext' | 'updateConversation' | 'logAnalyticsEvent';

/** A method a host page may provide or replace: one of `HOST_HANDLER_NAMES`, or a {@link BuiltInHandlerName}. */
export type HandlerName = HostHandlerName | BuiltInHandlerName;

/** The host state a provider's method table works on. */
export interface ProviderApiContext {
  /** The sessions and templates. */
  store: SessionStore;
  /** Notifications on screen. */
  notifications: NotificationCenter;
  /**
   * The communication panel: its state, and the host's setters, which check their argument and raise
   * the panel events.
   */
  panel: {
    getPanel(): { mode: 0 | 1 | 2; width: number };
    setMode(mode: 0 | 1 | 2): void;
    setWidth(width: number): void;
  };
  /** The environment object from the host's configuration. */
  environment: { [key: string]: JsonValue };
  /** Host-provided CRM methods, and replacements of built-in ones. */
  handlers: Partial<Record<HandlerName, HostHandler>>;
  /** The agent's presence, for `setPresence` and `getPresence` when no handler replaces them. */
  presence: AgentPresence;
  /** The interaction log, for `logAnalyticsEvent` when no handler replaces it. */
  log: InteractionLog;
  /**
   * Records each answered call in the host's trace; undefined when the trace is off, and then no
   * copy is made and no clock is read.
   */
  trace: RecordCall | undefined;
  /**
   * Calls that arrived and are not answered yet (a host handler or notifyEvent still running), for
   * `BridgeHost.getDiagnostics()`: the tests check it drains to zero, so no call is left hanging.
   */
  activeCalls: { count: number };
  /** Runs a call whose widget events must reach the widget after its reply, in a later task. */
  replyFirst<T>(call: () => T): T;
}

/** The connection-specific part (the Connection): who is calling, and its event subscriptions. */
export interface ProviderApiCaller {
  /** The calling provider. */
  provider: Provider;
  /** Event names this connection has handlers for. */
  readonly subscriptions: ReadonlySet<string>;
  /**
   * When the call being applied arrived, on `performance.now()`'s clock: the time of its message
   * event, so the trace reads no clock for a call answered in the task it arrived in.
   */
  readonly arrivedAt: number;
  /** Adds an event subscription (and flushes queued events of that name). */
  subscribe(name: string): void;
  /** Removes an event subscription. */
  unsubscribe(name: string): void;
}

type Implementation = { [M in keyof HostMethods]: (correlationId: string, ...args: unknown[]) => unknown };

const handlerNames: ReadonlySet<string> = /* @__PURE__ */ new Set(HOST_HANDLER_NAMES);
const cifEventNames: ReadonlySet<string> = /* @__PURE__ */ new Set(BRIDGE_EVENT_NAMES);

/** An event name off the wire: a non-empty string of at most {@link MAX_EVENT_NAME_LENGTH} characters. */
function readEventName(name: unknown): string {
  if (typeof name !== 'string' || name === '') throw invalidInput('the event name must be a non-empty string.');
  if (name.length > MAX_EVENT_NAME_LENGTH) {
    throw invalidInput(tooLong('the event name', name.length, MAX_EVENT_NAME_LENGTH, 'Use a shorter event name.'));
  }
  return name;
}

/**
 * Adds a subscription for `name`: every CIF event name is always accepted, and up to
 * {@link MAX_CUSTOM_EVENT_NAMES} other names per connection, so a widget can't grow the host's
 * tables without end.
 */
function subscribe(caller: ProviderApiCaller, rawName: unknown): void {
  const name = readEventName(rawName);
  if (!cifEventNames.has(name) && !caller.subscriptions.has(name)) {
    let custom = 0;
    for (const subscribed of caller.subscriptions) if (!cifEventNames.has(subscribed)) custom += 1;
    if (custom >= MAX_CUSTOM_EVENT_NAMES) {
      throw invalidInput(
        `this connection already handles ${custom} custom event names, the limit (CIF's own names don't count). Remove a handler before adding "${name}".`,
      );
    }
  }
  caller.subscribe(name);
}

/** The CIF methods the store serves as they come: each takes the caller, then the widget's arguments. */
const STORE_METHODS = [
  'getSession',
  'getFocusedSession',
  'getAllSessions',
  'requestFocusSession',
  'setSessionTitle',
  'notifyNewActivity',
  'notifyKpiBreach',
  'createTab',
  'getTabs',
  'focusTab',
  'refreshTab',
  'closeTab',
  'getFocusedTab',
  'setTabTitle',
] as const satisfies readonly (keyof HostMethods & keyof SessionStore)[];

/** The {@link STORE_METHODS} as method-table entries that call the store for `caller`. */
function forward(store: SessionStore, caller: Caller): Pick<Implementation, (typeof STORE_METHODS)[number]> {
  const entries = STORE_METHODS.map((name) => [
    name,
    (_: string, ...args: unknown[]) =>
      (store[name] as (caller: Caller, ...args: unknown[]) => unknown)(caller, ...args),
  ]);
  return Object.fromEntries(entries) as Pick<Implementation, (typeof STORE_METHODS)[number]>;
}

/**
 * CIF methods a host handler gets their record data for as an object, by the index of that
 * argument: Microsoft's library passes `data` given as JSON text on as parsed data, so a handler
 * written for Dynamics never sees the text.
 */
const RECORD_DATA_ARGUMENT: Partial<Record<HandlerName, number>> = { createRecord: 1, updateRecord: 2 };

/**
 * Checks a handler's arguments as every other input is checked (JSON data only, prototype-reaching
 * keys dropped, 64 KiB at most) and parses record data given as JSON text; the handler gets this
 * fresh copy, never the widget's value. Errors name the method.
 */
function readHandlerArguments(method: HandlerName, args: unknown): JsonValue[] {
  if (!Array.isArray(args)) throw invalidInput(`${method}: arguments must be an array.`);
  return named(method, () => {
    const data = parseJsonInput(args, 'args').data as JsonValue[];
    const at = RECORD_DATA_ARGUMENT[method];
    if (at !== undefined && typeof data[at] === 'string') data[at] = parseJsonInput(data[at], 'data').data;
    return data;
  });
}

/** Runs `run`; a BridgeError it throws is thrown again with `method: ` before its message. */
function named<T>(method: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    // A new error that names the method; errors are read-only and never changed.
    throw error instanceof BridgeError ? toBridgeError(error, error.correlationId, `${method}: `) : error;
  }
}

/**
 * Builds the method table one connection serves: each method checks the correlationId, runs the
 * model with the caller's identity, stamps the correlationId on any error, and records the call in
 * the host's trace when it is on. The object has no prototype and is frozen, so nothing but these names resolves.
 *
 * The model's `INVALID_INPUT` messages name the field but not the method, which is added here in
 * front of every such error a method throws at once, so they read "createTab: templateName is
 * required". A rejected promise (a host handler's own error) keeps its message as it is.
 */
export function createProviderApi(context: ProviderApiContext, caller: ProviderApiCaller): HostMethods {
  const { store, panel } = context;
  const { provider } = caller;
  const who = { provider: provider.name, templates: provider.templates };

  /** CIF's presence methods as the host serves them when no handler replaces them. */
  const presenceMethods = {
    // CIF's setPresence resolves true, and getPresence the presence text.
    setPresence: ([text]: JsonValue[]) => (context.presence.set(text, provider.name), true),
    getPresence: () => context.presence.current().presenceText,
  };

  /** A built-in method, unless the host page gave a handler of that name: then the handler runs instead. */
  const replaceable =
    (method: BuiltInHandlerName, builtIn: (correlationId: string, ...args: unknown[]) => unknown) =>
    (correlationId: string, ...args: unknown[]): unknown => {
      const handler = context.handlers[method];
      if (handler === undefined) return builtIn(correlationId, ...args);
      // Trailing arguments the widget left out are not passed on, as callHandler's are not.
      while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
      const data = readHandlerArguments(method, args);
      return Promise.resolve(handler(data, { provider: provider.name, correlationId })).then((value) => value ?? null);
    };

  /**
   * The caller's session an analytics event is about: the one `data.sessionId` names when it is the
   * caller's, else the focused session when it is the caller's, else none.
   */
  const analyticsSession = (data: JsonValue): string | null => {
    const named = isJsonObject(data) && typeof data.sessionId === 'string' ? store.get(data.sessionId) : undefined;
    if (named?.provider === provider.name) return named.id;
    return store.getFocusedSession(who);
  };

  const implementation: Implementation = {
    ping: () => undefined,
    subscribe: (_, name) => subscribe(caller, name),
    unsubscribe: (_, name) => caller.unsubscribe(readEventName(name)),

    // Its onSessionCreated and onSessionSwitched follow the reply, as in Dynamics.
    createSession: (correlationId, input) => context.replyFirst(() => store.createSession(who, input, correlationId)),
    canCreateSession: () => store.canCreateSession(),
    ...forward(store, who),

    // The host's setters check the argument, which may be anything a widget sent.
    setMode: (_, mode) => panel.setMode(mode as 0 | 1 | 2),
    getMode: () => panel.getPanel().mode,
    setWidth: (_, width) => panel.setWidth(width as number),
    getWidth: () => panel.getPanel().width,
    setClickToAct: (_, enabled) => {
      if (typeof enabled !== 'boolean') throw invalidInput('the argument must be true or false.');
      provider.clickToAct = enabled;
    },
    getClickToAct: () => provider.clickToAct,
    getEnvironment: () => structuredClone(context.environment),
    notifyEvent: (_, input, cancellationToken) => {
      const notification = store.resolveNotification(who, input);
      // CIF's third argument, else the token in the input, as Microsoft's own sample passes it.
      const token = isAbsent(cancellationToken)
        ? notification.cancellationToken
        : readCapped(cancellationToken, 'cancellationToken', MAX_ID_LENGTH, 'Use a shorter token.');
      return context.notifications.show(
        {
          provider: provider.name,
          title: notification.title,
          fields: notification.fields,
          acceptLabel: notification.acceptLabel,
          rejectLabel: notification.rejectLabel,
        },
        notification.timeoutSeconds,
        token,
      );
    },
    cancelEvent: (_, cancellationToken) => {
      const token = readCapped(cancellationToken, 'cancellationToken', MAX_ID_LENGTH, 'Use a shorter token.');
      if (!context.notifications.cancel(provider.name, token)) {
        throw invalidInput(
          `none of your notifications on screen has the cancellation token ${JSON.stringify(token)}: it was answered, timed out, or never given to notifyEvent.`,
        );
      }
      // CIF's success callback gets the cancellation token.
      return token;
    },
    updateContext: replaceable('updateContext', (_, input, sessionId, isDelete) =>
      store.updateContext(who, input, sessionId, isDelete),
    ),
    updateConversation: replaceable('updateConversation', (_, conversationId, data) =>
      store.updateConversation(who, conversationId, data),
    ),
    logAnalyticsEvent: replaceable('logAnalyticsEvent', (correlationId, data, eventName) => {
      const name = readCapped(eventName, 'eventName', MAX_ANALYTICS_EVENT_NAME_LENGTH, 'Use a shorter event name.');
      const { data: parsed } = parseJsonInput(data ?? null, 'data');
      const sessionId = analyticsSession(parsed);
      const conversationId = sessionId === null ? null : (store.get(sessionId)?.conversationId ?? null);
      context.log.add({
        eventName: name,
        data: parsed,
        correlationId,
        provider: provider.name,
        sessionId,
        conversationId,
      });
    }),
    callHandler: async (correlationId, method, args) => {
      if (typeof method !== 'string' || !handlerNames.has(method)) {
        throw invalidInput(`callHandler: unknown method ${JSON.stringify(method)}.`);
      }
      const name = method as HostHandlerName;
      const handler = context.handlers[name];
      const builtIn = name === 'setPresence' || name === 'getPresence' ? presenceMethods[name] : undefined;
      if (handler === undefined && builtIn === undefined) {
        throw new BridgeError(BridgeErrorCode.NOT_SUPPORTED, `${method} is not provided by this host`);
      }
      const data = readHandlerArguments(name, args);
      if (handler !== undefined) return (await handler(data, { provider: provider.name, correlationId })) ?? null;
      return named(method, () => builtIn?.(data) ?? null);
    },
  };

  const api = Object.create(null) as Record<string, unknown>;
  for (const [method, run] of Object.entries(implementation)) {
    api[method] = (rawCorrelationId: unknown, ...args: unknown[]): unknown => {
      const report = context.trace;
      const arrivedAt = caller.arrivedAt;
      // Copied as they arrive: a handler may still change what it was given before it answers.
      const copied = report === undefined ? undefined : copyTraceArgs(args);
      let correlationId = '';
      // Records the call, and turns what was thrown into the BridgeError to throw: the error itself
      // when it already says everything, else a new one that wraps it (with `prefix` before its
      // message, and the call's correlationId), since an error may be shared and is never changed.
      const fail = (error: unknown, prefix: string, answeredAt?: number): BridgeError => {
        const own = error instanceof BridgeError ? error : undefined;
        const bridgeError =
          own !== undefined && prefix === '' && (own.correlationId !== undefined || correlationId === '')
            ? own
            : toBridgeError(error, own?.correlationId ?? (correlationId === '' ? undefined : correlationId), prefix);
        finish(bridgeError, answeredAt);
        return bridgeError;
      };
      // `answeredAt` only for a call answered by a promise: a call answered at once is not timed.
      const finish = (error?: BridgeError, answeredAt?: number): void =>
        report?.(
          provider.name,
          method,
          // An invalid one (too long) is kept only in part, as every other string in the trace.
          typeof rawCorrelationId === 'string' ? rawCorrelationId.slice(0, MAX_CORRELATION_ID_LENGTH) : '',
          copied ?? [],
          arrivedAt,
          answeredAt,
          error,
        );
      try {
        if (!isCorrelationId(rawCorrelationId)) {
          throw invalidInput('correlationId must be a non-empty string of at most 200 characters.');
        }
        correlationId = rawCorrelationId;
        const result = run(correlationId, ...args);
        if (!(result instanceof Promise)) {
          finish();
          return result;
        }
        context.activeCalls.count += 1;
        // Timed only while tracing: `report &&` reads the clock only then.
        return result.then(
          (value: unknown) => {
            context.activeCalls.count -= 1;
            finish(undefined, report && performance.now());
            return value;
          },
          (error: unknown) => {
            context.activeCalls.count -= 1;
            throw fail(error, '', report && performance.now());
          },
        );
      } catch (error) {
        throw fail(
          error,
          error instanceof BridgeError && error.code === BridgeErrorCode.INVALID_INPUT ? `${method}: ` : '',
        );
      }
    };
  }
  return Object.freeze(api) as unknown as HostMethods;
}
