/* Entry of the script-tag build: defines the global `CifBridgeHost` with the package's API. */
export { BridgeError, BridgeErrorCode, BridgeHost, createHost, renderHostView } from './index.js';
