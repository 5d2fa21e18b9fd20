import { BridgeError, BridgeErrorCode, type TemplateParameters, isJsonObject } from '@cif-bridge/protocol';
import type { NotificationTemplate, SessionTemplate, TabTemplate } from './types.js';
import { isParameterValue, isString, PARAMETER_VALUE } from './guards.js';
import { invalidInput } from './invalidInput.js';
import { checkUrlTemplate } from './resolveTabUrl.js';

/** Options of {@link TemplateStore}: the host's template configuration. */
export interface TemplateStoreOptions {
  /** Session templates; names must be unique. */
  sessionTemplates: readonly SessionTemplate[];
  /** Tab templates; names must be unique, and every name a session template uses must be here. */
  tabTemplates: readonly TabTemplate[];
  /** Notification templates for `notifyEvent`; names must be unique. Default none. */
  notificationTemplates?: readonly NotificationTemplate[];
  /**
   * Cap on tabs per session, anchor tab included; no session template may open more. `createHost`
   * checks it is a positive whole number.
   */
  maxTabsPerSession: number;
  /** The host page's origin: `webresource` URLs must be on it, and relative URLs resolve against it. */
  origin: string;
  /**
   * Development mode: a session, tab or notification template that a lookup names and that does not
   * exist is created, plain, on first use, and this is called with its kind, its name, and the
   * provider whose call named it ('' when the host itself did). Off when absent.
   */
  onDevelopmentTemplate?: DevelopmentTemplateListener;
}

/** What kind of template development mode created. */
export type DevelopmentTemplateKind = 'session' | 'tab' | 'notification';

/** Told of each template development mode made up: its kind, its name, and who named it. */
export type DevelopmentTemplateListener = (kind: DevelopmentTemplateKind, name: string, provider: string) => void;

/**
 * The tab type of the tabs development mode creates: it has no URL, so the default UI shows the tab's
 * title and a line saying no renderer is registered, and a host page may register one for it.
 */
export const DEVELOPMENT_TAB_TYPE = 'development';

type Data = { [key: string]: unknown };

/** The error for a template a caller can't have, whether it is unknown or not allowed to the caller. */
function notFound(by: 'name' | 'tag', value: string): BridgeError {
  // CIF's own wording for createSession's error, so widgets written for CIF that match on it keep working.
  return new BridgeError(BridgeErrorCode.TEMPLATE_NOT_FOUND, `Did not find template by ${by} (${value})`);
}

/*
 * Field readers for the configuration. The host page may be plain JavaScript, so the declared types
 * are not trusted: each template kind is a table of fields, and each field's reader checks the value,
 * names the field (`path`) in the error with what to fix, and returns what the store keeps; an
 * optional field that is absent reads as undefined and is left out of the template.
 */

/** Checks one field's value and returns the value to keep; throws `INVALID_INPUT` naming `path`. */
type FieldReader = (value: unknown, path: string) => unknown;

/** A reader that keeps the value when `test` passes; the error says the field must be `expected`. */
function field(test: (value: unknown) => boolean, expected: string, optional = false): FieldReader {
  return (value, path) => {
    if (optional && value === undefined) return undefined;
    if (!test(value)) throw invalidInput(`${path} must be ${expected}${optional ? ' when given' : ''}.`);
    return value;
  };
}

const nonEmpty = field((value) => isString(value) && value !== '', 'a non-empty string');
const text = field(isString, 'a string');
const optionalText = field(isString, 'a string', true);

/** Tab parameters: an object of parameter values, kept as a copy; a tab that needs none may leave them out. */
const parameters: FieldReader = (value, path) => {
  if (value === undefined) return {};
  if (!isJsonObject(value)) throw invalidInput(`${path} must be an object of parameter values.`);
  for (const [key, member] of Object.entries(value)) {
    if (!isParameterValue(member)) throw invalidInput(`${path}.${key} must be ${PARAMETER_VALUE}.`);
  }
  try {
    // A copy, so the host page changing its config object later can't change open sessions' templates.
    return JSON.parse(JSON.stringify(value)) as TemplateParameters;
  } catch {
    throw invalidInput(`${path} must be plain JSON data without cycles.`);
  }
};

/** A notification's labelled fields, as a copy. */
const fields: FieldReader = (value, path) => {
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw invalidInput(`${path} must be an object of label: value strings.`);
  // Object.fromEntries defines own properties, so a label such as "__proto__" stays a label.
  return Object.fromEntries(Object.entries(value).map(([label, member]) => [label, text(member, `${path}.${label}`)]));
};

const tabFields = {
  type: nonEmpty,
  parameters,
  tag: optionalText,
  canClose: field((value) => typeof value === 'boolean', 'true or false', true),
  sendToCustomer: field((value) => typeof value === 'boolean', 'true or false', true),
  allowedPathPrefix: field((value) => isString(value) && value.startsWith('/'), 'a path starting with "/"', true),
};

/**
 * Checks a tab template's `url` (see resolveTabUrl.ts): a string for a `website` or `webresource`
 * tab, with no slug in its scheme or host, and allowed for its type. `allowedPathPrefix` is for
 * `webresource` tabs only, so that nobody believes it narrows another type.
 */
function checkTabUrl(template: TabTemplate, where: string, origin: string): void {
  const { type, allowedPathPrefix } = template;
  const url = template.parameters.url;
  if (allowedPathPrefix !== undefined && type !== 'webresource') {
    throw invalidInput(`${where}.allowedPathPrefix is for webresource tabs only; remove it or change the type.`);
  }
  if (url === undefined) return;
  const frame = type === 'website' || type === 'webresource';
  if (typeof url !== 'string') {
    if (frame) throw invalidInput(`${where}.parameters.url must be a string URL.`);
    return;
  }
  const problem = checkUrlTemplate(url, { type, allowedPathPrefix, origin });
  if (problem !== undefined) throw invalidInput(`${where}.parameters.url ${problem}.`);
}

const notificationFields = {
  fields,
  timeoutSeconds: field(
    (value) => typeof value === 'number' && Number.isFinite(value) && value > 0,
    'a positive number of seconds',
    true,
  ),
  acceptLabel: optionalText,
  rejectLabel: optionalText,
};

/** Session template fields; `anchorTab` and `tabs` must name tab templates, and fit in a session. */
function sessionFieldsFor(tabNames: ReadonlySet<string>, maxTabsPerSession: number): Record<string, FieldReader> {
  const tabName = (value: unknown, path: string): unknown => {
    if (!tabNames.has(nonEmpty(value, path) as string)) {
      throw invalidInput(`${path} names "${value}", which is not a tab template.`);
    }
    return value;
  };
  return {
    anchorTab: tabName,
    tabs: (value, path) => {
      if (value === undefined) return undefined;
      if (!Array.isArray(value)) throw invalidInput(`${path} must be an array of tab template names.`);
      if (value.length >= maxTabsPerSession) {
        throw invalidInput(
          `${path} and the anchor tab make ${value.length + 1} tabs, over maxTabsPerSession (${maxTabsPerSession}).`,
        );
      }
      return value.map((name: unknown, index) => tabName(name, `${path}[${index}]`));
    },
    tag: optionalText,
    icon: optionalText,
    panelMode: field(
      (value) => value === 0 || value === 1 || value === 2,
      '0 (minimized), 1 (docked) or 2 (hidden)',
      true,
    ),
    panelWidth: field(
      (value) => typeof value === 'number' && Number.isFinite(value) && value > 0,
      'a positive number of pixels',
      true,
    ),
  };
}

/**
 * Reads the list of templates of one kind: each must be an object with a unique non-empty `name`, a
 * `title` string, and the kind's own fields.
 *
 * @param list - the configured list (`tabTemplates`, …), not trusted to be an array.
 * @param kind - the kind; the option is `<kind>Templates`, and errors name a "<kind> template".
 * @param readers - the kind's own fields.
 */
function readTemplates<T>(
  list: unknown,
  kind: 'tab' | 'session' | 'notification',
  readers: Record<string, FieldReader>,
): Map<string, T> {
  const listName = `${kind}Templates`;
  if (!Array.isArray(list)) throw invalidInput(`${listName} must be an array of ${kind} templates.`);
  const templates = new Map<string, T>();
  list.forEach((item: unknown, index) => {
    const where = `${listName}[${index}]`;
    if (!isJsonObject(item)) throw invalidInput(`${where} must be a ${kind} template object.`);
    const name = nonEmpty(item.name, `${where}.name`) as string;
    // Every item before this one was read, so each is an object with a name.
    const first = list.findIndex((other: { name: unknown }) => other.name === name);
    if (first < index) {
      throw invalidInput(
        `${kind} template name "${name}" is used twice (${listName}[${first}] and ${where}); names must be unique.`,
      );
    }
    const named = `${where} ("${name}")`;
    const template: Data = { name, title: text(item.title, `${named}.title`) };
    for (const [key, read] of Object.entries(readers)) {
      const value = read(item[key], `${named}.${key}`);
      if (value !== undefined) template[key] = value;
    }
    templates.set(name, template as T);
  });
  return templates;
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
  readonly #sessionTemplates: SessionTemplate[];
  readonly #tabTemplates: Map<string, TabTemplate>;
  readonly #notificationTemplates: Map<string, NotificationTemplate>;
  readonly #onDevelopmentTemplate: TemplateStoreOptions['onDevelopmentTemplate'];

  /**
   * @param options - the template configuration.
   * @throws BridgeError `INVALID_INPUT` when the configuration is wrong; the message says what to fix.
   */
  constructor(options: TemplateStoreOptions) {
    this.#tabTemplates = readTemplates(options.tabTemplates, 'tab', tabFields);
    [...this.#tabTemplates.values()].forEach((template, index) =>
      checkTabUrl(template, `tabTemplates[${index}] ("${template.name}")`, options.origin),
    );
    const sessionFields = sessionFieldsFor(new Set(this.#tabTemplates.keys()), options.maxTabsPerSession);
    this.#sessionTemplates = [
      ...readTemplates<SessionTemplate>(options.sessionTemplates, 'session', sessionFields).values(),
    ];
    this.#notificationTemplates = readTemplates(
      options.notificationTemplates ?? [],
      'notification',
      notificationFields,
    );
    const { onDevelopmentTemplate } = options;
    if (onDevelopmentTemplate !== undefined && typeof onDevelopmentTemplate !== 'function') {
      throw invalidInput('onDevelopmentTemplate must be a function.');
    }
    this.#onDevelopmentTemplate = onDevelopmentTemplate;
  }

  /**
   * In development mode, creates the tab template `name` unless it exists: titled with its name, of
   * {@link DEVELOPMENT_TAB_TYPE}, with no parameters.
   */
  #developTab(name: string, provider: string): void {
    if (this.#onDevelopmentTemplate === undefined || this.#tabTemplates.has(name)) return;
    this.#tabTemplates.set(name, { name, title: name, type: DEVELOPMENT_TAB_TYPE, parameters: {} });
    this.#onDevelopmentTemplate('tab', name, provider);
  }

  /**
   * In development mode, creates a session template for a name or a tag no template has: named after
   * it (a tag also becomes its tag), titled with it, with one tab template of the same name.
   */
  #developSession(by: { name?: string; tag?: string }, provider: string): void {
    const name = by.name ?? by.tag;
    if (this.#onDevelopmentTemplate === undefined || name === undefined || name === '') return;
    if (this.#sessionTemplates.some((t) => t.name === name || (by.name === undefined && t.tag === name))) return;
    this.#developTab(name, provider);
    this.#sessionTemplates.push({
      name,
      title: name,
      anchorTab: name,
      ...(by.name === undefined ? { tag: name } : {}),
    });
    this.#onDevelopmentTemplate('session', name, provider);
  }

  /**
   * Finds a session template by name, else by tag (the first template carrying it). A name wins over
   * a tag: when a name is given, the tag is not tried.
   *
   * @param by - the name and/or tag a widget passed; at least one must be given.
   * @param allowed - names of the templates the caller may use; all when undefined.
   * @param provider - who names it, for development mode's listener; '' for the host itself.
   * @returns the template.
   * @throws BridgeError `TEMPLATE_NOT_FOUND` "Did not find template by name (X)" or "… by tag (X)".
   */
  sessionTemplate(by: { name?: string; tag?: string }, allowed?: ReadonlySet<string>, provider = ''): SessionTemplate {
    const key = by.name === undefined ? 'tag' : 'name';
    const value = by[key];
    if (allowed === undefined) this.#developSession(by, provider);
    // The first template the caller may use, so a hidden template can't shadow an allowed one.
    const found = this.#sessionTemplates.find((t) => t[key] === value && (allowed?.has(t.name) ?? true));
    if (found === undefined || value === undefined) throw notFound(key, String(value));
    return found;
  }

  /**
   * Finds a tab template by name, for `createTab`.
   *
   * @param name - the tab template's name.
   * @param allowed - names of the templates the caller may use; all when undefined.
   * @param provider - who names it, for development mode's listener; '' for the host itself.
   * @returns the template.
   * @throws BridgeError `TEMPLATE_NOT_FOUND` "Did not find template by name (X)".
   */
  tabTemplate(name: string, allowed?: ReadonlySet<string>, provider = ''): TabTemplate {
    if (allowed === undefined && name !== '') this.#developTab(name, provider);
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
   * Finds a notification template by name, for `notifyEvent`.
   *
   * @param name - the notification template's name.
   * @param provider - who names it, for development mode's listener.
   * @returns the template.
   * @throws BridgeError `TEMPLATE_NOT_FOUND` "Did not find template by name (X)".
   */
  notificationTemplate(name: string, provider = ''): NotificationTemplate {
    if (this.#onDevelopmentTemplate !== undefined && name !== '' && !this.#notificationTemplates.has(name)) {
      this.#notificationTemplates.set(name, { name, title: name });
      this.#onDevelopmentTemplate('notification', name, provider);
    }
    const found = this.#notificationTemplates.get(name);
    if (found === undefined) throw notFound('name', name);
    return found;
  }
}
