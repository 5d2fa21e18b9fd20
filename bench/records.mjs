/**
 * The records block of the bench (bench/run.mjs runs it after the call blocks, or alone with
 * `--records`): `searchAndOpenRecords` looking a caller up by phone number over 10,000 contacts in
 * the embedded store, from the widget's call to its result, against a raw IndexedDB cursor scan of
 * the same database in the same run.
 *
 * Each repetition mounts a fresh widget (the typed client) on a headless host whose `records` is
 * the store (bench/src/records.js) and times the widget's calls; it also times raw cursor scans and
 * raw `getAll` reads in the host page, the order of the three rotated by one each repetition, so
 * drift hits them alike. A ratio is the median over repetitions of (store ÷ raw read of the same
 * repetition).
 */
import os from 'node:os';
import { mountWidget, unmountWidget } from './browser.mjs';

/** The records block's counts. */
export const RECORDS_CONFIG = { contacts: 10000, calls: 60, warmup: 5 };

/** The p95 ratio the store must stay under. */
const P95_TARGET = 2;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const spread = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

/**
 * Runs the records block `repetitions` times on an open bench and returns what it measured.
 * @param {Awaited<ReturnType<import('./browser.mjs').openBench>>} bench
 * @param {{ repetitions: number, quick: boolean, log: (line: string) => void }} options
 */
export async function runRecords(bench, { repetitions, quick, log }) {
  const config = { ...RECORDS_CONFIG, ...(quick ? { calls: 10, warmup: 2 } : {}), repetitions };
  const loadAverageAtStart = os.loadavg().map((value) => Math.round(value * 100) / 100);
  const { seedMs } = await bench.page.evaluate((n) => window.benchHost.prepareRecords(n), config.contacts);
  log(`[records] seeded ${config.contacts.toLocaleString('en-US')} contacts in ${seedMs.toFixed(0)} ms`);
  const blocks = [];
  for (let rep = 0; rep < repetitions; rep += 1) {
    const store = async () => {
      const { frame } = await mountWidget(bench, 'cif-records');
      try {
        return await frame.evaluate(([c, w]) => window.benchWidget.latency(c, w), [config.calls, config.warmup]);
      } finally {
        await unmountWidget(bench);
      }
    };
    const raw = (how) => () =>
      bench.page.evaluate(([c, w, h]) => window.benchHost.rawScanLatency(c, w, h), [config.calls, config.warmup, how]);
    const steps = [
      ['store', store],
      ['raw', raw('cursor')],
      ['getAll', raw('getAll')],
    ];
    const block = {};
    // Rotated by one each repetition, so drift on a shared machine hits all three alike.
    for (const [name, step] of [...steps.slice(rep % 3), ...steps.slice(0, rep % 3)]) block[name] = await step();
    for (const name of ['raw', 'getAll']) {
      if (block[name].matches !== 1)
        throw new Error(`records: the ${name} read found ${block[name].matches} contacts, not 1`);
    }
    block.loadAverage = os.loadavg()[0];
    blocks.push(block);
    log(
      `[records ${rep + 1}/${repetitions}] store p50 ${block.store.p50.toFixed(1)} ms p95 ${block.store.p95.toFixed(1)} ms, ` +
        `raw scan p50 ${block.raw.p50.toFixed(1)} ms p95 ${block.raw.p95.toFixed(1)} ms, ` +
        `raw getAll p50 ${block.getAll.p50.toFixed(1)} ms p95 ${block.getAll.p95.toFixed(1)} ms`,
    );
  }
  const pick = (side, p) => blocks.map((block) => block[side][p]);
  const ratio = (p) => spread(blocks.map((block) => block.store[p] / block.raw[p]));
  return {
    date: new Date().toISOString(),
    config,
    seedMs,
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg().map((value) => Math.round(value * 100) / 100),
    store: { p50: spread(pick('store', 'p50')), p95: spread(pick('store', 'p95')) },
    raw: { p50: spread(pick('raw', 'p50')), p95: spread(pick('raw', 'p95')) },
    getAll: { p50: spread(pick('getAll', 'p50')), p95: spread(pick('getAll', 'p95')) },
    ratio: { p50: ratio('p50'), p95: ratio('p95') },
    getAllRatio: {
      p50: spread(blocks.map((block) => block.store.p50 / block.getAll.p50)),
      p95: spread(blocks.map((block) => block.store.p95 / block.getAll.p95)),
    },
    blocks,
  };
}

/** The records target, judged on a run's records results (or not measured). */
export function recordsTarget(records) {
  const name = `searchAndOpenRecords over 10,000 contacts p95 ≤ ${P95_TARGET}× a raw IndexedDB cursor scan p95`;
  if (!records) return { name, met: null, measured: 'not measured' };
  const { p95 } = records.ratio;
  return {
    name,
    met: p95.median <= P95_TARGET,
    measured: `${p95.median.toFixed(2)}× [${p95.min.toFixed(2)}–${p95.max.toFixed(2)}]`,
  };
}

const ms = (value) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const range = (s, format) => `${format(s.median)} [${format(s.min)}–${format(s.max)}]`;
const times = (value) => `${value.toFixed(2)}×`;

/** The records section of BENCHMARKS.md, as lines. */
export function recordsMarkdown(records) {
  if (!records) return ['## Records', '', 'Not measured in this run (`node bench/run.mjs --records` measures it).'];
  const { config } = records;
  return [
    '## Records',
    '',
    `Measured on ${records.date.slice(0, 10)} (load average ${records.loadAverageAtStart.join(' / ')} at the start,`,
    `${records.loadAverageAtEnd.join(' / ')} at the end). The embedded store (\`createBrowserRecords\`, from the minified`,
    `script-tag bundle) holds ${config.contacts.toLocaleString('en-US')} contacts; a headless host answers the typed client's`,
    "`searchAndOpenRecords('contact', \"?$select=fullname,contactid&$filter=contains(mobilephone,'+1 425 555 5000')\", true)`",
    '(one match), timed in the widget from the call to the result. The baseline is a raw IndexedDB cursor scan of the same',
    "database in the host page: a read-only transaction, a cursor over the store's `entity` index, the same",
    'case-insensitive `contains` by hand, and `contactid` and `fullname` of each match kept. For context, a raw',
    '`getAll` on the same index with the same test (the read the store itself makes) is timed too. Each of',
    `${config.repetitions} repetitions times ${config.calls} calls of each after ${config.warmup} warm-up calls, the order of the three rotated by one`,
    'each repetition; each cell is the median over repetitions [min–max], and a ratio is the median of the',
    `per-repetition ratios. Seeding the ${config.contacts.toLocaleString('en-US')} contacts on first open took ${ms(records.seedMs)}.`,
    '',
    '| | p50 | p95 |',
    '| --- | --- | --- |',
    `| searchAndOpenRecords, widget to result | ${range(records.store.p50, ms)} | ${range(records.store.p95, ms)} |`,
    `| raw IndexedDB cursor scan | ${range(records.raw.p50, ms)} | ${range(records.raw.p95, ms)} |`,
    `| **ratio, store ÷ cursor scan** | **${range(records.ratio.p50, times)}** | **${range(records.ratio.p95, times)}** |`,
    `| raw IndexedDB getAll (informative) | ${range(records.getAll.p50, ms)} | ${range(records.getAll.p95, ms)} |`,
    `| ratio, store ÷ getAll | ${range(records.getAllRatio.p50, times)} | ${range(records.getAllRatio.p95, times)} |`,
  ];
}
