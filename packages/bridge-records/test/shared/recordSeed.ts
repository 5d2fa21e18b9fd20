/**
 * The one seed the shared record cases (recordCases.ts) run over, on both sources: the embedded
 * store is seeded from it, and the OData test server's CSV files (test/odata-server/db/data) hold
 * the same rows, which test/unit/recordSeed.test.ts checks. Logical names, attributes and GUID keys
 * are Dataverse's.
 */
import type { RecordSeed } from '../../src/RecordSeed.js';

/** The seeded records' ids, named for the cases that use them. */
export const IDS = {
  contoso: 'a1b2c3d4-0000-4000-8000-000000000001',
  fabrikam: 'a1b2c3d4-0000-4000-8000-000000000002',
  ada: 'c1b2c3d4-0000-4000-8000-000000000001',
  alan: 'c1b2c3d4-0000-4000-8000-000000000002',
  grace: 'c1b2c3d4-0000-4000-8000-000000000003',
  barbara: 'c1b2c3d4-0000-4000-8000-000000000004',
  orderCall: 'd1b2c3d4-0000-4000-8000-000000000001',
  /** A GUID no seeded record has. */
  missing: '00000000-0000-4000-8000-0000000000ff',
} as const;

/** Accounts, contacts (one with no phone and no account) and a phone call about one contact. */
export const recordSeed = {
  entities: [
    {
      logicalName: 'account',
      primaryIdAttribute: 'accountid',
      primaryNameAttribute: 'name',
      attributes: ['accountid', 'name', 'telephone1'],
      rows: [
        { accountid: IDS.contoso, name: 'Contoso', telephone1: '+1 425 555 0000' },
        { accountid: IDS.fabrikam, name: 'Fabrikam', telephone1: '+44 20 7946 1000' },
      ],
    },
    {
      logicalName: 'contact',
      primaryIdAttribute: 'contactid',
      primaryNameAttribute: 'fullname',
      attributes: [
        'contactid',
        'firstname',
        'lastname',
        'fullname',
        'telephone1',
        'mobilephone',
        'emailaddress1',
        '_parentcustomerid_value',
      ],
      computed: { fullname: ['firstname', 'lastname'] },
      rows: [
        {
          contactid: IDS.ada,
          firstname: 'Ada',
          lastname: 'Lovelace',
          telephone1: '+1 425 555 0100',
          mobilephone: '+1 425 555 0101',
          emailaddress1: 'ada@contoso.example',
          _parentcustomerid_value: IDS.contoso,
        },
        {
          contactid: IDS.alan,
          firstname: 'Alan',
          lastname: 'Turing',
          telephone1: '+44 20 7946 0001',
          mobilephone: '+44 20 7946 0000',
          emailaddress1: 'alan@fabrikam.example',
          _parentcustomerid_value: IDS.fabrikam,
        },
        {
          contactid: IDS.grace,
          firstname: 'Grace',
          lastname: 'Hopper',
          telephone1: '+1 202 555 0142',
          mobilephone: '+1 202 555 0143',
          emailaddress1: 'grace@contoso.example',
          _parentcustomerid_value: IDS.contoso,
        },
        // The one row with empty attributes: null ordering and `eq null` are tested on it.
        {
          contactid: IDS.barbara,
          firstname: 'Barbara',
          lastname: 'Liskov',
          telephone1: null,
          mobilephone: null,
          emailaddress1: null,
          _parentcustomerid_value: null,
        },
      ],
    },
    {
      logicalName: 'phonecall',
      primaryIdAttribute: 'activityid',
      primaryNameAttribute: 'subject',
      attributes: ['activityid', 'subject', 'description', 'phonenumber', '_regardingobjectid_value'],
      rows: [
        {
          activityid: IDS.orderCall,
          subject: 'Order status',
          description: 'Asked about order 1042',
          phonenumber: '+1 425 555 0101',
          _regardingobjectid_value: IDS.ada,
        },
      ],
    },
  ],
} satisfies RecordSeed;
