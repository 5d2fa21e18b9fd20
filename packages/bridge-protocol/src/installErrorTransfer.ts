import { transferHandlers, type TransferHandler } from 'comlink';
import { fromErrorData, toErrorData, type BridgeErrorData } from './BridgeError.js';

/**
 * comlink's own `throw` handler sends only `name`, `message` and `stack`, so a `code` is lost on the
 * way (comlink issue #594). This replaces it with one that sends {@link BridgeErrorData} and rebuilds
 * a `BridgeError`. Both sides call it before they use comlink; calling it again does nothing.
 */
export function installErrorTransfer(): void {
  const builtin = transferHandlers.get('throw');
  if (builtin === undefined || builtin === handler) return;
  const canHandle = builtin.canHandle;
  handler = {
    canHandle,
    // comlink hands a thrown value over as `{ value, [throwMarker]: 0 }`.
    serialize: (thrown) => [toErrorData((thrown as { value: unknown }).value), []],
    deserialize: (data) => {
      throw fromErrorData(data);
    },
  };
  transferHandlers.set('throw', handler);
}

let handler: TransferHandler<unknown, BridgeErrorData> | undefined;
