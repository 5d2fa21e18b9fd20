/*
 * A page-wide counter is enough here: these ids only tie ARIA attributes (`aria-labelledby`,
 * `aria-controls`) to elements of the same document, and they never leave the page or carry meaning,
 * so they need no randomness. Session and tab ids are not reused for this because they are data, and
 * an id attribute must be unique even when two views render the same host.
 */
let counter = 0;

/** Returns a document id that no other call returns, such as `cifb-7`. */
export function uniqueId(): string {
  counter += 1;
  return `cifb-${counter}`;
}
