import type { JsonValue } from '@cif-bridge/protocol';
import { invalidInput } from './invalidInput.js';
import { MAX_ANALYTICS_DATA_LENGTH, MAX_INTERACTION_LOG_ENTRIES } from './limits.js';

/** One `logAnalyticsEvent` as the host recorded it. */
export interface InteractionLogEntry {
  /** The event's name, as the widget gave it. */
  eventName: string;
  /** The widget's data, as fresh JSON. */
  data: JsonValue;
  /** The call's correlationId. */
  correlationId: string;
  /** The provider that logged it. */
  provider: string;
  /**
   * The caller's session it is about: the one `data.sessionId` names when it is the caller's, else the
   * focused session when it is the caller's, else null.
   */
  sessionId: string | null;
  /** That session's conversation, or null. */
  conversationId: string | null;
  /** When the host recorded it, as `Date.now()` milliseconds. */
  timestamp: number;
}

/**
 * The host's interaction log: the analytics events widgets log, newest last, at most
 * {@link MAX_INTERACTION_LOG_ENTRIES} (the oldest goes first). Plain TypeScript with no DOM.
 */
export class InteractionLog {
  readonly #entries: InteractionLogEntry[] = [];
  readonly #onAdd: (entry: InteractionLogEntry) => void;

  /** @param onAdd - called with a copy of each entry once it is recorded. */
  constructor(onAdd: (entry: InteractionLogEntry) => void = () => undefined) {
    this.#onAdd = onAdd;
  }

  /**
   * Records an entry.
   *
   * @throws BridgeError `INVALID_INPUT` when its data's JSON text is over
   *   {@link MAX_ANALYTICS_DATA_LENGTH} characters; nothing is recorded then.
   */
  add(entry: Omit<InteractionLogEntry, 'timestamp'>): void {
    const length = JSON.stringify(entry.data).length;
    if (length > MAX_ANALYTICS_DATA_LENGTH) {
      throw invalidInput(
        `data is ${length} characters of JSON, over the limit of ${MAX_ANALYTICS_DATA_LENGTH} for one analytics event; log less, or split it into several events.`,
      );
    }
    const recorded: InteractionLogEntry = { ...structuredClone(entry), timestamp: Date.now() };
    this.#entries.push(recorded);
    if (this.#entries.length > MAX_INTERACTION_LOG_ENTRIES) this.#entries.shift();
    this.#onAdd(structuredClone(recorded));
  }

  /** The entries, oldest first (a fresh copy). */
  list(): InteractionLogEntry[] {
    return structuredClone(this.#entries);
  }
}
