import { BridgeError } from '@cif-bridge/protocol';

/** Runs `run` and returns the BridgeError it throws; fails the test when it throws nothing or something else. */
export function thrown(run: () => unknown): BridgeError {
  try {
    run();
  } catch (error) {
    if (error instanceof BridgeError) return error;
    throw error;
  }
  throw new Error('expected a BridgeError, but nothing was thrown');
}
