import {
  type JsonValue,
  type TemplateParameters,
  type TemplateParameterValue,
  isJsonObject,
} from '@cif-bridge/protocol';
import { replaceSlugs } from './replaceSlugs.js';
import { resolveTabUrl } from './resolveTabUrl.js';
import type { ResolveSlug, TabTemplate } from './types.js';
import { isParameterValue } from './guards.js';

/** Options of {@link resolveTemplateParameters}. */
export interface ResolveTemplateParametersOptions {
  /**
   * Tells whether a runtime key is a tab template's name. Such a key whose value is an object holds
   * that tab template's values only, so it is never a global value: CIF's `templateParameters` may
   * hold values for one tab template under its name.
   */
  isTabTemplateName: (name: string) => boolean;
  /** The session's `context`, the last place slugs are looked up before the hook. Default `{}`. */
  context?: { [key: string]: JsonValue };
  /** Hook for slugs that nothing else resolves, such as `{anchor.fullname}`. */
  resolveSlug?: ResolveSlug;
  /** The host page's origin: relative URLs resolve against it, and `webresource` URLs must stay on it. */
  origin: string;
}

/**
 * The global values of runtime `templateParameters`: every entry except the per-tab-template ones.
 * Exported beside {@link resolveTemplateParameters} because session and tab titles take their slugs
 * from the same global values, and the rule for what is global must live in one place.
 *
 * @param runtime - the `templateParameters` a widget passed.
 * @param isTabTemplateName - tells whether a key is a tab template's name.
 * @returns the global values, as a new object.
 */
export function globalTemplateParameters(
  runtime: TemplateParameters,
  isTabTemplateName: (name: string) => boolean,
): TemplateParameters {
  return Object.fromEntries(
    Object.entries(runtime).filter(([key, value]) => !(isTabTemplateName(key) && isJsonObject(value))),
  );
}

/**
 * Resolves the parameters of one tab of a session (or of a tab made by `createTab`).
 *
 * Precedence, lowest first: the values configured in `tabTemplate.parameters`, runtime global
 * values, runtime values under the tab template's own name (as in CIF: runtime beats
 * configured, per-tab beats global). The result holds the keys the tab template configures plus the
 * per-tab runtime keys; a global value only overrides a configured key, so a widget can't add a
 * parameter to every tab of a session at once. The one exception is `url`, which always comes from
 * the tab template: runtime values never replace it.
 *
 * Then every string value has its slugs replaced, in one pass, from the merged values (before
 * replacement), then the runtime globals, then `context`, then the hook. Objects, numbers and booleans
 * are kept as they are. In `url` each value is percent-encoded as one component, and the result is
 * resolved against `options.origin` and checked for the tab's type (see resolveTabUrl.ts).
 *
 * @throws BridgeError `INVALID_INPUT` when the resolved `url` is refused.
 *
 * @param tabTemplate - the tab template.
 * @param runtime - the `templateParameters` the widget passed, if any. Expected to be validated.
 * @param options - how to tell per-tab entries apart, and where slugs come from.
 * @returns the resolved parameters, as a new object.
 */
export function resolveTemplateParameters(
  tabTemplate: TabTemplate,
  runtime: TemplateParameters = {},
  options: ResolveTemplateParametersOptions,
): TemplateParameters {
  const globals = globalTemplateParameters(runtime, options.isTabTemplateName);
  const own = Object.hasOwn(runtime, tabTemplate.name) ? runtime[tabTemplate.name] : undefined;

  const merged = new Map<string, TemplateParameterValue>();
  for (const [key, configured] of Object.entries(tabTemplate.parameters)) {
    merged.set(key, (Object.hasOwn(globals, key) ? globals[key] : undefined) ?? configured);
  }
  for (const [key, value] of Object.entries(isJsonObject(own) ? own : {})) {
    // A per-tab member that is not a parameter value (null, an array) can only come from unvalidated
    // input; skipping it keeps the result's type honest.
    if (isParameterValue(value)) merged.set(key, value);
  }
  // The URL comes from the template only, whatever the runtime values hold (the store refuses a
  // runtime `url` before this runs; this keeps the rule true for any other caller).
  const configuredUrl = Object.hasOwn(tabTemplate.parameters, 'url') ? tabTemplate.parameters.url : undefined;
  if (configuredUrl === undefined) merged.delete('url');
  else merged.set('url', configuredUrl);

  const sources = [Object.fromEntries(merged), globals, options.context ?? {}];
  const rules = { type: tabTemplate.type, allowedPathPrefix: tabTemplate.allowedPathPrefix, origin: options.origin };
  const resolve = (key: string, value: string): string =>
    key === 'url' ? resolveTabUrl(value, sources, rules, options) : replaceSlugs(value, sources, options);
  // Object.fromEntries defines own data properties, so even a `__proto__` key could not set a prototype.
  return Object.fromEntries(
    [...merged].map(([key, value]) => [key, typeof value === 'string' ? resolve(key, value) : value]),
  );
}
