import type { Endpoint } from 'comlink';
import {
  BridgeError,
  BridgeErrorCode,
  fromComlinkThrown,
  isApplyMessage,
  isDisconnectMessage,
  requestIdOf,
  toErrorData,
} from '@cif-bridge/protocol';

/**
 * Wraps a connection's private port for comlink's `expose`. comlink on its own lets the peer GET, SET
 * or CONSTRUCT any path of the exposed object, `__proto__` included
 * (https://github.com/GoogleChromeLabs/comlink/issues/603), and turns `proxy`-marked arguments into
 * live callbacks. This endpoint passes comlink only an APPLY whose
 * one-element path is on the method table and whose arguments are plain data; it answers every other
 * request with a coded error itself, and drops messages that are not requests at all.
 *
 * Error replies leave as `{ id, type: 'HANDLER', name: 'throw', value: BridgeErrorData }`: the
 * served methods throw error data, and this endpoint takes it out of comlink's `throw` envelope
 * (see comlinkThrow.ts in the protocol package), so comlink's page-wide handlers stay as they are.
 *
 * The event goes to comlink as it came, not copied: a copy would cost time on every call the host
 * answers and protect nothing. The event's data is already a structured clone made in this realm,
 * so it has only own data properties (no getters, nothing the sender can change after the check),
 * and comlink reads no more of it than the guard checked: `id`, `type`, the one-name `path`, and
 * `value` of each RAW argument.
 *
 * @param port - the host's end of the private channel.
 * @param methods - the method table's names.
 * @param onDisconnect - called when the widget says it is leaving.
 * @param onCall - when given, told when each call it passes to comlink arrived (on
 *   `performance.now()`'s clock), just before: comlink applies the method in the same task, so the
 *   method can read it.
 */
export function createGuardedEndpoint(
  port: MessagePort,
  methods: ReadonlySet<string>,
  onDisconnect: (reason: string) => void,
  onCall?: (arrivedAt: number) => void,
): Endpoint {
  let deliver: ((event: { data: unknown }) => void) | undefined;
  port.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (isApplyMessage(data, methods)) {
      // On performance.now()'s clock in every engine the build targets (ES2022): the DOM standard
      // made `timeStamp` a DOMHighResTimeStamp, and Chromium, Firefox and Safari ship it so.
      onCall?.(event.timeStamp);
      deliver?.(event);
    } else if (isDisconnectMessage(data)) {
      onDisconnect(data.reason);
    } else {
      const id = requestIdOf(data);
      if (id === undefined) return;
      const error = new BridgeError(
        BridgeErrorCode.NOT_SUPPORTED,
        'Only calls to CIF session API methods are allowed on this connection.',
      );
      port.postMessage({ id, type: 'HANDLER', name: 'throw', value: toErrorData(error) });
    }
  };
  return {
    // comlink's expose passes `transfer` with every reply.
    postMessage: (message: unknown, transfer?: Transferable[]) => {
      const reply = message as { id: string; type: string; name?: string; value: unknown };
      if (reply.type === 'HANDLER' && reply.name === 'throw') {
        port.postMessage({ id: reply.id, type: 'HANDLER', name: 'throw', value: fromComlinkThrown(reply.value) });
      } else {
        port.postMessage(message, transfer as Transferable[]);
      }
    },
    addEventListener: (_type: string, listener: EventListenerOrEventListenerObject) => {
      deliver =
        typeof listener === 'function'
          ? (listener as unknown as (event: { data: unknown }) => void)
          : (event) => listener.handleEvent(event as unknown as Event);
    },
    removeEventListener: () => {
      deliver = undefined;
    },
  };
}
