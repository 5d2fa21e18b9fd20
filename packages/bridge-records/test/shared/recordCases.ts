/**
 * The record cases both record sources must pass, as one table over one seed (recordSeed.ts): the
 * embedded store in three browsers (e2e/recordCases.e2e.ts) and the OData connector against a real
 * OData v4 server (test/odata/recordCases.test.ts). A case is plain data, a list of calls on a
 * RecordSource with what each must answer, so a browser can run each call in its page and the
 * answers are compared in node (runRecordCase.ts).
 *
 * Where the two sources legitimately differ, the step says so in `differs`, with the other answer
 * and the reason: the table shows each difference rather than stepping around it.
 */
import { IDS } from './recordSeed.js';

/** The two sources the table runs on. */
export type SourceName = 'browser' | 'odata';

/** The RecordSource methods a step calls. */
export type RecordMethod = 'search' | 'retrieve' | 'create' | 'update' | 'delete';

/** What a step must answer: a value, or a coded error. */
export type Expected =
  | {
      /** The call's result (`null` for delete's nothing); {@link NEW_GUID} stands for a made id. */
      value: unknown;
    }
  | {
      /** The BridgeError code. */
      error: string;
      /** Text the error message must contain; the sources word most messages differently. */
      messageContains?: string;
    };

/** One call on a RecordSource and its answer. */
export interface RecordStep {
  /** The method called. */
  call: RecordMethod;
  /** Its arguments; in a string, `{{name}}` stands for the id an earlier step saved as `name`. */
  args: unknown[];
  /** Compare only this attribute of each record a search finds, in order. */
  pluck?: string;
  /** Keep the id of the reference this step answers (create, update) under this name. */
  save?: string;
  /** The answer on both sources, unless `differs` gives a source its own. */
  expect: Expected;
  /** A source's own answer where it legitimately differs, and why. */
  differs?: Partial<Record<SourceName, { expect: Expected; reason: string }>>;
}

/** A named case: steps run in order on one freshly seeded source. */
export interface RecordCase {
  /** What the case shows; the test's title. */
  name: string;
  /** Its calls. */
  steps: RecordStep[];
}

/** Stands for a GUID the source made (a created record's id) in an expected value. */
export const NEW_GUID = '<a GUID the source made>';

/** Why CAP, the OData server the connector is tested against, compares strings as it does. */
const CAP_CASE =
  'CAP compares strings in $filter as SQLite does, case-sensitively; Dataverse, and so the embedded store, ignores case (docs/records.md)';

/** Why CAP answers a $search of several terms as it does. */
const CAP_SEARCH =
  'CAP on SQLite applies only the first term of a $search; Dataverse, and so the embedded store, wants every term';

const fullnames = (...names: string[]): Expected => ({ value: names });

/** The cases. Each leaves the data as it found it, so the OData server can run them in any order. */
export const recordCases: RecordCase[] = [
  {
    name: 'contains() finds a phone number with its plus sign; $select returns the selection and the id',
    steps: [
      {
        call: 'search',
        args: ['contact', "?$select=fullname&$filter=contains(mobilephone,'+1 425')"],
        expect: { value: [{ contactid: IDS.ada, fullname: 'Ada Lovelace' }] },
      },
      {
        call: 'search',
        args: ['account', "$filter=contains(telephone1,'+44')&$select=name"],
        expect: { value: [{ accountid: IDS.fabrikam, name: 'Fabrikam' }] },
      },
    ],
  },
  {
    name: 'startswith() and endswith(), a + unencoded and %-escaped',
    steps: [
      {
        call: 'search',
        args: ['contact', "$filter=startswith(mobilephone,'+44')"],
        pluck: 'fullname',
        expect: fullnames('Alan Turing'),
      },
      {
        call: 'search',
        args: ['contact', "$filter=startswith(mobilephone,'%2B1 202')"],
        pluck: 'fullname',
        expect: fullnames('Grace Hopper'),
      },
      {
        call: 'search',
        args: ['contact', "$filter=endswith(emailaddress1,'@contoso.example')&$orderby=lastname"],
        pluck: 'fullname',
        expect: fullnames('Grace Hopper', 'Ada Lovelace'),
      },
    ],
  },
  {
    name: 'eq, ne, gt and lt on strings; eq, startswith() and contains() in another case',
    steps: [
      {
        call: 'search',
        args: ['contact', "$filter=lastname eq 'Turing'"],
        pluck: 'fullname',
        expect: fullnames('Alan Turing'),
      },
      {
        call: 'search',
        args: ['contact', "$filter=lastname ne 'Turing'&$orderby=lastname"],
        pluck: 'fullname',
        expect: fullnames('Grace Hopper', 'Barbara Liskov', 'Ada Lovelace'),
      },
      {
        call: 'search',
        args: ['contact', "$filter=lastname gt 'Lovelace' or lastname lt 'Ho'&$orderby=lastname"],
        pluck: 'fullname',
        expect: fullnames('Alan Turing'),
      },
      {
        call: 'search',
        args: ['contact', "$filter=lastname eq 'turing'"],
        pluck: 'fullname',
        expect: fullnames('Alan Turing'),
        differs: { odata: { expect: fullnames(), reason: CAP_CASE } },
      },
      {
        call: 'search',
        args: ['contact', "$filter=startswith(lastname,'TUR')"],
        pluck: 'fullname',
        expect: fullnames('Alan Turing'),
        differs: { odata: { expect: fullnames(), reason: CAP_CASE } },
      },
      {
        call: 'search',
        args: ['contact', "$filter=contains(lastname,'LOVE')"],
        pluck: 'fullname',
        expect: fullnames('Ada Lovelace'),
        differs: { odata: { expect: fullnames(), reason: CAP_CASE } },
      },
    ],
  },
  {
    name: 'and, or, not and parentheses over a lookup _x_value; eq null',
    steps: [
      {
        call: 'search',
        args: [
          'contact',
          `$filter=_parentcustomerid_value eq ${IDS.contoso} and not (lastname eq 'Hopper')&$select=fullname`,
        ],
        expect: { value: [{ contactid: IDS.ada, fullname: 'Ada Lovelace' }] },
      },
      {
        call: 'search',
        args: [
          'contact',
          "$filter=(lastname eq 'Turing' or startswith(firstname,'Gr')) and _parentcustomerid_value ne null&$orderby=lastname",
        ],
        pluck: 'fullname',
        expect: fullnames('Grace Hopper', 'Alan Turing'),
      },
      {
        call: 'search',
        args: ['contact', '$filter=_parentcustomerid_value eq null'],
        pluck: 'fullname',
        expect: fullnames('Barbara Liskov'),
      },
      {
        call: 'search',
        args: ['phonecall', `$filter=_regardingobjectid_value eq ${IDS.ada}&$select=subject`],
        expect: { value: [{ activityid: IDS.orderCall, subject: 'Order status' }] },
      },
    ],
  },
  {
    name: '$orderby with several keys and nulls first, $top and $skip',
    steps: [
      {
        call: 'search',
        args: ['contact', '$orderby=lastname desc&$top=2'],
        pluck: 'fullname',
        expect: fullnames('Alan Turing', 'Ada Lovelace'),
      },
      {
        call: 'search',
        args: ['contact', '$orderby=lastname&$skip=1&$top=2'],
        pluck: 'fullname',
        expect: fullnames('Barbara Liskov', 'Ada Lovelace'),
      },
      {
        call: 'search',
        args: ['contact', '$orderby=_parentcustomerid_value,firstname desc'],
        pluck: 'fullname',
        expect: fullnames('Barbara Liskov', 'Grace Hopper', 'Ada Lovelace', 'Alan Turing'),
      },
      {
        call: 'search',
        args: ['contact', '$orderby=mobilephone desc&$skip=3'],
        pluck: 'fullname',
        expect: fullnames('Barbara Liskov'),
      },
    ],
  },
  {
    name: '$search finds a word or a phrase in the text attributes, whatever its case; a + in it is a plus sign',
    steps: [
      {
        call: 'search',
        args: ['contact', '$search=hopper&$select=fullname'],
        expect: { value: [{ contactid: IDS.grace, fullname: 'Grace Hopper' }] },
      },
      {
        call: 'search',
        args: ['contact', '$search="alan turing"'],
        pluck: 'fullname',
        expect: fullnames('Alan Turing'),
      },
      { call: 'search', args: ['contact', '$search="turing alan"'], pluck: 'fullname', expect: fullnames() },
      { call: 'search', args: ['contact', '$search=LOVELACE'], pluck: 'fullname', expect: fullnames('Ada Lovelace') },
      { call: 'search', args: ['contact', '$search=+44'], pluck: 'fullname', expect: fullnames('Alan Turing') },
      {
        call: 'search',
        args: ['contact', '$search=+1&$orderby=lastname'],
        pluck: 'fullname',
        expect: fullnames('Grace Hopper', 'Ada Lovelace'),
      },
      {
        call: 'search',
        args: ['contact', '$search=contoso lovelace&$orderby=lastname'],
        pluck: 'fullname',
        expect: fullnames('Ada Lovelace'),
        differs: { odata: { expect: fullnames('Grace Hopper', 'Ada Lovelace'), reason: CAP_SEARCH } },
      },
    ],
  },
  {
    name: 'retrieve takes a GUID in either case and $select; a selected attribute the record lacks is null',
    steps: [
      {
        call: 'retrieve',
        args: ['contact', IDS.ada.toUpperCase(), '$select=fullname,emailaddress1,_parentcustomerid_value'],
        expect: {
          value: {
            contactid: IDS.ada,
            fullname: 'Ada Lovelace',
            emailaddress1: 'ada@contoso.example',
            _parentcustomerid_value: IDS.contoso,
          },
        },
      },
      {
        call: 'retrieve',
        args: ['contact', IDS.barbara, '?$select=mobilephone,_parentcustomerid_value'],
        expect: { value: { contactid: IDS.barbara, mobilephone: null, _parentcustomerid_value: null } },
      },
    ],
  },
  {
    name: 'create answers { entityType, id }; the computed fullname follows an update; delete removes it',
    steps: [
      {
        call: 'create',
        args: ['contact', { firstname: 'Edsger', lastname: 'Dijkstra', mobilephone: '+31 20 555 0100' }],
        save: 'edsger',
        expect: { value: { entityType: 'contact', id: NEW_GUID } },
      },
      {
        call: 'retrieve',
        args: ['contact', '{{edsger}}', '$select=fullname,mobilephone'],
        expect: { value: { contactid: '{{edsger}}', fullname: 'Edsger Dijkstra', mobilephone: '+31 20 555 0100' } },
      },
      {
        call: 'update',
        args: ['contact', '{{edsger}}', { lastname: 'W. Dijkstra' }],
        expect: { value: { entityType: 'contact', id: '{{edsger}}' } },
      },
      {
        call: 'search',
        args: ['contact', "$filter=contains(mobilephone,'+31')&$select=fullname"],
        expect: { value: [{ contactid: '{{edsger}}', fullname: 'Edsger W. Dijkstra' }] },
      },
      { call: 'delete', args: ['contact', '{{edsger}}'], expect: { value: null } },
      { call: 'retrieve', args: ['contact', '{{edsger}}'], expect: { error: 'RECORD_NOT_FOUND' } },
      { call: 'search', args: ['contact', "$filter=contains(mobilephone,'+31')"], expect: { value: [] } },
    ],
  },
  {
    name: 'a lookup written with @odata.bind is read and filtered as its _x_value, on create and on update',
    steps: [
      {
        call: 'create',
        args: [
          'contact',
          {
            firstname: 'Frances',
            lastname: 'Allen',
            'parentcustomerid_account@odata.bind': `/accounts(${IDS.fabrikam})`,
          },
        ],
        save: 'frances',
        expect: { value: { entityType: 'contact', id: NEW_GUID } },
      },
      {
        call: 'create',
        args: [
          'phonecall',
          { subject: 'Called back', 'regardingobjectid_contact@odata.bind': '/contacts({{frances}})' },
        ],
        save: 'call',
        expect: { value: { entityType: 'phonecall', id: NEW_GUID } },
      },
      {
        call: 'search',
        args: ['phonecall', '$filter=_regardingobjectid_value eq {{frances}}&$select=subject,_regardingobjectid_value'],
        expect: {
          value: [{ activityid: '{{call}}', subject: 'Called back', _regardingobjectid_value: '{{frances}}' }],
        },
      },
      {
        call: 'search',
        args: ['contact', `$filter=_parentcustomerid_value eq ${IDS.fabrikam}&$orderby=lastname`],
        pluck: 'fullname',
        expect: fullnames('Frances Allen', 'Alan Turing'),
      },
      {
        call: 'update',
        args: ['contact', '{{frances}}', { 'parentcustomerid_account@odata.bind': `accounts(${IDS.contoso})` }],
        expect: { value: { entityType: 'contact', id: '{{frances}}' } },
      },
      {
        call: 'retrieve',
        args: ['contact', '{{frances}}', '$select=_parentcustomerid_value'],
        expect: { value: { contactid: '{{frances}}', _parentcustomerid_value: IDS.contoso } },
      },
      { call: 'delete', args: ['phonecall', '{{call}}'], expect: { value: null } },
      { call: 'delete', args: ['contact', '{{frances}}'], expect: { value: null } },
    ],
  },
  {
    name: 'a GUID no record has is RECORD_NOT_FOUND: retrieve, update (which never creates) and delete',
    steps: [
      { call: 'retrieve', args: ['contact', IDS.missing], expect: { error: 'RECORD_NOT_FOUND' } },
      {
        call: 'update',
        args: ['contact', IDS.missing, { firstname: 'Nobody' }],
        expect: { error: 'RECORD_NOT_FOUND' },
      },
      { call: 'delete', args: ['contact', IDS.missing], expect: { error: 'RECORD_NOT_FOUND' } },
      { call: 'retrieve', args: ['contact', IDS.missing], expect: { error: 'RECORD_NOT_FOUND' } },
    ],
  },
  {
    name: 'a query outside the subset, or malformed, is INVALID_INPUT quoting the part and its position',
    steps: [
      {
        call: 'search',
        args: ['contact', '$expand=parentcustomerid'],
        expect: { error: 'INVALID_INPUT', messageContains: "the option '$expand' is not supported at position 0" },
      },
      {
        call: 'search',
        args: ['contact', "$filter=tolower(fullname) eq 'x'"],
        expect: { error: 'INVALID_INPUT', messageContains: 'the function tolower() is not supported at position 0' },
      },
      {
        call: 'search',
        args: ['contact', "$filter=lastname eq 'Turing"],
        expect: { error: 'INVALID_INPUT', messageContains: '$filter' },
      },
      { call: 'search', args: ['contact', '$top=-1'], expect: { error: 'INVALID_INPUT', messageContains: '$top' } },
      {
        call: 'retrieve',
        args: ['contact', IDS.ada, "$filter=lastname eq 'Lovelace'"],
        expect: {
          error: 'INVALID_INPUT',
          messageContains: 'retrieveRecord takes $select only; use searchAndOpenRecords to filter.',
        },
      },
    ],
  },
  {
    name: 'an unknown entity, bad data or a bad id is INVALID_INPUT',
    steps: [
      {
        call: 'search',
        args: ['lead', ''],
        expect: { error: 'INVALID_INPUT', messageContains: 'Unknown entity "lead": use one of' },
      },
      { call: 'create', args: ['contact', 'not an object'], expect: { error: 'INVALID_INPUT' } },
      {
        call: 'update',
        args: ['contact', IDS.ada, { 'parentcustomerid_account@odata.bind': '/accounts(a b)' }],
        expect: {
          error: 'INVALID_INPUT',
          messageContains: 'parentcustomerid_account@odata.bind must reference one record',
        },
      },
      { call: 'retrieve', args: ['contact', 'a b'], expect: { error: 'INVALID_INPUT' } },
      {
        call: 'retrieve',
        args: ['contact', 'c1'],
        expect: { error: 'INVALID_INPUT', messageContains: 'A record id must be a GUID' },
        differs: {
          browser: {
            expect: { error: 'RECORD_NOT_FOUND' },
            reason:
              'the embedded store takes any id without spaces (its seeds may use short ids); the connector puts ids in URLs, so it takes GUIDs only',
          },
        },
      },
    ],
  },
];
