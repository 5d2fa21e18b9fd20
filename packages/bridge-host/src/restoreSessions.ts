import { createId, MAX_INPUT_LENGTH, type JsonValue, isJsonObject, type JsonObject } from '@cif-bridge/protocol';
import { isParameterValue, isString } from './guards.js';
import { dropForbiddenKeys } from './parseJsonInput.js';
import { isCount } from './readArguments.js';
import { parseUrl, urlRefusal } from './resolveTabUrl.js';
import type { SessionRecord, StoreState, TabGroup, TabRecord } from './StoreState.js';
import type { TemplateStore } from './TemplateStore.js';
import type { TabTemplate } from './types.js';

/*
 * The persisted form of the session store, and its restore. Storage is written by this code, but
 * anything in the page (or a browser extension) can change it, so it is read back as untrusted data:
 * a record that is not exactly what the store writes is dropped, never half-used.
 */

/**
 * The store's state as plain JSON data: written by `SessionStore.toJSON` for
 * `createHost({ persist })`, read back by `SessionStore.restore`. `state` is internal.
 */
export interface PersistedSessions {
  /** Format version; `SessionStore.restore` ignores data of any other version. */
  version: number;
  /** The sessions with their tabs, owners and badges, home's tabs, the focus and its history. */
  state: JsonValue;
}

/** Version of {@link PersistedSessions}; data of another version is ignored. */
export const PERSIST_VERSION = 1;

/** What a restore checks stored data against: the host's templates, caps and origin. */
export interface RestoreRules {
  /** The templates; a session or tab whose template is gone is dropped. */
  templates: TemplateStore;
  /** Cap on sessions; the ones past it are dropped. */
  maxSessions: number;
  /** Cap on tabs per session (and home's); the ones past it are dropped. */
  maxTabsPerSession: number;
  /** The host page's origin, which stored `webresource` URLs must be on. */
  origin: string;
}

const isStoredId = (value: unknown): value is string => isString(value) && value.length > 0 && value.length <= 200;
const isStoredText = (value: unknown): value is string => isString(value) && value.length <= 2 * MAX_INPUT_LENGTH;

/** Tests of a stored record's fields, by name. */
type FieldTests = { [field: string]: (value: unknown) => boolean };

/** Null, or an object holding exactly one field, which passes `test` (a KPI mark, a focus request). */
const storedPair =
  (field: string, test: (value: unknown) => boolean) =>
  (value: unknown): boolean =>
    value === null || (isJsonObject(value) && Object.keys(value).join() === field && test(value[field]));

/** The fields of a stored session that are checked alone; its template, tabs and focus are read apart. */
const storedSessionFields: FieldTests = {
  title: isStoredText,
  provider: isStoredId,
  context: isJsonObject,
  correlationId: isStoredId,
  inputJson: isStoredText,
  newActivity: isCount,
  kpiBreach: storedPair('details', isStoredText),
  focusRequest: storedPair('messagesCount', isCount),
};

/**
 * A stored session's conversation: its id and data when they are well formed, else (state stored
 * before sessions had conversations, or data that fails the checks) a new id and no data.
 */
function restoreConversation(item: JsonObject): { conversationId: string; conversationData: JsonObject } {
  const { conversationId, conversationData } = item;
  return isStoredId(conversationId) && isJsonObject(conversationData)
    ? { conversationId, conversationData }
    : { conversationId: createId(), conversationData: {} };
}

/** The fields of `value` that `tests` names, when every one passes its test; else undefined. */
function pickStored(value: unknown, tests: FieldTests): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  const picked: JsonObject = {};
  for (const [field, test] of Object.entries(tests)) {
    if (!test(value[field])) return undefined;
    picked[field] = value[field] as JsonValue;
  }
  return picked;
}

/**
 * Whether a stored tab's `url` is one its template could have made: a template with a string `url`
 * needs a stored URL in normal form that passes the template's rules; a template without one gives
 * no URL at all. Storage can be written by anything in the page, so this is checked like widget input.
 */
function storedUrlFits(template: TabTemplate | undefined, url: unknown, origin: string): boolean {
  const configured = template?.parameters.url;
  if (template === undefined || typeof configured !== 'string') return typeof url !== 'string';
  const parsed = isString(url) ? parseUrl(url, origin) : undefined;
  return (
    parsed !== undefined &&
    parsed.href === url &&
    urlRefusal(parsed, template.type, origin, template.allowedPathPrefix) === undefined
  );
}

/** A stored session's (or home's) tabs; undefined when a session's anchor tab is not valid. */
function restoreGroup(value: unknown, inSession: boolean, ids: Set<string>, rules: RestoreRules): TabGroup | undefined {
  if (!isJsonObject(value) || !Array.isArray(value.tabs)) return undefined;
  const tabs: TabRecord[] = [];
  for (const [index, item] of value.tabs.entries()) {
    const anchor = inSession && index === 0;
    const template = rules.templates.findTabTemplate(isJsonObject(item) ? String(item.templateName) : '');
    const fields =
      tabs.length < rules.maxTabsPerSession
        ? pickStored(item, {
            id: (id) => isStoredId(id) && !ids.has(id),
            title: isStoredText,
            anchor: (flag) => flag === anchor,
            parameters: (parameters) =>
              isJsonObject(parameters) &&
              Object.values(parameters).every(isParameterValue) &&
              storedUrlFits(template, parameters.url, rules.origin),
            refreshCount: isCount,
          })
        : undefined;
    if (template !== undefined && fields !== undefined) {
      ids.add(fields.id as string);
      // Type and closability come from the template, not from storage.
      tabs.push({
        ...fields,
        templateName: template.name,
        type: template.type,
        canClose: !anchor && template.canClose !== false,
        sendToCustomer: template.sendToCustomer === true,
      } as TabRecord);
    } else if (anchor) {
      return undefined;
    }
  }
  if (inSession && tabs.length === 0) return undefined;
  const focused = tabs.find((t) => t.id === value.focusedTabId) ?? (inSession ? tabs[0] : undefined);
  return { tabs, focusedTabId: focused?.id ?? null };
}

/**
 * Reads what `SessionStore.toJSON` wrote back into a state, treating `data` as untrusted: a session
 * or tab whose fields are missing, mistyped or too long, whose template no longer exists, or whose id
 * is taken, is dropped (a session whose anchor tab is dropped goes with it), keys that could reach a
 * prototype are removed, the caps are applied, and focus falls back to home.
 *
 * @param data - the parsed JSON of a {@link PersistedSessions}.
 * @param rules - the templates, caps and origin the stored data must fit.
 * @returns the state, and how many stored sessions were restored and how many were dropped.
 */
export function restoreSessions(
  data: unknown,
  rules: RestoreRules,
): { state: StoreState; restored: number; dropped: number } {
  // One fresh copy of it all, with prototype-reaching keys dropped at every depth; data that is not
  // JSON (a cycle, a BigInt) reads as nothing stored.
  let copy: unknown;
  try {
    copy = JSON.parse(JSON.stringify(data), dropForbiddenKeys);
  } catch {
    copy = undefined;
  }
  const state = isJsonObject(copy) && copy.version === PERSIST_VERSION && isJsonObject(copy.state) ? copy.state : {};
  const stored = Array.isArray(state.sessions) ? state.sessions : [];
  const ids = new Set<string>();
  const sessionFields: FieldTests = {
    id: (id) => isStoredId(id) && !ids.has(id),
    templateName: (name) => {
      try {
        return rules.templates.sessionTemplate({ name: String(name) }).name === name;
      } catch {
        // An unknown template: the host's configuration changed since the state was stored.
        return false;
      }
    },
    ...storedSessionFields,
  };
  const sessions: SessionRecord[] = [];
  for (const item of stored) {
    const fields = sessions.length < rules.maxSessions ? pickStored(item, sessionFields) : undefined;
    if (fields === undefined) continue;
    ids.add(fields.id as string);
    const group = restoreGroup(item, true, ids, rules);
    if (group !== undefined)
      sessions.push({ ...fields, ...restoreConversation(item as JsonObject), ...group } as SessionRecord);
  }
  const open = sessions.map((s) => s.id);
  const focused = open.find((id) => id === state.focusedSessionId) ?? null;
  const history = Array.isArray(state.focusHistory)
    ? (state.focusHistory.filter((id) => open.includes(id as string)) as string[])
    : [];
  // Least recently focused first, and the focused session last, as the store keeps it when focus moves.
  const order = [...new Set([...open.filter((id) => !history.includes(id)), ...history])];
  return {
    state: {
      sessions,
      home: restoreGroup(state.home, false, ids, rules) ?? { tabs: [], focusedTabId: null },
      focusedSessionId: focused,
      focusHistory: focused === null ? order : [...order.filter((id) => id !== focused), focused],
    },
    restored: sessions.length,
    dropped: stored.length - sessions.length,
  };
}
