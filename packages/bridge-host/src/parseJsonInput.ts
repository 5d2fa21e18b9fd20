import { BridgeError, BridgeErrorCode, MAX_INPUT_LENGTH, type JsonValue } from '@cif-bridge/protocol';

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

function dropForbiddenKeys(this: unknown, key: string, value: unknown): unknown {
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

function invalid(message: string): BridgeError {
  return new BridgeError(BridgeErrorCode.INVALID_INPUT, message);
}

/**
 * Turns a wire input (an object, or the JSON text of one) into fresh, sanitized JSON data.
 *
 * CIF widgets pass most inputs either way (CIF-BEHAVIOUR.md, createSession), so both forms go
 * through the same JSON text: an object is stringified first, which also strips anything that is not
 * JSON (functions, `undefined`, class instances' hidden state) and rejects cycles.
 *
 * @param input - the value that came off the wire.
 * @param method - the CIF method being served, named in every error message.
 * @returns the data and its canonical JSON text.
 * @throws BridgeError `INVALID_INPUT` when the JSON text is over {@link MAX_INPUT_LENGTH} characters,
 *   is not valid JSON, is nested too deeply to process, or when the object can't be turned into JSON.
 */
export function parseJsonInput(input: unknown, method: string): ParsedJsonInput {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    let stringified: string | undefined;
    try {
      stringified = JSON.stringify(input);
    } catch (error) {
      // Cycles and BigInt throw a TypeError; a getter or toJSON may throw anything.
      const reason = error instanceof Error ? error.message : String(error);
      throw invalid(`${method}: input can't be turned into JSON (${reason}); pass plain data without cycles.`);
    }
    if (stringified === undefined) {
      throw invalid(`${method}: input must be JSON data or its JSON text, not ${typeof input}.`);
    }
    text = stringified;
  }

  // Checked before parsing, so an oversized input costs no parse work.
  if (text.length > MAX_INPUT_LENGTH) {
    throw invalid(
      `${method}: input is ${text.length} characters of JSON, over the limit of ${MAX_INPUT_LENGTH} (64 KiB); send less data.`,
    );
  }

  let data: JsonValue;
  try {
    data = JSON.parse(text, dropForbiddenKeys) as JsonValue;
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw invalid(`${method}: input is not valid JSON (${error.message}).`);
    }
    // The reviver recurses, so a deeply nested array or object overflows the stack (RangeError).
    throw invalid(`${method}: input is nested too deeply.`);
  }

  // The canonical text recurses too, and can overflow on the same inputs as the reviver.
  try {
    return { data, json: canonicalJson(data) };
  } catch {
    throw invalid(`${method}: input is nested too deeply.`);
  }
}
