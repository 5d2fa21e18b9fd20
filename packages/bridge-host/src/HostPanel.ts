import { invalidInput } from './invalidInput.js';
import type { TemplatePanel } from './templatePanel.js';

/** The communication panel: mode (0 minimized, 1 docked, 2 hidden) and width in pixels. */
export interface PanelState {
  mode: 0 | 1 | 2;
  width: number;
}

/** CIF ignores a panel width under 300 px: `setWidth` with less leaves the width as it is. */
const MIN_WIDTH = 300;

/**
 * Room the panel always leaves beside it, in pixels: the default UI's session list (240 px, its
 * `--cifb-sidebar-width`) and at least as much again for the open tab, so a widget can't push the
 * sessions and tabs out of view. A headless host keeps the same room within the window.
 */
const PANEL_LAYOUT_ROOM = 480;

/**
 * The communication panel's state: its mode and width, checked as CIF checks them. It holds no DOM
 * (the container is only measured); the host says what a change raises.
 */
export class HostPanel {
  readonly #panel: PanelState;
  /** The panel mode and width a session template asks for when its session opens. */
  readonly #templatePanel: (templateName: string) => TemplatePanel;
  readonly #container: HTMLElement | undefined;
  /** Called after a field changed, with the widget event that announces it and the new value. */
  readonly #onChange: (event: string, value: number) => void;

  /**
   * @param width - the width at start (default 340; never under CIF's 300).
   * @param container - the element the default UI renders in, measured for the widest panel.
   * @param templatePanel - the panel mode and width of a session template, by its name.
   * @param onChange - told each change, after the state holds it.
   */
  constructor(
    width: number | undefined,
    container: HTMLElement | undefined,
    templatePanel: (templateName: string) => TemplatePanel,
    onChange: (event: string, value: number) => void,
  ) {
    this.#panel = { mode: 1, width: Math.max(MIN_WIDTH, width ?? 340) };
    this.#container = container;
    this.#templatePanel = templatePanel;
    this.#onChange = onChange;
  }

  /** Sets the panel mode (0 minimized, 1 docked, 2 hidden); a change raises `onmodechanged`. */
  setMode(mode: 0 | 1 | 2): void {
    if (mode !== 0 && mode !== 1 && mode !== 2) {
      throw invalidInput(`mode must be 0 (minimized), 1 (docked) or 2 (hidden), not ${JSON.stringify(mode)}.`);
    }
    this.#setPanel('mode', mode, 'onmodechanged');
  }

  /**
   * Sets the panel width in pixels; a change raises `onsizechanged`. Under 300 is ignored, as in
   * CIF; a width wider than the layout has room for is clamped to {@link HostPanel.maxPanelWidth}.
   */
  setWidth(width: number): void {
    if (typeof width !== 'number' || !Number.isFinite(width)) {
      throw invalidInput(`width must be a finite number of pixels, not ${JSON.stringify(width)}.`);
    }
    if (width >= MIN_WIDTH) this.#setPanel('width', Math.min(width, this.maxPanelWidth()), 'onsizechanged');
  }

  /**
   * The widest panel that fits the host's layout now: the container's width (a headless host: the
   * window's) minus room for the sessions and the open tab, and never under CIF's minimum of 300.
   */
  maxPanelWidth(): number {
    // A container that is not laid out yet (display: none) measures 0; the window still bounds it.
    const available = this.#container?.clientWidth || globalThis.innerWidth || Infinity;
    return Math.max(MIN_WIDTH, available - PANEL_LAYOUT_ROOM);
  }

  /** The communication panel: mode (0 minimized, 1 docked, 2 hidden) and width in pixels. */
  getPanel(): PanelState {
    return { ...this.#panel };
  }

  /** Applies the panel mode and width of a session template, as Dynamics does when its session opens. */
  applyTemplatePanel(templateName: string): void {
    const { mode, width } = this.#templatePanel(templateName);
    if (width !== undefined) this.setWidth(width);
    if (mode !== undefined) this.setMode(mode);
  }

  /** Sets a panel field, and when it changed, tells the host which event to raise. */
  #setPanel<K extends keyof PanelState>(key: K, value: PanelState[K], event: string): void {
    if (this.#panel[key] === value) return;
    this.#panel[key] = value;
    this.#onChange(event, value);
  }
}
