import { BridgeError, BridgeErrorCode } from '@cif-bridge/protocol';

/**
 * The error of a query outside the supported subset, or malformed: `INVALID_INPUT`, quoting the
 * part and its position (0-based, in the option's decoded text) so the widget's author can find it.
 * @param option - the query option, such as `$filter`.
 * @param text - the option's text.
 * @param position - where the trouble starts in `text`.
 * @param why - what is wrong, and what would be accepted.
 */
export function queryError(option: string, text: string, position: number, why: string): BridgeError {
  const part = text.slice(position, position + 24);
  return new BridgeError(
    BridgeErrorCode.INVALID_INPUT,
    `${option}: ${why} at position ${position} ('${part}'). Supported: $select, $filter (eq ne gt ge lt le, and or not, ` +
      `parentheses, contains startswith endswith), $search, $orderby, $top, $skip.`,
  );
}
