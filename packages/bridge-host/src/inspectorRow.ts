import type { TraceEntry } from './HostTrace.js';

/**
 * One trace entry as the inspector's table shows it: plain text for each column, so the view only
 * writes text, and the filters compare the same words the agent's developer reads.
 */
export interface InspectorRow {
  /** When, as `HH:MM:SS.mmm` in local time. */
  time: string;
  /** `call`, `event`, `handshake`, `refused` or `development`. */
  kind: TraceEntry['kind'];
  /** The provider, or '' for a refused hello from a stranger. */
  provider: string;
  /**
   * The method of a call, the name of an event, `hello` for a handshake or a refused hello, the
   * template's name for a template development mode made up.
   */
  method: string;
  /** The call's correlationId, a handshake's clientId, else ''. */
  correlationId: string;
  /**
   * `resolved` or the error code of a rejected call, `delivered` or `queued` for an event,
   * `connected` for a handshake, `refused` for a refused hello, and for a made-up template what it
   * is and where it belongs (`made up session template: add it to sessionTemplates`).
   */
  outcome: string;
  /** A call's duration (`12.3 ms`), `at once` for a call answered at once (not timed), else ''. */
  duration: string;
  /**
   * A sentence the details show above the entry, for the entries that need one: a made-up template
   * says what a real desk would have done and what to configure. '' for the others.
   */
  note: string;
}

/** The outcomes the outcome filter offers, beside "any". */
export const OUTCOMES = ['resolved', 'rejected', 'delivered', 'queued', 'connected', 'refused', 'made up'] as const;

/** What the inspector's filters hold; '' matches everything. */
export interface InspectorFilter {
  /** A provider's name. */
  provider: string;
  /** A method or event name. */
  method: string;
  /** One of {@link OUTCOMES}. */
  outcome: string;
  /** Part of a correlationId (or clientId), any case. */
  search: string;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** The row of one entry. */
export function inspectorRow(entry: TraceEntry): InspectorRow {
  const at = new Date(entry.time);
  const time = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${String(at.getMilliseconds()).padStart(3, '0')}`;
  const row = {
    time,
    kind: entry.kind,
    provider: '',
    method: 'hello',
    correlationId: '',
    outcome: '',
    duration: '',
    note: '',
  };
  switch (entry.kind) {
    case 'call':
      return {
        ...row,
        provider: entry.provider,
        method: entry.method,
        correlationId: entry.correlationId,
        outcome: entry.outcome === 'resolved' ? 'resolved' : (entry.code ?? 'rejected'),
        duration: entry.durationMs === undefined ? 'at once' : `${entry.durationMs.toFixed(1)} ms`,
      };
    case 'event':
      return {
        ...row,
        provider: entry.provider,
        method: entry.name,
        outcome: entry.delivered ? 'delivered' : 'queued',
      };
    case 'handshake':
      return { ...row, provider: entry.provider, correlationId: entry.clientId, outcome: 'connected' };
    case 'development': {
      const { templateKind, name } = entry;
      const setting = `${templateKind}Templates`;
      return {
        ...row,
        provider: entry.provider,
        method: name,
        outcome: `made up ${templateKind} template: add it to ${setting}`,
        note:
          `Development mode made up the ${templateKind} template "${name}" because the widget named it. ` +
          `A real desk would have refused the call with TEMPLATE_NOT_FOUND: add "${name}" to ${setting}.`,
      };
    }
    default:
      return { ...row, provider: entry.provider ?? '', outcome: 'refused' };
  }
}

/**
 * Whether `entry` (as `row`) passes `filter`. A rejected call matches `rejected` and its own code; a
 * made-up template matches `made up`.
 */
export function matches(entry: TraceEntry, row: InspectorRow, filter: InspectorFilter): boolean {
  const outcomeMatches =
    filter.outcome === '' ||
    row.outcome === filter.outcome ||
    (filter.outcome === 'rejected' && entry.kind === 'call' && entry.outcome === 'rejected') ||
    (filter.outcome === 'made up' && entry.kind === 'development');
  return (
    outcomeMatches &&
    (filter.provider === '' || row.provider === filter.provider) &&
    (filter.method === '' || row.method === filter.method) &&
    (filter.search === '' || row.correlationId.toLowerCase().includes(filter.search.toLowerCase()))
  );
}
