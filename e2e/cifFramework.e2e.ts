/**
 * The CIF 2.0 session API on its global face: `window.Microsoft.CIFramework` from the
 * msdyn_ciLibrary.js drop-in, in plain-JS CIF test widgets (fixtures/cif-widget.html on
 * http://localhost:8081) that load the library from the host (http://127.0.0.1:8080) the way CIF
 * widgets do. Every method and every event, with CIF's quirks: events as JSON text, getSession's Map
 * with own properties, JSON-text results, Error objects with `message`, `msdyn_name` and `code`, and
 * the legacy `(input, successCallback, errorCallback)` form. Also: the seed page's example, verbatim.
 *
 * "Nothing arrived" is checked without waiting: a widget's events and its call replies share one
 * port, in order, so once a call made after the host acted has answered, any event for it is there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DriverFrame as Frame, expect, test } from './driver/test.js';
import { HOST_HANDLER_NAMES } from '../packages/bridge-protocol/src/HostMethods.js';
import { created, switched, UUID_V4, valueOf } from './support/assertions.js';
import {
  chat,
  createChat,
  environment,
  hostCall,
  hostSessions,
  openApiHost,
  sessionItem,
  sessionList,
  tabStrip,
  twoListeningWidgets,
  twoWidgets,
} from './support/hosts.js';
import { origins } from './support/origins.js';
import { cifSettled } from './support/waiting.js';
import {
  call,
  cif,
  type CifOutcome,
  type CifWindow,
  clearEvents,
  eventsOf,
  listen,
  recordedEvents,
} from './support/widgets.js';

test.describe.configure({ mode: 'parallel' });

const here = path.dirname(fileURLToPath(import.meta.url));

/** A CIF error, as fixtures/cif-widget.js reports it: an Error with CIF's fields and our code. */
function cifError(method: string, code: string, extra: Record<string, unknown> = {}) {
  return { ok: false, isError: true, name: 'BridgeError', msdyn_name: method, code, ...extra };
}

/** Every method of CIF 2.0's public reference (`ce/channel-integration-framework/v2/develop/reference/microsoft-ciframework`). */
const CIF_METHODS = [
  'addHandler',
  'cancelEvent',
  'canCreateSession',
  'closeTab',
  'createRecord',
  'createSession',
  'createTab',
  'deleteRecord',
  'focusTab',
  'getAllSessions',
  'getClickToAct',
  'getEntityMetadata',
  'getEnvironment',
  'getFocusedSession',
  'getFocusedTab',
  'getMode',
  'getPresence',
  'getSession',
  'getTabs',
  'getWidth',
  'logAnalyticsEvent',
  'notifyEvent',
  'notifyKpiBreach',
  'notifyNewActivity',
  'openForm',
  'raiseEvent',
  'refreshTab',
  'removeHandler',
  'renderSearchPage',
  'requestFocusSession',
  'retrieveRecord',
  'searchAndOpenRecords',
  'setClickToAct',
  'setMode',
  'setPresence',
  'setSessionTitle',
  'setTabTitle',
  'setWidth',
  'updateContext',
  'updateConversation',
  'updateRecord',
];

test.describe('the drop-in', () => {
  /** The example code of Microsoft's reference page for createSession, exactly as the page has it. */
  const SEED_EXAMPLE = `var input = {
    templateName: "msdyn_chat_session",
    // unique name of the configured template
    templateParameters: {
        customer: "Contoso",
    }
    // Global and application tab template parameters, these values will override configured values
   };
Microsoft.CIFramework.createSession(input).then(function success(sessionId) {
    console.log(sessionId);
    // perform operations on session Id retrieved
}, function(error) {
    console.log(error.message);
    // handle error conditions
});`;

  test("the seed page's example code runs verbatim in a widget and gets a session id", async ({ driver }) => {
    const page = await driver.newPage();
    // The fixture holds the example unchanged, bar the comment lines that keep Prettier off it.
    const fixture = readFileSync(path.join(here, 'fixtures', 'seed-createSession.js'), 'utf8');
    expect(fixture.replace(/^\/\/.*\n/gm, '').trim()).toBe(SEED_EXAMPLE);

    const [seed] = await openApiHost(page, [{ name: 'seed', kind: 'cif', page: 'seed-widget.html' }]);
    // The example calls createSession as soon as it runs, before CIFInitDone: the call waits for the
    // connection instead of failing, and its success callback logs the id.
    await expect.poll(() => seed!.evaluate(() => (window as unknown as { logged: string[] }).logged)).toHaveLength(1);
    const [logged] = await seed!.evaluate(() => (window as unknown as { logged: string[] }).logged);
    expect(logged).toMatch(UUID_V4);
    expect(await hostSessions(page)).toEqual([
      expect.objectContaining({
        id: logged,
        templateName: 'msdyn_chat_session',
        title: 'Chat with Contoso',
        provider: 'seed',
        focused: true,
      }),
    ]);
    await expect(sessionList(page).getByRole('tab', { name: 'Chat with Contoso' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  const discoveries = [
    { name: 'data-crmurl on the script tag', query: 'discovery=crmurl' },
    {
      name: 'the ?ucilib= parameter (library path in another case)',
      query: `discovery=ucilib&ucilib=${encodeURIComponent(`${origins.host}/WebResources/widget/MSDYN_ciLibrary.js`)}`,
    },
    { name: 'document.referrer', query: 'discovery=referrer' },
  ];
  for (const { name, query } of discoveries) {
    test(`finds the host through ${name}, port included`, async ({ driver }) => {
      const page = await driver.newPage();
      const [widget] = await openApiHost(page, [{ name: 'alpha', kind: 'cif', query }]);
      expect(await widget!.evaluate(() => (window as unknown as { cifInitDone: boolean }).cifInitDone)).toBe(true);
      expect(await cif(widget!, 'getEnvironment')).toEqual({
        ok: true,
        type: 'string',
        value: JSON.stringify(environment),
      });
      const id = valueOf<string>(await cif(widget!, 'createSession', JSON.stringify(chat('Found'))));
      expect((await hostSessions(page)).map((s) => [s.id, s.provider])).toEqual([[id, 'alpha']]);
    });
  }

  test('every CIF 2.0 method is on Microsoft.CIFramework, and each one settles, with a coded CIF error when it fails', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const [alpha] = await openApiHost(page, [{ name: 'alpha', kind: 'cif' }]);
    const types = await alpha!.evaluate(
      (names) => names.map((name) => typeof (window as unknown as CifWindow).Microsoft.CIFramework[name]),
      CIF_METHODS,
    );
    expect(Object.fromEntries(CIF_METHODS.map((name, i) => [name, types[i]]))).toEqual(
      Object.fromEntries(CIF_METHODS.map((name) => [name, 'function'])),
    );

    // Called with no arguments at all: each resolves, or rejects with a CIF error at once. None hangs
    // (a call that hung would end as TIMEOUT), none throws synchronously.
    const outcomes = await Promise.all(CIF_METHODS.map((name) => cif(alpha!, name)));
    for (const [index, outcome] of outcomes.entries()) {
      const name = CIF_METHODS[index]!;
      expect(outcome, name).not.toHaveProperty('threw');
      if (outcome.ok) continue;
      expect(outcome, name).toMatchObject({ isError: true, msdyn_name: name });
      // The test host's deleteRecord handler throws on purpose, which is an INTERNAL error.
      const unexpected =
        name === 'deleteRecord' ? ['TIMEOUT', 'DISCONNECTED'] : ['TIMEOUT', 'INTERNAL', 'DISCONNECTED', undefined];
      expect(unexpected, name).not.toContain(outcome.code);
      expect(outcome.correlationId, name).toMatch(UUID_V4);
    }
    // Methods that need a CRM, with neither a handler nor a record source on this host.
    for (const name of [
      'createRecord',
      'updateRecord',
      'searchAndOpenRecords',
      'openForm',
      'renderSearchPage',
      'getEntityMetadata',
    ]) {
      expect(outcomes[CIF_METHODS.indexOf(name)], name).toMatchObject({
        code: 'NOT_SUPPORTED',
        message: `${name} is not provided by this host`,
      });
    }
    // The host serves these itself. Called with nothing, three say what argument they need, and
    // updateContext, which without a session id works on the focused session, finds the home
    // session there, which is no widget's.
    for (const [name, code] of [
      ['cancelEvent', 'INVALID_INPUT'],
      ['logAnalyticsEvent', 'INVALID_INPUT'],
      ['updateConversation', 'INVALID_INPUT'],
      ['updateContext', 'SESSION_NOT_OWNED'],
    ] as const) {
      expect(outcomes[CIF_METHODS.indexOf(name)], name).toMatchObject({ code, msdyn_name: name });
    }
  });
});

test.describe('results and errors', () => {
  test('getSession is a Map that has its fields as own properties too; getEnvironment and record results are JSON text', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'cif');
    const created = await cif(alpha, 'createSession', chat('Contoso', { caseId: 'CAS-1' }));
    expect(created).toMatchObject({ ok: true, type: 'string', value: expect.stringMatching(UUID_V4) });
    const id = valueOf<string>(created);
    const fields = {
      sessionId: id,
      focused: true,
      context: { caseId: 'CAS-1' },
      title: 'Chat with Contoso',
      templateName: 'msdyn_chat_session',
      conversationId: expect.stringMatching(UUID_V4),
    };
    expect(await cif(alpha, 'getSession', id)).toEqual({
      ok: true,
      type: 'map',
      value: { entries: fields, own: fields },
    });
    // What the CIF samples do with it.
    expect(
      await alpha.evaluate(
        (id) =>
          (window as unknown as CifWindow).Microsoft.CIFramework.getSession!(id).then(
            (session) => (session as Map<string, { caseId: string }>).get('context')!.caseId,
          ),
        id,
      ),
    ).toBe('CAS-1');

    expect(await cif(alpha, 'getEnvironment')).toEqual({
      ok: true,
      type: 'string',
      value: JSON.stringify(environment),
    });
    const record = await cif(alpha, 'retrieveRecord', 'contact', 'id-1', '?$select=fullname', 'corr-r');
    expect(record).toMatchObject({ ok: true, type: 'string' });
    expect(JSON.parse(valueOf<string>(record))).toEqual({
      args: ['contact', 'id-1', '?$select=fullname'],
      provider: 'alpha',
      correlationId: 'corr-r',
    });
    // Presence is text already; it is not wrapped in JSON again.
    expect(await cif(alpha, 'setPresence', 'Busy')).toEqual({ ok: true, type: 'boolean', value: true });
    expect(await cif(alpha, 'getPresence')).toEqual({ ok: true, type: 'string', value: 'Busy' });
    expect(await cif(alpha, 'canCreateSession')).toEqual({ ok: true, type: 'boolean', value: true });
  });

  test("host-provided methods: the handler gets CIF's arguments in order, without the correlationId", async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const [alpha] = await openApiHost(page, [{ name: 'alpha', kind: 'cif' }], { echoHandlers: HOST_HANDLER_NAMES });
    // [method, CIF's arguments before the correlationId, whether CIF answers with JSON text]
    const cases: [string, unknown[], boolean][] = [
      ['createRecord', ['contact', { fullname: 'Ann' }], true],
      ['retrieveRecord', ['contact', 'id-1', '?$select=fullname'], true],
      ['updateRecord', ['contact', 'id-1', { fullname: 'Bea' }], true],
      ['deleteRecord', ['contact', 'id-1'], true],
      ['openForm', ['{"entityName":"contact"}', '{"fullname":"Cy"}'], true],
      ['searchAndOpenRecords', ['contact', '?$search=Contoso', true], true],
      ['renderSearchPage', ['contact', 'Contoso', 1], false],
      ['getEntityMetadata', ['contact', ['fullname', 'telephone1']], false],
      ['setPresence', ['Busy'], false],
      ['getPresence', [], false],
    ];
    for (const [method, args, json] of cases) {
      const correlationId = `corr-${method}`;
      const outcome = await cif(alpha!, method, ...args, correlationId);
      const echoed = { method, args, provider: 'alpha', correlationId };
      expect(outcome, method).toEqual({
        ok: true,
        type: json ? 'string' : 'object',
        value: json ? JSON.stringify(echoed) : echoed,
      });
    }
    // searchAndOpenRecords' searchType comes after the correlationId in CIF; the handler gets it last.
    const search = await cif(alpha!, 'searchAndOpenRecords', 'contact', '?$search=A', false, 'corr-s', 1);
    expect(JSON.parse(valueOf<string>(search))).toEqual({
      method: 'searchAndOpenRecords',
      args: ['contact', '?$search=A', false, 1],
      provider: 'alpha',
      correlationId: 'corr-s',
    });
    // Methods CIF 2.0 does not document pass every argument through, and get a made-up correlationId.
    const passed = valueOf<{ args: unknown[]; correlationId: string }>(
      await cif(alpha!, 'insertNotes', 'note', 'corr-like'),
    );
    expect(passed.args).toEqual(['note', 'corr-like']);
    expect(passed.correlationId).toMatch(UUID_V4);
  });

  test('errors are Error objects with message, msdyn_name, code and the correlationId', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'cif');
    expect(await cif(alpha, 'getSession', 'nope', 'corr-g')).toEqual(
      cifError('getSession', 'SESSION_NOT_FOUND', {
        message: 'Session with ID:nope does not exist',
        correlationId: 'corr-g',
      }),
    );
    const unknown = await cif(alpha, 'createSession', { templateName: 'nope' });
    expect(unknown).toEqual(
      cifError('createSession', 'TEMPLATE_NOT_FOUND', {
        message: 'Did not find template by name (nope)',
        correlationId: expect.stringMatching(UUID_V4),
      }),
    );
    expect(await cif(alpha, 'createRecord', 'phonecall', { subject: 'x' }, 'corr-c')).toEqual(
      cifError('createRecord', 'NOT_SUPPORTED', {
        message: 'createRecord is not provided by this host',
        correlationId: 'corr-c',
      }),
    );
    expect(await cif(alpha, 'deleteRecord', 'contact', 'id-1')).toMatchObject({
      ok: false,
      isError: true,
      msdyn_name: 'deleteRecord',
      message: 'The CRM is read-only.',
    });
    expect(await cif(alpha, 'addHandler', 'onSessionSwitched', 'not a function')).toMatchObject(
      cifError('addHandler', 'INVALID_INPUT'),
    );
  });

  test('the legacy (input, successCallback, errorCallback) form works beside promises', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'cif');
    const legacy = (method: string, ...args: unknown[]) =>
      alpha.evaluate(
        ([method, args]) =>
          (window as unknown as { cifLegacy(m: string, ...a: unknown[]): Promise<unknown> }).cifLegacy(method, ...args),
        [method, args] as const,
      );
    const created = (await legacy('createSession', chat('Legacy'))) as { via: string; value: string; calls: number };
    expect(created).toMatchObject({ via: 'success', type: 'string', calls: 1 });
    expect(created.value).toMatch(UUID_V4);
    expect(await legacy('getSession', created.value)).toMatchObject({
      via: 'success',
      type: 'map',
      calls: 1,
      value: { own: { title: 'Chat with Legacy' } },
    });
    expect(await legacy('getEnvironment')).toMatchObject({
      via: 'success',
      type: 'string',
      value: JSON.stringify(environment),
    });
    // With a correlationId before the callbacks, and with failures going to the error callback only.
    expect(await legacy('getSession', 'nope', 'corr-legacy')).toEqual({
      via: 'error',
      ...cifError('getSession', 'SESSION_NOT_FOUND', {
        message: 'Session with ID:nope does not exist',
        correlationId: 'corr-legacy',
      }),
      calls: 1,
    });
    expect(await legacy('createRecord', 'phonecall', {})).toMatchObject({
      via: 'error',
      code: 'NOT_SUPPORTED',
      calls: 1,
    });
    expect(
      await legacy('setSessionTitle', JSON.stringify({ sessionId: created.value, customer: 'Callbacks' })),
    ).toMatchObject({
      via: 'success',
      value: 'Chat with Callbacks',
    });
  });
});

test.describe('sessions and tabs', () => {
  test('session methods, badges and ownership: another provider neither sees nor changes a session', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoWidgets(page, 'cif');
    const first = await createChat(alpha, 'First', { n: 1 }, cif);
    const second = await createChat(alpha, 'Second', {}, cif);
    expect(await cif(alpha, 'getFocusedSession')).toEqual({ ok: true, type: 'string', value: second });
    expect(await cif(alpha, 'getAllSessions')).toEqual({ ok: true, type: 'object', value: [first, second] });
    expect(await cif(beta, 'getAllSessions')).toEqual({ ok: true, type: 'object', value: [] });
    expect(await cif(beta, 'getFocusedSession')).toEqual({ ok: true, type: 'object', value: null });
    expect(await cif(beta, 'getSession', first)).toMatchObject(cifError('getSession', 'SESSION_NOT_FOUND'));

    // CIF's documented argument orders, with the correlationId last, and the short forms of the docs.
    expect(await cif(alpha, 'notifyNewActivity', first, 4, false, 'corr-a')).toMatchObject({ ok: true });
    expect(await cif(alpha, 'notifyKpiBreach', first, true, 'Waited too long', 'corr-k')).toMatchObject({ ok: true });
    expect(await cif(alpha, 'requestFocusSession', first, 'corr-f')).toMatchObject({ ok: true });
    const item = sessionItem(page, 'Chat with First');
    await expect(item.getByRole('img', { name: '4 new activities' })).toBeVisible();
    await expect(item.getByRole('img', { name: 'KPI breached' })).toHaveAttribute(
      'title',
      'KPI breached: Waited too long',
    );
    await expect(item.getByRole('img', { name: 'Focus requested' })).toBeVisible();
    expect(await cif(alpha, 'notifyNewActivity', first, 2, 'corr-short')).toMatchObject({ ok: true });
    await expect(item.getByRole('img', { name: '2 new activities' })).toBeVisible();
    expect(await cif(alpha, 'requestFocusSession', first, 3, 'corr-count')).toMatchObject({ ok: true });
    await expect(item.getByRole('img', { name: 'Focus requested' })).toHaveAttribute(
      'title',
      'Focus requested: 3 messages',
    );
    expect(await cif(alpha, 'getFocusedSession')).toMatchObject({ value: second });
    expect(await cif(alpha, 'notifyNewActivity', first, -1)).toMatchObject(
      cifError('notifyNewActivity', 'INVALID_INPUT'),
    );

    for (const [method, ...args] of [
      ['notifyNewActivity', first, 9],
      ['notifyKpiBreach', first, true],
      ['requestFocusSession', first, 1],
      ['setSessionTitle', { sessionId: first, customer: 'Mallory' }],
    ] as const) {
      expect(await cif(beta, method, ...args), method).toMatchObject(cifError(method, 'SESSION_NOT_FOUND'));
    }
    expect(await cif(beta, 'setSessionTitle', { customer: 'Mallory' })).toMatchObject(
      cifError('setSessionTitle', 'SESSION_NOT_OWNED'),
    );
    expect(await cif(alpha, 'setSessionTitle', { sessionId: first, customer: 'Renamed' }, 'corr-t')).toEqual({
      ok: true,
      type: 'string',
      value: 'Chat with Renamed',
    });
    await expect(sessionList(page).getByRole('tab', { name: 'Chat with Renamed' })).toBeVisible();

    // The KPI marker stays until reset; focus clears the rest.
    await sessionList(page).getByRole('tab', { name: 'Chat with Renamed' }).click();
    await expect(sessionItem(page, 'Chat with Renamed').getByRole('img')).toHaveCount(1);
    expect(await cif(alpha, 'notifyKpiBreach', first, false, undefined, 'corr-reset')).toMatchObject({ ok: true });
    await expect(sessionItem(page, 'Chat with Renamed').getByRole('img')).toHaveCount(0);
  });

  test("tab methods act on the focused session; another provider's is SESSION_NOT_OWNED; the anchor stays", async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoWidgets(page, 'cif');
    await createChat(alpha, 'Contoso', {}, cif);
    const [anchor, notes] = (await hostSessions(page))[0]!.tabs.map((t) => t.id);
    expect(await cif(alpha, 'getTabs')).toEqual({ ok: true, type: 'object', value: [anchor, notes] });
    const kb = valueOf<string>(
      await cif(
        alpha,
        'createTab',
        JSON.stringify({ templateName: 'kb', templateParameters: { topic: 'billing' } }),
        'corr-tab',
      ),
    );
    expect(await cif(alpha, 'getTabs', 'kb', null, 'corr-gt')).toEqual({ ok: true, type: 'object', value: [kb] });
    expect(await cif(alpha, 'getTabs', null, 'notes')).toEqual({ ok: true, type: 'object', value: [notes] });
    expect(await cif(alpha, 'getFocusedTab')).toEqual({ ok: true, type: 'string', value: anchor });
    expect(await cif(alpha, 'focusTab', kb, 'corr-ft')).toMatchObject({ ok: true });
    expect(await cif(alpha, 'getFocusedTab')).toMatchObject({ value: kb });
    await expect(tabStrip(page).getByRole('tab', { name: 'KB billing' })).toHaveAttribute('aria-selected', 'true');
    expect(await cif(alpha, 'refreshTab', kb)).toMatchObject({ ok: true });
    expect((await hostSessions(page))[0]!.tabs[2]!.refreshCount).toBe(1);
    expect(await cif(alpha, 'setTabTitle', kb, { title: 'Billing FAQ' }, 'corr-st')).toEqual({
      ok: true,
      type: 'string',
      value: 'Billing FAQ',
    });
    await expect(tabStrip(page).getByRole('tab', { name: 'Billing FAQ' })).toBeVisible();

    expect(await cif(beta, 'createTab', { templateName: 'kb' })).toEqual(
      cifError('createTab', 'SESSION_NOT_OWNED', {
        message: 'Focused session does not belong to the provider',
        correlationId: expect.stringMatching(UUID_V4),
      }),
    );
    for (const [method, ...args] of [
      ['getTabs'],
      ['focusTab', notes],
      ['refreshTab', kb],
      ['closeTab', kb],
      ['getFocusedTab'],
      ['setTabTitle', kb, { title: 'Mine' }],
    ] as const) {
      expect(await cif(beta, method, ...args), method).toMatchObject(cifError(method, 'SESSION_NOT_OWNED'));
    }
    expect((await hostSessions(page))[0]!.tabs.map((t) => t.title)).toEqual([
      'Profile Contoso',
      'Notes',
      'Billing FAQ',
    ]);

    expect(await cif(alpha, 'closeTab', anchor)).toMatchObject(
      cifError('closeTab', 'INVALID_INPUT', { message: expect.stringMatching(/anchor tab/) }),
    );
    expect(await cif(alpha, 'closeTab', kb, 'corr-ct')).toMatchObject({ ok: true });
    expect(await cif(alpha, 'getTabs')).toMatchObject({ value: [anchor, notes] });
    expect(await cif(alpha, 'closeTab', kb)).toMatchObject(cifError('closeTab', 'TAB_NOT_FOUND'));
  });

  test('the limits: SESSION_LIMIT_REACHED and TAB_LIMIT_REACHED as CIF errors', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoWidgets(page, 'cif', { options: { maxSessions: 1, maxTabsPerSession: 3 } });
    await createChat(alpha, 'Only', {}, cif);
    expect(await cif(beta, 'canCreateSession')).toEqual({ ok: true, type: 'boolean', value: false });
    expect(await cif(beta, 'createSession', chat('More'), 'corr-cap')).toEqual(
      cifError('createSession', 'SESSION_LIMIT_REACHED', {
        message: 'Maximum sessions reached. Close a session before opening another.',
        correlationId: 'corr-cap',
      }),
    );
    expect(await cif(alpha, 'createTab', { templateName: 'kb' })).toMatchObject({ ok: true });
    expect(await cif(alpha, 'createTab', { templateName: 'kb' }, 'corr-tabs')).toEqual(
      cifError('createTab', 'TAB_LIMIT_REACHED', {
        message: 'Maximum tabs reached. Close a tab in this session before opening another.',
        correlationId: 'corr-tabs',
      }),
    );
  });
});

test.describe('events', () => {
  test('handlers get JSON text: onSessionCreated to the owner, and two onSessionSwitched per switch, old owner first', async ({
    driver,
    engine,
  }) => {
    // The host posts the old owner's event first in every engine, but WebKit (WebKitGTK 2.50 here)
    // runs the messages of two MessagePorts in either order (the HTML standard orders each port's
    // messages only; see docs/cif-compatibility.md, Events): there the order across the two widgets
    // can't be checked, only what each widget gets.
    const acrossWidgets = engine !== 'webkit';
    const page = await driver.newPage();
    const { alpha, beta } = await twoListeningWidgets(page, 'cif', ['onSessionCreated', 'onSessionSwitched']);
    const a1 = await createChat(alpha, 'A1', { n: 1 }, cif);
    await expect.poll(() => eventsOf(alpha)).toEqual([created(a1, { n: 1 }), switched(a1, true, { n: 1 })]);
    expect((await recordedEvents(alpha)).map((e) => e.type)).toEqual(['string', 'string']);
    await cifSettled(beta);
    expect(await eventsOf(beta)).toEqual([]);
    await clearEvents(alpha);

    const b1 = await createChat(beta, 'B1', { n: 2 }, cif);
    await expect.poll(() => eventsOf(alpha)).toEqual([switched(a1, false, { n: 1 })]);
    await expect.poll(() => eventsOf(beta)).toEqual([created(b1, { n: 2 }), switched(b1, true, { n: 2 })]);
    if (acrossWidgets) {
      expect((await recordedEvents(alpha))[0]!.seq).toBeLessThan((await recordedEvents(beta))[1]!.seq);
    }
    await clearEvents(alpha, beta);

    await sessionList(page).getByRole('tab', { name: 'Chat with A1' }).click();
    await expect.poll(() => eventsOf(beta)).toEqual([switched(b1, false, { n: 2 })]);
    await expect.poll(() => eventsOf(alpha)).toEqual([switched(a1, true, { n: 1 })]);
    if (acrossWidgets) {
      expect((await recordedEvents(beta))[0]!.seq).toBeLessThan((await recordedEvents(alpha))[0]!.seq);
    }
    // The exact text a CIF widget gets.
    expect((await recordedEvents(alpha))[0]!.data).toBe(
      JSON.stringify({ sessionId: a1, focused: true, context: { n: 1 } }),
    );
  });

  test('onSessionClosed arrives as JSON text after the agent closes the session in the UI', async ({ driver }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoListeningWidgets(page, 'cif', ['onSessionClosed']);
    const a1 = await createChat(alpha, 'A1', { n: 1 }, cif);
    await page.getByRole('button', { name: 'Close session Chat with A1', exact: true }).click();
    await expect
      .poll(() => recordedEvents(alpha))
      .toEqual([
        expect.objectContaining({
          name: 'onSessionClosed',
          type: 'string',
          data: JSON.stringify({ sessionId: a1, context: { n: 1 } }),
        }),
      ]);
    expect(await cif(alpha, 'getAllSessions')).toMatchObject({ value: [] });
    await cifSettled(beta);
    expect(await eventsOf(beta)).toEqual([]);
  });

  test('onmodechanged, onsizechanged and onclicktoact, with setMode/getMode, setWidth/getWidth and setClickToAct/getClickToAct', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha, beta } = await twoListeningWidgets(page, 'cif', ['onmodechanged', 'onsizechanged', 'onclicktoact']);

    expect(await cif(alpha, 'getMode')).toEqual({ ok: true, type: 'number', value: 1 });
    expect(await cif(alpha, 'setMode', 0, 'corr-m')).toMatchObject({ ok: true });
    await expect(page.getByRole('button', { name: 'Dock communication panel' })).toBeVisible();
    expect(await cif(beta, 'getMode')).toMatchObject({ value: 0 });
    expect(await cif(alpha, 'setMode', 7)).toMatchObject(cifError('setMode', 'INVALID_INPUT'));
    await page.getByRole('button', { name: 'Dock communication panel' }).click();

    expect(await cif(alpha, 'getWidth')).toEqual({ ok: true, type: 'number', value: 340 });
    expect(await cif(beta, 'setWidth', 480, 'corr-w')).toMatchObject({ ok: true });
    expect(await cif(beta, 'setWidth', 120)).toMatchObject({ ok: true });
    expect(await cif(alpha, 'getWidth')).toMatchObject({ value: 480 });
    expect(await cif(alpha, 'setWidth', 'wide')).toMatchObject(cifError('setWidth', 'INVALID_INPUT'));
    await expect
      .poll(async () => (await page.getByRole('complementary', { name: 'Communication panel' }).boundingBox())?.width)
      .toBe(480);

    expect(await cif(alpha, 'getClickToAct')).toEqual({ ok: true, type: 'boolean', value: false });
    expect(await cif(alpha, 'setClickToAct', true, 'corr-c')).toMatchObject({ ok: true });
    expect(await cif(alpha, 'getClickToAct')).toMatchObject({ value: true });
    const payload = {
      value: '+1 425 555 0100',
      name: 'telephone1',
      format: 'Phone',
      entityLogicalName: 'contact',
      entityId: 'c-1',
      recordTitle: 'Contoso Ltd',
    };
    expect(await hostCall(page, 'clickToAct', payload)).toMatchObject({ ok: true });

    const expected: [string, unknown][] = [
      ['onmodechanged', { value: 0 }],
      ['onmodechanged', { value: 1 }],
      ['onsizechanged', { value: 480 }],
    ];
    await expect.poll(() => eventsOf(alpha)).toEqual([...expected, ['onclicktoact', payload]]);
    await cifSettled(beta);
    expect(await eventsOf(beta)).toEqual(expected);
    expect((await recordedEvents(beta)).every((e) => e.type === 'string')).toBe(true);
  });

  test("removeHandler stops a handler, a throwing handler harms nothing, and raiseEvent runs the widget's own handlers", async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'cif');
    // Handlers registered through the legacy callbacks form as well as the promise one.
    await alpha.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const w = window as unknown as { thrown: number };
          w.thrown = 0;
          (window as unknown as CifWindow).Microsoft.CIFramework.addHandler!(
            'onmodechanged',
            () => {
              w.thrown += 1;
              throw new Error('a CIF handler failed on purpose');
            },
            () => resolve(),
            reject,
          );
        }),
    );
    await listen(alpha, 'onmodechanged');
    expect(await hostCall(page, 'setMode', 0)).toMatchObject({ ok: true });
    await expect.poll(() => eventsOf(alpha)).toEqual([['onmodechanged', { value: 0 }]]);
    expect(await alpha.evaluate(() => (window as unknown as { thrown: number }).thrown)).toBe(1);

    expect(
      await alpha.evaluate(() =>
        (window as unknown as { unlisten(n: string): Promise<CifOutcome> }).unlisten('onmodechanged'),
      ),
    ).toMatchObject({ ok: true });
    expect(await hostCall(page, 'setMode', 1)).toMatchObject({ ok: true });
    await expect.poll(() => alpha.evaluate(() => (window as unknown as { thrown: number }).thrown)).toBe(2);
    expect(await eventsOf(alpha)).toEqual([['onmodechanged', { value: 0 }]]);
    expect(await cif(alpha, 'getMode')).toMatchObject({ ok: true, value: 1 });

    // raiseEvent: the widget's own handlers for a custom event get its data as JSON text.
    await listen(alpha, 'onCallQueued');
    expect(await cif(alpha, 'raiseEvent', 'onCallQueued', { position: 3 })).toMatchObject({ ok: true });
    expect((await recordedEvents(alpha)).at(-1)).toMatchObject({
      name: 'onCallQueued',
      type: 'string',
      data: '{"position":3}',
    });
  });

  test('a typed widget and a CIF widget share one host: events and ownership work across the two faces', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const [typed, cifWidget] = await openApiHost(page, [
      { name: 'typed', kind: 'typed' },
      { name: 'cif', kind: 'cif' },
    ]);
    await listen(typed!, 'onSessionSwitched');
    await listen(cifWidget!, 'onSessionSwitched');
    const mine = valueOf<string>(await call(typed!, 'createSession', chat('Typed')));
    const theirs = await createChat(cifWidget!, 'Global', {}, cif);
    await expect.poll(() => eventsOf(typed!)).toEqual([switched(mine, true, {}), switched(mine, false, {})]);
    await expect
      .poll(() => recordedEvents(cifWidget!))
      .toEqual([
        expect.objectContaining({
          type: 'string',
          data: JSON.stringify({ sessionId: theirs, focused: true, context: {} }),
        }),
      ]);
    expect(await call(typed!, 'getSession', theirs)).toMatchObject({ ok: false, code: 'SESSION_NOT_FOUND' });
    expect(await call(typed!, 'createTab', { templateName: 'kb' })).toMatchObject({
      ok: false,
      code: 'SESSION_NOT_OWNED',
    });
    expect(await cif(cifWidget!, 'getSession', mine)).toMatchObject(cifError('getSession', 'SESSION_NOT_FOUND'));
  });
});

test.describe('notifications', () => {
  function notify(frame: Frame, ...args: unknown[]): Promise<void> {
    return frame.evaluate((args) => {
      const w = window as unknown as { cif(m: string, ...a: unknown[]): Promise<unknown>; notified: Promise<unknown> };
      w.notified = w.cif('notifyEvent', ...args);
    }, args);
  }
  const answerOf = (frame: Frame) =>
    frame.evaluate(() => (window as unknown as { notified: Promise<CifOutcome> }).notified);

  test('notifyEvent resolves with JSON text: Accept and Reject from the UI buttons, and Timeout', async ({
    driver,
  }) => {
    const page = await driver.newPage();
    const { alpha } = await twoWidgets(page, 'cif');
    await notify(
      alpha,
      { templateName: 'incoming', templateParameters: { customer: 'Contoso', phone: '+1 425 555 0100' } },
      'corr-n',
      'token-1',
    );
    const dialog = page.getByRole('alertdialog', { name: 'Incoming call from Contoso' });
    await expect(dialog.locator('dd')).toHaveText(['Contoso', '+1 425 555 0100']);
    await expect(dialog.getByRole('timer')).toHaveText(/^\d+ s left$/);
    await dialog.getByRole('button', { name: 'Accept' }).click();
    expect(await answerOf(alpha)).toEqual({
      ok: true,
      type: 'string',
      value: JSON.stringify({ actionName: 'Accept', responseReason: '' }),
    });

    await notify(alpha, JSON.stringify({ templateName: 'incoming', templateParameters: { customer: 'Fabrikam' } }));
    await page
      .getByRole('alertdialog', { name: 'Incoming call from Fabrikam' })
      .getByRole('button', { name: 'Reject' })
      .click();
    expect(JSON.parse(valueOf<string>(await answerOf(alpha)))).toEqual({ actionName: 'Reject', responseReason: '' });

    await notify(alpha, { templateName: 'ringout', templateParameters: { customer: 'Nobody' } });
    expect(JSON.parse(valueOf<string>(await answerOf(alpha)))).toEqual({ actionName: 'Timeout', responseReason: '' });
    await expect(page.getByRole('alertdialog')).toHaveCount(0);

    expect(await cif(alpha, 'notifyEvent', { templateName: 'nope' })).toMatchObject(
      cifError('notifyEvent', 'TEMPLATE_NOT_FOUND'),
    );
  });
});
