/*
 * The small helpers every part of the default UI builds on: making elements, writing only what
 * changed, and keeping a map of entries in step with the model's list.
 */

/**
 * Creates an element for the default UI, with its `cifb-` class names, and optional content and
 * attributes.
 *
 * There is deliberately no way to pass HTML: titles, fields and labels come from widgets, so every
 * string the view shows goes through `textContent` or an attribute and can never become markup.
 *
 * @param tag - The tag name.
 * @param className - Space-separated `cifb-` class names the stylesheet (`cif-bridge-host.css`) targets.
 * @param content - Text content, set with `textContent`, or the children to append.
 * @param attributes - Attributes to set, such as `{ role: 'tab' }`.
 */
export function createElement<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  content: string | readonly Node[] = [],
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (typeof content === 'string') node.textContent = content;
  else node.append(...content);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/**
 * Writes a property, such as `textContent`, `hidden` or `title`, only when that changes it. Renders
 * run on every model change, and even a write of an equal value is a DOM mutation that the browser
 * must process (style invalidation, mutation observers, a screen reader re-reading the text).
 *
 * @param target - The element (or other object) to write to.
 * @param name - The property.
 * @param value - Its new value.
 */
export function assign<T extends object, K extends keyof T>(target: T, name: K, value: T[K]): void {
  if (target[name] !== value) target[name] = value;
}

/**
 * The entry of `key` in `map`; when there is none, `create` makes one, which is stored.
 *
 * @param map - Entries by key.
 * @param key - The key.
 * @param create - Makes the entry of a new key (and puts its elements in the page).
 */
export function entryOf<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

/**
 * Deletes the entries of `map` whose key is not in `keys`, handing each one to `remove`: how the
 * view's lists drop what the model no longer has.
 *
 * @param map - Entries by key.
 * @param keys - The keys to keep.
 * @param remove - Takes a deleted entry out of the page.
 */
export function prune<K, V>(map: Map<K, V>, keys: readonly K[], remove: (value: V) => void): void {
  const kept = new Set(keys);
  for (const [key, value] of map) {
    if (kept.has(key)) continue;
    map.delete(key);
    remove(value);
  }
}

/**
 * Sets an attribute, or removes it for `null`, writing only when that changes it (see
 * {@link assign} for why).
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
