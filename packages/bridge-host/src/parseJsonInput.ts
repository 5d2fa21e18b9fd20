import { MAX_INPUT_LENGTH, type JsonValue } from '@cif-bridge/protocol';
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

/** JSON text of `value` with object keys in code-unit order; the input has no cycles by construction. */
function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`);
  return `{${members.join(',')}}`;
}

/**
 * Turns a wire input (an object, or the JSON text of one) into fresh, sanitized JSON data. Errors
 * name the input but not the method; createProviderApi puts the method's name in front.
 *
 * CIF widgets pass most inputs either way (CIF-BEHAVIOUR.md, createSession), so both forms go
 * through the same JSON text: an object is stringified first, which also strips anything that is not
 * JSON (functions, `undefined`, class instances' hidden state) and rejects cycles.
 *
 * @param input - the value that came off the wire.
 * @returns the data and its canonical JSON text.
 * @throws BridgeError `INVALID_INPUT` when the JSON text is over {@link MAX_INPUT_LENGTH} characters,
 *   is not valid JSON, is nested too deeply to process, or when the object can't be turned into JSON.
 */
export function parseJsonInput(input: unknown): ParsedJsonInput {
  let text: unknown = input;
  try {
    if (typeof input !== 'string') text = JSON.stringify(input);
  } catch (error) {
    // Cycles and BigInt throw a TypeError; a getter or toJSON may throw anything.
    throw invalidInput(`input can't be turned into JSON (${String(error)}); pass plain data without cycles.`);
  }
  if (typeof text !== 'string') throw invalidInput(`input must be JSON data or its JSON text, not ${typeof input}.`);

  // Checked before parsing, so an oversized input costs no parse work.
  if (text.length > MAX_INPUT_LENGTH) {
    throw invalidInput(
      `input is ${text.length} characters of JSON, over the limit of ${MAX_INPUT_LENGTH} (64 KiB); send less data.`,
    );
  }

  try {
    const data = JSON.parse(text, dropForbiddenKeys) as JsonValue;
    return { data, json: canonicalJson(data) };
  } catch (error) {
    // The reviver and the canonical text recurse, so a deeply nested input overflows the stack
    // (a RangeError); only JSON.parse throws a SyntaxError.
    throw invalidInput(
      error instanceof SyntaxError ? `input is not valid JSON (${error.message}).` : 'input is nested too deeply.',
    );
  }
}
