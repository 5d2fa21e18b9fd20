import { BridgeHost } from './BridgeHost.js';
import type { HostOptions } from './HostOptions.js';

/**
 * Starts a cif-bridge host in the agent page: it creates (or adopts) each provider's iframe, answers
 * the handshakes of trusted widgets, and serves the CIF session API from its templates.
 *
 * @example
 * ```ts
 * const host = createHost({
 *   providers: [{ name: 'softphone', url: 'https://widget.example.com/softphone/' }],
 *   sessionTemplates: [{ name: 'chat', title: 'Chat with {customer}', anchorTab: 'customer' }],
 *   tabTemplates: [{ name: 'customer', title: '{customer}', type: 'website', parameters: { url: 'https://crm.example.com/?q={customer}' } }],
 *   container: document.getElementById('desktop')!,
 * });
 * ```
 */
export function createHost(options: HostOptions): BridgeHost {
  return new BridgeHost(options);
}
