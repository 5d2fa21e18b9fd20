/**
 * `@cif-bridge/child`: the widget side of cif-bridge. It gives a softphone in the host page's iframe
 * the CIF 2.0 session API over a private, verified MessagePort.
 *
 * @packageDocumentation
 */
export { BridgeClient } from './BridgeClient.js';
export type { EventName } from './BridgeClient.js';
export type { CifMethodName, CifMethods, NotifyEventResult, TypedCifMethods } from './cifMethods.js';
export { BridgeConnection } from './BridgeConnection.js';
export type {
  CallOptions,
  CifArgs,
  ClientCallEntry,
  ClientSettings,
  ConnectionEvent,
  ConnectionState,
  EventHandler,
  Result,
} from './BridgeConnection.js';
export { connect } from './connect.js';
export type { ConnectOptions } from './connect.js';
export { configure, createSession } from './defaultClient.js';
export { BridgeError, BridgeErrorCode } from '@cif-bridge/protocol';
export type {
  BridgeEventName,
  CreateSessionInput,
  CreateTabInput,
  HostHandlerName,
  HostMethodName,
  JsonObject,
  JsonValue,
  SessionInfo,
  TemplateParameters,
  TemplateParameterValue,
} from '@cif-bridge/protocol';
