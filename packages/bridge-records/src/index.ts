/**
 * `@cif-bridge/records`: records for a cif-bridge host. A {@link RecordSource} interface, the
 * embedded IndexedDB store {@link createBrowserRecords}, and the OData query subset they evaluate.
 */
export { createBrowserRecords, type BrowserRecordsOptions } from './createBrowserRecords.js';
export { parseQuery } from './parseQuery.js';
export type { RecordSeed, SeedEntity } from './RecordSeed.js';
export type { Comparison, Filter, Literal, OrderKey, RecordQuery } from './RecordQuery.js';
export type { EntityMetadata, RecordData, RecordReference, RecordSource } from '@cif-bridge/host';
export { runQuery } from './runQuery.js';
export { BridgeError, BridgeErrorCode } from '@cif-bridge/protocol';
