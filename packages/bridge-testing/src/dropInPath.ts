/**
 * Where the test host serves the `Microsoft.CIFramework` drop-in, as a Dynamics 365 host serves
 * `msdyn_ciLibrary.js`; the server matches it without regard to case, as real widgets vary the case.
 */
export const DROP_IN_PATH = '/webresources/Widget/msdyn_ciLibrary.js';
