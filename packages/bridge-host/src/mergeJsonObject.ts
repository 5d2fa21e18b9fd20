import { isJsonObject, type JsonObject } from '@cif-bridge/protocol';
import { invalidInput } from './invalidInput.js';
import { parseJsonInput } from './parseJsonInput.js';

/** What {@link mergeJsonObject} does with the input's keys, and how much the result may hold. */
export interface MergeRules {
  /** Removes the input's keys (an object's keys, or an array of key names) instead of setting them. */
  remove: boolean;
  /** What the errors call the input, such as `input`. */
  field: string;
  /** What the errors call the result, such as `the session's context`. */
  target: string;
  /** Longest JSON text of the result. */
  maxLength: number;
}

/**
 * `target` with a widget's `input` merged in: each top-level key of `input` replaces the key of the
 * same name (a shallow merge, as CIF's `updateContext` and a record update do), or with
 * `rules.remove`, each key named is deleted. `input` is an object or its JSON text; to remove, an
 * array of key names does too. `target` is not changed: the result is a fresh copy, so the caller
 * can compare and then store it.
 *
 * @throws BridgeError `INVALID_INPUT` when `input` is not a JSON object (or key list), or when the
 *   result's JSON text would be over `rules.maxLength` characters; nothing is changed then.
 */
export function mergeJsonObject(target: JsonObject, input: unknown, rules: MergeRules): JsonObject {
  const { data } = parseJsonInput(input, rules.field);
  if (rules.remove && Array.isArray(data)) {
    if (!data.every((key) => typeof key === 'string')) {
      throw invalidInput(`${rules.field} must list key names (strings) to remove.`);
    }
    return without(target, new Set(data as string[]));
  }
  if (!isJsonObject(data)) {
    throw invalidInput(
      `${rules.field} must be a JSON object${rules.remove ? ' (or an array of key names)' : ''}, such as { "customer": "Ada" }.`,
    );
  }
  if (rules.remove) return without(target, new Set(Object.keys(data)));
  // Object.assign defines own properties from parsed JSON, whose `__proto__` keys are already dropped.
  const next: JsonObject = Object.assign(structuredClone(target), data);
  const length = JSON.stringify(next).length;
  if (length > rules.maxLength) {
    throw invalidInput(
      `${rules.target} would be ${length} characters of JSON, over the limit of ${rules.maxLength}; keep less data there (an id of your own data, rather than the data).`,
    );
  }
  return next;
}

/** A copy of `target` without the keys in `keys`. */
function without(target: JsonObject, keys: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(structuredClone(target)).filter(([key]) => !keys.has(key)));
}
