import { assign, createElement, entryOf, prune } from './createElement.js';
import type { ProviderView } from './HostViewController.js';
import { uniqueId } from './uniqueId.js';

/** The communication panel of the default UI: each provider's frame under its label. */
export interface CommunicationPanel {
  /** The panel element, to place in the page. */
  readonly element: HTMLElement;
  /** The launcher that brings a hidden panel back, to place in the main area; shown in mode 2 only. */
  readonly launcher: HTMLElement;
  /** Shows `providers` in the panel's current mode and width. */
  update(providers: readonly ProviderView[], panel: { mode: 0 | 1 | 2; width: number }): void;
  /**
   * Removes the panel. Provider frames go back where they were before the panel
   * took them, or are left detached. Safe to call twice.
   */
  destroy(): void;
}

/** One provider's section, and where its frame was before the panel adopted it. */
interface ProviderSection {
  root: HTMLElement;
  label: HTMLElement;
  frame: HTMLIFrameElement;
  /** The frame's parent before the panel adopted it; null when it was detached. */
  parent: ParentNode | null;
  /** The frame's next sibling before the panel adopted it. */
  next: Node | null;
}

/**
 * Creates the communication panel.
 *
 * Modes (CIF `setMode`): 1 docked shows the frames at the panel width; 0 minimized shows a narrow
 * strip with a button to dock it again; 2 hidden shows only the launcher, a button (placed by the
 * view, outside the panel) that docks it again, so hidden is never a dead end. Whatever the mode, the frames stay in
 * the document: taking an iframe out of it, or moving it, reloads the widget and drops its call or
 * chat. Hiding uses `hidden` and the stylesheet, and keeps them attached.
 *
 * @param onSetMode - The agent asked for another mode.
 */
export function createCommunicationPanel(onSetMode: (mode: 0 | 1) => void): CommunicationPanel {
  /** A button that asks for `mode`, named by `label` since its text is an arrow. */
  const modeButton = (text: string, label: string, mode: 0 | 1): HTMLButtonElement => {
    const button = createElement('button', 'cifb-icon-button', text, {
      type: 'button',
      'aria-label': label,
      title: label,
    });
    button.onclick = () => onSetMode(mode);
    return button;
  };
  const launcher = createElement('button', 'cifb-panel-launcher', 'Communication', {
    type: 'button',
    'aria-label': 'Show communication panel',
    title: 'Show communication panel',
  });
  launcher.onclick = () => onSetMode(1);
  const stripLabels = createElement('div', 'cifb-panel-strip-labels');
  const body = createElement('div', 'cifb-panel-body');
  const panel = createElement(
    'aside',
    'cifb-panel',
    [
      createElement('div', 'cifb-panel-strip', [modeButton('‹', 'Dock communication panel', 1), stripLabels]),
      createElement('div', 'cifb-panel-header', [
        createElement('span', 'cifb-panel-title', 'Communication'),
        modeButton('›', 'Minimize communication panel', 0),
      ]),
      body,
    ],
    { 'aria-label': 'Communication panel' },
  );
  const sections = new Map<string, ProviderSection>();

  function adopt(section: ProviderSection, frame: HTMLIFrameElement): void {
    section.frame = frame;
    section.parent = frame.parentNode;
    section.next = frame.nextSibling;
    section.root.append(frame);
  }

  function release({ root, frame, parent, next }: ProviderSection): void {
    // The frame is the model's: only touch it if it is still where the panel put it.
    if (frame.parentNode !== root) return;
    if (parent?.isConnected) parent.insertBefore(frame, next?.parentNode === parent ? next : null);
    else frame.remove();
  }

  return {
    element: panel,
    launcher,

    update(providers, { mode, width }) {
      prune(
        sections,
        providers.map((provider) => provider.name),
        (section) => {
          release(section);
          section.root.remove();
        },
      );
      for (const provider of providers) {
        const section = entryOf(sections, provider.name, () => {
          const label = createElement('h2', 'cifb-provider-label', [], { id: uniqueId() });
          const root = createElement('section', 'cifb-provider', [label], { 'aria-labelledby': label.id });
          const added: ProviderSection = { root, label, frame: provider.frame, parent: null, next: null };
          // Sections are only ever appended, never reordered: reordering would move the frames.
          body.append(root);
          adopt(added, provider.frame);
          return added;
        });
        if (section.frame !== provider.frame) {
          release(section);
          adopt(section, provider.frame);
        }
        assign(section.label, 'textContent', provider.label);
      }
      assign(stripLabels, 'textContent', providers.map((provider) => provider.label).join(' · '));

      // The mode classes show the strip or the header and frames (see the stylesheet).
      assign(panel, 'hidden', mode === 2);
      assign(launcher, 'hidden', mode !== 2);
      panel.classList.toggle('cifb-panel--docked', mode === 1);
      panel.classList.toggle('cifb-panel--minimized', mode === 0);
      // A CSSOM property write, which a CSP without 'unsafe-inline' allows (a style attribute it doesn't).
      const docked = mode === 1 && Number.isFinite(width) && width > 0;
      assign(panel.style, 'width', docked ? `${Math.round(width)}px` : '');
    },

    destroy() {
      // Releasing twice is harmless: a released frame is no longer in its section.
      for (const section of sections.values()) release(section);
      panel.remove();
      launcher.remove();
    },
  };
}
