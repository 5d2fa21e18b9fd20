/**
 * Finds a Chromium for Playwright, installing Debian's when there is none and we may.
 *
 *   node scripts/findChromium.mjs     ensure a browser and print its path (exit 1 with a reason if none)
 *
 * Order:
 * 1. Playwright's own Chromium, when `npx playwright install chromium` has put it on disk.
 * 2. Debian's `/usr/bin/chromium`. (`npx playwright install` can't download on machines whose only
 *    way out is the npm registry and Debian's mirrors, so this is the usual case here.)
 * 3. As root on Debian: `apt-get update && apt-get install -y chromium`, then 2.
 * 4. Otherwise a clear error saying what to install.
 *
 * Everything is synchronous so that `playwright.config.ts` can call it while the config loads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';

/** Where Debian's `chromium` package puts its launcher. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** @returns {string | undefined} Playwright's own Chromium, if it is installed. */
function playwrightChromium() {
  try {
    const executable = chromium.executablePath();
    return executable && existsSync(executable) ? executable : undefined;
  } catch {
    // Playwright throws on platforms it has no build for.
    return undefined;
  }
}

/**
 * Returns the path of a Chromium executable that Playwright can launch.
 * @param {{ install?: boolean, log?: (line: string) => void }} [options]
 *   `install: false` only looks (no apt-get); `log` receives progress lines (default: stderr).
 * @returns {string}
 * @throws {Error} when no Chromium is found and none can be installed.
 */
export function findChromium({ install = true, log = (line) => console.error(line) } = {}) {
  const own = playwrightChromium();
  if (own) return own;
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (install && isRoot && hasApt) {
    log("findChromium: no Chromium found; installing Debian's chromium with apt-get (takes a minute)");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    // stdout goes to stderr so that the CLI's stdout stays just the path.
    /** @type {import('node:child_process').StdioOptions} */
    const stdio = ['ignore', process.stderr, process.stderr];
    execFileSync('apt-get', ['update'], { env, stdio });
    execFileSync('apt-get', ['install', '-y', 'chromium'], { env, stdio });
    if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
    throw new Error(`findChromium: apt-get installed chromium but ${DEBIAN_CHROMIUM} is still missing`);
  }

  const why = !install
    ? 'installing was not allowed here'
    : !hasApt
      ? 'this is not a Debian machine (no apt-get)'
      : 'installing needs root';
  throw new Error(
    `findChromium: no Chromium found (${why}). Install one of: Playwright's Chromium ` +
      `(npx playwright install chromium), or Debian's (apt-get install chromium, giving ${DEBIAN_CHROMIUM}).`,
  );
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  try {
    console.log(findChromium());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
