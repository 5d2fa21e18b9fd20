import { BridgeError, BridgeErrorCode, createId } from '@cif-bridge/protocol';
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import { parseQuery } from './parseQuery.js';
import type { RecordSeed, SeedEntity } from './RecordSeed.js';
import { resolveBinds } from './resolveBinds.js';
import type { EntityMetadata, RecordData, RecordReference, RecordSource } from '@cif-bridge/host';
import { runQuery } from './runQuery.js';

/** The store's IndexedDB schema: records keyed by `[entity, id]`, and the entities' metadata. */
interface RecordsDB extends DBSchema {
  records: {
    key: [string, string];
    value: { entity: string; id: string; data: RecordData };
    indexes: { entity: string };
  };
  entities: { key: string; value: SeedEntity };
}

/**
 * The schema's version. Each upgrade step below runs once per database, oldest first, and keeps
 * every record: add a step (and raise this) for a new store or index, never change an old step.
 * 1: the records and entities stores, and the seed. 2: entities of the seed that an older database
 * doesn't have yet are added with their rows, so a desk whose seed grew gets the new entities and
 * keeps its changed records.
 */
const VERSION = 2;

/** Options of {@link createBrowserRecords}. */
export interface BrowserRecordsOptions {
  /** The IndexedDB database's name; two tabs of one desk that use the same name share the records. */
  name: string;
  /** Entities and rows to start with, stored when the database is first made. */
  seed?: RecordSeed;
}

const ID = /^[^\s]{1,200}$/;

const invalid = (message: string): BridgeError => new BridgeError(BridgeErrorCode.INVALID_INPUT, message);

/** Turns IndexedDB's failures into coded errors: a full disk says so, and nothing is half-written. */
function storageError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') {
    return new BridgeError(
      BridgeErrorCode.INTERNAL,
      'The browser refused to store more records (QuotaExceededError); nothing was changed. Free disk space or delete records.',
      undefined,
      { cause: error },
    );
  }
  return new BridgeError(BridgeErrorCode.INTERNAL, `The record store failed: ${String(error)}`, undefined, {
    cause: error,
  });
}

/** Fills the computed attributes of a record from their parts. */
function compute(entity: SeedEntity, data: RecordData): RecordData {
  for (const [field, parts] of Object.entries(entity.computed ?? {})) {
    data[field] = parts
      .map((part) => data[part])
      .filter((value) => typeof value === 'string' && value !== '')
      .join(' ');
  }
  return data;
}

/** Stores one seed entity's metadata and rows, in an upgrade's transaction. */
function seedEntity(
  transaction: IDBPTransaction<RecordsDB, ('records' | 'entities')[], 'versionchange'>,
  { rows = [], ...entity }: SeedEntity,
): void {
  void transaction.objectStore('entities').put(entity);
  for (const row of rows) {
    const id = String(row[entity.primaryIdAttribute]).toLowerCase();
    void transaction.objectStore('records').put({
      entity: entity.logicalName,
      id,
      data: compute(entity, { ...row, [entity.primaryIdAttribute]: id }),
    });
  }
}

/** Checks that data for a write is a plain JSON object. */
function readData(data: unknown): RecordData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid('Record data must be an object of attribute names to values, such as { "firstname": "Ada" }.');
  }
  return structuredClone(data) as RecordData;
}

/**
 * The embedded record source: records in the browser's IndexedDB (through `idb`), which survive
 * reloads and which two tabs of the same desk share (IndexedDB's transactions keep their writes
 * whole). On first open it stores `seed`. Attributes an entity doesn't list are kept, as a real CRM
 * would have them; {@link RecordSource.metadata} lists the known ones.
 * @param options - the database name and the seed.
 */
export function createBrowserRecords(options: BrowserRecordsOptions): RecordSource & { close(): void } {
  let opened: Promise<IDBPDatabase<RecordsDB>> | undefined;
  const db = (): Promise<IDBPDatabase<RecordsDB>> =>
    (opened ??= openDB<RecordsDB>(options.name, VERSION, {
      upgrade(database, oldVersion, _newVersion, transaction) {
        if (oldVersion < 1) {
          database.createObjectStore('records', { keyPath: ['entity', 'id'] }).createIndex('entity', 'entity');
          database.createObjectStore('entities', { keyPath: 'logicalName' });
          // Seeded in the upgrade's own transaction: a second tab opening at the same time waits
          // for it, and finds the seed stored once.
          for (const entity of options.seed?.entities ?? []) seedEntity(transaction, entity);
        }
        if (oldVersion >= 1 && oldVersion < 2) {
          // The same transaction: the new entities are there, whole, before any call sees version 2.
          void transaction
            .objectStore('entities')
            .getAllKeys()
            .then((known) => {
              for (const entity of options.seed?.entities ?? []) {
                if (!known.includes(entity.logicalName)) seedEntity(transaction, entity);
              }
            });
        }
      },
      // Another tab upgrading the schema: let it, and open again on the next call.
      blocking(_current, _next, event) {
        (event.target as IDBDatabase).close();
        opened = undefined;
      },
    }).catch((error: unknown) => {
      opened = undefined;
      throw storageError(error);
    }));

  const entityOf = async (name: unknown): Promise<SeedEntity> => {
    const known = await (await db()).getAll('entities');
    const entity = known.find((each) => each.logicalName === name);
    if (entity === undefined) {
      throw invalid(
        `Unknown entity ${JSON.stringify(name)}: use one of ${known.map((each) => each.logicalName).join(', ')}.`,
      );
    }
    return entity;
  };
  const checkId = (id: unknown): string => {
    if (typeof id !== 'string' || !ID.test(id))
      throw invalid(`A record id must be a string of 1 to 200 characters without spaces; got ${JSON.stringify(id)}.`);
    return id.toLowerCase();
  };
  const notFound = (entity: string, id: string): BridgeError =>
    new BridgeError(BridgeErrorCode.RECORD_NOT_FOUND, `No ${entity} record has the id ${id}.`);
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      fn(...args).catch((error: unknown) => Promise.reject(storageError(error)));

  return {
    search: guard(async (name: string, query: string) => {
      const entity = await entityOf(name);
      const parsed = parseQuery(query);
      const rows = await (await db()).getAllFromIndex('records', 'entity', entity.logicalName);
      const text = entity.attributes.filter((field) => rows.some((row) => typeof row.data[field] === 'string'));
      return runQuery(
        rows.map((row) => row.data),
        parsed,
        entity.primaryIdAttribute,
        text,
      );
    }),
    retrieve: guard(async (name: string, id: string, query = '') => {
      const entity = await entityOf(name);
      const parsed = parseQuery(query);
      if (parsed.filter || parsed.search || parsed.orderBy || parsed.top !== undefined || parsed.skip !== undefined) {
        throw invalid('retrieveRecord takes $select only; use searchAndOpenRecords to filter.');
      }
      const key = checkId(id);
      const row = await (await db()).get('records', [entity.logicalName, key]);
      if (row === undefined) throw notFound(entity.logicalName, key);
      const [record = {}] = runQuery([row.data], parsed, entity.primaryIdAttribute, []);
      return record;
    }),
    create: guard(async (name: string, data: RecordData): Promise<RecordReference> => {
      const entity = await entityOf(name);
      const record = resolveBinds(readData(data), entity.attributes);
      const id = checkId(record[entity.primaryIdAttribute] ?? createId());
      record[entity.primaryIdAttribute] = id;
      const database = await db();
      const tx = database.transaction('records', 'readwrite');
      if ((await tx.store.getKey([entity.logicalName, id])) !== undefined) {
        throw invalid(`A ${entity.logicalName} record with the id ${id} exists already.`);
      }
      await tx.store.add({ entity: entity.logicalName, id, data: compute(entity, record) });
      await tx.done;
      return { entityType: entity.logicalName, id };
    }),
    update: guard(async (name: string, id: string, data: RecordData): Promise<RecordReference> => {
      const entity = await entityOf(name);
      const key = checkId(id);
      const changes = resolveBinds(readData(data), entity.attributes);
      const tx = (await db()).transaction('records', 'readwrite');
      const row = await tx.store.get([entity.logicalName, key]);
      if (row === undefined) throw notFound(entity.logicalName, key);
      const record = compute(entity, { ...row.data, ...changes, [entity.primaryIdAttribute]: key });
      await tx.store.put({ entity: entity.logicalName, id: key, data: record });
      await tx.done;
      return { entityType: entity.logicalName, id: key };
    }),
    delete: guard(async (name: string, id: string) => {
      const entity = await entityOf(name);
      const key = checkId(id);
      const tx = (await db()).transaction('records', 'readwrite');
      if ((await tx.store.getKey([entity.logicalName, key])) === undefined) throw notFound(entity.logicalName, key);
      await tx.store.delete([entity.logicalName, key]);
      await tx.done;
    }),
    metadata: guard(async (name: string): Promise<EntityMetadata> => {
      const { logicalName, primaryIdAttribute, primaryNameAttribute, attributes, computed = {} } = await entityOf(name);
      const metadata: EntityMetadata = {
        logicalName,
        primaryIdAttribute,
        primaryNameAttribute,
        attributes: [...attributes],
      };
      const readOnlyAttributes = Object.keys(computed);
      if (readOnlyAttributes.length > 0) metadata.readOnlyAttributes = readOnlyAttributes;
      return metadata;
    }),
    close() {
      void opened?.then((database) => database.close());
      opened = undefined;
    },
  };
}
