/** Payload of `click-to-act`, as `onclicktoact` hands it to widgets. */
export interface ClickToActPayload {
  /** The value to act on, such as a phone number. */
  value: string;
  /** The field's name. */
  name: string;
  /** The field's format, such as `phone`. */
  format: string;
  /** The record's entity, such as `contact`. */
  entityLogicalName: string;
  /** The record's id. */
  entityId: string;
  /** The record's title. */
  recordTitle: string;
}
