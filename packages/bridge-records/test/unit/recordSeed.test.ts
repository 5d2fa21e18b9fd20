/**
 * The shared record cases run over one seed on both sources: the embedded store is seeded from
 * test/shared/recordSeed.ts, the OData test server from its CSV files. This checks that they hold the
 * same rows, so a row added to one and not the other fails here, in the unit tier, and not as a
 * puzzling difference between the two runs of the table.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { recordSeed } from '../shared/recordSeed.js';

/**
 * CAP names a lookup's foreign key after its association and the target's key; the store keeps it
 * as Dataverse answers it, `_x_value` (test/odata-server/db/schema.cds).
 */
const CAP_COLUMNS: Record<string, string> = {
  parentcustomerid_account_accountid: '_parentcustomerid_value',
  regardingobjectid_contact_contactid: '_regardingobjectid_value',
};

/** The rows of one of the server's seed files (`;`-separated, an empty cell is null). */
function csvRows(set: string): Record<string, string | null>[] {
  const file = new URL(`../../../../test/odata-server/db/data/dataverse-${set}.csv`, import.meta.url);
  const [header = '', ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header.split(';').map((column) => CAP_COLUMNS[column] ?? column);
  return lines.map((line) => {
    const cells = line.split(';');
    return Object.fromEntries(columns.map((column, index) => [column, cells[index] || null]));
  });
}

for (const entity of recordSeed.entities) {
  test(`the OData test server's ${entity.logicalName} rows are the shared seed's`, () => {
    // The store computes these (a contact's fullname); CAP computes them too, so no CSV has them.
    const computed: Record<string, unknown> = ('computed' in entity && entity.computed) || {};
    const stored = entity.attributes.filter((name) => !(name in computed));
    const rows = entity.rows.map((row: Record<string, unknown>) =>
      Object.fromEntries(stored.map((name) => [name, row[name] ?? null])),
    );
    expect(csvRows(`${entity.logicalName}s`)).toEqual(rows);
  });
}
