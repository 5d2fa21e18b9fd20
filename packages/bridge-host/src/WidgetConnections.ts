import { Connection } from './Connection.js';
import { createProviderApi, type ProviderApiContext } from './createProviderApi.js';
import type { HostTrace } from './HostTrace.js';
import { MAX_CONNECTIONS_PER_PROVIDER } from './limits.js';
import type { Provider } from './Provider.js';

/** How many answered clientIds the host remembers, to refuse late hellos of closed connections. */
const MAX_ANSWERED_CLIENTS = 1000;

/**
 * The host's open widget connections, by clientId: it opens one for each accepted hello, closes those
 * of a window that reloaded or is gone, and keeps each provider under its connection cap.
 */
export class WidgetConnections {
  readonly #connections = new Map<string, { connection: Connection; source: Window; documentId: string }>();
  /** Providers the host warned about being at the connection cap, until one of their connections closes. */
  readonly #warnedAtCap = new Set<Provider>();
  /** The clientIds of the hellos answered, newest last (see open). */
  readonly #answered = new Set<string>();
  /** The trace, or undefined with `trace: false`. */
  readonly #trace: HostTrace | undefined;
  #connectionsOpened = 0;

  /** @param trace - records each handshake, and each hello refused at the cap. */
  constructor(trace: HostTrace | undefined) {
    this.#trace = trace;
  }

  /** Widget connections open now. */
  get size(): number {
    return this.#connections.size;
  }

  /** Handshakes accepted since the host started. */
  get opened(): number {
    return this.#connectionsOpened;
  }

  /**
   * Opens a connection for an accepted hello and returns the port to hand the widget, or null when
   * the hello is not answered (a clientId answered before, or a provider at its cap).
   */
  open(
    context: ProviderApiContext,
    provider: Provider,
    clientId: string,
    documentId: string,
    source: Window,
    origin: string,
  ): MessagePort | null {
    // Each clientId is answered once: a retried hello of a client that is connected, or one that
    // arrives after its connection closed, would open a connection no widget uses. (After destroy()
    // no hello is heard at all.)
    if (this.#answered.has(clientId)) return null;
    this.#answered.add(clientId);
    // A late hello comes within seconds (the widget's retries stop at its welcome), so the oldest
    // ids can go; this keeps a host that runs for days from growing.
    if (this.#answered.size > MAX_ANSWERED_CLIENTS) {
      const [oldest] = this.#answered;
      if (oldest !== undefined) this.#answered.delete(oldest);
    }
    // A new document in a window that had connections means that window reloaded: its old
    // document is gone, so its connections go too (requirement 4 of acceptHandshakes.ts).
    for (const entry of [...this.#connections.values()]) {
      if (entry.connection.provider === provider && entry.documentId !== documentId && entry.source === source) {
        entry.connection.close('The widget reloaded.', false);
      }
    }
    if (!this.#hasRoomFor(provider)) {
      this.#trace?.record({
        kind: 'refused',
        time: Date.now(),
        origin,
        provider: provider.name,
        reason: `provider "${provider.name}" already has ${MAX_CONNECTIONS_PER_PROVIDER} connections, the limit; close clients the widget no longer uses (client.close()).`,
      });
      return null;
    }
    const { port1, port2 } = new MessageChannel();
    const connection = new Connection(
      provider,
      clientId,
      port1,
      (served) => createProviderApi(context, served),
      (closed) => {
        provider.connections.delete(closed);
        this.#warnedAtCap.delete(provider);
        this.#connections.delete(closed.clientId);
      },
      context.trace !== undefined,
    );
    provider.connections.add(connection);
    this.#connections.set(clientId, { connection, source, documentId });
    this.#connectionsOpened += 1;
    this.#trace?.record({ kind: 'handshake', time: Date.now(), provider: provider.name, origin, clientId });
    return port2;
  }

  /**
   * Whether `provider` may open one more connection (at most {@link MAX_CONNECTIONS_PER_PROVIDER}).
   * At the cap, connections whose window is gone (a nested frame that was removed, which can't say
   * goodbye) are closed first; if the provider is still at the cap, the hello is ignored, the widget's
   * handshake times out, and the host page gets one warning that says what to do.
   */
  #hasRoomFor(provider: Provider): boolean {
    if (provider.connections.size < MAX_CONNECTIONS_PER_PROVIDER) return true;
    for (const { connection, source } of [...this.#connections.values()]) {
      if (connection.provider === provider && source.closed) connection.close('The widget window is gone.', false);
    }
    if (provider.connections.size < MAX_CONNECTIONS_PER_PROVIDER) return true;
    if (!this.#warnedAtCap.has(provider)) {
      this.#warnedAtCap.add(provider);
      console.warn(
        `cif-bridge: provider "${provider.name}" already has ${MAX_CONNECTIONS_PER_PROVIDER} connections, the limit; new clients are ignored. Close clients the widget no longer uses (client.close()).`,
      );
    }
    return false;
  }
}
