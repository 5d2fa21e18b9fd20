import { test, expect } from '@playwright/test';
import type { Caller } from '../../src/Caller.js';
import { SessionStore } from '../../src/SessionStore.js';
import type { SessionStoreOptions } from '../../src/SessionStoreOptions.js';
import type { SessionTemplate, TabTemplate } from '../../src/types.js';

/*
 * SessionStore.toJSON / restore, behind `createHost({ persist: 'sessionStorage' })` (a host
 * reload). Stored data is untrusted: anything in the page can write sessionStorage, so restore
 * must keep what is exactly right and drop the rest, never half-use it.
 */

const tabTemplates: TabTemplate[] = [
  {
    name: 'chatTab',
    title: 'Chat: {customer}',
    type: 'website',
    parameters: { url: 'https://chat.example.com/?c={customer}' },
  },
  {
    name: 'crmTab',
    tag: 'crm',
    title: 'Record {recordId}',
    type: 'webresource',
    parameters: { url: '/crm/{recordId}' },
  },
  { name: 'pinnedTab', title: 'Pinned', type: 'website', parameters: {}, canClose: false },
];
const sessionTemplates: SessionTemplate[] = [
  { name: 'chat', tag: 'chat', title: 'Chat with {customer}', anchorTab: 'chatTab', tabs: ['crmTab'] },
  { name: 'call', title: 'Call from {phone}', anchorTab: 'crmTab' },
];
const A: Caller = { provider: 'A' };
const B: Caller = { provider: 'B' };

function store(overrides: Partial<SessionStoreOptions> = {}): SessionStore {
  let next = 0;
  return new SessionStore({
    sessionTemplates,
    tabTemplates,
    maxSessions: 3,
    maxTabsPerSession: 4,
    origin: 'https://desk.example.com',
    createId: () => `id${++next}`,
    ...overrides,
  });
}

/*
 * A store with two sessions of A and one of B, an extra tab, badges, and the focus on B's session.
 * Ids come from one counter, tabs first: ANN is 'id3', B_CALL 'id5', CY 'id8'.
 */
const [ANN, B_CALL, CY] = ['id3', 'id5', 'id8'];
function populated(): SessionStore {
  const s = store();
  expect(
    s.createSession(A, { templateName: 'chat', templateParameters: { customer: 'Ann' }, context: { n: 1 } }, 'corr-1'),
  ).toBe(ANN);
  expect(s.createSession(B, { templateName: 'call', templateParameters: { phone: '555' } }, 'corr-2')).toBe(B_CALL);
  expect(s.createSession(A, { templateName: 'chat', templateParameters: { customer: 'Cy' } }, 'corr-3')).toBe(CY);
  s.createTab(A, { templateName: 'pinnedTab', isFocused: true });
  s.notifyNewActivity(A, ANN, 3);
  s.notifyKpiBreach(A, ANN, true, 'slow');
  s.focusSession(B_CALL);
  s.requestFocusSession(A, CY, 2);
  return s;
}

/** A JSON round trip, as sessionStorage does. */
const stored = (s: SessionStore): { version: number; state: Record<string, unknown> } => JSON.parse(JSON.stringify(s));

test.describe('SessionStore persistence', () => {
  test('a JSON round trip restores sessions, tabs, focus, owners and badges', () => {
    const before = populated();
    const after = store({ createId: () => 'fresh' });
    expect(after.restore(stored(before))).toEqual({ restored: 3, dropped: 0 });
    expect(after.snapshot()).toEqual(before.snapshot());
    expect(after.home()).toEqual(before.home());
    // Ownership and focus rules work on restored sessions.
    expect(after.getAllSessions(A)).toEqual(before.getAllSessions(A));
    expect(after.getAllSessions(B)).toEqual([B_CALL]);
    expect(after.getFocusedSession(B)).toBe(B_CALL);
    expect(() => after.getSession(B, ANN)).toThrow(/does not exist/);
    // Closing the focused session moves focus to the one focused before it, as it would have.
    after.closeSession(B_CALL);
    before.closeSession(B_CALL);
    expect(after.snapshot()).toEqual(before.snapshot());
    // A createSession retry is still recognised.
    expect(
      after.createSession(
        A,
        { templateName: 'chat', templateParameters: { customer: 'Ann' }, context: { n: 1 } },
        'corr-1',
      ),
    ).toBe(ANN);
  });

  test('data of another version, or of no known shape, restores nothing', () => {
    for (const data of [
      null,
      'x',
      42,
      [],
      {},
      { version: 2, state: stored(populated()).state },
      { version: 1 },
      { version: 1, state: [] },
    ]) {
      const s = store();
      expect(s.restore(data).restored).toBe(0);
      expect(s.snapshot()).toEqual([]);
      expect(s.home()).toEqual({ focused: true, tabs: [] });
    }
  });

  test('each malformed session is dropped on its own', () => {
    const data = stored(populated());
    const [first, second, third] = data.state.sessions as Record<string, unknown>[];
    const broken: [string, Record<string, unknown>][] = [
      ['an unknown template', { ...first, templateName: 'gone' }],
      ['a missing id', { ...first, id: undefined }],
      ['an id that is not a string', { ...first, id: 7 }],
      ['an id over 200 characters', { ...first, id: 'x'.repeat(201) }],
      ['a title that is not a string', { ...first, title: { toString: 'x' } }],
      ['no provider', { ...first, provider: '' }],
      ['a context that is an array', { ...first, context: [1] }],
      ['a negative badge', { ...first, newActivity: -1 }],
      ['a fractional badge', { ...first, newActivity: 1.5 }],
      ['a KPI mark without details', { ...first, kpiBreach: {} }],
      ['a focus request with a string count', { ...first, focusRequest: { messagesCount: '2' } }],
      ['no tabs', { ...first, tabs: [] }],
      ['tabs that are not a list', { ...first, tabs: 'x' }],
      [
        'an anchor tab that is not marked as one',
        { ...first, tabs: [{ ...(first!.tabs as object[])[0], anchor: false }] },
      ],
      [
        'an anchor tab of an unknown template',
        { ...first, tabs: [{ ...(first!.tabs as object[])[0], templateName: 'gone' }] },
      ],
      ['a session id taken by another', { ...first, id: second!.id }],
    ];
    for (const [why, session] of broken) {
      const s = store();
      const result = s.restore({ ...data, state: { ...data.state, sessions: [second, third, session] } });
      expect(result, why).toEqual({ restored: 2, dropped: 1 });
      expect(
        s.snapshot().map((x) => x.id),
        why,
      ).toEqual([second!.id, third!.id]);
    }
  });

  test('a bad tab other than the anchor is dropped alone, and type and closability come from the template', () => {
    const data = stored(populated());
    const sessions = data.state.sessions as Record<string, unknown>[];
    const tabs = sessions[2]!.tabs as Record<string, unknown>[];
    tabs[1] = { ...tabs[1], refreshCount: -1 };
    tabs[2] = { ...tabs[2], type: 'script', canClose: true };
    const s = store();
    s.restore(data);
    const restored = s.get(sessions[2]!.id as string)!;
    expect(restored.tabs.map((t) => t.templateName)).toEqual(['chatTab', 'pinnedTab']);
    expect(restored.tabs[1]).toMatchObject({ type: 'website', canClose: false });
  });

  test('keys that could reach a prototype are dropped, at every depth', () => {
    const data = stored(populated());
    const text = JSON.stringify(data).replace(
      '"context":{"n":1}',
      '"context":{"n":1,"__proto__":{"polluted":1},"deep":{"constructor":{"prototype":{"polluted":1}},"prototype":1}}',
    );
    const s = store();
    expect(s.restore(JSON.parse(text)).restored).toBe(3);
    const context = s.get(ANN)!.context;
    expect(context).toEqual({ n: 1, deep: {} });
    expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
    expect('polluted' in {}).toBe(false);
  });

  test('the caps apply, and a focus or history that names no restored session falls back', () => {
    const data = stored(populated());
    const sessions = data.state.sessions as Record<string, unknown>[];
    // One more session than the cap of 3; the extra one is dropped.
    const extra = {
      ...sessions[0],
      id: 'extra',
      tabs: (sessions[0]!.tabs as Record<string, unknown>[]).map((t, i) => ({ ...t, id: `extra-tab-${i}` })),
    };
    const s = store();
    const result = s.restore({
      ...data,
      state: { ...data.state, sessions: [...sessions, extra], focusedSessionId: 'nope', focusHistory: ['nope', 5] },
    });
    expect(result).toEqual({ restored: 3, dropped: 1 });
    expect(s.home().focused).toBe(true);
    expect(s.snapshot().every((x) => !x.focused)).toBe(true);
    // Too many tabs for the cap: the ones past it are dropped.
    const small = store({ maxTabsPerSession: 2 });
    small.restore(stored(populated()));
    expect(small.snapshot().map((x) => x.tabs.length)).toEqual([2, 1, 2]);
  });
});
