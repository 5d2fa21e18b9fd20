import { wrap, type Remote } from 'comlink';
import {
  BridgeError,
  BridgeErrorCode,
  createId,
  isCorrelationId,
  type HostMethodName,
  type HostMethods,
  type OriginMatcher,
} from '@cif-bridge/protocol';
import { PortEndpoint, unsendable } from './PortEndpoint.js';
import { shakeHands, type Handshake } from './shakeHands.js';

/** Per-call options, accepted as the last argument of every {@link BridgeClient} method. */
export interface CallOptions {
  /** Milliseconds before the call rejects with `TIMEOUT`; overrides the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Aborts the call: it rejects with `ABORTED` and leaves nothing pending. */
  signal?: AbortSignal;
}

/** A handler registered with {@link BridgeClient.addHandler}; receives the event's payload. */
export type EventHandler = (payload: unknown) => unknown;

/** Connection events of a {@link BridgeClient}. */
export type ConnectionEvent = 'disconnected' | 'reconnected';

/** The resolved settings of a client, as {@link connect} builds them. */
export interface ClientSettings {
  /** The host origins as configured. */
  hostOrigins: readonly string[];
  /** Matcher over `hostOrigins`. */
  isTrusted: OriginMatcher;
  /** Default call timeout in milliseconds. */
  timeoutMs: number;
  /** Handshake timeout in milliseconds. */
  handshakeTimeoutMs: number;
}

/** The CIF arguments of a method of the table: its wire arguments after the correlationId. */
export type CifArgs<M extends HostMethodName> = HostMethods[M] extends (
  correlationId: string,
  ...args: infer A
) => unknown
  ? A
  : never;
/** What a method of the table resolves with. */
export type Result<M extends HostMethodName> = Awaited<ReturnType<HostMethods[M]>>;
/** One of the widget's own calls, as {@link BridgeConnection.trace} lists it. */
export interface ClientCallEntry {
  /** The method on the host's method table. */
  method: HostMethodName;
  /** The call's correlationId (the caller's, or the one the client made). */
  correlationId: string;
  /** Milliseconds from the call to its answer. */
  durationMs: number;
  /** Whether it resolved or was rejected. */
  outcome: 'resolved' | 'rejected';
  /** The error code of a rejected call; undefined for one that resolved. */
  code: BridgeErrorCode | undefined;
}

/** How many of its calls a client remembers for {@link BridgeConnection.trace}, newest kept. */
const TRACE_LIMIT = 100;

/** Connection state of a {@link BridgeClient}. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'closed';
type State = ConnectionState;

/** One call made while no connection is up; it waits for the (re)connection or its own timeout. */
interface WaitingCall {
  send(): void;
  fail(error: BridgeError): void;
}

/**
 * What is wrong with a call's {@link CallOptions}, or undefined when they are fine. `timeoutMs` is held
 * to the same rule as the client's own (`connect`): a positive number of milliseconds, `Infinity`
 * for none, or undefined or null for the client's default. NaN would never time out and a negative value would time out at once, so both are
 * refused rather than guessed at.
 */
function checkCallOptions(options: unknown): string | undefined {
  if (options == null) return undefined;
  if (typeof options !== 'object') return `options must be an object such as { timeoutMs: 5000 }.`;
  const { timeoutMs, signal } = options as { timeoutMs?: unknown; signal?: { addEventListener?: unknown } };
  if (timeoutMs != null && !(typeof timeoutMs === 'number' && timeoutMs > 0)) {
    return `timeoutMs must be a positive number of milliseconds (Infinity for none), not ${typeof timeoutMs === 'string' ? `"${timeoutMs}"` : String(timeoutMs)}.`;
  }
  if (signal !== undefined && typeof signal?.addEventListener !== 'function') {
    return 'signal must be an AbortSignal.';
  }
  return undefined;
}

// One id per widget document, shared by every cif-bridge client in it (the drop-in and a typed
// client may live side by side), so the host can tell a reload from a second client.
const documentKey = Symbol.for('cif-bridge.documentId');
function documentId(): string {
  const holder = globalThis as { [documentKey]?: string };
  holder[documentKey] ??= createId();
  return holder[documentKey];
}

/**
 * A connection from a widget to its host, without the typed CIF methods: the handshake, calls with
 * their timeouts and signals, reconnects, and events. {@link BridgeClient} adds the typed CIF
 * methods on top of it, and the `msdyn_ciLibrary.js` drop-in builds `Microsoft.CIFramework` over it;
 * both through the same method table and call path (cifMethods.ts), which end in {@link call}.
 */
export class BridgeConnection {
  readonly #settings: ClientSettings;
  #state: State = 'connecting';
  #handshake: Handshake | undefined;
  /** The running handshake's result, until it settles. */
  #handshaking: Promise<void> | undefined;
  #endpoint: PortEndpoint | undefined;
  #remote: Remote<HostMethods> | undefined;
  /**
   * comlink's proxy for each method called on `#remote`. Reading `remote[method]` makes a new
   * `Proxy` and registers it with a `FinalizationRegistry` every time, which costs time and memory
   * on every call, so each is made once per connection; calls still go through comlink.
   */
  readonly #methods = new Map<HostMethodName, (...wireArgs: unknown[]) => Promise<unknown>>();
  readonly #waiting = new Set<WaitingCall>();
  readonly #handlers = new Map<string, Set<EventHandler>>();
  readonly #connectionListeners = new Map<ConnectionEvent, Set<() => void>>();
  /** The last answered calls, oldest first (see {@link trace}). */
  readonly #trace: ClientCallEntry[] = [];

  /** Use {@link connect}; the constructor starts the handshake but does not wait for it. */
  constructor(settings: ClientSettings) {
    this.#settings = settings;
    globalThis.addEventListener?.('pagehide', this.#onPageHide);
  }

  /**
   * A widget page that unloads can't answer the host, and the host can't see it go (a MessagePort
   * has no close event in every browser). So the client says goodbye, and the host queues events
   * from then on instead of posting them to a dead port, where they would be lost. A page restored from the
   * back/forward cache connects again.
   */
  readonly #onPageHide = (event: PageTransitionEvent): void => {
    if (
      this.#endpoint !== undefined &&
      this.#lose(this.#endpoint, 'The widget page was hidden.', true) &&
      event.persisted
    ) {
      addEventListener('pageshow', this.#onPageShow, { once: true });
    }
  };

  readonly #onPageShow = (): void => {
    if (this.#state === 'disconnected') this.handshake(Infinity).catch(() => {});
  };

  /**
   * Starts a handshake and resolves once it is done; used by {@link connect} and on reconnects.
   * There is never more than one connection or handshake: while connected it resolves at once and
   * keeps the live connection; while a handshake runs it returns that one (whose own timeout
   * holds); once closed it rejects with `DISCONNECTED`.
   */
  handshake(timeoutMs: number): Promise<void> {
    if (this.#state === 'connected') return Promise.resolve();
    if (this.#state === 'closed') {
      return Promise.reject(new BridgeError(BridgeErrorCode.DISCONNECTED, 'handshake: the client is closed.'));
    }
    if (this.#handshaking === undefined) {
      const handshake = shakeHands({
        hostOrigins: this.#settings.hostOrigins,
        isTrusted: this.#settings.isTrusted,
        clientId: createId(),
        documentId: documentId(),
        timeoutMs,
      });
      this.#handshake = handshake;
      this.#handshaking = handshake.port
        .then((port) => this.#attach(port))
        .finally(() => (this.#handshaking = undefined));
    }
    return this.#handshaking;
  }

  /** The connection state: `connecting`, `connected`, `disconnected` (reconnecting) or `closed`. */
  get state(): State {
    return this.#state;
  }

  /** How many calls wait for an answer or for a connection. Zero when the client is idle. */
  get pendingCount(): number {
    return this.#waiting.size + (this.#endpoint?.pendingCount ?? 0);
  }

  // ---- Calls -----------------------------------------------------------------------------------

  /**
   * Sends one call of the host's method table: `args` are the CIF arguments that follow the
   * correlationId on the wire. The typed methods of {@link BridgeClient} are shortcuts for it.
   */
  call<M extends HostMethodName>(
    method: M,
    args: CifArgs<M>,
    correlationId?: string,
    options?: CallOptions,
  ): Promise<Result<M>> {
    const id = correlationId ?? createId();
    const started = performance.now();
    const reply = this.#call(method, args, correlationId, id, options);
    const done = (code?: BridgeErrorCode): void => {
      const durationMs = performance.now() - started;
      const outcome = code ? 'rejected' : 'resolved';
      if (this.#trace.push({ method, correlationId: id, durationMs, outcome, code }) > TRACE_LIMIT) this.#trace.shift();
    };
    // A branch of its own, so a rejection the caller handles is not reported as unhandled here.
    reply.then(
      () => done(),
      (error: BridgeError) => done(error.code),
    );
    return reply;
  }

  /**
   * The widget's own last calls (at most 100), oldest first, each recorded when it was answered:
   * method, correlationId, duration, outcome and the error code. A copy.
   */
  trace(): ClientCallEntry[] {
    return this.#trace.map((entry) => ({ ...entry }));
  }

  #call<M extends HostMethodName>(
    method: M,
    args: CifArgs<M>,
    correlationId: string | undefined,
    id: string,
    options?: CallOptions,
  ): Promise<Result<M>> {
    if (correlationId !== undefined && !isCorrelationId(correlationId)) {
      return Promise.reject(
        new BridgeError(
          BridgeErrorCode.INVALID_INPUT,
          `${method}: correlationId must be a non-empty string of at most 200 characters.`,
        ),
      );
    }
    const problem = checkCallOptions(options);
    if (problem !== undefined) {
      return Promise.reject(new BridgeError(BridgeErrorCode.INVALID_INPUT, `${method}: ${problem}`, id));
    }
    const timeoutMs = options?.timeoutMs ?? this.#settings.timeoutMs;
    const signal = options?.signal;
    if (signal?.aborted === true) {
      return Promise.reject(new BridgeError(BridgeErrorCode.ABORTED, `${method} was aborted before it was sent.`, id));
    }
    if (this.#state === 'connected') return this.#send(method, args, id, timeoutMs, signal);
    if (this.#state === 'closed') {
      return Promise.reject(new BridgeError(BridgeErrorCode.DISCONNECTED, `${method}: the client is closed.`, id));
    }
    return this.#wait(method, args, id, timeoutMs, signal);
  }

  // ---- Events ----------------------------------------------------------------------------------

  /**
   * Registers `handler` for the event `name`, with no check of the name: the drop-in must accept any
   * CIF name. Resolves once the host knows, so events it queued while the widget was away reach it.
   */
  addAnyHandler(name: string, handler: EventHandler, options?: CallOptions): Promise<void> {
    let handlers = this.#handlers.get(name);
    if (handlers === undefined) this.#handlers.set(name, (handlers = new Set()));
    handlers.add(handler);
    if (handlers.size > 1) return Promise.resolve();
    // A subscription the host refused (past its cap on custom names, say) keeps no handler here.
    return this.call('subscribe', [name], undefined, options).catch((error: unknown) => {
      if (handlers.delete(handler) && handlers.size === 0 && this.#handlers.get(name) === handlers) {
        this.#handlers.delete(name);
      }
      throw error;
    });
  }

  /** Removes a handler added with `addHandler` or {@link addAnyHandler}. */
  removeHandler(name: string, handler: EventHandler, options?: CallOptions): Promise<void> {
    const handlers = this.#handlers.get(name);
    if (handlers === undefined || !handlers.delete(handler) || handlers.size > 0) return Promise.resolve();
    this.#handlers.delete(name);
    return this.call('unsubscribe', [name], undefined, options);
  }

  /** Listens for `disconnected` (host gone; calls wait) and `reconnected`. Returns the remover. */
  on(event: ConnectionEvent, listener: () => void): () => void {
    let listeners = this.#connectionListeners.get(event);
    if (listeners === undefined) this.#connectionListeners.set(event, (listeners = new Set()));
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /**
   * Closes the connection: pending and waiting calls reject with `DISCONNECTED`, the host is told,
   * and nothing is retried. Safe to call twice.
   */
  close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
    globalThis.removeEventListener?.('pageshow', this.#onPageShow);
    const error = new BridgeError(BridgeErrorCode.DISCONNECTED, 'The client was closed.');
    this.#handshake?.cancel(error);
    this.#endpoint?.close(error, true);
    this.#endpoint = undefined;
    this.#remote = undefined;
    for (const call of [...this.#waiting]) call.fail(error);
    this.#handlers.clear();
    this.#connectionListeners.clear();
  }

  // ---- Internals -------------------------------------------------------------------------------

  #send<M extends HostMethodName>(
    method: M,
    args: CifArgs<M>,
    correlationId: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Result<M>> {
    // Only called while connected, when both exist; the check keeps the types honest.
    const endpoint = this.#endpoint;
    const remote = this.#remote;
    if (endpoint === undefined || remote === undefined) {
      return Promise.reject(new BridgeError(BridgeErrorCode.DISCONNECTED, `${method}: not connected.`, correlationId));
    }
    let call = this.#methods.get(method);
    if (call === undefined) {
      call = remote[method] as unknown as (...wireArgs: unknown[]) => Promise<unknown>;
      this.#methods.set(method, call);
    }
    let reply: Promise<Result<M>>;
    try {
      reply = call(correlationId, ...args) as Promise<Result<M>>;
    } catch (error) {
      // comlink reads the arguments before it posts them; a value it can't read (a revoked Proxy,
      // a throwing getter) throws here. Nothing was sent, so nothing is pending.
      return Promise.reject(unsendable(method, error, correlationId));
    }
    endpoint.track(endpoint.lastId, method, correlationId, timeoutMs, signal);
    return reply;
  }

  /** Holds a call until a connection is up; its timeout and signal count from now. */
  #wait<M extends HostMethodName>(
    method: M,
    args: CifArgs<M>,
    correlationId: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Result<M>> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (): void => {
        this.#waiting.delete(waiting);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiting: WaitingCall = {
        send: () => {
          done();
          const left = Math.max(0, timeoutMs - (performance.now() - started));
          this.#send(method, args, correlationId, left, signal).then(resolve, reject);
        },
        fail: (error) => {
          done();
          // A copy: one error may fail many waiting calls, and each keeps its own correlationId.
          reject(new BridgeError(error.code, error.message, error.correlationId ?? correlationId));
        },
      };
      const onAbort = (): void =>
        waiting.fail(new BridgeError(BridgeErrorCode.ABORTED, `${method} was aborted by its signal.`, correlationId));
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          waiting.fail(
            new BridgeError(
              BridgeErrorCode.TIMEOUT,
              `${method} waited ${timeoutMs} ms for a connection to the host and got none. Check the host page and its allow-list.`,
              correlationId,
            ),
          );
        }, timeoutMs);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.add(waiting);
    });
  }

  #attach(port: MessagePort): void {
    if (this.#state === 'closed') {
      port.close();
      return;
    }
    const reconnected = this.#state === 'disconnected';
    const endpoint = new PortEndpoint(port, {
      onEvent: (name, payload) => this.#dispatch(name, payload),
      onDisconnect: (reason) => {
        if (this.#lose(endpoint, `The host closed the connection: ${reason}`)) this.handshake(Infinity).catch(() => {});
      },
    });
    this.#endpoint = endpoint;
    this.#remote = wrap<HostMethods>(endpoint);
    this.#methods.clear();
    this.#state = 'connected';
    // Every new connection learns which events we handle: after a reconnect the host has a fresh
    // connection, and a subscribe made before the first one may have timed out while it waited.
    for (const name of this.#handlers.keys())
      this.#send('subscribe', [name], createId(), this.#settings.timeoutMs).catch(() => {});
    for (const call of [...this.#waiting]) call.send();
    if (reconnected) this.#emit('reconnected');
  }

  /**
   * The connection ended (the host said so, or this page is going away): fail what is in flight and
   * emit `disconnected`. Returns false when `endpoint` was not the live connection. The caller starts
   * the next handshake, so calls made from now on wait for a host to come back.
   */
  #lose(endpoint: PortEndpoint, reason: string, tellHost = false): boolean {
    if (this.#endpoint !== endpoint || this.#state !== 'connected') return false;
    this.#state = 'disconnected';
    this.#endpoint = undefined;
    this.#remote = undefined;
    endpoint.close(new BridgeError(BridgeErrorCode.DISCONNECTED, reason), tellHost);
    this.#emit('disconnected');
    return true;
  }

  #dispatch(name: string, payload: unknown): void {
    for (const handler of [...(this.#handlers.get(name) ?? [])]) {
      // A widget's handler that throws or rejects must not break the bridge or other handlers.
      try {
        const result = handler(payload);
        if (result instanceof Promise)
          result.catch((error: unknown) => console.error(`cif-bridge: ${name} handler failed`, error));
      } catch (error) {
        console.error(`cif-bridge: ${name} handler failed`, error);
      }
    }
  }

  #emit(event: ConnectionEvent): void {
    for (const listener of [...(this.#connectionListeners.get(event) ?? [])]) {
      try {
        listener();
      } catch (error) {
        console.error(`cif-bridge: ${event} listener failed`, error);
      }
    }
  }
}
