/**
 * The real OData v4 server the connector's tests run against: SAP CAP serving Dataverse-shaped
 * `accounts`, `contacts` and `phonecalls` at `/api/data/v9.2/` from an in-memory SQLite database
 * (test/odata-server/). It is not part of the root install: the first run installs it with
 * `npm ci --prefix test/odata-server`, which builds SQLite from source (minutes, not seconds).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';

/** The folder of the test server: its model, seed rows, launcher and its own lockfile. */
export const serverFolder = fileURLToPath(new URL('../../../../test/odata-server/', import.meta.url));

/** A running test server. */
export interface ODataServer {
  /** The service root, `http://127.0.0.1:<port>/api/data/v9.2`. */
  serviceUrl: string;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: serverFolder, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

/** Whether a complete install is there: npm writes `node_modules/.package-lock.json` last. */
const installed = (): boolean =>
  existsSync(`${serverFolder}node_modules/.package-lock.json`) &&
  existsSync(`${serverFolder}node_modules/@sap/cds/package.json`);

/**
 * Installs the server from its lockfile when its node_modules is missing. Each spec's workers may
 * ask at once, so one process installs, holding a lock folder that it creates (creating a folder
 * either succeeds or finds it there, atomically), and the others wait for it to finish.
 * @returns how long the install took in seconds, or null when it was there already.
 */
export async function installServer(): Promise<number | null> {
  if (installed()) return null;
  const lock = `${serverFolder}.installing`;
  const started = performance.now();
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another worker installs; a lock older than an install can take was left by a killed run.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 15 * 60_000) await rm(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (installed()) return null;
    }
  }
  try {
    if (installed()) return null;
    await run('npm', ['ci', '--no-audit', '--no-fund', '--prefix', serverFolder]);
    return Math.round((performance.now() - started) / 1000);
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Starts the server on a free loopback port and resolves when it listens. */
export function startServer(): Promise<ODataServer> {
  const child: ChildProcess = spawn(process.execPath, ['serve.mjs'], {
    cwd: serverFolder,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`The OData test server exited ${code}:\n${output}`));
    child.on('error', reject);
    child.once('exit', exited);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Read stdout to its end (CAP logs every request), but look only for the first line we wait for.
    let listening = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (listening) return;
      output += chunk.toString();
      const url = /^listening (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
      if (url === undefined) return;
      listening = true;
      child.off('exit', exited);
      resolve({
        serviceUrl: `${url}/api/data/v9.2`,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin!.end();
          }),
      });
    });
  });
}

/**
 * Starts the server once for the spec that calls this (installing it on the first run of all), and
 * stops it after the spec's last test. Returns a reader of the running server.
 */
export function useODataServer(): () => ODataServer {
  let server: ODataServer | undefined;
  test.beforeAll(async () => {
    // The first run installs the server (SQLite builds from source): give that its own time.
    test.setTimeout(15 * 60_000);
    const seconds = await installServer();
    if (seconds !== null)
      console.log(`OData test server installed in ${seconds} s (npm ci --prefix test/odata-server)`);
    server = await startServer();
  });
  test.afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error('The OData test server is not running.');
    return server;
  };
}
