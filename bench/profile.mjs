/**
 * Where does cif-bridge's own time go per call, compared with comlink alone?
 *
 *   npm run build && node bench/profile.mjs            print the tables; write bench/profile.json
 *   node bench/profile.mjs --calls=40000 --rounds=3
 *   node bench/profile.mjs --ui                         the default UI's create-and-render instead
 *
 * It runs the throughput block (calls with 100 in flight) of `raw-port`, `comlink` and `cif` with
 * V8's sampling CPU profiler on both renderer main threads: the widget's (its own CDP target, out of
 * process) and the host page's. Blocks are interleaved over rounds and the profiles summed. It loads
 * the readable IIFE builds and unminified bench scripts, so functions keep their names.
 *
 * With 100 calls in flight both main threads are busy, so their busy time per call (all samples but
 * `(idle)`) is the CPU cost of one call on that side. The tables give that cost, and each function's
 * self time per call, so the difference between `cif` and `comlink` can be read function by function.
 * A sampling profiler attributes time to whatever runs at each 50 µs tick: a function with under
 * ~0.2 µs/call over 60,000 calls is noise.
 *
 * It also times the primitives cif-bridge adds to each call in a widget (`crypto.randomUUID`,
 * `setTimeout` + `clearTimeout`, the `Map` of pending calls), in loops of 100,000, as a check on the
 * profile's numbers.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchDir, buildBenchScripts, mountWidget, openBench, unmountWidget } from './browser.mjs';

const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : fallback;
};
const CALLS = arg('calls', 20000);
const ROUNDS = arg('rounds', 3);
/** `cif-no-timer`, `cif-fixed-id` and `cif-lean` switch off one per-call cost each (bench/src/widget-cif.js). */
const VARIANTS = ['raw-port', 'comlink', 'cif', 'cif-no-timer', 'cif-fixed-id', 'cif-lean'];
const SAMPLING_INTERVAL_US = 50;

/** Adds one CPU profile's self time per function to `totals` (µs, keyed by name and file). */
function addProfile(totals, profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i += 1) {
    // timeDeltas[i] is the time since the previous sample: it belongs to the previous sample's node.
    const delta = timeDeltas[i + 1] ?? 0;
    const { callFrame } = byId.get(samples[i]);
    const file = callFrame.url ? path.basename(new URL(callFrame.url).pathname) : '';
    const key = `${callFrame.functionName || '(anonymous)'}${file ? ` ${file}:${callFrame.lineNumber + 1}` : ''}`;
    totals.set(key, (totals.get(key) ?? 0) + delta);
  }
}

async function profileBlock(bench, variant, totals) {
  const { frame } = await mountWidget(bench, variant);
  const widgetCdp = await bench.context.newCDPSession(frame);
  const sessions = { widget: widgetCdp, host: bench.hostCdp };
  try {
    await frame.evaluate((c) => window.benchWidget.throughput(c, 100), 5000);
    for (const cdp of Object.values(sessions)) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
      await cdp.send('Profiler.start');
    }
    const run = await frame.evaluate((c) => window.benchWidget.throughput(c, 100), CALLS);
    for (const [side, cdp] of Object.entries(sessions)) {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.send('Profiler.disable');
      addProfile(totals[side], profile);
    }
    return run.callsPerSecond;
  } finally {
    await widgetCdp.detach().catch(() => {});
    await unmountWidget(bench);
  }
}

/** Times the per-call primitives in the widget page, in ns per operation. */
function primitives(frame) {
  return frame.evaluate(() => {
    const N = 100_000;
    const time = (fn) => {
      fn(1000);
      const t0 = performance.now();
      fn(N);
      return ((performance.now() - t0) * 1e6) / N;
    };
    const noop = () => {};
    return {
      'crypto.randomUUID()': time((n) => {
        for (let i = 0; i < n; i += 1) crypto.randomUUID();
      }),
      "comlink's generateUUID (4 × Math.random().toString(16))": time((n) => {
        for (let i = 0; i < n; i += 1) {
          new Array(4)
            .fill(0)
            .map(() => Math.floor(Math.random() * Number.MAX_SAFE_INTEGER).toString(16))
            .join('-');
        }
      }),
      'setTimeout(fn, 10000) + clearTimeout, 100 live': time((n) => {
        const live = [];
        for (let i = 0; i < n; i += 1) {
          live.push(setTimeout(noop, 10_000));
          if (live.length > 100) clearTimeout(live.shift());
        }
        for (const t of live) clearTimeout(t);
      }),
      'Map set + get + delete of a pending-call object': time((n) => {
        const map = new Map();
        for (let i = 0; i < n; i += 1) {
          const key = `k${i}`;
          map.set(key, { timer: undefined, signal: undefined, onAbort: undefined });
          map.get(key);
          map.delete(key);
        }
      }),
    };
  });
}

/**
 * `--ui`: the host page's profile while the default UI creates and renders sessions with 10 × 10
 * open (the `cif-create-ui` block), by function, in ms per created session.
 */
async function profileUi() {
  await buildBenchScripts({ minify: false });
  const bench = await openBench({ unminified: true });
  const totals = new Map();
  const probes = 20;
  try {
    const { frame } = await mountWidget(bench, 'cif-create-ui');
    await frame.evaluate(() => window.benchWidget.setup());
    await frame.evaluate(() => window.benchWidget.latency(0, 3));
    const cdp = bench.hostCdp;
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await cdp.send('Profiler.start');
    await frame.evaluate((c) => window.benchWidget.latency(c, 0), probes);
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.send('Profiler.disable');
    addProfile(totals, profile);
    const samples = (await bench.page.evaluate(() => window.benchHost.renderSamples())).slice(3);
    await unmountWidget(bench);
    const sorted = samples.map((sample) => sample.createAndRenderMs).sort((a, b) => a - b);
    console.log(
      `create-and-render, profiler on: p50 ${sorted[sorted.length >> 1].toFixed(1)} ms over ${sorted.length} sessions`,
    );
  } finally {
    await bench.close();
  }
  console.log(`\nhost self time per created session (ms), top 30; each probe also closes its session`);
  const rows = [...totals.entries()]
    .filter(([key]) => key !== '(idle)' && key !== '(root)')
    .sort((a, b) => b[1] - a[1]);
  for (const [name, us] of rows.slice(0, 30)) console.log(`${(us / 1000 / probes).toFixed(2).padStart(7)}  ${name}`);
}

async function main() {
  if (process.argv.includes('--ui')) return profileUi();
  await buildBenchScripts({ minify: false });
  const bench = await openBench({ unminified: true });
  const totals = Object.fromEntries(VARIANTS.map((v) => [v, { widget: new Map(), host: new Map() }]));
  const rates = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  let prims;
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of VARIANTS) {
        rates[variant].push(await profileBlock(bench, variant, totals[variant]));
        console.log(`round ${round + 1}/${ROUNDS} ${variant}: ${Math.round(rates[variant].at(-1))} calls/s`);
      }
    }
    const { frame } = await mountWidget(bench, 'cif');
    prims = await primitives(frame);
    await unmountWidget(bench);
  } finally {
    await bench.close();
  }

  const calls = CALLS * ROUNDS;
  const report = { calls, samplingIntervalUs: SAMPLING_INTERVAL_US, variants: {}, primitivesNsPerOp: prims };
  for (const variant of VARIANTS) {
    report.variants[variant] = { callsPerSecond: rates[variant] };
    for (const side of ['widget', 'host']) {
      const map = totals[variant][side];
      const total = [...map.values()].reduce((a, b) => a + b, 0);
      const idle = map.get('(idle)') ?? 0;
      const functions = [...map.entries()]
        .filter(([key]) => key !== '(idle)' && key !== '(root)')
        .map(([key, us]) => ({ function: key, usPerCall: us / calls }))
        .sort((a, b) => b.usPerCall - a.usPerCall);
      report.variants[variant][side] = { busyUsPerCall: (total - idle) / calls, functions };
    }
  }
  writeFileSync(path.join(benchDir, 'profile.json'), `${JSON.stringify(report, null, 2)}\n`);

  console.log(
    `\nbusy main-thread time per call (µs), ${calls.toLocaleString('en-US')} calls per variant, 100 in flight`,
  );
  console.log('variant        widget    host   calls/s (median of rounds, profiler on)');
  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
  for (const variant of VARIANTS) {
    const v = report.variants[variant];
    console.log(
      `${variant.padEnd(13)} ${v.widget.busyUsPerCall.toFixed(2).padStart(7)} ${v.host.busyUsPerCall.toFixed(2).padStart(7)}   ${Math.round(median(v.callsPerSecond))}`,
    );
  }
  for (const variant of ['comlink', 'cif', 'cif-lean']) {
    for (const side of ['widget', 'host']) {
      console.log(`\n${variant} ${side}: self time per call (µs), top 25`);
      for (const { function: name, usPerCall } of report.variants[variant][side].functions.slice(0, 25)) {
        console.log(`${usPerCall.toFixed(2).padStart(7)}  ${name}`);
      }
    }
  }
  console.log('\nprimitives in the widget (ns per operation)');
  for (const [name, ns] of Object.entries(prims)) console.log(`${ns.toFixed(0).padStart(7)}  ${name}`);
  console.log(
    '\nbench/profile.json written. Run `npm run bench` (or node bench/run.mjs) afterwards: it rebuilds the minified bench scripts.',
  );
}

main().catch((error) => {
  console.error(`profile: ${error?.stack ?? error}`);
  process.exit(1);
});
