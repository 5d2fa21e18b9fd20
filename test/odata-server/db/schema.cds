// Three of Dataverse's tables, with its logical names, GUID keys and attributes, for the OData
// connector's tests. Lookups are associations named as Dataverse names their navigation properties
// (`parentcustomerid_account`), so `parentcustomerid_account@odata.bind` writes them. CAP names
// their foreign keys `parentcustomerid_account_accountid` (the seed CSVs use that name); each is read
// and filtered as Dataverse's `_parentcustomerid_value` too, an element computed from it.
namespace dataverse;

entity accounts {
  key accountid  : UUID;
      name       : String(160);
      telephone1 : String(50);
}

entity contacts {
  key contactid                : UUID;
      firstname                : String(50);
      lastname                 : String(50);
      // Computed on read from its parts, as Dataverse keeps it.
      fullname                 : String = trim(coalesce(firstname, '') || ' ' || coalesce(lastname, ''));
      telephone1               : String(50);
      mobilephone              : String(50);
      emailaddress1            : String(100);
      parentcustomerid_account : Association to accounts;
      _parentcustomerid_value  : UUID = parentcustomerid_account.accountid;
}

entity phonecalls {
  key activityid                : UUID;
      subject                   : String(200);
      description               : String(2000);
      phonenumber               : String(200);
      regardingobjectid_contact : Association to contacts;
      _regardingobjectid_value  : UUID = regardingobjectid_contact.contactid;
}

entity systemusers {
  key systemuserid : UUID;
      fullname     : String(200);
}
