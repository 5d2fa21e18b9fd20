import { expect, test } from '@playwright/test';
import { dropProtoKeys } from '../../src/dropProtoKeys.js';

test('own __proto__ keys go at every depth, through arrays and cycles; the rest stays', () => {
  const value = JSON.parse(
    '{"answer":42,"__proto__":{"polluted":1},"list":[{"__proto__":{"isAdmin":true},"n":1}],"deep":{"a":{"__proto__":{}}}}',
  ) as Record<string, unknown>;
  (value.deep as Record<string, unknown>).self = value;
  dropProtoKeys(value);
  expect(Object.hasOwn(value, '__proto__')).toBe(false);
  expect(Object.hasOwn((value.list as object[])[0]!, '__proto__')).toBe(false);
  expect(Object.keys(value)).toEqual(['answer', 'list', 'deep']);
  expect((value.list as { n: number }[])[0]!.n).toBe(1);
  // Copying the cleaned value can no longer set a prototype.
  const copy = Object.assign({}, value);
  expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
});

test('primitives and null are left as they are', () => {
  for (const value of [null, undefined, 1, 'text', true]) expect(() => dropProtoKeys(value)).not.toThrow();
});
