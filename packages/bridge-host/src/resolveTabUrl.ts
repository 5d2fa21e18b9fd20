import { replaceSlugs, slugPattern, type ReplaceSlugsOptions, type SlugValues } from './replaceSlugs.js';
import { invalidInput } from './invalidInput.js';

/*
 * A widget's data never chooses a URL. A tab's `url` comes from its tab template only; widget values
 * may fill the template's `{slugs}`, each percent-encoded as one component, and the result must obey
 * the rules of the tab's type:
 * - `webresource`: the host's own origin, and under the template's `allowedPathPrefix` when it has one;
 * - `website`: `https:`, or `http:` on a loopback host (see {@link isLoopback});
 * - any type: never `javascript:`, `data:`, `blob:` or `about:`, which run code in the frame or show a
 *   document with an opaque origin.
 * The template itself is checked when the host starts ({@link checkUrlTemplate}): a slug in the scheme
 * or host, or at the start of the URL, would let a value choose where the tab goes.
 */

/** Schemes refused wherever the host accepts a URL: tab URLs and provider URLs. */
export const FORBIDDEN_SCHEMES: readonly string[] = ['javascript:', 'data:', 'blob:', 'about:'];

/** Stands in for a slug's value when a template is checked; lower case, as a parsed host is. */
const MARKER = 'cifbridgeslug';

/**
 * Whether a URL's host is this machine: `localhost`, a name under `.localhost`, `127.0.0.0/8`, or
 * `[::1]`. The URL parser has already normalised the host (`http://2130706433/` reads as
 * `127.0.0.1`), so a spelled-out test of the parsed form is enough.
 */
export function isLoopback(url: URL): boolean {
  const host = url.hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d+){3}$/.test(host);
}

/**
 * Why a tab of `type` may not load `url`, or undefined when it may.
 *
 * @param url - the resolved, absolute URL.
 * @param type - the tab template's type.
 * @param origin - the host page's origin.
 * @param allowedPathPrefix - for a `webresource` tab, the path its URL must stay under.
 */
export function urlRefusal(url: URL, type: string, origin: string, allowedPathPrefix?: string): string | undefined {
  if (FORBIDDEN_SCHEMES.includes(url.protocol)) return `${url.protocol} URLs are never opened`;
  if (type === 'website') {
    if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))) return undefined;
    return 'a website tab only opens https URLs (http only on a loopback host)';
  }
  if (type !== 'webresource') return undefined;
  // A data: or sandboxed URL has the origin "null", and so may a host page: never a match.
  if (url.origin !== origin || origin === 'null') return `a webresource tab only opens URLs on ${origin}`;
  const prefix = allowedPathPrefix ?? '/';
  const path = url.pathname;
  if (path !== prefix && !path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) {
    return `this webresource tab only opens paths under ${prefix}`;
  }
  return undefined;
}

/** Parses `text` against the host's origin, as a page resolves a link; undefined when it is not a URL. */
export function parseUrl(text: string, origin: string): URL | undefined {
  try {
    return new URL(text, origin);
  } catch {
    return undefined;
  }
}

/**
 * One slug value as one URL component: percent-encoded with `encodeURIComponent`, so it can't add a
 * query parameter, a fragment or a path segment. A lone surrogate, which `encodeURIComponent` throws
 * on, becomes U+FFFD first.
 */
export function encodeSlugValue(value: string): string {
  return encodeURIComponent(
    value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
}

/** What a tab template's URL is checked against: its type, path prefix, and the host's origin. */
export interface TabUrlRules {
  /** The tab template's type. */
  type: string;
  /** The tab template's `allowedPathPrefix`, for a `webresource` tab. */
  allowedPathPrefix?: string;
  /** The host page's origin, which relative URLs resolve against. */
  origin: string;
}

/**
 * Checks a tab template's configured `url` when the host starts, with every slug standing for a
 * plain word. Returns what is wrong, or undefined.
 *
 * @param text - the configured URL.
 * @param rules - the template's type and prefix, and the host's origin.
 */
export function checkUrlTemplate(text: string, rules: TabUrlRules): string | undefined {
  // A URL that starts with a slug (or is one) lets a value choose the scheme or the host.
  if (/^\s*\{[^{}]+\}/.test(text)) return `can't start with a {slug}: the scheme and host must be written out`;
  const url = parseUrl(text.replace(slugPattern, MARKER), rules.origin);
  if (url === undefined) return `must be a valid URL, not ${JSON.stringify(text)}`;
  if ([url.protocol, url.username, url.password, url.host].some((part) => part.includes(MARKER))) {
    return `can't hold a {slug} in its scheme, user or host; put slugs in the path, query or fragment`;
  }
  const refusal = urlRefusal(url, rules.type, rules.origin, rules.allowedPathPrefix);
  return refusal && `is refused: ${refusal}`;
}

/**
 * Resolves a tab's `url`: each slug is replaced by its value, percent-encoded as one component (see
 * {@link encodeSlugValue}), the result is resolved against the host's origin, and it must obey the
 * rules of the tab's type (see {@link urlRefusal}). Returns the absolute URL.
 *
 * A value of `.` or `..` is still a dot segment to the URL parser, even encoded, so the path is
 * compared with the path the template gives with a plain word in every slug: a value that removes a
 * segment is refused rather than allowed to climb the path.
 *
 * @param text - the tab template's configured URL, already checked by {@link checkUrlTemplate}.
 * @param sources - value sets to look slugs up in, first match wins.
 * @param rules - the tab's type and prefix, and the host's origin.
 * @param options - the hook for CRM slugs and the context it receives.
 * @throws BridgeError `INVALID_INPUT` when the resolved URL is refused; the message says why.
 */
export function resolveTabUrl(
  text: string,
  sources: readonly SlugValues[],
  rules: TabUrlRules,
  options: ReplaceSlugsOptions = {},
): string {
  // Slug by slug, so the template's shape can be rebuilt with the same slugs resolved.
  const resolvedSlugs: boolean[] = [];
  const resolved = text.replace(slugPattern, (slug) => {
    const value = replaceSlugs(slug, sources, options);
    resolvedSlugs.push(value !== slug);
    return value === slug ? slug : encodeSlugValue(value);
  });
  let index = 0;
  const shape = parseUrl(
    text.replace(slugPattern, (slug) => (resolvedSlugs[index++] === true ? MARKER : slug)),
    rules.origin,
  );
  const url = parseUrl(resolved, rules.origin);
  const segments = (u: URL | undefined): number => u?.pathname.split('/').length ?? -1;
  const refusal =
    url === undefined
      ? 'it is not a valid URL'
      : url.origin !== shape?.origin || segments(url) !== segments(shape)
        ? 'a slug value would change its path; "." and ".." are not allowed as path segments'
        : urlRefusal(url, rules.type, rules.origin, rules.allowedPathPrefix);
  // The message names the template's URL, not the result, which may hold what the slug hook found.
  if (refusal !== undefined) throw invalidInput(`the tab URL ${text} is refused: ${refusal}`);
  return (url as URL).href;
}
