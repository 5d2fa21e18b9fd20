import { parseArgs } from 'node:util';
import { BridgeError, BridgeErrorCode } from '@cif-bridge/host';

/** What `cif-bridge-host` was asked to do. */
export interface CliArguments {
  /** The widget's URL (`--widget`). */
  widget: string;
  /** The host configuration file (`--config`), if any. */
  config?: string;
  /** The record seed file (`--records`), if any. */
  records?: string;
  /** The port on 127.0.0.1 (`--port`). */
  port: number;
}

/** The port `cif-bridge-host` listens on without `--port`. */
export const DEFAULT_PORT = 4280;

/** How to call `cif-bridge-host`, for `--help` and for every usage error. */
export const USAGE = `Usage: cif-bridge-host --widget <url> [--config host.json] [--records seed.json] [--port ${DEFAULT_PORT}]

Serves an agent desk on http://127.0.0.1:<port>/ that runs the CIF widget at <url>, trusts its origin,
and serves the Microsoft.CIFramework drop-in at /webresources/Widget/msdyn_ciLibrary.js.
  --widget   the widget's URL (http or https)
  --config   JSON with sessionTemplates, tabTemplates, notificationTemplates, environment, presences;
             without session and tab templates, templates are made up the first time a widget names one
  --records  JSON seed of the embedded record store: { "entities": [ ... ] }
  --port     port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 for any free port)`;

/**
 * Reads `cif-bridge-host`'s command line.
 * @param argv - the arguments after the program name.
 * @returns the arguments, or `'help'` for `--help`.
 * @throws BridgeError `INVALID_INPUT` saying what is wrong, followed by {@link USAGE}.
 */
export function readCliArguments(argv: string[]): CliArguments | 'help' {
  const fail = (problem: string): never => {
    throw new BridgeError(BridgeErrorCode.INVALID_INPUT, `${problem}\n\n${USAGE}`);
  };
  let values: { [key: string]: string | boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        widget: { type: 'string' },
        config: { type: 'string' },
        records: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (values['help'] === true) return 'help';
  const widget = values['widget'];
  if (typeof widget !== 'string' || widget === '') return fail('--widget <url> is required.');
  const rawPort = values['port'];
  const port = rawPort === undefined ? DEFAULT_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${String(rawPort)} is not a port number.`);
  const config = values['config'];
  const records = values['records'];
  return {
    widget,
    port,
    ...(typeof config === 'string' ? { config } : {}),
    ...(typeof records === 'string' ? { records } : {}),
  };
}
