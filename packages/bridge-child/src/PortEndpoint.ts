import type { Endpoint } from 'comlink';
import {
  BridgeError,
  BridgeErrorCode,
  isDisconnectMessage,
  isEventMessage,
  isReplyMessage,
  toErrorData,
} from '@cif-bridge/protocol';

/** One call sent and not yet answered. */
interface PendingCall {
  /** Its timeout timer, if it has one. */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Its abort signal and listener, if it has one, so the listener can be removed. */
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** Its correlationId, put on the error when the connection closes under it. */
  correlationId: string;
}

/** What a {@link PortEndpoint} tells its client about. */
export interface PortEndpointListener {
  /** The host raised an event for this widget. */
  onEvent(name: string, payload: unknown): void;
  /** The host said the connection is over. */
  onDisconnect(reason: string): void;
}

/**
 * The comlink endpoint over the private port, widget side. comlink keeps its own map of pending
 * requests and has no timeout, so this class owns the pending calls: it times them out, aborts them,
 * and on disconnect settles them all by handing comlink a synthetic error reply, which also removes
 * comlink's entry. A reply whose call is no longer pending is dropped, so no call is answered twice.
 * Only well-formed replies reach comlink; events and disconnects are handled here.
 */
export class PortEndpoint implements Endpoint {
  /** comlink's request id of the last message sent, read by the client right after each call. */
  lastId = '';
  readonly #port: MessagePort;
  readonly #pending = new Map<string, PendingCall>();
  readonly #listener: PortEndpointListener;
  #comlink: ((event: MessageEvent) => void) | undefined;

  /**
   * @param port - the private port from the handshake.
   * @param listener - told about events and disconnects.
   */
  constructor(port: MessagePort, listener: PortEndpointListener) {
    this.#port = port;
    this.#listener = listener;
    port.onmessage = (event) => this.#receive(event);
  }

  /** How many calls wait for an answer. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** comlink sends a request. */
  postMessage(message: { id: string }, transfer?: Transferable[]): void {
    this.lastId = message.id;
    this.#port.postMessage(message, transfer ?? []);
  }

  /** comlink registers its reply listener (one per wrapped endpoint). */
  addEventListener(_type: string, listener: EventListenerOrEventListenerObject): void {
    this.#comlink = typeof listener === 'function' ? listener : (event) => listener.handleEvent(event);
  }

  /** comlink removes its reply listener. */
  removeEventListener(): void {
    this.#comlink = undefined;
  }

  /**
   * Starts tracking the request `id` that was just sent: it fails with TIMEOUT after `timeoutMs`
   * and with ABORTED when `signal` aborts.
   */
  track(id: string, method: string, correlationId: string, timeoutMs: number, signal?: AbortSignal): void {
    const call: PendingCall = { timer: undefined, signal, onAbort: undefined, correlationId };
    if (Number.isFinite(timeoutMs)) {
      call.timer = setTimeout(() => {
        this.settle(
          id,
          new BridgeError(
            BridgeErrorCode.TIMEOUT,
            `${method} got no answer within ${timeoutMs} ms. The host may be busy or gone; retry with the same correlationId.`,
            correlationId,
          ),
        );
      }, timeoutMs);
    }
    if (signal !== undefined) {
      call.onAbort = () =>
        this.settle(
          id,
          new BridgeError(BridgeErrorCode.ABORTED, `${method} was aborted by its signal.`, correlationId),
        );
      signal.addEventListener('abort', call.onAbort, { once: true });
    }
    this.#pending.set(id, call);
  }

  /** Fails the pending request `id` with `error`, as if the host had thrown it. */
  settle(id: string, error: BridgeError): void {
    if (!this.#forget(id)) return;
    const reply = { id, type: 'HANDLER', name: 'throw', value: toErrorData(error) };
    this.#comlink?.(new MessageEvent('message', { data: reply }));
  }

  /** Fails every pending call with `error`, tells the host when asked to, and closes the port. */
  close(error: BridgeError, tellHost: boolean): void {
    if (tellHost) this.#port.postMessage({ type: 'cif-bridge/disconnect', reason: error.message });
    // One error per call, each with its own correlationId.
    for (const [id, call] of [...this.#pending])
      this.settle(id, new BridgeError(error.code, error.message, call.correlationId));
    this.#port.onmessage = null;
    this.#port.close();
  }

  #forget(id: string): boolean {
    const call = this.#pending.get(id);
    if (call === undefined) return false;
    this.#pending.delete(id);
    clearTimeout(call.timer);
    if (call.onAbort !== undefined) call.signal?.removeEventListener('abort', call.onAbort);
    return true;
  }

  #receive(event: MessageEvent<unknown>): void {
    const data = event.data;
    if (isReplyMessage(data)) {
      if (this.#forget(data.id)) this.#comlink?.(event);
    } else if (isEventMessage(data)) {
      this.#listener.onEvent(data.name, data.payload);
    } else if (isDisconnectMessage(data)) {
      this.#listener.onDisconnect(data.reason);
    }
  }
}
