import type { Filter, Literal, RecordQuery } from './RecordQuery.js';

import type { RecordData } from '@cif-bridge/host';

/** Dataverse compares text without regard to case; so do we. */
const fold = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value);

/** Orders two attribute values as Dataverse sorts them: null first, text without regard to case. */
export function compareValues(a: unknown, b: unknown): number {
  const x = fold(a ?? null);
  const y = fold(b ?? null);
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  return (x as number) < (y as number) ? -1 : 1;
}

/** Whether `record` passes `filter` (a missing attribute is null, as in OData). */
export function matchesFilter(record: RecordData, filter: Filter): boolean {
  switch (filter.kind) {
    case 'and':
      return matchesFilter(record, filter.left) && matchesFilter(record, filter.right);
    case 'or':
      return matchesFilter(record, filter.left) || matchesFilter(record, filter.right);
    case 'not':
      return !matchesFilter(record, filter.operand);
    case 'text': {
      const value = record[filter.field];
      if (typeof value !== 'string') return false;
      const text = value.toLowerCase();
      const part = filter.value.toLowerCase();
      return filter.fn === 'contains'
        ? text.includes(part)
        : filter.fn === 'startswith'
          ? text.startsWith(part)
          : text.endsWith(part);
    }
    case 'compare':
      return compare(record[filter.field] ?? null, filter.op, filter.value);
  }
}

function compare(value: unknown, op: string, literal: Literal): boolean {
  const equal = compareValues(value, literal) === 0;
  if (op === 'eq') return equal;
  if (op === 'ne') return !equal;
  // Ordering with null, or across types, is false, as in OData.
  if (value === null || literal === null || typeof value !== typeof literal) return false;
  const order = compareValues(value, literal);
  return op === 'gt' ? order > 0 : op === 'ge' ? order >= 0 : op === 'lt' ? order < 0 : order <= 0;
}

/** Whether every search term appears in one of `textFields` of the record. */
function matchesSearch(record: RecordData, terms: string[], textFields: string[]): boolean {
  const texts = textFields.map((field) => record[field]).filter((v): v is string => typeof v === 'string');
  return terms.every((term) => texts.some((text) => text.toLowerCase().includes(term.toLowerCase())));
}

/**
 * Applies a parsed query to records: `$filter`, `$search` (over `textFields`), `$orderby`,
 * `$skip`, `$top`, then `$select` (which always keeps `primaryId`, and gives null for a selected attribute a record lacks). Returns new objects.
 * @param records - the entity's records.
 * @param query - the parsed query.
 * @param primaryId - the entity's primary id attribute.
 * @param textFields - the attributes `$search` looks in.
 */
export function runQuery(
  records: RecordData[],
  query: RecordQuery,
  primaryId: string,
  textFields: string[],
): RecordData[] {
  const { filter, search, orderBy, skip = 0, top, select } = query;
  let found = records.filter(
    (record) =>
      (filter === undefined || matchesFilter(record, filter)) &&
      (search === undefined || matchesSearch(record, search, textFields)),
  );
  if (orderBy !== undefined) {
    found = found.sort((a, b) => {
      for (const key of orderBy) {
        const order = compareValues(a[key.field], b[key.field]);
        if (order !== 0) return key.descending ? -order : order;
      }
      return 0;
    });
  }
  found = found.slice(skip, top === undefined ? undefined : skip + top);
  if (select === undefined) return found.map((record) => ({ ...record }));
  // As Dataverse: a selected attribute the record lacks comes back as null.
  const fields = [primaryId, ...select];
  return found.map((record) => Object.fromEntries(fields.map((field) => [field, record[field] ?? null])));
}
