/**
 * A Playwright reporter that prints one closing line, alone, after everything else:
 *
 *   12 passed, 0 failed
 *   12 passed, 1 failed, 3 skipped
 *
 * CI reads that line. A test counts once, by its final outcome: a flaky test (failed, then passed
 * on retry) is passed; a test that never ran because the run was cut short is skipped. An error
 * outside any test (a broken config, a failing webServer, a file that doesn't compile) counts as a
 * failure, so a broken run never reads `0 passed, 0 failed`.
 *
 * With env `CIF_SUMMARY_FILE=<path>` it also writes the counts there as JSON, for scripts/test.mjs,
 * with the same counts per project under `projects` (so it can print one line per engine).
 */
import { writeFileSync } from 'node:fs';

/**
 * @typedef {import('@playwright/test/reporter').Reporter} Reporter
 * @typedef {import('@playwright/test/reporter').FullConfig} FullConfig
 * @typedef {import('@playwright/test/reporter').FullResult} FullResult
 * @typedef {import('@playwright/test/reporter').Suite} Suite
 */

/** @implements {Reporter} */
export default class SummaryReporter {
  /** @type {Suite | undefined} */
  #suite;
  #errors = 0;
  #status = 'passed';

  printsToStdio() {
    // The list reporter does the per-test printing; this one only adds the last line.
    return false;
  }

  /**
   * @param {FullConfig} _config
   * @param {Suite} suite
   */
  onBegin(_config, suite) {
    this.#suite = suite;
  }

  onError() {
    this.#errors += 1;
  }

  /** @param {FullResult} result */
  onEnd(result) {
    this.#status = result.status;
  }

  // async because Reporter declares onExit as returning a promise (Playwright awaits it).
  async onExit() {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    /** @type {Record<string, { passed: number, failed: number, skipped: number }>} */
    const projects = {};
    for (const test of this.#suite?.allTests() ?? []) {
      const outcome = test.outcome();
      const name = test.parent.project()?.name ?? '';
      const counts = (projects[name] ??= { passed: 0, failed: 0, skipped: 0 });
      if (outcome === 'expected' || outcome === 'flaky') {
        passed += 1;
        counts.passed += 1;
      } else if (outcome === 'unexpected') {
        failed += 1;
        counts.failed += 1;
      } else {
        skipped += 1;
        counts.skipped += 1;
      }
    }
    failed += this.#errors;
    // A run can fail with no failed test and no reported error (e.g. timed out, interrupted).
    if (failed === 0 && this.#status !== 'passed') failed = 1;

    if (process.env.CIF_SUMMARY_FILE) {
      writeFileSync(
        process.env.CIF_SUMMARY_FILE,
        JSON.stringify({ passed, failed, skipped, status: this.#status, projects }),
      );
    }
    console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  }
}
