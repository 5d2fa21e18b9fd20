/**
 * Returns a random uuid v4. `crypto.randomUUID` exists only in secure contexts, so a widget served
 * over plain http on a non-local host falls back to `crypto.getRandomValues`, which is everywhere.
 */
export function createId(): string {
  const { crypto } = globalThis;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // Version 4 and the RFC 4122 variant live in the high bits of bytes 6 and 8.
  const hex = Array.from(bytes, (b, i) =>
    (i === 6 ? (b & 0x0f) | 0x40 : i === 8 ? (b & 0x3f) | 0x80 : b).toString(16).padStart(2, '0'),
  ).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
