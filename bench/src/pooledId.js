/**
 * The uuid v4 generator cif-bridge used before it took the `uuid` package's `v4()`, kept here only so
 * the bench can go on measuring what `uuid` costs against it (bench/src/widget-cif.js, "Ids").
 *
 * The bytes come from `crypto.getRandomValues`, drawn from a pool filled once per 256 ids and
 * formatted through a table, so each id costs no call into the crypto API. Each byte is used once,
 * so the ids are as unpredictable as `crypto.randomUUID`'s.
 */

/** How many ids one `crypto.getRandomValues` call pays for. */
const IDS_PER_FILL = 256;

/** Two lowercase hex digits for every byte value. */
const HEX = Array.from({ length: 256 }, (_, byte) => (byte + 0x100).toString(16).slice(1));

/** Random bytes, 16 per id, refilled in place once used up; `offset` is the next unused byte. */
const pool = new Uint8Array(16 * IDS_PER_FILL);
let offset = pool.length;

/** Returns a random uuid v4 (RFC 9562) from the pool. */
export function pooledId() {
  if (offset === pool.length) {
    globalThis.crypto.getRandomValues(pool);
    offset = 0;
  }
  let id = '';
  for (let k = 0; k < 16; k += 1) {
    const byte = pool[offset + k];
    // Version 4 in the high nibble of byte 6, the RFC variant (10xx) in the high bits of byte 8.
    id += HEX[k === 6 ? (byte & 0x0f) | 0x40 : k === 8 ? (byte & 0x3f) | 0x80 : byte];
    if (k === 3 || k === 5 || k === 7 || k === 9) id += '-';
  }
  offset += 16;
  return id;
}
