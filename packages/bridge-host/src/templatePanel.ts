import type { SessionTemplate } from './types.js';

/** What a session's template asks of the communication panel when the session opens. */
export interface TemplatePanel {
  /** The mode to switch to, if the template gives one. */
  mode?: 0 | 1 | 2;
  /** The width to set, if the template gives one. */
  width?: number;
}

/**
 * Makes the look-up of the panel settings of a session template by name, as Dynamics 365 applies a
 * session template's panel mode and width when its session is created or focused. A template that
 * gives neither (or an unknown name) asks nothing.
 *
 * @param templates - the host's session templates, already checked.
 */
export function templatePanels(templates: readonly SessionTemplate[]): (templateName: string) => TemplatePanel {
  const byName = new Map<string, TemplatePanel>();
  for (const { name, panelMode, panelWidth } of templates) {
    if (panelMode !== undefined || panelWidth !== undefined) byName.set(name, { mode: panelMode, width: panelWidth });
  }
  return (templateName) => byName.get(templateName) ?? {};
}
