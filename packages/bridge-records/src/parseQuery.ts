import { parseFilter } from './parseFilter.js';
import { queryError } from './queryError.js';
import type { OrderKey, RecordQuery } from './RecordQuery.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Splits on `&` outside string literals: a widget may send `'Smith & Sons'` unencoded. */
function splitOptions(text: string): { part: string; at: number }[] {
  const parts: { part: string; at: number }[] = [];
  let quoted = false;
  let start = 0;
  for (let at = 0; at <= text.length; at += 1) {
    const char = text[at];
    if (char === "'") quoted = !quoted;
    else if (at === text.length || (char === '&' && !quoted)) {
      if (at > start) parts.push({ part: text.slice(start, at), at: start });
      start = at + 1;
    }
  }
  return parts;
}

/** Percent-decodes one option; `+` stays a plus sign (phone numbers come unencoded). */
function decode(option: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw queryError(option, text, Math.max(0, text.indexOf('%')), 'a broken %-escape');
  }
}

/** Parses a comma-separated list of attribute names. */
function names(option: string, text: string): string[] {
  let at = 0;
  return text.split(',').map((raw) => {
    const name = raw.trim();
    if (!NAME.test(name)) throw queryError(option, text, at, 'expected an attribute name');
    at += raw.length + 1;
    return name;
  });
}

/** Parses a non-negative integer. */
function count(option: string, text: string): number {
  if (!/^\d{1,9}$/.test(text.trim())) throw queryError(option, text, 0, 'expected a non-negative integer');
  return Number(text);
}

/** Parses `$orderby`: `attribute [asc|desc]`, comma separated. */
function orderBy(text: string): OrderKey[] {
  let at = 0;
  return text.split(',').map((raw) => {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/.exec(raw);
    if (match === null)
      throw queryError('$orderby', text, at, "expected 'attribute', 'attribute asc' or 'attribute desc'");
    at += raw.length + 1;
    return { field: match[1] ?? '', descending: match[2] === 'desc' };
  });
}

/** Parses `$search`: words, or phrases in double quotes, every one of which must appear. */
function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    // Bare words only: OData's OR and NOT in $search are outside the subset; AND is what we do anyway.
    if (match[2] === 'OR' || match[2] === 'NOT') {
      throw queryError('$search', text, match.index, `${match[2]} is not supported; every word must match`);
    }
    const term = (match[1] ?? match[2] ?? '').trim();
    if (term !== '' && match[2] !== 'AND') terms.push(term);
  }
  if (terms.length === 0) throw queryError('$search', text, 0, 'expected a word to search for');
  return terms;
}

/**
 * Parses the OData query options a widget passes to `retrieveRecord` or `searchAndOpenRecords`
 * (`?$select=fullname&$filter=contains(mobilephone,'+1 425')`, the `?` optional) into a
 * {@link RecordQuery}. Each option's value is %-decoded, and `+` stays a plus sign. An option outside
 * the subset, a repeated one, or a malformed value throws `INVALID_INPUT` that names the part and
 * its position.
 * @param text - the query string.
 */
export function parseQuery(text: string): RecordQuery {
  const query: RecordQuery = {};
  const seen = new Set<string>();
  for (const { part, at } of splitOptions(text.replace(/^\?/, ''))) {
    const equals = part.indexOf('=');
    const option = decode('query', equals === -1 ? part : part.slice(0, equals)).trim();
    const value = decode(option, equals === -1 ? '' : part.slice(equals + 1));
    if (seen.has(option)) throw queryError('query', text, at, `${option} is given twice`);
    seen.add(option);
    switch (option) {
      case '$select':
        query.select = names(option, value);
        break;
      case '$filter':
        query.filter = parseFilter(value);
        break;
      case '$search':
        query.search = searchTerms(value);
        break;
      case '$orderby':
        query.orderBy = orderBy(value);
        break;
      case '$top':
        query.top = count(option, value);
        break;
      case '$skip':
        query.skip = count(option, value);
        break;
      default:
        throw queryError('query', text, at, `the option '${option}' is not supported`);
    }
  }
  return query;
}
