/**
 * Creates an element of the record UI. There is no way to pass HTML: record values, names and error
 * messages come from the store, a CRM or a widget, so every string goes through `textContent` or an
 * attribute and can never become markup.
 *
 * @param tag - The tag name.
 * @param attributes - Attributes to set, such as `{ class: 'cifr-field', 'aria-label': 'Records' }`.
 * @param content - Text content (set with `textContent`), or the children to append.
 */
export function createUiElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  content: string | readonly Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (typeof content === 'string') node.textContent = content;
  else node.append(...content);
  return node;
}

/** An error's message for the agent to read, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
