/**
 * A lazy description of elements in one frame, like Playwright's Locator: nothing is looked up until
 * it is used, and every use looks again. Actions wait until exactly one visible element matches,
 * then act on it with the engine's native (trusted) input.
 */
import type { ElementAction, FrameChannel, WaitOptions } from './Driver.js';
import { type Box, type ElementInfo, type QueryOp, type Step, describeSteps, matcher, runQuery } from './query.js';
import { waitFor } from './waitFor.js';

/** Elements found by a chain of steps in one frame (see query.ts). */
export class Locator {
  /**
   * @param frame where the steps are resolved
   * @param steps the chain, outermost first
   */
  constructor(
    readonly frame: FrameChannel,
    readonly steps: readonly Step[],
  ) {}

  /** Playwright's way of writing this locator, for messages. */
  toString(): string {
    return describeSteps(this.steps);
  }

  #then(step: Step): Locator {
    return new Locator(this.frame, [...this.steps, step]);
  }

  /** Descendants matching a CSS selector; with `has`, only those containing a match of that locator. */
  locator(selector: string, options: { has?: Locator } = {}): Locator {
    const css = this.#then({ kind: 'css', selector });
    return options.has === undefined ? css : css.#then({ kind: 'has', steps: [...options.has.steps] });
  }

  /** Descendants by ARIA role and accessible name. */
  getByRole(role: string, options: { name?: string | RegExp; exact?: boolean } = {}): Locator {
    const name = options.name === undefined ? undefined : matcher(options.name, options.exact);
    return this.#then({ kind: 'role', role, ...(name === undefined ? {} : { name }) });
  }

  /** Innermost descendants whose text matches. */
  getByText(text: string | RegExp, options: { exact?: boolean } = {}): Locator {
    return this.#then({ kind: 'text', text: matcher(text, options.exact) });
  }

  /** Descendant form controls by label. */
  getByLabel(text: string | RegExp, options: { exact?: boolean } = {}): Locator {
    return this.#then({ kind: 'label', text: matcher(text, options.exact) });
  }

  /** The `index`th match (negative counts from the end). */
  nth(index: number): Locator {
    return this.#then({ kind: 'nth', index });
  }

  /** The first match. */
  first(): Locator {
    return this.nth(0);
  }

  /** The last match. */
  last(): Locator {
    return this.nth(-1);
  }

  /** Text, visibility, one attribute and the value of every match, now. */
  info(attribute?: string): Promise<ElementInfo[]> {
    const op = attribute === undefined ? { kind: 'info' as const } : { kind: 'info' as const, attribute };
    return this.frame.evaluate(runQuery, { steps: [...this.steps], op }) as Promise<ElementInfo[]>;
  }

  /** How many elements match now. */
  async count(): Promise<number> {
    return (await this.info()).length;
  }

  /** One locator per element that matches now (`nth(0)`, `nth(1)`, ...). */
  async all(): Promise<Locator[]> {
    return Array.from({ length: await this.count() }, (_, index) => this.nth(index));
  }

  /** Whether exactly one element matches now and it is visible. */
  async isVisible(): Promise<boolean> {
    const found = await this.info();
    return found.length === 1 && found[0]!.visible;
  }

  /** The text of the one match (waits for it). */
  async textContent(options: WaitOptions = {}): Promise<string> {
    return (await this.#one(false, options)).text;
  }

  /** An attribute of the one match (waits for it). */
  async getAttribute(name: string, options: WaitOptions = {}): Promise<string | null> {
    return (await this.#one(false, options, name)).attribute;
  }

  /** The value of the one matching input, select or textarea (waits for it). */
  async inputValue(options: WaitOptions = {}): Promise<string | null> {
    return (await this.#one(false, options)).value;
  }

  /** Clicks the one match, once it is visible. */
  async click(options: WaitOptions = {}): Promise<void> {
    await this.#act({ kind: 'click' }, options);
  }

  /** Replaces the value of the one matching input with `value`, typed with native key events. */
  async fill(value: string, options: WaitOptions = {}): Promise<void> {
    await this.#act({ kind: 'fill', value }, options);
  }

  /** Focuses the one match and presses a key (`Enter`, `Shift+Tab`, ...). */
  async press(key: string, options: WaitOptions = {}): Promise<void> {
    await this.#act({ kind: 'press', key }, options);
  }

  /**
   * The border box of the one match (waits for it) in CSS pixels, relative to the viewport of the
   * match's own frame (for an element of the main frame, the same as Playwright's), or null when the
   * element has no box (display: none).
   */
  async boundingBox(options: WaitOptions = {}): Promise<Box | null> {
    return (await this.#one(false, options)).box;
  }

  /**
   * Selects the options of the one matching `<select>` whose value or label is `values` (one, or
   * several for a `<select multiple>`), fires `input` and `change`, and returns the selected values.
   * Like Playwright's, this is done from script in every engine (no native input selects an option).
   */
  async selectOption(values: string | string[], options: WaitOptions = {}): Promise<string[]> {
    await this.#one(true, options);
    return (await this.#script({ kind: 'select', values: typeof values === 'string' ? [values] : values })) as string[];
  }

  /** Moves the mouse over the one match with the engine's native input (`:hover`, `mouseover`). */
  async hover(options: WaitOptions = {}): Promise<void> {
    await this.#act({ kind: 'hover' }, options);
  }

  /** Focuses the one match, from script (as Playwright's `focus`). */
  async focus(options: WaitOptions = {}): Promise<void> {
    await this.#one(false, options);
    await this.#script({ kind: 'focus' });
  }

  /** Takes the focus away from the one match, from script (as Playwright's `blur`). */
  async blur(options: WaitOptions = {}): Promise<void> {
    await this.#one(false, options);
    await this.#script({ kind: 'blur' });
  }

  /**
   * Runs `fn(element, arg)` in the frame on the one element that matches, as Playwright's
   * `locator.evaluate`; `arg` and the result must be JSON-like. The element is found by a mark the
   * query puts on it, which the script removes before calling `fn`.
   */
  async evaluate<R, A = undefined>(fn: (element: Element, arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    await this.#one(false, {});
    const name = Math.random().toString(36).slice(2);
    await this.#script({ kind: 'mark', name });
    // The adapters send a function's source to the frame, so `fn` is spliced into one: a closure
    // over it would not survive the trip. This is test code, built from the test's own function.
    const run = new Function(
      'input',
      `const element = document.querySelector('[data-driver-mark="' + input.name + '"]');
      element.removeAttribute('data-driver-mark');
      return (${fn.toString()})(element, input.arg);`,
    ) as (input: { name: string; arg: A | undefined }) => R | Promise<R>;
    return this.frame.evaluate(run, { name, arg });
  }

  #script(op: QueryOp): Promise<unknown> {
    return this.frame.evaluate(runQuery, { steps: [...this.steps], op });
  }

  async #one(visible: boolean, options: WaitOptions, attribute?: string): Promise<ElementInfo> {
    const [found] = await waitFor(
      () => this.info(attribute).catch(() => []),
      (all) => all.length === 1 && (!visible || all[0]!.visible),
      {
        timeout: options.timeout,
        message: options.message ?? `${this} to match exactly one${visible ? ' visible' : ''} element`,
      },
    );
    return found!;
  }

  async #act(action: ElementAction, options: WaitOptions): Promise<void> {
    await this.#one(true, options);
    await this.frame.act([...this.steps], action);
  }
}
