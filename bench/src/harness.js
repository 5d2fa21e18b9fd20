/**
 * The measuring side of every bench widget. Each widget script connects its own way and hands this
 * module one `call()` that makes the no-op call and resolves with its answer; everything that is
 * timed (the handshake, sequential latency, throughput with calls in flight) is timed here, the
 * same way for every variant. bench/run.mjs drives it through `window.benchWidget`.
 *
 * The page is cross-origin isolated, so `performance.now()` ticks in 5 µs steps instead of 100 µs.
 */

/**
 * What a widget script gives the harness.
 * @typedef {object} WidgetApi
 * @property {() => Promise<unknown>} call     The measured call.
 * @property {() => Promise<unknown>} [first]  The first call after the handshake (default `call`).
 * @property {() => Promise<unknown>} [after]  Awaited after each timed call, outside the timing
 *   (the createSession variants wait there for the host to close the session).
 * @property {() => Promise<unknown>} [setup]  Run once by the runner before the timed calls.
 * @property {() => number | null} [pendingCount] Calls the client still tracks.
 * @property {(count: number) => { count: number, pooledMs: number, uuidMs: number }} [ids]
 *   Times `count` ids of each generator (typed client only).
 */

/** Resolves with `performance.now()` at the window's load event: the iframe's `load` in the host. */
function loadTime() {
  if (document.readyState === 'complete') return Promise.resolve(performance.now());
  return new Promise((resolve) => window.addEventListener('load', () => resolve(performance.now()), { once: true }));
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Installs `window.benchWidget` for a variant.
 * @param {string} variant
 * @param {() => Promise<WidgetApi>} connect  Starts the handshake; called at the load event.
 */
export function installWidget(variant, connect) {
  const started = loadTime().then(async (loadedAt) => {
    const api = await connect();
    await (api.first ?? api.call)();
    const answeredAt = performance.now();
    return { api, handshakeMs: answeredAt - loadedAt, loadToFirstCallMs: answeredAt };
  });
  // Keep a failure visible to the runner instead of an unhandled rejection.
  started.catch(() => {});

  window.benchWidget = {
    variant,

    /** The handshake figures, once the first call is answered. */
    async ready() {
      const { handshakeMs, loadToFirstCallMs } = await started;
      return { handshakeMs, loadToFirstCallMs, crossOriginIsolated: globalThis.crossOriginIsolated === true };
    },

    /** Runs the variant's one-time setup (10 sessions of 10 tabs for the UI variant). */
    async setup() {
      const { api } = await started;
      await api.setup?.();
    },

    /**
     * Sequential round trips: `warmup` untimed calls, then `count` timed ones.
     * @returns {Promise<{ count: number, p50: number, p95: number, p99: number, mean: number, min: number, max: number }>}
     *   in milliseconds.
     */
    async latency(count, warmup) {
      const { api } = await started;
      const { call, after } = api;
      for (let i = 0; i < warmup; i += 1) {
        await call();
        if (after) await after();
      }
      const samples = new Float64Array(count);
      for (let i = 0; i < count; i += 1) {
        const t0 = performance.now();
        await call();
        samples[i] = performance.now() - t0;
        if (after) await after();
      }
      samples.sort();
      let sum = 0;
      for (const sample of samples) sum += sample;
      return {
        count,
        p50: percentile(samples, 50),
        p95: percentile(samples, 95),
        p99: percentile(samples, 99),
        mean: sum / count,
        min: samples[0],
        max: samples[count - 1],
      };
    },

    /**
     * `total` calls with `inFlight` of them outstanding at any time; a new call starts as each one
     * is answered. The whole block is timed, so timer precision does not matter here.
     * @returns {Promise<{ total: number, inFlight: number, ms: number, callsPerSecond: number }>}
     */
    async throughput(total, inFlight) {
      const { api } = await started;
      const { call } = api;
      let launched = 0;
      let answered = 0;
      const t0 = performance.now();
      await new Promise((resolve, reject) => {
        const launch = () => {
          launched += 1;
          call().then(() => {
            answered += 1;
            if (launched < total) launch();
            else if (answered === total) resolve();
          }, reject);
        };
        for (let i = 0; i < Math.min(inFlight, total); i += 1) launch();
      });
      const ms = performance.now() - t0;
      return { total, inFlight, ms, callsPerSecond: (total / ms) * 1000 };
    },

    /** Times the variant's id generators (null when the variant has none). */
    async ids(count) {
      const { api } = await started;
      return api.ids ? api.ids(count) : null;
    },

    /** What the client still tracks (null when the variant can't tell). */
    async pendingCount() {
      const { api } = await started;
      return api.pendingCount ? api.pendingCount() : null;
    },
  };
}

/** Reads `?host=` (the host page's origin) from the widget's URL. */
export function hostOriginParam() {
  const host = new URLSearchParams(location.search).get('host');
  if (!host) throw new Error('bench widget: the URL needs ?host=<host origin>');
  return new URL(host).origin;
}

/** Reads `?v=` (the variant) from the widget's URL. */
export function variantParam() {
  return new URLSearchParams(location.search).get('v') ?? '';
}
