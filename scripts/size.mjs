/**
 * Size of every shipped file, minified and gzipped at level 9, checked against size-budgets.json.
 * Sizes are deterministic, so CI runs this; the timing benchmarks stay out of CI.
 *
 * size-budgets.json has two lists: `budgets`, the CI ceilings (over one fails the run), and
 * `targets`, the smaller sizes we aim for, printed beside them (and judged in BENCHMARKS.md) without failing.
 *
 *   node scripts/size.mjs           print the table; exit 1 when a row is over its budget
 *   node scripts/size.mjs --json    print the rows as JSON instead (bench/run.mjs imports instead)
 *
 * Rows:
 * - every `packages/<pkg>/dist/*.js` as built (run the build first): its bytes, its size after
 *   esbuild's minifier (a no-op for the rows that ship minified), and that minified text gzipped;
 * - bundles made here in memory with esbuild `--bundle --minify`, from source through the
 *   `cif-bridge:source` condition, so that they count every dependency a widget really downloads:
 *   the child's ESM entry with comlink and the protocol, and the host's;
 * - reference rows for the peers we compare against (comlink alone, penpal 7's child side
 *   with its handshake). They have no budget.
 *
 * A budgeted row that is missing (the build did not run, or a file was renamed) fails too: a budget
 * that silently checks nothing is worse than none. Over-budget rows are followed by the inputs that
 * weigh most in them, from esbuild's metafile, so the fix can start from the numbers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The condition that maps `@cif-bridge/*` to `src/index.ts` (see esbuild.config.mjs). */
const SOURCE_CONDITION = 'cif-bridge:source';

/** Same target as the build, so minified sizes match what ships. */
const TARGET = 'es2022';

/**
 * What to bundle: `entry` is a file under the repo, or `contents` is an ES module text resolved
 * from the repo root.
 * @typedef {object} BundleSpec
 * @property {string} [entry]
 * @property {string} [contents]
 * @property {'esm' | 'iife'} format
 */

/**
 * Bundles made in memory. `budgeted` rows are checked; the others are context for the reader.
 * @type {(BundleSpec & { name: string, reference?: boolean })[]}
 */
const BUNDLES = [
  { name: '<child ESM bundle with deps>', entry: 'packages/bridge-child/src/index.ts', format: 'esm' },
  { name: '<host ESM bundle with deps>', entry: 'packages/bridge-host/src/index.ts', format: 'esm' },
  { name: '<records ESM bundle with deps>', entry: 'packages/bridge-records/src/index.ts', format: 'esm' },
  { name: '<records OData connector with deps>', entry: 'packages/bridge-records/src/odata.ts', format: 'esm' },
  { name: '<records UI with deps>', entry: 'packages/bridge-records/src/ui.ts', format: 'esm' },
  {
    name: '<reference: comlink alone (wrap, expose)>',
    contents: "export { wrap, expose } from 'comlink';",
    format: 'esm',
    reference: true,
  },
  {
    name: '<reference: penpal 7 child (connect, WindowMessenger)>',
    contents: "export { connect, WindowMessenger } from 'penpal';",
    format: 'esm',
    reference: true,
  },
];

/**
 * Shipped files whose inputs can be listed when they go over budget: the same entry and format as
 * their row in esbuild.config.mjs. Only used for the diagnosis, never for the measured size.
 * @type {Record<string, BundleSpec>}
 */
const DIAGNOSE = {
  'packages/bridge-child/dist/msdyn_ciLibrary.js': { entry: 'packages/bridge-child/src/ciLibrary.ts', format: 'iife' },
  'packages/bridge-child/dist/cif-bridge-child.iife.min.js': {
    entry: 'packages/bridge-child/src/iife.ts',
    format: 'iife',
  },
  'packages/bridge-host/dist/cif-bridge-host.iife.min.js': {
    entry: 'packages/bridge-host/src/iife.ts',
    format: 'iife',
  },
  'packages/bridge-host/dist/cif-bridge-inspector.iife.min.js': {
    entry: 'packages/bridge-host/src/inspectorIife.ts',
    format: 'iife',
  },
};

/** Gzip at level 9, the level every size here is given at. */
const gzip = (/** @type {Uint8Array} */ bytes) => gzipSync(bytes, { level: 9 }).length;

/** Reads the CI ceilings and the targets: each row name → bytes, min+gzip. */
export function readBudgets(file = path.join(root, 'size-budgets.json')) {
  const { budgets = {}, targets = {} } = JSON.parse(readFileSync(file, 'utf8'));
  return { budgets, targets };
}

/**
 * @param {BundleSpec} spec
 * @returns {Promise<{ minified: Uint8Array, metafile: esbuild.Metafile }>} one in-memory bundle.
 */
async function bundle({ entry, contents, format }) {
  const result = await esbuild.build({
    absWorkingDir: root,
    ...(entry
      ? { entryPoints: [entry] }
      : { stdin: { contents: /** @type {string} */ (contents), resolveDir: root, loader: 'js' } }),
    bundle: true,
    minify: true,
    format,
    platform: 'browser',
    target: TARGET,
    conditions: [SOURCE_CONDITION],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  // One entry point, written to memory: exactly one output file.
  const output = /** @type {esbuild.OutputFile} */ (result.outputFiles[0]);
  return { minified: output.contents, metafile: result.metafile };
}

/**
 * The inputs of a bundle by their bytes in its minified output, largest first.
 * @param {esbuild.Metafile} metafile
 */
function contributors(metafile) {
  // A bundle of one entry point has one output.
  const output = /** @type {esbuild.Metafile['outputs'][string]} */ (Object.values(metafile.outputs)[0]);
  return Object.entries(output.inputs)
    .map(([input, { bytesInOutput }]) => ({
      input: input.replace(/^.*node_modules\//, 'node_modules/'),
      bytes: bytesInOutput,
    }))
    .filter((row) => row.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** Every `packages/<pkg>/dist/*.js`, relative to the repo root, sorted. */
function shippedFiles() {
  const packagesDir = path.join(root, 'packages');
  const files = [];
  for (const pkg of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!pkg.isDirectory()) continue;
    const dist = path.join(packagesDir, pkg.name, 'dist');
    if (!existsSync(dist)) continue;
    for (const file of readdirSync(dist)) {
      if (file.endsWith('.js')) files.push(`packages/${pkg.name}/dist/${file}`);
    }
  }
  return files.sort();
}

/**
 * @typedef {object} SizeRow
 * @property {string} name       A dist path, or a bundle's name in angle brackets.
 * @property {'file' | 'bundle' | 'reference'} kind
 * @property {number | null} bytes    As shipped (files only).
 * @property {number | null} min      After esbuild's minifier.
 * @property {number | null} gzip     Minified, then gzip -9.
 * @property {number | null} budget   Bytes allowed for `gzip` in CI, or null.
 * @property {'ok' | 'over' | 'missing' | '-'} status  Against `budget`.
 * @property {number | null} target   The size we aim for `gzip` to reach, or null.
 * @property {boolean | null} targetMet
 * @property {{ input: string, bytes: number }[]} [contributors] For over-budget rows: the inputs.
 * @property {esbuild.Metafile} [metafile] A bundle's inputs, kept only until the diagnosis below.
 */

/**
 * Measures every row and checks the budgets.
 * @returns {Promise<{ rows: SizeRow[], failed: SizeRow[] }>}
 */
export async function measureSizes() {
  const { budgets, targets } = readBudgets();
  /** @type {SizeRow[]} */
  const rows = [];

  for (const file of shippedFiles()) {
    const text = readFileSync(path.join(root, file), 'utf8');
    // Keep the format: an ESM file keeps its imports, an IIFE stays an IIFE.
    const { code } = await esbuild.transform(text, { minify: true, target: TARGET, loader: 'js' });
    const minified = Buffer.from(code);
    rows.push({
      name: file,
      kind: 'file',
      bytes: Buffer.byteLength(text),
      min: minified.length,
      gzip: gzip(minified),
      budget: budgets[file] ?? null,
      status: '-',
      target: targets[file] ?? null,
      targetMet: null,
    });
  }
  for (const spec of BUNDLES) {
    const { minified, metafile } = await bundle(spec);
    rows.push({
      name: spec.name,
      kind: spec.reference ? 'reference' : 'bundle',
      bytes: null,
      min: minified.length,
      gzip: gzip(minified),
      budget: budgets[spec.name] ?? null,
      status: '-',
      target: targets[spec.name] ?? null,
      targetMet: null,
      metafile,
    });
  }

  for (const name of new Set([...Object.keys(budgets), ...Object.keys(targets)])) {
    if (!rows.some((row) => row.name === name)) {
      const [budget, target] = [budgets[name] ?? null, targets[name] ?? null];
      rows.push({
        name,
        kind: 'file',
        bytes: null,
        min: null,
        gzip: null,
        budget,
        status: 'missing',
        target,
        targetMet: null,
      });
    }
  }
  for (const row of rows) {
    if (row.status === 'missing') continue;
    // Every row but a missing one was measured.
    const gzipped = /** @type {number} */ (row.gzip);
    if (row.target !== null) row.targetMet = gzipped <= row.target;
    if (row.budget !== null) row.status = gzipped <= row.budget ? 'ok' : 'over';
  }

  // Say what weighs most in each row over its budget.
  for (const row of rows) {
    const metafile = row.metafile;
    delete row.metafile;
    if (row.status !== 'over' && row.targetMet !== false) continue;
    const diagnose = DIAGNOSE[row.name];
    const source = metafile ?? (diagnose ? (await bundle(diagnose)).metafile : undefined);
    if (source) row.contributors = contributors(source);
  }
  return { rows, failed: rows.filter((row) => row.status === 'over' || row.status === 'missing') };
}

/**
 * Bytes as `6,306 B (6.16 KB)`, or `-`.
 * @param {number | null | undefined} bytes
 */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '-';
  return `${bytes.toLocaleString('en-US')} B (${(bytes / 1024).toFixed(2)} KB)`;
}

/**
 * The rows as a Markdown table (BENCHMARKS.md uses the same one).
 * @param {SizeRow[]} rows
 */
export function sizeTable(rows) {
  const lines = [
    '| file | bytes | minified | min+gzip -9 | CI budget | status | target |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const row of rows) {
    const status = { ok: 'ok', over: '**OVER**', missing: '**MISSING**', '-': '-' }[row.status];
    const target =
      row.target === null
        ? '-'
        : `${formatBytes(row.target)}: ${row.targetMet === true ? 'met' : row.targetMet === false ? `**missed by ${((row.gzip ?? 0) - row.target).toLocaleString('en-US')} B**` : 'not measured'}`;
    lines.push(
      `| \`${row.name}\` | ${formatBytes(row.bytes)} | ${formatBytes(row.min)} | ${formatBytes(row.gzip)} | ${formatBytes(row.budget)} | ${status} | ${target} |`,
    );
  }
  return lines.join('\n');
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  let result;
  try {
    result = await measureSizes();
  } catch (error) {
    console.error(`size.mjs: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result.rows, null, 2));
  } else {
    console.log(sizeTable(result.rows));
    // Inputs of the rows that miss their target but stay under their CI budget, for the reader.
    for (const row of result.rows.filter((r) => r.status === 'ok' && r.targetMet === false && r.contributors)) {
      console.log(
        `\nsize: ${row.name} is ${formatBytes(row.gzip)}, ${formatBytes(row.target)} is the target; largest inputs (minified bytes):`,
      );
      for (const { input, bytes } of (row.contributors ?? []).slice(0, 8))
        console.log(`    ${String(bytes).padStart(6)}  ${input}`);
    }
    for (const row of result.failed) {
      if (row.status === 'missing') {
        console.error(`\nsize: ${row.name} is missing; run the build first (npm run build).`);
        continue;
      }
      console.error(
        `\nsize: ${row.name} is ${formatBytes(row.gzip)} min+gzip, over its budget of ${formatBytes(row.budget)}.`,
      );
      if (row.contributors) {
        console.error('  largest inputs (bytes in the minified output, before gzip):');
        for (const { input, bytes } of row.contributors.slice(0, 8))
          console.error(`    ${String(bytes).padStart(6)}  ${input}`);
      }
    }
  }
  process.exit(result.failed.length > 0 ? 1 : 0);
}
