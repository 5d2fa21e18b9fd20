import { test, expect } from '@playwright/test';
import { type BridgeError, type BridgeErrorCode, MAX_INPUT_LENGTH } from '@cif-bridge/protocol';
import type { Caller } from '../../src/Caller.js';
import { SessionStore } from '../../src/SessionStore.js';
import type { SessionStoreOptions } from '../../src/SessionStoreOptions.js';
import type { StoreChange } from '../../src/StoreChange.js';
import type { SessionTemplate, TabTemplate } from '../../src/types.js';
import { thrown } from '../../../../test/unit/thrown.js';

// ---------------------------------------------------------------------------------------------
// Fixture
// ---------------------------------------------------------------------------------------------

const tabTemplates: TabTemplate[] = [
  {
    name: 'chatTab',
    tag: 'conversation',
    title: 'Chat: {customer}',
    type: 'website',
    parameters: { url: 'https://chat.example.com/?c={customer}', mode: 'configured' },
  },
  {
    name: 'crmTab',
    tag: 'crm',
    title: 'Record {recordId}',
    type: 'webresource',
    parameters: { url: '/crm/{recordId}' },
  },
  { name: 'notesTab', tag: 'crm', title: 'Notes', type: 'website', parameters: { url: 'https://notes.example.com' } },
  { name: 'pinnedTab', title: 'Pinned', type: 'website', parameters: {}, canClose: false },
];

const sessionTemplates: SessionTemplate[] = [
  { name: 'chat', tag: 'chat', title: 'Chat with {customer}', anchorTab: 'chatTab', tabs: ['crmTab'] },
  { name: 'chat2', tag: 'chat', title: 'Second chat', anchorTab: 'chatTab' },
  { name: 'call', tag: 'voice', title: 'Call from {phone}', anchorTab: 'crmTab' },
];

/** The host page's origin, as BridgeHost passes `location.origin`. */
const HOST_ORIGIN = 'https://desk.example.com';

const A: Caller = { provider: 'A' };
const B: Caller = { provider: 'B' };

const SESSION_LIMIT = 'Maximum sessions reached. Close a session before opening another.';
const TAB_LIMIT = 'Maximum tabs reached. Close a tab in this session before opening another.';
const NOT_OWNED = 'Focused session does not belong to the provider';

interface Fixture {
  store: SessionStore;
  changes: StoreChange[];
}

/** A store with readable ids (s1, s2, … are handed out in creation order) and a recorded change feed. */
function setup(overrides: Partial<SessionStoreOptions> = {}): Fixture {
  let next = 0;
  const store = new SessionStore({
    sessionTemplates,
    tabTemplates,
    notificationTemplates: [
      {
        name: 'incoming',
        title: 'Call from {customer}',
        fields: { Phone: '{phone}', Queue: 'Support' },
        timeoutSeconds: 30,
      },
      { name: 'plain', title: 'Hello', acceptLabel: 'Take it', rejectLabel: 'Pass' },
    ],
    maxSessions: 3,
    maxTabsPerSession: 4,
    origin: HOST_ORIGIN,
    createId: () => `id${++next}`,
    ...overrides,
  });
  const changes: StoreChange[] = [];
  store.onChange((change) => changes.push(change));
  return { store, changes };
}

function expectError(run: () => unknown, code: BridgeErrorCode, message: string | RegExp): BridgeError {
  const error = thrown(run);
  expect(error.code).toBe(code);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  return error;
}

let correlation = 0;
/** createSession with a fresh correlationId, so calls are not taken for retries. */
function open(store: SessionStore, caller: Caller, input: unknown): string {
  correlation += 1;
  return store.createSession(caller, input, `corr-${correlation}`);
}

// ---------------------------------------------------------------------------------------------
// createSession
// ---------------------------------------------------------------------------------------------

test.describe('createSession', () => {
  test('creates the anchor tab (focused) and the extra tabs, resolves the title, and takes focus', () => {
    const { store } = setup();
    const id = store.createSession(
      A,
      { templateName: 'chat', templateParameters: { customer: 'Contoso', recordId: 7 } },
      'c-1',
    );
    const [session] = store.snapshot();
    expect(session).toMatchObject({
      id,
      title: 'Chat with Contoso',
      templateName: 'chat',
      provider: 'A',
      focused: true,
      context: {},
      correlationId: 'c-1',
      newActivity: 0,
      kpiBreach: null,
      focusRequest: null,
    });
    expect(session!.tabs.map((t) => [t.templateName, t.anchor, t.focused, t.canClose, t.title])).toEqual([
      ['chatTab', true, true, false, 'Chat: Contoso'],
      ['crmTab', false, false, true, 'Record 7'],
    ]);
    expect(session!.tabs[0]!.parameters).toEqual({ url: 'https://chat.example.com/?c=Contoso', mode: 'configured' });
    expect(session!.tabs[0]!.type).toBe('website');
    expect(session!.tabs[1]!.refreshCount).toBe(0);
    expect(store.home().focused).toBe(false);
  });

  test('accepts the input as a JSON string', () => {
    const { store } = setup();
    open(store, A, '{"templateName":"call","templateParameters":{"phone":"+1 555"},"context":{"ticket":42}}');
    expect(store.snapshot()[0]).toMatchObject({ title: 'Call from +1 555', context: { ticket: 42 } });
  });

  test('ignores other top-level keys that real widgets send', () => {
    const { store } = setup();
    open(store, A, { templateName: 'call', customer: 'x', customerName: { a: 1 }, templateParameters: { phone: '1' } });
    expect(store.snapshot()).toHaveLength(1);
  });

  test('a tag picks the first template carrying it; a name wins over a tag', () => {
    const { store } = setup();
    open(store, A, { templateTag: 'chat' });
    open(store, A, { templateName: 'call', templateTag: 'chat' });
    expect(store.snapshot().map((s) => s.templateName)).toEqual(['chat', 'call']);
  });

  test('unknown name or tag: TEMPLATE_NOT_FOUND with CIF text', () => {
    const { store } = setup();
    expectError(
      () => open(store, A, { templateName: 'nope' }),
      'TEMPLATE_NOT_FOUND',
      'Did not find template by name (nope)',
    );
    expectError(
      () => open(store, A, { templateTag: 'sms' }),
      'TEMPLATE_NOT_FOUND',
      'Did not find template by tag (sms)',
    );
    // The name wins even when it is unknown and the tag would match.
    expectError(
      () => open(store, A, { templateName: 'nope', templateTag: 'chat' }),
      'TEMPLATE_NOT_FOUND',
      'Did not find template by name (nope)',
    );
  });

  test('a missing name and tag is INVALID_INPUT', () => {
    const { store } = setup();
    expectError(() => open(store, A, {}), 'INVALID_INPUT', 'templateName or templateTag is required');
    expectError(
      () => open(store, A, { templateName: '', templateTag: null }),
      'INVALID_INPUT',
      'templateName or templateTag is required',
    );
  });

  test('wrong types are INVALID_INPUT naming the field', () => {
    const { store } = setup();
    const cases: Array<[unknown, string]> = [
      [[1, 2], 'input must be a JSON object'],
      ['"chat"', 'input must be a JSON object'],
      [{ templateName: 5 }, 'templateName must be a string'],
      [{ templateTag: ['chat'] }, 'templateTag must be a string'],
      [{ templateName: 'chat', templateParameters: 'x' }, 'templateParameters must be a JSON object'],
      [{ templateName: 'chat', templateParameters: [] }, 'templateParameters must be a JSON object'],
      [
        { templateName: 'chat', templateParameters: { customer: null } },
        'templateParameters.customer must be a string, number, boolean or JSON object',
      ],
      [
        { templateName: 'chat', templateParameters: { customer: ['a'] } },
        'templateParameters.customer must be a string, number, boolean or JSON object',
      ],
      [
        { templateName: 'chat', templateParameters: { chatTab: { url: [1] } } },
        'templateParameters.chatTab.url must be a string, number, boolean or JSON object',
      ],
      [{ templateName: 'chat', context: 'x' }, 'context must be a JSON object'],
      [{ templateName: 'chat', context: [1] }, 'context must be a JSON object'],
    ];
    for (const [input, message] of cases) expectError(() => open(store, A, input), 'INVALID_INPUT', message);
    expect(store.snapshot()).toEqual([]);
  });

  test('a JSON object value that is not under a tab template name may hold anything', () => {
    const { store } = setup();
    open(store, A, { templateName: 'call', templateParameters: { phone: { list: [1, null] } } });
    expect(store.snapshot()[0]!.title).toBe('Call from {"list":[1,null]}');
  });

  test('bad JSON is INVALID_INPUT naming createSession', () => {
    const { store } = setup();
    expectError(() => open(store, A, '{templateName:"chat"}'), 'INVALID_INPUT', /^input is not valid JSON/);
  });

  test('an input over 64 KiB of JSON is INVALID_INPUT; just under is accepted', () => {
    const { store } = setup();
    const base = JSON.stringify({ templateName: 'call', context: { pad: '' } });
    const under = { templateName: 'call', context: { pad: 'x'.repeat(MAX_INPUT_LENGTH - base.length) } };
    expect(JSON.stringify(under).length).toBe(MAX_INPUT_LENGTH);
    open(store, A, under);
    const over = { templateName: 'call', context: { pad: 'x'.repeat(MAX_INPUT_LENGTH - base.length + 1) } };
    expectError(() => open(store, A, over), 'INVALID_INPUT', /^input is 65537 characters of JSON/);
    expect(store.snapshot()).toHaveLength(1);
  });

  test('__proto__, constructor and prototype keys never reach the session or a prototype', () => {
    const { store } = setup();
    const id = open(
      store,
      A,
      '{"templateName":"call","__proto__":{"polluted":1},"context":{"__proto__":{"polluted":1},"a":{"constructor":{"prototype":{"polluted":1}},"b":1}},' +
        '"templateParameters":{"phone":"1","__proto__":{"polluted":1},"crmTab":{"__proto__":{"polluted":1}}}}',
    );
    expect(store.getSession(A, id).context).toEqual({ a: { b: 1 } });
    expect(Object.keys(store.snapshot()[0]!.tabs[0]!.parameters)).toEqual(['url']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The same for object input that carries __proto__ as an own key, as it does off the wire.
    const objectInput = JSON.parse(
      '{"templateName":"call","context":{"__proto__":{"polluted":2},"ok":true}}',
    ) as unknown;
    const second = open(store, A, objectInput);
    expect(store.getSession(A, second).context).toEqual({ ok: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('markup in titles is kept as plain text, and is encoded in the url', () => {
    const { store } = setup();
    const id = open(store, A, {
      templateName: 'chat',
      templateParameters: { customer: '<img src=x onerror=alert(1)>' },
    });
    const session = store.get(id)!;
    expect(session.title).toBe('Chat with <img src=x onerror=alert(1)>');
    // In a URL a value is one percent-encoded component (the old expectation was the raw text).
    expect(session.tabs[0]!.parameters.url).toBe(
      'https://chat.example.com/?c=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Parameters and slugs
// ---------------------------------------------------------------------------------------------

test.describe('parameters and slugs', () => {
  test('configured < runtime global < runtime per-tab', () => {
    const { store } = setup();
    const id = open(store, A, {
      templateName: 'chat',
      templateParameters: {
        mode: 'global',
        customer: 'C',
        chatTab: { mode: 'per-tab', extra: 1 },
        crmTab: { recordId: 'R9' },
      },
    });
    const [chatTab, crmTab] = store.get(id)!.tabs;
    expect(chatTab!.parameters).toEqual({ url: 'https://chat.example.com/?c=C', mode: 'per-tab', extra: 1 });
    // A global key that the tab template does not configure is not added to the tab.
    // A relative tab URL now resolves against the host's origin in the model.
    expect(crmTab!.parameters).toEqual({ url: `${HOST_ORIGIN}/crm/R9`, recordId: 'R9' });
    expect(crmTab!.title).toBe('Record R9');
    // Without a per-tab value, the global one beats the configured one.
    const id2 = open(store, A, { templateName: 'chat', templateParameters: { mode: 'global' } });
    expect(store.get(id2)!.tabs[0]!.parameters.mode).toBe('global');
    const id3 = open(store, A, { templateName: 'chat' });
    expect(store.get(id3)!.tabs[0]!.parameters.mode).toBe('configured');
  });

  test('slugs fall back to context, then the hook, else stay as written', () => {
    const asked: string[] = [];
    const { store } = setup({
      resolveSlug: (slug, context) => {
        asked.push(slug);
        return slug === 'anchor.fullname' ? `Full ${String(context.customer)}` : undefined;
      },
    });
    const sessionTemplatesWithCrm: SessionTemplate[] = [
      {
        name: 'crm',
        title: '{customer} / {anchor.fullname} / {$odata.account.name} / {missing}',
        anchorTab: 'chatTab',
      },
    ];
    const own = new SessionStore({
      sessionTemplates: sessionTemplatesWithCrm,
      tabTemplates,
      maxSessions: 1,
      maxTabsPerSession: 2,
      origin: HOST_ORIGIN,
      resolveSlug: (slug, context) => (slug === 'anchor.fullname' ? `Full ${String(context.customer)}` : undefined),
    });
    const id = own.createSession(A, { templateName: 'crm', context: { customer: 'FromContext' } }, 'c');
    expect(own.get(id)!.title).toBe('FromContext / Full FromContext / {$odata.account.name} / {missing}');
    // A parameter beats context.
    const id2 = open(store, A, {
      templateName: 'chat',
      templateParameters: { customer: 'Param' },
      context: { customer: 'Ctx' },
    });
    expect(store.get(id2)!.title).toBe('Chat with Param');
    const id3 = open(store, A, { templateName: 'chat', context: { customer: 'Ctx' } });
    expect(store.get(id3)!.title).toBe('Chat with Ctx');
    expect(store.get(id3)!.tabs[1]!.title).toBe('Record {recordId}');
    expect(asked).toContain('recordId');
  });

  test('a hook that throws leaves no half-made session behind', () => {
    const { store, changes } = setup({
      resolveSlug: () => {
        throw new Error('CRM is down');
      },
    });
    expect(() => open(store, A, { templateName: 'chat' })).toThrow('CRM is down');
    expect(store.snapshot()).toEqual([]);
    expect(store.canCreateSession()).toBe(true);
    expect(changes).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Retry, caps, template sets
// ---------------------------------------------------------------------------------------------

test.describe('retry', () => {
  test('same correlationId and same input as an open session returns its id and changes nothing', () => {
    const { store, changes } = setup();
    const input = { templateName: 'chat', templateParameters: { customer: 'C' } };
    const first = store.createSession(A, input, 'corr-r');
    const count = changes.length;
    // Same data as a JSON string, keys in another order: still the same input.
    const again = store.createSession(A, '{"templateParameters":{"customer":"C"},"templateName":"chat"}', 'corr-r');
    expect(again).toBe(first);
    expect(store.snapshot()).toHaveLength(1);
    expect(changes).toHaveLength(count);
  });

  test('a retry works at the session cap', () => {
    const { store } = setup({ maxSessions: 1 });
    const first = store.createSession(A, { templateName: 'call' }, 'corr-cap');
    expect(store.createSession(A, { templateName: 'call' }, 'corr-cap')).toBe(first);
  });

  test('another input, another correlationId, another provider or a closed session is not a retry', () => {
    const { store } = setup();
    const first = store.createSession(A, { templateName: 'call' }, 'corr-1');
    expect(store.createSession(A, { templateName: 'call', context: { x: 1 } }, 'corr-1')).not.toBe(first);
    expect(store.createSession(A, { templateName: 'call' }, 'corr-2')).not.toBe(first);
    store.closeSession(first);
    const { store: other } = setup();
    const mine = other.createSession(A, { templateName: 'call' }, 'shared');
    expect(other.createSession(B, { templateName: 'call' }, 'shared')).not.toBe(mine);
    expect(other.getAllSessions(B)).toHaveLength(1);
    // After the close, the same call makes a new session.
    expect(store.createSession(A, { templateName: 'call' }, 'corr-1')).not.toBe(first);
  });
});

test.describe('session cap', () => {
  test('canCreateSession is false at the cap and createSession rejects with the exact text', () => {
    const { store } = setup({ maxSessions: 2 });
    open(store, A, { templateName: 'call' });
    expect(store.canCreateSession()).toBe(true);
    const second = open(store, B, { templateName: 'call' });
    expect(store.canCreateSession()).toBe(false);
    expectError(() => open(store, A, { templateName: 'call' }), 'SESSION_LIMIT_REACHED', SESSION_LIMIT);
    store.closeSession(second);
    expect(store.canCreateSession()).toBe(true);
    open(store, A, { templateName: 'call' });
  });

  test('home does not count, and home tabs do not either', () => {
    const { store } = setup({ maxSessions: 1 });
    store.createTab(A, { templateName: 'notesTab' });
    expect(store.canCreateSession()).toBe(true);
  });
});

test.describe('template sets per provider', () => {
  test('a template outside the caller’s set gives the same text as an unknown one', () => {
    const { store } = setup();
    const limited: Caller = { provider: 'L', templates: new Set(['call', 'crmTab']) };
    expectError(
      () => open(store, limited, { templateName: 'chat' }),
      'TEMPLATE_NOT_FOUND',
      'Did not find template by name (chat)',
    );
    expectError(
      () => open(store, limited, { templateTag: 'chat' }),
      'TEMPLATE_NOT_FOUND',
      'Did not find template by tag (chat)',
    );
    const id = open(store, limited, { templateName: 'call' });
    expect(store.getSession(limited, id).templateName).toBe('call');
    expectError(
      () => store.createTab(limited, { templateName: 'notesTab' }),
      'TEMPLATE_NOT_FOUND',
      'Did not find template by name (notesTab)',
    );
    expect(store.createTab(limited, { templateName: 'crmTab' })).toBeTruthy();
  });

  test('the tabs a session template brings are not limited by the set', () => {
    const { store } = setup();
    const limited: Caller = { provider: 'L', templates: new Set(['chat']) };
    const id = open(store, limited, { templateName: 'chat' });
    expect(store.get(id)!.tabs.map((t) => t.templateName)).toEqual(['chatTab', 'crmTab']);
  });
});

// ---------------------------------------------------------------------------------------------
// Provider view of sessions and ownership
// ---------------------------------------------------------------------------------------------

test.describe('ownership between providers', () => {
  test('getSession returns the caller’s own session; another’s or an unknown one is SESSION_NOT_FOUND', () => {
    const { store } = setup();
    const a = open(store, A, { templateName: 'call', templateParameters: { phone: '1' }, context: { k: 'v' } });
    expect(store.getSession(A, a)).toEqual({
      sessionId: a,
      focused: true,
      context: { k: 'v' },
      title: 'Call from 1',
      templateName: 'call',
      conversationId: store.get(a)!.conversationId,
    });
    expect(store.get(a)!.conversationId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expectError(() => store.getSession(B, a), 'SESSION_NOT_FOUND', `Session with ID:${a} does not exist`);
    expectError(() => store.getSession(A, 'nope'), 'SESSION_NOT_FOUND', 'Session with ID:nope does not exist');
    expectError(() => store.getSession(A, 42), 'INVALID_INPUT', 'sessionId must be a string');
  });

  test('getSession hands out a copy of the context', () => {
    const { store } = setup();
    const a = open(store, A, { templateName: 'call', context: { k: { n: 1 } } });
    (store.getSession(A, a).context.k as { n: number }).n = 2;
    expect(store.getSession(A, a).context).toEqual({ k: { n: 1 } });
  });

  test('getAllSessions and getFocusedSession show only the caller’s sessions', () => {
    const { store } = setup();
    const a1 = open(store, A, { templateName: 'call' });
    const b1 = open(store, B, { templateName: 'call' });
    const a2 = open(store, A, { templateName: 'call' });
    expect(store.getAllSessions(A)).toEqual([a1, a2]);
    expect(store.getAllSessions(B)).toEqual([b1]);
    expect(store.getFocusedSession(A)).toBe(a2);
    expect(store.getFocusedSession(B)).toBeNull();
    store.focusSession(b1);
    expect(store.getFocusedSession(A)).toBeNull();
    expect(store.getFocusedSession(B)).toBe(b1);
    store.focusSession(null);
    expect(store.getFocusedSession(A)).toBeNull();
    expect(store.getFocusedSession(B)).toBeNull();
  });

  test('requestFocusSession, notifyNewActivity and notifyKpiBreach on another’s session are SESSION_NOT_FOUND', () => {
    const { store } = setup();
    const a = open(store, A, { templateName: 'call' });
    const text = `Session with ID:${a} does not exist`;
    expectError(() => store.requestFocusSession(B, a), 'SESSION_NOT_FOUND', text);
    expectError(() => store.notifyNewActivity(B, a, 1), 'SESSION_NOT_FOUND', text);
    expectError(() => store.notifyKpiBreach(B, a), 'SESSION_NOT_FOUND', text);
    expectError(() => store.setSessionTitle(B, { sessionId: a }), 'SESSION_NOT_FOUND', text);
    expectError(
      () => store.notifyNewActivity(A, 'ghost', 1),
      'SESSION_NOT_FOUND',
      'Session with ID:ghost does not exist',
    );
  });
});

test.describe('badges and focus requests', () => {
  test('requestFocusSession marks an unfocused session without switching; focusing clears it', () => {
    const { store, changes } = setup();
    const a1 = open(store, A, { templateName: 'call' });
    const a2 = open(store, A, { templateName: 'call' });
    changes.length = 0;
    store.requestFocusSession(A, a1, 3);
    expect(store.get(a1)!.focusRequest).toEqual({ messagesCount: 3 });
    expect(store.getFocusedSession(A)).toBe(a2);
    expect(changes).toEqual([{ type: 'sessionUpdated', sessionId: a1 }]);
    store.requestFocusSession(A, a2, 5);
    expect(store.get(a2)!.focusRequest).toBeNull();
    expect(changes).toHaveLength(1);
    store.requestFocusSession(A, a1);
    expect(store.get(a1)!.focusRequest).toEqual({ messagesCount: 0 });
    store.focusSession(a1);
    expect(store.get(a1)!.focusRequest).toBeNull();
    expectError(
      () => store.requestFocusSession(A, a2, -1),
      'INVALID_INPUT',
      'messagesCount must be a whole number of 0 or more',
    );
  });

  test('notifyNewActivity sets the count, resets it, and is cleared on focus', () => {
    const { store, changes } = setup();
    const a1 = open(store, A, { templateName: 'call' });
    open(store, A, { templateName: 'call' });
    changes.length = 0;
    store.notifyNewActivity(A, a1, 4);
    expect(store.get(a1)!.newActivity).toBe(4);
    store.notifyNewActivity(A, a1, 2);
    expect(store.get(a1)!.newActivity).toBe(2);
    store.notifyNewActivity(A, a1, 9, true);
    expect(store.get(a1)!.newActivity).toBe(0);
    expect(changes).toEqual([
      { type: 'sessionUpdated', sessionId: a1 },
      { type: 'sessionUpdated', sessionId: a1 },
      { type: 'sessionUpdated', sessionId: a1 },
    ]);
    store.notifyNewActivity(A, a1, 1);
    store.focusSession(a1);
    expect(store.get(a1)!.newActivity).toBe(0);
  });

  test('notifyNewActivity rejects a negative, fractional or non-number count', () => {
    const { store } = setup();
    const a = open(store, A, { templateName: 'call' });
    for (const count of [-1, 1.5, '3', null, Number.NaN, Infinity]) {
      expectError(
        () => store.notifyNewActivity(A, a, count),
        'INVALID_INPUT',
        'count must be a whole number of 0 or more',
      );
    }
    expectError(() => store.notifyNewActivity(A, a, 1, 'yes'), 'INVALID_INPUT', 'shouldReset must be true or false');
    expect(store.get(a)!.newActivity).toBe(0);
  });

  test('notifyKpiBreach sets and resets the marker', () => {
    const { store, changes } = setup();
    const a = open(store, A, { templateName: 'call' });
    changes.length = 0;
    store.notifyKpiBreach(A, a, true, 'Waited 5 min');
    expect(store.get(a)!.kpiBreach).toEqual({ details: 'Waited 5 min' });
    store.notifyKpiBreach(A, a, false);
    expect(store.get(a)!.kpiBreach).toBeNull();
    store.notifyKpiBreach(A, a);
    expect(store.get(a)!.kpiBreach).toEqual({ details: '' });
    expect(changes).toHaveLength(3);
    expectError(() => store.notifyKpiBreach(A, a, true, 5), 'INVALID_INPUT', 'details must be a string');
  });
});

test.describe('setSessionTitle', () => {
  test('resolves the template title with the input, then the context', () => {
    const { store, changes } = setup();
    const a = open(store, A, {
      templateName: 'chat',
      templateParameters: { customer: 'Old' },
      context: { customer: 'Ctx' },
    });
    changes.length = 0;
    expect(store.setSessionTitle(A, { sessionId: a, customer: 'New <b>' })).toBe('Chat with New <b>');
    expect(store.get(a)!.title).toBe('Chat with New <b>');
    expect(changes).toEqual([{ type: 'sessionUpdated', sessionId: a }]);
    expect(store.setSessionTitle(A, JSON.stringify({ sessionId: a }))).toBe('Chat with Ctx');
  });

  test('without sessionId it works on the focused session, which must be the caller’s', () => {
    const { store } = setup();
    const a = open(store, A, { templateName: 'call' });
    expect(store.setSessionTitle(A, { phone: '555' })).toBe('Call from 555');
    expect(store.get(a)!.title).toBe('Call from 555');
    expectError(() => store.setSessionTitle(B, { phone: '1' }), 'SESSION_NOT_OWNED', NOT_OWNED);
    store.focusSession(null);
    expectError(() => store.setSessionTitle(A, { phone: '1' }), 'SESSION_NOT_OWNED', NOT_OWNED);
    expectError(() => store.setSessionTitle(A, { sessionId: 3 }), 'INVALID_INPUT', 'sessionId must be a string');
    expectError(() => store.setSessionTitle(A, '[]'), 'INVALID_INPUT', 'input must be a JSON object');
  });
});

// ---------------------------------------------------------------------------------------------
// Tabs
// ---------------------------------------------------------------------------------------------

test.describe('tabs', () => {
  test('createTab adds an unfocused tab to the focused session by default; isFocused focuses it', () => {
    const { store, changes } = setup();
    const a = open(store, A, { templateName: 'call', context: { customer: 'Ctx' } });
    changes.length = 0;
    const t1 = store.createTab(A, {
      templateName: 'chatTab',
      templateParameters: { customer: 'P', chatTab: { mode: 'own' } },
    });
    let session = store.get(a)!;
    expect(session.tabs.map((t) => t.id)).toEqual([session.tabs[0]!.id, t1]);
    expect(store.getFocusedTab(A)).toBe(session.tabs[0]!.id);
    const created = session.tabs[1]!;
    expect(created).toMatchObject({ title: 'Chat: P', anchor: false, canClose: true, focused: false, type: 'website' });
    expect(created.parameters).toEqual({ url: 'https://chat.example.com/?c=P', mode: 'own' });
    const t2 = store.createTab(A, '{"templateName":"chatTab","isFocused":true}');
    session = store.get(a)!;
    expect(store.getFocusedTab(A)).toBe(t2);
    expect(session.tabs[2]!.title).toBe('Chat: Ctx');
    expect(changes).toEqual([
      { type: 'tabsChanged', sessionId: a },
      { type: 'tabsChanged', sessionId: a },
    ]);
  });

  test('createTab checks its input', () => {
    const { store } = setup();
    expectError(() => store.createTab(A, {}), 'INVALID_INPUT', 'templateName is required');
    expectError(() => store.createTab(A, { templateName: 1 }), 'INVALID_INPUT', 'templateName must be a string');
    expectError(
      () => store.createTab(A, { templateName: 'chatTab', isFocused: 'yes' }),
      'INVALID_INPUT',
      'isFocused must be true or false',
    );
    expectError(
      () => store.createTab(A, { templateName: 'chatTab', templateParameters: { x: [] } }),
      'INVALID_INPUT',
      'templateParameters.x must be a string, number, boolean or JSON object',
    );
    expectError(() => store.createTab(A, '{oops'), 'INVALID_INPUT', /^input is not valid JSON/);
    expectError(
      () => store.createTab(A, { templateName: 'ghost' }),
      'TEMPLATE_NOT_FOUND',
      'Did not find template by name (ghost)',
    );
  });

  test('every tab method rejects when the focused session is another provider’s', () => {
    const { store } = setup();
    open(store, A, { templateName: 'call' });
    const tabId = store.getFocusedTab(A)!;
    const calls: Array<() => unknown> = [
      () => store.createTab(B, { templateName: 'chatTab' }),
      () => store.getTabs(B),
      () => store.focusTab(B, tabId),
      () => store.refreshTab(B, tabId),
      () => store.closeTab(B, tabId),
      () => store.getFocusedTab(B),
      () => store.setTabTitle(B, tabId, { title: 'x' }),
    ];
    for (const call of calls) expectError(call, 'SESSION_NOT_OWNED', NOT_OWNED);
  });

  test('home has its own tabs, with no anchor, owned by nobody', () => {
    const { store, changes } = setup();
    expect(store.home()).toEqual({ focused: true, tabs: [] });
    expect(store.getFocusedTab(A)).toBeNull();
    const t1 = store.createTab(A, { templateName: 'notesTab' });
    const t2 = store.createTab(B, { templateName: 'crmTab', isFocused: true });
    expect(changes).toEqual([
      { type: 'tabsChanged', sessionId: null },
      { type: 'tabsChanged', sessionId: null },
    ]);
    expect(store.home().tabs.map((t) => [t.id, t.anchor, t.focused])).toEqual([
      [t1, false, false],
      [t2, false, true],
    ]);
    expect(store.getTabs(B)).toEqual([t1, t2]);
    store.closeTab(A, t2);
    expect(store.getFocusedTab(A)).toBe(t1);
    store.closeTab(B, t1);
    expect(store.getFocusedTab(A)).toBeNull();
    // Tabs made in a session stay there when focus goes home.
    const a = open(store, A, { templateName: 'call' });
    store.createTab(A, { templateName: 'notesTab' });
    store.focusSession(null);
    expect(store.home().tabs).toEqual([]);
    expect(store.get(a)!.tabs).toHaveLength(2);
  });

  test('TAB_LIMIT_REACHED at maxTabsPerSession, in a session and in home', () => {
    const { store } = setup({ maxTabsPerSession: 3 });
    open(store, A, { templateName: 'chat' });
    store.createTab(A, { templateName: 'notesTab' });
    expectError(() => store.createTab(A, { templateName: 'notesTab' }), 'TAB_LIMIT_REACHED', TAB_LIMIT);
    store.focusSession(null);
    for (let i = 0; i < 3; i += 1) store.createTab(B, { templateName: 'notesTab' });
    expectError(() => store.createTab(B, { templateName: 'notesTab' }), 'TAB_LIMIT_REACHED', TAB_LIMIT);
  });

  test('getTabs matches by template name, then by tag; with neither it lists all', () => {
    const { store } = setup({ maxTabsPerSession: 6 });
    const a = open(store, A, { templateName: 'chat' });
    const [anchor, crm] = store.get(a)!.tabs.map((t) => t.id);
    const notes = store.createTab(A, { templateName: 'notesTab' });
    const chat2 = store.createTab(A, { templateName: 'chatTab' });
    expect(store.getTabs(A, 'chatTab')).toEqual([anchor, chat2]);
    expect(store.getTabs(A, null, 'crm')).toEqual([crm, notes]);
    expect(store.getTabs(A, 'notesTab', 'conversation')).toEqual([notes, anchor, chat2]);
    expect(store.getTabs(A, 'chatTab', 'conversation')).toEqual([anchor, chat2]);
    expect(store.getTabs(A, 'ghost')).toEqual([]);
    expect(store.getTabs(A)).toEqual([anchor, crm, notes, chat2]);
    expectError(() => store.getTabs(A, 5), 'INVALID_INPUT', 'name must be a string');
  });

  test('focusTab, refreshTab and closeTab find tabs in the focused session only', () => {
    const { store, changes } = setup();
    const a1 = open(store, A, { templateName: 'chat' });
    const crm = store.get(a1)!.tabs[1]!.id;
    changes.length = 0;
    store.focusTab(A, crm);
    expect(store.getFocusedTab(A)).toBe(crm);
    store.focusTab(A, crm);
    store.refreshTab(A, crm);
    store.refreshTab(A, crm);
    expect(store.get(a1)!.tabs[1]!.refreshCount).toBe(2);
    expect(changes).toEqual([
      { type: 'tabsChanged', sessionId: a1 },
      { type: 'tabsChanged', sessionId: a1 },
      { type: 'tabsChanged', sessionId: a1 },
    ]);
    open(store, A, { templateName: 'call' });
    // crm belongs to a1, which no longer has focus.
    for (const call of [() => store.focusTab(A, crm), () => store.refreshTab(A, crm), () => store.closeTab(A, crm)]) {
      expectError(call, 'TAB_NOT_FOUND', `Tab with ID:${crm} does not exist`);
    }
    expectError(() => store.focusTab(A, 7), 'INVALID_INPUT', 'tabId must be a string');
  });

  test('the anchor tab and a canClose:false tab cannot be closed; closing the focused tab focuses the one to its left', () => {
    const { store } = setup({ maxTabsPerSession: 5 });
    const a = open(store, A, { templateName: 'chat' });
    const [anchor, crm] = store.get(a)!.tabs.map((t) => t.id);
    expectError(() => store.closeTab(A, anchor), 'INVALID_INPUT', "the anchor tab can't be closed");
    const pinned = store.createTab(A, { templateName: 'pinnedTab' });
    expect(store.get(a)!.tabs[2]!.canClose).toBe(false);
    expectError(
      () => store.closeTab(A, pinned),
      'INVALID_INPUT',
      /^tab id\d+ can't be closed: its template "pinnedTab" sets canClose: false$/,
    );
    const notes = store.createTab(A, { templateName: 'notesTab', isFocused: true });
    store.closeTab(A, notes);
    expect(store.getFocusedTab(A)).toBe(pinned);
    store.focusTab(A, crm);
    store.closeTab(A, crm);
    expect(store.getFocusedTab(A)).toBe(anchor);
    expect(store.getTabs(A)).toEqual([anchor, pinned]);
  });

  test('setTabTitle uses input.title, else resolves the template title with the input', () => {
    const { store, changes } = setup();
    const a = open(store, A, { templateName: 'chat', templateParameters: { crmTab: { recordId: 'R1' } } });
    const crm = store.get(a)!.tabs[1]!.id;
    changes.length = 0;
    expect(store.setTabTitle(A, crm, { title: '<i>Mine</i>' })).toBe('<i>Mine</i>');
    expect(store.get(a)!.tabs[1]!.title).toBe('<i>Mine</i>');
    expect(store.setTabTitle(A, crm, { recordId: 'R2' })).toBe('Record R2');
    // With no slug value in the input, the tab's own resolved parameters are used, then context.
    expect(store.setTabTitle(A, crm, '{}')).toBe('Record R1');
    expect(changes).toEqual([
      { type: 'tabsChanged', sessionId: a },
      { type: 'tabsChanged', sessionId: a },
      { type: 'tabsChanged', sessionId: a },
    ]);
    expectError(() => store.setTabTitle(A, crm, { title: 5 }), 'INVALID_INPUT', 'title must be a string');
    expectError(
      () => store.setTabTitle(A, 'ghost', { title: 'x' }),
      'TAB_NOT_FOUND',
      'Tab with ID:ghost does not exist',
    );
  });

  test('agent tab actions work on any session or home, without ownership, and check ids', () => {
    const { store, changes } = setup();
    const a = open(store, A, { templateName: 'chat' });
    open(store, B, { templateName: 'call' });
    const [anchor, crm] = store.get(a)!.tabs.map((t) => t.id);
    changes.length = 0;
    store.agentFocusTab(a, crm!);
    expect(store.get(a)!.tabs[1]!.focused).toBe(true);
    // It does not switch sessions.
    expect(store.get(a)!.focused).toBe(false);
    store.agentCloseTab(a, crm!);
    expect(store.get(a)!.tabs.map((t) => t.id)).toEqual([anchor]);
    expect(changes).toEqual([
      { type: 'tabsChanged', sessionId: a },
      { type: 'tabsChanged', sessionId: a },
    ]);
    expectError(() => store.agentCloseTab(a, anchor!), 'INVALID_INPUT', "the anchor tab can't be closed");
    expectError(
      () => store.agentFocusTab('ghost', anchor!),
      'SESSION_NOT_FOUND',
      'Session with ID:ghost does not exist',
    );
    expectError(() => store.agentCloseTab(a, 'ghost'), 'TAB_NOT_FOUND', 'Tab with ID:ghost does not exist');
    expectError(() => store.agentFocusTab(null, anchor!), 'TAB_NOT_FOUND', `Tab with ID:${anchor} does not exist`);
    store.focusSession(null);
    const homeTab = store.createTab(A, { templateName: 'notesTab' });
    store.agentFocusTab(null, homeTab);
    expect(store.home().tabs[0]!.focused).toBe(true);
    store.agentCloseTab(null, homeTab);
    expect(store.home().tabs).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Focus and the change feed
// ---------------------------------------------------------------------------------------------

test.describe('focus and change feed', () => {
  test('createSession emits sessionCreated, then one sessionFocused whose previous is the old focus', () => {
    const { store, changes } = setup();
    const a = open(store, A, { templateName: 'call', context: { n: 1 } });
    const b = open(store, B, { templateName: 'call', context: { n: 2 } });
    expect(changes).toEqual([
      { type: 'sessionCreated', sessionId: a },
      { type: 'sessionFocused', previous: null, current: { sessionId: a, provider: 'A', context: { n: 1 } } },
      { type: 'sessionCreated', sessionId: b },
      {
        type: 'sessionFocused',
        previous: { sessionId: a, provider: 'A', context: { n: 1 } },
        current: { sessionId: b, provider: 'B', context: { n: 2 } },
      },
    ]);
  });

  test('focusSession switches, goes home with null, ignores the focused one and rejects unknown ids', () => {
    const { store, changes } = setup();
    const a = open(store, A, { templateName: 'call' });
    const b = open(store, B, { templateName: 'call' });
    changes.length = 0;
    store.focusSession(a);
    store.focusSession(a);
    store.focusSession(null);
    store.focusSession(null);
    expect(changes).toEqual([
      {
        type: 'sessionFocused',
        previous: { sessionId: b, provider: 'B', context: {} },
        current: { sessionId: a, provider: 'A', context: {} },
      },
      { type: 'sessionFocused', previous: { sessionId: a, provider: 'A', context: {} }, current: null },
    ]);
    expect(store.home().focused).toBe(true);
    expect(store.snapshot().map((s) => s.focused)).toEqual([false, false]);
    expectError(() => store.focusSession('ghost'), 'SESSION_NOT_FOUND', 'Session with ID:ghost does not exist');
  });

  test('closing the focused session focuses the most recently focused open session, else home', () => {
    const { store, changes } = setup();
    const s1 = open(store, A, { templateName: 'call' });
    const s2 = open(store, B, { templateName: 'call', context: { who: 'b' } });
    const s3 = open(store, A, { templateName: 'call' });
    store.focusSession(s1);
    store.focusSession(s3);
    changes.length = 0;
    store.closeSession(s3);
    expect(changes).toEqual([
      { type: 'sessionClosed', sessionId: s3, provider: 'A', context: {} },
      { type: 'sessionFocused', previous: null, current: { sessionId: s1, provider: 'A', context: {} } },
    ]);
    changes.length = 0;
    // Closing an unfocused session moves nothing.
    store.closeSession(s2);
    expect(changes).toEqual([{ type: 'sessionClosed', sessionId: s2, provider: 'B', context: { who: 'b' } }]);
    changes.length = 0;
    store.closeSession(s1);
    expect(changes).toEqual([
      { type: 'sessionClosed', sessionId: s1, provider: 'A', context: {} },
      { type: 'sessionFocused', previous: null, current: null },
    ]);
    expect(store.home().focused).toBe(true);
    expect(store.snapshot()).toEqual([]);
    expectError(() => store.closeSession(s1), 'SESSION_NOT_FOUND', `Session with ID:${s1} does not exist`);
  });

  test('the session that takes focus after a close has its badges cleared', () => {
    const { store } = setup();
    const s1 = open(store, A, { templateName: 'call' });
    const s2 = open(store, A, { templateName: 'call' });
    store.notifyNewActivity(A, s1, 3);
    store.requestFocusSession(A, s1, 1);
    store.closeSession(s2);
    expect(store.get(s1)).toMatchObject({ focused: true, newActivity: 0, focusRequest: null });
  });

  test('a listener that throws breaks neither the store nor the other listeners', () => {
    const { store, changes } = setup();
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      store.onChange(() => {
        throw new Error('view bug');
      });
      const seen: string[] = [];
      store.onChange((change) => seen.push(change.type));
      const id = open(store, A, { templateName: 'call' });
      expect(seen).toEqual(['sessionCreated', 'sessionFocused']);
      expect(changes.map((c) => c.type)).toEqual(['sessionCreated', 'sessionFocused']);
      expect(store.getFocusedSession(A)).toBe(id);
      expect(logged).toHaveLength(2);
    } finally {
      console.error = original;
    }
  });

  test('unsubscribing stops the feed, and twice is safe', () => {
    const { store } = setup();
    const seen: StoreChange[] = [];
    const off = store.onChange((change) => seen.push(change));
    off();
    off();
    open(store, A, { templateName: 'call' });
    expect(seen).toEqual([]);
  });

  test('changes a listener makes are delivered after the ones already queued, to every listener in order', () => {
    const { store, changes } = setup();
    const s1 = open(store, A, { templateName: 'call' });
    const s2 = open(store, A, { templateName: 'call' });
    changes.length = 0;
    const second: string[] = [];
    store.onChange((change) => {
      if (change.type === 'sessionClosed') store.notifyNewActivity(A, s1, 2);
    });
    store.onChange((change) => second.push(change.type));
    store.closeSession(s2);
    expect(changes.map((c) => c.type)).toEqual(['sessionClosed', 'sessionFocused', 'sessionUpdated']);
    expect(second).toEqual(['sessionClosed', 'sessionFocused', 'sessionUpdated']);
    expect(store.get(s1)!.newActivity).toBe(2);
  });

  test('changes are copies: a listener that edits one changes neither the store nor other listeners', () => {
    const { store, changes } = setup();
    store.onChange((change) => {
      if (change.type === 'sessionFocused' && change.current) change.current.context.hacked = true;
    });
    const id = open(store, A, { templateName: 'call', context: { a: 1 } });
    expect(store.getSession(A, id).context).toEqual({ a: 1 });
    const focused = changes[1];
    expect(focused?.type === 'sessionFocused' && focused.current?.context).toEqual({ a: 1 });
  });
});

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

test.describe('views', () => {
  test('snapshot lists open sessions in creation order, without home, as deep copies', () => {
    const { store } = setup();
    const a = open(store, A, { templateName: 'chat', context: { deep: { n: 1 } } });
    const b = open(store, B, { templateName: 'call' });
    store.focusSession(a);
    const snap = store.snapshot();
    expect(snap.map((s) => s.id)).toEqual([a, b]);
    snap[0]!.title = 'changed';
    (snap[0]!.context.deep as { n: number }).n = 2;
    snap[0]!.tabs[0]!.parameters.url = 'changed';
    snap[0]!.tabs.pop();
    const fresh = store.get(a)!;
    expect(fresh.title).toBe('Chat with {customer}');
    expect(fresh.context).toEqual({ deep: { n: 1 } });
    expect(fresh.tabs).toHaveLength(2);
    expect(fresh.tabs[0]!.parameters.url).toBe('https://chat.example.com/?c={customer}');
    expect(store.get('ghost')).toBeUndefined();
    const home = store.home();
    home.tabs.push(home.tabs[0]!);
    expect(store.home().tabs).toEqual([]);
  });

  test('session ids are uuid v4 by default', () => {
    const store = new SessionStore({
      sessionTemplates,
      tabTemplates,
      maxSessions: 1,
      maxTabsPerSession: 2,
      origin: HOST_ORIGIN,
    });
    const id = store.createSession(A, { templateName: 'call' }, 'c');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(store.get(id)!.tabs[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
  });

  test('the constructor checks its options', () => {
    expectError(() => setup({ resolveSlug: 'x' as never }), 'INVALID_INPUT', 'resolveSlug must be a function.');
    expectError(
      () => setup({ maxTabsPerSession: 1 }),
      'INVALID_INPUT',
      'sessionTemplates[0] ("chat").tabs and the anchor tab make 2 tabs, over maxTabsPerSession (1).',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------

test.describe('resolveNotification', () => {
  test('resolves title and fields from templateParameters, with defaults', () => {
    const { store } = setup();
    expect(
      store.resolveNotification(A, { templateName: 'incoming', templateParameters: { customer: '<Ann>', phone: 555 } }),
    ).toEqual({
      templateName: 'incoming',
      title: 'Call from <Ann>',
      fields: [
        { label: 'Phone', value: '555' },
        { label: 'Queue', value: 'Support' },
      ],
      timeoutSeconds: 30,
      acceptLabel: 'Accept',
      rejectLabel: 'Reject',
    });
    expect(store.resolveNotification(B, '{"templateName":"plain"}')).toEqual({
      templateName: 'plain',
      title: 'Hello',
      fields: [],
      timeoutSeconds: 120,
      acceptLabel: 'Take it',
      rejectLabel: 'Pass',
    });
  });

  test('unknown templates and bad input', () => {
    const { store } = setup();
    expectError(
      () => store.resolveNotification(A, { templateName: 'ghost' }),
      'TEMPLATE_NOT_FOUND',
      'Did not find template by name (ghost)',
    );
    expectError(() => store.resolveNotification(A, {}), 'INVALID_INPUT', 'templateName is required');
    expectError(
      () => store.resolveNotification(A, { templateName: 'plain', templateParameters: { a: null } }),
      'INVALID_INPUT',
      'templateParameters.a must be a string, number, boolean or JSON object',
    );
  });
});
