import { dropProtoKeys } from './dropProtoKeys.js';
import type { Endpoint } from 'comlink';
import {
  BridgeError,
  BridgeErrorCode,
  fromErrorData,
  isDisconnectMessage,
  isEventMessage,
  isReplyMessage,
  toComlinkThrown,
} from '@cif-bridge/protocol';

/** One call sent and not yet answered. */
interface PendingCall {
  /** `performance.now()` at which it fails with TIMEOUT; `Infinity` when it has no timeout. */
  deadline: number;
  /** The method and the timeout it was given, for the TIMEOUT message. */
  method: string;
  timeoutMs: number;
  /** Its abort signal and listener, if it has one, so the listener can be removed. */
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** Its correlationId, put on the error when it times out or the connection closes under it. */
  correlationId: string;
}

/** `setTimeout` takes a signed 32-bit delay; a longer one fires at once. */
const MAX_DELAY_MS = 0x7fffffff;

/** The `INVALID_INPUT` error of a call whose arguments could not be sent, with why. */
export function unsendable(method: string, reason: unknown, correlationId: string): BridgeError {
  return new BridgeError(
    BridgeErrorCode.INVALID_INPUT,
    `${method}: an argument can't be sent to the host (${reason instanceof Error ? reason.message : String(reason)}). Pass plain JSON data: no functions, DOM nodes or class instances.`,
    correlationId,
  );
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
 *
 * An error reply carries `BridgeErrorData`. This endpoint rebuilds the `BridgeError` and hands it to
 * comlink inside the envelope its own `throw` handler throws as it is (see comlinkThrow.ts in the
 * protocol package), so the caller gets a `BridgeError` with its code while comlink's page-wide
 * handlers stay untouched for every other comlink user in the page.
 *
 * Timeouts cost no timer per call, because setting and clearing a timer for every call was a
 * measurable part of a call's cost in the benchmark. Instead each call keeps a deadline, and one
 * timer per endpoint is armed for the earliest one. When it fires it fails the expired calls and
 * is armed again for the earliest deadline left. With the usual single timeout every new deadline
 * is later than the armed one, so a call neither sets nor clears a timer, and an answered call's
 * deadline just lapses.
 */
export class PortEndpoint implements Endpoint {
  /** comlink's request id of the last message sent, read by the client right after each call. */
  lastId = '';
  readonly #port: MessagePort;
  readonly #pending = new Map<string, PendingCall>();
  readonly #listener: PortEndpointListener;
  #comlink: ((event: MessageEvent) => void) | undefined;
  /** The one timeout timer, and the deadline it is armed for (`Infinity` when none is). */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;
  /** The last request that could not be posted (an argument structured clone can't copy), and why. */
  #unsent: { id: string; reason: unknown } | undefined;

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

  /**
   * comlink sends a request. comlink passes `transfer` with every APPLY (an empty list when nothing
   * is transferred); only its RELEASE, which the host refuses anyway, passes none, and
   * `postMessage(message, undefined)` means no options, so it is passed on as it is.
   */
  postMessage(message: { id: string }, transfer?: Transferable[]): void {
    this.lastId = message.id;
    try {
      this.#port.postMessage(message, transfer as Transferable[]);
    } catch (reason) {
      // An argument structured clone can't copy (a function, a DOM node) throws a DataCloneError
      // here, inside comlink's promise, which would reject with a raw DOMException and leave comlink
      // waiting. The message never left, so nothing reaches the host; `track` fails the call.
      this.#unsent = { id: message.id, reason };
    }
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
   * (none when it is not finite) and with ABORTED when `signal` aborts.
   */
  track(id: string, method: string, correlationId: string, timeoutMs: number, signal?: AbortSignal): void {
    const unsent = this.#unsent;
    this.#unsent = undefined;
    // It never left, so it is answered here, as comlink still waits for it.
    if (unsent?.id === id) return this.#reply(id, unsendable(method, unsent.reason, correlationId));
    const deadline = Number.isFinite(timeoutMs) ? performance.now() + timeoutMs : Infinity;
    const call: PendingCall = { deadline, method, timeoutMs, signal, onAbort: undefined, correlationId };
    if (signal !== undefined) {
      call.onAbort = () =>
        this.settle(
          id,
          new BridgeError(BridgeErrorCode.ABORTED, `${method} was aborted by its signal.`, correlationId),
        );
      signal.addEventListener('abort', call.onAbort, { once: true });
    }
    this.#pending.set(id, call);
    if (deadline < this.#timerAt) this.#arm(deadline);
  }

  /** Fails the pending request `id` with `error`, as if the host had thrown it. */
  settle(id: string, error: BridgeError): void {
    if (this.#forget(id)) this.#reply(id, error);
  }

  /** Hands comlink a synthetic error reply for the request `id`. */
  #reply(id: string, error: BridgeError): void {
    // comlink rejects the call with `error` itself, this object, not a copy.
    const reply = { id, type: 'HANDLER', name: 'throw', value: toComlinkThrown(error) };
    this.#comlink?.(new MessageEvent('message', { data: reply }));
  }

  /** Fails every pending call with `error`, tells the host when asked to, and closes the port. */
  close(error: BridgeError, tellHost: boolean): void {
    if (tellHost) this.#port.postMessage({ type: 'cif-bridge/disconnect', reason: error.message });
    // One error per call, each with its own correlationId.
    for (const [id, call] of [...this.#pending])
      this.settle(id, new BridgeError(error.code, error.message, call.correlationId));
    clearTimeout(this.#timer);
    this.#port.onmessage = null;
    this.#port.close();
  }

  /** Arms the one timer for `deadline`, replacing the one armed for a later deadline. */
  #arm(deadline: number): void {
    clearTimeout(this.#timer);
    this.#timerAt = deadline;
    // Rounded up, so the sweep never runs before the deadline and finds nothing to do.
    const delay = Math.min(Math.ceil(deadline - performance.now()), MAX_DELAY_MS);
    this.#timer = setTimeout(this.#sweep, delay);
  }

  /** The timer fired: fails every call whose deadline has passed, then arms for the earliest left. */
  readonly #sweep = (): void => {
    this.#timerAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    // Deadlines are not in insertion order when calls have different timeouts, so look at them all;
    // this runs about once per timeout period, not once per call.
    for (const [id, call] of this.#pending) {
      if (call.deadline <= now) {
        this.settle(
          id,
          new BridgeError(
            BridgeErrorCode.TIMEOUT,
            `${call.method} got no answer within ${call.timeoutMs} ms. The host may be busy or gone; retry with the same correlationId.`,
            call.correlationId,
          ),
        );
      } else if (call.deadline < next) {
        next = call.deadline;
      }
    }
    if (next < this.#timerAt) this.#arm(next);
  };

  /** Stops tracking `id`; false when it was not pending (answered, timed out, aborted or closed). */
  #forget(id: string): boolean {
    const call = this.#pending.get(id);
    if (call === undefined) return false;
    this.#pending.delete(id);
    if (call.onAbort !== undefined) call.signal?.removeEventListener('abort', call.onAbort);
    return true;
  }

  #receive(event: MessageEvent<unknown>): void {
    const data = event.data;
    if (isReplyMessage(data)) {
      if (data.type !== 'RAW') this.settle(data.id, fromErrorData(data.value));
      else if (this.#forget(data.id)) {
        dropProtoKeys(data.value);
        this.#comlink?.(event);
      }
    } else if (isEventMessage(data)) {
      dropProtoKeys(data.payload);
      this.#listener.onEvent(data.name, data.payload);
    } else if (isDisconnectMessage(data)) {
      this.#listener.onDisconnect(data.reason);
    }
  }
}
