/** A record: attribute logical names to JSON values. */
export type RecordData = Record<string, unknown>;

/** What a {@link RecordSource} knows about one entity. */
export interface EntityMetadata {
  /** The entity's logical name, such as `contact`. */
  logicalName: string;
  /** Its primary id attribute, such as `contactid`. */
  primaryIdAttribute: string;
  /** Its primary name attribute, such as `fullname`. */
  primaryNameAttribute: string;
  /** The attributes it knows (a store keeps others it is given too). */
  attributes: string[];
  /**
   * Attributes the source sets itself, such as a contact's `fullname` from its parts: a value written
   * to one is replaced, so the records UI shows them read-only. Absent when there are none.
   */
  readOnlyAttributes?: string[];
}

/** A record's reference, as CIF's `createRecord` resolves it. */
export interface RecordReference {
  entityType: string;
  id: string;
}

/** A record a widget created, changed or deleted through the host, as `host.on('recordChanged')` gives it. */
export interface RecordChange {
  /** The record's entity, such as `phonecall`. */
  entityName: string;
  /** The record's id. */
  id: string;
  /** What happened to it. */
  change: 'created' | 'updated' | 'deleted';
  /** The provider whose widget made the change. */
  provider: string;
}

/**
 * Where a host's records live (`createHost({ records })`): the embedded browser store of
 * `@cif-bridge/records` (`createBrowserRecords`), or a real CRM. Every method rejects with a `BridgeError`: `INVALID_INPUT` for a bad entity, id, query or
 * data, `RECORD_NOT_FOUND` for an id that isn't there, `ACCESS_DENIED` for a refused credential.
 */
export interface RecordSource {
  /** Records of `entity` that match the OData query options in `query` (`$filter`, `$select`, ...). */
  search(entity: string, query: string): Promise<RecordData[]>;
  /** One record; `query` may hold `$select`. */
  retrieve(entity: string, id: string, query?: string): Promise<RecordData>;
  /** Creates a record and returns its reference (the id is made when `data` has none). */
  create(entity: string, data: RecordData): Promise<RecordReference>;
  /** Changes the given attributes of a record; returns its reference. */
  update(entity: string, id: string, data: RecordData): Promise<RecordReference>;
  /** Deletes a record. */
  delete(entity: string, id: string): Promise<void>;
  /** What the source knows about `entity`. */
  metadata(entity: string): Promise<EntityMetadata>;
}
