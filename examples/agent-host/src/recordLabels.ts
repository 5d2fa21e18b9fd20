import type { EntityLabels } from '@cif-bridge/records/ui';

/**
 * What the agent reads on record and search tabs instead of logical names: Dataverse's display names
 * of the seeded entities and attributes. A lookup shows the GUID it holds, and an id is the record's
 * own, so those say "ID" where Dataverse would name the record they point to.
 */
export const recordLabels: Record<string, EntityLabels> = {
  account: {
    name: 'Account',
    attributes: { accountid: 'Account ID', name: 'Account Name', telephone1: 'Main Phone', address1_city: 'City' },
  },
  contact: {
    name: 'Contact',
    attributes: {
      contactid: 'Contact ID',
      firstname: 'First Name',
      lastname: 'Last Name',
      fullname: 'Full Name',
      telephone1: 'Business Phone',
      mobilephone: 'Mobile Phone',
      emailaddress1: 'Email',
      jobtitle: 'Job Title',
      _parentcustomerid_value: 'Company ID',
    },
  },
  incident: {
    name: 'Case',
    attributes: {
      incidentid: 'Case ID',
      title: 'Case Title',
      ticketnumber: 'Case Number',
      _customerid_value: 'Customer ID',
      prioritycode: 'Priority',
    },
  },
  phonecall: {
    name: 'Phone Call',
    attributes: {
      activityid: 'Activity ID',
      subject: 'Subject',
      description: 'Description',
      phonenumber: 'Phone Number',
      directioncode: 'Direction',
      _regardingobjectid_value: 'Regarding ID',
    },
  },
  task: {
    name: 'Task',
    attributes: {
      activityid: 'Activity ID',
      subject: 'Subject',
      description: 'Description',
      scheduledend: 'Due Date',
      _regardingobjectid_value: 'Regarding ID',
    },
  },
};
