import { createElement } from './createElement.js';
import type { TabRenderer } from './HostViewController.js';
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
   * Runs the renderer's cleanup and ignores later updates. Safe to call twice. It leaves
   * {@link element} where it is: removing it is the caller's, who may remove a whole session's
   * contents at once through their common parent, one removal instead of one per tab.
   */
  destroy(): void;
}

/** Where a tab's URL may be loaded from: `website` anywhere over http(s), `webresource` only here. */
type UrlCheck = { url: string } | { error: string };

/**
 * Creates the content of one tab.
 *
 * - `website`: an iframe sandboxed with {@link WEBSITE_SANDBOX}, loading `parameters.url` only when it
 *   is an http or https URL (a `javascript:` or `data:` URL would run in the frame).
 * - `webresource`: an iframe loading `parameters.url` only when it is on the page's own origin.
 * - any other type: the renderer registered for it, or a line saying there is none.
 *
 * The element is the caller's to insert, once (moving an iframe in the DOM reloads it), then to
 * {@link TabContent.update}, which fills it, and in the end to remove, after
 * {@link TabContent.destroy}. Nothing is created before the first update: the default UI creates a
 * tab's content when the tab is first shown, because inserting an iframe costs milliseconds.
 *
 * @param renderers - Reads the registered renderers; asked again on refresh, so late registrations work.
 */
export function createTabContent(renderers: () => Readonly<Record<string, TabRenderer>>): TabContent {
  const element = createElement('div', 'cifb-tab-content');
  let frame: HTMLIFrameElement | undefined;
  let shownUrl: string | undefined;
  /** The `parameters.url` last checked, so that a render changing nothing parses no URL. */
  let checkedUrl: unknown;
  let cleanup: (() => void) | undefined;
  let rendered = false;
  let refreshCount = 0;
  let started = false;
  let destroyed = false;

  function showMessage(text: string): void {
    element.replaceChildren(createElement('p', 'cifb-message', text));
  }

  function loadFrame(current: TabSnapshot, reload: boolean): void {
    const url = current.parameters.url;
    if (started && !reload && url === checkedUrl) {
      if (frame && frame.title !== current.title) frame.title = current.title;
      return;
    }
    checkedUrl = url;
    const checked = current.type === 'website' ? checkWebsiteUrl(url) : checkWebresourceUrl(url);
    if ('error' in checked) {
      frame = undefined;
      shownUrl = undefined;
      showMessage(checked.error);
      return;
    }
    if (!frame) {
      frame = createElement('iframe', 'cifb-frame');
      // Everything is set before the frame enters the document, so its first navigation already has
      // the sandbox and the referrer policy.
      if (current.type === 'website') {
        frame.setAttribute('sandbox', WEBSITE_SANDBOX);
        frame.referrerPolicy = 'no-referrer';
      }
      frame.title = current.title;
      frame.src = checked.url;
      shownUrl = checked.url;
      element.replaceChildren(frame);
      return;
    }
    if (frame.title !== current.title) frame.title = current.title;
    // Setting src again, even to the same URL, navigates the frame: that is the reload refreshTab
    // asks for. A cross-origin frame can't be reloaded through contentWindow.location.
    if (reload || shownUrl !== checked.url) {
      shownUrl = checked.url;
      frame.src = checked.url;
    }
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
    runCleanup();
    element.replaceChildren();
    const renderer = rendererFor(current.type);
    if (!renderer) {
      rendered = false;
      showMessage(`No renderer for tab type ${current.type}`);
      return;
    }
    rendered = true;
    try {
      const result = renderer(current, element);
      if (typeof result === 'function') cleanup = result;
    } catch (error) {
      // A host page's renderer failing must not take the rest of the view down with it.
      console.error(`cif-bridge: the renderer for tab type ${current.type} threw`, error);
      showMessage(`The tab could not be shown (renderer for ${current.type} failed).`);
    }
  }

  function show(current: TabSnapshot, reload: boolean): void {
    if (current.type === 'website' || current.type === 'webresource') loadFrame(current, reload);
    // A tab with no renderer yet is looked at again on each render, in case the page registers one late.
    else if (reload || !started || (!rendered && rendererFor(current.type))) runRenderer(current);
  }

  return {
    element,

    update(current) {
      if (destroyed) return;
      // The first update shows the content: by then the caller has inserted the element, so a
      // renderer gets an element that is in the document and can measure it.
      if (!started) {
        refreshCount = current.refreshCount;
        show(current, false);
        started = true;
        return;
      }
      const reload = current.refreshCount > refreshCount;
      refreshCount = current.refreshCount;
      show(current, reload);
    },

    destroy() {
      if (destroyed) return;
      destroyed = true;
      runCleanup();
    },
  };
}

/** A `website` URL: any http or https URL (relative ones resolve against the page). */
function checkWebsiteUrl(value: unknown): UrlCheck {
  const parsed = parseUrl(value);
  if ('error' in parsed) return parsed;
  if (parsed.url.protocol !== 'http:' && parsed.url.protocol !== 'https:') {
    return { error: `Refused to open ${String(value)}: a website tab only opens http and https URLs.` };
  }
  return { url: parsed.url.href };
}

/** A `webresource` URL: only on the page's own origin, which is what makes it a web resource. */
function checkWebresourceUrl(value: unknown): UrlCheck {
  const parsed = parseUrl(value);
  if ('error' in parsed) return parsed;
  // javascript: and data: URLs have the opaque origin "null", so this refuses them too.
  if (parsed.url.origin !== location.origin) {
    return { error: `Refused to open ${String(value)}: a webresource tab only opens URLs on ${location.origin}.` };
  }
  return { url: parsed.url.href };
}

function parseUrl(value: unknown): { url: URL } | { error: string } {
  if (typeof value !== 'string' || value.trim() === '') return { error: 'This tab has no URL to open.' };
  try {
    return { url: new URL(value, location.href) };
  } catch {
    return { error: `Refused to open ${value}: it is not a valid URL.` };
  }
}
