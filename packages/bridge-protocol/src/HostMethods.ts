import type { CreateSessionInput, CreateTabInput, JsonValue, SessionInfo, TemplateParameters } from './types.js';

/**
 * The method table: every method a widget may call on the host, as it travels on the wire. The
 * first argument of each is the call's correlationId; the rest are the CIF arguments. The host's
 * guarded endpoint lets through a comlink APPLY only when its one-element path is a name on this
 * table, and answers anything else with a coded error.
 */
export interface HostMethods {
  /** Liveness check that does nothing; the benchmarks use it as the no-op call. */
  ping(correlationId: string): void;
  /** Tells the host this connection has a handler for `name`, so queued events of that name flow. */
  subscribe(correlationId: string, name: string): void;
  /** Tells the host this connection no longer has a handler for `name`. */
  unsubscribe(correlationId: string, name: string): void;

  /** CIF `createSession`; resolves with the new (or retried) session's id. */
  createSession(correlationId: string, input: CreateSessionInput | string): string;
  /** CIF `canCreateSession`: false at the session cap. */
  canCreateSession(correlationId: string): boolean;
  /** CIF `getSession`: one of the caller's own sessions. */
  getSession(correlationId: string, sessionId: string): SessionInfo;
  /** CIF `getFocusedSession`: the focused session's id if it is the caller's, else null. */
  getFocusedSession(correlationId: string): string | null;
  /** CIF `getAllSessions`: the caller's open sessions. */
  getAllSessions(correlationId: string): string[];
  /** CIF `requestFocusSession`: marks an unfocused session for the agent; does not switch. */
  requestFocusSession(correlationId: string, sessionId: string, messagesCount?: number): void;
  /** CIF `setSessionTitle`: resolves with the new title. */
  setSessionTitle(correlationId: string, input: { sessionId?: string; [slug: string]: JsonValue | undefined }): string;
  /** CIF `notifyNewActivity`: sets or resets the unread badge. */
  notifyNewActivity(correlationId: string, sessionId: string, count: number, shouldReset?: boolean): void;
  /** CIF `notifyKpiBreach`: `flag` true or omitted sets the KPI marker, false clears it. */
  notifyKpiBreach(correlationId: string, sessionId: string, flag?: boolean, details?: string): void;

  /** CIF `createTab` in the focused session; resolves with the tab id. */
  createTab(correlationId: string, input: CreateTabInput | string): string;
  /** CIF `getTabs`: tab ids of the focused session, by template name, then by tag. */
  getTabs(correlationId: string, name?: string | null, tag?: string | null): string[];
  /** CIF `focusTab`. */
  focusTab(correlationId: string, tabId: string): void;
  /** CIF `refreshTab`. */
  refreshTab(correlationId: string, tabId: string): void;
  /** CIF `closeTab`; the anchor tab can't be closed. */
  closeTab(correlationId: string, tabId: string): void;
  /** CIF `getFocusedTab`. */
  getFocusedTab(correlationId: string): string | null;
  /** CIF `setTabTitle`: resolves with the new title. */
  setTabTitle(
    correlationId: string,
    tabId: string,
    input: { title?: string; [slug: string]: JsonValue | undefined },
  ): string;

  /** CIF `setMode`: 0 minimized, 1 docked, 2 hidden. */
  setMode(correlationId: string, mode: number): void;
  /** CIF `getMode`. */
  getMode(correlationId: string): number;
  /** CIF `setWidth`: under 300 px is ignored. */
  setWidth(correlationId: string, width: number): void;
  /** CIF `getWidth`. */
  getWidth(correlationId: string): number;
  /** CIF `setClickToAct`. */
  setClickToAct(correlationId: string, enabled: boolean): void;
  /** CIF `getClickToAct`. */
  getClickToAct(correlationId: string): boolean;
  /** CIF `getEnvironment`: the host's configured environment object. */
  getEnvironment(correlationId: string): { [key: string]: JsonValue };
  /**
   * CIF `notifyEvent`: shows a notification and resolves with the agent's answer. No call timeout.
   * `cancellationToken`, when given, lets `cancelEvent` take the notification back.
   */
  notifyEvent(
    correlationId: string,
    input: { templateName: string; templateParameters?: TemplateParameters } | string,
    cancellationToken?: string,
  ): { actionName: 'Accept' | 'Reject' | 'Timeout'; responseReason: string };
  /** CIF `cancelEvent`: takes back this provider's pending `notifyEvent` that was given `cancellationToken`. */
  cancelEvent(correlationId: string, cancellationToken: string): void;

  /**
   * CIF `updateContext`: merges `input` into the `context` of a session of the caller's (the focused
   * one when `sessionId` is omitted), or with `isDelete` removes its keys; resolves with the context.
   */
  updateContext(
    correlationId: string,
    input: { [key: string]: JsonValue },
    sessionId?: string,
    isDelete?: boolean,
  ): { [key: string]: JsonValue };
  /** CIF `updateConversation`: updates the data of the conversation of one of the caller's sessions. */
  updateConversation(
    correlationId: string,
    conversationId: string,
    data: { [key: string]: JsonValue } | string,
  ): JsonValue;
  /** CIF `logAnalyticsEvent`: records `data` as `eventName` in the host's interaction log. */
  logAnalyticsEvent(correlationId: string, data: { [key: string]: JsonValue } | string, eventName: string): void;

  /** A CRM method the host page provides through `createHost({ handlers })`, else `NOT_SUPPORTED`. */
  callHandler(correlationId: string, method: HostHandlerName, args: JsonValue[]): JsonValue;
}

/** Names of the CIF methods a host page provides itself, because they need a CRM behind them. */
export const HOST_HANDLER_NAMES = [
  'createRecord',
  'retrieveRecord',
  'updateRecord',
  'deleteRecord',
  'searchAndOpenRecords',
  'openForm',
  'renderSearchPage',
  'getEntityMetadata',
  'setPresence',
  'getPresence',
  'setAgentPresence',
  'initializeAgentPresenceList',
  'insertNotes',
  'refreshForm',
] as const;

/** One of {@link HOST_HANDLER_NAMES}. */
export type HostHandlerName = (typeof HOST_HANDLER_NAMES)[number];

/** Name of a method on the wire's method table. */
export type HostMethodName = keyof HostMethods;

/**
 * The method table as data, for the guarded endpoint's lookup. Kept beside {@link HostMethods} and
 * checked against it by the `satisfies` below, so the two can't drift apart.
 */
export const HOST_METHOD_NAMES = [
  'ping',
  'subscribe',
  'unsubscribe',
  'createSession',
  'canCreateSession',
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
  'setMode',
  'getMode',
  'setWidth',
  'getWidth',
  'setClickToAct',
  'getClickToAct',
  'getEnvironment',
  'notifyEvent',
  'cancelEvent',
  'updateContext',
  'updateConversation',
  'logAnalyticsEvent',
  'callHandler',
] as const satisfies readonly HostMethodName[];

// Fails to compile when a method of HostMethods is missing from HOST_METHOD_NAMES.
type AssertNever<T extends never> = T;
export type _TableIsComplete = AssertNever<Exclude<HostMethodName, (typeof HOST_METHOD_NAMES)[number]>>;

/** Names of the events a host raises to widgets (case-sensitive, as in CIF). */
export const BRIDGE_EVENT_NAMES = [
  'onSessionSwitched',
  'onSessionCreated',
  'onSessionClosed',
  'onmodechanged',
  'onsizechanged',
  'onclicktoact',
  'onPresenceChange',
  'onpagenavigate',
  'onsendkbarticle',
] as const;

/** One of {@link BRIDGE_EVENT_NAMES}. */
export type BridgeEventName = (typeof BRIDGE_EVENT_NAMES)[number];
