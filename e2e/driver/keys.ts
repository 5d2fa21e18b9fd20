/** Playwright's key names (`Enter`, `Shift+Tab`) split for drivers that press keys one by one. */

/** Modifier names Playwright accepts before a `+`. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta']);

/** `Shift+Tab` as `{ modifiers: ['Shift'], key: 'Tab' }`; a lone `+` is the plus key. */
export function splitKey(combo: string): { modifiers: string[]; key: string } {
  const parts = combo === '+' ? ['+'] : combo.split('+');
  const key = parts.pop() || '+';
  for (const modifier of parts) {
    if (!MODIFIERS.has(modifier)) throw new Error(`press: unknown modifier ${modifier} in ${combo}`);
  }
  return { modifiers: parts, key };
}
