/**
 * The records' default UI (`@cif-bridge/records/ui`) on a host given records: record tabs that show,
 * edit and save a record and list its related activities, search tabs, the Home search box, and the
 * CIF methods that open them (`searchAndOpenRecords` with searchOnly false, `openForm`,
 * `renderSearchPage`, `refreshForm`), driven by role and label as an agent would, by mouse and by
 * keyboard, in every engine.
 */
import { type DriverFrame, type DriverPage, expect, type Locator, test } from './driver/test.js';
import { expectNoTrouble, valueOf } from './support/assertions.js';
import { type ApiProvider, openApiHost, tabStrip } from './support/hosts.js';
import { contactSeed } from './support/records.js';
import { origins } from './support/origins.js';
import { cif } from './support/widgets.js';

/** A field value a hostile CRM record could hold: markup that must show as text. */
const HOSTILE = '<img src=x onerror="window.pwned=1">Mallory';

/** Contacts, one with a hostile name, and a phone call and a task regarding Ada (c1). */
const seed = {
  entities: [
    {
      ...contactSeed.entities[0]!,
      rows: [
        ...contactSeed.entities[0]!.rows,
        { contactid: 'c3', firstname: HOSTILE, lastname: 'Evil', mobilephone: '+1 206 555 0199' },
      ],
    },
    ...['phonecall', 'task'].map((logicalName) => ({
      logicalName,
      primaryIdAttribute: 'activityid',
      primaryNameAttribute: 'subject',
      attributes: ['activityid', 'subject', 'description'],
      rows: [
        {
          activityid: `${logicalName}-1`,
          subject: logicalName === 'task' ? 'Send the quote' : 'Call about the invoice',
          _regardingobjectid_value: 'c1',
        },
        { activityid: `${logicalName}-2`, subject: 'About someone else', _regardingobjectid_value: 'c2' },
      ],
    })),
  ],
};

/** Opens the test host with records, the records UI and these widgets. */
function openDesk(page: DriverPage, providers: ApiProvider[]): Promise<DriverFrame[]> {
  return openApiHost(page, providers, { records: seed, recordsUi: { entities: ['contact', 'phonecall'] } });
}

/** The content of the tab on screen. */
const shown = (page: DriverPage): Locator => page.locator('.cifb-tab-content:not([hidden])');

/** A record in the page's store (`window.store`), as the store has it now. */
function stored(page: DriverPage, entity: string, id: string): Promise<Record<string, unknown>> {
  return page.evaluate(
    ([entity, id]) =>
      (
        window as unknown as { store: { retrieve(e: string, i: string): Promise<Record<string, unknown>> } }
      ).store.retrieve(entity, id),
    [entity, id] as const,
  );
}

/** Starts a CIF call in a widget without waiting for it; {@link pending} reads its outcome later. */
async function start(frame: DriverFrame, method: string, ...args: unknown[]): Promise<void> {
  await frame.evaluate(
    ([method, args]) => {
      const w = window as unknown as { cif(m: string, ...a: unknown[]): Promise<unknown>; pending?: Promise<unknown> };
      w.pending = w.cif(method, ...args);
    },
    [method, args] as const,
  );
}

/** The outcome of the call {@link start} started. */
function pending(frame: DriverFrame): Promise<unknown> {
  return frame.evaluate(() => (window as unknown as { pending: Promise<unknown> }).pending);
}

test('searchAndOpenRecords opens the one match as a record tab; the agent edits and saves it by keyboard', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const [widget] = await openDesk(page, [{ name: 'cif', kind: 'cif' }]);
  const found = await cif(
    widget!,
    'searchAndOpenRecords',
    'contact',
    "?$filter=contains(mobilephone,'+1 425')",
    false,
    'corr-1',
  );
  // The results still come back as CIF gives them.
  expect(JSON.parse(valueOf<string>(found))).toMatchObject({ 0: { contactid: 'c1', fullname: 'Ada Lovelace' } });
  await expect(tabStrip(page).getByRole('tab', { name: 'Ada Lovelace' })).toHaveAttribute('aria-selected', 'true');
  const record = shown(page);
  await expect(record.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(record.getByLabel('mobilephone')).toHaveValue('+1 425 555 0100');
  await expect(record.getByLabel('contactid')).toHaveAttribute('readonly', '');
  // The store computes fullname from its parts: what the agent typed there would be replaced.
  await expect(record.getByLabel('fullname')).toHaveAttribute('readonly', '');
  await expect(record.getByLabel('firstname')).not.toHaveAttribute('readonly', '');
  // And they look it: the agent sees which fields take typing before trying.
  const look = (field: string): Promise<string> =>
    page.evaluate(
      (name) =>
        getComputedStyle(document.querySelector(`.cifb-tab-content:not([hidden]) input[name="${name}"]`)!)
          .backgroundColor,
      field,
    );
  expect(await look('fullname')).toBe(await look('contactid'));
  expect(await look('fullname')).not.toBe(await look('firstname'));
  // The activities whose regarding lookup is Ada, and not the others.
  const related = record.getByRole('list', { name: 'Related activities' });
  await expect(related.getByRole('button')).toHaveText(['phonecall: Call about the invoice', 'task: Send the quote']);

  // Edit and save with the keyboard alone: Enter in a field submits the form.
  await record.getByLabel('lastname').fill('King');
  await record.getByLabel('lastname').press('Enter');
  await expect(record.getByRole('status')).toHaveText('Saved.');
  await expect(record.getByRole('heading', { name: 'Ada King' })).toBeVisible();
  expect(await stored(page, 'contact', 'c1')).toMatchObject({ lastname: 'King', fullname: 'Ada King' });

  // refreshForm reloads the focused record tab: a change made elsewhere shows.
  await page.evaluate(() =>
    (window as unknown as { store: { update(...a: unknown[]): Promise<unknown> } }).store.update('contact', 'c1', {
      mobilephone: '+1 425 555 0111',
    }),
  );
  expect(await cif(widget!, 'refreshForm', 'corr-r')).toMatchObject({ ok: true });
  await expect(shown(page).getByLabel('mobilephone')).toHaveValue('+1 425 555 0111');

  // A related activity opens as a record tab of its own.
  await shown(page).getByRole('button', { name: 'task: Send the quote' }).click();
  await expect(shown(page).getByRole('heading', { name: 'Send the quote' })).toBeVisible();
  await expectNoTrouble(page);
});

test('several matches open a search tab; a result opens as a record tab with Enter', async ({ driver }) => {
  const page = await driver.newPage();
  const [widget] = await openDesk(page, [{ name: 'cif', kind: 'cif' }]);
  await cif(widget!, 'searchAndOpenRecords', 'contact', "?$filter=startswith(firstname,'a')", false, 'corr-s');
  await expect(tabStrip(page).getByRole('tab', { name: 'Search contact' })).toHaveAttribute('aria-selected', 'true');
  const results = shown(page).getByRole('list', { name: 'contact results' });
  await expect(results.getByRole('button')).toHaveCount(2);
  await expect(shown(page).getByRole('status')).toHaveText('2 records found');
  await results.getByRole('button', { name: /Alan Turing/ }).press('Enter');
  await expect(tabStrip(page).getByRole('tab', { name: 'Alan Turing' })).toHaveAttribute('aria-selected', 'true');
  await expect(shown(page).getByLabel('firstname')).toHaveValue('Alan');

  // renderSearchPage opens a search tab for text.
  expect(await cif(widget!, 'renderSearchPage', 'contact', 'Lovelace', 0, 'corr-p')).toMatchObject({ ok: true });
  await expect(tabStrip(page).getByRole('tab', { name: 'Search contact: Lovelace' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(shown(page).getByRole('button', { name: /Ada Lovelace/ })).toBeVisible();
  await expectNoTrouble(page);
});

test('openForm resolves with the saved record, past the call timeout; a form closed unsaved resolves with none', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const [typed, cifWidget] = await openDesk(page, [
    { name: 'typed', kind: 'typed' },
    { name: 'cif', kind: 'cif' },
  ]);
  // A second client of the typed widget whose calls time out after 300 ms.
  await typed!.evaluate(async (host) => {
    const w = window as unknown as {
      CifBridgeChild: { connect(o: unknown): Promise<Record<string, (...a: unknown[]) => Promise<unknown>>> };
      form?: Promise<unknown>;
    };
    const client = await w.CifBridgeChild.connect({ hostOrigin: [host], timeoutMs: 300 });
    w.form = client.openForm!({ entityName: 'contact' }, { firstname: 'Grace', lastname: 'Hopper' }).then(
      (value) => ({ ok: true, value }),
      (error: { code?: string }) => ({ ok: false, code: error.code }),
    );
  }, origins.host);
  const form = shown(page);
  await expect(form.getByRole('heading', { name: 'New contact' })).toBeVisible();
  await expect(form.getByLabel('firstname')).toHaveValue('Grace');
  // Waits past the client's 300 ms call timeout on purpose: the open form must not time out.
  await typed!.evaluate(() => new Promise((resolve) => setTimeout(resolve, 600)));
  await form.getByLabel('mobilephone').fill('+1 212 555 0142');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  // The tab now names the record it created.
  await expect(tabStrip(page).getByRole('tab', { name: 'Grace Hopper' })).toHaveAttribute('aria-selected', 'true');
  const saved = (await typed!.evaluate(() => (window as unknown as { form: Promise<unknown> }).form)) as {
    ok: boolean;
    value: { savedEntityReference: { entityType: string; id: string; name: string }[] };
  };
  expect(saved.ok).toBe(true);
  const [reference] = saved.value.savedEntityReference;
  expect(reference).toMatchObject({ entityType: 'contact', name: 'Grace Hopper' });
  // Reloaded, the tab shows the record it created, not an empty form.
  expect(await cif(cifWidget!, 'refreshForm', 'corr-rf')).toMatchObject({ ok: true });
  await expect(shown(page).getByLabel('contactid')).toHaveValue(reference!.id);
  await expect(shown(page).getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  expect(await stored(page, 'contact', reference!.id)).toMatchObject({
    fullname: 'Grace Hopper',
    mobilephone: '+1 212 555 0142',
  });

  // The CIF face: an existing record's form, closed without saving, resolves as JSON text with none.
  await start(cifWidget!, 'openForm', JSON.stringify({ entityName: 'contact', entityId: 'c2' }), undefined, 'corr-o');
  await expect(shown(page).getByRole('heading', { name: 'Alan Turing' })).toBeVisible();
  await page.getByRole('button', { name: 'Close tab Alan Turing' }).click();
  const closed = await pending(cifWidget!);
  expect(closed).toMatchObject({ ok: true, type: 'string' });
  expect(JSON.parse((closed as { value: string }).value)).toEqual({ savedEntityReference: [] });
  // A form for a record that isn't there opens nothing.
  expect(await cif(cifWidget!, 'openForm', { entityName: 'contact', entityId: 'nobody' }, {}, 'corr-x')).toMatchObject({
    ok: false,
    code: 'RECORD_NOT_FOUND',
  });
  await expectNoTrouble(page);
});

test('record tabs open only in the caller’s own session or Home', async ({ driver }) => {
  const page = await driver.newPage();
  const [alpha, beta] = await openDesk(page, [
    { name: 'alpha', kind: 'cif' },
    { name: 'beta', kind: 'cif' },
  ]);
  await cif(beta!, 'createSession', { templateName: 'call', templateParameters: { customer: 'Bob' } });
  await expect(tabStrip(page).getByRole('tab', { name: 'Profile Bob' })).toBeVisible();
  expect(await cif(alpha!, 'openForm', { entityName: 'contact' }, {}, 'corr-n')).toMatchObject({
    ok: false,
    code: 'SESSION_NOT_OWNED',
  });
  expect(await cif(alpha!, 'renderSearchPage', 'contact', 'Ada', 0, 'corr-n2')).toMatchObject({
    ok: false,
    code: 'SESSION_NOT_OWNED',
  });
  // The owner's record tab opens in its session.
  await cif(beta!, 'searchAndOpenRecords', 'contact', "?$filter=contactid eq 'c2'", false, 'corr-b');
  await expect(tabStrip(page).getByRole('tab', { name: 'Alan Turing' })).toHaveAttribute('aria-selected', 'true');
  await expect(tabStrip(page).getByRole('tab')).toHaveCount(2);
});

test('a desk restored with persist keeps one Home search box, and the agent’s focus', async ({ driver }) => {
  const page = await driver.newPage();
  const open = (): Promise<DriverFrame[]> =>
    openApiHost(page, [{ name: 'cif', kind: 'cif' }], {
      records: seed,
      recordsUi: { entities: ['contact'] },
      options: { persist: 'sessionStorage' },
    });
  await open();
  const box = shown(page).getByRole('search', { name: 'Search records' });
  await box.getByLabel('Search text').fill('Ada');
  await box.getByLabel('Search text').press('Enter');
  const results = tabStrip(page).getByRole('tab', { name: 'Search contact: Ada' });
  await expect(results).toHaveAttribute('aria-selected', 'true');
  // The host page starts again (a reload), restores Home's tabs, and asks for the search box again.
  await open();
  await expect(results).toHaveAttribute('aria-selected', 'true');
  await expect(tabStrip(page).getByRole('tab', { name: 'Search records' })).toHaveCount(1);
  await expectNoTrouble(page);
});

test('the Home search box opens a search tab in Home; hostile values show as text', async ({ driver }) => {
  const page = await driver.newPage();
  await openDesk(page, [{ name: 'cif', kind: 'cif' }]);
  await expect(tabStrip(page).getByRole('tab', { name: 'Search records' })).toHaveAttribute('aria-selected', 'true');
  const box = shown(page).getByRole('search', { name: 'Search records' });
  await expect(box.getByLabel('Entity')).toHaveValue('contact');
  await box.getByLabel('Search text').fill('Mallory');
  await box.getByLabel('Search text').press('Enter');
  await expect(tabStrip(page).getByRole('tab', { name: 'Search contact: Mallory' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const result = shown(page).getByRole('button', { name: /Mallory/ });
  await expect(result).toContainText(HOSTILE);
  await result.click();
  const record = shown(page);
  await expect(record.locator('h2')).toHaveText(`${HOSTILE} Evil`);
  await expect(record.getByLabel('firstname')).toHaveValue(HOSTILE);
  // The markup never became an element, and its handler never ran.
  expect(await page.evaluate(() => [document.querySelectorAll('img').length, 'pwned' in window])).toEqual([0, false]);
  // An unknown entity's search shows the store's error as text.
  await page.evaluate(() =>
    (window as unknown as { host: { openTab(...a: unknown[]): string } }).host.openTab(null, 'search', {
      entityName: 'nosuch',
      title: 'Search nosuch',
    }),
  );
  await expect(shown(page).getByRole('alert')).toContainText('nosuch');
  await expectNoTrouble(page);
});

test('with labels the agent reads display names; an entity or attribute without one shows its logical name', async ({
  driver,
}) => {
  const page = await driver.newPage();
  const labels = {
    contact: { name: 'Contact', attributes: { mobilephone: 'Mobile Phone', contactid: 'Contact ID' } },
    phonecall: { name: 'Phone Call' },
  };
  const [widget] = await openApiHost(page, [{ name: 'cif', kind: 'cif' }], {
    records: seed,
    recordsUi: { entities: ['contact', 'phonecall'], labels },
  });
  // The Home search box offers the entities by name; what it searches is still the logical name.
  const box = shown(page).getByRole('search', { name: 'Search records' });
  await expect(box.locator('option')).toHaveText(['Contact', 'Phone Call']);
  await expect(box.getByLabel('Entity')).toHaveValue('contact');
  await box.getByLabel('Search text').fill('Ada');
  await box.getByLabel('Search text').press('Enter');
  await expect(shown(page).getByRole('list', { name: 'Contact results' }).getByRole('button')).toHaveCount(1);

  await cif(widget!, 'searchAndOpenRecords', 'contact', "?$filter=contactid eq 'c1'", false, 'corr-l');
  const record = shown(page);
  await expect(record.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(record.getByLabel('Mobile Phone')).toHaveValue('+1 425 555 0100');
  await expect(record.getByLabel('Contact ID')).toHaveAttribute('readonly', '');
  await expect(record.getByLabel('lastname')).toHaveValue('Lovelace');
  await expect(record.getByRole('list', { name: 'Related activities' }).getByRole('button')).toHaveText([
    'Phone Call: Call about the invoice',
    'task: Send the quote',
  ]);
  expect(await record.getByText('mobilephone').count()).toBe(0);

  // A new-record form is titled by the entity's name.
  await start(widget!, 'openForm', JSON.stringify({ entityName: 'contact' }), undefined, 'corr-f');
  await expect(shown(page).getByRole('heading', { name: 'New Contact' })).toBeVisible();

  // Only the options' own entries are labels: a tab's entity named like an Object property is not one.
  await page.evaluate(() =>
    (window as unknown as { host: { openTab(...a: unknown[]): string } }).host.openTab(null, 'search', {
      entityName: 'constructor',
      title: 'Search constructor',
    }),
  );
  await expect(shown(page).getByRole('alert')).toContainText('constructor');
  expect(await shown(page).locator('.cifr-results').getAttribute('aria-label')).toBe('constructor results');
  await expectNoTrouble(page);
});

test('createRecordsUi options that are not what they should be are INVALID_INPUT, saying which and what to give', async ({
  driver,
}) => {
  const page = await driver.newPage();
  await openApiHost(page, [{ name: 'cif', kind: 'cif' }], { records: seed, recordsUi: { entities: ['contact'] } });
  const errors = await page.evaluate(() => {
    const w = window as unknown as {
      store: unknown;
      host: unknown;
      CifBridgeRecordsUi: { createRecordsUi(options: unknown): unknown };
    };
    const labels = (value: unknown) => ({ labels: value });
    return [
      { records: {} },
      { host: w.host },
      { entities: 'contact' },
      { activities: ['phonecall', ''] },
      labels(['contact']),
      labels({ contact: 'Contact' }),
      labels({ contact: { name: '' } }),
      labels({ contact: { attributes: { mobilephone: 7 } } }),
      labels({ contact: { attributes: ['mobilephone'] } }),
      labels({ contact: { label: 'Contact' } }),
    ].map((options) => {
      try {
        w.CifBridgeRecordsUi.createRecordsUi({ records: w.store, host: () => w.host, ...options });
        return 'created';
      } catch (error) {
        const { code, message } = error as { code: string; message: string };
        return `${code}: ${message}`;
      }
    });
  });
  expect(errors).toEqual([
    'INVALID_INPUT: createRecordsUi: records must be a record source (such as createBrowserRecords from @cif-bridge/records).',
    'INVALID_INPUT: createRecordsUi: host must be a function that returns the host.',
    "INVALID_INPUT: createRecordsUi: entities must be a list of entity logical names, such as ['contact'].",
    "INVALID_INPUT: createRecordsUi: activities must be a list of entity logical names, such as ['contact'].",
    "INVALID_INPUT: createRecordsUi: labels must be an object of entities' labels, such as { contact: { name: 'Contact', attributes: { mobilephone: 'Mobile Phone' } } }.",
    'INVALID_INPUT: createRecordsUi: labels.contact must be an object of its name and attributes, each optional.',
    'INVALID_INPUT: createRecordsUi: labels.contact.name must be a non-empty string.',
    "INVALID_INPUT: createRecordsUi: labels.contact.attributes must be an object of non-empty strings, such as { mobilephone: 'Mobile Phone' }.",
    "INVALID_INPUT: createRecordsUi: labels.contact.attributes must be an object of non-empty strings, such as { mobilephone: 'Mobile Phone' }.",
    'INVALID_INPUT: createRecordsUi: labels.contact must be an object of its name and attributes, each optional.',
  ]);
});
