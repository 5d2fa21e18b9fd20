import { PROTOCOL_VERSION, isHelloMessage, type HostReadyMessage, type WelcomeMessage } from '@cif-bridge/protocol';
import type { Provider } from './Provider.js';

/*
 * The handshake, host side. The widget side, with the numbered requirements and steps of the whole
 * handshake, is packages/bridge-child/src/shakeHands.ts. What this side adds:
 *
 * Requirements
 * 1. A hello counts only when `event.origin` is on a provider's allow-list AND `event.source` is that
 *    provider's iframe or a frame inside it. Everything else is dropped without an answer, so a frame
 *    that is not trusted learns nothing, not even that a host is here. The host page still learns of
 *    it: each refused hello is recorded in the host's trace with the reason. Only a hello from the
 *    very frame the host created for a provider, on an origin the provider does not list, also says
 *    what would fix it (that frame's real origin, and the setting that lists origins): the host made
 *    that frame from the provider's own url, so the mismatch is the page's configuration (a redirect,
 *    a staging host), not an attacker. A hello from any other frame gets no advice, so that nobody is
 *    told to trust a stranger.
 * 2. The welcome goes to `event.source` with `event.origin` as its target, never to '*', except for
 *    the opaque origin 'null' (a sandboxed frame), which can't be named as a target. A provider must
 *    list 'null' on purpose for that, and the source check of requirement 1 has already tied the
 *    message to a window inside its frame.
 * 3. Each clientId gets one connection: the widget's retried hellos are not answered twice, and a
 *    hello that arrives after its connection closed is not answered at all. A hello whose source is
 *    null, or a window whose frame is gone, fails requirement 1 without an error.
 * 4. A hello from a new document in the provider's frame means the widget reloaded or navigated: the
 *    old document's connections are closed before the new one is opened. The provider, its sessions
 *    and its queued events stay.
 *
 * Steps
 * 1. When the host starts, it posts host-ready to each provider frame, targeting each exact origin
 *    the provider trusts, so a widget that loaded first says hello at once.
 * 2. On a hello that passes requirement 1, the host calls `open(provider, hello)`, which makes the
 *    MessageChannel, serves the method table on one end and returns the other end.
 * 3. The host posts welcome { clientId } with that end to the widget.
 */

/** Called for each accepted hello; returns the widget's end of a new channel, or null to ignore it. */
export type OpenConnection = (
  provider: Provider,
  clientId: string,
  documentId: string,
  source: Window,
  origin: string,
) => MessagePort | null;

/** Told of each hello that is refused: who sent it, why, and for the provider's own frame, the fix. */
export type RefuseHello = (refusal: { origin: string; reason: string; provider?: string; advice?: string }) => void;

/**
 * Why a hello from `origin` that no provider accepted was refused, and for the frame the host created
 * for a provider, what would fix it (requirement 1).
 */
function refusal(
  providers: readonly Provider[],
  origin: string,
  source: MessageEventSource | null,
): Parameters<RefuseHello>[0] {
  const index = providers.findIndex((p) => p.isCreatedFrame(source));
  const own = providers[index];
  if (own !== undefined) {
    return {
      origin,
      provider: own.name,
      reason: `a hello from the frame the host created for provider "${own.name}", on ${origin}, which the provider does not trust.`,
      advice: `That frame is really on ${origin} (its url redirected, or points elsewhere). If that is the widget's origin, list it in providers[${index}].origins, or give the provider a url on an origin it trusts.`,
    };
  }
  const trusting = providers.some((p) => p.isTrusted(origin));
  return {
    origin,
    reason: trusting
      ? `a hello from ${origin}, but not from inside the frame of a provider that trusts that origin.`
      : `a hello from ${origin}, which no provider trusts.`,
  };
}

/**
 * Listens for hellos on `window` until the returned function is called; `refuse` is told of each
 * hello it does not answer.
 */
export function acceptHandshakes(
  providers: readonly Provider[],
  open: OpenConnection,
  refuse?: RefuseHello,
): () => void {
  const onMessage = (event: MessageEvent<unknown>): void => {
    if (!isHelloMessage(event.data)) return;
    const provider = providers.find((p) => p.isTrusted(event.origin) && p.owns(event.source));
    if (provider === undefined) {
      refuse?.(refusal(providers, event.origin, event.source));
      return;
    }
    // A widget with an opaque origin can't be named as a postMessage target, and '*' is never used:
    // such a widget sends a reply port with its hello (which only reached us because it targeted
    // our exact origin), and the welcome goes back on that port.
    const reply = event.origin === 'null' ? event.ports[0] : undefined;
    if (event.origin === 'null' && reply === undefined) {
      refuse?.({
        origin: event.origin,
        provider: provider.name,
        reason: 'a hello from an opaque origin (a sandboxed frame) that came without its reply port.',
      });
      return;
    }
    const source = event.source as Window;
    const port = open(provider, event.data.clientId, event.data.documentId, source, event.origin);
    if (port === null) return;
    const welcome: WelcomeMessage = {
      type: 'cif-bridge/welcome',
      version: PROTOCOL_VERSION,
      clientId: event.data.clientId,
    };
    if (reply !== undefined) reply.postMessage(welcome, [port]);
    else source.postMessage(welcome, event.origin, [port]);
  };
  window.addEventListener('message', onMessage);
  return () => window.removeEventListener('message', onMessage);
}

/**
 * Whether a frame still shows its initial about:blank document, which has the host's origin. Posting
 * to it would only make the browser log an origin mismatch; the frame's `load` announces instead.
 * Reading `location` of a frame that loaded the widget throws, because it is cross-origin.
 */
function isInitialDocument(target: Window): boolean {
  try {
    return target.location.href === 'about:blank';
  } catch {
    return false;
  }
}

/**
 * Step 1: tells each provider's frame that a host is listening, now (for frames that already show
 * their widget) and whenever a frame loads a document (a new frame, or a widget that reloaded).
 * Returns the function that stops listening for loads.
 */
export function announceHostOnLoad(providers: readonly Provider[]): () => void {
  const ready: HostReadyMessage = { type: 'cif-bridge/host-ready', version: PROTOCOL_VERSION };
  const removers = providers.map(({ frame, announceOrigins }) => {
    const announce = (): void => {
      const target = frame.contentWindow;
      if (target === null || isInitialDocument(target)) return;
      for (const origin of announceOrigins) target.postMessage(ready, origin);
    };
    announce();
    frame.addEventListener('load', announce);
    return () => frame.removeEventListener('load', announce);
  });
  return () => {
    for (const remove of removers) remove();
  };
}
