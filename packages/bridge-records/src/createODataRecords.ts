import type { EntityMetadata, RecordData, RecordReference, RecordSource } from '@cif-bridge/host';
import { BridgeError, BridgeErrorCode } from '@cif-bridge/protocol';
import { parseQuery } from './parseQuery.js';
import { serializeQuery } from './serializeQuery.js';

/** How the connector reaches one entity: its entity set, and its primary id and name attributes. */
export interface EntitySet {
  /** The entity set in the service's URLs, such as `contacts`. */
  set: string;
  /** The primary id attribute, such as `contactid`. */
  primaryIdAttribute: string;
  /** The primary name attribute, such as `fullname`. */
  primaryNameAttribute: string;
}

/** Options of {@link createODataRecords}. */
export interface ODataRecordsOptions {
  /** The service root, such as `https://contoso.crm.dynamics.com/api/data/v9.2`. */
  serviceUrl: string;
  /**
   * The entities the connector may reach, by logical name; no other entity is ever put in a URL.
   * Default: Dataverse's `account`, `contact`, `incident`, `phonecall` and `task`.
   */
  entitySets?: Record<string, EntitySet>;
  /** A bearer token for each request, such as one from MSAL; none when absent. */
  getToken?: () => Promise<string> | string;
  /** The fetch to use (default: the page's). */
  fetch?: typeof fetch;
}

/** Dataverse's sets and attributes of the entities a CIF desk uses most. */
const DATAVERSE: Record<string, EntitySet> = {
  account: { set: 'accounts', primaryIdAttribute: 'accountid', primaryNameAttribute: 'name' },
  contact: { set: 'contacts', primaryIdAttribute: 'contactid', primaryNameAttribute: 'fullname' },
  incident: { set: 'incidents', primaryIdAttribute: 'incidentid', primaryNameAttribute: 'title' },
  phonecall: { set: 'phonecalls', primaryIdAttribute: 'activityid', primaryNameAttribute: 'subject' },
  task: { set: 'tasks', primaryIdAttribute: 'activityid', primaryNameAttribute: 'subject' },
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An `@odata.bind` value: a reference to one record of a set, `/contacts(<guid>)`. */
const BIND = /^\/?[A-Za-z_][A-Za-z0-9_]*\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)$/i;

/**
 * The id at the end of an `OData-EntityId` header, the created record's URL:
 * `https://contoso.crm.dynamics.com/api/data/v9.2/contacts(<GUID>)`.
 */
const ENTITY_ID = /\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)$/i;

/** A successful answer: its JSON body (null when it had none) and its headers. */
interface Answer {
  json: unknown;
  headers: Headers;
}

const invalid = (message: string): BridgeError => new BridgeError(BridgeErrorCode.INVALID_INPUT, message);

/** Drops the service's annotations (`@odata.etag`, ...) from a record. */
function plain(record: unknown): RecordData {
  return Object.fromEntries(Object.entries(record as RecordData).filter(([key]) => !key.includes('@')));
}

/** Checks record data for a write: an object whose `@odata.bind` values are record references. */
function body(data: unknown): string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid('Record data must be an object of attribute names to values.');
  }
  for (const [key, value] of Object.entries(data)) {
    if (key.endsWith('@odata.bind') && (typeof value !== 'string' || !BIND.test(value))) {
      throw invalid(`${key} must reference one record, such as "/contacts(<GUID>)".`);
    }
  }
  return JSON.stringify(data);
}

/**
 * A {@link RecordSource} on a real OData v4 service, shaped for the Dataverse Web API (the CRM behind
 * Dynamics 365): a logical name maps to its entity set, lookups are written with `@odata.bind`,
 * writes ask for `Prefer: return=representation`, and OData error bodies become coded errors
 * (401/403 `ACCESS_DENIED`, 404 on one record `RECORD_NOT_FOUND`, 400 `INVALID_INPUT`, any other
 * failure, and an answer that is not JSON, `INTERNAL`). No URL is built from a
 * widget's text: the entity must be in `entitySets`, ids must be GUIDs, and a query is parsed and
 * written again.
 * @param options - the service, the entities, and how to authenticate.
 */
export function createODataRecords(options: ODataRecordsOptions): RecordSource {
  const root = new URL(options.serviceUrl.endsWith('/') ? options.serviceUrl : `${options.serviceUrl}/`);
  const sets = options.entitySets ?? DATAVERSE;
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));

  const setOf = (entity: string): EntitySet => {
    const found = Object.hasOwn(sets, entity) ? sets[entity] : undefined;
    if (found === undefined)
      throw invalid(`Unknown entity ${JSON.stringify(entity)}: use one of ${Object.keys(sets).join(', ')}.`);
    return found;
  };
  const guid = (id: string): string => {
    if (typeof id !== 'string' || !GUID.test(id))
      throw invalid(`A record id must be a GUID; got ${JSON.stringify(id)}.`);
    return id.toLowerCase();
  };

  /**
   * Sends one request and answers its JSON. `one` says whether it addresses one record: only then
   * is a 404 `RECORD_NOT_FOUND`; on a collection it means the service or the entity set isn't
   * there (a wrong `serviceUrl` or `entitySets`), which no widget can fix.
   */
  async function request(method: string, path: string, one: boolean, payload?: string): Promise<Answer> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'OData-Version': '4.0',
      'OData-MaxVersion': '4.0',
    };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers.Prefer = 'return=representation';
    }
    if (method === 'PATCH') headers['If-Match'] = '*'; // an update, never a create
    if (options.getToken) headers.Authorization = `Bearer ${await options.getToken()}`;
    const url = new URL(path, root);
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, { method, headers, body: payload });
      text = await response.text();
    } catch (error) {
      throw new BridgeError(BridgeErrorCode.INTERNAL, `The OData service did not answer: ${String(error)}`, undefined, {
        cause: error,
      });
    }
    // A gateway, a proxy or a wrong serviceUrl can answer HTML or plain text instead of OData JSON.
    let json: unknown = null;
    let isJson = text === '';
    if (!isJson) {
      try {
        json = JSON.parse(text);
        isJson = true;
      } catch {
        // not JSON: said below
      }
    }
    const where = `${method} ${url.origin}${url.pathname}`;
    if (response.ok) {
      if (isJson) return { json, headers: response.headers };
      throw new BridgeError(
        BridgeErrorCode.INTERNAL,
        `The OData service answered ${where} with a body that is not JSON.`,
      );
    }
    const message = (json as { error?: { message?: unknown } } | null)?.error?.message;
    const said = typeof message === 'string' ? `: ${message}` : isJson ? '' : ` to ${where}, not with an OData error`;
    const what = `The OData service answered ${response.status}${said}`;
    const code =
      response.status === 401 || response.status === 403
        ? BridgeErrorCode.ACCESS_DENIED
        : response.status === 404 && one
          ? BridgeErrorCode.RECORD_NOT_FOUND
          : response.status === 400
            ? BridgeErrorCode.INVALID_INPUT
            : BridgeErrorCode.INTERNAL;
    throw new BridgeError(code, what);
  }

  /**
   * The created record's reference: its id from the representation, or, when the service answered
   * 204 with no body (Dataverse does unless it honours `Prefer: return=representation`), from the
   * `OData-EntityId` header, the new record's URL.
   */
  const created = (entity: string, { json, headers }: Answer): RecordReference => {
    const id = (json as RecordData | null)?.[setOf(entity).primaryIdAttribute];
    if (typeof id === 'string' && GUID.test(id)) return { entityType: entity, id: id.toLowerCase() };
    const location = headers.get('OData-EntityId') ?? '';
    const fromHeader = ENTITY_ID.exec(location)?.[1];
    if (fromHeader !== undefined) return { entityType: entity, id: fromHeader.toLowerCase() };
    throw new BridgeError(
      BridgeErrorCode.INTERNAL,
      `The OData service created a ${entity} record but answered neither its ${setOf(entity).primaryIdAttribute} ` +
        `nor an OData-EntityId header naming it (got ${JSON.stringify(location.slice(0, 200))}).`,
    );
  };

  return {
    async search(entity, query) {
      const { set } = setOf(entity);
      const answer = (await request('GET', `${set}?${serializeQuery(parseQuery(query))}`, false)).json as {
        value?: unknown[];
      };
      return (answer.value ?? []).map(plain);
    },
    async retrieve(entity, id, query = '') {
      const { set } = setOf(entity);
      const parsed = parseQuery(query);
      if (Object.keys(parsed).some((key) => key !== 'select')) {
        throw invalid('retrieveRecord takes $select only; use searchAndOpenRecords to filter.');
      }
      return plain((await request('GET', `${set}(${guid(id)})?${serializeQuery(parsed)}`, true)).json);
    },
    async create(entity, data) {
      const { set } = setOf(entity);
      return created(entity, await request('POST', set, false, body(data)));
    },
    async update(entity, id, data) {
      const { set } = setOf(entity);
      const key = guid(id);
      await request('PATCH', `${set}(${key})`, true, body(data));
      return { entityType: entity, id: key };
    },
    async delete(entity, id) {
      const { set } = setOf(entity);
      await request('DELETE', `${set}(${guid(id)})`, true);
    },
    async metadata(entity): Promise<EntityMetadata> {
      const { primaryIdAttribute, primaryNameAttribute } = setOf(entity);
      return { logicalName: entity, primaryIdAttribute, primaryNameAttribute, attributes: [] };
    },
  };
}
