import type { JsonValue, TemplateParameterValue } from '@cif-bridge/protocol';

/*
 * Narrowing of host-side data: what a widget sent, what the host page configured, what storage held.
 * One place, so the session store, the template store and parameter resolution agree on what a JSON
 * object and a parameter value are.
 */

/** A JSON object, such as a session's `context`. */
export type JsonObject = { [key: string]: JsonValue };

/** Whether `value` is an object that is neither null nor an array. */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `value` can be a template parameter value: a string, number, boolean or JSON object. */
export function isParameterValue(value: unknown): value is TemplateParameterValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || isJsonObject(value);
}
