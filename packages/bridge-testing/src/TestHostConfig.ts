import type { JsonValue, NotificationTemplate, PresenceConfig, SessionTemplate, TabTemplate } from '@cif-bridge/host';
import type { RecordSeed } from '@cif-bridge/records';
import { BridgeError, BridgeErrorCode } from '@cif-bridge/host';

/**
 * What a test host is configured with: the `host.json` of `cif-bridge-host --config`, and the options
 * of the Playwright fixture's `cifHost.load`. Every field is optional. With no template list at all,
 * the host runs in development mode: a template a widget names is created, plain, the first time.
 */
export interface TestHostConfig {
  /** Session templates widgets may open (see `createHost` of `@cif-bridge/host`). */
  sessionTemplates?: SessionTemplate[];
  /** Tab templates the session templates and `createTab` name. */
  tabTemplates?: TabTemplate[];
  /** Notification templates for `notifyEvent`. */
  notificationTemplates?: NotificationTemplate[];
  /** What `getEnvironment` answers. */
  environment?: { [key: string]: JsonValue };
  /** The presences the agent can be in, the first at start. Default: the host's five. */
  presences?: PresenceConfig[];
  /** Records of the embedded record store, such as `{ entities: [{ logicalName: 'contact', … }] }`. */
  records?: RecordSeed;
}

/** The fields of {@link TestHostConfig}, and what each must be. */
const FIELDS: Record<keyof TestHostConfig, 'array' | 'object'> = {
  sessionTemplates: 'array',
  tabTemplates: 'array',
  notificationTemplates: 'array',
  environment: 'object',
  presences: 'array',
  records: 'object',
};

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the shape of a test host configuration, so that a mistake is reported when the host starts,
 * naming the field: an unknown field, a list that is not an array, a template without a `name`.
 * The host checks each template's own fields again when the page starts, and the page shows that
 * error (naming the field) if there is one.
 *
 * @param value - the parsed JSON, not trusted to be an object.
 * @param source - where it came from, for the message (a file name, or `cifHost.load`).
 * @returns the configuration, as given.
 * @throws BridgeError `INVALID_INPUT` naming `source` and the field, saying what to fix.
 */
export function readTestHostConfig(value: unknown, source: string): TestHostConfig {
  const fail = (problem: string): never => {
    throw new BridgeError(BridgeErrorCode.INVALID_INPUT, `${source}: ${problem}`);
  };
  if (!isObject(value)) return fail('the configuration must be a JSON object such as { "sessionTemplates": [] }.');
  for (const [key, member] of Object.entries(value)) {
    const kind = (FIELDS as Record<string, 'array' | 'object' | undefined>)[key];
    if (kind === undefined) {
      fail(`unknown field "${key}"; the fields are ${Object.keys(FIELDS).join(', ')}.`);
    } else if (member === undefined) {
      continue;
    } else if (kind === 'array') {
      if (!Array.isArray(member)) fail(`${key} must be an array.`);
      (member as unknown[]).forEach((item, index) => {
        if (!isObject(item)) fail(`${key}[${index}] must be an object.`);
        const name = key === 'presences' ? 'id' : 'name';
        const id = (item as { [key: string]: unknown })[name];
        if (typeof id !== 'string' || id === '') fail(`${key}[${index}].${name} must be a non-empty string.`);
      });
    } else if (!isObject(member)) {
      fail(`${key} must be an object.`);
    }
  }
  const records = value['records'];
  if (isObject(records) && !Array.isArray(records['entities'])) {
    fail('records.entities must be an array of entities, each { logicalName, primaryIdAttribute, rows }.');
  }
  return value as TestHostConfig;
}
