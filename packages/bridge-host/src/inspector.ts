/**
 * `@cif-bridge/host/inspector`: the call inspector, a panel that shows a host's trace live. A separate
 * entry, so that only the hosts that want it load it.
 *
 * @packageDocumentation
 */
export { createInspector } from './createInspector.js';
export type { InspectedHost, Inspector } from './createInspector.js';
export type { CallEntry, DevelopmentEntry, EventEntry, HandshakeEntry, RefusedEntry, TraceEntry } from './HostTrace.js';
