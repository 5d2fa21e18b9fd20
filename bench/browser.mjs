/**
 * What bench/run.mjs and bench/profile.mjs share: building the bench pages' scripts, starting the
 * example servers with cross-origin isolation, serving the bench pages on both origins, and driving
 * one widget block through `window.benchHost` and `window.benchWidget`.
 *
 * The bench pages live in bench/, which examples/serve.mjs does not mount. Rather than add a mount to
 * the servers for a tool that is not part of the product, the browser context routes `/bench/*` on
 * the host and widget origins to bench/ here, with the same headers the servers send: COOP/COEP/CORP
 * and the servers' strict CSP (scripts from the page's own origin and the host's, nothing inline).
 * Everything else (the built packages, the drop-in route) comes from the real servers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from '@playwright/test';
import { contentSecurityPolicy, startServers } from '../examples/serve.mjs';
import { findChromium } from '../scripts/findChromium.mjs';
// The same Chromium flags as the e2e tests: a sandbox-less container whose only network is loopback.
import { CHROMIUM_ARGS } from '../scripts/browsers.mjs';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(benchDir, '..');

/** The scripts of the bench pages, bundled with their dependencies (comlink, penpal). */
const ENTRIES = ['host', 'widget-raw', 'widget-comlink', 'widget-penpal', 'widget-cif', 'widget-dropin'];

/**
 * Bundles bench/src/<entry>.js to bench/dist/<entry>.js as classic scripts. `minify: false` keeps
 * function names, for CPU profiles (bench/profile.mjs).
 */
export async function buildBenchScripts({ minify = true } = {}) {
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: Object.fromEntries(ENTRIES.map((entry) => [entry, `bench/src/${entry}.js`])),
    outdir: 'bench/dist',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    // penpal's parent and child are bundled from its ESM build: the variant runs what a widget
    // author would ship, minified like every other variant's library.
    minify,
    logLevel: 'warning',
  });
}

const CONTENT_TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Maps a `/bench/...` path to a file, or undefined (404). No other paths exist. */
function benchFile(pathname) {
  const dist = /^\/bench\/dist\/([a-z-]+\.js)$/.exec(pathname);
  if (dist) return path.join(benchDir, 'dist', dist[1]);
  const page = /^\/bench\/([a-z-]+\.html)$/.exec(pathname);
  if (page) return path.join(benchDir, 'pages', page[1]);
  return undefined;
}

/**
 * Starts the servers on free ports with isolation headers, launches Chromium and opens the bench
 * host page. `unminified` loads the readable IIFE builds instead of the minified ones (for CPU
 * profiles with function names).
 */
export async function openBench({ unminified = false } = {}) {
  const servers = await startServers({ hostPort: 0, widgetPort: 0, hostilePort: 0, isolate: true });
  const { origins } = servers;
  const executablePath = findChromium({ install: false });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const context = await browser.newContext();

  const cache = new Map();
  const benchOrigins = new Set([origins.host, origins.widget]);
  await context.route(
    (url) => benchOrigins.has(url.origin) && url.pathname.startsWith('/bench/'),
    (route) => {
      const url = new URL(route.request().url());
      const file = benchFile(url.pathname);
      if (file === undefined) return route.fulfill({ status: 404, body: 'Not Found\n' });
      let body = cache.get(file);
      if (body === undefined) {
        try {
          body = readFileSync(file, 'utf8');
        } catch {
          return route.fulfill({ status: 404, body: 'Not Found\n' });
        }
        cache.set(file, body);
      }
      const extension = path.extname(file);
      if (extension === '.html' && url.searchParams.get('unminified') === '1')
        body = body.replaceAll('.iife.min.js', '.iife.js');
      const headers = {
        'Content-Type': CONTENT_TYPES[extension],
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      };
      if (extension === '.html') headers['Content-Security-Policy'] = contentSecurityPolicy(origins.host);
      return route.fulfill({ status: 200, headers, body });
    },
  );

  // The drop-in comes from the host server's own route, fetched by Playwright and handed over as
  // is. The browser can't fetch it itself: a routed page has no IP address space, so Chromium's
  // Local Network Access checks count it as public and refuse its request to a loopback server.
  await context.route(
    (url) => url.origin === origins.host && url.pathname.toLowerCase() === '/webresources/widget/msdyn_cilibrary.js',
    async (route) => route.fulfill({ response: await route.fetch() }),
  );

  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`host: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    // Chromium asks every origin for a favicon, which none of the servers has.
    if (url.endsWith('/favicon.ico')) return;
    errors.push(`console: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  await page.goto(`${origins.host}/bench/host.html${unminified ? '?unminified=1' : ''}`);
  const isolated = await page.evaluate(() => globalThis.crossOriginIsolated === true);
  if (!isolated) throw new Error('bench: the host page is not cross-origin isolated; timers would be coarse');
  const hostCdp = await context.newCDPSession(page);

  const close = async () => {
    await browser.close().catch(() => {});
    await servers.close();
  };
  return { browser, context, page, hostCdp, origins, errors, close };
}

/**
 * Opens a widget block: mounts the variant's iframe and waits for its first answered call.
 * @returns {Promise<{ frame: import('@playwright/test').Frame, ready: { handshakeMs: number,
 *   loadToFirstCallMs: number, crossOriginIsolated: boolean } }>}
 */
export async function mountWidget(bench, variant) {
  const { page, origins } = bench;
  const url = await page.evaluate(([v, origin]) => window.benchHost.mount(v, origin), [variant, origins.widget]);
  const frame = page.frames().find((f) => f.url() === url);
  if (frame === undefined) throw new Error(`bench: no frame at ${url}`);
  const ready = await frame.evaluate(() => window.benchWidget.ready());
  if (!ready.crossOriginIsolated) throw new Error(`bench: the ${variant} widget is not cross-origin isolated`);
  return { frame, ready };
}

/** Removes the block's iframe and responder. */
export async function unmountWidget(bench) {
  await bench.page.evaluate(() => window.benchHost.unmount());
}

/** Forces a full GC in a target, then reads its heap: `{ usedSize, totalSize }` in bytes. */
export async function heapAfterGc(cdp) {
  // Twice: the first pass can leave objects whose finalizers free more on the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return cdp.send('Runtime.getHeapUsage');
}
