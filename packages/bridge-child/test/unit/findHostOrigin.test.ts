import { test, expect } from '@playwright/test';
import { BridgeErrorCode } from '@cif-bridge/protocol';
import { findHostOrigin, type HostOriginDocument, type HostOriginLocation } from '../../src/findHostOrigin.js';
import { thrown } from '../../../../test/unit/thrown.js';

/** What a widget page offers findHostOrigin: the CIF script tag's data-crmurl, its URL's query, its referrer. */
interface Page {
  crmUrl?: string | null;
  search?: string;
  referrer?: string;
}

/** Builds the (document, location) pair findHostOrigin reads, with no DOM. */
function page({ crmUrl, search = '', referrer = '' }: Page): [HostOriginDocument, HostOriginLocation] {
  const doc: HostOriginDocument = {
    referrer,
    querySelector: (selector) => {
      // Only the CIF library's own tag counts, found the way Microsoft's library finds it.
      if (selector !== 'script[data-cifid="CIFMainLibrary"]' || crmUrl === undefined) return null;
      return { getAttribute: (name) => (name === 'data-crmurl' ? crmUrl : null) };
    },
  };
  return [doc, { search }];
}

const ucilib = (url: string): string => `?ucilib=${encodeURIComponent(url)}`;

test.describe('findHostOrigin', () => {
  test('data-crmurl comes first, over ucilib and the referrer', () => {
    const origin = findHostOrigin(
      ...page({
        crmUrl: 'https://crm.example.com',
        search: ucilib('https://other.example.com/webresources/Widget/msdyn_ciLibrary.js'),
        referrer: 'https://third.example.com/agent',
      }),
    );
    expect(origin).toBe('https://crm.example.com');
  });

  test('the ucilib parameter is next: the origin of the library URL', () => {
    const origin = findHostOrigin(
      ...page({
        search: `?lang=en&${ucilib('https://crm.example.com/webresources/Widget/msdyn_ciLibrary.js').slice(1)}`,
        referrer: 'https://third.example.com/agent',
      }),
    );
    expect(origin).toBe('https://crm.example.com');
  });

  test('document.referrer is the last resort', () => {
    expect(findHostOrigin(...page({ referrer: 'https://agent.example.com/console?x=1#y' }))).toBe(
      'https://agent.example.com',
    );
  });

  test('keeps a non-default port from every source (Microsoft drops it; we decided to keep it)', () => {
    expect(findHostOrigin(...page({ crmUrl: 'https://crm.example.com:8443/' }))).toBe('https://crm.example.com:8443');
    expect(findHostOrigin(...page({ search: ucilib('http://localhost:5173/lib.js') }))).toBe('http://localhost:5173');
    expect(findHostOrigin(...page({ referrer: 'http://127.0.0.1:4000/host.html' }))).toBe('http://127.0.0.1:4000');
  });

  test('drops a default port, a path, a query and credentials: only the origin is kept', () => {
    expect(findHostOrigin(...page({ crmUrl: 'https://user:pw@crm.example.com:443/main.aspx?appid=1' }))).toBe(
      'https://crm.example.com',
    );
  });

  test('an empty data-crmurl or ucilib counts as not given', () => {
    expect(findHostOrigin(...page({ crmUrl: '', search: '?ucilib=', referrer: 'https://agent.example.com/' }))).toBe(
      'https://agent.example.com',
    );
  });

  test('no source at all is INVALID_INPUT and says how to fix it', () => {
    const error = thrown(() => findHostOrigin(...page({})));
    expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
    expect(error.message).toContain('data-crmurl');
    expect(error.message).toContain('ucilib');
  });

  test('a value that is given but unusable is ORIGIN_REJECTED, not a reason to fall back to the referrer', () => {
    for (const crmUrl of ['crm.example.com', '/relative/path', '*', 'javascript:alert(1)', 'file:///etc/passwd']) {
      const error = thrown(() => findHostOrigin(...page({ crmUrl, referrer: 'https://agent.example.com/' })));
      expect(error.code, crmUrl).toBe(BridgeErrorCode.ORIGIN_REJECTED);
      expect(error.message, crmUrl).toContain('data-crmurl');
    }
    const fromUcilib = thrown(() =>
      findHostOrigin(...page({ search: ucilib('data:text/html,hi'), referrer: 'https://agent.example.com/' })),
    );
    expect(fromUcilib.code).toBe(BridgeErrorCode.ORIGIN_REJECTED);
    expect(fromUcilib.message).toContain('ucilib');
    const fromReferrer = thrown(() => findHostOrigin(...page({ referrer: 'about:blank' })));
    expect(fromReferrer.code).toBe(BridgeErrorCode.ORIGIN_REJECTED);
    expect(fromReferrer.message).toContain('document.referrer');
  });
});
