/**
 * The records block's host side (bench/records.mjs drives it): the embedded store
 * (`CifBridgeRecords.createBrowserRecords`, from the built script-tag bundle the host page loads)
 * seeded with 10,000 contacts, and the baseline it is compared with: a raw IndexedDB cursor scan
 * of the same database, in the same page, matching the same phone number by hand.
 */

/** The phone number the widget looks for; exactly one contact has it. */
export const NEEDLE = '+1 425 555 5000';

/** The database of this page's store, named when the store is made (once per page load). */
let database;

const FIRST = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Tim', 'Radia', 'Ken'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Lee', 'Perlman', 'Thompson'];

/**
 * `count` contacts shaped as Dataverse's, as the example's seed has them: names, two phone numbers,
 * an email and a job title; `mobilephone` is `+1 425 555 0000`, `+1 425 555 0001`, ... so each
 * number belongs to one contact.
 */
function contactSeed(count) {
  const rows = Array.from({ length: count }, (_, i) => {
    const firstname = FIRST[i % FIRST.length];
    const lastname = `${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;
    return {
      contactid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      firstname,
      lastname,
      telephone1: `+1 206 555 ${String(i).padStart(4, '0')}`,
      mobilephone: `+1 425 555 ${String(i).padStart(4, '0')}`,
      emailaddress1: `${firstname.toLowerCase()}.${i}@example.com`,
      jobtitle: i % 3 === 0 ? 'Buyer' : 'Engineer',
    };
  });
  return {
    entities: [
      {
        logicalName: 'contact',
        primaryIdAttribute: 'contactid',
        primaryNameAttribute: 'fullname',
        attributes: ['contactid', 'firstname', 'lastname', 'fullname', 'telephone1', 'mobilephone', 'emailaddress1'],
        computed: { fullname: ['firstname', 'lastname'] },
        rows,
      },
    ],
  };
}

let store;
let seedMs;

/**
 * The page's store, made and seeded on the first call (timed: `seedMs` is the first open, which
 * stores the 10,000 rows in the upgrade's transaction).
 */
export async function recordStore(count) {
  if (store === undefined) {
    database = `bench-records-${crypto.randomUUID()}`;
    store = window.CifBridgeRecords.createBrowserRecords({ name: database, seed: contactSeed(count) });
    const t0 = performance.now();
    await store.metadata('contact');
    seedMs = performance.now() - t0;
  }
  return { store, seedMs };
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * One raw scan: a read-only transaction, a cursor over the store's `entity` index for `contact`,
 * and the same test the query makes (`contains(mobilephone, NEEDLE)`, without regard to case),
 * keeping `contactid` and `fullname` of each match, as `$select=fullname,contactid` does.
 */
function rawScan(connection) {
  return new Promise((resolve, reject) => {
    const needle = NEEDLE.toLowerCase();
    const found = [];
    const transaction = connection.transaction('records', 'readonly');
    const request = transaction.objectStore('records').index('entity').openCursor(IDBKeyRange.only('contact'));
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor === null) return resolve(found);
      const { data } = cursor.value;
      if (typeof data.mobilephone === 'string' && data.mobilephone.toLowerCase().includes(needle))
        found.push({ contactid: data.contactid, fullname: data.fullname });
      cursor.continue();
    };
    request.onerror = () => reject(request.error);
  });
}

/**
 * One raw read of the whole entity in one request (`getAll` on the `entity` index), then the same
 * test and selection as {@link rawScan}: what the store itself does, without the bridge, the query
 * parser or the evaluator. Informative: it shows what the store adds over IndexedDB's fastest read.
 */
function rawGetAll(connection) {
  return new Promise((resolve, reject) => {
    const needle = NEEDLE.toLowerCase();
    const request = connection
      .transaction('records', 'readonly')
      .objectStore('records')
      .index('entity')
      .getAll(IDBKeyRange.only('contact'));
    request.onsuccess = () =>
      resolve(
        request.result
          .map(({ data }) => data)
          .filter((data) => typeof data.mobilephone === 'string' && data.mobilephone.toLowerCase().includes(needle))
          .map((data) => ({ contactid: data.contactid, fullname: data.fullname })),
      );
    request.onerror = () => reject(request.error);
  });
}

/**
 * Times `count` raw reads (`how`: `cursor`, the baseline, or `getAll`) after `warmup` untimed ones, on the store's own database (opened here
 * with the plain IndexedDB API, at whatever version the store made).
 * @returns {Promise<{ count: number, p50: number, p95: number, p99: number, matches: number }>} in ms.
 */
export async function rawScanLatency(count, warmup, how = 'cursor') {
  const read = how === 'getAll' ? rawGetAll : rawScan;
  const connection = await new Promise((resolve, reject) => {
    const request = indexedDB.open(database);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    let matches = 0;
    for (let i = 0; i < warmup; i += 1) await read(connection);
    const samples = new Float64Array(count);
    for (let i = 0; i < count; i += 1) {
      const t0 = performance.now();
      matches = (await read(connection)).length;
      samples[i] = performance.now() - t0;
    }
    samples.sort();
    return { count, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), matches };
  } finally {
    connection.close();
  }
}
