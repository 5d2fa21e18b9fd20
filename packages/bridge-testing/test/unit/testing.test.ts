import { test, expect } from '@playwright/test';
import { containsValue } from '../../src/matchCall.js';
import { readCliArguments } from '../../src/readCliArguments.js';
import { readTestHostConfig } from '../../src/TestHostConfig.js';

test.describe('containsValue (what toHaveCalled matches)', () => {
  test('objects by the keys expected, recursively; arrays whole; JSON text as JSON', () => {
    const input = { templateName: 'voice_call', templateParameters: { customer: 'Ada', tier: 'Gold' } };
    expect(containsValue(input, { templateName: 'voice_call' })).toBe(true);
    expect(containsValue(input, { templateParameters: { customer: 'Ada' } })).toBe(true);
    expect(containsValue(input, { templateName: 'chat' })).toBe(false);
    expect(containsValue(input, { missing: undefined })).toBe(false);
    expect(containsValue(JSON.stringify(input), { templateName: 'voice_call' })).toBe(true);
    expect(containsValue('not json', { templateName: 'voice_call' })).toBe(false);
    expect(containsValue(['a', 'b'], ['a'])).toBe(false);
    expect(containsValue(['a', { b: 1, c: 2 }], ['a', { b: 1 }])).toBe(true);
    expect(containsValue('contact', 'contact')).toBe(true);
    expect(containsValue(1, '1')).toBe(false);
  });
});

test.describe('readCliArguments', () => {
  test('reads the widget, the files and the port', () => {
    expect(readCliArguments(['--widget', 'http://localhost:3000/', '--config', 'host.json', '--port', '0'])).toEqual({
      widget: 'http://localhost:3000/',
      config: 'host.json',
      port: 0,
    });
    expect(readCliArguments(['--widget', 'http://localhost:3000/'])).toMatchObject({ port: 4280 });
    expect(readCliArguments(['-h'])).toBe('help');
  });

  test('says what is wrong', () => {
    expect(() => readCliArguments([])).toThrow('--widget <url> is required.');
    expect(() => readCliArguments([])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => readCliArguments(['--widget', 'x', '--port', '70000'])).toThrow('--port 70000 is not a port number.');
    expect(() => readCliArguments(['--widget', 'x', '--verbose'])).toThrow(/Unknown option '--verbose'/);
  });
});

test.describe('readTestHostConfig', () => {
  test('accepts the fields it knows', () => {
    const config = { sessionTemplates: [], environment: { appName: 'Desk' }, records: { entities: [] } };
    expect(readTestHostConfig(config, 'host.json')).toBe(config);
  });

  test('names the field to fix', () => {
    const error = (value: unknown) => () => readTestHostConfig(value, 'host.json');
    expect(error([])).toThrow('host.json: the configuration must be a JSON object');
    expect(error({ templates: [] })).toThrow('host.json: unknown field "templates"; the fields are sessionTemplates,');
    expect(error({ tabTemplates: {} })).toThrow('host.json: tabTemplates must be an array.');
    expect(error({ tabTemplates: [{ name: '' }] })).toThrow(
      'host.json: tabTemplates[0].name must be a non-empty string.',
    );
    expect(error({ presences: [{ text: 'Busy' }] })).toThrow('host.json: presences[0].id must be a non-empty string.');
    expect(error({ environment: 'prod' })).toThrow('host.json: environment must be an object.');
    expect(error({ records: { rows: [] } })).toThrow('host.json: records.entities must be an array');
    expect(error({ templates: [] })).toThrow(expect.objectContaining({ name: 'BridgeError', code: 'INVALID_INPUT' }));
  });
});
