import { invalidInput } from './invalidInput.js';
import { MAX_PRESENCE_TEXT_LENGTH, MAX_PRESENCES, tooLong } from './limits.js';

/** One presence the agent can be in, as `createHost({ presences })` lists it. */
export interface PresenceConfig {
  /** Unique id, such as `available`; `onPresenceChange` carries it as `presenceId`. */
  id: string;
  /** What the agent and widgets see, such as `Available`; CIF's `setPresence` takes it. */
  text: string;
  /** A CSS color for the presence, such as `#2e7d32`; `presenceColor` is empty without one. */
  color?: string;
}

/** The agent's presence as `onPresenceChange` carries it in `presenceInfo`. */
export interface PresenceInfo {
  /** The presence's id. */
  presenceId: string;
  /** The presence's text. */
  presenceText: string;
  /** The presence's color, or an empty string when it has none. */
  presenceColor: string;
}

/** The presences a host offers when its options list none: the usual ones of a contact centre. */
export const DEFAULT_PRESENCES: readonly PresenceConfig[] = /* @__PURE__ */ Object.freeze([
  { id: 'available', text: 'Available', color: '#2e7d32' },
  { id: 'busy', text: 'Busy', color: '#c62828' },
  { id: 'dnd', text: 'Do not disturb', color: '#8e0000' },
  { id: 'away', text: 'Away', color: '#f9a825' },
  { id: 'offline', text: 'Offline', color: '#757575' },
]);

/** A string of at most {@link MAX_PRESENCE_TEXT_LENGTH} characters, else `INVALID_INPUT` naming `field`. */
function readText(value: unknown, field: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === '')) {
    throw invalidInput(`${field} must be a non-empty string.`);
  }
  if (value.length > MAX_PRESENCE_TEXT_LENGTH) {
    throw invalidInput(tooLong(field, value.length, MAX_PRESENCE_TEXT_LENGTH, 'Use a shorter one.'));
  }
  return value;
}

/** Checks `createHost({ presences })` and returns a frozen copy. */
function readPresences(value: unknown): readonly PresenceConfig[] {
  const fail = (problem: string): never => {
    throw invalidInput(`createHost: presences ${problem}`);
  };
  if (!Array.isArray(value) || value.length === 0) fail('must list at least one presence: [{ id, text, color? }].');
  const list = value as unknown[];
  if (list.length > MAX_PRESENCES) fail(`has ${list.length} entries; the limit is ${MAX_PRESENCES}.`);
  const ids = new Set<string>();
  const texts = new Set<string>();
  return Object.freeze(
    list.map((entry, index) => {
      if (typeof entry !== 'object' || entry === null)
        return fail(`[${index}] must be an object { id, text, color? }.`);
      const { id, text, color } = entry as Record<string, unknown>;
      const presence: PresenceConfig = {
        id: readText(id, `presences[${index}].id`),
        text: readText(text, `presences[${index}].text`),
      };
      if (color !== undefined) presence.color = readText(color, `presences[${index}].color`);
      if (ids.has(presence.id)) fail(`has the id "${presence.id}" twice; ids must be unique.`);
      if (texts.has(presence.text.toLowerCase())) fail(`has the text "${presence.text}" twice; texts must be unique.`);
      ids.add(presence.id);
      texts.add(presence.text.toLowerCase());
      return Object.freeze(presence);
    }),
  );
}

/**
 * The agent's presence, which the host keeps: one of a configured list, the first at start. Widgets
 * set it with CIF `setPresence(text)` and read it with `getPresence()`; the agent sets it in the
 * default UI's picker, and the host page with `host.setPresence`. Plain TypeScript with no DOM, so it
 * runs in unit tests; the host raises `onPresenceChange` to every provider from its listener.
 */
export class AgentPresence {
  readonly #presences: readonly PresenceConfig[];
  readonly #onChange: (info: PresenceInfo, setBy: string | null) => void;
  #current: PresenceConfig;

  /**
   * @param presences - the list (default {@link DEFAULT_PRESENCES}); checked here.
   * @param onChange - called after each change with the new presence and who set it (a provider's
   *   name, or null for the agent or the host page).
   * @throws BridgeError `INVALID_INPUT` when the list is wrong; the message says what to fix.
   */
  constructor(
    presences: unknown = DEFAULT_PRESENCES,
    onChange: (info: PresenceInfo, setBy: string | null) => void = () => undefined,
  ) {
    this.#presences = readPresences(presences);
    this.#current = this.#presences[0] as PresenceConfig;
    this.#onChange = onChange;
  }

  /** Every presence the agent can be in, in configured order (a fresh copy). */
  list(): PresenceConfig[] {
    return this.#presences.map((presence) => ({ ...presence }));
  }

  /** The agent's presence now. */
  current(): PresenceInfo {
    return info(this.#current);
  }

  /**
   * Sets the agent's presence by its text (as CIF's `setPresence` passes it, in any letter case) or
   * its id. Setting the presence the agent is already in changes nothing and raises nothing.
   *
   * @param textOrId - a presence's text or id.
   * @param setBy - the provider that set it, or null for the agent or the host page.
   * @returns the presence now.
   * @throws BridgeError `INVALID_INPUT` for a presence that is not on the list; the message lists them.
   */
  set(textOrId: unknown, setBy: string | null = null): PresenceInfo {
    const wanted = readText(textOrId, 'the presence');
    const found =
      this.#presences.find((p) => p.text === wanted || p.id === wanted) ??
      this.#presences.find((p) => p.text.toLowerCase() === wanted.toLowerCase());
    if (found === undefined) {
      const known = this.#presences.map((p) => JSON.stringify(p.text)).join(', ');
      throw invalidInput(`unknown presence ${JSON.stringify(wanted)}. This host knows: ${known}.`);
    }
    if (found !== this.#current) {
      this.#current = found;
      this.#onChange(info(found), setBy);
    }
    return info(found);
  }
}

function info(presence: PresenceConfig): PresenceInfo {
  return { presenceId: presence.id, presenceText: presence.text, presenceColor: presence.color ?? '' };
}
