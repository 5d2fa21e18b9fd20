/** The record tests' seed: one entity, `contact`, whose `fullname` the store computes from its parts. */
export const contactSeed = {
  entities: [
    {
      logicalName: 'contact',
      primaryIdAttribute: 'contactid',
      primaryNameAttribute: 'fullname',
      attributes: ['contactid', 'firstname', 'lastname', 'fullname', 'mobilephone', '_parentcustomerid_value'],
      computed: { fullname: ['firstname', 'lastname'] },
      rows: [
        { contactid: 'c1', firstname: 'Ada', lastname: 'Lovelace', mobilephone: '+1 425 555 0100' },
        { contactid: 'c2', firstname: 'Alan', lastname: 'Turing', mobilephone: '+44 20 7946 0000' },
      ],
    },
  ],
};
