import { isJsonObject, type TemplateParameterValue } from '@cif-bridge/protocol';

/*
 * Narrowing of host-side data: what a widget sent, what the host page configured, what storage held.
 * One place, so the session store, the template store and parameter resolution agree on what a
 * parameter value is; what a JSON object is, the protocol's `isJsonObject` says for both packages.
 */

/** Whether `value` is a string. */
export const isString = (value: unknown): value is string => typeof value === 'string';

/** What a template parameter value must be, as error messages say it. */
export const PARAMETER_VALUE = 'a string, number, boolean or JSON object';

/**
 * Whether `value` can be a template parameter value: a string, a finite number, a boolean or a JSON
 * object. (JSON has no NaN or Infinity, so a non-finite number can only come from the host's config.)
 */
export function isParameterValue(value: unknown): value is TemplateParameterValue {
  return isString(value) || Number.isFinite(value) || typeof value === 'boolean' || isJsonObject(value);
}
