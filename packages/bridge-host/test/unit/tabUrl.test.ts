import { test, expect } from '@playwright/test';
import { BridgeErrorCode } from '@cif-bridge/protocol';
import type { Caller } from '../../src/Caller.js';
import { SessionStore } from '../../src/SessionStore.js';
import type { SessionStoreOptions } from '../../src/SessionStoreOptions.js';
import { TemplateStore } from '../../src/TemplateStore.js';
import type { Provider as ProviderClass } from '../../src/Provider.js';
import { isLoopback, resolveTabUrl } from '../../src/resolveTabUrl.js';
import { resolveTemplateParameters } from '../../src/resolveTemplateParameters.js';
import type { SessionTemplate, TabTemplate } from '../../src/types.js';
import { thrown } from '../../../../test/unit/thrown.js';

/*
 * A widget's data never chooses a URL. A tab's `url` comes from its tab template; widget values only
 * fill its slugs, each percent-encoded as one component; the result must stay where the tab's type
 * allows; and the host refuses, when it starts, any template that would let a value pick the scheme
 * or host. All of it lives in the model, so a host without the default UI is protected too.
 */

const ORIGIN = 'https://desk.example.com';
const A: Caller = { provider: 'A' };

const tabTemplates: TabTemplate[] = [
  {
    name: 'searchTab',
    title: 'Search',
    type: 'website',
    parameters: { url: 'https://crm.example.com/search?q={q}&lang=en#top' },
  },
  {
    name: 'recordTab',
    title: 'Record {id}',
    type: 'webresource',
    parameters: { url: '/customers/{id}/view?tab={section}', section: 'main' },
    allowedPathPrefix: '/customers/',
  },
  { name: 'plainTab', title: 'Plain', type: 'webresource', parameters: { url: '/notes.html' } },
];
const sessionTemplates: SessionTemplate[] = [
  { name: 'search', title: 'Search {q}', anchorTab: 'searchTab', tabs: ['recordTab'] },
];

/** A store on the host origin {@link ORIGIN}, with `options` on top. */
function store(options: Partial<SessionStoreOptions> = {}): SessionStore {
  return new SessionStore({
    sessionTemplates,
    tabTemplates,
    maxSessions: 3,
    maxTabsPerSession: 5,
    origin: ORIGIN,
    ...options,
  });
}

/** The INVALID_INPUT message `run` throws. */
function invalid(run: () => unknown): string {
  const error = thrown(run);
  expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
  return error.message;
}

/** The URLs of the tabs of the first session after createSession with `parameters`. */
function urlsFor(parameters: Record<string, unknown>): string[] {
  const s = store();
  s.createSession(A, { templateName: 'search', templateParameters: parameters }, 'c1');
  return s.snapshot()[0]!.tabs.map((tab) => String(tab.parameters.url));
}

test.describe('a runtime url is refused, and nothing is created', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['global', { q: 'x', url: 'https://evil.example.net/' }, /^templateParameters\.url can't be given/],
    ['per tab', { q: 'x', recordTab: { url: '/admin' } }, /^templateParameters\.recordTab\.url can't be given/],
  ];
  for (const [where, parameters, message] of cases) {
    test(`createSession, ${where}`, () => {
      const s = store();
      const changes: unknown[] = [];
      s.onChange((change) => changes.push(change));
      const text = invalid(() => s.createSession(A, { templateName: 'search', templateParameters: parameters }, 'c'));
      expect(text).toMatch(message);
      expect(text).toContain("a tab's URL comes from its tab template only");
      expect(s.snapshot()).toEqual([]);
      expect(changes).toEqual([]);
    });

    test(`createTab, ${where}`, () => {
      const s = store();
      const id = s.createSession(A, { templateName: 'search', templateParameters: { q: 'x' } }, 'c');
      const before = s.get(id);
      expect(invalid(() => s.createTab(A, { templateName: 'recordTab', templateParameters: parameters }))).toMatch(
        message,
      );
      expect(s.get(id)).toEqual(before);
    });
  }

  test('resolveTemplateParameters, called directly, takes the url from the template whatever it is given', () => {
    const recordTab = tabTemplates[1]!;
    const params = resolveTemplateParameters(
      recordTab,
      { url: 'https://evil.example.net/', recordTab: { url: '/admin', id: '7' } },
      { isTabTemplateName: (name) => name === 'recordTab', origin: ORIGIN },
    );
    expect(params.url).toBe(`${ORIGIN}/customers/7/view?tab=main`);
  });

  test('the same key under a name that is not a tab template is an ordinary value', () => {
    expect(urlsFor({ q: 'x', other: { url: 'https://evil.example.net/' } })[0]).toBe(
      'https://crm.example.com/search?q=x&lang=en#top',
    );
  });
});

test.describe('a slug in a URL is one percent-encoded component', () => {
  test('in a query value: x&role=admin#frag adds no parameter and no fragment', () => {
    const [search] = urlsFor({ q: 'x&role=admin#frag' });
    expect(search).toBe('https://crm.example.com/search?q=x%26role%3Dadmin%23frag&lang=en#top');
    const url = new URL(search!);
    expect(url.searchParams.get('q')).toBe('x&role=admin#frag');
    expect(url.searchParams.has('role')).toBe(false);
    expect(url.hash).toBe('#top');
  });

  for (const [value, encoded] of [
    ['../admin', '..%2Fadmin'],
    ['a/b', 'a%2Fb'],
    ['a?b=1', 'a%3Fb%3D1'],
    ['a#b', 'a%23b'],
    ['//evil.example.net', '%2F%2Fevil.example.net'],
    ['x y', 'x%20y'],
  ]) {
    test(`in a path segment: ${JSON.stringify(value)} stays one segment`, () => {
      const [, record] = urlsFor({ q: 'x', id: value });
      expect(record).toBe(`${ORIGIN}/customers/${encoded}/view?tab=main`);
      expect(new URL(record!).pathname.split('/')).toHaveLength(4);
    });
  }

  test('values from context and the slug hook are encoded too; titles stay plain text', () => {
    // recordTab without its configured `section`, so the hook answers that slug.
    const tabs = tabTemplates.map((t) =>
      t.name === 'recordTab' ? { ...t, parameters: { url: t.parameters.url! } } : t,
    );
    const s = store({ tabTemplates: tabs, resolveSlug: (slug) => (slug === 'section' ? 'a&b' : undefined) });
    const id = s.createSession(A, { templateName: 'search', context: { q: 'p?q', id: 'r&s' } }, 'c');
    const session = s.get(id)!;
    expect(session.title).toBe('Search p?q');
    expect(session.tabs.map((t) => t.parameters.url)).toEqual([
      'https://crm.example.com/search?q=p%3Fq&lang=en#top',
      `${ORIGIN}/customers/r%26s/view?tab=a%26b`,
    ]);
  });

  test('a lone surrogate is not an error', () => {
    expect(urlsFor({ q: 'a\uD800b' })[0]).toBe('https://crm.example.com/search?q=a%EF%BF%BDb&lang=en#top');
  });

  for (const value of ['..', '.']) {
    test(`a value of ${value} can't climb or drop a path segment`, () => {
      const s = store();
      expect(
        invalid(() => s.createSession(A, { templateName: 'search', templateParameters: { id: value } }, 'c')),
      ).toMatch(
        /^the tab URL \/customers\/\{id\}\/view\?tab=\{section\} is refused: a slug value would change its path; "\." and "\.\." are not allowed as path segments$/,
      );
      expect(s.snapshot()).toEqual([]);
    });
  }

  test('.. in a query value is just text', () => {
    expect(urlsFor({ q: '..' })[0]).toBe('https://crm.example.com/search?q=..&lang=en#top');
  });
});

test.describe('a resolved URL must stay where its tab type allows', () => {
  const web = { type: 'webresource', origin: ORIGIN };
  test('webresource: off the host origin after resolution is refused', () => {
    expect(invalid(() => resolveTabUrl('https://evil.example.net/{x}', [{ x: 'a' }], web))).toMatch(
      /a webresource tab only opens URLs on https:\/\/desk\.example\.com/,
    );
    expect(resolveTabUrl('/a/{x}', [{ x: 'b c' }], web)).toBe(`${ORIGIN}/a/b%20c`);
  });

  test('webresource: the allowed path prefix holds after resolution', () => {
    const rules = { ...web, allowedPathPrefix: '/customers' };
    expect(resolveTabUrl('/customers', [], rules)).toBe(`${ORIGIN}/customers`);
    expect(resolveTabUrl('/customers/{x}', [{ x: '1' }], rules)).toBe(`${ORIGIN}/customers/1`);
    expect(invalid(() => resolveTabUrl('/customersevil/{x}', [{ x: '1' }], rules))).toMatch(
      /only opens paths under \/customers/,
    );
    expect(invalid(() => resolveTabUrl('/customers/../admin', [], rules))).toMatch(/only opens paths under/);
  });

  test('website: https anywhere, http only on a loopback host', () => {
    const site = { type: 'website', origin: ORIGIN };
    expect(resolveTabUrl('https://kb.example.com/?q={q}', [{ q: 'a' }], site)).toBe('https://kb.example.com/?q=a');
    expect(invalid(() => resolveTabUrl('http://kb.example.com/?q={q}', [{ q: 'a' }], site))).toMatch(
      /a website tab only opens https URLs \(http only on a loopback host\)/,
    );
    for (const url of [
      'http://localhost:8081/',
      'http://app.localhost/',
      'http://127.0.0.1/',
      'http://127.9.8.7/',
      'http://[::1]:3000/',
      'http://2130706433/',
    ]) {
      expect(isLoopback(new URL(url)), url).toBe(true);
    }
    for (const url of [
      'http://localhost.evil.example/',
      'http://127.0.0.1.evil.example/',
      'http://[::2]/',
      'http://10.0.0.1/',
    ]) {
      expect(isLoopback(new URL(url)), url).toBe(false);
    }
  });
});

test.describe('createHost refuses a tab template that would let a value choose the URL', () => {
  /** The INVALID_INPUT message of a store built with one extra tab template. */
  function configError(template: Record<string, unknown>, origin = ORIGIN): string {
    return invalid(
      () =>
        new TemplateStore({
          sessionTemplates: [],
          // `template` replaces the type and parameters with the ones under test.
          tabTemplates: [{ name: 't', title: 'T', type: 'website', parameters: {}, ...template } as TabTemplate],
          maxTabsPerSession: 3,
          origin,
        }),
    );
  }

  const slugPlaces: [string, string][] = [
    ['the whole URL', '{url}'],
    ['the start of the URL', '{base}/customers'],
    ['the scheme', 'http{s}://crm.example.com/'],
    ['the host', 'https://{tenant}.example.com/'],
    ['the end of the host', 'https://crm.example.com{path}'],
    ['the user', 'https://{user}@crm.example.com/'],
    ['the port', 'https://crm.example.com:{port}/'],
  ];
  for (const type of ['website', 'webresource']) {
    for (const [place, url] of slugPlaces) {
      test(`${type}: a slug in ${place} (${url})`, () => {
        expect(configError({ type, parameters: { url } })).toMatch(/^tabTemplates\[0\] \("t"\)\.parameters\.url /);
      });
    }
    for (const url of ['javascript:alert(1)//{q}', 'data:text/html,{q}', `blob:${ORIGIN}/{id}`, 'about:blank?{q}']) {
      test(`${type}: ${url.split(':')[0]}: is refused`, () => {
        expect(configError({ type, parameters: { url } })).toMatch(/is refused: (\w+: URLs are never opened|.*)/);
      });
    }
    test(`${type}: a url that is not a string`, () => {
      expect(configError({ type, parameters: { url: 3 } })).toBe(
        'tabTemplates[0] ("t").parameters.url must be a string URL.',
      );
    });
  }

  test('any type: javascript:, data:, blob: and about: are never opened', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', `blob:${ORIGIN}/x`, 'about:blank']) {
      expect(configError({ type: 'crmrecord', parameters: { url } })).toMatch(/URLs are never opened\.$/);
    }
  });

  test('webresource: a URL off the host origin, absolute or protocol-relative', () => {
    for (const url of ['https://evil.example.net/x', '//evil.example.net/x', 'http://desk.example.com/x']) {
      expect(configError({ type: 'webresource', parameters: { url } })).toMatch(
        /is refused: a webresource tab only opens URLs on https:\/\/desk\.example\.com\.$/,
      );
    }
  });

  test('webresource: a URL outside its allowedPathPrefix, and a prefix that is not a path', () => {
    expect(
      configError({ type: 'webresource', allowedPathPrefix: '/customers/', parameters: { url: '/admin' } }),
    ).toMatch(/only opens paths under \/customers\/\.$/);
    expect(configError({ type: 'webresource', allowedPathPrefix: 'customers', parameters: { url: '/x' } })).toBe(
      'tabTemplates[0] ("t").allowedPathPrefix must be a path starting with "/" when given.',
    );
    expect(
      configError({ type: 'website', allowedPathPrefix: '/x/', parameters: { url: 'https://a.example/x/' } }),
    ).toBe('tabTemplates[0] ("t").allowedPathPrefix is for webresource tabs only; remove it or change the type.');
  });

  test('website: http on a host that is not loopback', () => {
    expect(configError({ type: 'website', parameters: { url: 'http://kb.example.com/?q={q}' } })).toMatch(
      /a website tab only opens https URLs/,
    );
  });

  test('slugs in the path, query and fragment are fine, and a relative URL resolves on the host', () => {
    const s = new TemplateStore({
      sessionTemplates: [],
      tabTemplates: [
        { name: 'a', title: 'A', type: 'website', parameters: { url: 'https://kb.example.com/{p}/x?q={q}#{h}' } },
        { name: 'b', title: 'B', type: 'webresource', parameters: { url: 'customers/{id}' } },
        { name: 'c', title: 'C', type: 'website', parameters: { url: 'http://localhost:8081/kb?q={q}' } },
      ],
      maxTabsPerSession: 3,
      origin: ORIGIN,
    });
    expect(s.tabTemplate('b').parameters.url).toBe('customers/{id}');
  });
});

test.describe('restored tabs keep to the same URL rules', () => {
  /** Stored state of one session (searchTab, then recordTab), with `change` applied to its tabs. */
  function tampered(change: (tabs: { parameters: { url: string } }[]) => void): unknown {
    const s = store();
    s.createSession(A, { templateName: 'search', templateParameters: { q: 'x', id: '7' } }, 'c');
    const data = JSON.parse(JSON.stringify(s.toJSON()));
    change(data.state.sessions[0].tabs);
    return data;
  }

  test('untouched state restores', () => {
    expect(store().restore(tampered(() => {}))).toEqual({ restored: 1, dropped: 0 });
  });

  test('a webresource tab whose stored url left the host origin is dropped', () => {
    const after = store();
    after.restore(tampered((tabs) => (tabs[1]!.parameters.url = 'https://evil.example.net/customers/7/view')));
    expect(after.snapshot()[0]!.tabs.map((t) => t.templateName)).toEqual(['searchTab']);
  });

  test('an anchor tab whose stored url is javascript: drops its session', () => {
    const after = store();
    expect(after.restore(tampered((tabs) => (tabs[0]!.parameters.url = 'javascript:alert(1)')))).toEqual({
      restored: 0,
      dropped: 1,
    });
  });
});

test.describe('a provider url with an opaque origin is refused', () => {
  // Provider runs in a browser; these stand-ins are all it touches when it is handed its frame.
  class FakeFrame {
    contentWindow = null;
  }

  for (const url of [
    'data:text/html,<p>x</p>',
    'about:blank',
    'javascript:void 0',
    `blob:${ORIGIN}/0f0e`,
    'about:srcdoc',
  ]) {
    test(url, async () => {
      Object.assign(globalThis, { location: { href: `${ORIGIN}/desk/` }, HTMLIFrameElement: FakeFrame });
      const { Provider } = (await import('../../src/Provider.js')) as { Provider: typeof ProviderClass };
      const message = invalid(
        () => new Provider({ name: 'p', url, frame: new FakeFrame() as unknown as HTMLIFrameElement }),
      );
      expect(message).toMatch(/^createHost: provider "p" needs an http\(s\) url with a real origin/);
    });
  }
});
