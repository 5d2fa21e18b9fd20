import { test, expect } from '@playwright/test';
import { BridgeErrorCode } from '@cif-bridge/protocol';
import { AgentPresence, DEFAULT_PRESENCES, type PresenceInfo } from '../../src/AgentPresence.js';
import { thrown } from '../../../../test/unit/thrown.js';

/* The agent's presence the host keeps: the list, the first at start, changes by text or id. */

function setup(presences?: unknown): { presence: AgentPresence; changes: [PresenceInfo, string | null][] } {
  const changes: [PresenceInfo, string | null][] = [];
  const presence = new AgentPresence(presences, (info, setBy) => changes.push([info, setBy]));
  return { presence, changes };
}

test('starts in the first presence of the default list', () => {
  const { presence } = setup();
  expect(presence.list()).toEqual(DEFAULT_PRESENCES);
  expect(presence.current()).toEqual({ presenceId: 'available', presenceText: 'Available', presenceColor: '#2e7d32' });
});

test('sets by text (any letter case) or id, and reports only changes, with who set it', () => {
  const { presence, changes } = setup([
    { id: 'on', text: 'Online', color: 'green' },
    { id: 'off', text: 'Offline' },
  ]);
  expect(presence.set('offline', 'softphone')).toEqual({
    presenceId: 'off',
    presenceText: 'Offline',
    presenceColor: '',
  });
  presence.set('Offline', 'softphone');
  presence.set('on', null);
  expect(changes).toEqual([
    [{ presenceId: 'off', presenceText: 'Offline', presenceColor: '' }, 'softphone'],
    [{ presenceId: 'on', presenceText: 'Online', presenceColor: 'green' }, null],
  ]);
});

test('an unknown presence is INVALID_INPUT listing the known ones, and changes nothing', () => {
  const { presence, changes } = setup();
  const error = thrown(() => presence.set('Lunch'));
  expect(error.code).toBe(BridgeErrorCode.INVALID_INPUT);
  expect(error.message).toBe(
    'unknown presence "Lunch". This host knows: "Available", "Busy", "Do not disturb", "Away", "Offline".',
  );
  expect(thrown(() => presence.set(42)).message).toBe('the presence must be a non-empty string.');
  expect(thrown(() => presence.set('x'.repeat(101))).message).toMatch(
    /^the presence is 101 characters; the limit is 100/,
  );
  expect(presence.current().presenceId).toBe('available');
  expect(changes).toEqual([]);
});

test('a wrong list throws at once, saying what to fix', () => {
  expect(thrown(() => setup([])).message).toBe(
    'createHost: presences must list at least one presence: [{ id, text, color? }].',
  );
  expect(
    thrown(() =>
      setup([
        { id: 'a', text: 'A' },
        { id: 'a', text: 'B' },
      ]),
    ).message,
  ).toBe('createHost: presences has the id "a" twice; ids must be unique.');
  expect(
    thrown(() =>
      setup([
        { id: 'a', text: 'A' },
        { id: 'b', text: 'a' },
      ]),
    ).message,
  ).toBe('createHost: presences has the text "a" twice; texts must be unique.');
  expect(thrown(() => setup([{ id: 'a' }])).message).toBe('presences[0].text must be a non-empty string.');
  expect(thrown(() => setup(Array.from({ length: 51 }, (_, i) => ({ id: `${i}`, text: `${i}` })))).message).toBe(
    'createHost: presences has 51 entries; the limit is 50.',
  );
});
