import { MAX_INPUT_LENGTH, type BridgeError, type JsonValue } from '@cif-bridge/protocol';
import { invalidInput } from './invalidInput.js';

/** What {@link parseJsonInput} returns: the sanitized data and its canonical JSON text. */
export interface ParsedJsonInput {
  /** The input as fresh plain JSON data, with `__proto__`, `constructor` and `prototype` keys dropped. */
  data: JsonValue;
  /**
   * The data as JSON text with object keys sorted, so two inputs that hold the same data compare
   * equal whether they came as an object or as a string, and whatever their key order. Used to tell a
   * createSession retry from a new call.
   */
  json: string;
}

/*
 * Keys that could reach a prototype if later code ever merged this data into another object
 * (`Object.assign`, spread into a lookup table, a deep merge). Dropping them at every depth means no
 * code downstream has to remember to be careful.
 */
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A `JSON.parse` reviver that drops `__proto__`, `constructor` and `prototype` keys at every depth;
 * SessionStore reads persisted state through it too.
 */
export function dropForbiddenKeys(this: unknown, key: string, value: unknown): unknown {
  // Array indices are never forbidden keys, so only object members can be dropped here.
  return forbiddenKeys.has(key) && !Array.isArray(this) ? undefined : value;
}

/**
 * Deepest nesting of objects and arrays in one input. Real CIF inputs are two or three levels deep
 * (`templateParameters.tab.value`); 64 is far above that, and low enough that checking and copying
 * the input never comes near the stack's limit.
 */
export const MAX_JSON_DEPTH = 64;

/** The error for input nested deeper than {@link MAX_JSON_DEPTH}. */
const tooDeep = (name: string): BridgeError =>
  invalidInput(`${name} is nested more than ${MAX_JSON_DEPTH} levels deep, the limit. Send flatter data.`);

/** JSON text of `value` with object keys in code-unit order; the input has no cycles by construction. */
function canonicalJson(value: JsonValue, depth: number, name: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (depth > MAX_JSON_DEPTH) throw tooDeep(name);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1, name)).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue, depth + 1, name)}`);
  return `{${members.join(',')}}`;
}

/**
 * Checks that `value` is JSON data and nothing else, before it is turned into JSON text:
 * `JSON.stringify` would quietly turn a Map or a Set into `{}`, a Date into a string, NaN into null,
 * and drop a nested function, so the host would act on data the widget never meant. A widget's value
 * arrives as a structured clone, which carries all of these, so each is refused here, naming where it
 * is. `undefined` is allowed where JSON allows it to vanish (an object member, or null in an array).
 *
 * @param open - the objects being walked, to tell a cycle from an object that appears twice.
 */
function checkJsonData(value: unknown, path: string, name: string, depth: number, open: Set<object>): void {
  const refuse = (what: string): BridgeError =>
    invalidInput(
      `${name} can't be turned into JSON: ${path} is ${what}. Send plain JSON data: objects, arrays, strings, finite numbers, booleans and null (a date as its ISO string, a Map as an object).`,
    );
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw refuse(String(value));
      return;
    case 'object':
      break;
    default:
      throw refuse(`a ${typeof value}`);
  }
  if (value === null) return;
  if (open.has(value)) throw refuse('a reference back to an object that holds it (a cycle)');
  if (depth > MAX_JSON_DEPTH) throw tooDeep(name);
  const isArray = Array.isArray(value);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (!isArray && prototype !== Object.prototype && prototype !== null) {
    // The built-in tag ("Map", "Date", "Uint8Array"), as structured clone only makes built-in types.
    throw refuse(`a ${Object.prototype.toString.call(value).slice(8, -1)}`);
  }
  open.add(value);
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    checkJsonData(member, isArray ? `${path}[${key}]` : `${path}.${key}`, name, depth + 1, open);
  }
  open.delete(value);
}

/**
 * Turns a wire input (an object, or the JSON text of one) into fresh, sanitized JSON data. Errors
 * name the input but not the method; createProviderApi puts the method's name in front.
 *
 * CIF widgets pass most inputs either way (CIF's `createSession` takes an object or its JSON text),
 * so both forms go through the same JSON text. An object must be JSON data already: a Map, Set,
 * Date, BigInt, typed array, function, NaN or cycle anywhere in it is refused, rather than quietly
 * changed by `JSON.stringify`. Every method that takes an object or array from a widget goes through
 * here, `callHandler`'s arguments included.
 *
 * @param input - the value that came off the wire.
 * @param name - what the errors call the input. Default `input`.
 * @returns the data and its canonical JSON text.
 * @throws BridgeError `INVALID_INPUT` when the JSON text is over {@link MAX_INPUT_LENGTH} characters,
 *   is not valid JSON, is nested deeper than {@link MAX_JSON_DEPTH}, or when the object is not JSON data.
 */
export function parseJsonInput(input: unknown, name = 'input'): ParsedJsonInput {
  let text: unknown = input;
  if (typeof input !== 'string') {
    if (typeof input === 'number' || (typeof input === 'object' && input !== null)) {
      checkJsonData(input, name, name, 1, new Set());
    }
    try {
      text = JSON.stringify(input);
    } catch (error) {
      // A BigInt on its own throws a TypeError; a getter or toJSON of a host's own object may throw anything.
      throw invalidInput(`${name} can't be turned into JSON (${String(error)}); pass plain data without cycles.`);
    }
  }
  if (typeof text !== 'string') throw invalidInput(`${name} must be JSON data or its JSON text, not ${typeof input}.`);

  // Checked before parsing, so an oversized input costs no parse work.
  if (text.length > MAX_INPUT_LENGTH) {
    throw invalidInput(
      `${name} is ${text.length} characters of JSON, over the limit of ${MAX_INPUT_LENGTH} (64 KiB); send less data.`,
    );
  }

  let data: JsonValue;
  try {
    data = JSON.parse(text, dropForbiddenKeys) as JsonValue;
  } catch (error) {
    // The reviver recurses, so a deeply nested input overflows the stack (a RangeError); only
    // JSON.parse throws a SyntaxError.
    if (error instanceof SyntaxError) throw invalidInput(`${name} is not valid JSON (${error.message}).`);
    throw tooDeep(name);
  }
  return { data, json: canonicalJson(data, 1, name) };
}
