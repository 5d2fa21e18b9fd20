import { PROTOCOL_VERSION } from './constants.js';
import type {
  ApplyMessage,
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

type Data = Record<string, unknown>;

const isRecord = (value: unknown): value is Data =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isShortString = (value: unknown, max = 200): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

const isOurs = (data: unknown, type: string): data is Data =>
  isRecord(data) && data.type === type && data.version === PROTOCOL_VERSION;

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
  return isRecord(data) && data.type === 'cif-bridge/event' && isShortString(data.name);
}

/** Narrows a port message to a {@link DisconnectMessage}. */
export function isDisconnectMessage(data: unknown): data is DisconnectMessage {
  return isRecord(data) && data.type === 'cif-bridge/disconnect' && typeof data.reason === 'string';
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
  if (!isRecord(data) || data.type !== 'APPLY' || !isShortString(data.id)) return false;
  const { path, argumentList } = data;
  if (!Array.isArray(path) || path.length !== 1) return false;
  const name: unknown = path[0];
  if (typeof name !== 'string' || !methods.has(name) || !Array.isArray(argumentList)) return false;
  for (let i = 0; i < argumentList.length; i += 1) {
    const argument: unknown = argumentList[i];
    if (!isRecord(argument) || argument.type !== 'RAW') return false;
  }
  return true;
}

/** Narrows a port message to comlink's reply: a plain value or a thrown error, nothing else. */
export function isReplyMessage(data: unknown): data is ReplyMessage {
  return (
    isRecord(data) &&
    isShortString(data.id) &&
    (data.type === 'RAW' || (data.type === 'HANDLER' && data.name === 'throw'))
  );
}

/** Reads the comlink request id of a message that failed {@link isApplyMessage}, so it can be answered. */
export function requestIdOf(data: unknown): string | undefined {
  return isRecord(data) && isShortString(data.id) ? data.id : undefined;
}
