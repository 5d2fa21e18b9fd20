import { BridgeError, BridgeErrorCode, type TemplateParameters } from '@cif-bridge/protocol';
import type { NotificationTemplate, SessionTemplate, TabTemplate } from './types.js';

/** Options of {@link TemplateStore}: the host's template configuration. */
export interface TemplateStoreOptions {
  /** Session templates; names must be unique. */
  sessionTemplates: readonly SessionTemplate[];
  /** Tab templates; names must be unique, and every name a session template uses must be here. */
  tabTemplates: readonly TabTemplate[];
  /** Notification templates for `notifyEvent`; names must be unique. Default none. */
  notificationTemplates?: readonly NotificationTemplate[];
  /** Cap on tabs per session, anchor tab included; no session template may open more. */
  maxTabsPerSession: number;
}

type Data = { [key: string]: unknown };

const isData = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(message: string): BridgeError {
  return new BridgeError(BridgeErrorCode.INVALID_INPUT, message);
}

/** The error for a template a caller can't have, whether it is unknown or not allowed to the caller. */
function notFound(by: 'name' | 'tag', value: string): BridgeError {
  // CIF's own wording (CIF-BEHAVIOUR.md, createSession errors).
  return new BridgeError(BridgeErrorCode.TEMPLATE_NOT_FOUND, `Did not find template by ${by} (${value})`);
}

/*
 * Field readers for the configuration. The host page may be plain JavaScript, so the declared types
 * are not trusted: each reader checks one field and names it in the error, with what to fix.
 */

function requiredString(item: Data, field: string, where: string): string {
  const value = item[field];
  if (typeof value !== 'string' || value === '') {
    throw invalid(`${where}.${field} must be a non-empty string.`);
  }
  return value;
}

/** Like {@link requiredString}, for text that may be empty, such as a title. */
function requiredText(item: Data, field: string, where: string): string {
  const value = item[field];
  if (typeof value !== 'string') throw invalid(`${where}.${field} must be a string.`);
  return value;
}

function optionalString(item: Data, field: string, where: string): string | undefined {
  const value = item[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`${where}.${field} must be a string when given.`);
  return value;
}

function arrayOf(value: unknown, field: string, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(`${field} must be an array of ${what}.`);
  return value;
}

function itemAt(list: readonly unknown[], index: number, field: string, what: string): Data {
  const item = list[index];
  if (!isData(item)) throw invalid(`${field}[${index}] must be a ${what} object.`);
  return item;
}

function checkUnique(names: readonly string[], field: string, what: string): void {
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw invalid(
        `${what} name "${name}" is used twice (${field}[${first}] and ${field}[${index}]); give each ${what} a unique name.`,
      );
    }
    seen.set(name, index);
  });
}

function readParameters(item: Data, where: string): TemplateParameters {
  const value = item.parameters;
  // A tab that needs no parameters may leave them out, even though the type asks for them.
  if (value === undefined) return {};
  if (!isData(value)) throw invalid(`${where}.parameters must be an object of parameter values.`);
  for (const [key, member] of Object.entries(value)) {
    const ok =
      typeof member === 'string' ||
      (typeof member === 'number' && Number.isFinite(member)) ||
      typeof member === 'boolean' ||
      isData(member);
    if (!ok) throw invalid(`${where}.parameters.${key} must be a string, number, boolean or JSON object.`);
  }
  try {
    // A copy, so the host page changing its config object later can't change open sessions' templates.
    return JSON.parse(JSON.stringify(value)) as TemplateParameters;
  } catch {
    throw invalid(`${where}.parameters must be plain JSON data without cycles.`);
  }
}

function readTabTemplate(item: Data, where: string): TabTemplate {
  const name = requiredString(item, 'name', where);
  const named = `${where} ("${name}")`;
  const canClose = item.canClose;
  if (canClose !== undefined && typeof canClose !== 'boolean') {
    throw invalid(`${named}.canClose must be true or false when given.`);
  }
  const template: TabTemplate = {
    name,
    title: requiredText(item, 'title', named),
    type: requiredString(item, 'type', named),
    parameters: readParameters(item, named),
  };
  const tag = optionalString(item, 'tag', named);
  if (tag !== undefined) template.tag = tag;
  if (canClose !== undefined) template.canClose = canClose;
  return template;
}

function readSessionTemplate(
  item: Data,
  where: string,
  tabNames: ReadonlySet<string>,
  maxTabsPerSession: number,
): SessionTemplate {
  const name = requiredString(item, 'name', where);
  const named = `${where} ("${name}")`;
  const anchorTab = requiredString(item, 'anchorTab', named);
  const checkTab = (tabName: string, field: string): void => {
    if (!tabNames.has(tabName)) {
      throw invalid(
        `${named}.${field} names "${tabName}", which is not a tab template; add a tab template named "${tabName}" or fix the name.`,
      );
    }
  };
  checkTab(anchorTab, 'anchorTab');

  const template: SessionTemplate = { name, title: requiredText(item, 'title', named), anchorTab };
  if (item.tabs !== undefined) {
    if (!Array.isArray(item.tabs)) throw invalid(`${named}.tabs must be an array of tab template names.`);
    const tabs = item.tabs.map((tabName: unknown, index: number) => {
      if (typeof tabName !== 'string') throw invalid(`${named}.tabs[${index}] must be a tab template name.`);
      checkTab(tabName, `tabs[${index}]`);
      return tabName;
    });
    if (tabs.length + 1 > maxTabsPerSession) {
      throw invalid(
        `${named} opens ${tabs.length + 1} tabs (the anchor tab and ${tabs.length} more), over maxTabsPerSession (${maxTabsPerSession}); remove tabs or raise maxTabsPerSession.`,
      );
    }
    template.tabs = tabs;
  }
  const tag = optionalString(item, 'tag', named);
  if (tag !== undefined) template.tag = tag;
  const icon = optionalString(item, 'icon', named);
  if (icon !== undefined) template.icon = icon;
  const { panelMode } = item;
  if (panelMode !== undefined) {
    if (panelMode !== 0 && panelMode !== 1 && panelMode !== 2) {
      throw invalid(`${named}.panelMode must be 0 (minimized), 1 (docked) or 2 (hidden) when given.`);
    }
    template.panelMode = panelMode;
  }
  return template;
}

function readNotificationTemplate(item: Data, where: string): NotificationTemplate {
  const name = requiredString(item, 'name', where);
  const named = `${where} ("${name}")`;
  const template: NotificationTemplate = { name, title: requiredText(item, 'title', named) };
  if (item.fields !== undefined) {
    if (!isData(item.fields)) throw invalid(`${named}.fields must be an object of label: value strings.`);
    const fields: Record<string, string> = {};
    for (const [label, value] of Object.entries(item.fields)) {
      if (typeof value !== 'string') throw invalid(`${named}.fields.${label} must be a string.`);
      // defineProperty, so a label such as "__proto__" stays a label.
      Object.defineProperty(fields, label, { value, enumerable: true, writable: true, configurable: true });
    }
    template.fields = fields;
  }
  const { timeoutSeconds } = item;
  if (timeoutSeconds !== undefined) {
    if (typeof timeoutSeconds !== 'number' || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
      throw invalid(`${named}.timeoutSeconds must be a positive number of seconds when given.`);
    }
    template.timeoutSeconds = timeoutSeconds;
  }
  const acceptLabel = optionalString(item, 'acceptLabel', named);
  if (acceptLabel !== undefined) template.acceptLabel = acceptLabel;
  const rejectLabel = optionalString(item, 'rejectLabel', named);
  if (rejectLabel !== undefined) template.rejectLabel = rejectLabel;
  return template;
}

/**
 * The host's session, tab and notification templates, checked once when the host starts.
 *
 * The constructor throws `INVALID_INPUT` for a configuration mistake (a duplicate name, a session
 * template naming an unknown tab template, a template with more tabs than `maxTabsPerSession`, a field
 * of the wrong type), with a message that names the template and says what to fix, so a mistake shows
 * up at startup rather than when a widget first creates a session. The store keeps its own copies.
 *
 * Lookups take an optional `allowed` set of template names, the templates one provider may use. A
 * template outside it gives the same `TEMPLATE_NOT_FOUND` text as an unknown one, so a provider can't
 * learn which other templates exist.
 */
export class TemplateStore {
  readonly #sessionTemplates: readonly SessionTemplate[];
  readonly #tabTemplates: ReadonlyMap<string, TabTemplate>;
  readonly #notificationTemplates: ReadonlyMap<string, NotificationTemplate>;

  /**
   * @param options - the template configuration.
   * @throws BridgeError `INVALID_INPUT` when the configuration is wrong; the message says what to fix.
   */
  constructor(options: TemplateStoreOptions) {
    if (!isData(options)) throw invalid('Template options must be an object.');
    const { maxTabsPerSession } = options;
    if (typeof maxTabsPerSession !== 'number' || !Number.isInteger(maxTabsPerSession) || maxTabsPerSession < 1) {
      throw invalid('maxTabsPerSession must be a whole number of at least 1.');
    }

    const tabList = arrayOf(options.tabTemplates, 'tabTemplates', 'tab templates');
    const tabs = tabList.map((_, index) =>
      readTabTemplate(itemAt(tabList, index, 'tabTemplates', 'tab template'), `tabTemplates[${index}]`),
    );
    checkUnique(
      tabs.map((t) => t.name),
      'tabTemplates',
      'tab template',
    );
    this.#tabTemplates = new Map(tabs.map((t) => [t.name, t]));

    const tabNames = new Set(this.#tabTemplates.keys());
    const sessionList = arrayOf(options.sessionTemplates, 'sessionTemplates', 'session templates');
    const sessions = sessionList.map((_, index) =>
      readSessionTemplate(
        itemAt(sessionList, index, 'sessionTemplates', 'session template'),
        `sessionTemplates[${index}]`,
        tabNames,
        maxTabsPerSession,
      ),
    );
    checkUnique(
      sessions.map((t) => t.name),
      'sessionTemplates',
      'session template',
    );
    this.#sessionTemplates = sessions;

    const notificationList = arrayOf(
      options.notificationTemplates ?? [],
      'notificationTemplates',
      'notification templates',
    );
    const notifications = notificationList.map((_, index) =>
      readNotificationTemplate(
        itemAt(notificationList, index, 'notificationTemplates', 'notification template'),
        `notificationTemplates[${index}]`,
      ),
    );
    checkUnique(
      notifications.map((t) => t.name),
      'notificationTemplates',
      'notification template',
    );
    this.#notificationTemplates = new Map(notifications.map((t) => [t.name, t]));
  }

  /**
   * Finds a session template by name, else by tag (the first template carrying it). A name wins over
   * a tag: when a name is given, the tag is not tried.
   *
   * @param by - the name and/or tag a widget passed; at least one must be given.
   * @param allowed - names of the templates the caller may use; all when undefined.
   * @returns the template.
   * @throws BridgeError `TEMPLATE_NOT_FOUND` "Did not find template by name (X)" or "… by tag (X)".
   */
  sessionTemplate(by: { name?: string; tag?: string }, allowed?: ReadonlySet<string>): SessionTemplate {
    const usable = (t: SessionTemplate): boolean => allowed === undefined || allowed.has(t.name);
    if (by.name !== undefined) {
      const found = this.#sessionTemplates.find((t) => t.name === by.name && usable(t));
      if (found === undefined) throw notFound('name', by.name);
      return found;
    }
    if (by.tag !== undefined) {
      // The first template the caller may use, so a hidden template can't shadow an allowed one.
      const found = this.#sessionTemplates.find((t) => t.tag === by.tag && usable(t));
      if (found === undefined) throw notFound('tag', by.tag);
      return found;
    }
    throw invalid('A session template lookup needs a name or a tag.');
  }

  /**
   * Finds a tab template by name, for `createTab`.
   *
   * @param name - the tab template's name.
   * @param allowed - names of the templates the caller may use; all when undefined.
   * @returns the template.
   * @throws BridgeError `TEMPLATE_NOT_FOUND` "Did not find template by name (X)".
   */
  tabTemplate(name: string, allowed?: ReadonlySet<string>): TabTemplate {
    const found = this.#tabTemplates.get(name);
    if (found === undefined || (allowed !== undefined && !allowed.has(name))) throw notFound('name', name);
    return found;
  }

  /**
   * Finds a tab template by name without any access check, for the host's own use (such as reading
   * the tag of an open tab).
   *
   * @param name - the tab template's name.
   * @returns the template, or undefined.
   */
  findTabTemplate(name: string): TabTemplate | undefined {
    return this.#tabTemplates.get(name);
  }

  /**
   * Tells whether `name` is a tab template's name. In `templateParameters`, such a key whose value is
   * an object holds that tab template's values only.
   *
   * @param name - a `templateParameters` key.
   */
  isTabTemplateName(name: string): boolean {
    return this.#tabTemplates.has(name);
  }

  /**
   * Finds a notification template by name, for `notifyEvent`.
   *
   * @param name - the notification template's name.
   * @returns the template.
   * @throws BridgeError `TEMPLATE_NOT_FOUND` "Did not find template by name (X)".
   */
  notificationTemplate(name: string): NotificationTemplate {
    const found = this.#notificationTemplates.get(name);
    if (found === undefined) throw notFound('name', name);
    return found;
  }
}
