/** `@cif-bridge/records/odata`: the connector to a real OData v4 service, such as Dataverse's Web API. */
export { createODataRecords, type EntitySet, type ODataRecordsOptions } from './createODataRecords.js';
export { serializeFilter, serializeQuery } from './serializeQuery.js';
