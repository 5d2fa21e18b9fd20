import {
  BridgeError,
  BridgeErrorCode,
  HANDSHAKE_RETRY_FIRST_MS,
  HANDSHAKE_RETRY_MAX_MS,
  PROTOCOL_VERSION,
  isHostReadyMessage,
  isWelcomeMessage,
  type HelloMessage,
  type OriginMatcher,
} from '@cif-bridge/protocol';

/*
 * The handshake, widget side. The host side is packages/bridge-host/src/acceptHandshakes.ts.
 *
 * Requirements
 * 1. The widget never posts to '*'. Each hello goes to `window.parent` with one exact origin from the
 *    widget's `hostOrigin` allow-list as its target, so a page that is not on the list never sees it.
 * 2. A welcome counts only when `event.source` is `window.parent`, `event.origin` is on the list, it
 *    names this client's id, and it carries exactly one port. Anything else is ignored.
 * 3. The widget may load before the host listens, so it says hello again with a growing delay
 *    (HANDSHAKE_RETRY_FIRST_MS doubling up to HANDSHAKE_RETRY_MAX_MS), and at once when the parent
 *    announces a host with host-ready. No hello is sent after the handshake ends, either way.
 * 4. Without a welcome in time, the handshake rejects with HANDSHAKE_TIMEOUT; its listener and timers
 *    are removed whether it succeeds, times out or is cancelled.
 * 5. Each hello names the client (a random id per handshake) and the widget document (one random id
 *    per document, shared by every cif-bridge client in it), so the host can tell a second client in
 *    the same page from a reloaded page.
 *
 * Steps
 * 1. The widget works out where to post: every exact origin on the list, plus the parent's real
 *    origin (from `location.ancestorOrigins`, else `document.referrer`) when it matches a wildcard.
 * 2. The widget posts hello { clientId, documentId } to `window.parent` for each of those origins.
 * 3. The host checks that `event.origin` is trusted for a provider and that `event.source` is that
 *    provider's iframe or a frame inside it, opens a MessageChannel, serves its method table on one
 *    end and posts welcome { clientId } with the other end to `event.source`, targeting `event.origin`.
 * 4. The widget checks the welcome (requirement 2), keeps the port and stops. From here on every call,
 *    reply and event travels on the private port, never on the window.
 */

/** Most reply ports an opaque-origin widget keeps open while it waits for a welcome. */
const MAX_REPLY_PORTS = 16;

/** What a handshake needs: the allow-list and how long to wait. */
export interface HandshakeOptions {
  /** The host origins as configured (exact origins and `https://*.example.com` wildcards). */
  hostOrigins: readonly string[];
  /** Matcher built from the same list. */
  isTrusted: OriginMatcher;
  /** Random id of this client. */
  clientId: string;
  /** Random id of this document. */
  documentId: string;
  /** Give up after this many milliseconds; `Infinity` waits until cancelled. */
  timeoutMs: number;
}

/** A running handshake: its result, and a way to stop it early. */
export interface Handshake {
  /** Resolves with the private port, or rejects with HANDSHAKE_TIMEOUT (or the cancel reason). */
  port: Promise<MessagePort>;
  /** Stops retrying and rejects `port` with `reason`. Does nothing once the handshake has ended. */
  cancel(reason: BridgeError): void;
}

/** Lists the exact origins to post hello to (step 1). */
function targetOrigins(hostOrigins: readonly string[], isTrusted: OriginMatcher): string[] {
  const targets = new Set<string>();
  for (const origin of hostOrigins) {
    if (!origin.includes('*') && origin !== 'null') targets.add(new URL(origin).origin);
  }
  // A wildcard can't be a postMessage target, so ask the browser which origin the parent really has.
  // Firefox has no ancestorOrigins; the referrer is the fallback (and may be stripped by policy).
  const ancestor = globalThis.location?.ancestorOrigins?.[0];
  const referrer = document.referrer === '' ? undefined : new URL(document.referrer).origin;
  // A parent with an opaque origin reads as 'null', which is never a target: it would reach no page
  // by name, and the browser refuses it.
  for (const origin of [ancestor, referrer]) {
    if (origin !== undefined && origin !== 'null' && isTrusted(origin)) targets.add(origin);
  }
  return [...targets];
}

/** Starts the widget's side of the handshake. */
export function shakeHands(options: HandshakeOptions): Handshake {
  const { clientId, documentId, isTrusted } = options;
  const parent = window.parent;
  let settle: ((port: MessagePort | BridgeError) => void) | undefined;
  const port = new Promise<MessagePort>((resolve, reject) => {
    settle = (result) => (result instanceof BridgeError ? reject(result) : resolve(result));
  });
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let delay = HANDSHAKE_RETRY_FIRST_MS;

  const finish = (result: MessagePort | BridgeError): void => {
    if (settle === undefined) return;
    const done = settle;
    settle = undefined;
    clearTimeout(retryTimer);
    clearTimeout(deadline);
    window.removeEventListener('message', onMessage);
    for (const reply of replies.splice(0)) reply.close();
    done(result);
  };

  const hello: HelloMessage = { type: 'cif-bridge/hello', version: PROTOCOL_VERSION, clientId, documentId };
  const targets = targetOrigins(options.hostOrigins, isTrusted);
  // In an opaque origin ('null', a sandboxed frame) the host can't target this window, so each hello
  // carries a reply port for the welcome. The ports stay open until the handshake ends, because the
  // host answers only the first hello of a client; past MAX_REPLY_PORTS the oldest goes.
  const opaque = globalThis.origin === 'null';
  const replies: MessagePort[] = [];
  const sayHello = (): void => {
    for (const target of targets) {
      if (!opaque) {
        parent.postMessage(hello, target);
        continue;
      }
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = (event) => onWelcome(event.data, event.ports);
      replies.push(port1);
      if (replies.length > MAX_REPLY_PORTS) replies.shift()?.close();
      parent.postMessage(hello, target, [port2]);
    }
  };
  const retry = (): void => {
    sayHello();
    retryTimer = setTimeout(retry, delay);
    delay = Math.min(delay * 2, HANDSHAKE_RETRY_MAX_MS);
  };

  function onWelcome(data: unknown, ports: readonly MessagePort[]): boolean {
    const [channel, extra] = ports;
    if (!isWelcomeMessage(data) || data.clientId !== clientId || channel === undefined || extra !== undefined) {
      return false;
    }
    finish(channel);
    return true;
  }

  function onMessage(event: MessageEvent<unknown>): void {
    if (event.source !== parent || !isTrusted(event.origin)) return;
    if (!onWelcome(event.data, event.ports) && isHostReadyMessage(event.data)) sayHello();
  }

  if (parent === window) {
    finish(
      new BridgeError(
        BridgeErrorCode.HANDSHAKE_TIMEOUT,
        "cif-bridge runs inside the host page's iframe, but this page is the top window. Load the widget in the host's communication panel.",
      ),
    );
    return { port, cancel: () => {} };
  }
  if (targets.length === 0) {
    finish(
      new BridgeError(
        BridgeErrorCode.ORIGIN_REJECTED,
        `The host page's origin does not match hostOrigin (${options.hostOrigins.join(', ')}). Add the host page's exact origin to hostOrigin.`,
      ),
    );
    return { port, cancel: () => {} };
  }
  window.addEventListener('message', onMessage);
  if (Number.isFinite(options.timeoutMs)) {
    deadline = setTimeout(() => {
      finish(
        new BridgeError(
          BridgeErrorCode.HANDSHAKE_TIMEOUT,
          `No trusted host answered within ${options.timeoutMs} ms. Check that the host page runs cif-bridge, lists this widget's origin (${location.origin}) for its provider, and that hostOrigin (${options.hostOrigins.join(', ')}) is the host page's origin.`,
        ),
      );
    }, options.timeoutMs);
  }
  retry();
  return { port, cancel: (reason) => finish(reason) };
}
