/**
 * Load: ten providers in one host page each make 1,000 concurrent calls, ten times over,
 * so 100,000 calls in all. Every call must be answered exactly once, with its own answer (the host's
 * handler echoes the caller's provider name and arguments, so a reply that reached the wrong call or
 * the wrong widget shows), and afterwards nothing may be pending on either side.
 */
import { expect, test } from './driver/test.js';
import { expectNoTrouble } from './support/assertions.js';
import { diagnostics, openTestHost } from './support/hosts.js';
import { connectedWidget, widgetUrl } from './support/widgets.js';

const PROVIDERS = 10;
const CONCURRENT = 1_000;
const WAVES = 10;

test('ten providers × 1,000 concurrent calls, 100,000 in all: each answered once, no cross-talk, nothing left pending', async ({
  driver,
}) => {
  test.slow();
  const page = await driver.newPage();
  const names = Array.from({ length: PROVIDERS }, (_, i) => `p${i}`);
  const urls = names.map((name) => widgetUrl(`as=${name}`));
  await openTestHost(
    page,
    names.map((name, i) => ({ name, url: urls[i]! })),
  );
  const frames = await Promise.all(urls.map((url) => connectedWidget(page, url)));

  const results = await Promise.all(
    frames.map((frame, index) =>
      frame.evaluate(
        async ([name, concurrent, waves]) => {
          type Echo = { provider: string; args: [string, number, number] };
          const client = (
            window as unknown as {
              client: { callHandler(m: string, a: unknown[], c: string): Promise<Echo>; pendingCount: number };
            }
          ).client;
          const tally = { answered: 0, wrong: 0, failed: 0, maxPending: 0 };
          for (let wave = 0; wave < waves; wave++) {
            const calls: Promise<void>[] = [];
            for (let i = 0; i < concurrent; i++) {
              calls.push(
                client.callHandler('retrieveRecord', [name, wave, i], `${name}-${wave}-${i}`).then(
                  (echo) => {
                    const [who, w, n] = echo.args;
                    if (echo.provider === name && who === name && w === wave && n === i) tally.answered += 1;
                    else tally.wrong += 1;
                  },
                  () => {
                    tally.failed += 1;
                  },
                ),
              );
            }
            tally.maxPending = Math.max(tally.maxPending, client.pendingCount);
            await Promise.all(calls);
          }
          return { ...tally, pendingAfter: client.pendingCount };
        },
        [names[index]!, CONCURRENT, WAVES] as const,
      ),
    ),
  );

  for (const result of results) {
    expect(result).toEqual({
      answered: CONCURRENT * WAVES,
      wrong: 0,
      failed: 0,
      maxPending: CONCURRENT,
      pendingAfter: 0,
    });
  }
  // The host ran its handler once for every correlationId, 100,000 of them, and is done with all.
  const counts = await page.evaluate(() => {
    const values = Object.values((window as unknown as { handled: Record<string, number> }).handled);
    return { ids: values.length, calls: values.reduce((sum, n) => sum + n, 0) };
  });
  expect(counts).toEqual({ ids: PROVIDERS * CONCURRENT * WAVES, calls: PROVIDERS * CONCURRENT * WAVES });
  expect(await diagnostics(page)).toMatchObject({ connections: PROVIDERS, callsInProgress: 0, queuedEvents: 0 });
  await expectNoTrouble(page);
});
