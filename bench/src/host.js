/**
 * The bench's host page: for each block the runner asks for, it opens one widget iframe on the widget
 * origin with the responder of that variant, and removes both afterwards. bench/run.mjs drives it
 * through `window.benchHost`; the widget side is bench/src/widget-*.js.
 *
 * Responders, by variant:
 * - `raw-window`: echoes each window message from the frame back to it, at its origin;
 * - `raw-port`, `comlink`: answer one hello with a private MessagePort, then echo on it, or serve
 *   `{ ping() {} }` on it with comlink's `expose`;
 * - `penpal`: penpal 7's parent side with the same `ping` method;
 * - `cif`, `cif-dropin`, `cif-create`: a headless cif-bridge host from the built script-tag bundle
 *   (`CifBridgeHost`, loaded by the page before this script);
 * - `cif-create-ui`: the same host rendering its default UI into `#desktop`;
 * - `cif-records`: a headless host whose `records` is the embedded store of bench/src/records.js.
 *
 * Create-and-render time (the UI variant) is taken here, with performance marks, because only the
 * host sees it; see `measureRender` for what is timed.
 */
import { expose } from 'comlink';
import { WindowMessenger, connect as penpalConnect } from 'penpal';
import { rawScanLatency, recordStore } from './records.js';

/** The page of each variant, under /bench/ on the widget origin. */
const WIDGET_PAGES = {
  'raw-window': 'widget-raw.html',
  'raw-port': 'widget-raw.html',
  comlink: 'widget-comlink.html',
  penpal: 'widget-penpal.html',
  cif: 'widget-cif.html',
  'cif-dropin': 'widget-dropin.html',
  'cif-create': 'widget-cif.html',
  'cif-create-ui': 'widget-cif.html',
  'cif-records': 'widget-cif.html',
  // Diagnostic variants of bench/profile.mjs (see bench/src/widget-cif.js).
  'cif-no-timer': 'widget-cif.html',
  'cif-fixed-id': 'widget-cif.html',
  'cif-lean': 'widget-cif.html',
  // The trace's cost (bench/trace.mjs): the same calls with the host's trace on (as shipped) and off.
  'cif-trace-ping-on': 'widget-cif.html',
  'cif-trace-ping-off': 'widget-cif.html',
  'cif-trace-log-on': 'widget-cif.html',
  'cif-trace-log-off': 'widget-cif.html',
};

/** Ten tab templates; every tab is a sandboxed `website` iframe on a tiny page of this origin. */
const tabTemplates = Array.from({ length: 10 }, (_, index) => ({
  name: `tab${index}`,
  title: `Tab ${index}`,
  type: 'website',
  parameters: { url: `${location.origin}/bench/tab.html` },
}));

/** `bench1` has the anchor tab only; `bench10` opens all ten tabs. */
const sessionTemplates = [
  { name: 'bench1', title: 'Bench session', anchorTab: 'tab0' },
  { name: 'bench10', title: 'Bench session', anchorTab: 'tab0', tabs: tabTemplates.slice(1).map((tab) => tab.name) },
];

/** What `unmount` must undo. */
let current;

/** Answers one bench hello from `frame` with a fresh channel; `serve` gets the host's end. */
function acceptHello(frame, widgetOrigin, serve) {
  const onMessage = (event) => {
    if (event.source !== frame.contentWindow || event.origin !== widgetOrigin) return;
    if (event.data?.type !== 'bench/hello') return;
    const { port1, port2 } = new MessageChannel();
    serve(port1);
    event.source.postMessage({ type: 'bench/welcome' }, event.origin, [port2]);
  };
  window.addEventListener('message', onMessage);
  return () => window.removeEventListener('message', onMessage);
}

/**
 * Times a createSession on the UI host, from the call's arrival in the host's method table to the
 * end of style and layout of the rendered view. Called from the host's trace (its `call` entry), which
 * is recorded synchronously when the method returns (after the model changed and the view queued its
 * render).
 *
 * Marks (each a `performance.mark` with the given name):
 * - `bench:arrived`: the call's message event (the entry's `time`, on `performance.now()`'s clock);
 * - `bench:answered`: the model is done (the trace); the reply is posted right after this task;
 * - `bench:rendered`: the view's render has run (it renders in a microtask queued before ours);
 * - `bench:laid-out`: style and layout of the new DOM are done (forced with `offsetHeight`, so they
 *   are timed with the render instead of waiting for the next frame);
 * - `bench:frame`: a task after the next animation frame, i.e. the frame showing the session has
 *   been produced. It includes the wait for the frame, up to one vsync, so it is informative only.
 * `bench:create-and-render` measures `bench:arrived` → `bench:laid-out`.
 */
function measureRender(entry, container, done) {
  const answered = performance.now();
  performance.mark('bench:arrived', { startTime: entry.time - performance.timeOrigin });
  performance.mark('bench:answered', { startTime: answered });
  queueMicrotask(() => {
    performance.mark('bench:rendered');
    void container.offsetHeight;
    performance.mark('bench:laid-out');
    performance.measure('bench:create-and-render', 'bench:arrived', 'bench:laid-out');
    requestAnimationFrame(() => {
      setTimeout(() => {
        performance.mark('bench:frame');
        performance.measure('bench:to-next-frame', 'bench:arrived', 'bench:frame');
        const last = (name) => performance.getEntriesByName(name).at(-1).startTime;
        renderSamples.push({
          modelMs: last('bench:answered') - last('bench:arrived'),
          renderMs: last('bench:rendered') - last('bench:answered'),
          layoutMs: last('bench:laid-out') - last('bench:rendered'),
          createAndRenderMs: performance.getEntriesByName('bench:create-and-render').at(-1).duration,
          toNextFrameMs: performance.getEntriesByName('bench:to-next-frame').at(-1).duration,
        });
        performance.clearMarks();
        performance.clearMeasures();
        done();
      }, 0);
    });
  });
}

/** Create-and-render samples of the current UI block. */
let renderSamples = [];

/**
 * Starts a cif-bridge host for `frame`. With `probes`, it also closes each probe session in a later
 * task, once the reply is on its way, so the close is not part of the timed call. Only the UI variant
 * listens to `trace`, for its timing; every host keeps its trace, as shipped, unless `trace` is false
 * (bench/trace.mjs measures the trace's cost that way).
 */
function startCifHost(frame, widgetUrl, { probes, withUi, records, trace }) {
  const container = document.getElementById('desktop');
  const host = window.CifBridgeHost.createHost({
    providers: [{ name: 'bench', url: widgetUrl, frame }],
    sessionTemplates,
    tabTemplates,
    // Ten kept sessions plus the probe.
    maxSessions: 11,
    ...(withUi ? { container } : {}),
    ...(records ? { records } : {}),
    ...(trace === false ? { trace: false } : {}),
  });
  if (!probes) return () => host.destroy();
  let probe;
  host.on('sessionCreated', (session) => {
    if (session.context?.bench !== 'probe') return;
    if (withUi) probe = session.id;
    else setTimeout(() => host.closeSession(session.id), 0);
  });
  if (withUi) {
    host.on('trace', (entry) => {
      if (entry.kind !== 'call' || entry.method !== 'createSession' || probe === undefined) return;
      const id = probe;
      probe = undefined;
      measureRender(entry, container, () => host.closeSession(id));
    });
  }
  return () => host.destroy();
}

window.benchHost = {
  /**
   * Opens the widget iframe of `variant` and its responder. Resolves with the widget's URL once the
   * iframe has loaded; the widget then measures its own handshake from that load event.
   */
  async mount(variant, widgetOrigin) {
    if (current) this.unmount();
    const page = WIDGET_PAGES[variant];
    if (!page) throw new Error(`bench host: unknown variant ${variant}`);
    const url = `${widgetOrigin}/bench/${page}?v=${variant}&host=${encodeURIComponent(location.origin)}${location.search.includes('unminified=1') ? '&unminified=1' : ''}`;
    const frame = document.createElement('iframe');
    frame.title = `bench widget (${variant})`;
    // The widget must be cross-origin isolated too, or its performance.now() is coarsened to 100 µs.
    frame.allow = 'cross-origin-isolated';
    frame.src = url;
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    renderSamples = [];

    let stop;
    if (variant === 'cif-create-ui') {
      // The view places the frame in its communication panel; inserting it first would load it twice.
      stop = startCifHost(frame, url, { probes: true, withUi: true });
    } else {
      document.body.append(frame);
      if (variant === 'raw-window') {
        const onMessage = (event) => {
          if (event.source === frame.contentWindow && event.origin === widgetOrigin)
            event.source.postMessage(event.data, event.origin);
        };
        window.addEventListener('message', onMessage);
        stop = () => window.removeEventListener('message', onMessage);
      } else if (variant === 'raw-port') {
        const ports = [];
        const remove = acceptHello(frame, widgetOrigin, (port) => {
          ports.push(port);
          port.onmessage = (event) => port.postMessage(event.data);
        });
        stop = () => {
          remove();
          for (const port of ports) port.close();
        };
      } else if (variant === 'comlink') {
        const ports = [];
        const remove = acceptHello(frame, widgetOrigin, (port) => {
          ports.push(port);
          expose({ ping() {} }, port);
        });
        stop = () => {
          remove();
          for (const port of ports) port.close();
        };
      } else if (variant === 'penpal') {
        const connection = penpalConnect({
          messenger: new WindowMessenger({ remoteWindow: frame.contentWindow, allowedOrigins: [widgetOrigin] }),
          methods: { ping() {} },
        });
        connection.promise.catch(() => {});
        stop = () => connection.destroy();
      } else if (variant === 'cif-records') {
        // The store is made and seeded by `prepareRecords` before the block, so no timed call opens it.
        const { store } = await recordStore(0);
        stop = startCifHost(frame, url, { probes: false, withUi: false, records: store });
      } else {
        stop = startCifHost(frame, url, {
          probes: variant === 'cif-create',
          withUi: false,
          trace: !variant.endsWith('-off'),
        });
      }
    }
    current = { frame, stop };
    await loaded;
    return url;
  },

  /** Removes the widget iframe and its responder. */
  unmount() {
    if (!current) return;
    const { frame, stop } = current;
    current = undefined;
    stop();
    frame.remove();
  },

  /** The create-and-render samples of the current block, in milliseconds. */
  renderSamples() {
    return renderSamples;
  },

  /**
   * Makes the records block's store and seeds it with `count` contacts, once per page.
   * @returns {Promise<{ seedMs: number }>} how long the first open, which stores the seed, took.
   */
  async prepareRecords(count) {
    const { seedMs } = await recordStore(count);
    return { seedMs };
  },

  /**
   * The records block's baseline: raw reads of the store's database (`how`: `cursor` or `getAll`),
   * timed in this page.
   */
  rawScanLatency(count, warmup, how) {
    return rawScanLatency(count, warmup, how);
  },

  /** How many widget frames are in the page (the runner checks that blocks do not leak frames). */
  frameCount() {
    return document.querySelectorAll('iframe').length;
  },
};
