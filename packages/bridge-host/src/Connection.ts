import { expose } from 'comlink';
import { HOST_METHOD_NAMES, toErrorData, type EventMessage } from '@cif-bridge/protocol';
import { createGuardedEndpoint } from './createGuardedEndpoint.js';
import type { Provider, ProviderConnectionLike } from './Provider.js';

const methodNames: ReadonlySet<string> = /* @__PURE__ */ new Set(HOST_METHOD_NAMES);

const throwData = (error: unknown): never => {
  throw toErrorData(error);
};

/**
 * The method table as comlink serves it: each method throws (or rejects with) `BridgeErrorData`
 * instead of an `Error`. comlink's own `throw` handler would keep only an Error's name, message and
 * stack (https://github.com/GoogleChromeLabs/comlink/issues/594); plain data it passes as it is,
 * so the code and correlationId reach the guarded endpoint.
 */
function throwingData(api: object): object {
  const served = Object.create(null) as Record<string, unknown>;
  for (const name of methodNames) {
    const method = (api as Record<string, unknown>)[name];
    if (typeof method !== 'function') continue;
    const run = method as (...args: unknown[]) => unknown;
    served[name] = (...args: unknown[]): unknown => {
      try {
        const result = run.apply(api, args);
        return result instanceof Promise ? result.catch(throwData) : result;
      } catch (error) {
        return throwData(error);
      }
    };
  }
  return served;
}

/**
 * One widget client's private connection: the host's end of the port, the method table served on it
 * through the guarded endpoint, and the event names the widget handles. It is the caller the method
 * table serves (`subscribe` and `unsubscribe` come from the widget's `addHandler`/`removeHandler`).
 */
export class Connection implements ProviderConnectionLike {
  /** The provider the connection belongs to. */
  readonly provider: Provider;
  /** The client id from the hello. */
  readonly clientId: string;
  /** Event names the widget has handlers for. */
  readonly subscriptions = new Set<string>();
  /**
   * When the call being applied arrived, on `performance.now()`'s clock (see createGuardedEndpoint);
   * kept only when the connection times its calls, else 0.
   */
  arrivedAt = 0;
  readonly #port: MessagePort;
  readonly #onClose: (connection: Connection) => void;
  #open = true;

  /**
   * @param provider - the owner.
   * @param clientId - the widget client's id.
   * @param port - the host's end of the channel.
   * @param serve - makes the method table for this connection.
   * @param onClose - told once when the connection ends.
   * @param timed - whether to keep each call's arrival time (for the host's trace).
   */
  constructor(
    provider: Provider,
    clientId: string,
    port: MessagePort,
    serve: (connection: Connection) => object,
    onClose: (connection: Connection) => void,
    timed: boolean,
  ) {
    this.provider = provider;
    this.clientId = clientId;
    this.#port = port;
    this.#onClose = onClose;
    expose(
      throwingData(serve(this)),
      createGuardedEndpoint(
        port,
        methodNames,
        (reason) => this.close(`widget left: ${reason}`, false),
        timed ? (arrivedAt) => (this.arrivedAt = arrivedAt) : undefined,
      ),
    );
  }

  /** The widget added a handler for `name`: events of that name flow, queued ones first. */
  subscribe(name: string): void {
    this.subscriptions.add(name);
    this.provider.flush(name, this);
  }

  /** The widget removed its handler for `name`. */
  unsubscribe(name: string): void {
    this.subscriptions.delete(name);
    this.provider.unsubscribed(name);
  }

  /** Sends an event on the private port. */
  send(name: string, payload: unknown): void {
    if (!this.#open) return;
    const message: EventMessage = { type: 'cif-bridge/event', name, payload };
    this.#port.postMessage(message);
  }

  /** Ends the connection; with `tellWidget`, the widget's pending calls reject with DISCONNECTED at once. */
  close(reason: string, tellWidget: boolean): void {
    if (!this.#open) return;
    this.#open = false;
    if (tellWidget) this.#port.postMessage({ type: 'cif-bridge/disconnect', reason });
    this.#port.onmessage = null;
    this.#port.close();
    this.#onClose(this);
  }
}
