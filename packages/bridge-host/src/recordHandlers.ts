import { BridgeError, BridgeErrorCode, type HostHandlerName, type JsonValue } from '@cif-bridge/protocol';
import type { HostHandler } from './createProviderApi.js';
import type { RecordData, RecordSource } from './RecordSource.js';

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

/** A query string argument: absent is none. */
const query = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

const json = (value: unknown): JsonValue => value as JsonValue;

/**
 * The host handlers of the record methods, answered from a {@link RecordSource}, with CIF's result
 * shapes (the drop-in turns each into JSON text): `createRecord` and `updateRecord` give
 * `{ entityType, id }`, `deleteRecord` the record's id under its id attribute (as Microsoft's sample
 * reads it), `searchAndOpenRecords` the matches keyed `"0"`, `"1"`, ... A host page's own `handlers`
 * entry replaces any one of them.
 * @param records - where the records live.
 */
export function recordHandlers(records: RecordSource): Partial<Record<HostHandlerName, HostHandler>> {
  return {
    createRecord: async ([entity, fields]) =>
      json(await records.create(text(entity, 'entityLogicalName'), data(fields))),
    retrieveRecord: async ([entity, id, options]) =>
      json(await records.retrieve(text(entity, 'entityLogicalName'), text(id, 'id'), query(options))),
    updateRecord: async ([entity, id, fields]) =>
      json(await records.update(text(entity, 'entityLogicalName'), text(id, 'id'), data(fields))),
    deleteRecord: async ([entity, id]) => {
      const name = text(entity, 'entityLogicalName');
      const key = text(id, 'id');
      const { primaryIdAttribute } = await records.metadata(name);
      await records.delete(name, key);
      return { [primaryIdAttribute]: key };
    },
    searchAndOpenRecords: async ([entity, options]) => {
      const found = await records.search(text(entity, 'entityLogicalName'), query(options));
      return json(Object.fromEntries(found.map((record, index) => [String(index), record])));
    },
    getEntityMetadata: async ([entity]) => json(await records.metadata(text(entity, 'entityLogicalName'))),
  };
}
