import {
  BridgeError,
  BridgeErrorCode,
  createId,
  isCorrelationId,
  toBridgeError,
  type JsonValue,
  type SessionInfo,
} from '@cif-bridge/protocol';
import type { BridgeConnection } from './BridgeConnection.js';
import {
  CIF_METHODS,
  argumentCount,
  correlationIndex,
  isJsonResult,
  sendCif,
  type CifMethodName,
} from './cifMethods.js';

/*
 * Microsoft.CIFramework over a BridgeConnection (docs/cif-compatibility.md lists every method and
 * what it maps to, and the quirks of CIF the drop-in reproduces).
 *
 * Every method is built from the table the typed client is built from (cifMethods.ts), rather than
 * written out, because the drop-in ships as one small script (budget: 6 KB min+gzip with comlink)
 * and the methods differ only in:
 * - where the correlationId sits among CIF's arguments (it is usually last, but not always);
 * - what the host answers with and how CIF hands it back (a JSON string, a Map, or as is);
 * - whether the host's model serves it (a method of the wire's table) or a host page's CRM handler
 *   (`callHandler`, whose host answers NOT_SUPPORTED when it has no handler, never a hang).
 *
 * It passes 400 lines because the table, the result shapes and the legacy callback form are one
 * concept: the face CIF widgets see; split, each part would only make sense beside the others.
 */

/** The part of {@link BridgeConnection} the drop-in uses; tests pass a fake with the same shape. */
export type ClientLike = Pick<BridgeConnection, 'call' | 'addAnyHandler' | 'removeHandler'>;

/** A CIF event handler: it gets the event's data as a JSON string, as CIF hands it. */
export type CifHandler = (eventData: string) => unknown;

/**
 * A method of `Microsoft.CIFramework`. It takes CIF's arguments in CIF's order, usually with an
 * optional trailing correlationId, and returns a promise. In the legacy form the arguments are
 * followed by `successCallback` and `errorCallback`; the promise is then the one
 * `promise.then(successCallback, errorCallback)` returns, which is what CIF's docs mean by that form.
 */
export type CifMethod<R = unknown> = (...args: unknown[]) => Promise<R>;

/**
 * What every `Microsoft.CIFramework` method rejects with: an `Error` whose `message` CIF's docs read,
 * `msdyn_name` (the method, as CIF's error objects carry it), the cif-bridge `code`, and the call's
 * `correlationId` (the caller's, or the one the drop-in made up).
 */
export interface CifError extends BridgeError {
  /** The CIF method that failed, such as `createSession`. */
  msdyn_name: string;
}

/** What `getSession` resolves to: a `Map` (the samples call `.get('context')`) with the same fields as properties. */
export type CifSession = Map<string, unknown> & SessionInfo;

/** The name of every method on `Microsoft.CIFramework`. */
export type CifFrameworkMethodName = CifMethodName | 'addHandler' | 'removeHandler' | 'raiseEvent';

/**
 * `window.Microsoft.CIFramework`: every method of CIF 2.0's reference, with CIF's argument order.
 * docs/cif-compatibility.md says what each one does in cif-bridge.
 */
export interface CIFramework {
  /** `createSession(input, correlationId)`: input is an object or its JSON text; resolves with the session id. */
  createSession: CifMethod<string>;
  /** `canCreateSession(correlationId)`: false at the host's session cap. */
  canCreateSession: CifMethod<boolean>;
  /** `getSession(sessionId, correlationId)`: a `Map` that also has the fields as properties. */
  getSession: CifMethod<CifSession>;
  /** `getFocusedSession(correlationId)`: the focused session's id if it is this widget's, else null. */
  getFocusedSession: CifMethod<string | null>;
  /** `getAllSessions(correlationId)`: this widget's open sessions. */
  getAllSessions: CifMethod<string[]>;
  /** `requestFocusSession(sessionId, messagesCount, correlationId)`; also `(sessionId, correlationId)` as CIF's docs write it. */
  requestFocusSession: CifMethod<void>;
  /** `setSessionTitle(input, correlationId)`: resolves with the new title. */
  setSessionTitle: CifMethod<string>;
  /** `notifyNewActivity(sessionId, count, shouldReset, correlationId)`; also `(sessionId, count, correlationId)`. */
  notifyNewActivity: CifMethod<void>;
  /** `notifyKpiBreach(sessionId, flag, details, correlationId)`: true shows the KPI marker, false clears it. */
  notifyKpiBreach: CifMethod<void>;
  /** `createTab(input, correlationId)`: resolves with the tab id. */
  createTab: CifMethod<string>;
  /** `getTabs(templateName, tags, correlationId)`: tab ids of the focused session. */
  getTabs: CifMethod<string[]>;
  /** `focusTab(tabId, correlationId)`. */
  focusTab: CifMethod<void>;
  /** `refreshTab(tabId, correlationId)`. */
  refreshTab: CifMethod<void>;
  /** `closeTab(tabId, correlationId)`. */
  closeTab: CifMethod<void>;
  /** `getFocusedTab(correlationId)`. */
  getFocusedTab: CifMethod<string | null>;
  /** `setTabTitle(tabId, input, correlationId)`: resolves with the new title. */
  setTabTitle: CifMethod<string>;
  /** `setMode(value, correlationId)`: 0 minimized, 1 docked, 2 hidden. */
  setMode: CifMethod<void>;
  /** `getMode(correlationId)`. */
  getMode: CifMethod<number>;
  /** `setWidth(value, correlationId)`. */
  setWidth: CifMethod<void>;
  /** `getWidth(correlationId)`. */
  getWidth: CifMethod<number>;
  /** `setClickToAct(value, correlationId)`. */
  setClickToAct: CifMethod<void>;
  /** `getClickToAct(correlationId)`. */
  getClickToAct: CifMethod<boolean>;
  /** `getEnvironment(correlationId)`: the host's environment object as JSON text. */
  getEnvironment: CifMethod<string>;
  /** `notifyEvent(input, correlationId, cancellationToken)`: `{ actionName, responseReason }` as JSON text. */
  notifyEvent: CifMethod<string>;
  /** `cancelEvent(cancellationToken, correlationId)`: resolves with the token. */
  cancelEvent: CifMethod<string>;
  /** `createRecord(entityLogicalName, data, correlationId)`: host handler; JSON text. */
  createRecord: CifMethod<string>;
  /** `retrieveRecord(entityLogicalName, id, options, correlationId)`: host handler; JSON text. */
  retrieveRecord: CifMethod<string>;
  /** `updateRecord(entityLogicalName, id, data, correlationId)`: host handler; JSON text. */
  updateRecord: CifMethod<string>;
  /** `deleteRecord(entityLogicalName, id, correlationId)`: host handler; JSON text. */
  deleteRecord: CifMethod<string>;
  /** `searchAndOpenRecords(entityLogicalName, queryParameters, searchOnly, correlationId, searchType)`: host handler; JSON text. */
  searchAndOpenRecords: CifMethod<string>;
  /** `openForm(entityFormOptions, formParameters, correlationId)`: host handler; JSON text. */
  openForm: CifMethod<string>;
  /** `renderSearchPage(entityLogicalName, searchString, searchType, correlationId)`: host handler. */
  renderSearchPage: CifMethod<JsonValue>;
  /** `getEntityMetadata(entityName, attributes, correlationId)`: host handler. */
  getEntityMetadata: CifMethod<JsonValue>;
  /** `setPresence(presenceText, correlationId)`: host handler. */
  setPresence: CifMethod<JsonValue>;
  /** `getPresence(correlationId)`: host handler. */
  getPresence: CifMethod<JsonValue>;
  /** Host handler not in CIF 2.0's reference; arguments pass through as given. */
  setAgentPresence: CifMethod<JsonValue>;
  /** Host handler not in CIF 2.0's reference; arguments pass through as given. */
  initializeAgentPresenceList: CifMethod<JsonValue>;
  /** Host handler not in CIF 2.0's reference; arguments pass through as given. */
  insertNotes: CifMethod<JsonValue>;
  /** Host handler not in CIF 2.0's reference; arguments pass through as given. */
  refreshForm: CifMethod<JsonValue>;
  /** `logAnalyticsEvent(data, eventName, correlationId)`: recorded in the host's interaction log. */
  logAnalyticsEvent: CifMethod<void>;
  /** `updateContext(input, sessionId, isDelete, correlationId)`: resolves with the session's context. */
  updateContext: CifMethod<JsonValue>;
  /** `updateConversation(id, data, correlationId)`: resolves with the conversation's data. */
  updateConversation: CifMethod<JsonValue>;
  /** `addHandler(eventName, handlerFunction, correlationId)`: every event name is accepted, case-sensitive; the handler gets JSON text. */
  addHandler: CifMethod<void>;
  /** `removeHandler(eventName, handlerFunction, correlationId)`. */
  removeHandler: CifMethod<void>;
  /** `raiseEvent(eventName, eventInputParameters, correlationId)`: runs this widget's own handlers for the event. */
  raiseEvent: CifMethod<void>;
}

// Fails to compile when the interface and the tables above don't list the same methods.
type AssertNever<T extends never> = T;
type _CifFrameworkIsComplete = AssertNever<
  Exclude<keyof CIFramework, CifFrameworkMethodName> | Exclude<CifFrameworkMethodName, keyof CIFramework>
>;

const sessionFields = ['sessionId', 'focused', 'context', 'title', 'templateName', 'conversationId'] as const;

/** JSON text of a result, unless the host already answered with text (CRM handlers often pass it through). */
const toJson = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

const isFunction = (value: unknown): value is (value: unknown) => unknown => typeof value === 'function';

/**
 * Turns anything a call threw into a new {@link CifError} of its own, with this call's
 * correlationId, that wraps what was thrown as its `cause`. Never the thrown error itself: one
 * error can fail many calls (a connection that could not be made fails every call with it), and
 * each call's error must carry its own correlationId.
 */
function toCifError(error: unknown, method: string, correlationId: string): CifError {
  return Object.assign(toBridgeError(error, correlationId), { msdyn_name: method });
}

/**
 * Builds `Microsoft.CIFramework` over a client.
 *
 * @param getClient - gives the client the methods call. It is called once, on the first call of any
 *   method that needs the host, so a widget that never calls never connects. If it rejects (no host
 *   origin could be found, say), every call rejects with that error, shaped as a {@link CifError};
 *   the cause is in the page, so trying again could not help. The client itself keeps calls made
 *   before its handshake waiting, each until its own timeout, so an early call is never rejected
 *   for being early.
 * @returns the object to install as `window.Microsoft.CIFramework`.
 */
export function createCifFramework(getClient: () => Promise<ClientLike>): CIFramework {
  let client: Promise<ClientLike> | undefined;
  const connected = (): Promise<ClientLike> => (client ??= getClient());

  // Each CIF handler maps to the wrapper the client holds, so removeHandler can find it again.
  const handlers = new Map<string, Map<CifHandler, (payload: unknown) => unknown>>();

  /**
   * The one path of every method: splits off the legacy callbacks (the first function argument at
   * or after `from`) and the correlationId (made up when absent, so every error carries one), runs
   * the call, shapes its result, and turns any failure into a CifError.
   */
  const call = (
    method: string,
    given: unknown[],
    correlationAt: number,
    run: (args: unknown[], correlationId: string) => Promise<unknown> | unknown,
    from = 0,
  ): Promise<unknown> => {
    const callbackAt = given.findIndex((value, index) => index >= from && isFunction(value));
    const cifArgs = callbackAt < 0 ? given : given.slice(0, callbackAt);
    const candidate = cifArgs[correlationAt];
    // CIF uses the correlationId only for telemetry, so a missing or unusable one is replaced, not refused.
    const correlationId = isCorrelationId(candidate) ? candidate : createId();
    const args = cifArgs.filter((_, index) => index !== correlationAt);
    const result = Promise.resolve()
      .then(() => run(args, correlationId))
      .then((value) => (method === 'getSession' ? toSession(value) : isJsonResult(method) ? toJson(value) : value))
      .catch((error: unknown) => {
        throw toCifError(error, method, correlationId);
      });
    if (callbackAt < 0) return result;
    const onError = given[callbackAt + 1];
    return result.then(given[callbackAt] as (value: unknown) => unknown, isFunction(onError) ? onError : undefined);
  };

  const framework: Record<string, CifMethod> = {};

  for (const method of Object.keys(CIF_METHODS) as CifMethodName[]) {
    const count = argumentCount(method);
    const at = correlationIndex(method);
    framework[method] = (...given) =>
      call(
        method,
        given,
        // CIF's docs put the correlationId where these two methods have an optional number or
        // boolean (`requestFocusSession(sessionId, correlationId)`, `notifyNewActivity(sessionId,
        // count)` plus one), which can never be a string: a string there is the correlationId.
        (method === 'requestFocusSession' || method === 'notifyNewActivity') && typeof given[count - 1] === 'string'
          ? count - 1
          : at,
        async (args, correlationId) => sendCif(await connected(), method, args, correlationId),
      );
  }

  /** Checks addHandler's and removeHandler's arguments, which CIF widgets get wrong in plain JS. */
  const checkHandler = (method: string, name: unknown, handler: unknown): [string, CifHandler] => {
    if (typeof name !== 'string' || name === '' || !isFunction(handler)) {
      throw new BridgeError(BridgeErrorCode.INVALID_INPUT, `${method}: give an event name and a handler function.`);
    }
    return [name, handler];
  };

  // The handler function is itself an argument, so legacy callbacks are looked for after it.
  framework.addHandler = (...given) =>
    call(
      'addHandler',
      given,
      2,
      async ([rawName, rawHandler]) => {
        const [name, handler] = checkHandler('addHandler', rawName, rawHandler);
        let byHandler = handlers.get(name);
        if (byHandler === undefined) handlers.set(name, (byHandler = new Map()));
        let wrapper = byHandler.get(handler);
        // CIF hands event data to handlers as JSON text; the samples JSON.parse it.
        if (wrapper === undefined) byHandler.set(handler, (wrapper = (payload) => handler(toJson(payload))));
        // No timeout: a subscription made before the host is up must reach it whenever it comes,
        // or the widget's handlers would silently never fire. The call waits for the connection.
        await (await connected()).addAnyHandler(name, wrapper, { timeoutMs: Infinity });
      },
      2,
    );

  framework.removeHandler = (...given) =>
    call(
      'removeHandler',
      given,
      2,
      async ([rawName, rawHandler]) => {
        const [name, handler] = checkHandler('removeHandler', rawName, rawHandler);
        const byHandler = handlers.get(name);
        const wrapper = byHandler?.get(handler);
        if (byHandler === undefined || wrapper === undefined) return;
        byHandler.delete(handler);
        if (byHandler.size === 0) handlers.delete(name);
        await (await connected()).removeHandler(name, wrapper);
      },
      2,
    );

  // raiseEvent has no wire method: it runs this widget's own handlers for the event, the way a CIF
  // widget uses it for its custom events. A handler that fails makes the call reject, and the
  // others still run.
  framework.raiseEvent = (...given) =>
    call('raiseEvent', given, 2, async ([name, data]) => {
      await Promise.all([...(handlers.get(String(name))?.values() ?? [])].map(async (wrapper) => wrapper(data)));
    });

  return framework as unknown as CIFramework;
}

/** getSession's Map, with the same five fields as own properties, as CIF's samples read both. */
function toSession(value: unknown): CifSession {
  const info = value as SessionInfo;
  // Only the documented fields are copied, so no key from the host can shadow a Map method.
  const entries = sessionFields.map((field) => [field, info[field]] as const);
  return Object.assign(new Map<string, unknown>(entries) as CifSession, Object.fromEntries(entries));
}
