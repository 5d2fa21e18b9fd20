import {
  BridgeError,
  BridgeErrorCode,
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  createOriginMatcher,
} from '@cif-bridge/protocol';
import { BridgeClient } from './BridgeClient.js';
import type { ClientSettings } from './BridgeConnection.js';

/** Options of {@link connect}. */
export interface ConnectOptions {
  /**
   * The host page's origin: one exact origin such as `https://agent.example.com`, or a list of them.
   * Subdomain wildcards (`https://*.example.com`) are accepted; `'*'` never is. Required.
   */
  hostOrigin: string | readonly string[];
  /** Default timeout of each call in milliseconds. Default 10000. */
  timeoutMs?: number;
  /** How long to wait for the host to answer the handshake, in milliseconds. Default 10000. */
  handshakeTimeoutMs?: number;
}

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new BridgeError(BridgeErrorCode.INVALID_INPUT, `connect: ${name} must be a positive number of milliseconds.`);
  }
  return value;
}

/** Checks {@link ConnectOptions} and resolves the defaults; throws a coded error for bad options. */
export function resolveSettings(options: ConnectOptions): ClientSettings {
  const given: unknown = (options as Partial<ConnectOptions> | undefined)?.hostOrigin;
  const hostOrigins = typeof given === 'string' ? [given] : Array.isArray(given) ? [...(given as unknown[])] : [];
  if (hostOrigins.length === 0) {
    throw new BridgeError(
      BridgeErrorCode.INVALID_INPUT,
      'connect: hostOrigin is required: give the host page\'s origin, such as { hostOrigin: "https://agent.example.com" }.',
    );
  }
  return {
    hostOrigins: hostOrigins as string[],
    isTrusted: createOriginMatcher(hostOrigins),
    timeoutMs: positive('timeoutMs', options.timeoutMs, DEFAULT_CALL_TIMEOUT_MS),
    handshakeTimeoutMs: positive('handshakeTimeoutMs', options.handshakeTimeoutMs, DEFAULT_HANDSHAKE_TIMEOUT_MS),
  };
}

/**
 * Connects the widget to its host page: says hello to `window.parent` at `hostOrigin`, waits for
 * the host's answer with a private port, and resolves with a {@link BridgeClient}. Rejects with
 * `HANDSHAKE_TIMEOUT` when no trusted host answers in time.
 *
 * @example
 * ```ts
 * const client = await connect({ hostOrigin: 'https://agent.example.com' });
 * const sessionId = await client.createSession({ templateName: 'chat', templateParameters: { customer: 'Contoso' } });
 * ```
 */
export async function connect(options: ConnectOptions): Promise<BridgeClient> {
  const settings = resolveSettings(options);
  const client = new BridgeClient(settings);
  try {
    await client.handshake(settings.handshakeTimeoutMs);
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}
