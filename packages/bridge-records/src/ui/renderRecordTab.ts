import type { EntityMetadata, RecordData, TabSnapshot } from '@cif-bridge/host';
import { createUiElement as h, messageOf } from './createUiElement.js';
import { label, recordName, sessionOf, textParameter, type RecordsUiContext } from './RecordsUiContext.js';

/** How an attribute's value shows in its input: text as it is, other JSON as JSON, nothing as empty. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The agent's text read back as the attribute's kind: a number stays a number and a boolean a
 * boolean when the text still reads as one, emptied is null, anything else is text.
 */
function typed(text: string, before: unknown): unknown {
  if (text === '') return null;
  if (typeof before === 'number' && Number.isFinite(Number(text))) return Number(text);
  if (typeof before === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * Values a widget's `openForm` passed in `formParameters` (JSON text in the tab's parameters) to
 * fill a new-record form: only text, numbers and booleans, as form fields take.
 */
function prefill(text: string): RecordData {
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value)),
    );
  } catch {
    return {};
  }
}

/**
 * Draws a record tab (type `entityrecord`): the record's attributes as labelled inputs (those the
 * entity's metadata lists, then the record's own), a Save button that updates the record, or creates
 * it when the tab has no `entityId` (a new-record form), errors as text, and the related activities.
 * After a save the host is told (`formSaved`), so a widget's `openForm` resolves with the record.
 *
 * @returns the cleanup: results that arrive after the tab closed are dropped.
 */
export function renderRecordTab(ui: RecordsUiContext, tab: TabSnapshot, element: HTMLElement): () => void {
  const { records } = ui;
  const entityName = textParameter(tab.parameters, 'entityName');
  let id = textParameter(tab.parameters, 'entityId');
  let alive = true;
  /** Whether the agent has typed nothing into the form drawn last. */
  let untouched = (): boolean => true;
  const heading = h('h2', { class: 'cifr-title' });
  const alert = h('p', { class: 'cifr-error', role: 'alert' });
  const status = h('p', { class: 'cifr-status', role: 'status' });
  const form = h('form', { class: 'cifr-form' });
  const related = h('ul', { class: 'cifr-related', 'aria-label': 'Related activities' });
  const relatedSection = h('section', { class: 'cifr-activities', hidden: '' }, [
    h('h3', {}, 'Related activities'),
    related,
  ]);
  element.replaceChildren(h('div', { class: 'cifr-record' }, [heading, alert, form, status, relatedSection]));

  const fail = (error: unknown): void => {
    if (alive) alert.textContent = messageOf(error);
  };

  /** Draws the form for `record` of an entity described by `meta`. */
  function draw(meta: EntityMetadata, record: RecordData): void {
    heading.textContent =
      id === '' ? `New ${label(ui, entityName)}` : recordName(record, meta.primaryNameAttribute, id);
    // The entity's known attributes first, in its order, then those only this record has; OData
    // annotations (`name@odata.bind`) are the store's business, not a field.
    const names = [...new Set([...meta.attributes, ...Object.keys(record)])].filter((name) => !name.includes('@'));
    const inputs = names.map((name) => {
      const input = h('input', { name });
      input.value = shown(record[name]);
      // The id names the record; changing it would make another one. The source sets the attributes
      // it computes, and would replace what the agent typed there.
      input.readOnly = name === meta.primaryIdAttribute || (meta.readOnlyAttributes ?? []).includes(name);
      // A new-record form saves every value it shows, prefilled ones too.
      return { name, input, before: record[name], text: id === '' ? '' : input.value };
    });
    untouched = () => inputs.every(({ input, text }) => input.value === text);
    const save = h('button', { type: 'submit', class: 'cifr-save' }, 'Save');
    form.replaceChildren(
      ...inputs.map(({ name, input }) =>
        h('label', { class: 'cifr-field' }, [h('span', {}, label(ui, entityName, name)), input]),
      ),
      save,
    );
    form.onsubmit = (event) => {
      event.preventDefault();
      const changes: RecordData = {};
      for (const { name, input, before, text } of inputs) {
        if (!input.readOnly && input.value !== text) changes[name] = typed(input.value, before);
      }
      alert.textContent = status.textContent = '';
      save.disabled = true;
      void (async () => {
        try {
          const reference =
            id === '' ? await records.create(entityName, changes) : await records.update(entityName, id, changes);
          id = reference.id;
          const saved = await records.retrieve(entityName, id);
          if (!alive) return;
          ui.host().formSaved(tab.id, {
            entityType: entityName,
            id,
            name: recordName(saved, meta.primaryNameAttribute, id),
          });
          draw(meta, saved);
          status.textContent = 'Saved.';
          void listActivities();
        } catch (error) {
          fail(error);
        } finally {
          save.disabled = false;
        }
      })();
    };
  }

  /** Lists the activities whose regarding lookup is this record: each opens as a record tab. */
  async function listActivities(): Promise<void> {
    if (id === '') return;
    const literal = `'${id.replaceAll("'", "''")}'`;
    const items: HTMLElement[] = [];
    for (const activity of ui.activities) {
      try {
        const meta = await records.metadata(activity);
        const found = await records.search(activity, `$filter=_regardingobjectid_value eq ${literal}`);
        for (const row of found) {
          const activityId = String(row[meta.primaryIdAttribute]);
          const name = recordName(row, meta.primaryNameAttribute, activityId);
          const open = h('button', { type: 'button', class: 'cifr-open' }, `${label(ui, activity)}: ${name}`);
          open.onclick = () =>
            ui
              .host()
              .openTab(sessionOf(ui, tab.id), 'entityrecord', { entityName: activity, entityId: activityId, name });
          items.push(h('li', {}, [open]));
        }
      } catch {
        // An entity the source doesn't have (a store seeded without tasks) has no activities to list.
      }
    }
    if (!alive) return;
    related.replaceChildren(...items);
    relatedSection.hidden = false;
    if (items.length === 0) related.replaceChildren(h('li', {}, 'None'));
  }

  // A widget's record calls show at once: an activity it logged on this record (the softphone's
  // "Log call"), and a change to this record itself while the agent has typed nothing.
  const stopListening = ui.host().on('recordChanged', (change) => {
    if (!alive || id === '') return;
    if (ui.activities.includes(change.entityName)) void listActivities();
    if (change.entityName === entityName && change.id === id && change.change === 'updated' && untouched()) {
      void load();
    }
  });

  async function load(): Promise<void> {
    try {
      const meta = await records.metadata(entityName);
      const record =
        id === '' ? prefill(textParameter(tab.parameters, 'formParameters')) : await records.retrieve(entityName, id);
      if (!alive) return;
      draw(meta, record);
      await listActivities();
    } catch (error) {
      fail(error);
    }
  }
  void load();

  return () => {
    alive = false;
    stopListening();
  };
}
