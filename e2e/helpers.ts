/**
 * What engines.e2e.ts and roleResolver.e2e.ts still import from here; the shared code itself lives in
 * support/ (one module per concern). This file goes once those two specs import from support/.
 */
export { origins } from './support/origins.js';
export type { Outcome } from './support/widgets.js';
