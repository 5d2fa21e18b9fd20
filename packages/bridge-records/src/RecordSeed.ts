import type { EntityMetadata, RecordData } from '@cif-bridge/host';

/** One entity of a {@link RecordSeed}: its metadata and its first rows. */
export interface SeedEntity extends EntityMetadata {
  /**
   * Attributes the store computes from others, kept in step on every write: the parts joined with a
   * space, as Dataverse keeps a contact's `fullname` from `firstname` and `lastname`. The entity's
   * metadata lists them as `readOnlyAttributes`.
   */
  computed?: Record<string, string[]>;
  /** Records to store on first open; each has its primary id. */
  rows?: RecordData[];
}

/** The JSON document a browser store is seeded from: the entities it knows, with their rows. */
export interface RecordSeed {
  entities: SeedEntity[];
}
