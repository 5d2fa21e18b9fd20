import type {
  CreateSessionInput,
  CreateTabInput,
  JsonObject,
  JsonValue,
  SessionInfo,
  TemplateParameters,
} from '@cif-bridge/protocol';
import type { BridgeConnection, CallOptions } from './BridgeConnection.js';

/*
 * The CIF methods a widget calls, as one table that both faces are built from: the typed client
 * (`connect()`) and the `Microsoft.CIFramework` drop-in. Each row says how many arguments CIF's
 * method takes besides the correlationId, and a few flags; one call path, `sendCif`, turns a row and
 * the arguments into a call on the wire. The methods differ only in their rows, so no method has a
 * wrapper of its own, and adding a CIF method is one row here and one signature in `CifMethods`.
 */

/** The low bits of a row: how many CIF arguments the method takes, the correlationId not counted. */
const COUNT = 7;
/** Served by a host page's handler, through the wire's `callHandler` (records, presence, …). */
const HANDLER = 8;
/** No call timeout: the agent answers (a notification, a form), however long that takes. */
const UNTIMED = 16;
/** CIF puts the correlationId before the method's last argument rather than after all of them. */
const ID_BEFORE_LAST = 32;
/** Not in CIF 2.0's reference: its arguments are one list, passed to the host's handler as given. */
const LIST = 64;
/** The drop-in hands the result back as JSON text, as CIF does (the samples `JSON.parse` it). */
const JSON_TEXT = 128;

/**
 * The table. The typed client's signature of each method is in {@link CifMethods}; a type test and
 * the e2e test of every method check that the two agree.
 */
export const CIF_METHODS = {
  // Sessions.
  createSession: 1,
  canCreateSession: 0,
  getSession: 1,
  getFocusedSession: 0,
  getAllSessions: 0,
  requestFocusSession: 2,
  setSessionTitle: 1,
  notifyNewActivity: 3,
  notifyKpiBreach: 3,
  updateContext: 3,
  updateConversation: 2,
  // Tabs of the focused session.
  createTab: 1,
  getTabs: 2,
  focusTab: 1,
  refreshTab: 1,
  closeTab: 1,
  getFocusedTab: 0,
  setTabTitle: 2,
  // Panel, environment, notifications and analytics.
  setMode: 1,
  getMode: 0,
  setWidth: 1,
  getWidth: 0,
  setClickToAct: 1,
  getClickToAct: 0,
  getEnvironment: JSON_TEXT,
  notifyEvent: 2 | UNTIMED | ID_BEFORE_LAST | JSON_TEXT,
  cancelEvent: 1,
  logAnalyticsEvent: 2,
  // Records, forms and presence: the host page's handlers.
  createRecord: 2 | HANDLER | JSON_TEXT,
  retrieveRecord: 3 | HANDLER | JSON_TEXT,
  updateRecord: 3 | HANDLER | JSON_TEXT,
  deleteRecord: 2 | HANDLER | JSON_TEXT,
  searchAndOpenRecords: 4 | HANDLER | ID_BEFORE_LAST | JSON_TEXT,
  openForm: 2 | HANDLER | UNTIMED | JSON_TEXT,
  renderSearchPage: 3 | HANDLER,
  getEntityMetadata: 2 | HANDLER,
  setPresence: 1 | HANDLER,
  getPresence: 0 | HANDLER,
  setAgentPresence: 1 | HANDLER | LIST,
  initializeAgentPresenceList: 1 | HANDLER | LIST,
  insertNotes: 1 | HANDLER | LIST,
  refreshForm: 1 | HANDLER | LIST,
} as const satisfies Record<keyof CifMethods, number>;

/** The name of a CIF method on the table. */
export type CifMethodName = keyof CifMethods;

/** How many CIF arguments `method` takes, the correlationId not counted. */
export const argumentCount = (method: CifMethodName): number => CIF_METHODS[method] & COUNT;

/**
 * Where CIF puts the correlationId among `method`'s arguments: after the others, or before the last
 * one (`notifyEvent`, `searchAndOpenRecords`); -1 for a method whose arguments are one list, which
 * the drop-in passes on as given.
 */
export const correlationIndex = (method: CifMethodName): number => {
  const row = CIF_METHODS[method];
  return row & LIST ? -1 : (row & COUNT) - (row & ID_BEFORE_LAST ? 1 : 0);
};

/** Whether the drop-in hands `method`'s result back as JSON text. */
export const isJsonResult = (method: string): boolean =>
  (((CIF_METHODS as Record<string, number>)[method] ?? 0) & JSON_TEXT) !== 0;

/** Whether `method` is served by a host page's handler (through `callHandler`). */
export const isHandlerMethod = (method: CifMethodName): boolean => (CIF_METHODS[method] & HANDLER) !== 0;

/**
 * The one call path of every CIF method, on both faces: sends `method` with its CIF arguments
 * (`args`, without the correlationId; padded or cut to the method's count, or the whole list for a
 * list method), to the wire method of the same name, or to the host page's handler through
 * `callHandler`. Untimed methods get no call timeout unless `options` sets one.
 */
export function sendCif(
  connection: Pick<BridgeConnection, 'call'>,
  method: CifMethodName,
  args: readonly unknown[],
  correlationId?: string,
  options?: CallOptions,
): Promise<unknown> {
  const row = CIF_METHODS[method];
  const call = connection.call as (
    wireMethod: string,
    wireArgs: unknown[],
    correlationId?: string,
    options?: CallOptions,
  ) => Promise<unknown>;
  const given = row & LIST ? [...args] : Array.from({ length: row & COUNT }, (_, index) => args[index]);
  const callOptions = row & UNTIMED ? { timeoutMs: Infinity, ...options } : options;
  if (!(row & HANDLER)) return call.call(connection, method, given, correlationId, callOptions);
  // Trailing undefined arguments are optional ones the widget left out; the host's handler should
  // see the arguments the widget gave, as JSON values.
  while (given.length > 0 && given[given.length - 1] === undefined) given.pop();
  return call.call(connection, 'callHandler', [method, given], correlationId, callOptions);
}

/**
 * The typed client's call of `method`: `given` is what the widget passed, CIF's arguments in CIF's
 * order with the correlationId where CIF puts it, then the call options.
 */
export function callCif(
  connection: Pick<BridgeConnection, 'call'>,
  method: CifMethodName,
  given: readonly unknown[],
): Promise<unknown> {
  const count = argumentCount(method);
  const at = correlationIndex(method);
  const args = given.slice(0, count + 1);
  // A list method takes the list, then the correlationId; a single value stands for a list of one.
  const [correlationId] = args.splice(at < 0 ? 1 : at, 1);
  const list = args[0];
  return sendCif(
    connection,
    method,
    at >= 0 ? args : Array.isArray(list) ? list : list === undefined ? [] : [list],
    correlationId as string | undefined,
    given[count + 1] as CallOptions | undefined,
  );
}

/** Answer of `notifyEvent`: which button the agent pressed, or `Timeout`. */
export interface NotifyEventResult {
  /** `Accept`, `Reject` or `Timeout`. */
  actionName: 'Accept' | 'Reject' | 'Timeout';
  /** Free text the host may add. */
  responseReason: string;
}

/**
 * The typed client's CIF methods: CIF's arguments in CIF's order, the correlationId where CIF puts
 * it (a uuid v4 is made when it is omitted), and what each resolves with. The client adds the call
 * options as the last argument of each. Types are narrowed where CIF narrows them.
 */
export interface CifMethods {
  /** Creates a session from a session template and resolves with its id. */
  createSession(input: CreateSessionInput | string, correlationId?: string): string;
  /** Whether the host can open another session (false at the session cap). */
  canCreateSession(correlationId?: string): boolean;
  /** One of this widget's sessions; `SESSION_NOT_FOUND` for any other id. */
  getSession(sessionId: string, correlationId?: string): SessionInfo;
  /** The focused session's id when it is this widget's, else null. */
  getFocusedSession(correlationId?: string): string | null;
  /** Ids of this widget's open sessions. */
  getAllSessions(correlationId?: string): string[];
  /** Marks an unfocused session as wanting the agent's attention; it does not switch. */
  requestFocusSession(sessionId: string, messagesCount?: number, correlationId?: string): void;
  /** Sets a session's title from its template, with `input` as slug values; resolves with the title. */
  setSessionTitle(input: { sessionId?: string; [slug: string]: JsonValue | undefined }, correlationId?: string): string;
  /** Sets (or with `shouldReset`, clears) a session's unread badge. */
  notifyNewActivity(sessionId: string, count: number, shouldReset?: boolean, correlationId?: string): void;
  /** Sets a session's KPI breach marker when `flag` is true or omitted, clears it when false. */
  notifyKpiBreach(sessionId: string, flag?: boolean, details?: string, correlationId?: string): void;
  /**
   * Merges `input` into a session's `context` (the focused session's when `sessionId` is omitted), or
   * with `isDelete` removes its keys; resolves with the context. Owner only.
   */
  updateContext(input: JsonObject, sessionId?: string, isDelete?: boolean, correlationId?: string): JsonObject;
  /** Updates the data of a session's conversation (`conversationId` from `getSession`). Owner only. */
  updateConversation(conversationId: string, data: JsonObject | string, correlationId?: string): JsonValue;

  /** Opens a tab from a tab template in the focused session; resolves with its id. */
  createTab(input: CreateTabInput | string, correlationId?: string): string;
  /** Tab ids of the focused session, matched by template name, then by tag. */
  getTabs(name?: string | null, tag?: string | null, correlationId?: string): string[];
  /** Focuses a tab of the focused session. */
  focusTab(tabId: string, correlationId?: string): void;
  /** Reloads a tab's content. */
  refreshTab(tabId: string, correlationId?: string): void;
  /** Closes a tab; the anchor tab can't be closed. */
  closeTab(tabId: string, correlationId?: string): void;
  /** The focused tab of the focused session, or null. */
  getFocusedTab(correlationId?: string): string | null;
  /** Sets a tab's title: `input.title`, else its template title resolved with `input`. */
  setTabTitle(
    tabId: string,
    input: { title?: string; [slug: string]: JsonValue | undefined },
    correlationId?: string,
  ): string;

  /** Sets the panel mode: 0 minimized, 1 docked, 2 hidden. */
  setMode(mode: 0 | 1 | 2, correlationId?: string): void;
  /** The panel mode: 0 minimized, 1 docked, 2 hidden. */
  getMode(correlationId?: string): number;
  /** Sets the panel width in pixels; under 300 is ignored. */
  setWidth(width: number, correlationId?: string): void;
  /** The panel width in pixels. */
  getWidth(correlationId?: string): number;
  /** Turns click-to-act (`onclicktoact` events) on or off for this widget. */
  setClickToAct(enabled: boolean, correlationId?: string): void;
  /** Whether click-to-act is on for this widget. */
  getClickToAct(correlationId?: string): boolean;
  /** The host's configured environment object. */
  getEnvironment(correlationId?: string): JsonObject;
  /**
   * Shows a notification from a notification template and resolves with the agent's answer. It has
   * no call timeout, because the agent answers (or the notification's own countdown does). A
   * `cancellationToken` lets {@link CifMethods.cancelEvent} take it back; CIF puts it after the
   * correlationId.
   */
  notifyEvent(
    input: { templateName: string; templateParameters?: TemplateParameters } | string,
    correlationId?: string,
    cancellationToken?: string,
  ): NotifyEventResult;
  /** Takes back this widget's pending `notifyEvent` that was given `cancellationToken`; resolves with the token. */
  cancelEvent(cancellationToken: string, correlationId?: string): string;
  /** Records `data` as the analytics event `eventName` in the host's interaction log. */
  logAnalyticsEvent(data: JsonObject | string, eventName: string, correlationId?: string): void;

  /** Creates a record through the host page's CRM; resolves with the host's answer. */
  createRecord(entityLogicalName: string, data: JsonObject | string, correlationId?: string): JsonValue;
  /** Reads a record; `options` is an OData query such as `?$select=fullname`. */
  retrieveRecord(entityLogicalName: string, id: string, options?: string, correlationId?: string): JsonValue;
  /** Updates a record. */
  updateRecord(entityLogicalName: string, id: string, data: JsonObject | string, correlationId?: string): JsonValue;
  /** Deletes a record. */
  deleteRecord(entityLogicalName: string, id: string, correlationId?: string): JsonValue;
  /**
   * Searches records and opens the result (or only searches, with `searchOnly`). CIF puts the
   * correlationId before `searchType`.
   */
  searchAndOpenRecords(
    entityLogicalName: string,
    queryParameters: string,
    searchOnly: boolean,
    correlationId?: string,
    searchType?: number,
  ): JsonValue;
  /** Opens a record's form; no call timeout, as the agent may keep it open. */
  openForm(
    entityFormOptions: JsonObject | string,
    formParameters?: JsonObject | string,
    correlationId?: string,
  ): JsonValue;
  /** Opens the host's search page for an entity. */
  renderSearchPage(
    entityLogicalName: string,
    searchString: string,
    searchType?: number,
    correlationId?: string,
  ): JsonValue;
  /** An entity's metadata, for the attributes named. */
  getEntityMetadata(entityName: string, attributes?: string[], correlationId?: string): JsonValue;
  /** Sets the agent's presence by its text; resolves with `true`. */
  setPresence(presenceText: string, correlationId?: string): boolean;
  /** The agent's presence text. */
  getPresence(correlationId?: string): string;
  /** A host handler not in CIF 2.0's reference: `args` reach it as given. */
  setAgentPresence(args: JsonValue[], correlationId?: string): JsonValue;
  /** A host handler not in CIF 2.0's reference: `args` reach it as given. */
  initializeAgentPresenceList(args: JsonValue[], correlationId?: string): JsonValue;
  /** A host handler not in CIF 2.0's reference: `args` reach it as given. */
  insertNotes(args: JsonValue[], correlationId?: string): JsonValue;
  /** A host handler not in CIF 2.0's reference: `args` reach it as given. */
  refreshForm(args: JsonValue[], correlationId?: string): JsonValue;
}

/** The typed client's form of each method: its CIF arguments, then the call options. */
export type TypedCifMethods = {
  [M in keyof CifMethods]: (
    ...args: [...Parameters<CifMethods[M]>, options?: CallOptions]
  ) => Promise<ReturnType<CifMethods[M]>>;
};
