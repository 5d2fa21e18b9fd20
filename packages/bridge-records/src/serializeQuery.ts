import type { Filter, Literal, RecordQuery } from './RecordQuery.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A literal as OData writes it: strings quoted with `''` for a quote, GUIDs bare. */
function literal(value: Literal): string {
  if (typeof value === 'string') return GUID.test(value) ? value : `'${value.replaceAll("'", "''")}'`;
  return String(value);
}

/** A parsed `$filter`, written again; every `and`/`or` operand is parenthesized, so nothing rebinds. */
export function serializeFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${filter.field} ${filter.op} ${literal(filter.value)}`;
    case 'text':
      return `${filter.fn}(${filter.field},${literal(filter.value)})`;
    case 'not':
      return `not (${serializeFilter(filter.operand)})`;
    default:
      return `(${serializeFilter(filter.left)}) ${filter.kind} (${serializeFilter(filter.right)})`;
  }
}

/**
 * A parsed query, written again as a URL query string (without `?`), each value %-encoded: the
 * connector forwards only what it parsed, never the widget's text.
 */
export function serializeQuery(query: RecordQuery): string {
  const options: [string, string | undefined][] = [
    ['$select', query.select?.join(',')],
    ['$filter', query.filter && serializeFilter(query.filter)],
    ['$search', query.search?.map((term) => `"${term.replaceAll('"', '')}"`).join(' ')],
    ['$orderby', query.orderBy?.map((key) => `${key.field}${key.descending ? ' desc' : ''}`).join(',')],
    ['$top', query.top?.toString()],
    ['$skip', query.skip?.toString()],
  ];
  return options
    .filter((option): option is [string, string] => option[1] !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
}
