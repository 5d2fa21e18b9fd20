/*
 * Entry of the script-tag build (global `CifBridgeChild`). A `data-host-origin` attribute on the
 * script tag configures the default client, so a page can call `CifBridgeChild.createSession(...)`
 * with no other set-up. Several origins may be given, separated by spaces or commas.
 */
import { configure } from './defaultClient.js';

export * from './index.js';

const origin = document.currentScript?.getAttribute('data-host-origin');
if (origin) configure({ hostOrigin: origin.split(/[\s,]+/).filter(Boolean) });
