import type { TemplateParameters, JsonObject } from '@cif-bridge/protocol';
import { replaceSlugs } from './replaceSlugs.js';
import { globalTemplateParameters, resolveTemplateParameters } from './resolveTemplateParameters.js';
import type { TabRecord } from './StoreState.js';
import type { ResolveSlug, TabTemplate } from './types.js';

/** What making a tab needs from the session store. */
export interface TabRecordSources {
  /** The host page's slug hook, if any. */
  resolveSlug: ResolveSlug | undefined;
  /** Whether a name is a tab template's, whose object in `templateParameters` holds that tab's values. */
  isTabTemplateName: (name: string) => boolean;
  /** The host page's origin, for the tab's URL. */
  origin: string;
  /** Makes the tab's id. */
  createId: () => string;
}

/**
 * A new tab made from a tab template: its parameters resolved (the URL checked), its title's slugs
 * replaced from its parameters, then the global runtime values, then `context`, then the hook.
 *
 * @param template - the tab template.
 * @param runtime - the widget's `templateParameters`, already read.
 * @param context - the session's `context` (`{}` for home).
 * @param anchor - whether it is its session's anchor tab, which can't be closed.
 * @param sources - the store's slug hook, origin and id factory.
 * @throws BridgeError `INVALID_INPUT` when the resolved URL is refused.
 */
export function createTabRecord(
  template: TabTemplate,
  runtime: TemplateParameters,
  context: JsonObject,
  anchor: boolean,
  sources: TabRecordSources,
): TabRecord {
  const { resolveSlug, isTabTemplateName } = sources;
  const parameters = resolveTemplateParameters(template, runtime, {
    resolveSlug,
    context,
    isTabTemplateName,
    origin: sources.origin,
  });
  const values = [parameters, globalTemplateParameters(runtime, isTabTemplateName), context];
  return {
    id: sources.createId(),
    templateName: template.name,
    type: template.type,
    title: replaceSlugs(template.title, values, { resolveSlug, context }),
    anchor,
    canClose: !anchor && template.canClose !== false,
    sendToCustomer: template.sendToCustomer === true,
    parameters,
    refreshCount: 0,
  };
}
