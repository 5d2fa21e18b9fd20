import { PROTOCOL_VERSION, isHelloMessage, type HostReadyMessage, type WelcomeMessage } from '@cif-bridge/protocol';
import type { Provider } from './Provider.js';

/*
 * The handshake, host side. The widget side, with the numbered requirements and steps of the whole
 * handshake, is packages/bridge-child/src/shakeHands.ts. What this side adds:
 *
 * Requirements
 * 1. A hello counts only when `event.origin` is on a provider's allow-list AND `event.source` is that
 *    provider's iframe or a frame inside it. Everything else is dropped without an answer, so a frame
 *    that is not trusted learns nothing, not even that a host is here.
 * 2. The welcome goes to `event.source` with `event.origin` as its target, never to '*', except for
 *    the opaque origin 'null' (a sandboxed frame), which can't be named as a target. A provider trusts
 *    'null' when it lists it, or when its `url` is itself of an opaque origin (a `data:` URL), and
 *    the source check of requirement 1 has already tied the message to a window inside its frame.
 * 3. Each clientId gets one connection: the widget's retried hellos are not answered twice.
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
) => MessagePort | null;

/** Listens for hellos on `window` until the returned function is called. */
export function acceptHandshakes(providers: readonly Provider[], open: OpenConnection): () => void {
  const onMessage = (event: MessageEvent<unknown>): void => {
    if (!isHelloMessage(event.data)) return;
    const provider = providers.find((p) => p.isTrusted(event.origin) && p.owns(event.source));
    if (provider === undefined) return;
    // A widget with an opaque origin can't be named as a postMessage target, and '*' is never used:
    // such a widget sends a reply port with its hello (which only reached us because it targeted
    // our exact origin), and the welcome goes back on that port.
    const reply = event.origin === 'null' ? event.ports[0] : undefined;
    if (event.origin === 'null' && reply === undefined) return;
    const source = event.source as Window;
    const port = open(provider, event.data.clientId, event.data.documentId, source);
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
