// Three of Dataverse's tables, with its logical names, GUID keys and attributes, for the OData
// connector's tests. Lookups are associations: their foreign keys are named as CAP names them
// (`parentcustomerid_account_accountid`), not Dataverse's `_parentcustomerid_value`.
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
}

entity phonecalls {
  key activityid                : UUID;
      subject                   : String(200);
      description               : String(2000);
      phonenumber               : String(200);
      regardingobjectid_contact : Association to contacts;
}

entity systemusers {
  key systemuserid : UUID;
      fullname     : String(200);
}
