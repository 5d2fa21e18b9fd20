import { expect, test } from '@playwright/test';
import { parseQuery } from '../../src/parseQuery.js';
import { runQuery } from '../../src/runQuery.js';

const contacts = [
  { contactid: 'c1', fullname: 'Ada Lovelace', mobilephone: '+1 425 555 0101', age: 36, vip: true },
  { contactid: 'c2', fullname: 'alan turing', mobilephone: '+44 20 7946 0000', age: 41, vip: false },
  { contactid: 'c3', fullname: 'Grace Hopper', mobilephone: null, age: 85 },
  { contactid: 'c4', fullname: 'Adele Goldberg', mobilephone: '+1 425 555 0199', _parentcustomerid_value: 'a1' },
];

const run = (query: string) => runQuery(contacts, parseQuery(query), 'contactid', ['fullname', 'mobilephone']);
const ids = (query: string) => run(query).map((record) => record.contactid);

test('contains() finds a phone number with its plus sign', () => {
  expect(ids("$filter=contains(mobilephone,'+1 425')")).toEqual(['c1', 'c4']);
});

test('string comparisons ignore case, as Dataverse does, eq and ne included', () => {
  expect(ids("$filter=fullname eq 'ALAN TURING'")).toEqual(['c2']);
  expect(ids("$filter=fullname ne 'ada lovelace'")).toEqual(['c2', 'c3', 'c4']);
  expect(ids("$filter=startswith(fullname,'AD')")).toEqual(['c1', 'c4']);
  expect(ids("$filter=endswith(fullname,'PER')")).toEqual(['c3']);
  expect(ids("$filter=fullname gt 'b'")).toEqual(['c3']);
});

test('a missing attribute is null: eq null finds it, ordering with null is false', () => {
  expect(ids('$filter=mobilephone eq null')).toEqual(['c3']);
  expect(ids('$filter=age lt 50')).toEqual(['c1', 'c2']);
  expect(ids('$filter=not (age lt 50)')).toEqual(['c3', 'c4']);
  expect(ids('$filter=vip eq true or _parentcustomerid_value eq null and age ge 85')).toEqual(['c1', 'c3']);
});

test('lookup values compare as GUID text', () => {
  expect(ids("$filter=_parentcustomerid_value eq 'A1'")).toEqual(['c4']);
});

test('$search matches every word in a text attribute', () => {
  expect(ids('$search=ada')).toEqual(['c1']);
  expect(ids('$search=ad 0199')).toEqual(['c4']);
  expect(ids('$search="grace hopper"')).toEqual(['c3']);
});

test('$orderby with several keys, nulls first ascending; then $skip and $top', () => {
  expect(ids('$orderby=age desc,fullname')).toEqual(['c3', 'c2', 'c1', 'c4']);
  expect(ids('$orderby=age')).toEqual(['c4', 'c1', 'c2', 'c3']);
  expect(ids('$orderby=fullname&$skip=1&$top=2')).toEqual(['c4', 'c2']);
});

test('$select keeps the primary id and gives null for what a record lacks', () => {
  expect(run("$select=fullname,age&$filter=contactid eq 'c4'")).toEqual([
    { contactid: 'c4', fullname: 'Adele Goldberg', age: null },
  ]);
});

test('results are copies: changing one leaves the records alone', () => {
  const [first] = run('$top=1');
  first!.fullname = 'changed';
  expect(contacts[0]!.fullname).toBe('Ada Lovelace');
});
