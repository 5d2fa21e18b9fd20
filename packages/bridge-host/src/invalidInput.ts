import { BridgeError, BridgeErrorCode } from '@cif-bridge/protocol';

/**
 * The `INVALID_INPUT` error every host check throws. The message names the field and says what it
 * must be; a widget call's method name is put in front by createProviderApi.
 *
 * @param message - what is wrong and what to fix.
 */
export function invalidInput(message: string): BridgeError {
  return new BridgeError(BridgeErrorCode.INVALID_INPUT, message);
}
