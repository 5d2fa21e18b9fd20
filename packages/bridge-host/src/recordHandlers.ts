import {
  BridgeError,
  BridgeErrorCode,
  type HostHandlerName,
  type JsonValue,
  type TemplateParameters,
} from '@cif-bridge/protocol';
import type { HostHandler } from './createProviderApi.js';
import type { RecordForms } from './RecordForms.js';
import type { RecordChange, RecordData, RecordReference, RecordSource } from './RecordSource.js';

/** A string argument, or an `INVALID_INPUT` naming it. */
function text(value: JsonValue | undefined, what: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new BridgeError(BridgeErrorCode.INVALID_INPUT, `${what} must be a non-empty string.`);
  }
  return value;
}

/** Record data as an object; CIF widgets often pass it as JSON text, as Microsoft's library accepts. */
function data(value: JsonValue | undefined): RecordData {
  if (typeof value !== 'string') return (value ?? {}) as RecordData;
  try {
    return JSON.parse(value) as RecordData;
  } catch {
    throw new BridgeError(
      BridgeErrorCode.INVALID_INPUT,
      'The record data is a string but not JSON: pass an object or JSON text.',
    );
  }
}

/** An options object (or its JSON text), or an `INVALID_INPUT` naming it. */
function object(value: JsonValue | undefined, what: string): RecordData {
  let parsed: unknown = value;
  try {
    if (typeof value === 'string') parsed = JSON.parse(value);
  } catch {
    // Not JSON: reported below, like every other value that is not an object.
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BridgeError(BridgeErrorCode.INVALID_INPUT, `${what} must be an object or its JSON text.`);
  }
  return parsed as RecordData;
}

/** A query string argument: absent is none. */
const query = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

const json = (value: unknown): JsonValue => value as JsonValue;

/**
 * The host handlers of the record methods, answered from a {@link RecordSource}, with CIF's result
 * shapes (the drop-in turns each into JSON text): `createRecord` and `updateRecord` give
 * `{ entityType, id }`, `deleteRecord` the record's id under its id attribute (as Microsoft's sample
 * reads it), `searchAndOpenRecords` the matches keyed `"0"`, `"1"`, ... A host page's own `handlers`
 * entry replaces any one of them.
 *
 * The methods that show records open tabs in the focused session through `forms`, as Dynamics does:
 * `searchAndOpenRecords` with `searchOnly` false opens the one match as a record tab, or a search tab
 * when there are several; `openForm` opens a record tab (a new-record form without `entityId`) and
 * resolves once the agent saves it with `{ savedEntityReference: [{ entityType, id, name }] }`, or
 * with `{ savedEntityReference: [] }` when the tab closes unsaved (CIF documents only the saved case;
 * an empty list ends the call without one); `renderSearchPage` opens a search tab; `refreshForm`
 * reloads the focused record tab.
 * @param records - where the records live.
 * @param forms - the record tabs and the forms waiting for the agent.
 * @param changed - told of each record a widget created, updated or deleted, after the source did it.
 */
export function recordHandlers(
  records: RecordSource,
  forms: RecordForms,
  changed: (change: RecordChange) => void = () => {},
): Partial<Record<HostHandlerName, HostHandler>> {
  /** A record tab's parameters: the record's entity, id and name (its tab's title). */
  const recordTab = (entityName: string, entityId: string, name: unknown, formParameters = ''): TemplateParameters => ({
    entityName,
    entityId,
    name: typeof name === 'string' && name !== '' ? name : entityId || `New ${entityName}`,
    formParameters,
  });
  /** Tells `changed` what a widget's call did to a record; returns the record's reference. */
  const report = (reference: RecordReference, change: RecordChange['change'], provider: string): JsonValue => {
    changed({ entityName: reference.entityType, id: reference.id, change, provider });
    return json(reference);
  };
  return {
    createRecord: async ([entity, fields], { provider }) =>
      report(await records.create(text(entity, 'entityLogicalName'), data(fields)), 'created', provider),
    retrieveRecord: async ([entity, id, options]) =>
      json(await records.retrieve(text(entity, 'entityLogicalName'), text(id, 'id'), query(options))),
    updateRecord: async ([entity, id, fields], { provider }) =>
      report(
        await records.update(text(entity, 'entityLogicalName'), text(id, 'id'), data(fields)),
        'updated',
        provider,
      ),
    deleteRecord: async ([entity, id], { provider }) => {
      const name = text(entity, 'entityLogicalName');
      const key = text(id, 'id');
      const { primaryIdAttribute } = await records.metadata(name);
      await records.delete(name, key);
      report({ entityType: name, id: key }, 'deleted', provider);
      return { [primaryIdAttribute]: key };
    },
    searchAndOpenRecords: async ([entity, options, searchOnly], { provider }) => {
      const entityName = text(entity, 'entityLogicalName');
      const found = await records.search(entityName, query(options));
      // CIF's searchOnly is a boolean; widgets that build the call from strings send "false".
      if ((searchOnly === false || searchOnly === 'false') && found.length > 0) {
        const { primaryIdAttribute, primaryNameAttribute } = await records.metadata(entityName);
        const [only] = found;
        if (found.length === 1 && only !== undefined) {
          const id = String(only[primaryIdAttribute]);
          forms.open(provider, 'entityrecord', recordTab(entityName, id, only[primaryNameAttribute]));
        } else {
          forms.open(provider, 'search', { entityName, query: query(options), title: `Search ${entityName}` });
        }
      }
      return json(Object.fromEntries(found.map((record, index) => [String(index), record])));
    },
    openForm: async ([options, parameters], { provider }) => {
      const form = object(options, 'entityFormOptions');
      const entityName = text(form.entityName as JsonValue, 'entityFormOptions.entityName');
      const id =
        form.entityId === undefined || form.entityId === ''
          ? ''
          : text(form.entityId as JsonValue, 'entityFormOptions.entityId');
      const { primaryNameAttribute } = await records.metadata(entityName);
      // An existing record must be there, and its name titles the tab.
      const name = id === '' ? '' : (await records.retrieve(entityName, id))[primaryNameAttribute];
      const prefill =
        parameters === undefined || parameters === null ? '' : JSON.stringify(object(parameters, 'formParameters'));
      const tabId = forms.open(provider, 'entityrecord', recordTab(entityName, id, name, prefill));
      const saved = await forms.wait(tabId);
      return { savedEntityReference: saved === null ? [] : [json(saved)] };
    },
    renderSearchPage: ([entity, searchString], { provider }) => {
      const entityName = text(entity, 'entityLogicalName');
      const searchText = typeof searchString === 'string' ? searchString : '';
      forms.open(provider, 'search', { entityName, searchText, title: `Search ${entityName}: ${searchText}` });
      return null;
    },
    refreshForm: (_, { provider }) => {
      forms.refresh(provider);
      return null;
    },
    getEntityMetadata: async ([entity]) => json(await records.metadata(text(entity, 'entityLogicalName'))),
  };
}
