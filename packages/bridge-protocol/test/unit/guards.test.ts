import { test, expect } from '@playwright/test';
import {
  HOST_METHOD_NAMES,
  isCorrelationId,
  isJsonObject,
  MAX_CORRELATION_ID_LENGTH,
  PROTOCOL_VERSION,
} from '../../src/index.js';
import { isApplyMessage, isHelloMessage, isReplyMessage, isWelcomeMessage, requestIdOf } from '../../src/guards.js';

/*
 * The guards are the only code that sees a message before it is narrowed, so the comlink
 * surface is exactly what isApplyMessage lets through: an APPLY of one method-table name, with plain
 * arguments.
 */
const methods: ReadonlySet<string> = new Set(HOST_METHOD_NAMES);
const raw = (value: unknown) => ({ type: 'RAW', value });
const apply = (extra: Record<string, unknown>) => ({
  id: 'r1',
  type: 'APPLY',
  path: ['ping'],
  argumentList: [raw('c')],
  ...extra,
});
const ownProto = JSON.parse('{"__proto__":{"polluted":1}}') as object;

test.describe('isApplyMessage', () => {
  test('lets through an APPLY of a method on the table with plain arguments', () => {
    expect(isApplyMessage(apply({}), methods)).toBe(true);
    expect(
      isApplyMessage(apply({ path: ['createSession'], argumentList: [raw('c'), raw({ templateName: 'x' })] }), methods),
    ).toBe(true);
  });

  const refused: [string, unknown][] = [
    ['GET', apply({ type: 'GET' })],
    ['SET', apply({ type: 'SET', value: raw(1) })],
    ['CONSTRUCT', apply({ type: 'CONSTRUCT' })],
    ['ENDPOINT', apply({ type: 'ENDPOINT' })],
    ['RELEASE', apply({ type: 'RELEASE' })],
    ['an empty path', apply({ path: [] })],
    ['a two-step path', apply({ path: ['ping', 'call'] })],
    ['a __proto__ path', apply({ path: ['__proto__'] })],
    ['a constructor path', apply({ path: ['constructor'] })],
    ['a prototype path', apply({ path: ['prototype'] })],
    ['toString', apply({ path: ['toString'] })],
    ['hasOwnProperty', apply({ path: ['hasOwnProperty'] })],
    ['an unknown name', apply({ path: ['eval'] })],
    ['a name that differs in case', apply({ path: ['CreateSession'] })],
    ['a path that is a string', apply({ path: 'ping' })],
    ['a nested path', apply({ path: [['ping']] })],
    ['arguments that are not a list', apply({ argumentList: raw('c') })],
    ['a proxy-handler argument', apply({ argumentList: [raw('c'), { type: 'HANDLER', name: 'proxy', value: {} }] })],
    ['a throw-handler argument', apply({ argumentList: [{ type: 'HANDLER', name: 'throw', value: {} }] })],
    ['no id', apply({ id: undefined })],
    ['an empty id', apply({ id: '' })],
    ['an id that is not a string', apply({ id: 7 })],
    ['an id over 200 characters', apply({ id: 'x'.repeat(201) })],
    ['an array', [apply({})]],
    ['null', null],
    ['a string', 'APPLY'],
  ];
  for (const [name, message] of refused) {
    test(`refuses ${name}`, () => {
      expect(isApplyMessage(message, methods)).toBe(false);
    });
  }

  test('an own __proto__ key in an argument is plain data; it does not make the message pass or fail', () => {
    expect(isApplyMessage(apply({ argumentList: [raw('c'), raw(ownProto)] }), methods)).toBe(true);
    expect(isApplyMessage(apply({ path: [Object.keys(ownProto)[0]] }), methods)).toBe(false);
  });
});

test.describe('handshake and reply guards', () => {
  const hello = { type: 'cif-bridge/hello', version: PROTOCOL_VERSION, clientId: 'c', documentId: 'd' };
  test('a hello needs the version, and short non-empty ids', () => {
    expect(isHelloMessage(hello)).toBe(true);
    for (const bad of [
      { ...hello, version: PROTOCOL_VERSION + 1 },
      { ...hello, version: String(PROTOCOL_VERSION) },
      { ...hello, clientId: '' },
      { ...hello, clientId: 'x'.repeat(201) },
      { ...hello, documentId: undefined },
      { ...hello, documentId: {} },
      { ...hello, type: 'cif-bridge/Hello' },
      [hello],
    ]) {
      expect(isHelloMessage(bad)).toBe(false);
    }
  });

  test('a welcome names a client', () => {
    expect(isWelcomeMessage({ type: 'cif-bridge/welcome', version: PROTOCOL_VERSION, clientId: 'c' })).toBe(true);
    expect(isWelcomeMessage({ type: 'cif-bridge/welcome', version: PROTOCOL_VERSION })).toBe(false);
  });

  test('a reply is plain data or a thrown error, nothing else', () => {
    expect(isReplyMessage({ id: 'r', type: 'RAW', value: 1 })).toBe(true);
    expect(isReplyMessage({ id: 'r', type: 'HANDLER', name: 'throw', value: {} })).toBe(true);
    expect(isReplyMessage({ id: 'r', type: 'HANDLER', name: 'proxy', value: {} })).toBe(false);
    expect(isReplyMessage({ id: 'r', type: 'GET', path: [] })).toBe(false);
    expect(isReplyMessage({ type: 'RAW', value: 1 })).toBe(false);
  });

  test('requestIdOf reads only a usable id', () => {
    expect(requestIdOf({ id: 'r' })).toBe('r');
    expect(requestIdOf({ id: 3 })).toBeUndefined();
    expect(requestIdOf({ id: 'x'.repeat(201) })).toBeUndefined();
    expect(requestIdOf('r')).toBeUndefined();
  });
});

test.describe('isCorrelationId', () => {
  test('is a string of 1 to MAX_CORRELATION_ID_LENGTH characters, and nothing else', () => {
    expect(MAX_CORRELATION_ID_LENGTH).toBe(200);
    expect(isCorrelationId('c')).toBe(true);
    expect(isCorrelationId('c'.repeat(MAX_CORRELATION_ID_LENGTH))).toBe(true);
    for (const value of ['', 'c'.repeat(MAX_CORRELATION_ID_LENGTH + 1), 42, null, undefined, ['c'], { id: 'c' }]) {
      expect(isCorrelationId(value)).toBe(false);
    }
  });
});

test.describe('isJsonObject', () => {
  test('is an object that is neither null nor an array', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject({ a: 1 })).toBe(true);
    for (const value of [null, [], 'x', 1, true, undefined]) expect(isJsonObject(value)).toBe(false);
  });
});
