import { BridgeError, BridgeErrorCode, type CreateSessionInput } from '@cif-bridge/protocol';
import type { BridgeClient } from './BridgeClient.js';
import type { CallOptions } from './BridgeConnection.js';
import { connect, resolveSettings, type ConnectOptions } from './connect.js';

let options: ConnectOptions | undefined;
let client: Promise<BridgeClient> | undefined;

/**
 * Sets up the default client used by the top-level {@link createSession}. The IIFE build also reads
 * `data-host-origin` from its own `<script>` tag. Calling it again replaces the default client.
 */
export function configure(next: ConnectOptions): void {
  resolveSettings(next); // throws now, at the call that has the mistake, not at the first createSession
  options = next;
  const previous = client;
  client = undefined;
  previous?.then(
    (c) => c.close(),
    () => {},
  );
}

/** The default client, connected on first use with the options given to {@link configure}. */
export function defaultClient(): Promise<BridgeClient> {
  if (options === undefined) {
    return Promise.reject(
      new BridgeError(
        BridgeErrorCode.INVALID_INPUT,
        'No host origin configured: call configure({ hostOrigin: "https://agent.example.com" }) first, or set data-host-origin on the script tag.',
      ),
    );
  }
  if (client === undefined) {
    const pending = connect(options);
    client = pending;
    // A failed handshake must not stick: the next call tries again.
    pending.catch(() => {
      if (client === pending) client = undefined;
    });
  }
  return client;
}

/**
 * CIF's `createSession(input, correlationId)` on the default client: creates a session from a session
 * template and resolves with its id.
 */
export async function createSession(
  input: CreateSessionInput | string,
  correlationId?: string,
  callOptions?: CallOptions,
): Promise<string> {
  return (await defaultClient()).createSession(input, correlationId, callOptions);
}
