/**
 * The JavaScript build, as a table of rows (one row = one output file), in the manner of comlink's
 * `rollup.config.mjs`.
 *
 *   node esbuild.config.mjs           build every row once
 *   node esbuild.config.mjs --watch   build, then rebuild a row whenever its inputs change
 *
 * Declarations (`.d.ts`) are not written here: `tsc --build` writes them through the project
 * references (`npm run build` runs both).
 *
 * Rules every row follows:
 * - ESM rows keep the workspace packages and the runtime dependencies external, so an app that
 *   installs `@cif-bridge/host` gets one copy of comlink and of the protocol.
 * - IIFE rows and example rows bundle everything, for a plain `<script src>`. They resolve the
 *   workspace packages from source through the `cif-bridge:source` export condition (see each
 *   package.json), so they never depend on another row having been built first.
 * - A row whose entry file is missing fails the build: a bundle that silently stops being written
 *   would leave a stale file behind that the e2e tests would happily load.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.dirname(fileURLToPath(import.meta.url));
const watch = process.argv.includes('--watch');

/** The export condition that maps `@cif-bridge/*` to `src/index.ts` (remote-dom's `quilt:source`). */
const SOURCE_CONDITION = 'cif-bridge:source';

/**
 * One output file.
 * @typedef {object} Row
 * @property {string} name        Label used in logs and errors.
 * @property {string} entry       Entry file, relative to the repo root.
 * @property {string} outfile     Output file, relative to the repo root.
 * @property {'esm' | 'iife'} format
 * @property {boolean} [minify]   Minified rows get no source map: they are for production pages.
 * @property {string} [globalName] IIFE only: the `window` property the bundle assigns its exports to.
 * @property {string[]} [external] Packages left as `import` statements (ESM rows only).
 * @property {'node'} [platform]  Node rows (the test host's server, CLI and Playwright fixture): every
 *   package stays an `import`, only the package's own files are bundled. Default: browser.
 */

/** @returns {Row} the ESM build of one entry of a package (`index` unless named). */
function esm(dir, external, input = 'index') {
  return {
    name: input === 'index' ? `${dir} esm` : `${dir} ${input} esm`,
    entry: `packages/${dir}/src/${input}.ts`,
    outfile: `packages/${dir}/dist/${input}.js`,
    format: 'esm',
    external,
  };
}

/** @returns {Row[]} the readable and the minified IIFE builds of one entry. */
function iife(dir, input, file, globalName) {
  return [false, true].map((minify) => ({
    name: `${dir} ${file}${minify ? '.min' : ''}`,
    entry: `packages/${dir}/src/${input}.ts`,
    outfile: `packages/${dir}/dist/${file}${minify ? '.min' : ''}.js`,
    format: 'iife',
    minify,
    globalName,
  }));
}

/**
 * @returns {Row} a stylesheet of a package, minified to `dist/` under its own name: a file the host
 * page links, because a strict CSP forbids the inline styles a script could inject.
 */
function css(dir, source) {
  const file = source.slice(source.lastIndexOf('/') + 1);
  return {
    name: `${dir} ${file}`,
    entry: `packages/${dir}/src/${source}`,
    outfile: `packages/${dir}/dist/${file}`,
    format: 'iife',
    minify: true,
  };
}

/**
 * Every example with a `src/main.ts` is bundled to `examples/<name>/dist/main.js` as an ES module
 * (pages load it with `<script type="module" src="./dist/main.js">`). An example folder that has a
 * `src/` folder but no `src/main.ts` is an error rather than something to skip.
 * @returns {Row[]}
 */
function examples() {
  const dir = path.join(root, 'examples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'src')))
    .map((entry) => ({
      name: `example ${entry.name}`,
      entry: `examples/${entry.name}/src/main.ts`,
      outfile: `examples/${entry.name}/dist/main.js`,
      format: 'esm',
    }));
}

/** @type {Row[]} */
const rows = [
  esm('bridge-protocol', ['comlink', 'uuid']),

  esm('bridge-child', ['comlink', '@cif-bridge/protocol']),
  ...iife('bridge-child', 'iife', 'cif-bridge-child.iife', 'CifBridgeChild'),
  // The Microsoft.CIFramework drop-in: a classic script with no global of its own (it defines
  // window.Microsoft.CIFramework itself) and only shipped minified, as Microsoft ships it.
  {
    name: 'bridge-child msdyn_ciLibrary',
    entry: 'packages/bridge-child/src/ciLibrary.ts',
    outfile: 'packages/bridge-child/dist/msdyn_ciLibrary.js',
    format: 'iife',
    minify: true,
  },

  esm('bridge-host', ['comlink', '@cif-bridge/protocol']),
  ...iife('bridge-host', 'iife', 'cif-bridge-host.iife', 'CifBridgeHost'),
  // The call inspector, an entry of its own (`@cif-bridge/host/inspector`) that the host's bundle
  // never includes: only hosts that show it load it.
  esm('bridge-host', ['comlink', '@cif-bridge/protocol'], 'inspector'),
  ...iife('bridge-host', 'inspectorIife', 'cif-bridge-inspector.iife', 'CifBridgeInspector'),
  // The default UI's stylesheet.
  css('bridge-host', 'cif-bridge-host.css'),

  esm('bridge-records', ['idb', '@cif-bridge/protocol', '@cif-bridge/host']),
  esm('bridge-records', ['@cif-bridge/protocol', '@cif-bridge/host'], 'odata'),
  ...iife('bridge-records', 'index', 'cif-bridge-records.iife', 'CifBridgeRecords'),
  // The records' default UI: an entry of its own, so a host without records never loads it.
  esm('bridge-records', ['@cif-bridge/protocol', '@cif-bridge/host'], 'ui'),
  ...iife('bridge-records', 'ui', 'cif-bridge-records-ui.iife', 'CifBridgeRecordsUi'),
  css('bridge-records', 'ui/cif-bridge-records-ui.css'),

  // @cif-bridge/testing: the server, the CLI and the Playwright fixture run in node; the test host's
  // page script bundles the host and the record store, so the server serves one file.
  ...['index', 'cli', 'playwright'].map((file) => ({
    name: `bridge-testing ${file}`,
    entry: `packages/bridge-testing/src/${file}.ts`,
    outfile: `packages/bridge-testing/dist/${file}.js`,
    format: 'esm',
    platform: 'node',
  })),
  {
    name: 'bridge-testing page',
    entry: 'packages/bridge-testing/src/page/main.ts',
    outfile: 'packages/bridge-testing/dist/page.js',
    format: 'iife',
  },

  ...examples(),
];

/** @returns {esbuild.BuildOptions} the esbuild options of one row. */
function toOptions(row) {
  const bundlesEverything = row.format === 'iife' || row.name.startsWith('example ');
  if (row.platform === 'node') {
    return {
      absWorkingDir: root,
      entryPoints: [row.entry],
      outfile: row.outfile,
      bundle: true,
      format: row.format,
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
    };
  }
  return {
    absWorkingDir: root,
    entryPoints: [row.entry],
    outfile: row.outfile,
    bundle: true,
    format: row.format,
    platform: 'browser',
    target: 'es2022',
    minify: Boolean(row.minify),
    sourcemap: !row.minify,
    globalName: row.globalName,
    external: bundlesEverything ? [] : row.external,
    conditions: bundlesEverything ? [SOURCE_CONDITION] : [],
    logLevel: 'warning',
  };
}

const missing = rows.filter((row) => !existsSync(path.join(root, row.entry)));
if (missing.length > 0) {
  for (const row of missing) console.error(`esbuild.config.mjs: ${row.name}: entry ${row.entry} does not exist`);
  process.exit(1);
}

if (watch) {
  const contexts = await Promise.all(rows.map((row) => esbuild.context(toOptions(row))));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log(`esbuild: watching ${rows.length} rows (Ctrl-C to stop)`);
  const stop = async () => {
    await Promise.all(contexts.map((context) => context.dispose()));
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  const started = performance.now();
  const results = await Promise.allSettled(rows.map((row) => esbuild.build(toOptions(row))));
  const failed = results
    .map((result, index) => ({ result, row: rows[index] }))
    .filter(({ result }) => result.status === 'rejected');
  // esbuild has already printed each error with its location (logLevel 'warning').
  for (const { row } of failed) console.error(`esbuild.config.mjs: ${row.name} failed`);
  if (failed.length > 0) process.exit(1);
  const ms = Math.round(performance.now() - started);
  console.log(`esbuild: ${rows.length} files in ${ms} ms`);
}
