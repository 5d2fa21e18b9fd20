/**
 * How a {@link Locator} finds elements, the same way in every engine: a chain of steps, resolved by
 * {@link runQuery} *inside* the page (each adapter injects that one function with its engine's
 * evaluate). The role/name step is our own small resolver, not the engine's:
 * - only Playwright has `getByRole`; puppeteer's `::-p-aria` needs an accessibility tree that its
 *   Firefox (BiDi) backend doesn't give, and WebDriver classic (WebKit) has no role query at all;
 * - one implementation means a test that passes in Chromium finds the same elements in Firefox and
 *   WebKit, so an engine difference shows up as a product difference, not a resolver difference.
 * It covers the roles our UI uses (see IMPLICIT_ROLES below) and the parts of the accessible-name
 * computation they need (aria-labelledby, aria-label, labels, alt, value, content, title), with
 * Playwright's matching rules: a string name matches case-insensitively as a substring after
 * whitespace is collapsed, `exact: true` matches the whole name case-sensitively, a RegExp is tested
 * against the name. Elements hidden from the accessibility tree (display: none, visibility: hidden,
 * `hidden`, aria-hidden="true" on it or an ancestor) are never found by role, as in Playwright.
 */

/** A name or text to match: a string (see `exact`) or a RegExp, sent into the page as its source. */
export type TextMatcher =
  { kind: 'string'; value: string; exact: boolean } | { kind: 'regex'; source: string; flags: string };

/** One step of a locator chain; each step searches inside the elements the previous one found. */
export type Step =
  | { kind: 'css'; selector: string }
  | { kind: 'role'; role: string; name?: TextMatcher }
  | { kind: 'text'; text: TextMatcher }
  | { kind: 'label'; text: TextMatcher }
  | { kind: 'nth'; index: number }
  /** Keeps the elements that have a descendant matching `steps` (Playwright's `{ has }`). */
  | { kind: 'has'; steps: Step[] };

/** What {@link runQuery} does with the elements it found. */
export type QueryOp =
  /** Returns the one element found; throws if there are none or several (Playwright's strictness). */
  | { kind: 'one' }
  /** Returns, for each element found, its text, whether it is visible, and one attribute and its value. */
  | { kind: 'info'; attribute?: string }
  /** Selects the options of the one `<select>` found whose value or label is in `values` (as Playwright). */
  | { kind: 'select'; values: string[] }
  /** Focuses (`focus`) or blurs (`blur`) the one element found, from script. */
  | { kind: 'focus' | 'blur' }
  /** Marks the one element found with `data-driver-mark="<name>"`, for a script to find it by. */
  | { kind: 'mark'; name: string };

/** An element's border box in CSS pixels, relative to its frame's viewport. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the `info` op returns for one element. */
export interface ElementInfo {
  /** `textContent`, whitespace collapsed and trimmed (as Playwright's `toHaveText` compares it). */
  text: string;
  /** A non-empty box and not visibility: hidden, as Playwright's `toBeVisible`. */
  visible: boolean;
  /** The requested attribute, or null. */
  attribute: string | null;
  /** The value of an input, select or textarea, or null. */
  value: string | null;
  /** The accessible name, as the role step computes it. */
  name: string;
  /** Its border box, or null when it has none (display: none, detached), as Playwright's `boundingBox`. */
  box: Box | null;
  /** Whether it is its document's active element. */
  focused: boolean;
  /** Not `:disabled` and not `aria-disabled="true"` (on it or an ancestor), as Playwright's `toBeEnabled`. */
  enabled: boolean;
}

/** Turns a string or RegExp into a {@link TextMatcher}. */
export function matcher(text: string | RegExp, exact = false): TextMatcher {
  return typeof text === 'string'
    ? { kind: 'string', value: text, exact }
    : { kind: 'regex', source: text.source, flags: text.flags };
}

/** A step chain as Playwright would print it, for error messages. */
export function describeSteps(steps: readonly Step[]): string {
  const text = (m: TextMatcher): string =>
    m.kind === 'regex' ? `/${m.source}/${m.flags}` : `'${m.value}'${m.exact ? ', exact' : ''}`;
  return steps
    .map((step) => {
      switch (step.kind) {
        case 'css':
          return `locator('${step.selector}')`;
        case 'role':
          return `getByRole('${step.role}'${step.name === undefined ? '' : `, { name: ${text(step.name)} }`})`;
        case 'text':
          return `getByText(${text(step.text)})`;
        case 'label':
          return `getByLabel(${text(step.text)})`;
        case 'nth':
          return `nth(${step.index})`;
        case 'has':
          return `filter({ has: ${describeSteps(step.steps)} })`;
      }
    })
    .join('.');
}

/**
 * Resolves `steps` from the document and applies `op`. Runs in the page: it must stay
 * self-contained (no imports, no outer variables), because each engine sends its source text.
 */
export function runQuery(arg: { steps: Step[]; op: QueryOp }): Element | ElementInfo[] | string[] | null {
  /** Roles an element has without a role attribute, for the elements our pages use. */
  const IMPLICIT_ROLES: Record<string, (el: Element) => string | null> = {
    BUTTON: () => 'button',
    SUMMARY: () => 'button',
    A: (el) => (el.hasAttribute('href') ? 'link' : null),
    AREA: (el) => (el.hasAttribute('href') ? 'link' : null),
    H1: () => 'heading',
    H2: () => 'heading',
    H3: () => 'heading',
    H4: () => 'heading',
    H5: () => 'heading',
    H6: () => 'heading',
    IMG: (el) => (el.getAttribute('alt') === '' ? 'presentation' : 'img'),
    UL: () => 'list',
    OL: () => 'list',
    MENU: () => 'list',
    LI: () => 'listitem',
    TEXTAREA: () => 'textbox',
    SELECT: (el) => ((el as HTMLSelectElement).multiple || (el as HTMLSelectElement).size > 1 ? 'listbox' : 'combobox'),
    OPTION: () => 'option',
    OUTPUT: () => 'status',
    DIALOG: () => 'dialog',
    ASIDE: () => 'complementary',
    MAIN: () => 'main',
    NAV: () => 'navigation',
    FORM: () => 'form',
    ARTICLE: () => 'article',
    SECTION: (el) => (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : null),
    FIELDSET: () => 'group',
    PROGRESS: () => 'progressbar',
    HR: () => 'separator',
    TABLE: () => 'table',
    TR: () => 'row',
    TD: () => 'cell',
    TH: () => 'columnheader',
    IFRAME: () => 'iframe',
    INPUT: (el) => {
      const type = (el.getAttribute('type') ?? 'text').toLowerCase();
      if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
      if (type === 'checkbox' || type === 'radio') return type;
      if (type === 'number') return 'spinbutton';
      if (type === 'range') return 'slider';
      if (type === 'search') return el.hasAttribute('list') ? 'combobox' : 'searchbox';
      if (type === 'hidden') return null;
      return el.hasAttribute('list') ? 'combobox' : 'textbox';
    },
  };
  /** Roles whose accessible name comes from their content when nothing else names them. */
  const NAME_FROM_CONTENT = new Set([
    'button', 'cell', 'checkbox', 'columnheader', 'gridcell', 'heading', 'link', 'listitem', 'menuitem',
    'menuitemcheckbox', 'menuitemradio', 'option', 'radio', 'row', 'rowheader', 'switch', 'tab', 'tooltip', 'treeitem',
  ]); // prettier-ignore

  const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();
  const roleOf = (el: Element): string | null => {
    const explicit = el.getAttribute('role')?.trim().split(/\s+/)[0];
    if (explicit) return explicit;
    return IMPLICIT_ROLES[el.tagName]?.(el) ?? null;
  };
  const isHiddenFromTree = (el: Element): boolean => {
    for (let node: Element | null = el; node !== null; node = node.parentElement) {
      if (node.getAttribute('aria-hidden') === 'true' || node.hasAttribute('hidden')) return true;
    }
    return !el.checkVisibility({ visibilityProperty: true });
  };
  const textOf = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (!(node instanceof Element)) return '';
    if (isHiddenFromTree(node)) return '';
    const label = node.getAttribute('aria-label');
    if (label) return ` ${label} `;
    if (node.tagName === 'IMG') return ` ${node.getAttribute('alt') ?? ''} `;
    const inline = getComputedStyle(node).display.startsWith('inline');
    const inner = Array.from(node.childNodes, textOf).join('');
    return inline ? inner : ` ${inner} `;
  };
  const nameOf = (el: Element, role: string | null): string => {
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) {
      const parts = labelledBy.split(/\s+/).map((id) => document.getElementById(id));
      const text = parts.map((part) => (part === null ? '' : textOf(part))).join(' ');
      if (collapse(text)) return collapse(text);
    }
    const label = el.getAttribute('aria-label');
    if (label && collapse(label)) return collapse(label);
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length > 0) {
      // A label's text, less the control's own value when the control sits inside the label.
      return collapse(
        Array.from(labels, (l) => Array.from(l.childNodes, (n) => (n === el ? '' : textOf(n))).join('')).join(' '),
      );
    }
    if (el.tagName === 'IMG') return collapse(el.getAttribute('alt') ?? '');
    if (el.tagName === 'INPUT' && role === 'button') return collapse((el as HTMLInputElement).value);
    if (role !== null && NAME_FROM_CONTENT.has(role)) {
      const text = collapse(Array.from(el.childNodes, textOf).join(''));
      if (text) return text;
    }
    return collapse(el.getAttribute('title') ?? '');
  };
  const matches = (
    m: { kind: 'string'; value: string; exact: boolean } | { kind: 'regex'; source: string; flags: string },
    text: string,
  ): boolean => {
    if (m.kind === 'regex') return new RegExp(m.source, m.flags).test(text);
    return m.exact ? text === collapse(m.value) : text.toLowerCase().includes(collapse(m.value).toLowerCase());
  };
  const descendants = (scope: Element | Document): Element[] => Array.from(scope.querySelectorAll('*'));

  const resolve = (steps: readonly Step[], from: (Element | Document)[]): (Element | Document)[] => {
    let found = from;
    for (const step of steps) {
      const next = new Set<Element>();
      if (step.kind === 'nth') {
        const pick = found.at(step.index);
        found = pick === undefined ? [] : [pick];
        continue;
      }
      if (step.kind === 'has') {
        found = found.filter((scope) => resolve(step.steps, [scope]).length > 0);
        continue;
      }
      for (const scope of found) {
        if (step.kind === 'css') {
          for (const el of scope.querySelectorAll(step.selector)) next.add(el);
        } else if (step.kind === 'role') {
          for (const el of descendants(scope)) {
            const role = roleOf(el);
            if (role !== step.role || isHiddenFromTree(el)) continue;
            if (step.name === undefined || matches(step.name, nameOf(el, role))) next.add(el);
          }
        } else if (step.kind === 'text') {
          // The innermost elements whose text matches (as Playwright: not every ancestor too).
          const hits = descendants(scope).filter(
            (el) =>
              !['SCRIPT', 'STYLE', 'HEAD', 'TITLE'].includes(el.tagName) &&
              matches(step.text, collapse(el.textContent ?? '')),
          );
          for (const el of hits) if (!hits.some((other) => other !== el && el.contains(other))) next.add(el);
        } else {
          for (const el of descendants(scope)) {
            const labelled = el.matches('input, textarea, select, [aria-label], [aria-labelledby]');
            if (labelled && matches(step.text, nameOf(el, roleOf(el)))) next.add(el);
          }
        }
      }
      found = Array.from(next);
    }
    return found;
  };
  const elements = resolve(arg.steps, [document]).filter((node): node is Element => node instanceof Element);

  const op = arg.op;
  if (op.kind !== 'info') {
    if (elements.length !== 1) {
      throw new Error(`expected exactly one element, found ${elements.length}`);
    }
    const el = elements[0]!;
    if (op.kind === 'one') return el;
    if (op.kind === 'mark') {
      el.setAttribute('data-driver-mark', op.name);
      return null;
    }
    if (op.kind !== 'select') {
      if (op.kind === 'focus') (el as HTMLElement).focus();
      else (el as HTMLElement).blur();
      return null;
    }
    if (!(el instanceof HTMLSelectElement))
      throw new Error(`selectOption: the element is a <${el.tagName.toLowerCase()}>, not a <select>`);
    const options = Array.from(el.options);
    const picked = op.values.map((value) => {
      const option = options.find((o) => o.value === value) ?? options.find((o) => collapse(o.label) === value);
      if (option === undefined)
        throw new Error(`selectOption: no option with the value or label ${JSON.stringify(value)}`);
      return option;
    });
    if (picked.length > 1 && !el.multiple) throw new Error('selectOption: several values for a single <select>');
    for (const option of options) option.selected = picked.includes(option);
    el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
    return picked.map((option) => option.value);
  }
  const attribute = op.attribute;
  return elements.map((el) => {
    const box = el.getBoundingClientRect();
    const value =
      'value' in el && typeof el.value === 'string' && el.matches('input, select, textarea') ? el.value : null;
    return {
      text: collapse(el.textContent ?? ''),
      visible: box.width > 0 && box.height > 0 && el.checkVisibility({ visibilityProperty: true }),
      attribute: attribute === undefined ? null : el.getAttribute(attribute),
      value,
      name: nameOf(el, roleOf(el)),
      box: el.getClientRects().length === 0 ? null : { x: box.x, y: box.y, width: box.width, height: box.height },
      focused: el.ownerDocument.activeElement === el,
      enabled: !el.matches(':disabled') && el.closest('[aria-disabled="true"]') === null,
    };
  });
}
