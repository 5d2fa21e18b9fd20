import type { PresenceConfig } from './AgentPresence.js';
import { assign, createElement } from './createElement.js';

/** The default UI's presence picker: a labelled `<select>` of the host's presences. */
export interface PresencePicker {
  /** The picker's element, to place in the page; hidden while the controller has no presence. */
  readonly element: HTMLElement;
  /** Shows `presence` (the current id and the list), or hides the picker for undefined. */
  update(presence: { current: string; presences: readonly PresenceConfig[] } | undefined): void;
}

/**
 * Creates the presence picker. Presence texts come from the host page's configuration and are shown
 * with `textContent`; a presence's color is offered to the stylesheet as a `data-presence` id on the
 * picker, since the view writes no `style` attribute.
 *
 * @param onPick - The agent picked a presence, by id.
 */
export function createPresencePicker(onPick: (id: string) => void): PresencePicker {
  const select = createElement('select', 'cifb-presence-select', [], { 'aria-label': 'Presence' });
  const element = createElement('label', 'cifb-presence', [
    createElement('span', 'cifb-presence-label', 'Presence'),
    select,
  ]);
  select.onchange = () => onPick(select.value);
  /** The ids and texts shown, so that a render that changes nothing rebuilds no option. */
  let shown = '';

  return {
    element,
    update(presence) {
      assign(element, 'hidden', presence === undefined);
      if (presence === undefined) return;
      const key = JSON.stringify(presence.presences.map((p) => [p.id, p.text]));
      if (key !== shown) {
        shown = key;
        select.replaceChildren(...presence.presences.map((p) => createElement('option', '', p.text, { value: p.id })));
      }
      assign(select, 'value', presence.current);
      element.dataset.presence = presence.current;
    },
  };
}
