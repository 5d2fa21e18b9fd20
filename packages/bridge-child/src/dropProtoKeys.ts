/**
 * Deletes every own `__proto__` key, at any depth, from a value that came over the port. A
 * structured clone keeps such a key as plain data, but widget code that copies the value
 * (`Object.assign({}, value)`, a spread into a class instance, a naive deep merge) would set a
 * prototype from it. The value is our own fresh copy, so it is changed in place; cycles are fine.
 * @param value - a host's answer or event payload.
 */
export function dropProtoKeys(value: unknown, seen = new Set<object>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Object.hasOwn(value, '__proto__')) delete (value as Record<string, unknown>)['__proto__'];
  for (const key of Object.keys(value)) dropProtoKeys((value as Record<string, unknown>)[key], seen);
}
