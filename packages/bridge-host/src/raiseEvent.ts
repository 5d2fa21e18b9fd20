import type { JsonValue } from '@cif-bridge/protocol';
import type { Provider } from './Provider.js';
import { invalidInput } from './invalidInput.js';
import { MAX_EVENT_NAME_LENGTH, tooLong } from './limits.js';
import { parseJsonInput } from './parseJsonInput.js';

/** Where `host.raiseEvent` sends an event. */
export interface RaiseEventOptions {
  /** The provider's name; all providers when omitted. */
  provider?: string;
}

/**
 * `host.raiseEvent`: checks the arguments, then raises `name` with a fresh JSON copy of `payload` to
 * one provider or all, queued like every event while a widget is away. `onclicktoact` goes only to
 * providers that turned click-to-act on.
 *
 * @throws BridgeError `INVALID_INPUT` for an empty or too long name, a payload that is not JSON
 * data, or an unknown provider; nothing is raised then.
 */
export function raiseEvent(providers: readonly Provider[], name: unknown, payload: unknown, options?: unknown): void {
  if (typeof name !== 'string' || name === '') {
    throw invalidInput('raiseEvent: the event name must be a non-empty string.');
  }
  if (name.length > MAX_EVENT_NAME_LENGTH) {
    throw invalidInput(
      `raiseEvent: ${tooLong('the event name', name.length, MAX_EVENT_NAME_LENGTH, 'Use a shorter event name.')}`,
    );
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw invalidInput('raiseEvent: options must be an object such as { provider: "name" }.');
  }
  const target: unknown = (options as RaiseEventOptions | undefined)?.provider;
  let chosen = providers;
  if (target !== undefined) {
    chosen = providers.filter((provider) => provider.name === target);
    if (chosen.length === 0) {
      throw invalidInput(
        `raiseEvent: no provider named ${JSON.stringify(target)}; the providers are ${providers.map((p) => JSON.stringify(p.name)).join(', ')}.`,
      );
    }
  }
  let data: JsonValue;
  try {
    ({ data } = parseJsonInput([payload ?? null], 'payload'));
  } catch (error) {
    throw error instanceof Error ? invalidInput(`raiseEvent: ${error.message}`) : error;
  }
  const event = (data as JsonValue[])[0] ?? null;
  for (const provider of chosen) {
    if (name !== 'onclicktoact' || provider.clickToAct) provider.emit(name, event);
  }
}
