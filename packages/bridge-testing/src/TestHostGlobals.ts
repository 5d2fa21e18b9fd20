import type { BridgeHost } from '@cif-bridge/host';

/**
 * What the test host's page puts on `window`, for the Playwright fixture and the browser console:
 * the host once it runs, or the reason it could not start.
 */
export interface TestHostGlobals {
  /** The running host. */
  cifTestHost?: BridgeHost;
  /** Why the host could not start (a configuration mistake, named by its field). */
  cifTestHostError?: string;
}
