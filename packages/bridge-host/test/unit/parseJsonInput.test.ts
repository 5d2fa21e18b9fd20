import { test, expect } from '@playwright/test';
import { BridgeErrorCode, MAX_INPUT_LENGTH } from '@cif-bridge/protocol';
import { parseJsonInput } from '../../src/parseJsonInput.js';
import { thrown } from '../../../../test/unit/thrown.js';

test.describe('parseJsonInput', () => {
  test('parses a JSON string and copies an object into the same data', () => {
    const fromString = parseJsonInput('{"templateName":"chat","n":1}');
    const fromObject = parseJsonInput({ templateName: 'chat', n: 1 });
    expect(fromString.data).toEqual({ templateName: 'chat', n: 1 });
    expect(fromObject.data).toEqual({ templateName: 'chat', n: 1 });
    expect(fromString.json).toBe(fromObject.json);
  });

  test('returns a fresh copy, not the object it was given', () => {
    const input = { context: { a: 1 } };
    const { data } = parseJsonInput(input);
    input.context.a = 2;
    expect(data).toEqual({ context: { a: 1 } });
  });

  test('the canonical text sorts keys at every depth, so key order does not matter', () => {
    const a = parseJsonInput({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } });
    const b = parseJsonInput('{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
    expect(a.json).toBe('{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}');
    expect(b.json).toBe(a.json);
  });

  test('bad JSON is INVALID_INPUT', () => {
    const error = thrown(() => parseJsonInput('{"templateName": chat}'));
    expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
    expect(error.message).toMatch(/^input is not valid JSON/);
  });

  test('a cycle is INVALID_INPUT', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const error = thrown(() => parseJsonInput(cyclic));
    expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
    expect(error.message).toMatch(/^input can't be turned into JSON/);
  });

  test('a BigInt is INVALID_INPUT', () => {
    expect(thrown(() => parseJsonInput({ n: 10n })).code).toBe(BridgeErrorCode.INVALID_INPUT);
  });

  test('a function or undefined is INVALID_INPUT', () => {
    for (const value of [() => 1, undefined, Symbol('x')]) {
      const error = thrown(() => parseJsonInput(value));
      expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
      expect(error.message).toMatch(/^input must be JSON data/);
    }
  });

  test('input of exactly 64 KiB of JSON is accepted; one character more is INVALID_INPUT', () => {
    expect(MAX_INPUT_LENGTH).toBe(65536);
    const padding = (length: number): string => 'x'.repeat(length - '{"p":""}'.length);
    const atLimit = `{"p":"${padding(MAX_INPUT_LENGTH)}"}`;
    expect(atLimit.length).toBe(MAX_INPUT_LENGTH);
    expect(parseJsonInput(atLimit).data).toEqual({ p: padding(MAX_INPUT_LENGTH) });

    const overString = `{"p":"${padding(MAX_INPUT_LENGTH + 1)}"}`;
    const error = thrown(() => parseJsonInput(overString));
    expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
    expect(error.message).toContain('input is 65537 characters of JSON, over the limit of 65536');

    const overObject = { p: padding(MAX_INPUT_LENGTH + 1) };
    expect(thrown(() => parseJsonInput(overObject)).code).toBe(BridgeErrorCode.INVALID_INPUT);
  });

  test('drops __proto__, constructor and prototype keys at every depth, from strings', () => {
    const text =
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"ok":1,' +
      '"nested":{"__proto__":{"polluted":1},"list":[{"prototype":1,"keep":2}]}}';
    const { data, json } = parseJsonInput(text);
    expect(json).toBe('{"nested":{"list":[{"keep":2}]},"ok":1}');
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('drops the same keys from object input, which may carry __proto__ as an own key', () => {
    // JSON.parse makes "__proto__" an own property, as structured clone off the wire can too.
    const input = JSON.parse('{"a":{"__proto__":{"polluted":1},"b":1},"constructor":"x"}') as unknown;
    const { data } = parseJsonInput(input);
    expect(data).toEqual({ a: { b: 1 } });
    expect(Object.keys((data as { a: object }).a)).toEqual(['b']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('keeps array elements, which have index keys only', () => {
    expect(parseJsonInput('["__proto__","constructor"]').data).toEqual(['__proto__', 'constructor']);
  });

  test('input nested too deeply to process is INVALID_INPUT, not a crash', () => {
    const deep = '['.repeat(30000) + ']'.repeat(30000);
    const error = thrown(() => parseJsonInput(deep));
    expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
    expect(error.message).toBe('input is nested more than 64 levels deep, the limit. Send flatter data.');
  });

  test('nesting is capped at 64 levels, for text and for objects alike', () => {
    const nest = (levels: number): unknown => {
      let value: unknown = 1;
      for (let i = 0; i < levels; i++) value = { v: value };
      return value;
    };
    expect(parseJsonInput(nest(64)).data).toEqual(nest(64));
    expect(parseJsonInput(JSON.stringify(nest(64))).data).toEqual(nest(64));
    for (const input of [nest(65), JSON.stringify(nest(65))]) {
      expect(thrown(() => parseJsonInput(input)).message).toBe(
        'input is nested more than 64 levels deep, the limit. Send flatter data.',
      );
    }
  });

  test('object input must be JSON data: a Map, Set, Date, typed array or NaN anywhere is refused, not quietly changed', () => {
    const refused: [unknown, string][] = [
      [{ context: { m: new Map([['a', 1]]) } }, 'input.context.m is a Map'],
      [{ list: [1, new Set([2])] }, 'input.list[1] is a Set'],
      [{ at: new Date(0) }, 'input.at is a Date'],
      [{ bytes: new Uint8Array(2) }, 'input.bytes is a Uint8Array'],
      [{ n: Number.POSITIVE_INFINITY }, 'input.n is Infinity'],
      [{ f: () => 1 }, 'input.f is a function'],
      [Number.NaN, 'input is NaN'],
    ];
    for (const [input, where] of refused) {
      const error = thrown(() => parseJsonInput(input));
      expect(error.code, where).toBe(BridgeErrorCode.INVALID_INPUT);
      expect(error.message).toBe(
        `input can't be turned into JSON: ${where}. Send plain JSON data: objects, arrays, strings, finite numbers, booleans and null (a date as its ISO string, a Map as an object).`,
      );
    }
    // The same object twice is not a cycle, and undefined members vanish as in JSON.
    const shared = { a: 1 };
    expect(parseJsonInput({ x: shared, y: shared, z: undefined }).data).toEqual({ x: { a: 1 }, y: { a: 1 } });
    expect(parseJsonInput(Object.assign(Object.create(null), { a: 1 }) as unknown).data).toEqual({ a: 1 });
  });
});
