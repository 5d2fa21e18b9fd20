import { test, expect } from '@playwright/test';
import type { JsonValue } from '@cif-bridge/protocol';
import { replaceSlugs } from '../../src/replaceSlugs.js';

test.describe('replaceSlugs', () => {
  test('replaces a slug from the first source that has it', () => {
    expect(replaceSlugs('Chat with {customer}', [{ customer: 'Contoso' }, { customer: 'Fabrikam' }])).toBe(
      'Chat with Contoso',
    );
    expect(replaceSlugs('{a}-{b}', [{ a: '1' }, { a: 'x', b: '2' }])).toBe('1-2');
  });

  test('leaves a slug that nothing resolves as written', () => {
    expect(replaceSlugs('Hi {customer}, {unknown}!', [{ customer: 'Ann' }])).toBe('Hi Ann, {unknown}!');
    expect(replaceSlugs('{} and {', [{}])).toBe('{} and {');
  });

  test('is a single pass: replaced text is not scanned again', () => {
    expect(replaceSlugs('{a}', [{ a: '{b}', b: 'B' }])).toBe('{b}');
    // A value that names itself can't loop.
    expect(replaceSlugs('{a}{a}', [{ a: '{a}' }])).toBe('{a}{a}');
  });

  test('turns numbers and booleans into text with String(), objects into JSON', () => {
    expect(replaceSlugs('{n} {t} {f} {o}', [{ n: 42.5, t: true, f: false, o: { a: [1, 'x'] } }])).toBe(
      '42.5 true false {"a":[1,"x"]}',
    );
  });

  test('null and undefined do not resolve a slug; the next source is tried', () => {
    expect(replaceSlugs('{a}', [{ a: null }, { a: 'second' }])).toBe('second');
    expect(replaceSlugs('{a}', [{ a: undefined }])).toBe('{a}');
  });

  test('only own properties count, so inherited names stay as written', () => {
    expect(replaceSlugs('{constructor} {toString} {__proto__}', [{}])).toBe('{constructor} {toString} {__proto__}');
  });

  test('passes markup through as plain text, never escaped or interpreted', () => {
    const text = replaceSlugs('<b>{name}</b>', [{ name: '<img src=x onerror=alert(1)>&amp;' }]);
    expect(text).toBe('<b><img src=x onerror=alert(1)>&amp;</b>');
  });

  test('asks the hook only for slugs nothing else resolves, with the context', () => {
    const asked: Array<[string, { [key: string]: JsonValue }]> = [];
    const context = { accountId: 'A-1' };
    const text = replaceSlugs(
      '{customer} / {anchor.fullname} / {$odata.account.name.?$select=name}',
      [{ customer: 'Ann' }],
      {
        context,
        resolveSlug: (slug, ctx) => {
          asked.push([slug, ctx]);
          return slug === 'anchor.fullname' ? `Full ${String(ctx.accountId)}` : undefined;
        },
      },
    );
    expect(text).toBe('Ann / Full A-1 / {$odata.account.name.?$select=name}');
    expect(asked.map(([slug]) => slug)).toEqual(['anchor.fullname', '$odata.account.name.?$select=name']);
    expect(asked[0]![1]).toEqual({ accountId: 'A-1' });
  });

  test("the hook gets a copy of the context, so it can't change the caller's", () => {
    const context: { [key: string]: JsonValue } = { a: { b: 1 } };
    replaceSlugs('{x}', [], {
      context,
      resolveSlug: (_slug, ctx) => {
        (ctx.a as { b: number }).b = 2;
        return undefined;
      },
    });
    expect(context).toEqual({ a: { b: 1 } });
  });

  test('a hook answer that is not a string leaves the slug as written', () => {
    const resolveSlug = (() => 5) as unknown as () => string | undefined;
    expect(replaceSlugs('{x}', [], { resolveSlug })).toBe('{x}');
  });

  test('a slug nested in another is replaced on its own; the outer one stays unresolved', () => {
    expect(replaceSlugs("{$odata.q?id eq '{anchor.id}'}", [{ 'anchor.id': '7' }])).toBe("{$odata.q?id eq '7'}");
  });
});
