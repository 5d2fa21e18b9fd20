/**
 * Type tests of `@cif-bridge/child`, as a widget author sees the built package.
 */
import {
  BridgeClient,
  type BridgeConnection,
  BridgeError,
  BridgeErrorCode,
  configure,
  connect,
  createSession,
  type CallOptions,
  type ClientCallEntry,
  type ConnectOptions,
  type CreateSessionInput,
  type CifMethodName,
  type NotifyEventResult,
  type SessionInfo,
} from '@cif-bridge/child';
import type * as protocol from '@cif-bridge/protocol';
import type { Equal, Expect } from './helpers.js';

export type ExportTests = [
  // The child re-exports the protocol's error class and codes; they must be the very same ones, or
  // `instanceof BridgeError` would fail across the two imports.
  Expect<Equal<typeof BridgeError, typeof protocol.BridgeError>>,
  Expect<Equal<typeof BridgeErrorCode, typeof protocol.BridgeErrorCode>>,
  Expect<Equal<CreateSessionInput, protocol.CreateSessionInput>>,
  Expect<Equal<SessionInfo, protocol.SessionInfo>>,
  // connect and the default client.
  Expect<Equal<ReturnType<typeof connect>, Promise<BridgeClient>>>,
  Expect<Equal<ReturnType<typeof createSession>, Promise<string>>>,
  Expect<Equal<ReturnType<typeof configure>, void>>,
  Expect<Equal<ConnectOptions['hostOrigin'], string | readonly string[]>>,
  Expect<Equal<CallOptions, { timeoutMs?: number; signal?: AbortSignal }>>,
  Expect<Equal<NotifyEventResult['actionName'], 'Accept' | 'Reject' | 'Timeout'>>,
];

export type ClientTests = [
  Expect<Equal<ReturnType<BridgeClient['createSession']>, Promise<string>>>,
  Expect<Equal<ReturnType<BridgeClient['canCreateSession']>, Promise<boolean>>>,
  Expect<Equal<ReturnType<BridgeClient['getSession']>, Promise<SessionInfo>>>,
  Expect<Equal<ReturnType<BridgeClient['getFocusedSession']>, Promise<string | null>>>,
  Expect<Equal<ReturnType<BridgeClient['getAllSessions']>, Promise<string[]>>>,
  Expect<Equal<ReturnType<BridgeClient['createTab']>, Promise<string>>>,
  Expect<Equal<ReturnType<BridgeClient['getTabs']>, Promise<string[]>>>,
  Expect<Equal<ReturnType<BridgeClient['getFocusedTab']>, Promise<string | null>>>,
  Expect<Equal<ReturnType<BridgeClient['notifyEvent']>, Promise<NotifyEventResult>>>,
  Expect<Equal<ReturnType<BridgeClient['close']>, void>>,
  Expect<Equal<ReturnType<BridgeClient['trace']>, ClientCallEntry[]>>,
  Expect<Equal<ClientCallEntry['outcome'], 'resolved' | 'rejected'>>,
  Expect<Equal<ClientCallEntry['code'], protocol.BridgeErrorCode | undefined>>,
];

export async function connectUsage(): Promise<void> {
  await connect({ hostOrigin: 'https://agent.example.com' });
  await connect({ hostOrigin: ['https://agent.example.com', 'https://*.example.com'], timeoutMs: 5000 });
  const origins = ['https://agent.example.com'] as const;
  await connect({ hostOrigin: origins, handshakeTimeoutMs: 2000 });

  // @ts-expect-error: hostOrigin is required (there is no default origin, and never '*')
  await connect({});
  // @ts-expect-error: options are required
  await connect();
  // @ts-expect-error: hostOrigin is a string or a list of strings
  await connect({ hostOrigin: 8080 });
  // @ts-expect-error: an unknown key (a misspelt `timeoutMs`)
  await connect({ hostOrigin: 'https://agent.example.com', timeout: 5000 });

  configure({ hostOrigin: 'https://agent.example.com' });
  // @ts-expect-error: configure needs hostOrigin too
  configure({ timeoutMs: 5000 });
}

export async function createSessionUsage(client: BridgeClient, signal: AbortSignal): Promise<void> {
  const id = await client.createSession({ templateName: 'chat', templateParameters: { customer: 'Contoso' } });
  type Id = Expect<Equal<typeof id, string>>;
  // CIF also accepts the input as JSON text, and a correlationId, and per-call options.
  await client.createSession('{"templateName":"chat"}', 'corr-1', { timeoutMs: 1000, signal });
  const viaDefault = await createSession({ templateTag: 'voice' });
  type ViaDefault = Expect<Equal<typeof viaDefault, string>>;

  // @ts-expect-error: templateName is a string
  await client.createSession({ templateName: 5 });
  // @ts-expect-error: an unknown key in the input
  await client.createSession({ templateName: 'chat', parameters: {} });
  // @ts-expect-error: template parameters are strings, numbers, booleans or JSON objects
  await client.createSession({ templateName: 'chat', templateParameters: { when: new Date() } });
  // @ts-expect-error: the correlationId is a string
  await client.createSession({ templateName: 'chat' }, 42);
  // @ts-expect-error: an unknown call option
  await client.createSession({ templateName: 'chat' }, undefined, { retries: 3 });
  // @ts-expect-error: the top-level createSession checks its input the same way
  await createSession({ templateName: 5 });
}

export async function clientUsage(client: BridgeClient): Promise<void> {
  const session = await client.getSession('session-id');
  const focused: boolean = session.focused;
  void focused;

  await client.setMode(0);
  // @ts-expect-error: modes are 0 (minimized), 1 (docked) and 2 (hidden)
  await client.setMode(3);

  await client.addHandler('onSessionSwitched', (payload) => {
    // Event payloads come off the wire and stay `unknown` until the widget checks them.
    type Payload = Expect<Equal<typeof payload, unknown>>;
  });
  // @ts-expect-error: event names are case-sensitive, as in CIF
  await client.addHandler('onsessionswitched', () => undefined);

  await client.callHandler('createRecord', ['contact', '{"firstname":"Ada"}']);
  // @ts-expect-error: only the CIF methods a host page can provide
  await client.callHandler('deleteEverything', []);

  const answer = await client.notifyEvent({ templateName: 'incoming-call', templateParameters: { caller: 'Ada' } });
  if (answer.actionName === 'Accept') void answer;

  const stop = client.on('disconnected', () => undefined);
  type Stop = Expect<Equal<typeof stop, () => void>>;
  // @ts-expect-error: only `disconnected` and `reconnected`
  client.on('connected', () => undefined);

  // The untyped form every typed method is a shortcut for: the same checks, by the method's name.
  const viaCall = await client.call('createSession', [{ templateName: 'chat' }], 'corr-2', { timeoutMs: 1000 });
  type ViaCall = Expect<Equal<typeof viaCall, string>>;
  const base: BridgeConnection = client;
  await base.call('getTabs', [null, 'crm']);
  // @ts-expect-error: only names on the host's method table
  await base.call('deleteEverything', []);
  // @ts-expect-error: the CIF arguments of that method, in its order
  await base.call('focusTab', [42]);

  // @ts-expect-error: the constructor needs resolved settings (widgets call `connect` instead)
  new BridgeClient();
}

export type TableTests = [
  // Every CIF method of the drop-in, records and presence included, with CIF's result types.
  Expect<Equal<ReturnType<BridgeClient['setPresence']>, Promise<boolean>>>,
  Expect<Equal<ReturnType<BridgeClient['getPresence']>, Promise<string>>>,
  Expect<Equal<ReturnType<BridgeClient['searchAndOpenRecords']>, Promise<protocol.JsonValue>>>,
  Expect<Equal<ReturnType<BridgeClient['cancelEvent']>, Promise<string>>>,
  Expect<Equal<ReturnType<BridgeClient['logAnalyticsEvent']>, Promise<void>>>,
  Expect<Equal<ReturnType<BridgeClient['updateContext']>, Promise<{ [key: string]: protocol.JsonValue }>>>,
  // setMode takes CIF's three modes only; the call options come last.
  Expect<
    Equal<
      Parameters<BridgeClient['setMode']>,
      [mode: 0 | 1 | 2, correlationId?: string | undefined, options?: CallOptions]
    >
  >,
  // CIF's order: the correlationId before searchType, and before notifyEvent's cancellationToken.
  Expect<
    Equal<
      Parameters<BridgeClient['searchAndOpenRecords']>,
      [
        entityLogicalName: string,
        queryParameters: string,
        searchOnly: boolean,
        correlationId?: string | undefined,
        searchType?: number | undefined,
        options?: CallOptions,
      ]
    >
  >,
  Expect<Equal<Parameters<BridgeClient['notifyEvent']>[2], string | undefined>>,
  // Every name of the drop-in's table is a typed method.
  Expect<Equal<Exclude<CifMethodName, keyof BridgeClient>, never>>,
];

export async function tableUsage(client: BridgeClient, signal: AbortSignal): Promise<void> {
  await client.setMode(1, 'corr-1', { signal });
  const mode = 2 as const;
  await client.setMode(mode);
  // @ts-expect-error: a plain number could be any mode
  await client.setMode(1 as number);
  // @ts-expect-error: modes are 0, 1 and 2
  await client.setMode(-1);

  await client.createRecord('phonecall', { subject: 'Call' }, 'corr-2');
  await client.retrieveRecord('incident', 'id-1', '?$select=title');
  await client.searchAndOpenRecords('contact', '?$select=fullname', false, undefined, 1, { timeoutMs: 500 });
  await client.openForm({ entityName: 'contact' });
  await client.notifyEvent({ templateName: 'incoming' }, undefined, 'token-1');
  await client.cancelEvent('token-1');
  await client.updateContext({ customer: 'Contoso' }, 'session-id', true);
  await client.updateConversation('conv-1', { queue: 'billing' });
  await client.logAnalyticsEvent({ events: [] }, 'CallHold');
  await client.insertNotes(['a', 'b'], 'corr-3');

  // @ts-expect-error: the record's entity name is a string
  await client.createRecord(42, {});
  // @ts-expect-error: setPresence takes the presence text
  await client.setPresence({ presenceId: 'busy' });
  // @ts-expect-error: a list method takes its arguments as one list
  await client.insertNotes('a', 'b');
  // @ts-expect-error: updateContext's input is a JSON object
  await client.updateContext('customer=Contoso');

  // Custom event names, on both addHandler and removeHandler.
  const onQueue = (): void => undefined;
  await client.addHandler('contoso.softphone.onQueueChanged', onQueue);
  await client.removeHandler('contoso.softphone.onQueueChanged', onQueue);
  await client.addHandler('onPresenceChange', onQueue);
  // @ts-expect-error: a CIF name in the wrong case is a typo, not a custom name
  await client.addHandler('ONPRESENCECHANGE', onQueue);
}

export async function errorUsage(client: BridgeClient): Promise<void> {
  try {
    await client.ping();
  } catch (error) {
    if (error instanceof BridgeError) {
      type Code = Expect<Equal<typeof error.code, protocol.BridgeErrorCode>>;
      if (error.code === BridgeErrorCode.HANDSHAKE_TIMEOUT) void error.correlationId;
    }
  }
}
