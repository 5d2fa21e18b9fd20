import { test, expect } from '@playwright/test';
import { BridgeErrorCode } from '@cif-bridge/protocol';
import type { TraceEntry } from '../../src/HostTrace.js';
import { inspectorRow, matches, type InspectorFilter } from '../../src/inspectorRow.js';

/* The call inspector's model: the text of each column of an entry, and what its filters let through. */

const time = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();
const resolved: TraceEntry = {
  kind: 'call',
  time,
  provider: 'softphone',
  method: 'createSession',
  correlationId: 'Corr-1',
  args: [],
  durationMs: 1.234,
  outcome: 'resolved',
};
const rejected: TraceEntry = { ...resolved, outcome: 'rejected', code: BridgeErrorCode.TEMPLATE_NOT_FOUND };
const queued: TraceEntry = { kind: 'event', time, provider: 'chat', name: 'onmodechanged', delivered: false };
const hello: TraceEntry = { kind: 'handshake', time, provider: 'chat', origin: 'https://w.example', clientId: 'c-9' };
const stranger: TraceEntry = { kind: 'refused', time, origin: 'https://evil.example', reason: 'no' };
const madeUp: TraceEntry = { kind: 'development', time, provider: 'chat', templateKind: 'tab', name: 'notes' };
const any: InspectorFilter = { provider: '', method: '', outcome: '', search: '' };

test('each kind of entry becomes a row of text', () => {
  expect(inspectorRow(resolved)).toEqual({
    time: '03:04:05.006',
    kind: 'call',
    provider: 'softphone',
    method: 'createSession',
    correlationId: 'Corr-1',
    outcome: 'resolved',
    duration: '1.2 ms',
    note: '',
  });
  expect(inspectorRow(rejected).outcome).toBe('TEMPLATE_NOT_FOUND');
  // A call answered at once is not timed.
  const { durationMs: _timed, ...atOnce } = resolved as Extract<TraceEntry, { kind: 'call' }>;
  expect(inspectorRow(atOnce).duration).toBe('at once');
  expect(inspectorRow(queued)).toMatchObject({ provider: 'chat', method: 'onmodechanged', outcome: 'queued' });
  expect(inspectorRow(hello)).toMatchObject({ method: 'hello', correlationId: 'c-9', outcome: 'connected' });
  expect(inspectorRow(stranger)).toMatchObject({ provider: '', method: 'hello', outcome: 'refused', duration: '' });
  // A made-up template says where it belongs, in the row and, as a sentence, in the details.
  expect(inspectorRow(madeUp)).toEqual({
    time: '03:04:05.006',
    kind: 'development',
    provider: 'chat',
    method: 'notes',
    correlationId: '',
    outcome: 'made up tab template: add it to tabTemplates',
    duration: '',
    note:
      'Development mode made up the tab template "notes" because the widget named it. A real desk would have ' +
      'refused the call with TEMPLATE_NOT_FOUND: add "notes" to tabTemplates.',
  });
});

test('the filters: provider and method exactly, a rejected call by "rejected" or its code, correlationId in any case', () => {
  const pass = (entry: TraceEntry, filter: Partial<InspectorFilter>): boolean =>
    matches(entry, inspectorRow(entry), { ...any, ...filter });
  expect([resolved, rejected, queued, hello, stranger].every((entry) => pass(entry, {}))).toBe(true);
  expect(pass(rejected, { outcome: 'rejected' })).toBe(true);
  expect(pass(resolved, { outcome: 'rejected' })).toBe(false);
  expect(pass(queued, { outcome: 'queued' })).toBe(true);
  expect(pass(resolved, { provider: 'chat' })).toBe(false);
  expect(pass(resolved, { method: 'createSession', search: 'corr' })).toBe(true);
  expect(pass(resolved, { search: 'corr-2' })).toBe(false);
  expect(pass(stranger, { search: 'x' })).toBe(false);
  expect(pass(madeUp, {})).toBe(true);
  expect(pass(madeUp, { outcome: 'made up' })).toBe(true);
  expect(pass(resolved, { outcome: 'made up' })).toBe(false);
  expect(pass(madeUp, { method: 'notes', provider: 'chat' })).toBe(true);
});
