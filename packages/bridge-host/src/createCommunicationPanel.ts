import { createElement, setHidden } from './createElement.js';
import type { ProviderView } from './HostViewController.js';
import { uniqueId } from './uniqueId.js';

/** The communication panel of the default UI: each provider's frame under its label. */
export interface CommunicationPanel {
  /** The panel element, to place in the page. */
  readonly element: HTMLElement;
  /** Shows `providers` in the panel's current mode and width. */
  update(providers: readonly ProviderView[], panel: { mode: 0 | 1 | 2; width: number }): void;
  /**
   * Removes the panel and its listeners. Provider frames go back where they were before the panel
   * took them, or are left detached. Safe to call twice.
   */
  destroy(): void;
}

/** One provider's section, and where its frame was before the panel adopted it. */
interface ProviderSection {
  root: HTMLElement;
  label: HTMLElement;
  frame: HTMLIFrameElement;
  /** The frame's parent and next sibling before the panel adopted it; null when it was detached. */
  origin: { parent: ParentNode; next: Node | null } | null;
}

/**
 * Creates the communication panel.
 *
 * Modes (CIF `setMode`): 1 docked shows the frames at the panel width; 0 minimized shows a narrow
 * strip with a button to dock it again; 2 hidden shows nothing. Whatever the mode, the frames stay in
 * the document: taking an iframe out of it, or moving it, reloads the widget and drops its call or
 * chat. Hiding uses `hidden`, and keeps them attached.
 *
 * @param onSetMode - The agent asked for another mode.
 */
export function createCommunicationPanel(onSetMode: (mode: 0 | 1) => void): CommunicationPanel {
  const panel = createElement('aside', 'cifb-panel');
  panel.setAttribute('aria-label', 'Communication panel');

  const strip = createElement('div', 'cifb-panel-strip');
  const dock = createElement('button', 'cifb-icon-button', '‹');
  dock.type = 'button';
  dock.setAttribute('aria-label', 'Dock communication panel');
  dock.title = 'Dock communication panel';
  const stripLabels = createElement('div', 'cifb-panel-strip-labels');
  strip.append(dock, stripLabels);

  const header = createElement('div', 'cifb-panel-header');
  const heading = createElement('span', 'cifb-panel-title', 'Communication');
  const minimize = createElement('button', 'cifb-icon-button', '›');
  minimize.type = 'button';
  minimize.setAttribute('aria-label', 'Minimize communication panel');
  minimize.title = 'Minimize communication panel';
  header.append(heading, minimize);

  const body = createElement('div', 'cifb-panel-body');
  panel.append(strip, header, body);

  const listeners = new AbortController();
  dock.addEventListener('click', () => onSetMode(1), { signal: listeners.signal });
  minimize.addEventListener('click', () => onSetMode(0), { signal: listeners.signal });

  const sections = new Map<string, ProviderSection>();
  let destroyed = false;

  function adopt(section: ProviderSection, frame: HTMLIFrameElement): void {
    const parent = frame.parentNode;
    section.frame = frame;
    section.origin = parent ? { parent, next: frame.nextSibling } : null;
    section.root.append(frame);
  }

  function release(section: ProviderSection): void {
    const { frame, origin } = section;
    // The frame is the model's: only touch it if it is still where the panel put it.
    if (frame.parentNode !== section.root) return;
    if (origin && origin.parent.isConnected) {
      const next = origin.next && origin.next.parentNode === origin.parent ? origin.next : null;
      origin.parent.insertBefore(frame, next);
    } else {
      frame.remove();
    }
  }

  return {
    element: panel,

    update(providers, { mode, width }) {
      if (destroyed) return;
      const wanted = new Set(providers.map((provider) => provider.name));
      for (const [name, section] of sections) {
        if (wanted.has(name)) continue;
        release(section);
        section.root.remove();
        sections.delete(name);
      }
      for (const provider of providers) {
        let section = sections.get(provider.name);
        if (!section) {
          const root = createElement('section', 'cifb-provider');
          const label = createElement('h2', 'cifb-provider-label');
          label.id = uniqueId('provider');
          root.setAttribute('aria-labelledby', label.id);
          root.append(label);
          section = { root, label, frame: provider.frame, origin: null };
          sections.set(provider.name, section);
          // Sections are only ever appended, never reordered: reordering would move the frames.
          body.append(root);
          adopt(section, provider.frame);
        } else if (section.frame !== provider.frame) {
          release(section);
          adopt(section, provider.frame);
        }
        if (section.label.textContent !== provider.label) section.label.textContent = provider.label;
      }
      const labels = providers.map((provider) => provider.label).join(' · ');
      if (stripLabels.textContent !== labels) stripLabels.textContent = labels;

      setHidden(panel, mode === 2);
      panel.classList.toggle('cifb-panel--docked', mode === 1);
      panel.classList.toggle('cifb-panel--minimized', mode === 0);
      setHidden(strip, mode !== 0);
      setHidden(header, mode !== 1);
      setHidden(body, mode !== 1);
      // A CSSOM property write, which a CSP without 'unsafe-inline' allows (a style attribute it doesn't).
      const docked = mode === 1 && Number.isFinite(width) && width > 0;
      const panelWidth = docked ? `${Math.round(width)}px` : '';
      if (panel.style.width !== panelWidth) panel.style.width = panelWidth;
    },

    destroy() {
      if (destroyed) return;
      destroyed = true;
      listeners.abort();
      for (const section of sections.values()) release(section);
      sections.clear();
      panel.remove();
    },
  };
}
