import { test, expect } from '@playwright/test';
import { BridgeError, BridgeErrorCode, type JsonValue } from '@cif-bridge/protocol';
import type { HostHandler } from '../../src/createProviderApi.js';
import { RecordForms, withRecordTemplates } from '../../src/RecordForms.js';
import { recordHandlers } from '../../src/recordHandlers.js';
import type { RecordChange, RecordData, RecordSource } from '../../src/RecordSource.js';
import { SessionStore } from '../../src/SessionStore.js';
import type { TabTemplate } from '../../src/types.js';

/*
 * The record methods that open tabs, on the real session store with an in-memory record source:
 * which tab each opens where, what openForm resolves with, and the errors for bad input.
 */

/** A record source over one entity, `contact`, whose search matches names containing the query. */
function contacts(): RecordSource {
  const rows: RecordData[] = [
    { contactid: 'c1', fullname: 'Ada Lovelace' },
    { contactid: 'c2', fullname: 'Alan Turing' },
  ];
  const metadata = {
    logicalName: 'contact',
    primaryIdAttribute: 'contactid',
    primaryNameAttribute: 'fullname',
    attributes: ['contactid', 'fullname'],
  };
  const known = (entity: string): void => {
    if (entity !== 'contact') throw new BridgeError(BridgeErrorCode.INVALID_INPUT, `Unknown entity ${entity}.`);
  };
  return {
    search: async (entity, query) => (known(entity), rows.filter((row) => String(row.fullname).includes(query))),
    retrieve: async (entity, id) => {
      known(entity);
      const row = rows.find((r) => r.contactid === id);
      if (row === undefined)
        throw new BridgeError(BridgeErrorCode.RECORD_NOT_FOUND, `No contact record has the id ${id}.`);
      return row;
    },
    create: async (entity) => (known(entity), { entityType: entity, id: 'new' }),
    update: async (entity, id) => (known(entity), { entityType: entity, id }),
    delete: async () => undefined,
    metadata: async (entity) => (known(entity), metadata),
  };
}

function setup() {
  const store = new SessionStore({
    sessionTemplates: [{ name: 'call', title: 'Call', anchorTab: 'profile' }],
    tabTemplates: withRecordTemplates([{ name: 'profile', title: 'Profile', type: 'website', parameters: {} }]),
    maxSessions: 3,
    maxTabsPerSession: 5,
    origin: 'https://desk.example.com',
  });
  const forms = new RecordForms(store);
  store.onChange(() => forms.sweep());
  const changes: RecordChange[] = [];
  const handlers = recordHandlers(contacts(), forms, (change) => changes.push(change));
  const run = (method: keyof typeof handlers, provider: string, ...args: JsonValue[]) =>
    // Async, as the method table's callHandler is: a handler that throws rejects the call.
    (async () => (handlers[method] as HostHandler)(args, { provider, correlationId: 'corr' }))();
  const homeTabs = () => store.home().tabs.map(({ type, parameters, title }) => ({ type, parameters, title }));
  return { store, forms, run, homeTabs, changes };
}

/** What a promise rejected with. */
async function rejection(promise: Promise<unknown>): Promise<BridgeError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: BridgeError) => error,
  );
}

test('searchAndOpenRecords with searchOnly false opens the one match, or a search tab for several', async () => {
  const { run, homeTabs } = setup();
  expect(await run('searchAndOpenRecords', 'A', 'contact', 'Ada', false)).toEqual({
    0: { contactid: 'c1', fullname: 'Ada Lovelace' },
  });
  expect(homeTabs()).toEqual([
    {
      type: 'entityrecord',
      title: 'Ada Lovelace',
      parameters: { entityName: 'contact', entityId: 'c1', name: 'Ada Lovelace', formParameters: '' },
    },
  ]);
  await run('searchAndOpenRecords', 'A', 'contact', 'A', 'false');
  expect(homeTabs()[1]).toEqual({
    type: 'search',
    title: 'Search contact',
    parameters: { entityName: 'contact', query: 'A', title: 'Search contact' },
  });
  // No match, or searchOnly true (or left out): nothing opens.
  await run('searchAndOpenRecords', 'A', 'contact', 'Grace', false);
  await run('searchAndOpenRecords', 'A', 'contact', 'Ada', true);
  await run('searchAndOpenRecords', 'A', 'contact', 'Ada');
  expect(homeTabs()).toHaveLength(2);
});

test('openForm resolves with the saved record after the agent saves, and with none when the tab closes unsaved', async () => {
  const { store, forms, run, homeTabs } = setup();
  const saved = run('openForm', 'A', '{"entityName":"contact"}', { firstname: 'Grace' });
  await expect.poll(() => homeTabs().length).toBe(1);
  expect(homeTabs()[0]).toMatchObject({
    type: 'entityrecord',
    title: 'New contact',
    parameters: { entityName: 'contact', entityId: '', formParameters: '{"firstname":"Grace"}' },
  });
  const [tab] = store.home().tabs;
  forms.saved(tab!.id, { entityType: 'contact', id: 'new', name: 'Grace Hopper' });
  expect(await saved).toEqual({ savedEntityReference: [{ entityType: 'contact', id: 'new', name: 'Grace Hopper' }] });
  // The tab names the record now, so that a reload shows it rather than an empty form.
  expect(homeTabs()[0]).toMatchObject({
    title: 'Grace Hopper',
    parameters: { entityName: 'contact', entityId: 'new', name: 'Grace Hopper' },
  });
  expect(() => forms.saved(tab!.id, { entityType: 'contact', id: 7 } as never)).toThrow(
    'formSaved: give the tab id and { entityType, id, name }, all strings.',
  );

  const closed = run('openForm', 'A', { entityName: 'contact', entityId: 'c2' });
  await expect.poll(() => homeTabs().length).toBe(2);
  const second = store.home().tabs[1]!;
  expect(second.title).toBe('Alan Turing');
  store.agentCloseTab(null, second.id);
  expect(await closed).toEqual({ savedEntityReference: [] });
});

test('openForm, renderSearchPage and refreshForm say what is wrong with their input', async () => {
  const { run, homeTabs } = setup();
  const cases: [Promise<unknown>, string, RegExp][] = [
    [run('openForm', 'A'), 'INVALID_INPUT', /entityFormOptions must be an object or its JSON text/],
    [run('openForm', 'A', '{nope'), 'INVALID_INPUT', /entityFormOptions must be an object or its JSON text/],
    [run('openForm', 'A', ['contact']), 'INVALID_INPUT', /entityFormOptions must be an object/],
    [run('openForm', 'A', {}), 'INVALID_INPUT', /entityFormOptions.entityName must be a non-empty string/],
    [run('openForm', 'A', { entityName: 'contact', entityId: 7 }), 'INVALID_INPUT', /entityFormOptions.entityId/],
    [
      run('openForm', 'A', { entityName: 'contact' }, 'text'),
      'INVALID_INPUT',
      /formParameters must be an object or its JSON text/,
    ],
    [run('openForm', 'A', { entityName: 'contact', entityId: 'nobody' }), 'RECORD_NOT_FOUND', /nobody/],
    [run('openForm', 'A', { entityName: 'account' }), 'INVALID_INPUT', /Unknown entity account/],
    [run('renderSearchPage', 'A', ''), 'INVALID_INPUT', /entityLogicalName must be a non-empty string/],
    [run('refreshForm', 'A'), 'INVALID_INPUT', /the focused tab is not a record tab/],
  ];
  for (const [promise, code, message] of cases) {
    const error = await rejection(promise);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  }
  // None of them opened a tab.
  expect(homeTabs()).toEqual([]);
});

test('record tabs open in the caller’s focused session, never in another provider’s', async () => {
  const { store, run } = setup();
  const sessionId = store.createSession({ provider: 'B' }, { templateName: 'call' }, 'corr');
  for (const pending of [
    run('openForm', 'A', { entityName: 'contact' }),
    run('renderSearchPage', 'A', 'contact', 'Ada'),
    run('searchAndOpenRecords', 'A', 'contact', 'Ada', false),
    run('refreshForm', 'A'),
  ]) {
    expect((await rejection(pending)).code).toBe(BridgeErrorCode.SESSION_NOT_OWNED);
  }
  await run('renderSearchPage', 'B', 'contact', 'Ada');
  await run('searchAndOpenRecords', 'B', 'contact', 'Ada', false);
  const tabs = store.get(sessionId)!.tabs;
  expect(tabs.map((tab) => [tab.type, tab.title])).toEqual([
    ['website', 'Profile'],
    ['search', 'Search contact: Ada'],
    ['entityrecord', 'Ada Lovelace'],
  ]);
  // refreshForm reloads the focused record tab.
  await run('refreshForm', 'B');
  expect(store.get(sessionId)!.tabs[2]!.refreshCount).toBe(1);
});

test('each record a widget creates, updates or deletes is reported once the source has done it', async () => {
  const { run, changes } = setup();
  await run('createRecord', 'A', 'contact', { fullname: 'Grace Hopper' });
  await run('updateRecord', 'B', 'contact', 'c1', '{"fullname":"Ada King"}');
  await run('deleteRecord', 'A', 'contact', 'c2');
  await run('retrieveRecord', 'A', 'contact', 'c1');
  // A call the source refuses changed nothing, so nothing is reported.
  expect((await rejection(run('createRecord', 'A', 'lead', {}))).code).toBe(BridgeErrorCode.INVALID_INPUT);
  expect(changes).toEqual([
    { entityName: 'contact', id: 'new', change: 'created', provider: 'A' },
    { entityName: 'contact', id: 'c1', change: 'updated', provider: 'B' },
    { entityName: 'contact', id: 'c2', change: 'deleted', provider: 'A' },
  ]);
});

test('a page template of the same name replaces a record template', () => {
  const own: TabTemplate = { name: 'entityrecord', title: 'Record {entityId}', type: 'entityrecord', parameters: {} };
  const templates = withRecordTemplates([own]);
  expect(templates.map((t) => t.name)).toEqual(['entityrecord', 'search', 'recordsearch']);
  expect(templates[0]).toBe(own);
});
