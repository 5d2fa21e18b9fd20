import {
  BRIDGE_EVENT_NAMES,
  BridgeError,
  BridgeErrorCode,
  type BridgeEventName,
  type CreateSessionInput,
  type CreateTabInput,
  type HostHandlerName,
  type JsonValue,
  type SessionInfo,
  type TemplateParameters,
} from '@cif-bridge/protocol';
import { BridgeConnection, type CallOptions, type EventHandler } from './BridgeConnection.js';

/** Answer of `notifyEvent`: which button the agent pressed, or `Timeout`. */
export interface NotifyEventResult {
  /** `Accept`, `Reject` or `Timeout`. */
  actionName: 'Accept' | 'Reject' | 'Timeout';
  /** Free text the host may add. */
  responseReason: string;
}

/**
 * A connection from a widget to its host: the CIF 2.0 session API, typed. Get one from
 * {@link connect}. Every method sends one call with a correlationId (yours, or a uuid v4), resolves
 * with the host's answer and rejects with a {@link BridgeError}. The connection itself (events,
 * reconnects, `close`) is {@link BridgeConnection}'s.
 */
export class BridgeClient extends BridgeConnection {
  // ---- Sessions --------------------------------------------------------------------------------

  /** Creates a session from a session template and resolves with its id (CIF `createSession`). */
  createSession(input: CreateSessionInput | string, correlationId?: string, options?: CallOptions): Promise<string> {
    return this.call('createSession', [input], correlationId, options);
  }

  /** Whether the host can open another session (false at the session cap). */
  canCreateSession(correlationId?: string, options?: CallOptions): Promise<boolean> {
    return this.call('canCreateSession', [], correlationId, options);
  }

  /** One of this widget's sessions; `SESSION_NOT_FOUND` for any other id. */
  getSession(sessionId: string, correlationId?: string, options?: CallOptions): Promise<SessionInfo> {
    return this.call('getSession', [sessionId], correlationId, options);
  }

  /** The focused session's id when it is this widget's, else null. */
  getFocusedSession(correlationId?: string, options?: CallOptions): Promise<string | null> {
    return this.call('getFocusedSession', [], correlationId, options);
  }

  /** Ids of this widget's open sessions. */
  getAllSessions(correlationId?: string, options?: CallOptions): Promise<string[]> {
    return this.call('getAllSessions', [], correlationId, options);
  }

  /** Marks an unfocused session as wanting the agent's attention; it does not switch. */
  requestFocusSession(
    sessionId: string,
    messagesCount?: number,
    correlationId?: string,
    options?: CallOptions,
  ): Promise<void> {
    return this.call('requestFocusSession', [sessionId, messagesCount], correlationId, options);
  }

  /** Sets a session's title from its template, with `input` as slug values; resolves with the title. */
  setSessionTitle(
    input: { sessionId?: string; [slug: string]: JsonValue | undefined },
    correlationId?: string,
    options?: CallOptions,
  ): Promise<string> {
    return this.call('setSessionTitle', [input], correlationId, options);
  }

  /** Sets (or with `shouldReset`, clears) a session's unread badge. */
  notifyNewActivity(
    sessionId: string,
    count: number,
    shouldReset?: boolean,
    correlationId?: string,
    options?: CallOptions,
  ): Promise<void> {
    return this.call('notifyNewActivity', [sessionId, count, shouldReset], correlationId, options);
  }

  /** Sets a session's KPI breach marker when `flag` is true or omitted, clears it when false. */
  notifyKpiBreach(
    sessionId: string,
    flag?: boolean,
    details?: string,
    correlationId?: string,
    options?: CallOptions,
  ): Promise<void> {
    return this.call('notifyKpiBreach', [sessionId, flag, details], correlationId, options);
  }

  // ---- Tabs of the focused session -------------------------------------------------------------

  /** Opens a tab from a tab template in the focused session; resolves with its id. */
  createTab(input: CreateTabInput | string, correlationId?: string, options?: CallOptions): Promise<string> {
    return this.call('createTab', [input], correlationId, options);
  }

  /** Tab ids of the focused session, matched by template name, then by tag. */
  getTabs(name?: string | null, tag?: string | null, correlationId?: string, options?: CallOptions): Promise<string[]> {
    return this.call('getTabs', [name, tag], correlationId, options);
  }

  /** Focuses a tab of the focused session. */
  focusTab(tabId: string, correlationId?: string, options?: CallOptions): Promise<void> {
    return this.call('focusTab', [tabId], correlationId, options);
  }

  /** Reloads a tab's content. */
  refreshTab(tabId: string, correlationId?: string, options?: CallOptions): Promise<void> {
    return this.call('refreshTab', [tabId], correlationId, options);
  }

  /** Closes a tab; the anchor tab can't be closed. */
  closeTab(tabId: string, correlationId?: string, options?: CallOptions): Promise<void> {
    return this.call('closeTab', [tabId], correlationId, options);
  }

  /** The focused tab of the focused session, or null. */
  getFocusedTab(correlationId?: string, options?: CallOptions): Promise<string | null> {
    return this.call('getFocusedTab', [], correlationId, options);
  }

  /** Sets a tab's title: `input.title`, else its template title resolved with `input`. */
  setTabTitle(
    tabId: string,
    input: { title?: string; [slug: string]: JsonValue | undefined },
    correlationId?: string,
    options?: CallOptions,
  ): Promise<string> {
    return this.call('setTabTitle', [tabId, input], correlationId, options);
  }

  // ---- Panel and environment -------------------------------------------------------------------

  /** Sets the panel mode: 0 minimized, 1 docked, 2 hidden. */
  setMode(mode: 0 | 1 | 2, correlationId?: string, options?: CallOptions): Promise<void> {
    return this.call('setMode', [mode], correlationId, options);
  }

  /** The panel mode. */
  getMode(correlationId?: string, options?: CallOptions): Promise<number> {
    return this.call('getMode', [], correlationId, options);
  }

  /** Sets the panel width in pixels; under 300 is ignored. */
  setWidth(width: number, correlationId?: string, options?: CallOptions): Promise<void> {
    return this.call('setWidth', [width], correlationId, options);
  }

  /** The panel width in pixels. */
  getWidth(correlationId?: string, options?: CallOptions): Promise<number> {
    return this.call('getWidth', [], correlationId, options);
  }

  /** Turns click-to-act (`onclicktoact` events) on or off for this widget. */
  setClickToAct(enabled: boolean, correlationId?: string, options?: CallOptions): Promise<void> {
    return this.call('setClickToAct', [enabled], correlationId, options);
  }

  /** Whether click-to-act is on for this widget. */
  getClickToAct(correlationId?: string, options?: CallOptions): Promise<boolean> {
    return this.call('getClickToAct', [], correlationId, options);
  }

  /** The host's configured environment object. */
  getEnvironment(correlationId?: string, options?: CallOptions): Promise<{ [key: string]: JsonValue }> {
    return this.call('getEnvironment', [], correlationId, options);
  }

  /**
   * Shows a notification from a notification template and resolves with the agent's answer. It has
   * no call timeout, because the agent answers (or the notification's own countdown does).
   */
  notifyEvent(
    input: { templateName: string; templateParameters?: TemplateParameters } | string,
    correlationId?: string,
    options?: CallOptions,
  ): Promise<NotifyEventResult> {
    return this.call('notifyEvent', [input], correlationId, { timeoutMs: Infinity, ...options });
  }

  /**
   * Calls a CIF method that the host page provides itself (records, presence, …). Rejects with
   * `NOT_SUPPORTED` when the host has no handler for it.
   */
  callHandler(
    method: HostHandlerName,
    args: JsonValue[],
    correlationId?: string,
    options?: CallOptions,
  ): Promise<JsonValue> {
    return this.call('callHandler', [method, args], correlationId, options);
  }

  /** A call that does nothing, to check the connection (and the no-op of the benchmarks). */
  ping(correlationId?: string, options?: CallOptions): Promise<void> {
    return this.call('ping', [], correlationId, options);
  }

  // ---- Events ----------------------------------------------------------------------------------

  /**
   * Registers `handler` for a CIF event (names are case-sensitive, as in CIF). Resolves once the
   * host knows, so events it queued while the widget was away are delivered to it.
   */
  addHandler(name: BridgeEventName, handler: EventHandler, options?: CallOptions): Promise<void> {
    if (!(BRIDGE_EVENT_NAMES as readonly string[]).includes(name)) {
      return Promise.reject(
        new BridgeError(
          BridgeErrorCode.INVALID_INPUT,
          `addHandler: unknown event "${String(name)}". Event names are case-sensitive: ${BRIDGE_EVENT_NAMES.join(', ')}.`,
        ),
      );
    }
    return this.addAnyHandler(name, handler, options);
  }
}
