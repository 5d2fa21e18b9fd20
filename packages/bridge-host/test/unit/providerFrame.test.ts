import { test, expect } from '@playwright/test';
import { BridgeError, BridgeErrorCode } from '@cif-bridge/protocol';
import type { Provider as ProviderClass, ProviderConfig } from '../../src/Provider.js';

/*
 * The frame the host creates for a provider: a Permissions Policy (`allow`) granted to the provider's
 * own origins only, and a sandbox, both configurable per provider and checked by createHost.
 */

// Provider runs in a browser; these stand-ins are all it touches when it creates its frame.
class FakeFrame {
  contentWindow = null;
  allow = '';
  src = '';
  title = '';
  readonly attributes: Record<string, string> = {};
  setAttribute(name: string, value: string): void {
    this.attributes[name] = value;
  }
}
Object.assign(globalThis, {
  location: { href: 'https://host.example.com/desk/' },
  HTMLIFrameElement: FakeFrame,
  document: { createElement: () => new FakeFrame() },
});
const { Provider } = (await import('../../src/Provider.js')) as { Provider: typeof ProviderClass };

const URL_ = 'https://widget.example.com/softphone/';

function frameOf(config: Partial<ProviderConfig>): FakeFrame {
  return new Provider({ name: 'p', url: URL_, ...config }).frame as unknown as FakeFrame;
}

/** The INVALID_INPUT message `run` throws. */
function invalid(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BridgeError);
    expect((error as BridgeError).code).toBe(BridgeErrorCode.INVALID_INPUT);
    return (error as BridgeError).message;
  }
  throw new Error('expected INVALID_INPUT, nothing was thrown');
}

test('by default the frame gets the media and clipboard features, for the url origin only', () => {
  const frame = frameOf({});
  expect(frame.allow).toBe(
    ['microphone', 'camera', 'autoplay', 'clipboard-read', 'clipboard-write', 'display-capture', 'geolocation']
      .map((feature) => `${feature} https://widget.example.com`)
      .join('; '),
  );
  expect(frame.allow).not.toContain('*');
  expect(frame.src).toBe(URL_);
});

test('the features go to the exact origins too, never to a wildcard or opaque one', () => {
  const frame = frameOf({
    allow: ['microphone'],
    origins: ['https://media.example.com', 'https://*.example.com', 'null'],
  });
  expect(frame.allow).toBe('microphone https://widget.example.com https://media.example.com');
});

test('an empty allow list grants nothing', () => {
  expect(frameOf({ allow: [] }).allow).toBe('');
});

test('by default the frame gets the sandbox Dynamics gives, without top navigation', () => {
  expect(frameOf({}).attributes.sandbox).toBe(
    'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads',
  );
});

test('a provider chooses its sandbox tokens', () => {
  expect(frameOf({ sandbox: ['allow-scripts', 'allow-top-navigation-by-user-activation'] }).attributes.sandbox).toBe(
    'allow-scripts allow-top-navigation-by-user-activation',
  );
});

test('a frame the page supplies keeps its own attributes', () => {
  const own = new FakeFrame();
  new Provider({ name: 'p', url: URL_, frame: own as unknown as HTMLIFrameElement, allow: ['camera'] });
  expect(own.allow).toBe('');
  expect(own.attributes).toEqual({});
});

for (const [what, config, message] of [
  ['allow that is not an array', { allow: 'microphone' }, /allow must be an array of Permissions Policy feature names/],
  [
    'an unknown feature',
    { allow: ['microphone', 'usb'] },
    /allow has "usb", which is not one of the Permissions Policy/,
  ],
  ['a feature with an origin', { allow: ['microphone *'] }, /allow has "microphone \*".*never granted to \*/],
  ['a feature that is not a string', { allow: [7] }, /allow has 7/],
  ['sandbox that is not an array', { sandbox: 'allow-scripts' }, /sandbox must be an array of sandbox tokens/],
  [
    'an unknown sandbox token',
    { sandbox: ['allow-everything'] },
    /sandbox has "allow-everything", which is not one of/,
  ],
] as const) {
  test(`createHost refuses ${what} with INVALID_INPUT`, () => {
    const text = invalid(() => frameOf(config as unknown as Partial<ProviderConfig>));
    expect(text).toMatch(/^createHost: provider "p" /);
    expect(text).toMatch(message);
  });
}
