import {
  BRIDGE_EVENT_NAMES,
  BridgeError,
  BridgeErrorCode,
  type BridgeEventName,
  type HostHandlerName,
  type JsonValue,
} from '@cif-bridge/protocol';
import { BridgeConnection, type CallOptions, type EventHandler } from './BridgeConnection.js';
import { CIF_METHODS, callCif, type CifMethodName, type TypedCifMethods } from './cifMethods.js';

/**
 * An event name `addHandler` accepts: one of CIF's ({@link BridgeEventName}), or a custom name that
 * is not one of CIF's names in another case. A near miss such as `onsessionswitched` is a typo that
 * would never fire, so it is refused (CIF's names are case-sensitive).
 */
export type EventName<N extends string> = N extends BridgeEventName
  ? N
  : Lowercase<N> extends Lowercase<BridgeEventName>
    ? never
    : N;

const lowerCaseEventNames = BRIDGE_EVENT_NAMES.map((name) => name.toLowerCase());

// The typed CIF methods are put on the prototype from the table when the first client is made.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the methods are made from a table, so only their types are declared, merged into the class
export interface BridgeClient extends TypedCifMethods {}

/**
 * A connection from a widget to its host: the CIF 2.0 API, typed. Get one from {@link connect}.
 * It has every CIF method of the `Microsoft.CIFramework` drop-in, with CIF's arguments in CIF's
 * order (the correlationId where CIF puts it, a uuid v4 when omitted) and the call options last;
 * each resolves with the host's answer and rejects with a {@link BridgeError}. The connection
 * itself (events, reconnects, `close`) is {@link BridgeConnection}'s.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class BridgeClient extends BridgeConnection {
  /** Use {@link connect}; the arguments are {@link BridgeConnection}'s. */
  constructor(...args: ConstructorParameters<typeof BridgeConnection>) {
    super(...args);
    installCifMethods();
  }

  /**
   * Calls a CIF method that the host page provides itself (records, presence, …). Rejects with
   * `NOT_SUPPORTED` when the host has no handler for it.
   *
   * @deprecated Every such method has its own typed method now, such as `client.createRecord(...)`
   * or `client.setPresence(...)`.
   */
  callHandler(
    method: HostHandlerName,
    args: JsonValue[],
    correlationId?: string,
    options?: CallOptions,
  ): Promise<JsonValue> {
    return this.call('callHandler', [method, args], correlationId, options);
  }

  /** A call that does nothing, to check the connection (and the no-op of the benchmarks). */
  ping(correlationId?: string, options?: CallOptions): Promise<void> {
    return this.call('ping', [], correlationId, options);
  }

  /**
   * Registers `handler` for an event: one of CIF's (names are case-sensitive, as in CIF) or a
   * custom one the host page raises. Resolves once the host knows, so events it queued while the
   * widget was away are delivered to it. The host caps how many custom names one connection
   * handles; past the cap this rejects with `INVALID_INPUT` and the handler is not kept.
   */
  addHandler<N extends string>(name: EventName<N>, handler: EventHandler, options?: CallOptions): Promise<void> {
    const known = lowerCaseEventNames.indexOf(String(name).toLowerCase());
    if (typeof name !== 'string' || name === '' || (known >= 0 && BRIDGE_EVENT_NAMES[known] !== name)) {
      return Promise.reject(
        new BridgeError(
          BridgeErrorCode.INVALID_INPUT,
          `addHandler: "${String(name)}" is not an event name. Give a CIF event (case-sensitive: ${BRIDGE_EVENT_NAMES.join(', ')}) or a custom name.`,
        ),
      );
    }
    return this.addAnyHandler(name, handler, options);
  }
}

/**
 * Puts the typed CIF methods on the prototype, from the table, when the first client is made: done at
 * module level it would be a side effect that keeps the whole client in any bundle that imports
 * anything from the package (`BridgeErrorCode` alone, say).
 */
let methodsInstalled = false;
function installCifMethods(): void {
  if (methodsInstalled) return;
  methodsInstalled = true;
  for (const method of Object.keys(CIF_METHODS) as CifMethodName[]) {
    Object.defineProperty(BridgeClient.prototype, method, {
      configurable: true,
      writable: true,
      value(this: BridgeClient, ...given: unknown[]) {
        return callCif(this, method, given);
      },
    });
  }
}
