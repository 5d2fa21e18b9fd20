/**
 * Type tests of `@cif-bridge/records/ui`, as a host page's author sees the built package: its
 * renderers go into `createHost`, and a `BridgeHost` is the host it asks for.
 */
import type { BridgeHost, HostOptions, RecordSource, SavedEntityReference, TabRenderer } from '@cif-bridge/host';
import type { createRecordsUi, RecordsUi, RecordsUiHost, RecordsUiOptions } from '@cif-bridge/records/ui';
import type { Assignable, Equal, Expect } from './helpers.js';

export type RecordsUiTests = [
  Expect<Equal<ReturnType<typeof createRecordsUi>, RecordsUi>>,
  Expect<Equal<Parameters<typeof createRecordsUi>, [options: RecordsUiOptions]>>,
  Expect<Equal<RecordsUi['renderers'], Record<string, TabRenderer>>>,
  Expect<Assignable<RecordsUi['renderers'], NonNullable<HostOptions['renderers']>>>,
  // The host the UI asks for is the one createHost returns.
  Expect<Assignable<BridgeHost, RecordsUiHost>>,
  Expect<Equal<RecordsUiOptions['records'], RecordSource>>,
  Expect<Equal<Parameters<BridgeHost['formSaved']>, [tabId: string, reference: SavedEntityReference]>>,
  Expect<Equal<keyof SavedEntityReference, 'entityType' | 'id' | 'name'>>,
];
