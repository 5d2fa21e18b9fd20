/**
 * `@cif-bridge/protocol`: the wire protocol shared by `@cif-bridge/child` and `@cif-bridge/host`:
 * message types, guards, error codes, error serialization and constants.
 *
 * @packageDocumentation
 */
export { BridgeError, fromErrorData, isBridgeErrorCode, toBridgeError, toErrorData } from './BridgeError.js';
export type { BridgeErrorData } from './BridgeError.js';
export { BridgeErrorCode } from './BridgeErrorCode.js';
export { fromComlinkThrown, toComlinkThrown } from './comlinkThrow.js';
export type { ComlinkThrown } from './comlinkThrow.js';
export {
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_MAX_TABS_PER_SESSION,
  HANDSHAKE_RETRY_FIRST_MS,
  HANDSHAKE_RETRY_MAX_MS,
  MAX_CORRELATION_ID_LENGTH,
  MAX_INPUT_LENGTH,
  MAX_QUEUED_EVENTS,
  PROTOCOL_VERSION,
} from './constants.js';
export { createId } from './createId.js';
export { createOriginMatcher } from './createOriginMatcher.js';
export type { OriginMatcher } from './createOriginMatcher.js';
export {
  isApplyMessage,
  isCorrelationId,
  isDisconnectMessage,
  isEventMessage,
  isHelloMessage,
  isHostReadyMessage,
  isJsonObject,
  isReplyMessage,
  isWelcomeMessage,
  requestIdOf,
} from './guards.js';
export type { JsonObject } from './guards.js';
export { BRIDGE_EVENT_NAMES, HOST_HANDLER_NAMES, HOST_METHOD_NAMES } from './HostMethods.js';
export type { BridgeEventName, HostHandlerName, HostMethodName, HostMethods } from './HostMethods.js';
export type {
  ApplyMessage,
  CreateSessionInput,
  CreateTabInput,
  DisconnectMessage,
  EventMessage,
  HelloMessage,
  HostReadyMessage,
  JsonValue,
  PortMessage,
  RawWireValue,
  ReplyMessage,
  SessionInfo,
  TemplateParameters,
  TemplateParameterValue,
  WelcomeMessage,
  WindowMessage,
} from './types.js';
