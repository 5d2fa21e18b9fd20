import { BridgeError, BridgeErrorCode } from '@cif-bridge/protocol';
import type { RecordData } from '@cif-bridge/host';

const SUFFIX = '@odata.bind';

/**
 * A bind's value: one record of an entity set, `/contacts(<id>)`, the leading slash optional as
 * Dataverse allows. The id has no spaces or parentheses, and is at most 200 characters long, as the
 * store's own ids.
 */
const REFERENCE = /^\/?[A-Za-z_][A-Za-z0-9_]*\(([^\s()]{1,200})\)$/;

/**
 * The lookup attribute a navigation property writes. Dataverse names a polymorphic lookup's
 * navigation property after the lookup and the target (`regardingobjectid_contact` writes
 * `regardingobjectid`), so when the entity lists `_regardingobjectid_value` that is the one; any
 * other name `x` writes `_x_value`.
 */
function lookupOf(navigation: string, attributes: readonly string[]): string {
  let best: string | undefined;
  for (const attribute of attributes) {
    const lookup = /^_(.+)_value$/.exec(attribute)?.[1];
    if (lookup === undefined) continue;
    if (lookup === navigation) return attribute;
    if (navigation.startsWith(`${lookup}_`) && (best === undefined || attribute.length > best.length)) {
      best = attribute;
    }
  }
  return best ?? `_${navigation}_value`;
}

/**
 * Turns Dataverse's way of writing a lookup into what the store keeps and what Dataverse answers
 * with: `"parentcustomerid@odata.bind": "/accounts(<id>)"` becomes `"_parentcustomerid_value":
 * "<id>"` (the id lowercased, as the store keeps ids), so `$filter=_parentcustomerid_value eq <id>`
 * finds it. Widgets write lookups this way because a real CRM refuses `_x_value` on a write. The
 * referenced record need not exist in the store: a development store keeps what a CRM would take.
 * Returns a new object.
 * @param data - the record data of a create or an update.
 * @param attributes - the entity's known attributes, where polymorphic lookups are looked up.
 */
export function resolveBinds(data: RecordData, attributes: readonly string[]): RecordData {
  const plain: [string, unknown][] = [];
  const lookups: [string, string][] = [];
  for (const [key, value] of Object.entries(data)) {
    if (!key.endsWith(SUFFIX)) {
      plain.push([key, value]);
      continue;
    }
    const navigation = key.slice(0, -SUFFIX.length);
    const id = typeof value === 'string' ? REFERENCE.exec(value)?.[1] : undefined;
    if (navigation === '' || id === undefined) {
      throw new BridgeError(
        BridgeErrorCode.INVALID_INPUT,
        `${key} must reference one record, such as "/contacts(<id>)"; got ${JSON.stringify(value)}.`,
      );
    }
    lookups.push([lookupOf(navigation, attributes), id.toLowerCase()]);
  }
  // fromEntries defines own properties (a "__proto__" key stays data), and the binds come last so
  // they win over an _x_value given beside them, as a real CRM stores the bind.
  return Object.fromEntries([...plain, ...lookups]);
}
