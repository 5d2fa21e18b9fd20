/**
 * What engines.e2e.ts still imports from here; the shared code itself lives in support/ (one module
 * per concern). This file goes once that spec imports from support/.
 */
export { widgetUrl } from './support/widgets.js';
