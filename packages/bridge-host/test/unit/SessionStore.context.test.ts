import { test, expect } from '@playwright/test';
import { BridgeErrorCode } from '@cif-bridge/protocol';
import type { Caller } from '../../src/Caller.js';
import { MAX_CONTEXT_LENGTH } from '../../src/limits.js';
import { SessionStore } from '../../src/SessionStore.js';
import type { StoreChange } from '../../src/StoreChange.js';
import { thrown } from '../../../../test/unit/thrown.js';

/* A session's context (updateContext) and its conversation (conversationId, updateConversation). */

const A: Caller = { provider: 'A' };
const B: Caller = { provider: 'B' };

function setup(): { store: SessionStore; changes: StoreChange[] } {
  let next = 0;
  const store = new SessionStore({
    sessionTemplates: [{ name: 'chat', title: 'Chat', anchorTab: 'tab' }],
    tabTemplates: [{ name: 'tab', title: 'Tab', type: 'website', parameters: {} }],
    maxSessions: 5,
    maxTabsPerSession: 3,
    origin: 'https://desk.example.com',
    createId: () => `id${++next}`,
  });
  const changes: StoreChange[] = [];
  store.onChange((change) => changes.push(change));
  return { store, changes };
}

const open = (store: SessionStore, caller: Caller, context = {}): string =>
  store.createSession(caller, { templateName: 'chat', context }, `corr-${Math.random()}`);

test.describe('updateContext', () => {
  test('merges keys into the focused session, or the one named, and getSession and snapshots show it', () => {
    const { store, changes } = setup();
    const first = open(store, A, { customer: 'Ada', queue: 'vip' });
    const second = open(store, A);
    changes.length = 0;
    expect(store.updateContext(A, { queue: 'support', nested: { a: 1 } })).toEqual({
      queue: 'support',
      nested: { a: 1 },
    });
    expect(store.updateContext(A, '{"note":"called back"}', first)).toEqual({
      customer: 'Ada',
      queue: 'vip',
      note: 'called back',
    });
    expect(store.getSession(A, second).context).toEqual({ queue: 'support', nested: { a: 1 } });
    expect(store.get(first)!.context.note).toBe('called back');
    expect(changes).toEqual([
      { type: 'sessionUpdated', sessionId: second },
      { type: 'sessionUpdated', sessionId: first },
    ]);
  });

  test('with isDelete, removes the keys of an object or a list of names', () => {
    const { store } = setup();
    const id = open(store, A, { a: 1, b: 2, c: 3 });
    expect(store.updateContext(A, { a: null }, id, true)).toEqual({ b: 2, c: 3 });
    expect(store.updateContext(A, ['b', 'missing'], null, true)).toEqual({ c: 3 });
  });

  test('the focus event after an update carries the new context', () => {
    const { store, changes } = setup();
    const id = open(store, A, { a: 1 });
    store.updateContext(A, { a: 2 });
    store.focusSession(null);
    expect(changes.at(-1)).toEqual({
      type: 'sessionFocused',
      previous: { sessionId: id, provider: 'A', context: { a: 2 } },
      current: null,
    });
  });

  test('owner only; bad input and an oversized context change nothing', () => {
    const { store, changes } = setup();
    const id = open(store, A, { a: 1 });
    changes.length = 0;
    expect(thrown(() => store.updateContext(B, { a: 2 }, id)).code).toBe(BridgeErrorCode.SESSION_NOT_FOUND);
    expect(thrown(() => store.updateContext(B, { a: 2 })).code).toBe(BridgeErrorCode.SESSION_NOT_OWNED);
    expect(thrown(() => store.updateContext(A, [1])).message).toBe(
      'input must be a JSON object, such as { "customer": "Ada" }.',
    );
    expect(thrown(() => store.updateContext(A, { a: 1 }, id, 'yes')).message).toBe('isDelete must be true or false');
    // Each input fits the 64 KiB of one input; together they would not.
    store.updateContext(A, { big: 'x'.repeat(MAX_CONTEXT_LENGTH / 2) });
    changes.length = 0;
    const huge = thrown(() => store.updateContext(A, { more: 'x'.repeat(MAX_CONTEXT_LENGTH / 2) }));
    expect(huge.message).toMatch(/^the session's context would be \d+ characters of JSON, over the limit of 65536/);
    expect(Object.keys(store.get(id)!.context)).toEqual(['a', 'big']);
    expect(changes).toEqual([]);
  });
});

test.describe('conversations', () => {
  test('each session has its own conversation id, kept when the state is stored and read back', () => {
    const { store } = setup();
    const a = open(store, A);
    const b = open(store, A);
    const ids = [store.get(a)!.conversationId, store.get(b)!.conversationId];
    expect(new Set(ids).size).toBe(2);
    expect(store.getSession(A, a).conversationId).toBe(ids[0]);
    const { store: restored } = setup();
    restored.restore(JSON.parse(JSON.stringify(store.toJSON())));
    expect(restored.snapshot().map((s) => s.conversationId)).toEqual(ids);
  });

  test('state stored before conversations existed gets new conversation ids', () => {
    const { store } = setup();
    open(store, A);
    const stored = JSON.parse(JSON.stringify(store.toJSON()));
    delete stored.state.sessions[0].conversationId;
    delete stored.state.sessions[0].conversationData;
    const { store: restored } = setup();
    expect(restored.restore(stored)).toEqual({ restored: 1, dropped: 0 });
    expect(restored.snapshot()[0]).toMatchObject({ conversationId: expect.any(String), conversationData: {} });
  });

  test('updateConversation merges into the owner’s conversation data and reports it', () => {
    const { store, changes } = setup();
    const id = open(store, A);
    const { conversationId } = store.get(id)!;
    changes.length = 0;
    expect(store.updateConversation(A, conversationId, { status: 'active' })).toEqual({ status: 'active' });
    expect(store.updateConversation(A, conversationId, '{"wrapUp":"sale"}')).toEqual({
      status: 'active',
      wrapUp: 'sale',
    });
    // The same data again is no change.
    store.updateConversation(A, conversationId, { wrapUp: 'sale' });
    expect(store.get(id)!.conversationData).toEqual({ status: 'active', wrapUp: 'sale' });
    expect(changes).toEqual([
      { type: 'conversationUpdated', sessionId: id, conversationId },
      { type: 'conversationUpdated', sessionId: id, conversationId },
    ]);
  });

  test('another provider’s conversation reads as unknown', () => {
    const { store } = setup();
    const { conversationId } = store.get(open(store, A))!;
    const message = `conversation ${conversationId} does not exist: pass the conversationId of one of your open sessions`;
    expect(thrown(() => store.updateConversation(B, conversationId, { a: 1 })).message).toBe(message);
    expect(thrown(() => store.updateConversation(A, 'nope', { a: 1 })).message).toMatch(
      /^conversation nope does not exist/,
    );
    expect(thrown(() => store.updateConversation(A, conversationId, 'not json')).code).toBe(
      BridgeErrorCode.INVALID_INPUT,
    );
  });
});
