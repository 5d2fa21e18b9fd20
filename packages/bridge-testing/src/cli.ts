#!/usr/bin/env node
/*
 * `cif-bridge-host`: serves a local agent desk for one CIF widget (see readCliArguments.ts for the
 * options). It runs until Ctrl-C.
 */
import { readFile } from 'node:fs/promises';
import { readCliArguments, USAGE } from './readCliArguments.js';
import { startTestHost } from './startTestHost.js';
import type { TestHostConfig } from './TestHostConfig.js';
import { BridgeError, BridgeErrorCode } from '@cif-bridge/host';

/** Reads a JSON file; the error names the file and what is wrong with it. */
async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BridgeError(
      BridgeErrorCode.INVALID_INPUT,
      `${what} ${file}: can't read it (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BridgeError(
      BridgeErrorCode.INVALID_INPUT,
      `${what} ${file}: not JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

async function main(): Promise<void> {
  const args = readCliArguments(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  const config = (args.config === undefined ? {} : await readJson(args.config, '--config')) as TestHostConfig;
  if (args.records !== undefined) {
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new BridgeError(
        BridgeErrorCode.INVALID_INPUT,
        `--config ${args.config ?? ''}: the configuration must be a JSON object.`,
      );
    }
    config.records = (await readJson(args.records, '--records')) as TestHostConfig['records'];
  }
  const host = await startTestHost({ port: args.port });
  try {
    host.desk(args.widget, config, args.config ?? 'cif-bridge-host');
  } catch (error) {
    await host.close();
    throw error;
  }
  console.log(`cif-bridge test host for ${args.widget}`);
  console.log(`  desk:    ${host.origin}/`);
  console.log(`  drop-in: ${host.origin}/webresources/Widget/msdyn_ciLibrary.js (data-crmurl="${host.origin}")`);
  if (config.sessionTemplates === undefined && config.tabTemplates === undefined) {
    console.log('  development mode: no templates configured, so a template a widget names is created the first time.');
  }
  console.log('Press Ctrl-C to stop.');
  const stop = (): void => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  const hint = code === 'EADDRINUSE' ? ' (the port is taken: pass another with --port)' : '';
  console.error(`cif-bridge-host: ${error instanceof Error ? error.message : String(error)}${hint}`);
  process.exit(1);
});
