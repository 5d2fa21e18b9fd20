/*
 * Entry of msdyn_ciLibrary.js, the drop-in for Microsoft's CIF 2.0 library. A CIF widget
 * loads it the way it loads Microsoft's, with no change to the widget:
 *
 *   <script src="https://<host>/webresources/Widget/msdyn_ciLibrary.js"
 *           data-crmurl="https://<host>" data-cifid="CIFMainLibrary"></script>
 *
 * It defines window.Microsoft.CIFramework and fires CIFInitDone on window in a setTimeout(0).
 *
 * Connection lifetime, decided for the drop-in (early calls wait, they are not rejected, because
 * real widgets call before CIFInitDone; docs/cif-compatibility.md, "Quirks reproduced"):
 * - The host origin is read while the script runs, because the script tag and the widget's URL
 *   (?ucilib=) are as loaded only then; a single-page widget may change its URL later.
 * - The connection starts on the first call that needs the host.
 * - The handshake never gives up on its own. It retries with the usual backoff (at most one hello a
 *   second, and at once when the host announces itself), so a widget that loads before the host
 *   page listens still connects. addHandler's subscription has no timeout, so handlers registered
 *   before the host is up still get its events once it is.
 * - Each call gives up after its own timeout (10 s, CIF's documented API time-out), counted from the
 *   call, whether it waited for the handshake or for the answer. notifyEvent has no call timeout, as
 *   in the typed client: the notification's own countdown ends it once the host is there.
 * - A handshake that can never succeed (the widget is not in an iframe) fails every call at once
 *   with its reason instead of letting calls time out.
 * - Ctrl+Alt+Shift+D in the widget prints a console table of its recent calls.
 */
import { BridgeError, DEFAULT_CALL_TIMEOUT_MS } from '@cif-bridge/protocol';
import { BridgeConnection } from './BridgeConnection.js';
import { createCifFramework, type CIFramework } from './createCifFramework.js';
import { findHostOrigin } from './findHostOrigin.js';

let hostOrigin: string | BridgeError;
try {
  hostOrigin = findHostOrigin(document, location);
} catch (error) {
  // Reported on the first call, as a CIF error with msdyn_name, where the widget looks for errors.
  hostOrigin = error as BridgeError;
}

/** The drop-in's connection once the first call made it, for the debug table. */
let connection: BridgeConnection | undefined;

async function connectDropIn(): Promise<BridgeConnection> {
  if (hostOrigin instanceof BridgeError) throw hostOrigin;
  const origin = hostOrigin;
  // One exact origin, compared as a whole string (scheme, host and port), as createOriginMatcher
  // does for an exact entry; building the settings here keeps the matcher's parser out of the
  // drop-in's bundle, and findHostOrigin has already checked that this is an http(s) origin.
  const client = new BridgeConnection({
    hostOrigins: [origin],
    isTrusted: (candidate) => candidate === origin,
    timeoutMs: DEFAULT_CALL_TIMEOUT_MS,
    handshakeTimeoutMs: Infinity,
  });
  connection = client;
  const ready = client.handshake(Infinity);
  try {
    // A handshake that can't start rejects at once; one that started resolves only when the host
    // answers. One task is enough to tell them apart; the client keeps calls waiting meanwhile.
    await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 0))]);
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}

const holder = window as unknown as { Microsoft?: { CIFramework?: CIFramework } };
const microsoft = (holder.Microsoft ??= {});
// Loaded twice, the first copy stays: it holds the widget's handlers and its connection, and the
// widget has already had its CIFInitDone.
if (microsoft.CIFramework === undefined) {
  microsoft.CIFramework = createCifFramework(connectDropIn);
  // Ctrl+Alt+Shift+D is where Dynamics prints its debug information; here it prints the widget's
  // recent calls (method, correlationId, duration, outcome, code). The key's code, not its
  // character, because Alt changes the character on some keyboards.
  addEventListener('keydown', (event) => {
    if (event.ctrlKey && event.altKey && event.shiftKey && event.code === 'KeyD')
      console.table(connection?.trace() ?? []);
  });
  setTimeout(() => window.dispatchEvent(new CustomEvent('CIFInitDone')), 0);
}
