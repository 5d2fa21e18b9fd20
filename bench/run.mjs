/**
 * The cif-bridge benchmark: cif-bridge against a raw MessagePort echo and its peers, in one
 * Chromium run, with the host and the widget on two origins.
 *
 *   npm run bench                          build, then run everything (about 5 minutes; not in CI)
 *   node bench/run.mjs                     run against the current build
 *   node bench/run.mjs --quick             a smoke run with a tenth of the calls; writes nothing
 *   node bench/run.mjs --reps=5            more repetitions
 *   node bench/run.mjs --report            rewrite BENCHMARKS.md from bench/results.json (no run)
 *   node bench/run.mjs --records           run only the records block (bench/records.mjs) and put it
 *                                          into bench/results.json and BENCHMARKS.md
 *
 * It writes bench/results.json (every number, per repetition) and BENCHMARKS.md (the tables).
 *
 * How it measures (BENCHMARKS.md repeats this for readers):
 * - Every variant is a widget page in an iframe on the widget origin, answered by the bench host
 *   page on the host origin (bench/src/). Both pages are cross-origin isolated (COOP/COEP, and
 *   `allow="cross-origin-isolated"` on the iframe), so `performance.now()` has 5 µs steps.
 * - Repetitions are interleaved: each repetition runs one block of every variant, in an order
 *   rotated by one each time (A B C…, B C… A, …), so drift on a noisy machine hits them all alike.
 *   A block is a fresh iframe: its handshake, warm-up, 5,000 sequential calls, and 20,000 calls with
 *   100 in flight.
 * - A figure is the median over repetitions; the range [min–max] over repetitions shows the noise.
 *   A ratio is the median over repetitions of (variant ÷ raw MessagePort echo of the same
 *   repetition), so each ratio compares blocks that ran seconds apart.
 * - Heap: one more block per call variant runs 100,000 calls (100 in flight), reading the widget
 *   frame's heap through its own CDP target before and after a forced GC.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatBytes, measureSizes, sizeTable } from '../scripts/size.mjs';
import {
  benchDir,
  buildBenchScripts,
  heapAfterGc,
  mountWidget,
  openBench,
  repoRoot,
  unmountWidget,
} from './browser.mjs';
import { recordsMarkdown, recordsTarget, runRecords } from './records.mjs';

const quick = process.argv.includes('--quick');
const repsArg = process.argv.find((arg) => arg.startsWith('--reps='));
const scale = quick ? 0.1 : 1;
const n = (count) => Math.max(1, Math.round(count * scale));

/** Every count the run uses; results.json keeps a copy. */
const CONFIG = {
  repetitions: repsArg ? Math.max(3, Number(repsArg.slice('--reps='.length))) : 3,
  latency: { calls: n(5000), warmup: n(1000) },
  throughput: { calls: n(20000), inFlight: 100 },
  createSession: { calls: n(5000), warmup: n(500) },
  createAndRender: { calls: quick ? 5 : 20, warmup: 3, openSessions: 10, tabsPerSession: 10 },
  extraHandshakeRounds: quick ? 1 : 5,
  heap: { calls: n(100000), inFlight: 100, warmupCalls: n(2000) },
  // Not scaled down by --quick: the ids are cheap, and the comparison needs many of them.
  ids: { calls: 100000 },
};

/** The variants, in the order of the tables. */
const VARIANTS = {
  'raw-window': { label: 'raw window.postMessage echo', kind: 'call' },
  'raw-port': { label: 'raw MessagePort echo (baseline)', kind: 'call' },
  comlink: { label: 'comlink 4 alone on a port', kind: 'call' },
  penpal: { label: 'penpal 7', kind: 'call' },
  cif: { label: 'cif-bridge typed client ping()', kind: 'call' },
  'cif-dropin': { label: 'cif-bridge drop-in Microsoft.CIFramework.getMode()', kind: 'call' },
  'cif-create': { label: 'cif-bridge createSession, headless host', kind: 'create' },
  'cif-create-ui': { label: 'cif-bridge createSession, default UI, 10 sessions × 10 tabs open', kind: 'ui' },
};
const BASELINE = 'raw-port';

const log = (line) => console.log(line);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

// ---- statistics --------------------------------------------------------------------------------

const sortNumbers = (values) => [...values].sort((a, b) => a - b);

function median(values) {
  const sorted = sortNumbers(values);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile. */
function percentile(values, p) {
  const sorted = sortNumbers(values);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** `{ median, min, max, n }` of numbers, or null when there are none. */
function spread(values) {
  const present = values.filter((value) => typeof value === 'number' && Number.isFinite(value));
  if (present.length === 0) return null;
  const sorted = sortNumbers(present);
  return { median: median(sorted), min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

// ---- the run -----------------------------------------------------------------------------------

/** Runs one block of `variant` and returns what it measured. */
async function runBlock(bench, variant) {
  const { kind } = VARIANTS[variant];
  const { frame, ready } = await mountWidget(bench, variant);
  // The 1-minute load average, to tell a noisy block from a slow variant (the machine is shared).
  const block = {
    handshakeMs: ready.handshakeMs,
    loadToFirstCallMs: ready.loadToFirstCallMs,
    loadAverage: os.loadavg()[0],
  };
  try {
    const latency = (calls, warmup) => frame.evaluate(([c, w]) => window.benchWidget.latency(c, w), [calls, warmup]);
    if (kind === 'call') {
      block.latency = await latency(CONFIG.latency.calls, CONFIG.latency.warmup);
      block.throughput = await frame.evaluate(
        ([c, f]) => window.benchWidget.throughput(c, f),
        [CONFIG.throughput.calls, CONFIG.throughput.inFlight],
      );
      // The typed client's ids, timed in its own page right after its calls (null elsewhere).
      const ids = await frame.evaluate((c) => window.benchWidget.ids(c), CONFIG.ids.calls);
      if (ids) block.ids = ids;
    } else if (kind === 'create') {
      block.latency = await latency(CONFIG.createSession.calls, CONFIG.createSession.warmup);
    } else {
      await frame.evaluate(() => window.benchWidget.setup());
      const { calls, warmup } = CONFIG.createAndRender;
      block.latency = await latency(calls, warmup);
      const samples = await bench.page.evaluate(() => window.benchHost.renderSamples());
      block.render = samples.slice(warmup);
      if (block.render.length !== calls)
        throw new Error(`expected ${calls} render samples, got ${block.render.length}`);
    }
  } finally {
    await unmountWidget(bench);
  }
  return block;
}

/** The heap block of a call variant: 100,000 calls, heap before and after a forced GC. */
async function runHeapBlock(bench, variant) {
  const { frame } = await mountWidget(bench, variant);
  const cdp = await bench.context.newCDPSession(frame);
  try {
    const { calls, inFlight, warmupCalls } = CONFIG.heap;
    const throughput = (c) => frame.evaluate(([x, f]) => window.benchWidget.throughput(x, f), [c, inFlight]);
    await throughput(warmupCalls);
    const widgetStart = await heapAfterGc(cdp);
    const hostStart = await heapAfterGc(bench.hostCdp);
    const run = await throughput(calls);
    const widgetBeforeGc = await cdp.send('Runtime.getHeapUsage');
    const hostBeforeGc = await bench.hostCdp.send('Runtime.getHeapUsage');
    const widgetAfterGc = await heapAfterGc(cdp);
    const hostAfterGc = await heapAfterGc(bench.hostCdp);
    const pendingCount = await frame.evaluate(() => window.benchWidget.pendingCount());
    return {
      calls,
      callsPerSecond: run.callsPerSecond,
      widget: { start: widgetStart.usedSize, beforeGc: widgetBeforeGc.usedSize, afterGc: widgetAfterGc.usedSize },
      host: { start: hostStart.usedSize, beforeGc: hostBeforeGc.usedSize, afterGc: hostAfterGc.usedSize },
      pendingCount,
    };
  } finally {
    await cdp.detach().catch(() => {});
    await unmountWidget(bench);
  }
}

function machineInfo() {
  const cpus = os.cpus();
  const version = (pkg) => {
    try {
      return JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    playwright: version('@playwright/test'),
    comlink: version('comlink'),
    penpal: version('penpal'),
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

async function main() {
  log(`bench: building the bench pages' scripts${quick ? ' (quick run: a tenth of the calls, nothing written)' : ''}`);
  await buildBenchScripts();
  const machine = machineInfo();
  const bench = await openBench();
  const browserVersion = bench.browser.version();
  log(
    `bench: Chromium ${browserVersion}, ${machine.cores} cores, ${machine.cpuModel}, load ${machine.loadAverageAtStart.join(' ')}`,
  );

  const names = Object.keys(VARIANTS);
  /** variant → { available, reason?, blocks: (block | null)[] by repetition, handshakes: number[] } */
  const data = Object.fromEntries(names.map((name) => [name, { available: true, blocks: [], handshakes: [] }]));
  const fail = (name, error) => {
    // A browser that went away (crashed, or killed by something else on this shared machine) says
    // nothing about the variant: stop, and leave the last good results.json and BENCHMARKS.md alone.
    if (!bench.browser.isConnected() || bench.page.isClosed()) {
      throw new Error(`the browser went away during ${name}; nothing was written. Run again.`, { cause: error });
    }
    const entry = data[name];
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (entry.available) log(`bench: ${name} is not available: ${reason}`);
    entry.available = false;
    entry.reason ??= reason;
  };

  try {
    for (let rep = 0; rep < CONFIG.repetitions; rep += 1) {
      const order = [...names.slice(rep % names.length), ...names.slice(0, rep % names.length)];
      for (const name of order) {
        const entry = data[name];
        if (!entry.available) {
          entry.blocks[rep] = null;
          continue;
        }
        const t0 = Date.now();
        try {
          const block = await runBlock(bench, name);
          entry.blocks[rep] = block;
          entry.handshakes.push(block.handshakeMs);
          const parts = [`p50 ${us(block.latency.p50)}`];
          if (block.throughput) parts.push(`${Math.round(block.throughput.callsPerSecond)} calls/s`);
          if (block.render)
            parts.push(`create-and-render p50 ${ms(median(block.render.map((s) => s.createAndRenderMs)))}`);
          parts.push(`handshake ${ms(block.handshakeMs)}`);
          log(
            `[rep ${rep + 1}/${CONFIG.repetitions}] ${name}: ${parts.join(', ')} (${((Date.now() - t0) / 1000).toFixed(1)} s, at ${elapsed()})`,
          );
        } catch (error) {
          entry.blocks[rep] = null;
          fail(name, error);
          await unmountWidget(bench).catch(() => {});
        }
      }
    }

    // More handshakes, interleaved the same way; a block gives only one each.
    const callVariants = names.filter((name) => VARIANTS[name].kind === 'call');
    for (let round = 0; round < CONFIG.extraHandshakeRounds; round += 1) {
      for (const name of callVariants) {
        if (!data[name].available) continue;
        try {
          const { ready } = await mountWidget(bench, name);
          data[name].handshakes.push(ready.handshakeMs);
        } catch (error) {
          fail(name, error);
        } finally {
          await unmountWidget(bench).catch(() => {});
        }
      }
    }
    log(`bench: ${CONFIG.extraHandshakeRounds} extra handshake rounds done (at ${elapsed()})`);

    const heap = {};
    for (const name of callVariants) {
      if (!data[name].available) continue;
      const t0 = Date.now();
      try {
        heap[name] = await runHeapBlock(bench, name);
        const h = heap[name];
        log(
          `[heap] ${name}: widget ${kb(h.widget.start)} → ${kb(h.widget.beforeGc)} → GC ${kb(h.widget.afterGc)}, pending ${h.pendingCount ?? 'n/a'} (${((Date.now() - t0) / 1000).toFixed(1)} s, at ${elapsed()})`,
        );
      } catch (error) {
        if (!bench.browser.isConnected() || bench.page.isClosed()) fail(name, error);
        heap[name] = { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
        log(`[heap] ${name}: failed: ${heap[name].error}`);
        await unmountWidget(bench).catch(() => {});
      }
    }

    let records;
    try {
      records = await runRecords(bench, { repetitions: CONFIG.repetitions, quick, log });
    } catch (error) {
      if (!bench.browser.isConnected() || bench.page.isClosed()) throw error;
      log(`[records] failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      await unmountWidget(bench).catch(() => {});
    }

    if (data[BASELINE].blocks.filter(Boolean).length < CONFIG.repetitions) {
      throw new Error(
        `the baseline (${BASELINE}) is missing repetitions, so no ratio can be trusted; nothing was written.`,
      );
    }
    const { rows: sizes } = await measureSizes();
    const results = summarize({ machine, browserVersion, data, heap, sizes, records, errors: bench.errors });
    if (quick) {
      log('bench: quick run, nothing written');
      log(markdown(results));
    } else {
      writeFileSync(path.join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
      writeFileSync(path.join(repoRoot, 'BENCHMARKS.md'), markdown(results));
      log(`bench: wrote bench/results.json and BENCHMARKS.md in ${elapsed()}`);
    }
    for (const target of results.targets)
      log(
        `target ${target.met === true ? 'met' : target.met === false ? 'MISSED' : 'n/a'}: ${target.name}: ${target.measured}`,
      );
  } finally {
    await bench.close();
  }
}

// ---- summary -----------------------------------------------------------------------------------

/** Per-repetition ratios of `pick(variant block)` to `pick(baseline block)`, paired by repetition. */
function pairedRatios(data, name, pick) {
  const ratios = [];
  data[name].blocks.forEach((block, rep) => {
    const base = data[BASELINE].blocks[rep];
    if (!block || !base) return;
    const value = pick(block);
    const reference = pick(base);
    if (typeof value === 'number' && typeof reference === 'number' && reference > 0) ratios.push(value / reference);
  });
  return spread(ratios);
}

function summarize({ machine, browserVersion, data, heap, sizes, records, errors }) {
  const variants = {};
  const baselineP50 = spread(data[BASELINE].blocks.filter(Boolean).map((block) => block.latency.p50));
  const baselineHandshake = spread(data[BASELINE].handshakes);
  for (const [name, { label, kind }] of Object.entries(VARIANTS)) {
    const entry = data[name];
    const blocks = entry.blocks.filter(Boolean);
    const summary = { label, kind, available: entry.available && blocks.length > 0, reason: entry.reason ?? null };
    if (blocks.length > 0) {
      for (const p of ['p50', 'p95', 'p99']) {
        summary[`latency_${p}_ms`] = spread(blocks.map((block) => block.latency[p]));
        summary[`latency_${p}_ratio`] = pairedRatios(data, name, (block) => block.latency[p]);
      }
      if (kind === 'call') {
        summary.throughput_calls_per_s = spread(blocks.map((block) => block.throughput.callsPerSecond));
        summary.throughput_ratio = pairedRatios(data, name, (block) => block.throughput.callsPerSecond);
      }
      if (blocks.every((block) => block.ids)) {
        // Per call, in µs, and the extra cost of uuid's v4() (createId) over the pooled generator as a
        // share of the same block's p50 round trip: each repetition compares numbers from one page.
        const perCallUs = (block, key) => (block.ids[key] / block.ids.count) * 1000;
        const extraUs = (block) => perCallUs(block, 'uuidMs') - perCallUs(block, 'pooledMs');
        summary.ids = {
          count: blocks[0].ids.count,
          pooled_us: spread(blocks.map((block) => perCallUs(block, 'pooledMs'))),
          uuid_v4_us: spread(blocks.map((block) => perCallUs(block, 'uuidMs'))),
          difference_us: spread(blocks.map(extraUs)),
          difference_of_p50_percent: spread(blocks.map((block) => (extraUs(block) / (block.latency.p50 * 1000)) * 100)),
        };
      }
      if (kind === 'call') {
        summary.handshake_ms = spread(entry.handshakes);
        summary.handshake_ratio =
          summary.handshake_ms && baselineHandshake ? summary.handshake_ms.median / baselineHandshake.median : null;
      }
      if (kind === 'ui') {
        const pooled = blocks.flatMap((block) => block.render);
        const field = (key) => pooled.map((sample) => sample[key]);
        summary.create_and_render_ms = {
          p50: median(field('createAndRenderMs')),
          p95: percentile(field('createAndRenderMs'), 95),
          max: Math.max(...field('createAndRenderMs')),
          perRepetitionP50: spread(blocks.map((block) => median(block.render.map((s) => s.createAndRenderMs)))),
          n: pooled.length,
        };
        summary.create_and_render_parts_p50_ms = {
          model: median(field('modelMs')),
          render: median(field('renderMs')),
          styleAndLayout: median(field('layoutMs')),
          toNextFrame: median(field('toNextFrameMs')),
        };
        summary.create_and_render_ratio = baselineP50 ? summary.create_and_render_ms.p50 / baselineP50.median : null;
      }
    }
    if (heap[name] && !heap[name].error) {
      const h = heap[name];
      summary.heap = {
        ...h,
        widgetRetainedBytes: h.widget.afterGc - h.widget.start,
        hostRetainedBytes: h.host.afterGc - h.host.start,
      };
      const base = heap[BASELINE];
      if (base && !base.error) summary.heap.afterGcRatio = h.widget.afterGc / base.widget.afterGc;
    } else if (heap[name]?.error) {
      summary.heap = { error: heap[name].error };
    }
    variants[name] = summary;
  }

  const targets = [];
  const ratioTarget = (name, variant, key, limit, better) => {
    const value = variants[variant]?.[key];
    if (!variants[variant]?.available || !value) {
      targets.push({ name, met: null, measured: `not measured: ${variants[variant]?.reason ?? 'no data'}` });
      return;
    }
    const met = better === 'lower' ? value.median <= limit : value.median >= limit;
    targets.push({
      name,
      met,
      measured: `${value.median.toFixed(2)}× [${value.min.toFixed(2)}–${value.max.toFixed(2)}]`,
    });
  };
  ratioTarget('typed client p50 ≤ 1.15× raw MessagePort p50', 'cif', 'latency_p50_ratio', 1.15, 'lower');
  ratioTarget(
    'typed client throughput (100 in flight) ≥ 0.85× raw MessagePort',
    'cif',
    'throughput_ratio',
    0.85,
    'higher',
  );
  ratioTarget(
    'createSession on a headless host p50 ≤ 1.5× raw MessagePort p50',
    'cif-create',
    'latency_p50_ratio',
    1.5,
    'lower',
  );
  const ui = variants['cif-create-ui'];
  if (ui?.available && ui.create_and_render_ms) {
    const { p50, p95 } = ui.create_and_render_ms;
    targets.push({
      name: 'create-and-render with the default UI at 10×10 < 16 ms (judged at p95)',
      met: p95 < 16,
      measured: `p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`,
    });
  } else {
    targets.push({
      name: 'create-and-render with the default UI at 10×10 < 16 ms',
      met: null,
      measured: `not measured: ${ui?.reason ?? 'no data'}`,
    });
  }
  targets.push(recordsTarget(records));
  const ids = variants.cif?.ids;
  if (ids) {
    const share = ids.difference_of_p50_percent;
    targets.push({
      name: "createId()'s uuid v4() costs ≤ 2% of the typed client's p50 round trip more than a pooled generator",
      met: share.median <= 2,
      measured: `${share.median.toFixed(2)}% [${share.min.toFixed(2)}–${share.max.toFixed(2)}]`,
    });
  }
  // The size targets (size-budgets.json `targets`), not the CI ceilings (`budgets`).
  for (const row of sizes.filter((r) => typeof r.target === 'number')) {
    targets.push({
      name: `${row.name} ≤ ${formatBytes(row.target)} min+gzip`,
      met: row.status === 'missing' ? null : row.targetMet,
      measured: row.status === 'missing' ? 'missing (not built)' : formatBytes(row.gzip),
    });
  }
  for (const variant of ['cif', 'cif-dropin']) {
    const h = variants[variant]?.heap;
    if (!h || h.error) {
      targets.push({
        name: `${variant}: heap after 100,000 calls and GC within 1 MB of start, nothing pending`,
        met: null,
        measured: h?.error ?? 'not measured',
      });
      continue;
    }
    const within = Math.abs(h.widgetRetainedBytes) <= 1024 * 1024;
    const pendingOk = h.pendingCount === null ? null : h.pendingCount === 0;
    targets.push({
      name: `${variant}: heap after ${h.calls.toLocaleString('en-US')} calls and GC within 1 MB of start, pending map empty`,
      met: within && pendingOk !== false,
      measured: `retained ${signedKb(h.widgetRetainedBytes)}, pendingCount ${h.pendingCount ?? 'not exposed'}`,
    });
  }

  return {
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((value) => Math.round(value * 100) / 100) },
    browser: { name: 'Chromium', version: browserVersion },
    config: CONFIG,
    baseline: BASELINE,
    variants,
    repetitions: Object.fromEntries(
      Object.entries(data).map(([name, entry]) => [name, { blocks: entry.blocks, handshakes: entry.handshakes }]),
    ),
    sizes,
    records,
    targets,
    pageErrors: errors,
  };
}

// ---- BENCHMARKS.md -----------------------------------------------------------------------------

function us(msValue) {
  return `${Math.round(msValue * 1000).toLocaleString('en-US')} µs`;
}
function ms(msValue) {
  return `${msValue.toFixed(msValue < 10 ? 2 : 1)} ms`;
}
function kb(bytes) {
  return `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })} KB`;
}
function signedKb(bytes) {
  return `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`;
}
const ratioText = (r) => (r ? `**${r.median.toFixed(2)}×**` : '–');
const rangeText = (s, format) => (s ? `${format(s.median)} [${format(s.min)}–${format(s.max)}]` : '–');

function markdown(results) {
  const { machine, browser, config, variants } = results;
  const v = variants;
  const lines = [];
  const push = (...more) => lines.push(...more);
  const analysisFile = path.join(benchDir, 'analysis.md');

  push(
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.mjs) on ${results.date.slice(0, 10)}; every number below is from that one run`,
    `(${Math.round(results.durationSeconds / 60)} min). Raw data per repetition: [bench/results.json](bench/results.json). Timings are`,
    'not checked in CI; sizes are (`npm run size`).',
    '',
    '## Machine',
    '',
    `- ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB memory, ${machine.platform}`,
    `- load average ${machine.loadAverageAtStart.join(' / ')} at the start, ${machine.loadAverageAtEnd.join(' / ')} at the end (the machine is shared)`,
    `- ${browser.name} ${browser.version} (Debian), headless, driven by Playwright ${machine.playwright}; Node ${machine.node}`,
    `- comlink ${machine.comlink}, penpal ${machine.penpal}`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...results.targets.map(
      (t) => `| ${t.name} | ${t.measured} | ${t.met === true ? 'yes' : t.met === false ? '**no**' : 'n/a'} |`,
    ),
    '',
    '## Calls',
    '',
    `Each cell: median over ${config.repetitions} repetitions, [min–max] over the repetitions, and in bold the median of`,
    'the per-repetition ratios to the raw MessagePort echo. Latency: one round trip, over',
    `${config.latency.calls.toLocaleString('en-US')} sequential calls after ${config.latency.warmup.toLocaleString('en-US')} warm-up calls. Throughput:`,
    `${config.throughput.calls.toLocaleString('en-US')} calls with ${config.throughput.inFlight} in flight. Handshake: from the iframe's load event to the first answered call, over`,
    `${config.repetitions + config.extraHandshakeRounds} fresh iframes (ratio of medians).`,
    '',
    '| variant | p50 | p95 | p99 | calls/s, 100 in flight | handshake |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const [name, s] of Object.entries(v)) {
    if (s.kind !== 'call') continue;
    if (!s.available) {
      push(`| ${s.label} | not available: ${s.reason} | | | | |`);
      continue;
    }
    const cell = (key) => `${rangeText(s[`${key}_ms`], us)} ${ratioText(s[`${key}_ratio`])}`;
    const handshake = s.handshake_ms ? `${rangeText(s.handshake_ms, ms)} **${s.handshake_ratio.toFixed(2)}×**` : '–';
    push(
      `| ${name === BASELINE ? `**${s.label}**` : s.label} | ${cell('latency_p50')} | ${cell('latency_p95')} | ${cell('latency_p99')} | ${rangeText(s.throughput_calls_per_s, (x) => Math.round(x).toLocaleString('en-US'))} ${ratioText(s.throughput_ratio)} | ${handshake} |`,
    );
  }

  const ids = v.cif?.ids;
  if (ids) {
    const perCall = (x) => `${x.toFixed(3)} µs`;
    push(
      '',
      `**Ids.** In the typed client's page, after its calls in each repetition: ${ids.count.toLocaleString('en-US')} ids from the`,
      "protocol's `createId()` (the `uuid` package's `v4()`, what the client uses) and as many from the pooled generator it",
      `replaced (bench/src/pooledId.js), in alternating rounds. Per id: uuid v4 ${rangeText(ids.uuid_v4_us, perCall)}, pooled ${rangeText(ids.pooled_us, perCall)};`,
      `uuid costs ${rangeText(ids.difference_us, perCall)} more per call, **${ids.difference_of_p50_percent.median.toFixed(2)}%** [${ids.difference_of_p50_percent.min.toFixed(2)}–${ids.difference_of_p50_percent.max.toFixed(2)}%]`,
      "of the typed client's p50 round trip in the same repetition.",
    );
  }

  push(
    '',
    '## createSession',
    '',
    `Round trip of \`createSession\` from the widget (typed client), ${config.createSession.calls.toLocaleString('en-US')} sequential calls after ${config.createSession.warmup} warm-up`,
    'calls on the headless host; with the default UI, ' +
      `${config.createAndRender.calls} calls per repetition after ${config.createAndRender.warmup} warm-up calls, with ${config.createAndRender.openSessions} sessions of ${config.createAndRender.tabsPerSession} tabs open.`,
    'The host closes each new session in a later task, after it has answered (and, with the UI, after the next frame), and the',
    'widget waits for `onSessionClosed` outside the timed call. The headless probe session has one tab; the UI probe session has',
    'ten, like the ten already open. Ratios are to the raw MessagePort echo p50 of the same repetition.',
    '',
    '| variant | p50 | p95 | p99 |',
    '| --- | --- | --- | --- |',
  );
  for (const s of Object.values(v)) {
    if (s.kind === 'call') continue;
    if (!s.available) {
      push(`| ${s.label} | not available: ${s.reason} | | |`);
      continue;
    }
    const cell = (key) => `${rangeText(s[`${key}_ms`], us)} ${ratioText(s[`${key}_ratio`])}`;
    push(`| ${s.label} | ${cell('latency_p50')} | ${cell('latency_p95')} | ${cell('latency_p99')} |`);
  }
  const ui = v['cif-create-ui'];
  if (ui?.available && ui.create_and_render_ms) {
    const c = ui.create_and_render_ms;
    const parts = ui.create_and_render_parts_p50_ms;
    push(
      '',
      `**Host-side create-and-render** (default UI, ${config.createAndRender.openSessions} × ${config.createAndRender.tabsPerSession} open, ${c.n} samples pooled): p50 **${ms(c.p50)}**, p95 **${ms(c.p95)}**, max ${ms(c.max)};`,
      `per-repetition p50 ${rangeText(c.perRepetitionP50, ms)}; ${ui.create_and_render_ratio.toFixed(1)}× the raw MessagePort p50.`,
      `Median parts: model ${ms(parts.model)}, view render ${ms(parts.render)}, style and layout ${ms(parts.styleAndLayout)};`,
      `to the next frame (includes waiting up to one vsync, informative only) ${ms(parts.toNextFrame)}.`,
      '',
      "How it is timed, with `performance.mark` in the bench host page (bench/src/host.js, `measureRender`): the host's `call`",
      "trace fires synchronously when the method-table wrapper returns, and its `time` is the call's message event, so",
      "`bench:arrived` = that time on `performance.now()`'s clock (the call reaching the host, before the guard and comlink)",
      "and `bench:answered` = when the trace fires (model done). The view renders in a microtask that the model's change queued before the trace; a microtask",
      'queued from the trace therefore runs right after the render (`bench:rendered`), forces style and layout with',
      '`offsetHeight` (`bench:laid-out`), and `bench:create-and-render` = arrived → laid-out. Paint is not included: it happens',
      'in the next frame, whose wait depends on vsync, and is reported separately as "to the next frame".',
    );
  }

  push('', ...recordsMarkdown(results.records));

  push(
    '',
    '## Heap',
    '',
    `${config.heap.calls.toLocaleString('en-US')} calls with ${config.heap.inFlight} in flight after ${config.heap.warmupCalls.toLocaleString('en-US')} warm-up calls, in a fresh iframe. Heap is V8's used size of the widget's`,
    'renderer (its own CDP target, out of process since it is cross-site), read with `Runtime.getHeapUsage` before and',
    'after `HeapProfiler.collectGarbage`; "start" is read after a forced GC too. "retained" = after GC − start. The host',
    "column is the same for the host page. The ratio compares the widget heap after GC with the raw MessagePort echo's.",
    '',
    '| variant | widget start | before GC | after GC | retained | after GC ratio | host retained | pendingCount |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const s of Object.values(v)) {
    if (s.kind !== 'call') continue;
    const h = s.heap;
    if (!h) {
      push(`| ${s.label} | not measured${s.reason ? `: ${s.reason}` : ''} | | | | | | |`);
      continue;
    }
    if (h.error) {
      push(`| ${s.label} | failed: ${h.error} | | | | | | |`);
      continue;
    }
    push(
      `| ${s.label} | ${kb(h.widget.start)} | ${kb(h.widget.beforeGc)} | ${kb(h.widget.afterGc)} | ${signedKb(h.widgetRetainedBytes)} | **${h.afterGcRatio?.toFixed(2) ?? '–'}×** | ${signedKb(h.hostRetainedBytes)} | ${h.pendingCount ?? 'not exposed'} |`,
    );
  }

  push(
    '',
    '## Size',
    '',
    'Every shipped file, minified (esbuild) and gzipped at level 9, and in-memory bundles with all their dependencies',
    '(`esbuild --bundle --minify`, from source). size-budgets.json holds the CI ceilings (`npm run size` fails over one)',
    'and the size targets, which this run judges.',
    '',
    sizeTable(results.sizes),
    '',
    '## Method',
    '',
    '- **Origins.** The bench host page is on the host origin (`http://127.0.0.1:<port>`) and each widget on the widget origin',
    '  (`http://localhost:<port>`), served by examples/serve.mjs on free ports with `isolate: true`; the bench pages themselves',
    '  are routed from bench/pages/ by the browser context with the same COOP/COEP/CORP headers and the same strict CSP (no',
    '  inline script). Both documents are cross-origin isolated, so timers have 5 µs steps (checked at every block).',
    '- **Libraries as shipped.** cif-bridge runs from the built, minified script-tag bundles (`cif-bridge-host.iife.min.js`,',
    "  `cif-bridge-child.iife.min.js`) and the drop-in `msdyn_ciLibrary.js` from the host's `/webresources/Widget/` route.",
    '  comlink and penpal are bundled and minified with esbuild into the bench scripts.',
    "- **Same no-op everywhere.** raw echoes post `{ id, method: 'ping' }` and resolve a promise by id; comlink, penpal and",
    '  the typed client call `ping()` on the host, which does nothing; the drop-in calls `getMode()` (it has no `ping`), which',
    '  reads one number on the host.',
    '- **Interleaving.** Each repetition runs one block of every variant, the order rotated by one per repetition. A block',
    '  is a fresh iframe and host responder: handshake, warm-up, sequential calls, then calls in flight.',
    '- **Ratios** are medians of per-repetition ratios to the raw MessagePort echo (paired blocks, seconds apart), except',
    '  handshake and heap, which are ratios of medians / single values.',
  );
  if (results.pageErrors.length > 0) {
    push('', '## Page errors during the run', '', ...results.pageErrors.slice(0, 20).map((error) => `- ${error}`));
  }
  // The trace's cost, measured by bench/trace.mjs, which writes bench/trace.md.
  const traceFile = path.join(benchDir, 'trace.md');
  if (existsSync(traceFile)) push('', readFileSync(traceFile, 'utf8').trim());
  if (existsSync(analysisFile)) {
    push('', readFileSync(analysisFile, 'utf8').trim());
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `--records`: runs the records block alone and puts it into the last full run's results.json and
 * BENCHMARKS.md; the records section says its own date and load, as it comes from another run.
 */
async function recordsOnly() {
  const resultsFile = path.join(benchDir, 'results.json');
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  await buildBenchScripts();
  const bench = await openBench();
  try {
    results.records = await runRecords(bench, { repetitions: CONFIG.repetitions, quick, log });
  } finally {
    await bench.close();
  }
  const target = recordsTarget(results.records);
  const at = results.targets.findIndex((t) => t.name === target.name);
  if (at === -1) results.targets.splice(4, 0, target);
  else results.targets[at] = target;
  log(`target ${target.met ? 'met' : 'MISSED'}: ${target.name}: ${target.measured}`);
  if (quick) {
    log(recordsMarkdown(results.records).join('\n'));
    return;
  }
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(repoRoot, 'BENCHMARKS.md'), markdown(results));
  log('bench: wrote the records block into bench/results.json and BENCHMARKS.md');
}

if (process.argv.includes('--records')) {
  recordsOnly().catch((error) => {
    console.error(`bench: ${error?.stack ?? error}`);
    process.exit(1);
  });
} else if (process.argv.includes('--report')) {
  const results = JSON.parse(readFileSync(path.join(benchDir, 'results.json'), 'utf8'));
  writeFileSync(path.join(repoRoot, 'BENCHMARKS.md'), markdown(results));
  log('bench: rewrote BENCHMARKS.md from bench/results.json');
} else {
  main().catch((error) => {
    console.error(`bench: ${error?.stack ?? error}`);
    process.exit(1);
  });
}
