import { test, expect } from '@playwright/test';
import {
  BridgeError,
  BridgeErrorCode,
  fromComlinkThrown,
  toBridgeError,
  toComlinkThrown,
  toErrorData,
} from '../../src/index.js';

/*
 * A BridgeError may reach more than one holder (one error can fail many calls), so nobody may change
 * it: its fields are read-only at run time, and code that adds to an error wraps it as a `cause`.
 */
test.describe('BridgeError', () => {
  test('code, message and correlationId can not be changed, even outside TypeScript', () => {
    const error = new BridgeError(BridgeErrorCode.TIMEOUT, 'no answer', 'corr-1');
    const writable = error as unknown as Record<string, unknown>;
    // Module code is strict, so a write to a read-only property throws.
    expect(() => (writable.code = BridgeErrorCode.INTERNAL)).toThrow(TypeError);
    expect(() => (writable.message = 'changed')).toThrow(TypeError);
    expect(() => (writable.correlationId = 'corr-2')).toThrow(TypeError);
    expect(() => Object.defineProperty(error, 'correlationId', { value: 'corr-3' })).toThrow(TypeError);
    expect([error.code, error.message, error.correlationId]).toEqual([BridgeErrorCode.TIMEOUT, 'no answer', 'corr-1']);
  });

  test('is still an Error that clones, serializes and can be subclassed, and can wrap a cause', () => {
    const cause = new TypeError('boom');
    const error = new BridgeError(BridgeErrorCode.INTERNAL, 'failed', undefined, { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BridgeError');
    expect(error.cause).toBe(cause);
    expect(error.correlationId).toBeUndefined();
    expect(String(error)).toBe('BridgeError: failed');
    expect(toErrorData(error)).toEqual({ name: 'BridgeError', code: 'INTERNAL', message: 'failed' });
    const clone = structuredClone(error) as Error;
    expect(clone.message).toBe('failed');
    expect(JSON.parse(JSON.stringify(new BridgeError(BridgeErrorCode.ABORTED, 'x', 'c')))).toEqual({
      name: 'BridgeError',
      code: 'ABORTED',
      correlationId: 'c',
    });

    class NamedError extends BridgeError {
      constructor() {
        super(BridgeErrorCode.NOT_SUPPORTED, 'not here', 'corr-n');
        this.name = 'NamedError';
      }
    }
    const named = new NamedError();
    expect(named).toBeInstanceOf(BridgeError);
    expect([named.name, named.code, named.message, named.correlationId]).toEqual([
      'NamedError',
      'NOT_SUPPORTED',
      'not here',
      'corr-n',
    ]);
  });
});

test.describe("comlink's throw envelope", () => {
  test('the host unwraps the error data its methods threw, and anything else becomes INTERNAL', () => {
    const data = toErrorData(new BridgeError(BridgeErrorCode.SESSION_NOT_FOUND, 'gone', 'corr-1'));
    expect(fromComlinkThrown({ isError: false, value: data })).toEqual(data);
    // An Error comlink made itself (a reply it could not clone) keeps its message.
    expect(
      fromComlinkThrown({ isError: true, value: { name: 'TypeError', message: 'Unserializable return value' } }),
    ).toEqual({ name: 'BridgeError', code: 'INTERNAL', message: 'Unserializable return value' });
    for (const odd of [undefined, null, 'x', { isError: false, value: { code: 'NOPE', message: 'x' } }]) {
      expect(fromComlinkThrown(odd)).toMatchObject({ code: 'INTERNAL' });
    }
  });

  test('the widget hands comlink the BridgeError itself, not a copy', () => {
    const error = new BridgeError(BridgeErrorCode.TIMEOUT, 'late', 'corr-1');
    expect(toComlinkThrown(error)).toEqual({ isError: false, value: error });
    expect(toComlinkThrown(error).value).toBe(error);
  });
});

test.describe('toBridgeError', () => {
  test('keeps a BridgeError code, makes anything else INTERNAL, and always returns a new error wrapping the cause', () => {
    const shared = new BridgeError(BridgeErrorCode.TEMPLATE_NOT_FOUND, 'no such template', 'corr-1');
    const wrapped = toBridgeError(shared, 'corr-2', 'createSession: ');
    expect(wrapped).not.toBe(shared);
    expect([wrapped.code, wrapped.message, wrapped.correlationId, wrapped.cause]).toEqual([
      BridgeErrorCode.TEMPLATE_NOT_FOUND,
      'createSession: no such template',
      'corr-2',
      shared,
    ]);
    expect(shared.correlationId).toBe('corr-1');

    const bug = new TypeError('x is undefined');
    expect([toBridgeError(bug).code, toBridgeError(bug).message, toBridgeError(bug).correlationId]).toEqual([
      BridgeErrorCode.INTERNAL,
      'x is undefined',
      undefined,
    ]);
    expect(toBridgeError('plain text', 'corr-3').message).toBe('plain text');
    expect(toErrorData(42, 'corr-4')).toEqual({
      name: 'BridgeError',
      code: BridgeErrorCode.INTERNAL,
      message: '42',
      correlationId: 'corr-4',
    });
  });

  test("keeps the code of another copy's BridgeError (a second script-tag build), but not an unknown code", () => {
    const foreign = Object.assign(new Error('No contact record has the id c9.'), {
      name: 'BridgeError',
      code: 'RECORD_NOT_FOUND',
    });
    expect(toBridgeError(foreign, 'corr-5').code).toBe(BridgeErrorCode.RECORD_NOT_FOUND);
    const made = Object.assign(new Error('made up'), { name: 'BridgeError', code: 'ROOT_ACCESS' });
    expect(toBridgeError(made).code).toBe(BridgeErrorCode.INTERNAL);
    const plain = { name: 'BridgeError', code: 'RECORD_NOT_FOUND', message: 'not an Error' };
    expect(toBridgeError(plain).code).toBe(BridgeErrorCode.INTERNAL);
  });
});
