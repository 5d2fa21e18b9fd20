import { MAX_CORRELATION_ID_LENGTH, PROTOCOL_VERSION } from './constants.js';
import type {
  ApplyMessage,
  JsonValue,
  DisconnectMessage,
  EventMessage,
  HelloMessage,
  HostReadyMessage,
  ReplyMessage,
  WelcomeMessage,
} from './types.js';

/*
 * Every message that arrives through postMessage is `unknown` until one of these guards narrows it.
 * They check shape only, never trust: origin and source are checked by the caller.
 */

/** A JSON object, such as a session's `context`. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Whether `value` is an object that is neither null nor an array. It checks the outer shape only:
 * the members are still to be checked one by one before they are used.
 */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isShortString = (value: unknown, max = 200): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

const isOurs = (data: unknown, type: string): data is JsonObject =>
  isJsonObject(data) && data.type === type && data.version === PROTOCOL_VERSION;

/** Narrows a window message to a widget's {@link HelloMessage}. */
export function isHelloMessage(data: unknown): data is HelloMessage {
  return isOurs(data, 'cif-bridge/hello') && isShortString(data.clientId) && isShortString(data.documentId);
}

/** Narrows a window message to a host's {@link WelcomeMessage}. */
export function isWelcomeMessage(data: unknown): data is WelcomeMessage {
  return isOurs(data, 'cif-bridge/welcome') && isShortString(data.clientId);
}

/** Narrows a window message to a host's {@link HostReadyMessage}. */
export function isHostReadyMessage(data: unknown): data is HostReadyMessage {
  return isOurs(data, 'cif-bridge/host-ready');
}

/** Narrows a port message to an {@link EventMessage}. */
export function isEventMessage(data: unknown): data is EventMessage {
  return isJsonObject(data) && data.type === 'cif-bridge/event' && isShortString(data.name);
}

/** Narrows a port message to a {@link DisconnectMessage}. */
export function isDisconnectMessage(data: unknown): data is DisconnectMessage {
  return isJsonObject(data) && data.type === 'cif-bridge/disconnect' && typeof data.reason === 'string';
}

/**
 * Narrows a port message to a comlink APPLY of a method on `methods`, with plain arguments only.
 * Anything else (GET, SET, CONSTRUCT, ENDPOINT, RELEASE, a nested or `__proto__` path, an unknown
 * name, or an argument comlink would turn into a proxy) fails, so comlink never sees it: comlink's
 * `expose` walks any path it is sent, prototype included, and a SET writes wherever that path leads
 * (https://github.com/GoogleChromeLabs/comlink/issues/603).
 * It runs on every call the host answers, so the argument check is a plain loop, with no closure;
 * a hole in `argumentList` reads as `undefined` and fails.
 */
export function isApplyMessage(data: unknown, methods: ReadonlySet<string>): data is ApplyMessage {
  if (!isJsonObject(data) || data.type !== 'APPLY' || !isShortString(data.id)) return false;
  const { path, argumentList } = data;
  if (!Array.isArray(path) || path.length !== 1) return false;
  const name: unknown = path[0];
  if (typeof name !== 'string' || !methods.has(name) || !Array.isArray(argumentList)) return false;
  for (let i = 0; i < argumentList.length; i += 1) {
    const argument: unknown = argumentList[i];
    if (!isJsonObject(argument) || argument.type !== 'RAW') return false;
  }
  return true;
}

/** Narrows a port message to comlink's reply: a plain value or a thrown error, nothing else. */
export function isReplyMessage(data: unknown): data is ReplyMessage {
  return (
    isJsonObject(data) &&
    isShortString(data.id) &&
    (data.type === 'RAW' || (data.type === 'HANDLER' && data.name === 'throw'))
  );
}

/** Reads the comlink request id of a message that failed {@link isApplyMessage}, so it can be answered. */
export function requestIdOf(data: unknown): string | undefined {
  return isJsonObject(data) && isShortString(data.id) ? data.id : undefined;
}

/**
 * Whether `value` can be a call's correlationId: a string of 1 to {@link MAX_CORRELATION_ID_LENGTH}
 * characters. It is the one rule of both sides: the host answers a call whose correlationId fails it
 * with `INVALID_INPUT`; the widget's client refuses a given correlationId that fails it (and makes a
 * uuid v4 when none is given); the CIF drop-in, where CIF uses the correlationId for telemetry only,
 * replaces one that fails it with a uuid v4.
 */
export function isCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CORRELATION_ID_LENGTH;
}
