import { queryError } from './queryError.js';
import type { Comparison, Filter, Literal } from './RecordQuery.js';

/** A token of a `$filter`: a name, a literal, or punctuation; `at` is its position in the text. */
type Token =
  | { kind: 'name'; text: string; at: number }
  | { kind: 'literal'; value: Literal; at: number }
  | { kind: '(' | ')' | ','; at: number }
  | { kind: 'end'; at: number };

const COMPARISONS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const TEXT_FUNCTIONS: readonly string[] = ['contains', 'startswith', 'endswith'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?/i;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits a `$filter` into tokens, as OData's ABNF spells them (the subset we parse). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const char = text.charAt(at);
    if (/\s/.test(char)) {
      at += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: char, at });
      at += 1;
    } else if (char === "'") {
      // A string literal; '' inside it is one quote.
      let value = '';
      let end = at + 1;
      for (;;) {
        const quote = text.indexOf("'", end);
        if (quote === -1) throw queryError('$filter', text, at, 'a string literal has no closing quote');
        value += text.slice(end, quote);
        if (text[quote + 1] !== "'") {
          end = quote + 1;
          break;
        }
        value += "'";
        end = quote + 2;
      }
      tokens.push({ kind: 'literal', value, at });
      at = end;
    } else {
      // A GUID before a number: both can start with digits.
      const guid = GUID.exec(rest)?.[0];
      const number = guid === undefined ? NUMBER.exec(rest)?.[0] : undefined;
      const name = guid === undefined && number === undefined ? NAME.exec(rest)?.[0] : undefined;
      if (guid !== undefined) tokens.push({ kind: 'literal', value: guid.toLowerCase(), at });
      else if (number !== undefined) tokens.push({ kind: 'literal', value: Number(number), at });
      else if (name === 'true' || name === 'false') tokens.push({ kind: 'literal', value: name === 'true', at });
      else if (name === 'null') tokens.push({ kind: 'literal', value: null, at });
      else if (name !== undefined) tokens.push({ kind: 'name', text: name, at });
      else throw queryError('$filter', text, at, `'${char}' is not supported here`);
      at += (guid ?? number ?? name ?? '').length;
    }
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

/**
 * Parses an OData `$filter` of the subset cif-bridge evaluates: comparisons of an attribute with a
 * literal (`eq ne gt ge lt le`), `contains`/`startswith`/`endswith(attribute, 'text')`, joined with
 * `and`, `or`, `not` and parentheses (`not` binds tightest, then `and`, then `or`, as OData says).
 * Anything else throws `INVALID_INPUT` naming the part and its position.
 * @param text - the decoded `$filter` value.
 */
export function parseFilter(text: string): Filter {
  const tokens = tokenize(text);
  let next = 0;
  const peek = (): Token => tokens[next] ?? { kind: 'end', at: text.length };
  const fail = (token: Token, why: string): never => {
    throw queryError('$filter', text, token.at, why);
  };
  const expect = (kind: Token['kind'], what: string): Token => {
    const token = peek();
    if (token.kind !== kind) fail(token, `expected ${what}`);
    next += 1;
    return token;
  };
  const isWord = (token: Token, word: string): boolean => token.kind === 'name' && token.text === word;

  const primary = (): Filter => {
    const token = peek();
    if (token.kind === '(') {
      next += 1;
      const inner = or();
      expect(')', "')'");
      return inner;
    }
    if (isWord(token, 'not')) {
      next += 1;
      return { kind: 'not', operand: primary() };
    }
    if (token.kind !== 'name') return fail(token, 'expected an attribute name, a function or (');
    next += 1;
    if (peek().kind === '(') {
      if (!TEXT_FUNCTIONS.includes(token.text)) return fail(token, `the function ${token.text}() is not supported`);
      next += 1;
      const field = expect('name', 'an attribute name') as Token & { kind: 'name' };
      expect(',', "','");
      const value = expect('literal', 'a string literal') as Token & { kind: 'literal' };
      if (typeof value.value !== 'string') fail(value, `${token.text}() takes a string literal`);
      expect(')', "')'");
      return { kind: 'text', fn: token.text as 'contains', field: field.text, value: value.value as string };
    }
    const op = peek();
    if (op.kind !== 'name' || !COMPARISONS.includes(op.text)) {
      return fail(op, `expected a comparison (eq ne gt ge lt le) after ${token.text}`);
    }
    next += 1;
    const value = peek();
    if (value.kind !== 'literal') return fail(value, 'expected a literal (string, number, true, false, null or GUID)');
    next += 1;
    return { kind: 'compare', op: op.text as Comparison, field: token.text, value: value.value };
  };
  const and = (): Filter => {
    let left = primary();
    while (isWord(peek(), 'and')) {
      next += 1;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Filter => {
    let left = and();
    while (isWord(peek(), 'or')) {
      next += 1;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  const filter = or();
  if (peek().kind !== 'end') fail(peek(), 'unexpected text');
  return filter;
}
