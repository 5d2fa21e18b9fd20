/**
 * Finds the three engines the e2e suite runs in, installs Debian's packages for the missing ones
 * (as root), and starts what WebKit needs: an Xvfb (MiniBrowser has no headless mode) and a
 * WebKitWebDriver on a free port. Every process started here is stopped by its `stop()`, and also
 * when this process exits, fails or gets SIGINT/SIGTERM.
 *
 *   node scripts/browsers.mjs [--install] [chromium,firefox,webkit]
 *       print, per engine, what will be used or why it can't be had; with --install, apt-get the
 *       missing packages first. Exit 1 if an engine is missing and CI=true (a missing engine is a
 *       failure in CI, a note elsewhere).
 *
 * Playwright's own Firefox and WebKit builds can't be downloaded on machines whose only way out is
 * the npm registry and Debian's mirrors, so Debian's engines are used, each with its own driver
 * (see e2e/driver/Driver.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium } from './findChromium.mjs';

/** Debian's Firefox ESR. */
export const FIREFOX = '/usr/bin/firefox-esr';
/** WebKitGTK's test browser (package libwebkit2gtk-4.1-0). */
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/** WebKitGTK's WebDriver server (package webkit2gtk-driver). */
export const WEBKIT_WEBDRIVER = '/usr/bin/WebKitWebDriver';
/** The X server MiniBrowser runs on (package xvfb). */
export const XVFB = '/usr/bin/Xvfb';

/** The engines, in the order they are reported. */
export const ENGINES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);

/** Chromium's flags for a sandbox-less root container whose network is loopback only. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  // Without these, Chromium keeps dialling Google's hosts, which this machine's network refuses.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Which Debian package provides each file an engine needs: `[file, package]` pairs.
 * @type {Record<'firefox' | 'webkit', [file: string, debianPackage: string][]>}
 */
const PACKAGES = {
  firefox: [[FIREFOX, 'firefox-esr']],
  webkit: [
    [WEBKIT_WEBDRIVER, 'webkit2gtk-driver'],
    [MINIBROWSER, 'webkit2gtk-driver'],
    [XVFB, 'xvfb'],
  ],
};

/**
 * @typedef {{ ok: true, engine: string, paths: Record<string, string> }
 *   | { ok: false, engine: string, reason: string }} EngineStatus
 */

/**
 * Looks for an engine's files; with `install`, as root on Debian, apt-gets the missing packages.
 * @param {'chromium' | 'firefox' | 'webkit'} engine
 * @param {{ install?: boolean, log?: (line: string) => void }} [options]
 * @returns {EngineStatus}
 */
export function findEngine(engine, { install = false, log = (line) => console.error(line) } = {}) {
  if (engine === 'chromium') {
    try {
      return { ok: true, engine, paths: { chromium: findChromium({ install, log }) } };
    } catch (error) {
      return { ok: false, engine, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  const missing = () => PACKAGES[engine].filter(([file]) => !existsSync(file));
  if (missing().length > 0 && install) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const hasApt = existsSync('/usr/bin/apt-get');
    if (!isRoot || !hasApt) {
      return {
        ok: false,
        engine,
        reason: `${missing()
          .map(([file]) => file)
          .join(', ')} missing, and installing needs ${hasApt ? 'root' : 'Debian (apt-get)'}`,
      };
    }
    const packages = [...new Set(missing().map(([, name]) => name))];
    log(`browsers: installing ${packages.join(' ')} for ${engine} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    /** @type {import('node:child_process').StdioOptions} */
    const stdio = ['ignore', 2, 2];
    try {
      execFileSync('apt-get', ['update'], { env, stdio });
      execFileSync('apt-get', ['install', '-y', ...packages], { env, stdio });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, engine, reason: `apt-get install ${packages.join(' ')} failed: ${message}` };
    }
  }
  const still = missing();
  if (still.length > 0) {
    return {
      ok: false,
      engine,
      reason: `missing ${still.map(([file, name]) => `${file} (Debian package ${name})`).join(', ')}`,
    };
  }
  return { ok: true, engine, paths: Object.fromEntries(PACKAGES[engine].map(([file]) => [path.basename(file), file])) };
}

// ---- Processes we start, and their cleanup -------------------------------------------------------

/** Process groups started here that are still running. @type {Set<number>} */
const running = new Set();

/**
 * Kills a process group we started (the driver's browser children included).
 * @param {number | undefined} pid
 * @param {NodeJS.Signals} [signal]
 */
function killGroup(pid, signal = 'SIGTERM') {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
  running.delete(pid);
}

let cleanupInstalled = false;
/** On exit (even by a signal or an uncaught error), nothing we started is left behind. */
function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    for (const pid of [...running]) killGroup(pid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      for (const pid of [...running]) killGroup(pid, 'SIGKILL');
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Starts `file` in its own process group, so that stopping it also stops what it started.
 * @param {string} file
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} [options]
 * @returns {import('node:child_process').ChildProcess}
 */
function startGroup(file, args, options = {}) {
  installCleanup();
  const child = spawn(file, args, { detached: true, ...options });
  const { pid } = child;
  if (pid !== undefined) {
    running.add(pid);
    child.once('exit', () => running.delete(pid));
  }
  return child;
}

/** A free TCP port on loopback (free when asked; taken by the caller right away). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts an Xvfb on a display number it picks itself (`-displayfd`), so parallel workers never clash.
 * @returns {Promise<{ display: string, stop(): void }>}
 */
export function startXvfb() {
  return new Promise((resolve, reject) => {
    const child = startGroup(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const fd3 = /** @type {import('node:stream').Readable} */ (child.stdio[3]);
    let out = '';
    fd3.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, stop: () => killGroup(child.pid) });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready: ${stderr.trim()}`)));
  });
}

/**
 * Starts WebKitWebDriver on a free loopback port, with `display` for the MiniBrowsers it launches,
 * and waits until it answers.
 * @param {{ display: string }} options
 * @returns {Promise<{ url: string, stop(): void }>}
 */
export async function startWebKitWebDriver({ display }) {
  const port = await freePort();
  const child = startGroup(WEBKIT_WEBDRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DISPLAY: display },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode}): ${stderr.trim()}`);
    try {
      if ((await fetch(`${url}/status`)).ok) return { url, stop: () => killGroup(child.pid) };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  killGroup(child.pid);
  throw new Error(`WebKitWebDriver did not answer on ${url} within 10 s: ${stderr.trim()}`);
}

/**
 * Which engines `CIF_ENGINES` asks for (comma separated; default all three).
 * @returns {('chromium' | 'firefox' | 'webkit')[]}
 */
export function requestedEngines(env = process.env) {
  const names = (env.CIF_ENGINES ?? ENGINES.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(/** @type {readonly string[]} */ (ENGINES).includes(name)));
  if (unknown.length > 0)
    throw new Error(`CIF_ENGINES: unknown engine(s) ${unknown.join(', ')}; use ${ENGINES.join(',')}`);
  return /** @type {('chromium' | 'firefox' | 'webkit')[]} */ (names);
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const install = process.argv.includes('--install');
  const list = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  const engines = list === undefined ? ENGINES : requestedEngines({ CIF_ENGINES: list });
  let missing = 0;
  for (const engine of engines) {
    const status = findEngine(engine, { install });
    if (status.ok) console.log(`${engine}: ${Object.values(status.paths).join(', ')}`);
    else {
      missing += 1;
      console.log(`${engine}: not available (${status.reason})`);
    }
  }
  if (missing > 0 && process.env.CI === 'true') process.exit(1);
}
