import { BridgeError } from './BridgeError.js';
import { BridgeErrorCode } from './BridgeErrorCode.js';

/** Tells whether an `event.origin` is on an allow-list built by {@link createOriginMatcher}. */
export type OriginMatcher = (origin: string) => boolean;

const wildcardLabel = 'cif-bridge-wildcard';
const subdomain = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/**
 * Normalises one allow-list entry to an origin, or to a wildcard `{ prefix, suffix }`.
 *
 * Accepted forms: an exact origin (`https://crm.example.com:8443`), a subdomain wildcard
 * (`https://*.example.com`), or the opaque origin `'null'`, which must be listed on purpose.
 * `'*'`, paths, credentials and non-http(s) schemes are refused, so a typo can't open the bridge.
 */
function parseOriginPattern(pattern: unknown): string | { prefix: string; suffix: string } {
  if (typeof pattern !== 'string' || pattern.trim() === '') {
    throw new BridgeError(
      BridgeErrorCode.ORIGIN_REJECTED,
      `Origin ${JSON.stringify(pattern)} is not a string; give an origin such as "https://widget.example.com".`,
    );
  }
  if (pattern === '*') {
    throw new BridgeError(
      BridgeErrorCode.ORIGIN_REJECTED,
      `Origin "*" is not allowed; list each trusted origin, such as "https://widget.example.com".`,
    );
  }
  if (pattern === 'null') return 'null';
  const isWildcard = /^[a-z]+:\/\/\*\./i.test(pattern);
  let url: URL;
  try {
    url = new URL(isWildcard ? pattern.replace('*', wildcardLabel) : pattern);
  } catch {
    throw new BridgeError(
      BridgeErrorCode.ORIGIN_REJECTED,
      `Origin "${pattern}" is not a valid origin; write it as scheme://host[:port], such as "https://widget.example.com".`,
    );
  }
  const hasExtras =
    url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.pathname !== '/';
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    hasExtras ||
    pattern.includes('*', isWildcard ? pattern.indexOf('*') + 1 : 0)
  ) {
    throw new BridgeError(
      BridgeErrorCode.ORIGIN_REJECTED,
      `Origin "${pattern}" must be http(s)://host[:port] with no path, and "*" only as the first label, as in "https://*.example.com".`,
    );
  }
  if (!isWildcard) return url.origin;
  const [prefix, suffix] = url.origin.split(wildcardLabel) as [string, string];
  return { prefix, suffix };
}

/**
 * Builds a matcher over an allow-list of origins. Exact origins compare as whole strings, scheme and
 * port included (stricter than CIF's hostname check). `https://*.example.com` matches
 * `https://a.example.com` and `https://a.b.example.com` on the default port only, never
 * `https://example.com` nor `https://evil-example.com`. Throws `ORIGIN_REJECTED` for an unsafe entry.
 */
export function createOriginMatcher(patterns: readonly unknown[]): OriginMatcher {
  const exact = new Set<string>();
  const wildcards: { prefix: string; suffix: string }[] = [];
  for (const pattern of patterns) {
    const parsed = parseOriginPattern(pattern);
    if (typeof parsed === 'string') exact.add(parsed);
    else wildcards.push(parsed);
  }
  return (origin) => {
    if (exact.has(origin)) return true;
    for (const { prefix, suffix } of wildcards) {
      if (origin.length > prefix.length + suffix.length && origin.startsWith(prefix) && origin.endsWith(suffix)) {
        // The part the wildcard stands for must be whole labels, so no port or user info slips in.
        if (subdomain.test(origin.slice(prefix.length, origin.length - suffix.length))) return true;
      }
    }
    return false;
  };
}
