import { test, expect } from '@playwright/test';
import { globalTemplateParameters, resolveTemplateParameters } from '../../src/resolveTemplateParameters.js';
import type { TabTemplate } from '../../src/types.js';

const tabNames = new Set(['chatTab', 'crmTab']);
const isTabTemplateName = (name: string): boolean => tabNames.has(name);
/** The host page's origin, which relative tab URLs resolve against. */
const origin = 'https://desk.example.com';

const chatTab: TabTemplate = {
  name: 'chatTab',
  title: 'Chat',
  type: 'website',
  parameters: {
    url: 'https://chat.example.com/?c={customer}',
    mode: 'configured',
    size: 3,
    extra: { deep: '{customer}' },
  },
};

test.describe('resolveTemplateParameters', () => {
  test('configured values are used when nothing is passed at runtime', () => {
    expect(resolveTemplateParameters(chatTab, undefined, { isTabTemplateName, origin })).toEqual({
      url: 'https://chat.example.com/?c={customer}',
      mode: 'configured',
      size: 3,
      extra: { deep: '{customer}' },
    });
  });

  test('runtime globals beat configured values, and per-tab values beat globals', () => {
    const params = resolveTemplateParameters(
      chatTab,
      { mode: 'global', size: 4, chatTab: { mode: 'per-tab' } },
      { isTabTemplateName, origin },
    );
    expect(params.mode).toBe('per-tab');
    expect(params.size).toBe(4);
  });

  test("another tab template's values do not apply", () => {
    const params = resolveTemplateParameters(chatTab, { crmTab: { mode: 'crm' } }, { isTabTemplateName, origin });
    expect(params.mode).toBe('configured');
    expect(params).not.toHaveProperty('crmTab');
  });

  test('the result holds the configured keys and the per-tab keys, but no other global key', () => {
    const params = resolveTemplateParameters(
      chatTab,
      { customer: 'Contoso', chatTab: { added: 'yes' } },
      { isTabTemplateName, origin },
    );
    expect(Object.keys(params).sort()).toEqual(['added', 'extra', 'mode', 'size', 'url']);
  });

  test('a key named after a tab template whose value is not an object is a global value', () => {
    const plainTab: TabTemplate = { name: 'p', title: '', type: 'website', parameters: { chatTab: 'configured' } };
    const params = resolveTemplateParameters(plainTab, { chatTab: 'global text' }, { isTabTemplateName, origin });
    expect(params.chatTab).toBe('global text');
    expect(globalTemplateParameters({ chatTab: 'x', crmTab: { a: 1 }, other: { b: 2 } }, isTabTemplateName)).toEqual({
      chatTab: 'x',
      other: { b: 2 },
    });
  });

  test('string values get slugs from the merged values, then globals, then context, then the hook', () => {
    const tab: TabTemplate = {
      name: 'chatTab',
      title: '',
      type: 'website',
      parameters: { a: '{own}|{customer}|{fromContext}|{crm}|{missing}', own: 'configured-own' },
    };
    const params = resolveTemplateParameters(
      tab,
      { customer: 'Contoso', fromContext: 'global wins over context', chatTab: { own: 'per-tab-own' } },
      {
        isTabTemplateName,
        origin,
        context: { fromContext: 'context', crm: 'context crm' },
        resolveSlug: (slug) => (slug === 'missing' ? 'hooked' : undefined),
      },
    );
    expect(params.a).toBe('per-tab-own|Contoso|global wins over context|context crm|hooked');
  });

  test('a slug is replaced from the value before its own replacement (single pass)', () => {
    const tab: TabTemplate = {
      name: 'chatTab',
      title: '',
      type: 'website',
      parameters: { a: '{b}', b: '{c}', c: 'C' },
    };
    expect(resolveTemplateParameters(tab, undefined, { isTabTemplateName, origin })).toEqual({
      a: '{c}',
      b: 'C',
      c: 'C',
    });
  });

  test('numbers, booleans and objects are kept as they are; slugs inside objects are not replaced', () => {
    const params = resolveTemplateParameters(
      chatTab,
      { customer: 'X', chatTab: { flag: true } },
      { isTabTemplateName, origin },
    );
    expect(params.size).toBe(3);
    expect(params.flag).toBe(true);
    expect(params.extra).toEqual({ deep: '{customer}' });
    expect(params.url).toBe('https://chat.example.com/?c=X');
  });

  test('markup in a value stays plain text, and is one encoded component in the url', () => {
    const params = resolveTemplateParameters(
      chatTab,
      { customer: '<script>x</script>', mode: '{customer}' },
      { isTabTemplateName, origin },
    );
    expect(params.mode).toBe('<script>x</script>');
    expect(params.url).toBe('https://chat.example.com/?c=%3Cscript%3Ex%3C%2Fscript%3E');
  });

  test('does not change the template or the runtime values', () => {
    const runtime = { customer: 'X', chatTab: { mode: 'm' } };
    resolveTemplateParameters(chatTab, runtime, { isTabTemplateName, origin });
    expect(chatTab.parameters.url).toBe('https://chat.example.com/?c={customer}');
    expect(runtime).toEqual({ customer: 'X', chatTab: { mode: 'm' } });
  });
});
