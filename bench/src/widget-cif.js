/**
 * cif-bridge's typed client, from the built script-tag bundle (`CifBridgeChild`, loaded by the page
 * before this script). Three variants share the page:
 * - `cif`: `client.ping()`, the no-op on the method table;
 * - `cif-create`: `client.createSession(...)` on a headless host;
 * - `cif-create-ui`: the same on a host with the default UI, after `setup()` opened 10 sessions of
 *   10 tabs;
 * - `cif-trace-{ping,log}-{on,off}` (bench/trace.mjs): `ping()`, or `logAnalyticsEvent` with a small
 *   object, against a host whose trace is on or off.
 * In the createSession variants the host closes each probe session once it has answered (and, with
 * the UI, measured its render); the widget waits for `onSessionClosed` outside the timed call, so
 * the session cap is never hit and every probe sees the same number of open sessions.
 * - `cif-records`: `client.searchAndOpenRecords(...)` looking a caller up by phone number, as a
 *   softphone does, on a host whose embedded store holds 10,000 contacts.
 */
import { createId } from '../../packages/bridge-protocol/src/createId.ts';
import { pooledId } from './pooledId.js';
import { hostOriginParam, installWidget, variantParam } from './harness.js';
import { NEEDLE } from './records.js';

const hostOrigin = hostOriginParam();
const variant = variantParam();

/*
 * Diagnostic variants for bench/profile.mjs, which switch off one per-call cost through the public
 * API, with no change to the library:
 * - `cif-no-timer`: `timeoutMs: Infinity`, so no call arms a timeout timer;
 * - `cif-fixed-id`: passes a correlationId, so the client makes no uuid per call;
 * - `cif-lean`: both.
 */
const noTimer = variant === 'cif-no-timer' || variant === 'cif-lean';
const fixedId = variant === 'cif-fixed-id' || variant === 'cif-lean';

/**
 * The cost of the ids the typed client makes, one per call without a correlationId: `count` calls of
 * the protocol's `createId` (the `uuid` package's `v4()`, which the client uses) against `count`
 * calls of the pooled generator it replaced (pooledId.js), in alternating rounds so that both see
 * the same load. Returns the total milliseconds of each.
 * @param {number} count
 */
function ids(count) {
  const rounds = 10;
  const perRound = Math.ceil(count / rounds);
  let sink = 0;
  let pooledMs = 0;
  let uuidMs = 0;
  for (let round = 0; round < rounds; round += 1) {
    let t0 = performance.now();
    for (let i = 0; i < perRound; i += 1) sink += pooledId().length;
    pooledMs += performance.now() - t0;
    t0 = performance.now();
    for (let i = 0; i < perRound; i += 1) sink += createId().length;
    uuidMs += performance.now() - t0;
  }
  // Read, so the loops can't be dropped as dead code.
  if (sink !== 2 * 36 * rounds * perRound) throw new Error('bench: an id was not 36 characters long');
  return { count: rounds * perRound, pooledMs, uuidMs };
}

installWidget(variant, async () => {
  const client = await CifBridgeChild.connect(noTimer ? { hostOrigin, timeoutMs: Infinity } : { hostOrigin });
  const ping = fixedId ? () => client.ping('bench-correlation-id') : () => client.ping();
  const pendingCount = () => client.pendingCount;
  if (variant === 'cif-records') {
    // As a softphone sends it: the number unencoded, its plus sign included, search only.
    const query = `?$select=fullname,contactid&$filter=contains(mobilephone,'${NEEDLE}')`;
    return { first: ping, call: () => client.searchAndOpenRecords('contact', query, true), pendingCount };
  }
  // bench/trace.mjs: a call with a typical JSON argument (a small object, as context updates and
  // analytics events carry), whose copy the host's trace keeps.
  if (variant.startsWith('cif-trace-log')) {
    const data = { customer: 'Ada Lovelace', queue: 'Support', channel: 'voice', wait: { seconds: 12, tier: 'gold' } };
    return { call: () => client.logAnalyticsEvent(data, 'bench'), pendingCount };
  }
  if (!variant.startsWith('cif-create')) return { call: ping, pendingCount, ids };

  // The headless probe is the smallest session (its anchor tab only); the UI probe has ten tabs, like
  // the ten sessions already open.
  const template = variant === 'cif-create-ui' ? 'bench10' : 'bench1';
  let closed = () => {};
  await client.addHandler('onSessionClosed', () => closed());
  let whenClosed = Promise.resolve();
  return {
    first: ping,
    call() {
      whenClosed = new Promise((resolve) => {
        closed = resolve;
      });
      return client.createSession({ templateName: template, context: { bench: 'probe' } });
    },
    after: () => whenClosed,
    async setup() {
      if (variant !== 'cif-create-ui') return;
      for (let i = 0; i < 10; i += 1)
        await client.createSession({ templateName: 'bench10', context: { bench: 'keep' } });
    },
    pendingCount,
  };
});
