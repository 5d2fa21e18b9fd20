/**
 * Creates an element for the default UI, with its `cifb-` class names and optional text.
 *
 * There is deliberately no way to pass HTML: titles, fields and labels come from widgets, so every
 * string the view shows goes through `textContent` or an attribute and can never become markup.
 *
 * @param tag - The tag name.
 * @param className - Space-separated `cifb-` class names the stylesheet (`cif-bridge-host.css`) targets.
 * @param text - Text content, set with `textContent`.
 */
export function createElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
