import type { BridgeErrorData } from './BridgeError.js';

// ---------------------------------------------------------------------------------------------
// Data of the session API (CIF 2.0's session methods; docs/cif-compatibility.md lists them).
// ---------------------------------------------------------------------------------------------

/** A JSON value, as carried in `context` and JSON-object template parameters. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A template parameter value: a string (which may hold `{slugs}`), a number, a boolean or a JSON object. */
export type TemplateParameterValue = string | number | boolean | { [key: string]: JsonValue };

/**
 * `templateParameters` of createSession: global values by name, and, under a key equal to a tab
 * template's name, values for that tab template only.
 */
export type TemplateParameters = Record<string, TemplateParameterValue>;

/** The input of `createSession`, given as an object or as its JSON text. */
export interface CreateSessionInput {
  /** Unique name of the session template. Wins over `templateTag` when both are given. */
  templateName?: string;
  /** Tag of the session template: the first template that carries it is used. */
  templateTag?: string;
  /** Values for the template's slugs and tab parameters; they beat the configured values. */
  templateParameters?: TemplateParameters;
  /** Free data kept on the session and handed back in `getSession` and events. */
  context?: { [key: string]: JsonValue };
}

/** What `getSession` returns for one of the caller's sessions. */
export interface SessionInfo {
  /** The session id. */
  sessionId: string;
  /** Whether the session has focus. */
  focused: boolean;
  /** The `context` given at creation. */
  context: { [key: string]: JsonValue };
  /** The resolved title. */
  title: string;
  /** The session template the session came from. */
  templateName: string;
  /** The id of the session's conversation (a uuid the host made when the session was created). */
  conversationId: string;
}

/** The input of `createTab`. */
export interface CreateTabInput {
  /** Unique name of the tab template. */
  templateName: string;
  /** Values for the tab template's parameters and title slugs. */
  templateParameters?: TemplateParameters;
  /** Whether the new tab takes focus. */
  isFocused?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Messages on the page's window, before a port exists.
// ---------------------------------------------------------------------------------------------

/** Widget → host, posted to `window.parent` with the host's exact origin as target. */
export interface HelloMessage {
  /** Message kind. */
  type: 'cif-bridge/hello';
  /** {@link PROTOCOL_VERSION} of the sender. */
  version: number;
  /** Random id of this client; the welcome names it back so each client gets only its own port. */
  clientId: string;
  /** Random id of the widget document; a new one in the same frame means the widget reloaded. */
  documentId: string;
}

/** Host → widget, answering a hello; `event.ports[0]` is the connection's private port. */
export interface WelcomeMessage {
  /** Message kind. */
  type: 'cif-bridge/welcome';
  /** {@link PROTOCOL_VERSION} of the sender. */
  version: number;
  /** The `clientId` of the hello this answers. */
  clientId: string;
}

/** Host → every provider frame when a host starts, so waiting widgets say hello at once. */
export interface HostReadyMessage {
  /** Message kind. */
  type: 'cif-bridge/host-ready';
  /** {@link PROTOCOL_VERSION} of the sender. */
  version: number;
}

/** Any message cif-bridge posts on a window. */
export type WindowMessage = HelloMessage | WelcomeMessage | HostReadyMessage;

// ---------------------------------------------------------------------------------------------
// Messages on the private port, beside comlink's calls and replies.
// ---------------------------------------------------------------------------------------------

/** Host → widget: an event for the handlers the widget registered (`onSessionSwitched`, …). */
export interface EventMessage {
  /** Message kind. */
  type: 'cif-bridge/event';
  /** The CIF event name, case-sensitive. */
  name: string;
  /** The event payload, as listed in docs/cif-compatibility.md ("Events"). */
  payload: unknown;
}

/** Either side → the other: this connection is over, reject what is pending with `DISCONNECTED`. */
export interface DisconnectMessage {
  /** Message kind. */
  type: 'cif-bridge/disconnect';
  /** Why, for logs. */
  reason: string;
}

/** Any non-comlink message cif-bridge posts on a private port. */
export type PortMessage = EventMessage | DisconnectMessage;

// ---------------------------------------------------------------------------------------------
// comlink's messages, as far as cif-bridge lets them through.
// ---------------------------------------------------------------------------------------------

/** A comlink wire value that carries plain cloneable data. */
export interface RawWireValue {
  /** comlink's marker for plain data. */
  type: 'RAW';
  /** The data. */
  value: unknown;
}

/** Widget → host: a comlink APPLY of one method on the method table, with plain arguments only. */
export interface ApplyMessage {
  /** comlink's request id. */
  id: string;
  /** comlink's message type; the only one the host accepts. */
  type: 'APPLY';
  /** A one-element path: the method name. */
  path: [string];
  /** The arguments; the first is always the call's correlationId. */
  argumentList: RawWireValue[];
}

/** Host → widget: comlink's reply to an APPLY, either a value or a thrown {@link BridgeErrorData}. */
export type ReplyMessage =
  { id: string; type: 'RAW'; value: unknown } | { id: string; type: 'HANDLER'; name: 'throw'; value: BridgeErrorData };
