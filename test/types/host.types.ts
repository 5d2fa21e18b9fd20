/**
 * Type tests of `@cif-bridge/host`, as a host page's author sees the built package.
 */
import { createHost } from '@cif-bridge/host';
import { createInspector } from '@cif-bridge/host/inspector';
import type {
  BridgeError,
  BridgeErrorCode,
  BridgeHost,
  CallEntry,
  DevelopmentEntry,
  DevelopmentTemplateKind,
  HostEvents,
  HostHandler,
  HostOptions,
  HostViewController,
  ProviderConfig,
  SessionSnapshot,
  SessionTemplate,
  TabSnapshot,
  TabTemplate,
  TraceEntry,
  renderHostView,
} from '@cif-bridge/host';
import type * as protocol from '@cif-bridge/protocol';
import type { Equal, Expect } from './helpers.js';

export type ExportTests = [
  Expect<Equal<typeof BridgeError, typeof protocol.BridgeError>>,
  Expect<Equal<typeof BridgeErrorCode, typeof protocol.BridgeErrorCode>>,
  Expect<Equal<ReturnType<typeof createHost>, BridgeHost>>,
  Expect<Equal<Parameters<typeof createHost>, [options: HostOptions]>>,
  Expect<Equal<ReturnType<typeof renderHostView>, { destroy(): void }>>,
  Expect<Equal<Parameters<typeof renderHostView>, [container: HTMLElement, controller: HostViewController]>>,
];

export type SnapshotTests = [
  Expect<Equal<ReturnType<BridgeHost['getSessions']>, SessionSnapshot[]>>,
  Expect<
    Equal<
      keyof SessionSnapshot,
      | 'id'
      | 'title'
      | 'templateName'
      | 'provider'
      | 'focused'
      | 'context'
      | 'correlationId'
      | 'newActivity'
      | 'kpiBreach'
      | 'focusRequest'
      | 'conversationId'
      | 'conversationData'
      | 'tabs'
    >
  >,
  Expect<Equal<SessionSnapshot['id'], string>>,
  Expect<Equal<SessionSnapshot['focused'], boolean>>,
  Expect<Equal<SessionSnapshot['newActivity'], number>>,
  Expect<Equal<SessionSnapshot['kpiBreach'], { details: string } | null>>,
  Expect<Equal<SessionSnapshot['focusRequest'], { messagesCount: number } | null>>,
  Expect<Equal<SessionSnapshot['context'], { [key: string]: protocol.JsonValue }>>,
  Expect<Equal<SessionSnapshot['tabs'], TabSnapshot[]>>,
  Expect<
    Equal<
      keyof TabSnapshot,
      | 'id'
      | 'title'
      | 'templateName'
      | 'type'
      | 'focused'
      | 'anchor'
      | 'canClose'
      | 'sendToCustomer'
      | 'parameters'
      | 'refreshCount'
    >
  >,
  Expect<Equal<TabSnapshot['parameters'], protocol.TemplateParameters>>,
];

export type EventTests = [
  Expect<
    Equal<
      keyof HostEvents,
      | 'sessionCreated'
      | 'sessionClosed'
      | 'sessionFocused'
      | 'trace'
      | 'change'
      | 'panelChanged'
      | 'persistFailed'
      | 'presenceChanged'
      | 'conversation'
      | 'analytics'
      | 'recordChanged'
    >
  >,
  Expect<Equal<HostEvents['recordChanged']['change'], 'created' | 'updated' | 'deleted'>>,
  Expect<Equal<HostEvents['persistFailed'], { provider: string | null; error: string }>>,
  Expect<Equal<HostEvents['panelChanged'], { mode: 0 | 1 | 2; width: number }>>,
  Expect<Equal<HostEvents['sessionCreated'], SessionSnapshot>>,
  Expect<Equal<HostEvents['sessionFocused'], { id: string | null }>>,
  Expect<Equal<HostEvents['trace'], TraceEntry>>,
  Expect<Equal<TraceEntry['kind'], 'call' | 'event' | 'handshake' | 'refused' | 'development'>>,
  Expect<Equal<Extract<TraceEntry, { kind: 'development' }>, DevelopmentEntry>>,
  Expect<Equal<DevelopmentEntry['templateKind'], DevelopmentTemplateKind>>,
  Expect<Equal<DevelopmentTemplateKind, 'session' | 'tab' | 'notification'>>,
  Expect<
    Equal<HostOptions['onDevelopmentTemplate'], ((kind: DevelopmentTemplateKind, name: string) => void) | undefined>
  >,
  Expect<Equal<CallEntry['outcome'], 'resolved' | 'rejected'>>,
  Expect<Equal<CallEntry['code'], protocol.BridgeErrorCode | undefined>>,
  Expect<Equal<HostOptions['trace'], false | { limit?: number } | undefined>>,
];

const providers: ProviderConfig[] = [
  { name: 'softphone', url: 'https://widget.example.com/softphone/', origins: ['https://*.widget.example.com'] },
];
const sessionTemplates: SessionTemplate[] = [
  { name: 'chat', title: 'Chat with {customer}', anchorTab: 'customer', tabs: ['notes'], panelMode: 1 },
];
const tabTemplates: TabTemplate[] = [
  {
    name: 'customer',
    title: '{customer}',
    type: 'website',
    parameters: { url: 'https://crm.example.com/?q={customer}' },
  },
  // A type the host page renders itself through `renderers`.
  { name: 'notes', title: 'Notes', type: 'crm-notes', parameters: {}, canClose: false },
];

export function createHostUsage(container: HTMLElement): void {
  const createRecord: HostHandler = async (args, call) => {
    type Args = Expect<Equal<typeof args, protocol.JsonValue[]>>;
    type Call = Expect<Equal<typeof call, { provider: string; correlationId: string }>>;
    return { id: `${call.provider}-1` };
  };
  const host = createHost({
    providers,
    sessionTemplates,
    tabTemplates,
    notificationTemplates: [{ name: 'incoming', title: 'Call from {caller}', fields: { Caller: '{caller}' } }],
    container,
    maxSessions: 5,
    maxTabsPerSession: 4,
    resolveSlug: (slug, context) => (slug === 'anchor.fullname' ? String(context['name'] ?? '') : undefined),
    environment: { orgName: 'Contoso', features: ['chat'] },
    handlers: { createRecord },
    renderers: {
      'crm-notes': (tab, element) => {
        element.textContent = tab.title;
        return () => element.replaceChildren();
      },
    },
    panelWidth: 400,
  });

  const sessions = host.getSessions();
  const first = sessions[0]; // noUncheckedIndexedAccess: may be undefined
  // @ts-expect-error: the element may be undefined
  void first.id;
  if (first !== undefined) {
    const tabTitle: string | undefined = first.tabs[0]?.title;
    void tabTitle;
  }

  const off = host.on('sessionCreated', (session) => {
    type Session = Expect<Equal<typeof session, SessionSnapshot>>;
  });
  type Off = Expect<Equal<typeof off, () => void>>;
  host.on('trace', (entry) => {
    type Entry = Expect<Equal<typeof entry, TraceEntry>>;
    if (entry.kind === 'call') {
      type Args = Expect<Equal<typeof entry.args, protocol.JsonValue[]>>;
    }
    if (entry.kind === 'development') {
      type Made = Expect<Equal<[typeof entry.provider, typeof entry.name], [string, string]>>;
    }
  });
  const entries: TraceEntry[] = host.trace();
  void entries;
  // @ts-expect-error: host.on('call') is gone; the trace replaces it
  host.on('call', () => undefined);
  // @ts-expect-error: not a host event
  host.on('sessionOpened', () => undefined);

  host.focusSession(null);
  host.raiseEvent('onpagenavigate', { url: 'https://crm.example/' });
  host.raiseEvent('myOwnEvent', [1, 'two', null], { provider: 'softphone' });
  // @ts-expect-error: the payload is JSON data, not a function
  host.raiseEvent('onpagenavigate', () => 1);
  // @ts-expect-error: the provider is named by its name
  host.raiseEvent('onpagenavigate', null, { provider: 1 });
  host.setMode(2);
  // @ts-expect-error: modes are 0, 1 and 2
  host.setMode(3);
  host.destroy();
}

export function createHostMistakes(container: HTMLElement): void {
  // @ts-expect-error: providers, sessionTemplates and tabTemplates are required
  createHost({});
  // @ts-expect-error: tabTemplates is missing
  createHost({ providers, sessionTemplates });
  // @ts-expect-error: a provider needs its url
  createHost({ providers: [{ name: 'softphone' }], sessionTemplates, tabTemplates });
  // @ts-expect-error: a session template needs its anchor tab
  createHost({ providers, sessionTemplates: [{ name: 'chat', title: 'Chat' }], tabTemplates });
  // @ts-expect-error: panel modes are 0, 1 and 2
  createHost({ providers, sessionTemplates: [{ name: 'c', title: 'C', anchorTab: 't', panelMode: 3 }], tabTemplates });
  // @ts-expect-error: the container is an element, not its id
  createHost({ providers, sessionTemplates, tabTemplates, container: 'desktop' });
  // @ts-expect-error: an unknown option (misspelt `maxSessions`)
  createHost({ providers, sessionTemplates, tabTemplates, container, maxSession: 3 });
  // @ts-expect-error: handlers only for the CIF methods a host page can provide
  createHost({ providers, sessionTemplates, tabTemplates, handlers: { dropTables: () => null } });
  // @ts-expect-error: a handler returns JSON data, not a function
  createHost({ providers, sessionTemplates, tabTemplates, handlers: { createRecord: () => () => 1 } });
  // @ts-expect-error: origins is a list
  const oneOrigin: ProviderConfig = { name: 'p', url: 'https://w.example/', origins: 'https://w.example' };
  void oneOrigin;
  // @ts-expect-error: a tab template's parameters are required
  const noParameters: TabTemplate = { name: 'x', title: 'X', type: 'website' };
  void noParameters;
}

/** The inspector is its own entry, and takes the host `createHost` returns. */
export function inspectorUsage(host: BridgeHost, panel: HTMLElement): void {
  const inspector = createInspector(host, panel);
  type Element = Expect<Equal<typeof inspector.element, HTMLElement>>;
  inspector.destroy();
  // @ts-expect-error: the container is an element
  createInspector(host, '#panel');
}
