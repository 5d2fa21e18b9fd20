import type { JsonValue } from '@cif-bridge/protocol';
import type { HostOptions } from './HostOptions.js';
import { invalidInput } from './invalidInput.js';

/**
 * Checks the options BridgeHost's constructor does not hand to a model class that checks them itself, so
 * that a mistake throws before the host touches the page. Returns the environment, cloned.
 */
export function checkHostOptions(options: HostOptions): { [key: string]: JsonValue } {
  const { container, panelWidth } = options;
  const fail = (problem: string): never => {
    throw invalidInput(`createHost: ${problem}.`);
  };
  if (container !== undefined && !(container instanceof HTMLElement && container.isConnected)) {
    fail('container must be an element in the document, or left out to run headless');
  }
  if (panelWidth !== undefined && !Number.isFinite(panelWidth)) fail('panelWidth must be a number of pixels');
  // Tables of functions: handlers by method name, renderers by tab type.
  for (const name of ['handlers', 'renderers'] as const) {
    const table: unknown = options[name] ?? {};
    if (typeof table !== 'object' || table === null || Object.values(table).some((f) => typeof f !== 'function')) {
      fail(`${name} must be an object of functions`);
    }
  }
  const records: unknown = options.records;
  const methods = ['search', 'retrieve', 'create', 'update', 'delete', 'metadata'] as const;
  if (
    records !== undefined &&
    (typeof records !== 'object' ||
      records === null ||
      methods.some((m) => typeof (records as Record<string, unknown>)[m] !== 'function'))
  ) {
    fail(
      `records must be a record source with ${methods.join(', ')} (such as createBrowserRecords from @cif-bridge/records)`,
    );
  }
  try {
    return structuredClone(options.environment ?? {});
  } catch {
    return fail('environment must be JSON data');
  }
}

/** `value` when it is a whole number of at least 1, `fallback` when it is left out. */
export function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidInput(`createHost: ${name} must be a positive whole number.`);
  }
  return value;
}
