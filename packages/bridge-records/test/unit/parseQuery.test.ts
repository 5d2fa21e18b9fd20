import { expect, test } from '@playwright/test';
import { BridgeError } from '@cif-bridge/protocol';
import { parseFilter } from '../../src/parseFilter.js';
import { parseQuery } from '../../src/parseQuery.js';

/** The error a parse throws, for matching its code and message. */
function errorOf(run: () => unknown): BridgeError {
  try {
    run();
  } catch (error) {
    if (error instanceof BridgeError) return error;
    throw error;
  }
  throw new Error('expected a BridgeError');
}

// Examples from OData Version 4.01 Part 2: URL Conventions, section 5.1 (System Query Options).
test.describe('the examples of the OData URL conventions', () => {
  test('$filter=Price le 200 and Price gt 3.5', () => {
    expect(parseFilter('Price le 200 and Price gt 3.5')).toEqual({
      kind: 'and',
      left: { kind: 'compare', op: 'le', field: 'Price', value: 200 },
      right: { kind: 'compare', op: 'gt', field: 'Price', value: 3.5 },
    });
  });
  test("$filter=contains(CompanyName,'freds')", () => {
    expect(parseFilter("contains(CompanyName,'freds')")).toEqual({
      kind: 'text',
      fn: 'contains',
      field: 'CompanyName',
      value: 'freds',
    });
  });
  test("$filter=not endswith(Description,'milk')", () => {
    expect(parseFilter("not endswith(Description,'milk')")).toEqual({
      kind: 'not',
      operand: { kind: 'text', fn: 'endswith', field: 'Description', value: 'milk' },
    });
  });
  test("$filter=Name eq 'Milk' or Name eq 'Bread' and Price lt 2.55: and binds tighter than or", () => {
    expect(parseFilter("Name eq 'Milk' or Name eq 'Bread' and Price lt 2.55")).toEqual({
      kind: 'or',
      left: { kind: 'compare', op: 'eq', field: 'Name', value: 'Milk' },
      right: {
        kind: 'and',
        left: { kind: 'compare', op: 'eq', field: 'Name', value: 'Bread' },
        right: { kind: 'compare', op: 'lt', field: 'Price', value: 2.55 },
      },
    });
  });
  test("$filter=(Name eq 'Milk' or Name eq 'Bread') and Price lt 2.55: parentheses group", () => {
    expect(parseFilter("(Name eq 'Milk' or Name eq 'Bread') and Price lt 2.55")).toMatchObject({
      kind: 'and',
      left: { kind: 'or' },
    });
  });
  test('$orderby=ReleaseDate asc, Rating desc', () => {
    expect(parseQuery('$orderby=ReleaseDate asc, Rating desc').orderBy).toEqual([
      { field: 'ReleaseDate', descending: false },
      { field: 'Rating', descending: true },
    ]);
  });
  test('$select=Rating,ReleaseDate with $top=5 and $skip=2', () => {
    expect(parseQuery('$select=Rating,ReleaseDate&$top=5&$skip=2')).toEqual({
      select: ['Rating', 'ReleaseDate'],
      top: 5,
      skip: 2,
    });
  });
  test('$search=blue green: every word must match', () => {
    expect(parseQuery('$search=blue green').search).toEqual(['blue', 'green']);
  });
});

test.describe('literals', () => {
  test("a string's doubled quote is one quote", () => {
    expect(parseFilter("name eq 'O''Brien'")).toMatchObject({ value: "O'Brien" });
  });
  test('numbers, booleans, null and GUIDs (lower-cased)', () => {
    expect(parseFilter('a eq -1.5e2')).toMatchObject({ value: -150 });
    expect(parseFilter('a eq true')).toMatchObject({ value: true });
    expect(parseFilter('a ne null')).toMatchObject({ op: 'ne', value: null });
    expect(parseFilter('_parentcustomerid_value eq 0D1B5F2A-0000-4000-8000-00000000000A')).toMatchObject({
      field: '_parentcustomerid_value',
      value: '0d1b5f2a-0000-4000-8000-00000000000a',
    });
  });
});

test.describe('the query string', () => {
  test("a '+' is a plus sign, and %-escapes are decoded", () => {
    expect(parseQuery("?$filter=contains(mobilephone,'+1 425')").filter).toMatchObject({ value: '+1 425' });
    expect(parseQuery("$filter=contains(mobilephone,'%2B1%20425')").filter).toMatchObject({ value: '+1 425' });
  });
  test("an '&' inside a string literal does not end the option", () => {
    expect(parseQuery("$filter=name eq 'Smith & Sons'&$top=1")).toEqual({
      filter: { kind: 'compare', op: 'eq', field: 'name', value: 'Smith & Sons' },
      top: 1,
    });
  });
  test('an empty query is no options', () => {
    expect(parseQuery('')).toEqual({});
    expect(parseQuery('?')).toEqual({});
  });
});

test.describe('outside the subset, or malformed: INVALID_INPUT with the part and its position', () => {
  const cases: [string, RegExp][] = [
    ['$expand=parentcustomerid', /the option '\$expand' is not supported at position 0/],
    ['$filter=Price add 5 gt 10', /expected a comparison .* after Price at position 6 \('add 5 gt 10'\)/],
    ["$filter=tolower(name) eq 'a'", /the function tolower\(\) is not supported at position 0/],
    ["$filter=name eq 'open", /a string literal has no closing quote at position 8/],
    ['$filter=a/b eq 1', /'\/' is not supported here at position 1/],
    ['$filter=(a eq 1', /expected '\)' at position 7/],
    ['$filter=a eq 1 a', /unexpected text at position 7/],
    ['$top=-1', /\$top: expected a non-negative integer/],
    ['$orderby=name sideways', /\$orderby: expected 'attribute'/],
    ['$select=full name', /\$select: expected an attribute name at position 0/],
    ['$top=1&$top=2', /\$top is given twice at position 7/],
    ['$search=blue OR green', /OR is not supported; every word must match at position 5/],
    ['$filter=%E0%A4%A', /broken %-escape/],
  ];
  for (const [query, message] of cases) {
    test(query, () => {
      const error = errorOf(() => parseQuery(query));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(message);
    });
  }
});
