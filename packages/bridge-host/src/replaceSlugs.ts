import type { JsonValue } from '@cif-bridge/protocol';
import type { ResolveSlug } from './types.js';

/** A set of values that slugs are looked up in, such as resolved parameters or a session's `context`. */
export type SlugValues = { readonly [name: string]: unknown };

/** Options of {@link replaceSlugs}. */
export interface ReplaceSlugsOptions {
  /**
   * Asked for a slug that no value set resolves, such as `{anchor.fullname}` or `{$odata.…}`, which
   * need a CRM. Whatever it returns that is not a string leaves the slug as written.
   */
  resolveSlug?: ResolveSlug;
  /** The session's `context`, handed to {@link resolveSlug}. Default `{}`. */
  context?: { [key: string]: JsonValue };
}

/**
 * A slug is `{name}` where name is anything but braces. Names are not restricted further because CIF
 * slugs carry dots, `$` and whole OData queries (`{$odata.account.name.?$filter=…}`); a nested slug
 * inside such a query is replaced on its own and leaves the outer one unresolved.
 */
export const slugPattern = /\{([^{}]+)\}/g;

/** Text of a value for a title or URL, or undefined when the value does not resolve the slug. */
function slugText(value: unknown): string | undefined {
  // null means "no value" in JSON, so it falls through to the next source rather than print "null".
  if (typeof value === 'object') return value === null ? undefined : JSON.stringify(value);
  return ['string', 'number', 'boolean'].includes(typeof value) ? String(value) : undefined;
}

/**
 * Replaces every `{name}` slug in `text` with the first value found for `name` in `sources`, in
 * order, then asks `options.resolveSlug`. A slug that nothing resolves is left as written, as CIF
 * does (docs/host.md, "Parameters and slugs").
 *
 * One pass only: text that a slug is replaced with is never scanned for slugs again, so a value can't
 * pull in another value (or loop). The result is plain text; it is never HTML, and whoever shows it
 * must use `textContent`.
 *
 * Strings are inserted as they are, numbers and booleans through `String()`, objects as their JSON
 * text. `null` and `undefined` do not resolve a slug. Only own properties count, so `{constructor}`
 * never finds `Object.prototype.constructor`.
 *
 * @param text - the text holding slugs, such as a title or a URL parameter.
 * @param sources - value sets to look slugs up in, first match wins.
 * @param options - the hook for CRM slugs and the context it receives.
 * @returns the text with the resolved slugs replaced.
 */
export function replaceSlugs(text: string, sources: readonly SlugValues[], options: ReplaceSlugsOptions = {}): string {
  const { resolveSlug } = options;
  let hookContext: { [key: string]: JsonValue } | undefined;
  return text.replace(slugPattern, (slug, name: string) => {
    for (const source of sources) {
      if (!Object.hasOwn(source, name)) continue;
      const value = slugText(source[name]);
      if (value !== undefined) return value;
    }
    if (resolveSlug === undefined) return slug;
    // The hook gets its own copy, so host page code can't change a session's context by accident.
    hookContext ??= structuredClone(options.context ?? {});
    const resolved = resolveSlug(name, hookContext);
    return typeof resolved === 'string' ? resolved : slug;
  });
}
