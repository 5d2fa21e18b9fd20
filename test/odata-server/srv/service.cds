using dataverse from '../db/schema';

// Served where Dataverse's Web API is: /api/data/v9.2/contacts, /api/data/v9.2/accounts, ...
@path: '/api/data/v9.2'
service DataverseService {
  entity accounts   as projection on dataverse.accounts;
  entity contacts   as projection on dataverse.contacts;
  entity phonecalls as projection on dataverse.phonecalls;
  // Only for a role no test request has: a real 401, for the connector's ACCESS_DENIED.
  @requires: 'admin'
  entity systemusers as projection on dataverse.systemusers;
}
