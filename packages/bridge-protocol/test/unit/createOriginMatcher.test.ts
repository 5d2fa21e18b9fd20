import { test, expect } from '@playwright/test';
import { BridgeError, BridgeErrorCode } from '../../src/index.js';
import { createOriginMatcher } from '../../src/createOriginMatcher.js';

/*
 * The allow-list rules, as a table: exact origins compare scheme, host and
 * port; a subdomain wildcard never matches its bare parent or a look-alike; 'null' only when listed.
 * The browser tests (e2e/origins.e2e.ts) run the same cases through real frames.
 */
const cases: { list: string[]; origin: string; trusted: boolean; why: string }[] = [
  { list: ['https://crm.example.com'], origin: 'https://crm.example.com', trusted: true, why: 'the exact origin' },
  {
    list: ['https://crm.example.com/'],
    origin: 'https://crm.example.com',
    trusted: true,
    why: 'a trailing slash in the list',
  },
  {
    list: ['https://crm.example.com:443'],
    origin: 'https://crm.example.com',
    trusted: true,
    why: 'the default port written out',
  },
  { list: ['https://crm.example.com'], origin: 'http://crm.example.com', trusted: false, why: 'another scheme' },
  { list: ['https://crm.example.com'], origin: 'https://crm.example.com:8443', trusted: false, why: 'another port' },
  {
    list: ['https://crm.example.com'],
    origin: 'https://crm.example.com.evil.com',
    trusted: false,
    why: 'the name as a prefix',
  },
  { list: ['https://crm.example.com'], origin: 'https://evilcrm.example.com', trusted: false, why: 'a longer name' },
  {
    list: ['https://crm.example.com'],
    origin: 'https://CRM.example.com',
    trusted: false,
    why: 'event.origin is never upper case',
  },
  {
    list: ['https://CRM.Example.com'],
    origin: 'https://crm.example.com',
    trusted: true,
    why: 'the list is normalised',
  },
  { list: ['https://*.example.com'], origin: 'https://a.example.com', trusted: true, why: 'one label' },
  { list: ['https://*.example.com'], origin: 'https://a.b.example.com', trusted: true, why: 'several labels' },
  { list: ['https://*.example.com'], origin: 'https://example.com', trusted: false, why: 'the bare parent' },
  { list: ['https://*.example.com'], origin: 'https://evil-example.com', trusted: false, why: 'an evil- prefix' },
  { list: ['https://*.example.com'], origin: 'https://.example.com', trusted: false, why: 'an empty label' },
  {
    list: ['https://*.example.com'],
    origin: 'https://a.example.com.evil.com',
    trusted: false,
    why: 'the parent inside a longer name',
  },
  { list: ['https://*.example.com'], origin: 'https://a.example.com:8443', trusted: false, why: 'another port' },
  { list: ['https://*.example.com'], origin: 'http://a.example.com', trusted: false, why: 'another scheme' },
  { list: ['https://*.example.com'], origin: 'https://user@a.example.com', trusted: false, why: 'user info' },
  {
    list: ['https://*.example.com:8443'],
    origin: 'https://a.example.com:8443',
    trusted: true,
    why: 'a wildcard with a port',
  },
  {
    list: ['https://*.example.com:8443'],
    origin: 'https://a.example.com',
    trusted: false,
    why: 'a wildcard with a port, default port',
  },
  { list: ['https://crm.example.com'], origin: 'null', trusted: false, why: "'null' not listed" },
  { list: ['https://*.example.com'], origin: 'null', trusted: false, why: "'null' and a wildcard" },
  { list: ['null'], origin: 'null', trusted: true, why: "'null' listed on purpose" },
  { list: ['https://crm.example.com'], origin: '', trusted: false, why: 'an empty origin' },
];

test.describe('createOriginMatcher', () => {
  for (const { list, origin, trusted, why } of cases) {
    test(`${JSON.stringify(list)} ${trusted ? 'trusts' : 'refuses'} ${JSON.stringify(origin)}: ${why}`, () => {
      expect(createOriginMatcher(list)(origin)).toBe(trusted);
    });
  }

  const unsafe: unknown[] = [
    '*',
    '',
    ' ',
    'crm.example.com',
    'https://crm.example.com/path',
    'https://crm.example.com?q=1',
    'https://user:pw@crm.example.com',
    'ftp://crm.example.com',
    'javascript:alert(1)',
    'https://*',
    'https://*.*.example.com',
    'https://a.*.example.com',
    'https://*example.com',
    42,
    null,
    { toString: () => 'https://crm.example.com' },
  ];
  for (const pattern of unsafe) {
    test(`refuses the unsafe entry ${JSON.stringify(pattern) ?? String(pattern)} with ORIGIN_REJECTED`, () => {
      let error: unknown;
      try {
        createOriginMatcher([pattern]);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(BridgeError);
      expect((error as BridgeError).code).toBe(BridgeErrorCode.ORIGIN_REJECTED);
    });
  }
});
