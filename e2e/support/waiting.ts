/**
 * Waiting in the e2e tests: for a widget to have seen everything before now.
 *
 * "Nothing arrived" is checked without waiting: a widget's events and its call replies share one
 * port, in order, so once a call made after the host acted has answered, any event for it is there.
 */
import { type DriverFrame as Frame, expect } from '../driver/test.js';
import { call, cif } from './widgets.js';

/** Waits until a typed widget has seen every call before this one answered (and so every event before it). */
export async function settled(frame: Frame): Promise<void> {
  expect(await call(frame, 'ping')).toEqual({ ok: true, value: null });
}

/** Waits until a CIF widget has seen every call before this one answered (and so every event before it). */
export async function cifSettled(frame: Frame): Promise<void> {
  expect(await cif(frame, 'getMode')).toMatchObject({ ok: true });
}
