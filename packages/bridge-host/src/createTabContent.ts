import { assign, createElement } from './createElement.js';
import type { TabRenderer } from './HostViewController.js';
import { parseUrl, urlRefusal } from './resolveTabUrl.js';
import type { TabSnapshot } from './types.js';

/**
 * The sandbox of a `website` tab. `allow-same-origin` is left out on purpose: together with
 * `allow-scripts` it would let the framed page remove its own sandbox whenever it happens to share the
 * host's origin. Without it the page runs in an opaque origin and can't touch the host.
 */
export const WEBSITE_SANDBOX = 'allow-scripts allow-forms allow-popups';

/** What one open tab shows: an element that lives as long as the tab, reconciled on each render. */
export interface TabContent {
  /** The element holding the tab's content; the view inserts it once and never moves it. */
  readonly element: HTMLElement;
  /**
   * Brings the content up to date with the tab; reloads it when `refreshCount` went up. The first call
   * shows the content, so call it after inserting {@link element}.
   */
  update(tab: TabSnapshot): void;
  /**
   * Runs the renderer's cleanup; the caller updates the content no more. Safe to call twice. It
   * leaves {@link element} where it is: removing it is the caller's.
   */
  destroy(): void;
}

/** Whether a tab of this type shows an iframe (rather than a renderer's output). */
export function showsFrame(type: string): boolean {
  return type === 'website' || type === 'webresource';
}

/**
 * Creates a spare for {@link createTabContent}: a hidden element holding a blank iframe, not yet a
 * tab's content. Inserting an iframe costs milliseconds, because the browser creates a frame for it
 * there and then; a spare inserted ahead of time moves that cost out of the render that shows a new
 * tab, which then only has to navigate the frame. Until a tab takes it over, the frame shows the
 * initial `about:blank`, which its first navigation replaces without adding a history entry.
 */
export function createSpareContent(): HTMLElement {
  return createElement('div', 'cifb-spare', [createElement('iframe', 'cifb-frame')], { hidden: '' });
}

/**
 * Creates the content of one tab.
 *
 * - `website`: an iframe sandboxed with {@link WEBSITE_SANDBOX}, loading `parameters.url` only when it
 *   is an https URL, or http on a loopback host (a `javascript:` or `data:` URL would run in the frame).
 * - `webresource`: an iframe loading `parameters.url` only when it is on the page's own origin.
 * - any other type: the renderer registered for it, or a line saying there is none.
 *
 * The element is the caller's to insert, once (moving an iframe in the DOM reloads it), then to
 * {@link TabContent.update}, which fills it, and in the end to remove, after
 * {@link TabContent.destroy}. Nothing is created before the first update: the default UI creates a
 * tab's content when the tab is first shown, because inserting an iframe costs milliseconds.
 *
 * @param renderers - Reads the registered renderers; asked again on refresh, so late registrations work.
 * @param spare - A spare from {@link createSpareContent}, already in place in the document, to take
 *   over as {@link TabContent.element}: its blank iframe becomes the tab's frame. Pass one only for a
 *   tab that {@link showsFrame}; the content is then already inserted.
 */
export function createTabContent(
  renderers: () => Readonly<Record<string, TabRenderer>>,
  spare?: HTMLElement,
): TabContent {
  const element = spare ?? createElement('div', '');
  element.className = 'cifb-tab-content';
  /** The spare's blank frame; it stays the one to use while it is in the element. */
  const blank = spare?.querySelector('iframe');
  let frame: HTMLIFrameElement | undefined;
  let shownUrl: string | undefined;
  /** The `parameters.url` last checked, so that a render changing nothing parses no URL. */
  let checkedUrl: unknown;
  let cleanup: (() => void) | undefined;
  let rendered = false;
  let refreshCount = 0;
  let started = false;

  function showMessage(text: string): void {
    element.replaceChildren(createElement('p', 'cifb-message', text));
  }

  function loadFrame(current: TabSnapshot, reload: boolean): void {
    const { title, type } = current;
    const url = current.parameters.url;
    if (frame) assign(frame, 'title', title);
    if (started && !reload && url === checkedUrl) return;
    checkedUrl = url;
    const checked = checkUrl(type, url);
    if (typeof checked === 'string') {
      frame = shownUrl = undefined;
      showMessage(checked);
      return;
    }
    if (!frame) {
      frame = blank?.parentNode === element ? blank : createElement('iframe', 'cifb-frame');
      // Everything is set before the frame's first navigation, which then already has the sandbox and
      // the referrer policy. A spare's blank frame takes them too: a frame's sandbox flags are read
      // when it navigates, not when it is created.
      if (type === 'website') {
        frame.setAttribute('sandbox', WEBSITE_SANDBOX);
        frame.referrerPolicy = 'no-referrer';
      }
      frame.title = title;
    }
    // Setting src again, even to the same URL, navigates the frame: that is the reload refreshTab
    // asks for. A cross-origin frame can't be reloaded through contentWindow.location.
    if (reload || shownUrl !== checked.href) frame.src = shownUrl = checked.href;
    // A new frame goes in once its src is set, so that it loads nothing else first.
    if (frame.parentNode !== element) element.replaceChildren(frame);
  }

  function runCleanup(): void {
    const pending = cleanup;
    cleanup = undefined;
    try {
      pending?.();
    } catch (error) {
      console.error('cif-bridge: a tab renderer cleanup threw', error);
    }
  }

  function rendererFor(type: string): TabRenderer | undefined {
    const table = renderers();
    // hasOwn: a type such as `toString` must not find Object.prototype's function.
    return Object.hasOwn(table, type) ? table[type] : undefined;
  }

  function runRenderer(current: TabSnapshot): void {
    const { type } = current;
    runCleanup();
    element.replaceChildren();
    const renderer = rendererFor(type);
    rendered = renderer !== undefined;
    if (!renderer) return showMessage(`No renderer for tab type ${type}`);
    try {
      const result = renderer(current, element);
      if (typeof result === 'function') cleanup = result;
    } catch (error) {
      // A host page's renderer failing must not take the rest of the view down with it.
      console.error(`cif-bridge: the renderer for tab type ${type} threw`, error);
      showMessage(`The tab could not be shown (renderer for ${type} failed).`);
    }
  }

  return {
    element,

    update(current) {
      // The first update shows the content: by then the caller has inserted the element, so a
      // renderer gets an element that is in the document and can measure it.
      const reload = started && current.refreshCount > refreshCount;
      refreshCount = current.refreshCount;
      if (showsFrame(current.type)) loadFrame(current, reload);
      // A tab with no renderer yet is looked at again on each render, in case the page registers one late.
      else if (reload || !started || (!rendered && rendererFor(current.type))) runRenderer(current);
      started = true;
    },

    destroy: runCleanup,
  };
}

/**
 * Where a tab's URL may be loaded from: the model's rules again (see resolveTabUrl.ts), for a view
 * fed by a model other than ours. The path prefix is the model's alone, as it is not in the snapshot.
 * Returns the URL to load, or the message to show instead.
 */
function checkUrl(type: string, value: unknown): URL | string {
  if (typeof value !== 'string' || !value.trim()) return 'This tab has no URL to open.';
  const url = parseUrl(value, location.origin);
  const refusal = url === undefined ? 'it is not a valid URL' : urlRefusal(url, type, location.origin);
  return refusal === undefined ? (url as URL) : `Refused to open ${value}: ${refusal}.`;
}
