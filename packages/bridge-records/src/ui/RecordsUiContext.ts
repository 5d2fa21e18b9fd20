import type { RecordChange, RecordSource, SavedEntityReference, TemplateParameters } from '@cif-bridge/host';

/**
 * What the record UI needs of the host: a `BridgeHost` has all of it. A tab's session is found
 * through `getSessions` (a tab in none of them is Home's).
 */
export interface RecordsUiHost {
  /** The open sessions with their tabs' ids. */
  getSessions(): readonly { id: string; tabs: readonly { id: string }[] }[];
  /** The host as a view sees it: here, Home's tabs and the templates they came from. */
  readonly view: { home(): { tabs: readonly { id: string; templateName: string }[] } };
  /** Opens a focused tab from a tab template in a session (null: Home), as the agent. */
  openTab(sessionId: string | null, templateName: string, parameters?: TemplateParameters): string;
  /** Tells the host the agent saved the form in a tab, so a widget's `openForm` resolves. */
  formSaved(tabId: string, reference: SavedEntityReference): void;
  /** Listens to the records widgets change through the host; returns the remover. */
  on(event: 'recordChanged', handler: (change: RecordChange) => void): () => void;
}

/** What the agent sees for one entity instead of its logical names. */
export interface EntityLabels {
  /** The entity's display name, such as `Contact` for `contact`. */
  name?: string;
  /** Its attributes' display names, by logical name, such as `{ mobilephone: 'Mobile Phone' }`. */
  attributes?: Record<string, string>;
}

/** One entity's {@link EntityLabels}, checked, as the renderers look them up. */
export interface CheckedLabels {
  name: string | undefined;
  attributes: ReadonlyMap<string, string>;
}

/** What every record UI renderer shares: the records, the host, the configured entities and labels. */
export interface RecordsUiContext {
  /** Where the records live. */
  records: RecordSource;
  /** The host, asked when it is needed (the renderers are made before the host). */
  host: () => RecordsUiHost;
  /** The entities the Home search box offers. */
  entities: readonly string[];
  /** The activity entities listed on a record tab as related (by `_regardingobjectid_value`). */
  activities: readonly string[];
  /** The display names from the options, by entity logical name (see {@link label}). */
  labels: ReadonlyMap<string, CheckedLabels>;
}

/**
 * What the agent sees for an entity, or for one of its attributes: its display name from the
 * options, else the logical name itself.
 */
export function label(ui: RecordsUiContext, entity: string, attribute?: string): string {
  const labels = ui.labels.get(entity);
  return (attribute === undefined ? labels?.name : labels?.attributes.get(attribute)) ?? attribute ?? entity;
}

/** The session (null: Home) that holds tab `tabId`. */
export function sessionOf(ui: RecordsUiContext, tabId: string): string | null {
  return (
    ui
      .host()
      .getSessions()
      .find((session) => session.tabs.some((tab) => tab.id === tabId))?.id ?? null
  );
}

/** A tab parameter as text: absent or not a string is empty. */
export function textParameter(parameters: TemplateParameters, name: string): string {
  const value = parameters[name];
  return typeof value === 'string' ? value : '';
}

/** A record's primary name as text, else its id, for a title or a list. */
export function recordName(record: Record<string, unknown>, nameAttribute: string, id: string): string {
  const name = record[nameAttribute];
  return typeof name === 'string' && name !== '' ? name : id;
}
