/**
 * The CIF 2.0 session API on its typed face: every BridgeClient method and every event, in
 * every engine, with two typed test widgets (`alpha` and `beta`, fixtures/widget.html on
 * http://localhost:8081) as two providers of one host (fixtures/host.html on http://127.0.0.1:8080).
 * Ownership, the two-event switch, closing from the UI, the limits, the panel, click-to-act,
 * notifications and host-provided methods are checked against the model (`host.getSessions()`) and
 * against the default UI, driven by role and label.
 *
 * "Nothing arrived" is checked without waiting: a widget's events and its call replies share one
 * port, in order, so once a call made after the host acted has answered, any event for it is there.
 */
import { type DriverFrame as Frame, expect, test } from './driver/test.js';
import { HOST_HANDLER_NAMES } from '../packages/bridge-protocol/src/HostMethods.js';
import { created, expectCountdownFrom, switched, UUID_V4, valueOf } from './support/assertions.js';
import {
  chat,
  createChat,
  environment,
  hostCall,
  hostSessions,
  providerUrl,
  sessionItem,
  sessionList,
  tabStrip,
  twoListeningWidgets,
  twoWidgets,
} from './support/hosts.js';
import { origins } from './support/origins.js';
import { settled } from './support/waiting.js';
import { call, clearEvents, eventsOf, recordedEvents } from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

const notOwned = {
  ok: false,
  name: 'BridgeError',
  code: 'SESSION_NOT_OWNED',
  message: 'Focused session does not belong to the provider',
};

test.describe('sessions', () => {
  test('the owner sees its session; another provider can neither see nor change it', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoWidgets(page, 'typed');
    expect(await call(alpha, 'canCreateSession')).toEqual({ ok: true, value: true });
    const id = await createChat(alpha, 'Contoso', { caseId: 'CAS-1', vip: true });
    expect(id).toMatch(UUID_V4);

    expect(await call(alpha, 'getSession', id)).toEqual({
      ok: true,
      value: {
        sessionId: id,
        focused: true,
        context: { caseId: 'CAS-1', vip: true },
        title: 'Chat with Contoso',
        templateName: 'msdyn_chat_session',
        conversationId: expect.stringMatching(UUID_V4),
      },
    });
    expect(await call(alpha, 'getFocusedSession')).toEqual({ ok: true, value: id });
    expect(await call(alpha, 'getAllSessions')).toEqual({ ok: true, value: [id] });

    // beta is told the session does not exist, in the same words as for an unknown id.
    expect(await call(beta, 'getSession', id, 'corr-peek')).toEqual({
      ok: false,
      name: 'BridgeError',
      code: 'SESSION_NOT_FOUND',
      message: `Session with ID:${id} does not exist`,
      correlationId: 'corr-peek',
    });
    expect(await call(beta, 'getSession', 'no-such-id')).toMatchObject({
      code: 'SESSION_NOT_FOUND',
      message: 'Session with ID:no-such-id does not exist',
    });
    expect(await call(beta, 'getFocusedSession')).toEqual({ ok: true, value: null });
    expect(await call(beta, 'getAllSessions')).toEqual({ ok: true, value: [] });
    for (const [method, ...args] of [
      ['setSessionTitle', { sessionId: id, customer: 'Mallory' }],
      ['notifyNewActivity', id, 5],
      ['notifyKpiBreach', id, true, 'made up'],
      ['requestFocusSession', id, 1],
    ] as const) {
      expect(await call(beta, method, ...args), method).toMatchObject({ ok: false, code: 'SESSION_NOT_FOUND' });
    }
    const [session] = await hostSessions(page);
    expect(session).toMatchObject({
      title: 'Chat with Contoso',
      newActivity: 0,
      kpiBreach: null,
      focusRequest: null,
      provider: 'alpha',
    });

    // beta's own session: each provider lists only its own, and only the focused one is "focused".
    const betaId = await createChat(beta, 'Fabrikam');
    expect(await call(alpha, 'getAllSessions')).toEqual({ ok: true, value: [id] });
    expect(await call(beta, 'getAllSessions')).toEqual({ ok: true, value: [betaId] });
    expect(await call(alpha, 'getFocusedSession')).toEqual({ ok: true, value: null });
    expect(await call(beta, 'getFocusedSession')).toEqual({ ok: true, value: betaId });
    expect(valueOf(await call(alpha, 'getSession', id))).toMatchObject({ focused: false });
    expect((await hostSessions(page)).map((s) => [s.provider, s.focused])).toEqual([
      ['alpha', false],
      ['beta', true],
    ]);
    await expect(sessionItem(page, 'Chat with Fabrikam').getByRole('tab')).toHaveAttribute('aria-selected', 'true');
  });

  test('setSessionTitle resolves the template title again, on the given session or the focused one', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoWidgets(page, 'typed');
    const id = await createChat(alpha, 'Contoso', { customer: 'From context' });
    expect(await call(alpha, 'setSessionTitle', { sessionId: id, customer: 'Fabrikam' })).toEqual({
      ok: true,
      value: 'Chat with Fabrikam',
    });
    await expect(sessionList(page).getByRole('tab', { name: 'Chat with Fabrikam' })).toBeVisible();
    // No sessionId: the focused session. A JSON string works as the object does.
    expect(await call(alpha, 'setSessionTitle', JSON.stringify({ customer: 'Northwind' }))).toEqual({
      ok: true,
      value: 'Chat with Northwind',
    });
    // No value for the slug: the session's context fills it.
    expect(await call(alpha, 'setSessionTitle', { sessionId: id })).toEqual({
      ok: true,
      value: 'Chat with From context',
    });
    expect((await hostSessions(page))[0]!.title).toBe('Chat with From context');
    await expect(sessionList(page).getByRole('tab', { name: 'Chat with From context' })).toBeVisible();

    // Without a sessionId, a focused session of another provider's, or home, is not the caller's.
    expect(await call(beta, 'setSessionTitle', { customer: 'Mallory' }, 'corr-title')).toEqual({
      ...notOwned,
      correlationId: 'corr-title',
    });
    await sessionList(page).getByRole('tab', { name: 'Home' }).click();
    expect(await call(alpha, 'setSessionTitle', { customer: 'Nobody' })).toMatchObject({ code: 'SESSION_NOT_OWNED' });
    expect(await call(alpha, 'setSessionTitle', 'not json')).toMatchObject({ code: 'INVALID_INPUT' });
    expect((await hostSessions(page))[0]!.title).toBe('Chat with From context');
  });

  test('new activity, KPI breach and focus requests show as badges; focus clears activity and requests', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'typed');
    const first = await createChat(alpha, 'First');
    const second = await createChat(alpha, 'Second');
    const firstItem = sessionItem(page, 'Chat with First');

    expect(await call(alpha, 'notifyNewActivity', first, 3)).toEqual({ ok: true, value: null });
    await expect(firstItem.getByRole('img', { name: '3 new activities' })).toBeVisible();
    expect(await call(alpha, 'notifyKpiBreach', first, true, 'Waited over 5 minutes')).toEqual({
      ok: true,
      value: null,
    });
    await expect(firstItem.getByRole('img', { name: 'KPI breached' })).toHaveAttribute(
      'title',
      'KPI breached: Waited over 5 minutes',
    );
    expect(await call(alpha, 'requestFocusSession', first, 2)).toEqual({ ok: true, value: null });
    await expect(firstItem.getByRole('img', { name: 'Focus requested' })).toHaveAttribute(
      'title',
      'Focus requested: 2 messages',
    );

    // requestFocusSession asks; it does not switch.
    expect(await call(alpha, 'getFocusedSession')).toEqual({ ok: true, value: second });
    expect((await hostSessions(page))[0]).toMatchObject({
      focused: false,
      newActivity: 3,
      kpiBreach: { details: 'Waited over 5 minutes' },
      focusRequest: { messagesCount: 2 },
    });

    expect(await call(alpha, 'notifyNewActivity', first, -1, undefined, 'corr-neg')).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      correlationId: 'corr-neg',
    });
    expect(await call(alpha, 'notifyNewActivity', first, 1.5)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await call(alpha, 'requestFocusSession', first, -2)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });

    // The agent focuses it: the activity count and the focus request go, the KPI breach stays.
    await firstItem.getByRole('tab').click();
    await expect(firstItem.getByRole('tab')).toHaveAttribute('aria-selected', 'true');
    await expect(firstItem.getByRole('img')).toHaveCount(1);
    await expect(firstItem.getByRole('img', { name: 'KPI breached' })).toBeVisible();
    expect(await call(alpha, 'notifyKpiBreach', first, false)).toEqual({ ok: true, value: null });
    await expect(firstItem.getByRole('img')).toHaveCount(0);

    // shouldReset clears the count whatever count comes with it.
    const secondItem = sessionItem(page, 'Chat with Second');
    expect(await call(alpha, 'notifyNewActivity', second, 1)).toEqual({ ok: true, value: null });
    await expect(secondItem.getByRole('img', { name: '1 new activity' })).toBeVisible();
    expect(await call(alpha, 'notifyNewActivity', second, 7, true)).toEqual({ ok: true, value: null });
    await expect(secondItem.getByRole('img')).toHaveCount(0);
    expect((await hostSessions(page)).map((s) => [s.newActivity, s.kpiBreach, s.focusRequest])).toEqual([
      [0, null, null],
      [0, null, null],
    ]);
  });

  test('the session cap is shared by every provider, and room comes back when the agent closes one', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoWidgets(page, 'typed', { options: { maxSessions: 2 } });
    await createChat(alpha, 'One');
    await createChat(beta, 'Two');
    expect(await call(alpha, 'canCreateSession')).toEqual({ ok: true, value: false });
    expect(await call(beta, 'canCreateSession')).toEqual({ ok: true, value: false });
    expect(await call(alpha, 'createSession', chat('Three'), 'corr-cap')).toEqual({
      ok: false,
      name: 'BridgeError',
      code: 'SESSION_LIMIT_REACHED',
      message: 'Maximum sessions reached. Close a session before opening another.',
      correlationId: 'corr-cap',
    });
    await page.getByRole('button', { name: 'Close session Chat with Two', exact: true }).click();
    await expect.poll(() => call(alpha, 'canCreateSession')).toEqual({ ok: true, value: true });
    await createChat(alpha, 'Three');
    expect((await hostSessions(page)).map((s) => s.title)).toEqual(['Chat with One', 'Chat with Three']);
  });
});

test.describe('session events', () => {
  test('onSessionCreated goes to the owner only, and a switch sends focused:false to the old owner, then focused:true to the new', async ({
    driver,
    engine,
  }) => {
    test.skip(
      engine === 'webkit',
      'WebKitGTK 2.50 hands a document all the messages waiting on one port at once, so messages posted to ' +
        "two ports don't run in the order they were posted: the new owner's events can run before the old " +
        "owner's (https://bugs.webkit.org/show_bug.cgi?id=313355, fixed upstream in 312059@main; " +
        'see docs/cif-compatibility.md, Events)',
    );
    const page = await driver.newPage();
    const { alpha, beta } = await twoListeningWidgets(page, 'typed', ['onSessionCreated', 'onSessionSwitched']);

    // From home: the owner hears of its new session, and nobody loses focus.
    const a1 = await createChat(alpha, 'A1', { n: 1 });
    await expect.poll(() => eventsOf(alpha)).toEqual([created(a1, { n: 1 }), switched(a1, true, { n: 1 })]);
    await settled(beta);
    expect(await eventsOf(beta)).toEqual([]);
    await clearEvents(alpha);

    // beta's new session takes focus from alpha's: two events, old owner first.
    const b1 = await createChat(beta, 'B1', { n: 2 });
    await expect.poll(() => eventsOf(alpha)).toEqual([switched(a1, false, { n: 1 })]);
    await expect.poll(() => eventsOf(beta)).toEqual([created(b1, { n: 2 }), switched(b1, true, { n: 2 })]);
    const [lost] = await recordedEvents(alpha);
    const gained = (await recordedEvents(beta))[1]!;
    expect(lost!.seq).toBeLessThan(gained.seq);
    await clearEvents(alpha, beta);

    // The agent switches back in the UI: the same two events, the other way round.
    await sessionList(page).getByRole('tab', { name: 'Chat with A1' }).click();
    await expect.poll(() => eventsOf(beta)).toEqual([switched(b1, false, { n: 2 })]);
    await expect.poll(() => eventsOf(alpha)).toEqual([switched(a1, true, { n: 1 })]);
    expect((await recordedEvents(beta))[0]!.seq).toBeLessThan((await recordedEvents(alpha))[0]!.seq);
    await clearEvents(alpha, beta);

    // Between two sessions of one provider, it gets both events on its one port, in order.
    const a2 = await createChat(alpha, 'A2', { n: 3 });
    await expect
      .poll(() => eventsOf(alpha))
      .toEqual([created(a2, { n: 3 }), switched(a1, false, { n: 1 }), switched(a2, true, { n: 3 })]);
    await clearEvents(alpha);

    // To home (the host API, as the agent would): only the old owner hears, focused:false.
    expect(await hostCall(page, 'focusSession', null)).toEqual({ ok: true, value: null });
    await expect.poll(() => eventsOf(alpha)).toEqual([switched(a2, false, { n: 3 })]);
    await settled(beta);
    expect(await eventsOf(beta)).toEqual([]);
  });

  test('onSessionClosed reaches the owner after the agent closes its session in the UI', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoListeningWidgets(page, 'typed', ['onSessionClosed', 'onSessionSwitched']);
    const a1 = await createChat(alpha, 'A1', { n: 1 });
    const b1 = await createChat(beta, 'B1', { n: 2 });
    await expect.poll(async () => (await eventsOf(beta)).length).toBe(1);
    await expect.poll(async () => (await eventsOf(alpha)).length).toBe(2);
    await clearEvents(alpha, beta);

    // The focused session closes: its owner gets onSessionClosed (no switch event for a session that
    // is gone), and the session focused before it gets focus back.
    await page.getByRole('button', { name: 'Close session Chat with B1', exact: true }).click();
    await expect.poll(() => eventsOf(beta)).toEqual([['onSessionClosed', { sessionId: b1, context: { n: 2 } }]]);
    await expect.poll(() => eventsOf(alpha)).toEqual([switched(a1, true, { n: 1 })]);
    expect(await call(beta, 'getAllSessions')).toEqual({ ok: true, value: [] });
    expect(await call(beta, 'getSession', b1)).toMatchObject({ ok: false, code: 'SESSION_NOT_FOUND' });
    await expect(sessionList(page).getByRole('tab', { name: 'Chat with B1' })).toHaveCount(0);
    await clearEvents(alpha, beta);

    // An unfocused session closes: only onSessionClosed, and focus stays where it is.
    const a2 = await createChat(alpha, 'A2');
    await sessionList(page).getByRole('tab', { name: 'Chat with A1' }).click();
    await expect.poll(async () => (await eventsOf(alpha)).length).toBe(4);
    await clearEvents(alpha);
    await page.getByRole('button', { name: 'Close session Chat with A2', exact: true }).click();
    await expect.poll(() => eventsOf(alpha)).toEqual([['onSessionClosed', { sessionId: a2, context: {} }]]);
    expect(await call(alpha, 'getFocusedSession')).toEqual({ ok: true, value: a1 });
    await settled(beta);
    expect(await eventsOf(beta)).toEqual([]);

    // Home can't be closed: it has no close button.
    await expect(sessionItem(page, 'Home').getByRole('button')).toHaveCount(0);
  });
});

test.describe('tabs', () => {
  test('createTab, getTabs, focusTab, refreshTab, setTabTitle, getFocusedTab and closeTab act on the focused session', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'typed');
    await createChat(alpha, 'Contoso');
    const [anchor, notes] = (await hostSessions(page))[0]!.tabs.map((t) => t.id);
    expect(await call(alpha, 'getTabs')).toEqual({ ok: true, value: [anchor, notes] });
    expect(await call(alpha, 'getFocusedTab')).toEqual({ ok: true, value: anchor });

    // A new tab is not focused unless asked.
    const kb = valueOf<string>(
      await call(alpha, 'createTab', { templateName: 'kb', templateParameters: { topic: 'billing' } }),
    );
    expect(kb).toMatch(UUID_V4);
    expect(await call(alpha, 'getFocusedTab')).toEqual({ ok: true, value: anchor });
    await expect(tabStrip(page).getByRole('tab', { name: 'KB billing' })).toHaveAttribute('aria-selected', 'false');
    // The model resolves the template's relative url against the host's origin.
    expect((await hostSessions(page))[0]!.tabs[2]!.parameters.url).toBe(
      `${origins.host}/fixtures/blank.html?kb=billing`,
    );

    // By template name, then by tag; with both, name matches first.
    expect(await call(alpha, 'getTabs', 'kb')).toEqual({ ok: true, value: [kb] });
    expect(await call(alpha, 'getTabs', null, 'notes')).toEqual({ ok: true, value: [notes] });
    expect(await call(alpha, 'getTabs', 'kb', 'notes')).toEqual({ ok: true, value: [kb, notes] });
    expect(await call(alpha, 'getTabs', 'nope')).toEqual({ ok: true, value: [] });

    expect(await call(alpha, 'focusTab', kb)).toEqual({ ok: true, value: null });
    expect(await call(alpha, 'getFocusedTab')).toEqual({ ok: true, value: kb });
    await expect(tabStrip(page).getByRole('tab', { name: 'KB billing' })).toHaveAttribute('aria-selected', 'true');

    expect(await call(alpha, 'refreshTab', kb)).toEqual({ ok: true, value: null });
    expect((await hostSessions(page))[0]!.tabs[2]!.refreshCount).toBe(1);

    expect(await call(alpha, 'setTabTitle', kb, { title: 'Billing FAQ' })).toEqual({ ok: true, value: 'Billing FAQ' });
    await expect(tabStrip(page).getByRole('tab', { name: 'Billing FAQ' })).toBeVisible();
    expect(await call(alpha, 'setTabTitle', kb, { topic: 'refunds' })).toEqual({ ok: true, value: 'KB refunds' });
    await expect(tabStrip(page).getByRole('tab', { name: 'KB refunds' })).toBeVisible();

    // Closing the focused tab focuses the one to its left.
    expect(await call(alpha, 'closeTab', kb)).toEqual({ ok: true, value: null });
    expect(await call(alpha, 'getTabs')).toEqual({ ok: true, value: [anchor, notes] });
    expect(await call(alpha, 'getFocusedTab')).toEqual({ ok: true, value: notes });
    await expect(tabStrip(page).getByRole('tab', { name: 'KB refunds' })).toHaveCount(0);

    const focusedTab = valueOf<string>(
      await call(alpha, 'createTab', JSON.stringify({ templateName: 'kb', isFocused: true })),
    );
    expect(await call(alpha, 'getFocusedTab')).toEqual({ ok: true, value: focusedTab });
    await expect(tabStrip(page).getByRole('tab', { name: 'KB start' })).toHaveAttribute('aria-selected', 'true');
  });

  test('the anchor tab and canClose:false tabs stay open; unknown tabs and templates are errors', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'typed');
    await createChat(alpha, 'Contoso');
    const [anchor] = (await hostSessions(page))[0]!.tabs.map((t) => t.id);
    const fixed = valueOf<string>(await call(alpha, 'createTab', { templateName: 'fixed' }));

    const anchorClose = await call(alpha, 'closeTab', anchor, 'corr-anchor');
    expect(anchorClose).toMatchObject({ ok: false, code: 'INVALID_INPUT', correlationId: 'corr-anchor' });
    expect((anchorClose as { message: string }).message).toMatch(/anchor tab can't be closed/);
    expect(await call(alpha, 'closeTab', fixed)).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/canClose: false/),
    });
    expect(await call(alpha, 'closeTab', 'no-such-tab')).toMatchObject({
      ok: false,
      code: 'TAB_NOT_FOUND',
      message: 'Tab with ID:no-such-tab does not exist',
    });
    expect(await call(alpha, 'focusTab', 'no-such-tab')).toMatchObject({ ok: false, code: 'TAB_NOT_FOUND' });
    expect(await call(alpha, 'createTab', { templateName: 'nope' })).toMatchObject({
      ok: false,
      code: 'TEMPLATE_NOT_FOUND',
      message: 'Did not find template by name (nope)',
    });
    expect(await call(alpha, 'createTab', {})).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/templateName/),
    });
    expect((await hostSessions(page))[0]!.tabs).toHaveLength(3);

    // The UI agrees: no close button on the anchor tab or the fixed one; the notes tab has one.
    await expect(page.getByRole('button', { name: /^Close tab Profile/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Close tab Fixed' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Close tab Notes' })).toBeVisible();
  });

  test('the 11th tab of a session is TAB_LIMIT_REACHED', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'typed');
    await createChat(alpha, 'Contoso');
    // The chat session opens with two tabs; eight more make the default cap of ten.
    for (let i = 3; i <= 10; i++) {
      expect((await call(alpha, 'createTab', { templateName: 'kb', templateParameters: { topic: `t${i}` } })).ok).toBe(
        true,
      );
    }
    expect(await call(alpha, 'createTab', { templateName: 'kb' }, 'corr-tabs')).toEqual({
      ok: false,
      name: 'BridgeError',
      code: 'TAB_LIMIT_REACHED',
      message: 'Maximum tabs reached. Close a tab in this session before opening another.',
      correlationId: 'corr-tabs',
    });
    expect((await hostSessions(page))[0]!.tabs).toHaveLength(10);
    await expect(tabStrip(page).getByRole('tab')).toHaveCount(10);
    // The agent closes one: there is room again.
    await page.getByRole('button', { name: 'Close tab KB t10' }).click();
    expect((await call(alpha, 'createTab', { templateName: 'kb' })).ok).toBe(true);
  });

  test("every tab method on another provider's focused session is SESSION_NOT_OWNED; home's tabs are everyone's", async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoWidgets(page, 'typed');
    await createChat(alpha, 'Contoso');
    const before = await hostSessions(page);
    const [anchor, notes] = before[0]!.tabs.map((t) => t.id);
    const attempts = [
      ['createTab', { templateName: 'kb' }],
      ['getTabs'],
      ['focusTab', notes],
      ['refreshTab', anchor],
      ['closeTab', notes],
      ['getFocusedTab'],
      ['setTabTitle', notes, { title: 'Mine now' }],
    ] as const;
    // How many arguments come before the correlationId in each typed client method.
    const arity = {
      createTab: 1,
      getTabs: 2,
      focusTab: 1,
      refreshTab: 1,
      closeTab: 1,
      getFocusedTab: 0,
      setTabTitle: 2,
    };
    for (const [method, ...args] of attempts) {
      const correlationId = `corr-${method}`;
      const padded = [...args, ...Array<null>(arity[method] - args.length).fill(null)];
      expect(await call(beta, method, ...padded, correlationId), method).toEqual({ ...notOwned, correlationId });
    }
    expect(await hostSessions(page)).toEqual(before);

    // Home belongs to nobody: with home focused, any provider may work with its tabs.
    await sessionList(page).getByRole('tab', { name: 'Home' }).click();
    await expect.poll(async () => (await call(beta, 'getTabs')).ok).toBe(true);
    const homeTab = valueOf<string>(
      await call(beta, 'createTab', { templateName: 'kb', templateParameters: { topic: 'home' }, isFocused: true }),
    );
    expect(await call(alpha, 'getTabs')).toEqual({ ok: true, value: [homeTab] });
    expect(await call(alpha, 'getFocusedTab')).toEqual({ ok: true, value: homeTab });
    await expect(tabStrip(page).getByRole('tab', { name: 'KB home' })).toHaveAttribute('aria-selected', 'true');
    expect(await call(alpha, 'closeTab', homeTab)).toEqual({ ok: true, value: null });
    expect(await call(beta, 'getFocusedTab')).toEqual({ ok: true, value: null });
  });
});

test.describe('panel', () => {
  test('setMode and getMode, with onmodechanged to every provider, and the UI in each mode', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoListeningWidgets(page, 'typed', ['onmodechanged']);
    const panel = page.getByRole('complementary', { name: 'Communication panel' });
    expect(await call(beta, 'getMode')).toEqual({ ok: true, value: 1 });
    await expect(page.getByRole('button', { name: 'Minimize communication panel' })).toBeVisible();

    expect(await call(alpha, 'setMode', 0)).toEqual({ ok: true, value: null });
    await expect.poll(() => eventsOf(alpha)).toEqual([['onmodechanged', { value: 0 }]]);
    await expect.poll(() => eventsOf(beta)).toEqual([['onmodechanged', { value: 0 }]]);
    expect(await call(beta, 'getMode')).toEqual({ ok: true, value: 0 });
    await expect(page.getByRole('button', { name: 'Dock communication panel' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Minimize communication panel' })).toBeHidden();

    expect(await call(beta, 'setMode', 2)).toEqual({ ok: true, value: null });
    await expect(panel).toBeHidden();
    expect(await call(alpha, 'getMode')).toEqual({ ok: true, value: 2 });
    expect(await call(alpha, 'setMode', 1)).toEqual({ ok: true, value: null });
    await expect(panel).toBeVisible();
    await expect
      .poll(() => eventsOf(beta))
      .toEqual([
        ['onmodechanged', { value: 0 }],
        ['onmodechanged', { value: 2 }],
        ['onmodechanged', { value: 1 }],
      ]);

    for (const mode of [3, -1, '1', null]) {
      expect(await call(alpha, 'setMode', mode), String(mode)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    }
    expect(await call(alpha, 'getMode')).toEqual({ ok: true, value: 1 });

    // The agent minimizes the panel: the widgets hear of it the same way.
    await clearEvents(alpha);
    await page.getByRole('button', { name: 'Minimize communication panel' }).click();
    await expect.poll(() => eventsOf(alpha)).toEqual([['onmodechanged', { value: 0 }]]);
    expect(await call(alpha, 'getMode')).toEqual({ ok: true, value: 0 });
  });

  test('setWidth and getWidth, with onsizechanged; under 300 is ignored and a non-number is INVALID_INPUT', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    // The widths below need a layout with room for a 500 px panel; engines open pages at different
    // sizes (puppeteer's Firefox at 800 × 600), and a narrower layout clamps the width (maxPanelWidth).
    await page.setViewportSize({ width: 1280, height: 720 });
    const { alpha, beta } = await twoListeningWidgets(page, 'typed', ['onsizechanged']);
    const panel = page.getByRole('complementary', { name: 'Communication panel' });
    expect(await call(alpha, 'getWidth')).toEqual({ ok: true, value: 340 });

    expect(await call(alpha, 'setWidth', 420)).toEqual({ ok: true, value: null });
    await expect.poll(() => eventsOf(beta)).toEqual([['onsizechanged', { value: 420 }]]);
    await expect.poll(() => eventsOf(alpha)).toEqual([['onsizechanged', { value: 420 }]]);
    expect(await call(beta, 'getWidth')).toEqual({ ok: true, value: 420 });
    await expect.poll(async () => (await panel.boundingBox())?.width).toBe(420);

    // Under 300: the call resolves and nothing changes, so no event either.
    expect(await call(alpha, 'setWidth', 299)).toEqual({ ok: true, value: null });
    expect(await call(alpha, 'getWidth')).toEqual({ ok: true, value: 420 });
    for (const width of [Number.NaN, Infinity, '500', null]) {
      expect(await call(alpha, 'setWidth', width, 'corr-width'), String(width)).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        correlationId: 'corr-width',
      });
    }
    await settled(beta);
    expect(await eventsOf(beta)).toEqual([['onsizechanged', { value: 420 }]]);
    expect((await panel.boundingBox())?.width).toBe(420);

    // The host page sets a width: the same event.
    expect(await hostCall(page, 'setWidth', 500)).toEqual({ ok: true, value: null });
    await expect
      .poll(() => eventsOf(alpha))
      .toEqual([
        ['onsizechanged', { value: 420 }],
        ['onsizechanged', { value: 500 }],
      ]);
    expect(await call(beta, 'getWidth')).toEqual({ ok: true, value: 500 });
  });

  test('click-to-act reaches only the providers that turned it on', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoListeningWidgets(page, 'typed', ['onclicktoact']);
    expect(await call(alpha, 'getClickToAct')).toEqual({ ok: true, value: false });
    expect(await call(alpha, 'setClickToAct', true)).toEqual({ ok: true, value: null });
    expect(await call(alpha, 'getClickToAct')).toEqual({ ok: true, value: true });
    expect(await call(beta, 'getClickToAct')).toEqual({ ok: true, value: false });

    const payload = {
      value: '+1 425 555 0100',
      name: 'telephone1',
      format: 'Phone',
      entityLogicalName: 'contact',
      entityId: '7c1f6a52-2e4b-4c1d-9a43-3d0f1c2b5e01',
      recordTitle: 'Contoso Ltd',
    };
    expect(await hostCall(page, 'clickToAct', payload)).toEqual({ ok: true, value: null });
    await expect.poll(() => eventsOf(alpha)).toEqual([['onclicktoact', payload]]);
    await settled(beta);
    expect(await eventsOf(beta)).toEqual([]);

    // Switched over: beta on, alpha off. Fields not given arrive as empty strings.
    expect(await call(beta, 'setClickToAct', true)).toEqual({ ok: true, value: null });
    expect(await call(alpha, 'setClickToAct', false)).toEqual({ ok: true, value: null });
    expect(await hostCall(page, 'clickToAct', { value: '+1 206 555 0142' })).toEqual({ ok: true, value: null });
    await expect
      .poll(() => eventsOf(beta))
      .toEqual([
        [
          'onclicktoact',
          { value: '+1 206 555 0142', name: '', format: '', entityLogicalName: '', entityId: '', recordTitle: '' },
        ],
      ]);
    await settled(alpha);
    expect(await eventsOf(alpha)).toEqual([['onclicktoact', payload]]);

    expect(await call(alpha, 'setClickToAct', 'yes')).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await hostCall(page, 'clickToAct', { value: 42 })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  test("getEnvironment returns the host's environment object", async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoWidgets(page, 'typed');
    expect(await call(alpha, 'getEnvironment')).toEqual({ ok: true, value: environment });
    expect(await call(beta, 'getEnvironment')).toEqual({ ok: true, value: environment });
  });
});

test.describe('notifications', () => {
  /** Starts notifyEvent in a widget without waiting; read the outcome with {@link answerOf}. */
  function notify(frame: Frame, input: unknown): Promise<void> {
    return frame.evaluate((input) => {
      const w = window as unknown as { call(m: string, ...a: unknown[]): Promise<unknown>; notified: Promise<unknown> };
      w.notified = w.call('notifyEvent', input);
    }, input);
  }
  const answerOf = (frame: Frame) =>
    frame.evaluate(() => (window as unknown as { notified: Promise<unknown> }).notified);

  test('notifyEvent shows a notification with its fields and countdown; Accept and Reject answer it', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoWidgets(page, 'typed');
    const asked = Date.now();
    await notify(alpha, {
      templateName: 'incoming',
      templateParameters: { customer: 'Contoso', phone: '+1 425 555 0100' },
    });
    const dialog = page.getByRole('alertdialog', { name: 'Incoming call from Contoso' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText('Widget alpha')).toBeVisible();
    await expect(dialog.locator('dt')).toHaveText(['Customer', 'Number']);
    await expect(dialog.locator('dd')).toHaveText(['Contoso', '+1 425 555 0100']);
    await expectCountdownFrom(dialog.getByRole('timer'), 60, asked);
    await dialog.getByRole('button', { name: 'Accept' }).click();
    expect(await answerOf(alpha)).toEqual({ ok: true, value: { actionName: 'Accept', responseReason: '' } });
    await expect(dialog).toHaveCount(0);

    // Two at once, from two providers: each button answers its own notification.
    await notify(alpha, JSON.stringify({ templateName: 'incoming', templateParameters: { customer: 'First' } }));
    await notify(beta, { templateName: 'incoming', templateParameters: { customer: 'Second' } });
    await page
      .getByRole('alertdialog', { name: 'Incoming call from Second' })
      .getByRole('button', { name: 'Reject' })
      .click();
    expect(await answerOf(beta)).toEqual({ ok: true, value: { actionName: 'Reject', responseReason: '' } });
    await expect(page.getByRole('alertdialog', { name: 'Incoming call from First' })).toBeVisible();
    await page
      .getByRole('alertdialog', { name: 'Incoming call from First' })
      .getByRole('button', { name: 'Accept' })
      .click();
    expect(await answerOf(alpha)).toEqual({ ok: true, value: { actionName: 'Accept', responseReason: '' } });
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
  });

  test('an unanswered notification ends with Timeout; the default countdown is 120 s', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'typed');
    const asked = Date.now();
    await notify(alpha, { templateName: 'plain', templateParameters: { customer: 'Default' } });
    const plain = page.getByRole('alertdialog', { name: 'Plain Default' });
    await expectCountdownFrom(plain.getByRole('timer'), 120, asked);
    await plain.getByRole('button', { name: 'Reject' }).click();
    expect(await answerOf(alpha)).toMatchObject({ ok: true, value: { actionName: 'Reject' } });

    // `ringout` counts down from one second, and nobody answers it.
    await notify(alpha, { templateName: 'ringout', templateParameters: { customer: 'Nobody' } });
    expect(await answerOf(alpha)).toEqual({ ok: true, value: { actionName: 'Timeout', responseReason: '' } });
    await expect(page.getByRole('alertdialog')).toHaveCount(0);

    expect(await call(alpha, 'notifyEvent', { templateName: 'nope' }, 'corr-n')).toMatchObject({
      ok: false,
      code: 'TEMPLATE_NOT_FOUND',
      correlationId: 'corr-n',
    });
    expect(await call(alpha, 'notifyEvent', { templateParameters: {} })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
  });

  test("notifyEvent has no call timeout: it outlasts the client's timeoutMs", async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'typed');
    // A second client in the widget, with a call timeout of a quarter of a second.
    await alpha.evaluate(async (hostOrigin) => {
      const w = window as unknown as {
        CifBridgeChild: { connect(o: unknown): Promise<{ notifyEvent(input: unknown): Promise<unknown> }> };
        notified: Promise<unknown>;
      };
      const quick = await w.CifBridgeChild.connect({ hostOrigin, timeoutMs: 250 });
      w.notified = quick.notifyEvent({ templateName: 'incoming', templateParameters: { customer: 'Patient' } }).then(
        (value) => ({ ok: true, value }),
        (error: { code: string }) => ({ ok: false, code: error.code }),
      );
    }, origins.host);
    const dialog = page.getByRole('alertdialog', { name: 'Incoming call from Patient' });
    // The countdown moving on shows that a second went by, four times the call timeout.
    await expect(dialog.getByRole('timer')).toHaveText(/^(59|58|57) s left$/);
    await dialog.getByRole('button', { name: 'Accept' }).click();
    expect(await answerOf(alpha)).toEqual({ ok: true, value: { actionName: 'Accept', responseReason: '' } });
  });
});

test.describe('host-provided methods', () => {
  test("callHandler runs the host page's handler, and a method with no handler is NOT_SUPPORTED at once", async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'typed');
    expect(
      await call(alpha, 'callHandler', 'retrieveRecord', ['contact', 'id-1', '?$select=fullname'], 'corr-r'),
    ).toEqual({
      ok: true,
      value: { args: ['contact', 'id-1', '?$select=fullname'], provider: 'alpha', correlationId: 'corr-r' },
    });
    expect(await call(alpha, 'callHandler', 'setPresence', ['Busy'])).toEqual({ ok: true, value: true });
    expect(await call(alpha, 'callHandler', 'getPresence', [])).toEqual({ ok: true, value: 'Busy' });

    expect(await call(alpha, 'callHandler', 'createRecord', ['contact', { fullname: 'X' }], 'corr-c')).toEqual({
      ok: false,
      name: 'BridgeError',
      code: 'NOT_SUPPORTED',
      message: 'createRecord is not provided by this host',
      correlationId: 'corr-c',
    });
    const provided = ['retrieveRecord', 'getPresence', 'setPresence', 'deleteRecord'];
    const missing = HOST_HANDLER_NAMES.filter((name) => !provided.includes(name));
    const outcomes = await Promise.all(missing.map((name) => call(alpha, 'callHandler', name, [])));
    expect(outcomes).toEqual(
      missing.map((name) =>
        expect.objectContaining({ ok: false, code: 'NOT_SUPPORTED', message: `${name} is not provided by this host` }),
      ),
    );

    // A handler that throws answers with an error, never a hang.
    expect(await call(alpha, 'callHandler', 'deleteRecord', ['contact', 'id-1'])).toMatchObject({
      ok: false,
      message: 'The CRM is read-only.',
    });
    expect(await call(alpha, 'callHandler', 'dropDatabase', [])).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(
      await page.evaluate(
        () =>
          (window as unknown as { host: { getDiagnostics(): { callsInProgress: number } } }).host.getDiagnostics()
            .callsInProgress,
      ),
    ).toBe(0);
  });
});

test.describe('handlers and the connection', () => {
  test('removeHandler stops a handler; one that throws harms nothing; names are case-sensitive', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'typed');
    const outcome = await alpha.evaluate(async () => {
      const w = window as unknown as {
        ready: Promise<{
          addHandler(n: string, h: (p: unknown) => unknown): Promise<void>;
          removeHandler(n: string, h: (p: unknown) => unknown): Promise<void>;
        }>;
        seen: unknown[];
        kept: unknown[];
        remove(): Promise<void>;
      };
      const client = await w.ready;
      w.seen = [];
      w.kept = [];
      const recorder = (payload: unknown) => {
        w.seen.push(payload);
      };
      await client.addHandler('onmodechanged', () => {
        throw new Error('a widget handler failed on purpose');
      });
      await client.addHandler('onmodechanged', () => Promise.reject(new Error('an async handler failed on purpose')));
      await client.addHandler('onmodechanged', recorder);
      await client.addHandler('onmodechanged', (payload) => void w.kept.push(payload));
      w.remove = () => client.removeHandler('onmodechanged', recorder);
      try {
        await client.addHandler('onSessionswitched' as never, recorder);
        return 'accepted';
      } catch (error) {
        return (error as { code: string }).code;
      }
    });
    expect(outcome).toBe('INVALID_INPUT');
    const seen = () => alpha.evaluate(() => (window as unknown as { seen: unknown[] }).seen);
    const kept = () => alpha.evaluate(() => (window as unknown as { kept: unknown[] }).kept);

    expect(await hostCall(page, 'setMode', 0)).toEqual({ ok: true, value: null });
    await expect.poll(seen).toEqual([{ value: 0 }]);
    await alpha.evaluate(() => (window as unknown as { remove(): Promise<void> }).remove());
    expect(await hostCall(page, 'setMode', 1)).toEqual({ ok: true, value: null });
    await expect.poll(kept).toEqual([{ value: 0 }, { value: 1 }]);
    expect(await seen()).toEqual([{ value: 0 }]);
    // The connection still works after the throwing handlers.
    expect(await call(alpha, 'getMode')).toEqual({ ok: true, value: 1 });
  });

  test('the client reports disconnected when the host goes and reconnected when one is back; calls wait meanwhile', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    await page.goto(`${origins.host}/fixtures/host.html`);
    const url = providerUrl({ name: 'alpha', kind: 'typed' });
    // A frame the page owns and a headless host, so the widget outlives the host it talks to.
    await page.evaluate(
      ({ url, templates }) => {
        const w = window as unknown as {
          start(): void;
          host: { destroy(): void };
          CifBridgeHost: { createHost(o: unknown): { destroy(): void } };
        };
        const frame = document.createElement('iframe');
        frame.src = url;
        document.body.append(frame);
        w.start = () => {
          w.host = w.CifBridgeHost.createHost({ providers: [{ name: 'alpha', url, frame }], ...templates });
        };
        w.start();
      },
      { url, templates: { sessionTemplates: [], tabTemplates: [] } },
    );
    const alpha = await page.waitForFrame(url);
    await expect(alpha.locator('#state')).toHaveText('connected');
    await alpha.evaluate(async () => {
      const w = window as unknown as {
        ready: Promise<{ on(e: string, l: () => void): () => void }>;
        connection: string[];
      };
      const client = await w.ready;
      w.connection = [];
      client.on('disconnected', () => w.connection.push('disconnected'));
      client.on('reconnected', () => w.connection.push('reconnected'));
    });
    const connection = () => alpha.evaluate(() => (window as unknown as { connection: string[] }).connection);

    await page.evaluate(() => (window as unknown as { host: { destroy(): void } }).host.destroy());
    await expect.poll(connection).toEqual(['disconnected']);
    await alpha.evaluate(() => {
      const w = window as unknown as { call(m: string): Promise<unknown>; waiting: Promise<unknown> };
      w.waiting = w.call('getAllSessions');
    });
    await page.evaluate(() => (window as unknown as { start(): void }).start());
    await expect.poll(connection).toEqual(['disconnected', 'reconnected']);
    expect(await alpha.evaluate(() => (window as unknown as { waiting: Promise<unknown> }).waiting)).toEqual({
      ok: true,
      value: [],
    });

    // close() fails what is in flight and everything after it, and is safe twice.
    const closed = await alpha.evaluate(async () => {
      const w = window as unknown as {
        call(m: string): Promise<unknown>;
        ready: Promise<{ close(): void; getAllSessions(): Promise<unknown> }>;
      };
      const client = await w.ready;
      const inFlight = client.getAllSessions().then(
        () => 'answered',
        (error: { code: string }) => error.code,
      );
      client.close();
      client.close();
      return { inFlight: await inFlight, after: await w.call('getMode') };
    });
    expect(closed).toMatchObject({ inFlight: 'DISCONNECTED', after: { ok: false, code: 'DISCONNECTED' } });
  });
});
