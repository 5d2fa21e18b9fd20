/**
 * What `npm test` runs once `npm run build` has built everything:
 * 1. makes sure there is a Chromium (scripts/findChromium.mjs; may apt-get install it), and each
 *    other engine that CIF_ENGINES names (scripts/browsers.mjs; may apt-get install it);
 * 2. runs Playwright's `unit` and `testing` projects and one project per engine: `chromium`, `firefox`, `webkit`,
 *    or those CIF_ENGINES names (comma separated, e.g. CIF_ENGINES=chromium for a quick run). All
 *    run in one Playwright run, so its two workers stay busy across engines. An engine that can't
 *    be had is a failure under CI=true, and a skip with its reason otherwise; with CIF_ODATA=1 also
 *    the `odata` project (`npm run test:odata`, see docs/records.md);
 * 3. runs the type tests, `tsc --noEmit -p test/types`, and type-checks the unit tests, e2e/ (with
 *    playwright.config.ts) and scripts/ with `tsc --noEmit -p test/unit`, `-p e2e` and `-p scripts`, each one test,
 *    when its tsconfig.json exists;
 * 4. prints a line per engine (`firefox: N passed, N failed`), then, as its very last line,
 *    `N passed, N failed` (`, N skipped` when any) over all of it, and exits non-zero if anything
 *    failed.
 *
 * Extra arguments go to `playwright test` (e.g. `node scripts/test.mjs e2e/servers.e2e.ts`).
 * With env `CIF_TEST_SUMMARY_FILE=<path>`, the last line is also written there (.ci/run uses it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findEngine, requestedEngines } from './browsers.mjs';
import { findChromium } from './findChromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const totals = { passed: 0, failed: 0, skipped: 0 };

function finish() {
  const line = `${totals.passed} passed, ${totals.failed} failed${totals.skipped > 0 ? `, ${totals.skipped} skipped` : ''}`;
  if (process.env.CIF_TEST_SUMMARY_FILE) writeFileSync(process.env.CIF_TEST_SUMMARY_FILE, `${line}\n`);
  console.log(line);
  process.exit(totals.failed > 0 ? 1 : 0);
}

/**
 * Runs a local bin (node_modules/.bin) with the terminal attached.
 * @param {string} bin
 * @param {string[]} args
 * @returns {number} its exit status (1 when it could not run or was killed)
 */
function run(bin, args, env = process.env) {
  const result = spawnSync(path.join(root, 'node_modules', '.bin', bin), args, { cwd: root, env, stdio: 'inherit' });
  if (result.error) console.error(`test.mjs: could not run ${bin}: ${result.error.message}`);
  return result.status ?? 1;
}

// 1. A browser. Without one the e2e tier can't run, which is a failure, not a skip.
try {
  console.log(`Chromium: ${findChromium()}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  totals.failed += 1;
  finish();
}

// The other engines asked for. Under CI a missing one is a failure; elsewhere a note.
/** @type {('chromium' | 'firefox' | 'webkit')[]} */
let engines = ['chromium'];
try {
  engines = requestedEngines();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  totals.failed += 1;
}
// `testing` is @cif-bridge/testing's Playwright fixture, which runs in Chromium only.
const projects = ['unit', 'chromium', 'testing'];
// The OData connector against a real OData v4 server (SAP CAP), only when asked for: installing it
// means accepting SAP's developer licence, and building its SQLite driver takes minutes.
if (process.env.CIF_ODATA === '1') projects.splice(1, 0, 'odata');
for (const engine of engines.filter((name) => name !== 'chromium')) {
  const status = findEngine(engine, { install: true });
  if (status.ok) projects.push(engine);
  else if (process.env.CI === 'true') {
    console.error(`${engine}: not available (${status.reason})`);
    totals.failed += 1;
  } else console.log(`${engine}: skipped (${status.reason})`);
}

// 2. Playwright.
const scratch = mkdtempSync(path.join(tmpdir(), 'cif-test-'));
const summaryFile = path.join(scratch, 'playwright-summary.json');
const playwrightStatus = run(
  'playwright',
  ['test', ...projects.map((name) => `--project=${name}`), ...process.argv.slice(2)],
  { ...process.env, CIF_SUMMARY_FILE: summaryFile },
);
/** @type {Record<string, { passed: number, failed: number, skipped: number }>} */
let byProject = {};
if (existsSync(summaryFile)) {
  const counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  byProject = counts.projects ?? {};
}
rmSync(scratch, { recursive: true, force: true });
// Playwright failed without its reporter counting a failure (it didn't get that far): count one.
if (playwrightStatus !== 0 && totals.failed === 0) totals.failed += 1;

// One line per engine that ran, and one for the OData connector against its real server.
for (const engine of projects.filter((name) => name !== 'unit')) {
  const counts = byProject[engine] ?? { passed: 0, failed: 0, skipped: 0 };
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  console.log(`${engine}: ${counts.passed} passed, ${counts.failed} failed${skipped}`);
}

// 3. Type tests, and the type check of the code that is not in a package (the e2e tests,
// playwright.config.ts and these scripts): each one test as a whole.
for (const project of ['test/types', 'test/unit', 'e2e', 'scripts']) {
  if (!existsSync(path.join(root, project, 'tsconfig.json'))) continue;
  const status = run('tsc', ['--noEmit', '-p', project]);
  console.log(`type check (tsc --noEmit -p ${project}): ${status === 0 ? 'passed' : 'failed'}`);
  if (status === 0) totals.passed += 1;
  else totals.failed += 1;
}

finish();
