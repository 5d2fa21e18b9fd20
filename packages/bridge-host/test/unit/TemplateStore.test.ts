import { test, expect } from '@playwright/test';
import { BridgeErrorCode } from '@cif-bridge/protocol';
import { TemplateStore, type TemplateStoreOptions } from '../../src/TemplateStore.js';
import type { SessionTemplate, TabTemplate } from '../../src/types.js';
import { thrown } from '../../../../test/unit/thrown.js';

const tabTemplates: TabTemplate[] = [
  { name: 'chatTab', tag: 'chat', title: 'Chat', type: 'website', parameters: { url: 'https://chat.example.com' } },
  { name: 'crmTab', title: 'CRM', type: 'webresource', parameters: {} },
];
const sessionTemplates: SessionTemplate[] = [
  { name: 'chat', tag: 'chat', title: 'Chat', anchorTab: 'chatTab', tabs: ['crmTab'] },
  { name: 'chat2', tag: 'chat', title: 'Chat 2', anchorTab: 'chatTab' },
  { name: 'voice', tag: 'voice', title: 'Call', anchorTab: 'crmTab' },
];

function options(overrides: Partial<Record<keyof TemplateStoreOptions, unknown>> = {}): TemplateStoreOptions {
  return {
    sessionTemplates,
    tabTemplates,
    notificationTemplates: [{ name: 'incoming', title: 'Incoming' }],
    maxTabsPerSession: 10,
    origin: 'https://desk.example.com',
    ...overrides,
  } as TemplateStoreOptions;
}

/** Builds a store from `overrides` and returns the INVALID_INPUT message it throws. */
function configError(overrides: Partial<Record<keyof TemplateStoreOptions, unknown>>): string {
  const error = thrown(() => new TemplateStore(options(overrides)));
  expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
  return error.message;
}

test.describe('TemplateStore lookups', () => {
  const store = new TemplateStore(options());

  test('finds a session template by name', () => {
    expect(store.sessionTemplate({ name: 'voice' }).title).toBe('Call');
  });

  test('finds the first session template carrying a tag', () => {
    expect(store.sessionTemplate({ tag: 'chat' }).name).toBe('chat');
  });

  test('a name wins over a tag, and a tag is not tried when the name is unknown', () => {
    expect(store.sessionTemplate({ name: 'voice', tag: 'chat' }).name).toBe('voice');
    const error = thrown(() => store.sessionTemplate({ name: 'nope', tag: 'chat' }));
    expect(error.code).toBe(BridgeErrorCode.TEMPLATE_NOT_FOUND);
    expect(error.message).toBe('Did not find template by name (nope)');
  });

  test('an unknown tag gives the tag text', () => {
    const error = thrown(() => store.sessionTemplate({ tag: 'sms' }));
    expect(error.code).toBe(BridgeErrorCode.TEMPLATE_NOT_FOUND);
    expect(error.message).toBe('Did not find template by tag (sms)');
  });

  test('a template outside the allowed set reads exactly like an unknown one', () => {
    const allowed = new Set(['chat2', 'crmTab']);
    expect(thrown(() => store.sessionTemplate({ name: 'chat' }, allowed)).message).toBe(
      thrown(() => store.sessionTemplate({ name: 'unknown' }, allowed)).message.replace('unknown', 'chat'),
    );
    expect(thrown(() => store.sessionTemplate({ name: 'chat' }, allowed)).code).toBe(
      BridgeErrorCode.TEMPLATE_NOT_FOUND,
    );
    // By tag, the first template the caller may use is picked.
    expect(store.sessionTemplate({ tag: 'chat' }, allowed).name).toBe('chat2');
    expect(thrown(() => store.sessionTemplate({ tag: 'voice' }, allowed)).message).toBe(
      'Did not find template by tag (voice)',
    );
    expect(store.tabTemplate('crmTab', allowed).name).toBe('crmTab');
    expect(thrown(() => store.tabTemplate('chatTab', allowed)).message).toBe('Did not find template by name (chatTab)');
  });

  test('tab and notification templates by name', () => {
    expect(store.tabTemplate('chatTab').type).toBe('website');
    expect(store.findTabTemplate('crmTab')?.title).toBe('CRM');
    expect(store.findTabTemplate('nope')).toBeUndefined();
    expect(store.findTabTemplate('chat')).toBeUndefined();
    expect(store.findTabTemplate('toString')).toBeUndefined();
    expect(store.notificationTemplate('incoming').title).toBe('Incoming');
    const error = thrown(() => store.notificationTemplate('nope'));
    expect(error.code).toBe(BridgeErrorCode.TEMPLATE_NOT_FOUND);
    expect(error.message).toBe('Did not find template by name (nope)');
  });

  test('keeps its own copies: changing the config afterwards changes nothing', () => {
    const tabs: TabTemplate[] = [{ name: 't', title: 'T', type: 'website', parameters: { url: 'a', o: { k: 1 } } }];
    const sessions: SessionTemplate[] = [{ name: 's', title: 'S', anchorTab: 't', tabs: [] }];
    const own = new TemplateStore({
      sessionTemplates: sessions,
      tabTemplates: tabs,
      maxTabsPerSession: 3,
      origin: 'https://desk.example.com',
    });
    tabs[0]!.parameters.url = 'b';
    (tabs[0]!.parameters.o as { k: number }).k = 2;
    sessions[0]!.title = 'changed';
    sessions[0]!.tabs!.push('t');
    expect(own.tabTemplate('t').parameters).toEqual({ url: 'a', o: { k: 1 } });
    expect(own.sessionTemplate({ name: 's' }).title).toBe('S');
    expect(own.sessionTemplate({ name: 's' }).tabs).toEqual([]);
  });

  test('notification templates are optional, and tab parameters may be left out', () => {
    const own = new TemplateStore({
      sessionTemplates: [],
      tabTemplates: [{ name: 't', title: 'T', type: 'website' } as TabTemplate],
      maxTabsPerSession: 1,
      origin: 'https://desk.example.com',
    });
    expect(own.tabTemplate('t').parameters).toEqual({});
  });
});

test.describe('TemplateStore configuration checks', () => {
  test('duplicate names', () => {
    expect(configError({ tabTemplates: [...tabTemplates, tabTemplates[0]] })).toBe(
      'tab template name "chatTab" is used twice (tabTemplates[0] and tabTemplates[2]); names must be unique.',
    );
    expect(configError({ sessionTemplates: [...sessionTemplates, sessionTemplates[2]] })).toContain(
      'session template name "voice" is used twice (sessionTemplates[2] and sessionTemplates[3])',
    );
    expect(
      configError({
        notificationTemplates: [
          { name: 'n', title: 'A' },
          { name: 'n', title: 'B' },
        ],
      }),
    ).toContain('notification template name "n" is used twice');
  });

  test('a session template naming an unknown tab template', () => {
    expect(configError({ sessionTemplates: [{ name: 's', title: 'S', anchorTab: 'ghost' }] })).toBe(
      'sessionTemplates[0] ("s").anchorTab names "ghost", which is not a tab template.',
    );
    expect(
      configError({ sessionTemplates: [{ name: 's', title: 'S', anchorTab: 'chatTab', tabs: ['crmTab', 'ghost'] }] }),
    ).toContain('sessionTemplates[0] ("s").tabs[1] names "ghost", which is not a tab template');
  });

  test('a session template with more tabs than maxTabsPerSession', () => {
    const s = { name: 's', title: 'S', anchorTab: 'chatTab', tabs: ['crmTab', 'crmTab'] };
    expect(configError({ sessionTemplates: [s], maxTabsPerSession: 2 })).toBe(
      'sessionTemplates[0] ("s").tabs and the anchor tab make 3 tabs, over maxTabsPerSession (2).',
    );
    expect(
      new TemplateStore(options({ sessionTemplates: [s], maxTabsPerSession: 3 })).sessionTemplate({ name: 's' }).tabs,
    ).toEqual(['crmTab', 'crmTab']);
  });

  test('wrong types name the field', () => {
    const cases: Array<[Partial<Record<keyof TemplateStoreOptions, unknown>>, string]> = [
      [{ sessionTemplates: 'chat' }, 'sessionTemplates must be an array of session templates.'],
      [{ tabTemplates: undefined }, 'tabTemplates must be an array of tab templates.'],
      [{ tabTemplates: [null] }, 'tabTemplates[0] must be a tab template object.'],
      [
        { tabTemplates: [{ title: 'T', type: 'website', parameters: {} }] },
        'tabTemplates[0].name must be a non-empty string.',
      ],
      [
        { tabTemplates: [{ name: 't', title: 7, type: 'website', parameters: {} }] },
        'tabTemplates[0] ("t").title must be a string.',
      ],
      [
        { tabTemplates: [{ name: 't', title: 'T', parameters: {} }] },
        'tabTemplates[0] ("t").type must be a non-empty string.',
      ],
      [
        { tabTemplates: [{ name: 't', title: 'T', type: 'website', parameters: [] }] },
        'tabTemplates[0] ("t").parameters must be an object of parameter values.',
      ],
      [
        { tabTemplates: [{ name: 't', title: 'T', type: 'website', parameters: { url: null } }] },
        'tabTemplates[0] ("t").parameters.url must be a string, number, boolean or JSON object.',
      ],
      [
        { tabTemplates: [{ name: 't', title: 'T', type: 'website', parameters: {}, canClose: 'no' }] },
        'tabTemplates[0] ("t").canClose must be true or false when given.',
      ],
      [
        { tabTemplates: [{ name: 't', tag: 1, title: 'T', type: 'website', parameters: {} }] },
        'tabTemplates[0] ("t").tag must be a string when given.',
      ],
      [
        { sessionTemplates: [{ name: 's', title: 'S', anchorTab: 'chatTab', tabs: 'crmTab' }] },
        'sessionTemplates[0] ("s").tabs must be an array of tab template names.',
      ],
      [
        { sessionTemplates: [{ name: 's', title: 'S', anchorTab: 'chatTab', panelMode: 3 }] },
        'sessionTemplates[0] ("s").panelMode must be 0 (minimized), 1 (docked) or 2 (hidden) when given.',
      ],
      [
        { sessionTemplates: [{ name: 's', title: 'S', anchorTab: 'chatTab', panelWidth: '400px' }] },
        'sessionTemplates[0] ("s").panelWidth must be a positive number of pixels when given.',
      ],
      [
        { sessionTemplates: [{ name: 's', title: 'S' }] },
        'sessionTemplates[0] ("s").anchorTab must be a non-empty string.',
      ],
      [
        { notificationTemplates: [{ name: 'n', title: 'N', fields: { Phone: 5 } }] },
        'notificationTemplates[0] ("n").fields.Phone must be a string.',
      ],
      [
        { notificationTemplates: [{ name: 'n', title: 'N', timeoutSeconds: 0 }] },
        'notificationTemplates[0] ("n").timeoutSeconds must be a positive number of seconds when given.',
      ],
    ];
    for (const [overrides, message] of cases) expect(configError(overrides)).toBe(message);
  });
});

test.describe('TemplateStore development mode', () => {
  test('creates a plain session, tab and notification template the first time one is named, once', () => {
    const created: string[] = [];
    const store = new TemplateStore(
      options({
        sessionTemplates: [],
        tabTemplates: [],
        notificationTemplates: [],
        onDevelopmentTemplate: (kind: string, name: string, provider: string) =>
          created.push(`${provider}:${kind}:${name}`),
      }),
    );
    expect(store.sessionTemplate({ name: 'voice_call' })).toEqual({
      name: 'voice_call',
      title: 'voice_call',
      anchorTab: 'voice_call',
    });
    expect(store.tabTemplate('voice_call')).toEqual({
      name: 'voice_call',
      title: 'voice_call',
      type: 'development',
      parameters: {},
    });
    // Who named the template is passed on, for the host's trace; '' when the host itself did.
    expect(store.sessionTemplate({ tag: 'chat' }, undefined, 'softphone')).toMatchObject({ name: 'chat', tag: 'chat' });
    expect(store.notificationTemplate('incoming', 'softphone')).toEqual({ name: 'incoming', title: 'incoming' });
    store.tabTemplate('notes', undefined, 'chat');
    store.sessionTemplate({ name: 'voice_call' });
    expect(created).toEqual([
      ':tab:voice_call',
      ':session:voice_call',
      'softphone:tab:chat',
      'softphone:session:chat',
      'softphone:notification:incoming',
      'chat:tab:notes',
    ]);
  });

  test('is off by default and never applies to a provider limited to some templates', () => {
    expect(thrown(() => new TemplateStore(options()).sessionTemplate({ name: 'nope' })).code).toBe(
      BridgeErrorCode.TEMPLATE_NOT_FOUND,
    );
    const store = new TemplateStore(options({ onDevelopmentTemplate: () => undefined }));
    expect(thrown(() => store.sessionTemplate({ name: 'nope' }, new Set(['chat']))).code).toBe(
      BridgeErrorCode.TEMPLATE_NOT_FOUND,
    );
    expect(configError({ onDevelopmentTemplate: 'yes' })).toBe('onDevelopmentTemplate must be a function.');
  });
});
