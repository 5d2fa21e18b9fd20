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

/**
 * Shows or hides an element with the `hidden` attribute, writing only when that changes something.
 * Renders run on every model change, and even a write of an equal value is a DOM mutation that the
 * browser must process (style invalidation, mutation observers).
 *
 * @param element - The element to show or hide.
 * @param hidden - Whether it is hidden.
 */
export function setHidden(element: HTMLElement, hidden: boolean): void {
  if (element.hidden !== hidden) element.hidden = hidden;
}

/**
 * Sets an attribute, or removes it for `null`, writing only when that changes it (see
 * {@link setHidden} for why).
 *
 * @param element - The element.
 * @param name - The attribute name.
 * @param value - The value, or `null` for no attribute.
 */
export function setAttribute(element: Element, name: string, value: string | null): void {
  if (element.getAttribute(name) === value) return;
  if (value === null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}
