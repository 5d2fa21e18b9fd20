/**
 * `@cif-bridge/testing`: test a CIF widget with no CRM. The test host server (also the
 * `cif-bridge-host` command), and, from `@cif-bridge/testing/playwright`, a Playwright fixture.
 *
 * @packageDocumentation
 */
export { startTestHost } from './startTestHost.js';
export type { TestHost, TestHostOptions } from './startTestHost.js';
export { readTestHostConfig } from './TestHostConfig.js';
export type { TestHostConfig } from './TestHostConfig.js';
export { DROP_IN_PATH } from './dropInPath.js';
export { containsValue } from './matchCall.js';
export type { CallFilter } from './matchCall.js';
