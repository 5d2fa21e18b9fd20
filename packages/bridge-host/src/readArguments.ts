import {
  type TemplateParameters,
  type TemplateParameterValue,
  isJsonObject,
  type JsonObject,
} from '@cif-bridge/protocol';
import { isParameterValue, isString, PARAMETER_VALUE } from './guards.js';
import { invalidInput } from './invalidInput.js';
import { MAX_ID_LENGTH, MAX_NAME_LENGTH, tooLong } from './limits.js';
import { parseJsonInput } from './parseJsonInput.js';

/*
 * Readers of wire arguments. Arguments come off the wire as `unknown`; each check names the field and
 * what it must be. The method name is not repeated here: createProviderApi puts it in front of every
 * `INVALID_INPUT` message of a call. `undefined` and `null` both mean "not given" for optional
 * arguments, because JSON has no undefined.
 */

/** Whether `value` is a whole number of 0 or more (a badge count, a stored refresh count). */
export const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Whether an optional argument was not given: `undefined` or `null`. */
export const isAbsent = (value: unknown): value is undefined | null => value === undefined || value === null;

/** A type test, and what a field that fails it must be, as the error says. */
export type Rule<T> = readonly [test: (value: unknown) => value is T, expected: string];

/** A string. */
export const STRING: Rule<string> = [isString, 'a string'];
/** A boolean. */
export const BOOLEAN: Rule<boolean> = [(value): value is boolean => typeof value === 'boolean', 'true or false'];
/** A whole number of 0 or more. */
export const COUNT: Rule<number> = [isCount, 'a whole number of 0 or more'];
/** A JSON object. */
export const OBJECT: Rule<JsonObject> = [isJsonObject, 'a JSON object'];
const PARAMETER: Rule<TemplateParameterValue> = [isParameterValue, PARAMETER_VALUE];

/** `value` when it passes `rule`; else `INVALID_INPUT` "<field> must be <expected>". */
export function read<T>(value: unknown, field: string, [test, expected]: Rule<T>): T {
  if (!test(value)) throw invalidInput(`${field} must be ${expected}`);
  return value;
}

/** Like {@link read}, with `fallback` for a value that is not given. */
export function readOptional<T, F>(value: unknown, field: string, rule: Rule<T>, fallback: F): T | F {
  return isAbsent(value) ? fallback : read(value, field, rule);
}

/** A string of at most `max` characters; over it, the error names the cap and says what to do. */
export function readCapped(value: unknown, field: string, max: number, advice: string): string {
  const text = read(value, field, STRING);
  if (text.length > max) throw invalidInput(tooLong(field, text.length, max, advice));
  return text;
}

/** A session or tab id, which the host made, so one over {@link MAX_ID_LENGTH} can only be wrong. */
export function readId(value: unknown, field: string): string {
  return readCapped(value, field, MAX_ID_LENGTH, 'Pass the id the host gave you.');
}

/** An optional name: absent or empty means not given, as widgets send `templateTag: ""`. */
export function readName(value: unknown, field: string): string | undefined {
  if (value === '' || isAbsent(value)) return undefined;
  return readCapped(value, field, MAX_NAME_LENGTH, 'Send a shorter name.');
}

/** The required `templateName` of an input object. */
export function readTemplateName(data: JsonObject): string {
  const name = readName(data.templateName, 'templateName');
  if (name === undefined) throw invalidInput('templateName is required');
  return name;
}

/** A wire input that must be a JSON object, with its canonical JSON text. */
export function readInputObject(input: unknown): { data: JsonObject; json: string } {
  const { data, json } = parseJsonInput(input);
  return { data: read(data, 'input', OBJECT), json };
}

/**
 * Optional `templateParameters`: a JSON object of parameter values. Under a tab template's name (as
 * `isTabTemplateName` tells), an object holds that tab's own values, which are held to the same rule.
 */
export function readTemplateParameters(
  value: unknown,
  isTabTemplateName: (name: string) => boolean,
): TemplateParameters {
  const parameters = readOptional(value, 'templateParameters', OBJECT, {});
  for (const [key, member] of Object.entries(parameters)) {
    read(member, `templateParameters.${key}`, PARAMETER);
    if (isTabTemplateName(key) && isJsonObject(member)) {
      for (const [inner, innerValue] of Object.entries(member)) {
        read(innerValue, `templateParameters.${key}.${inner}`, PARAMETER);
      }
    }
  }
  // Every member was checked above; JsonObject can't say so by itself.
  return parameters as TemplateParameters;
}

/**
 * `templateParameters` for tabs: as {@link readTemplateParameters}, and a `url`, global or under a
 * tab template's name, is refused, because a tab's URL comes from its template only.
 */
export function readTabParameters(value: unknown, isTabTemplateName: (name: string) => boolean): TemplateParameters {
  const parameters = readTemplateParameters(value, isTabTemplateName);
  const refuse = (path: string): never => {
    throw invalidInput(
      `${path} can't be given: a tab's URL comes from its tab template only; pass the values of its {slugs} instead`,
    );
  };
  if (Object.hasOwn(parameters, 'url')) refuse('templateParameters.url');
  for (const [key, member] of Object.entries(parameters)) {
    if (isTabTemplateName(key) && isJsonObject(member) && Object.hasOwn(member, 'url')) {
      refuse(`templateParameters.${key}.url`);
    }
  }
  return parameters;
}
