/**
 * Type tests of `@cif-bridge/protocol`, as a consumer of the built package sees it.
 */
import {
  BridgeError,
  BridgeErrorCode,
  isBridgeErrorCode,
  isHelloMessage,
  isWelcomeMessage,
} from '@cif-bridge/protocol';
import type {
  BRIDGE_EVENT_NAMES,
  HOST_HANDLER_NAMES,
  HOST_METHOD_NAMES,
  createOriginMatcher,
  fromErrorData,
  toErrorData,
} from '@cif-bridge/protocol';
import type {
  BridgeErrorData,
  BridgeEventName,
  CreateSessionInput,
  CreateTabInput,
  HelloMessage,
  HostHandlerName,
  HostMethodName,
  HostMethods,
  JsonValue,
  OriginMatcher,
  SessionInfo,
  TemplateParameterValue,
  WelcomeMessage,
  WindowMessage,
} from '@cif-bridge/protocol';
import type { Assignable, Equal, Expect, Not } from './helpers.js';

/** Every code, spelled out: adding or renaming one must be a deliberate change to this list. */
type AllCodes =
  | 'INVALID_INPUT'
  | 'TEMPLATE_NOT_FOUND'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_NOT_OWNED'
  | 'SESSION_LIMIT_REACHED'
  | 'TAB_NOT_FOUND'
  | 'TAB_LIMIT_REACHED'
  | 'RECORD_NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'NOT_SUPPORTED'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'HANDSHAKE_TIMEOUT'
  | 'DISCONNECTED'
  | 'ORIGIN_REJECTED'
  | 'INTERNAL';

export type ErrorCodeTests = [
  // The type and the `as const` object share a name and agree.
  Expect<Equal<BridgeErrorCode, AllCodes>>,
  Expect<Equal<BridgeError['code'], AllCodes>>,
  Expect<Equal<(typeof BridgeErrorCode)[keyof typeof BridgeErrorCode], AllCodes>>,
  // Each property is its own literal (not widened to string), so `switch (error.code)` narrows.
  Expect<Equal<typeof BridgeErrorCode.TIMEOUT, 'TIMEOUT'>>,
  Expect<Equal<typeof BridgeErrorCode.HANDSHAKE_TIMEOUT, 'HANDSHAKE_TIMEOUT'>>,
  // The error class.
  Expect<Equal<BridgeError['correlationId'], string | undefined>>,
  Expect<Assignable<BridgeError, Error>>,
  Expect<Equal<ReturnType<typeof fromErrorData>, BridgeError>>,
  Expect<Equal<ReturnType<typeof toErrorData>, BridgeErrorData>>,
  Expect<Equal<BridgeErrorData['name'], 'BridgeError'>>,
  Expect<Equal<BridgeErrorData['code'], AllCodes>>,
];

export function errorUsage(caught: unknown): void {
  const error = new BridgeError(BridgeErrorCode.TIMEOUT, 'no answer', 'corr-1');
  new BridgeError('INTERNAL', 'a code written as a string literal is fine');
  // @ts-expect-error: not a code
  new BridgeError('NOPE', 'x');
  // @ts-expect-error: code is read-only
  error.code = BridgeErrorCode.INTERNAL;
  // @ts-expect-error: correlationId is read-only (wrap the error in a new one instead)
  error.correlationId = 'corr-2';
  // @ts-expect-error: message is read-only
  error.message = 'changed';
  // A wrapper makes a new error, with the old one as its cause.
  const wrapped = new BridgeError(error.code, `createSession: ${error.message}`, 'corr-2', { cause: error });
  void wrapped;
  // @ts-expect-error: the codes object is `as const`, so read-only
  BridgeErrorCode.TIMEOUT = 'TIMEOUT';

  if (isBridgeErrorCode(caught)) {
    const narrowed: BridgeErrorCode = caught;
    void narrowed;
  }
  if (caught instanceof BridgeError) {
    switch (caught.code) {
      case 'TIMEOUT':
      case 'ABORTED':
        break;
      // @ts-expect-error: a code that does not exist is not a case of the union
      case 'TIMED_OUT':
        break;
    }
  }
}

export type InputTests = [
  Expect<Equal<CreateSessionInput['templateName'], string | undefined>>,
  Expect<Equal<CreateSessionInput['templateParameters'], Record<string, TemplateParameterValue> | undefined>>,
  Expect<Equal<CreateTabInput['templateName'], string>>,
  Expect<Equal<SessionInfo['sessionId'], string>>,
  Expect<Equal<SessionInfo['focused'], boolean>>,
  // JSON only: no functions, no undefined, no Dates inside `context`.
  Expect<Assignable<{ a: [1, 'two', { three: null }] }, JsonValue>>,
  Expect<Not<Assignable<() => void, JsonValue>>>,
  Expect<Not<Assignable<{ when: Date }, JsonValue>>>,
];

export const goodInput: CreateSessionInput = {
  templateName: 'chat',
  templateParameters: { customer: 'Contoso', priority: 2, vip: true, customerTab: { url: 'https://x.example/' } },
  context: { ticket: 42, tags: ['a', 'b'] },
};
// @ts-expect-error: templateName is a string
export const numericName: CreateSessionInput = { templateName: 5 };
// @ts-expect-error: an unknown key in an object literal
export const unknownKey: CreateSessionInput = { templateName: 'chat', template: 'chat' };
// @ts-expect-error: context holds JSON, not functions
export const functionContext: CreateSessionInput = { templateName: 'chat', context: { f: () => 1 } };
// @ts-expect-error: templateName is required for a tab
export const tabWithoutName: CreateTabInput = { isFocused: true };

export type MethodTableTests = [
  Expect<Equal<HostMethodName, keyof HostMethods>>,
  Expect<Equal<(typeof HOST_METHOD_NAMES)[number], HostMethodName>>,
  Expect<Equal<(typeof BRIDGE_EVENT_NAMES)[number], BridgeEventName>>,
  Expect<Equal<(typeof HOST_HANDLER_NAMES)[number], HostHandlerName>>,
  Expect<Assignable<'onSessionSwitched', BridgeEventName>>,
  // CIF's event names are case-sensitive.
  Expect<Not<Assignable<'onsessionswitched', BridgeEventName>>>,
  Expect<Assignable<'createRecord', HostHandlerName>>,
  Expect<Equal<WindowMessage['type'], 'cif-bridge/hello' | 'cif-bridge/welcome' | 'cif-bridge/host-ready'>>,
  Expect<Equal<ReturnType<typeof createOriginMatcher>, OriginMatcher>>,
];

export function guardUsage(data: unknown): void {
  // Everything off the wire is `unknown` until a guard narrows it (STYLE.md point 6).
  if (isHelloMessage(data)) {
    type Narrowed = Expect<Equal<typeof data, HelloMessage>>;
    const clientId: string = data.clientId;
    void clientId;
  }
  if (isWelcomeMessage(data)) {
    type Narrowed = Expect<Equal<typeof data, WelcomeMessage>>;
  }
  // @ts-expect-error: unnarrowed data has no fields
  void data.type;
}
