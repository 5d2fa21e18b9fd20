import { BridgeError, BridgeErrorCode } from '@cif-bridge/protocol';

/** The part of `document` that {@link findHostOrigin} reads, so tests can pass a plain object. */
export interface HostOriginDocument {
  /** Finds the `<script data-cifid="CIFMainLibrary">` tag. */
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
  /** The URL of the page that embedded the widget, or `''`. */
  readonly referrer: string;
}

/** The part of `location` that {@link findHostOrigin} reads. */
export interface HostOriginLocation {
  /** The query string of the widget's own URL, such as `?ucilib=https://crm.example.com/…`. */
  readonly search: string;
}

/**
 * The origin of an absolute http(s) URL with its port kept, or a coded error that names where the
 * bad value came from. A value that is given but unusable is an error rather than a reason to try
 * the next source: the widget's author named a host on purpose, and silently falling back to the
 * referrer would connect to a page they did not name.
 */
function originOf(value: string, source: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // Reported below, together with the other unusable values.
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new BridgeError(
      BridgeErrorCode.ORIGIN_REJECTED,
      `msdyn_ciLibrary: ${source} is ${JSON.stringify(value)}, which is not an absolute http(s) URL. Give the host page's URL, such as "https://agent.example.com".`,
    );
  }
  // URL.origin keeps a non-default port. Microsoft's library keeps only the host name, so it can't
  // reach a host on a port such as :8443; we decided to keep it (docs/cif-compatibility.md).
  return url.origin;
}

/**
 * Finds the host page's origin for the `Microsoft.CIFramework` drop-in, from the places CIF widgets
 * name it, in CIF's order:
 * 1. `data-crmurl` on `<script data-cifid="CIFMainLibrary">`;
 * 2. the `ucilib` parameter of the widget's own URL (the library's URL; its origin is the host's);
 * 3. `document.referrer`, the page that embedded the widget.
 *
 * The result is the one origin the widget will trust. Like Microsoft's library, the drop-in trusts
 * whichever host the widget's own page names; `data-crmurl` pins it, while `ucilib` and the referrer
 * follow whoever embeds the widget, so a widget that must only ever talk to one host should set
 * `data-crmurl`.
 *
 * @param doc - `document`, or any object with the same `querySelector` and `referrer`.
 * @param loc - `location`, or any object with the same `search`.
 * @returns the host origin, such as `https://agent.example.com:8443`.
 * @throws BridgeError `ORIGIN_REJECTED` when a source holds something that is not an http(s) URL,
 *   and `INVALID_INPUT` when no source names a host.
 */
export function findHostOrigin(doc: HostOriginDocument, loc: HostOriginLocation): string {
  const crmUrl = doc.querySelector('script[data-cifid="CIFMainLibrary"]')?.getAttribute('data-crmurl');
  if (crmUrl) return originOf(crmUrl, 'data-crmurl');
  const ucilib = new URLSearchParams(loc.search).get('ucilib');
  if (ucilib) return originOf(ucilib, 'the ucilib URL parameter');
  if (doc.referrer) return originOf(doc.referrer, 'document.referrer');
  throw new BridgeError(
    BridgeErrorCode.INVALID_INPUT,
    'msdyn_ciLibrary: no host origin found. Add data-crmurl="https://<host>" and data-cifid="CIFMainLibrary" to the script tag, or ?ucilib=<library URL> to the widget URL.',
  );
}
