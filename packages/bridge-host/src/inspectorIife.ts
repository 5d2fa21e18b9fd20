/* Entry of the inspector's script-tag build: defines the global `CifBridgeInspector`. */
export { createInspector } from './inspector.js';
