/**
 * `@cif-bridge/records/ui`: the default UI of a host's records, kept out of the host's own bundle so
 * that a host without records doesn't load it: record tabs, search tabs and the Home search box.
 */
export { createRecordsUi, type RecordsUi, type RecordsUiOptions } from './ui/createRecordsUi.js';
export type { EntityLabels, RecordsUiHost } from './ui/RecordsUiContext.js';
