/**
 * The default host UI (renderHostView) in a real browser, against a fake HostViewController
 * (fixtures/host-view.ts). The page and its web resources are served from one loopback server, and
 * the framed widget pages from another, on another site (support/hosts.ts, `startHostView`); each
 * server logs the framed pages it serves, which is how a test sees a frame load or reload.
 *
 * The page is served with `Content-Security-Policy: style-src 'self'` and every test ends by checking
 * that no violation happened: the view must work without inline styles. Scripts are deliberately not
 * restricted by the policy, so the markup-injection test fails if the view ever parses a title as HTML
 * rather than being saved by the CSP.
 */
import { type DriverPage as Page, expect, type Locator, test as base } from './driver/test.js';
import type { FixtureState } from './fixtures/host-view.js';
import { box, cutOff, expectInside, expectSideBySide } from './support/assertions.js';
import { buildHostView, type HostViewServers, startHostView } from './support/hosts.js';

/**
 * `hostView`: the fixture's servers, one pair per worker, serving a bundle built then, in memory, so
 * no stale file can be loaded. `view`: a page of the test's driver showing the fixture.
 */
const test = base.extend<{ view: Page }, { hostView: HostViewServers }>({
  hostView: [
    // eslint-disable-next-line no-empty-pattern -- a worker fixture that needs no other fixture
    async ({}, use) => {
      const servers = await startHostView(await buildHostView());
      try {
        await use(servers);
      } finally {
        await servers.close();
      }
    },
    { scope: 'worker' },
  ],
  view: async ({ driver, hostView }, use) => {
    const page = await driver.newPage();
    await hostView.open(page);
    await use(page);
  },
});

/** Changes the fake model's state in the page and waits for the view's render. */
async function change(page: Page, mutate: (state: FixtureState) => void): Promise<void> {
  await page.evaluate(async (source) => {
    // The mutation is sent as source text: functions can't cross into the page as arguments.
    const apply = new Function('state', `(${source})(state)`) as (state: FixtureState) => void;
    window.cifb.change(apply);
    await window.cifb.flush();
  }, mutate.toString());
}

/** A notification for {@link notify}: no fields and buttons Accept and Reject unless given. */
interface NewNotification {
  id: string;
  provider: string;
  title: string;
  fields?: { label: string; value: string }[];
  acceptLabel?: string;
  rejectLabel?: string;
  /** It expires this many milliseconds after it is added, by the page's clock. */
  expiresIn: number;
}

/** Adds a notification to the fake model and waits for the view's render. */
async function notify(page: Page, added: NewNotification): Promise<void> {
  await page.evaluate(async (n) => {
    window.cifb.change((state) => {
      state.notifications.push({
        id: n.id,
        provider: n.provider,
        title: n.title,
        fields: n.fields ?? [],
        acceptLabel: n.acceptLabel ?? 'Accept',
        rejectLabel: n.rejectLabel ?? 'Reject',
        expiresAt: Date.now() + n.expiresIn,
      });
    });
    await window.cifb.flush();
  }, added);
}

async function calls(page: Page): Promise<unknown[][]> {
  return page.evaluate(() => window.cifb.calls);
}

/** The accessible name of each element `locator` matches now, as the driver's role resolver computes it. */
async function names(locator: Locator): Promise<string[]> {
  return (await locator.info()).map((element) => element.name);
}

/**
 * The accessible description of the one element `locator` matches: the text of the elements its
 * `aria-describedby` names, where a descendant with an `aria-label` (a badge) counts as that label
 * and a hidden one counts as nothing, whitespace collapsed.
 */
function description(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const text = (node: Node): string => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
      if (!(node instanceof Element) || node.hasAttribute('hidden') || node.getAttribute('aria-hidden') === 'true') {
        return '';
      }
      return node.getAttribute('aria-label') ?? [...node.childNodes].map(text).join(' ');
    };
    const ids = element.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
    const parts = ids.map((id) => document.getElementById(id)).filter((part) => part !== null);
    return parts
      .map((part) => [...part.childNodes].map(text).join(' '))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
  });
}

test.afterEach(async ({ view: page }) => {
  expect(await page.evaluate(() => window.cifb.violations)).toEqual([]);
});

test('lists Home first, then each session with its provider, and marks the focused one', async ({ view: page }) => {
  const sessions = page.getByRole('tablist', { name: 'Sessions' });
  const tabs = sessions.getByRole('tab');
  await expect(tabs).toHaveCount(4);
  await expect.poll(() => names(tabs.nth(0))).toEqual(['Home']);
  await expect.poll(() => names(tabs.nth(1))).toEqual(['Call with Ann Smith']);
  await expect.poll(() => names(tabs.nth(2))).toEqual(['Chat with Bob Jones']);

  const ann = sessions.getByRole('tab', { name: 'Call with Ann Smith' });
  await expect(ann).toHaveAttribute('aria-selected', 'true');
  await expect(ann).toHaveAttribute('aria-current', 'true');
  await expect.poll(() => description(ann)).toMatch(/Contoso Phone/);
  await expect(sessions.getByRole('tab', { name: 'Home' })).toHaveAttribute('aria-selected', 'false');
  await expect(sessions.getByRole('tab', { name: 'Chat with Bob Jones' })).not.toHaveAttribute('aria-current', /.*/);

  await expect(page.getByRole('tablist', { name: 'Tabs' }).getByRole('tab')).toHaveCount(3);
  await expect.poll(() => names(page.getByRole('tabpanel'))).toEqual(['Customer']);
});

test('shows markup from a title as text and runs none of it', async ({ view: page }) => {
  const title = '<img src=x onerror="window.__pwned=1">';
  // Had the view parsed the title as HTML (even into a detached element), its image would have
  // started loading `x` during the first render. An image of the same failing URL started now must
  // fail after it: once this one's error event has fired, the injected one's onerror would have run.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const marker = new Image();
        marker.addEventListener('error', () => resolve());
        marker.addEventListener('load', () => reject(new Error('the marker image was expected to fail')));
        marker.src = 'x';
      }),
  );
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  const evil = page.getByRole('tab', { name: title, exact: true });
  await expect(evil).toBeVisible();
  await expect(evil).toContainText(title);
  await evil.click();
  await expect(page.getByRole('tab', { name: '<b>bold</b>', exact: true })).toBeVisible();
  // The anchor tab's url is javascript:…, which must be refused rather than loaded.
  await expect(page.getByRole('tabpanel')).toContainText('Refused to open javascript:window.__pwned=2');
  // A javascript: URL given to a frame runs in that frame, after the navigation task it queues. A
  // frame given one now, after the view rendered the tab, runs its script after any the view started.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const marker = window as unknown as { __markerRan?: () => void };
        const frame = document.createElement('iframe');
        marker.__markerRan = () => {
          frame.remove();
          resolve();
        };
        frame.src = 'javascript:void parent.__markerRan()';
        document.body.append(frame);
      }),
  );
  for (const frame of await page.frames()) {
    expect(await frame.evaluate(() => window.__pwned), await frame.url()).toBeUndefined();
  }
  expect(await page.locator('.cifb-host img, .cifb-host b').count()).toBe(0);
  expect(await page.locator('iframe[src^="javascript:"]').count()).toBe(0);
});

test('clicking a session focuses it, and Home focuses home', async ({ view: page, hostView }) => {
  await page.getByRole('tab', { name: 'Chat with Bob Jones' }).click();
  expect(await calls(page)).toEqual([['focusSession', 's-bob']]);
  await expect(page.getByRole('tab', { name: 'Chat with Bob Jones' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tablist', { name: 'Tabs' }).getByRole('tab', { name: 'Order 1042' })).toBeVisible();
  await expect(page.getByRole('tabpanel').locator('.cifb-tab-content:not([hidden]) iframe')).toHaveAttribute(
    'src',
    `${hostView.widgetOrigin}/customer.html?name=Bob`,
  );

  await page.getByRole('tab', { name: 'Home' }).click();
  expect((await calls(page)).at(-1)).toEqual(['focusSession', null]);
  await expect(page.getByRole('tabpanel')).toContainText('Rendered by the host page');
});

test('close buttons close sessions and tabs; Home, anchor and fixed tabs have none', async ({ view: page }) => {
  await expect(page.getByRole('button', { name: 'Close session Home' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Close tab Customer' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Close tab Call notes' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Close tab Knowledge base' }).click();
  expect(await calls(page)).toEqual([['closeTab', 's-ann', 't-ann-kb']]);
  await expect(page.getByRole('tab', { name: 'Knowledge base' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Close session Chat with Bob Jones' }).click();
  // Closing must not also focus the session it closes.
  expect((await calls(page)).slice(1)).toEqual([['closeSession', 's-bob']]);
  await expect(page.getByRole('tab', { name: 'Chat with Bob Jones' })).toHaveCount(0);
});

test('shows new activity, KPI breach and focus request badges, with their details', async ({ view: page }) => {
  const bob = page.getByRole('tablist', { name: 'Sessions' }).locator('.cifb-tabitem', {
    has: page.getByRole('tab', { name: 'Chat with Bob Jones' }),
  });
  await expect(bob.getByRole('img', { name: '3 new activities' })).toHaveText('3');
  await expect(bob.getByRole('img', { name: 'KPI breached' })).toHaveAttribute('title', /First response over 60 s/);
  await expect(bob.getByRole('img', { name: 'Focus requested' })).toHaveAttribute('title', /2 messages/);
  await expect
    .poll(() => description(page.getByRole('tab', { name: 'Chat with Bob Jones' })))
    .toMatch(/3 new activities.*KPI breached.*Focus requested/);

  await change(page, (state) => {
    const bobSession = state.sessions[1];
    if (bobSession) bobSession.newActivity = 12;
  });
  await expect(bob.getByRole('img', { name: '12 new activities' })).toHaveText('12');

  await page.getByRole('tab', { name: 'Chat with Bob Jones' }).click();
  await expect(bob.getByRole('img')).toHaveCount(1); // the fake clears activity and focus request on focus
  await expect(bob.getByRole('img', { name: 'KPI breached' })).toBeVisible();
});

test('opens website tabs sandboxed, web resources only on the page origin, and other types by renderer', async ({
  view: page,
  hostView,
}) => {
  const customer = page.getByRole('tabpanel').locator('.cifb-tab-content:not([hidden]) iframe[title="Customer"]');
  await expect(customer).toHaveAttribute('sandbox', 'allow-scripts allow-forms allow-popups');
  await expect(customer).toHaveAttribute('referrerpolicy', 'no-referrer');
  await expect(customer).toHaveAttribute('src', `${hostView.widgetOrigin}/customer.html?name=Ann`);

  await page.getByRole('tab', { name: 'Knowledge base' }).click();
  expect(await calls(page)).toEqual([['focusTab', 's-ann', 't-ann-kb']]);
  const kb = page.getByRole('tabpanel').locator('iframe[title="Knowledge base"]');
  await expect(kb).toBeVisible();
  await expect(kb).toHaveAttribute('src', `${hostView.pageOrigin}/webres/kb.html`);
  await expect(kb).not.toHaveAttribute('sandbox', /.*/);

  await page.getByRole('tab', { name: 'Call notes' }).click();
  await expect(page.getByRole('tabpanel').getByRole('heading', { name: 'Call notes' })).toBeVisible();

  await page.getByRole('tab', { name: 'Chat with Bob Jones' }).click();
  await page.getByRole('tab', { name: 'Order 1042' }).click();
  await expect(page.getByRole('tabpanel')).toContainText('No renderer for tab type crmorder');

  await page.getByRole('tab', { name: '<img', exact: false }).click();
  await page.getByRole('tab', { name: 'Remote resource' }).click();
  await expect(page.getByRole('tabpanel')).toContainText(
    `Refused to open ${hostView.widgetOrigin}/kb.html: a webresource tab only opens URLs on ${hostView.pageOrigin}`,
  );
  expect(await page.locator(`iframe[src="${hostView.widgetOrigin}/kb.html"]`).count()).toBe(0);
});

test('a website tab over plain http is refused unless its host is loopback', async ({ view: page }) => {
  await change(page, (state) => {
    state.sessions.push(
      window.cifb.session({
        id: 's-http',
        title: 'Plain http',
        provider: 'chat',
        tabs: [
          window.cifb.tab({
            id: 't-http',
            title: 'Plain',
            anchor: true,
            focused: true,
            parameters: { url: 'http://widget.test/plain.html' },
          }),
        ],
      }),
    );
  });
  await page.getByRole('tab', { name: 'Plain http' }).click();
  await expect(page.getByRole('tabpanel')).toContainText(
    'Refused to open http://widget.test/plain.html: a website tab only opens https URLs (http only on a loopback host).',
  );
  expect(await page.locator('iframe[src^="http://widget.test"]').count()).toBe(0);
});

test('a notification shows its fields and a countdown, and its buttons answer it', async ({ view: page }) => {
  expect(await page.evaluate(() => window.cifb.activeIntervals())).toBe(0);
  // Every text the countdown shows, from its first render on, recorded in the page: polling it from
  // here could miss a value that is shown for only one second.
  await page.evaluate(() => {
    const shown: string[] = [];
    (window as unknown as { countdown: string[] }).countdown = shown;
    new MutationObserver(() => {
      const text = document.querySelector('[role="timer"]')?.textContent;
      if (text && text !== shown.at(-1)) shown.push(text);
    }).observe(document.body, { childList: true, characterData: true, subtree: true });
  });
  await notify(page, {
    id: 'n1',
    provider: 'phone',
    title: 'Incoming call <script>',
    fields: [
      { label: 'Caller', value: '+1 555 0100' },
      { label: 'Queue', value: 'Billing <b>VIP</b>' },
    ],
    acceptLabel: 'Answer',
    rejectLabel: 'Decline',
    expiresIn: 30_000,
  });
  const dialog = page.getByRole('alertdialog', { name: 'Incoming call <script>' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Contoso Phone');
  await expect(dialog.locator('dt')).toHaveText(['Caller', 'Queue']);
  await expect(dialog.locator('dd')).toHaveText(['+1 555 0100', 'Billing <b>VIP</b>']);
  expect(await page.evaluate(() => window.cifb.activeIntervals())).toBe(1);

  // It starts at the full 30 s and goes down as time passes: two further values take two seconds of
  // real time, more on a busy machine.
  const countdown = () => page.evaluate(() => (window as unknown as { countdown: string[] }).countdown);
  await expect.poll(async () => (await countdown()).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  const shown = await countdown();
  expect(shown[0]).toBe('30 s left');
  const seconds = shown.map((text) => Number(/^(\d+) s left$/.exec(text)?.[1]));
  for (let i = 1; i < seconds.length; i += 1) expect(seconds[i]).toBeLessThan(seconds[i - 1]!);

  await dialog.getByRole('button', { name: 'Answer' }).click();
  expect(await calls(page)).toEqual([['answerNotification', 'n1', 'Accept']]);
  await expect(dialog).toHaveCount(0);
  expect(await page.evaluate(() => window.cifb.activeIntervals())).toBe(0);

  await notify(page, {
    id: 'n2',
    provider: 'chat',
    title: 'New chat',
    expiresIn: -1,
  });
  const chat = page.getByRole('alertdialog', { name: 'New chat' });
  await expect(chat.getByRole('timer')).toHaveText('Expired');
  await chat.getByRole('button', { name: 'Reject' }).click();
  expect((await calls(page)).at(-1)).toEqual(['answerNotification', 'n2', 'Reject']);
});

test('re-rendering keeps every iframe alive, and a refresh reloads only its tab', async ({ view: page, hostView }) => {
  // A tab's content is created when the tab is first shown: show each tab once, so each has a frame.
  await page.getByRole('tab', { name: 'Knowledge base' }).click();
  await page.getByRole('tab', { name: 'Call notes' }).click();
  await page.getByRole('tab', { name: 'Customer' }).click();
  await page.getByRole('tab', { name: 'Chat with Bob Jones' }).click();
  await page.getByRole('tab', { name: 'Call with Ann Smith' }).click();
  // Wait for every frame to have loaded once, then mark the elements and count further loads.
  await expect.poll(() => page.evaluate(() => window.cifb.providerLoads)).toEqual({ phone: 1, chat: 1 });
  await expect
    .poll(() => page.evaluate(() => window.cifb.tabLoads))
    .toEqual({
      [`${hostView.widgetOrigin}/customer.html?name=Ann`]: 1,
      [`${hostView.pageOrigin}/webres/kb.html`]: 1,
      [`${hostView.widgetOrigin}/customer.html?name=Bob`]: 1,
    });
  // From here on, every load of any frame: a reload shows up as a request for its URL at the servers.
  const served = hostView.framedRequests().length;
  await page.evaluate(() => {
    const marked = window as unknown as { loads: Record<string, number> };
    marked.loads = {};
    for (const frame of document.querySelectorAll<HTMLIFrameElement>('.cifb-tab-content iframe')) {
      (frame as unknown as { mark: string }).mark = frame.title;
      frame.addEventListener('load', () => {
        marked.loads[frame.title] = (marked.loads[frame.title] ?? 0) + 1;
      });
    }
    for (const provider of window.cifb.providers) (provider.frame as unknown as { mark: string }).mark = provider.name;
  });

  // Many changes: focus moves between sessions, a title changes, a session opens, the panel moves.
  await page.getByRole('tab', { name: 'Chat with Bob Jones' }).click();
  await page.getByRole('tab', { name: 'Home' }).click();
  await page.getByRole('tab', { name: 'Call with Ann Smith' }).click();
  await page.getByRole('tab', { name: 'Knowledge base' }).click();
  await change(page, (state) => {
    const ann = state.sessions[0];
    if (ann) ann.title = 'Call with Ann Smith (VIP)';
    state.sessions.push(
      window.cifb.session({
        id: 's-new',
        title: 'Chat with Cleo',
        provider: 'chat',
        tabs: [
          window.cifb.tab({
            id: 't-new',
            title: 'Cleo',
            anchor: true,
            focused: true,
            parameters: { url: `${window.cifb.widgetOrigin}/customer.html?name=Cleo` },
          }),
        ],
      }),
    );
  });
  await page.getByRole('tab', { name: 'Chat with Cleo' }).click();
  await page.getByRole('tab', { name: 'Call with Ann Smith (VIP)' }).click();
  await page.getByRole('button', { name: 'Minimize communication panel' }).click();
  await change(page, (state) => {
    state.panel = { mode: 2, width: 360 };
  });
  await change(page, (state) => {
    state.panel = { mode: 1, width: 400 };
  });
  // A reload is started while the view renders, so its request goes out before that of a frame
  // created after every render above. Wait for that probe frame to load, then look at what happened.
  const probe = `${hostView.widgetOrigin}/probe.html`;
  await page.evaluate(
    (src) =>
      new Promise<void>((resolve) => {
        const frame = document.createElement('iframe');
        frame.addEventListener('load', () => {
          frame.remove();
          resolve();
        });
        frame.src = src;
        document.body.append(frame);
      }),
    probe,
  );
  expect(hostView.framedRequests().slice(served)).toEqual([`${hostView.widgetOrigin}/customer.html?name=Cleo`, probe]);

  const survivors = await page.evaluate(() => ({
    tabs: [...document.querySelectorAll('.cifb-tab-content iframe')]
      .map((frame) => (frame as unknown as { mark?: string }).mark ?? 'new')
      .sort(),
    providers: window.cifb.providers.map((provider) => ({
      mark: (provider.frame as unknown as { mark?: string }).mark,
      attached: provider.frame.isConnected,
    })),
    loads: (window as unknown as { loads: Record<string, number> }).loads,
    providerLoads: window.cifb.providerLoads,
  }));
  expect(survivors).toEqual({
    tabs: ['Customer', 'Customer', 'Knowledge base', 'new'],
    providers: [
      { mark: 'phone', attached: true },
      { mark: 'chat', attached: true },
    ],
    loads: {},
    providerLoads: { phone: 1, chat: 1 },
  });

  // refreshTab: the iframe reloads in place, and a renderer runs again after its cleanup.
  await change(page, (state) => {
    const kb = state.sessions[0]?.tabs[1];
    if (kb) kb.refreshCount += 1;
    const notes = state.sessions[0]?.tabs[2];
    if (notes) notes.refreshCount += 1;
  });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { loads: Record<string, number> }).loads))
    .toEqual({ 'Knowledge base': 1 });
  expect(await page.evaluate(() => window.cifb.renderer)).toEqual({ runs: 3, cleanups: 1 });
  const kbFrame = page.locator('iframe[title="Knowledge base"]');
  expect(await kbFrame.evaluate((frame) => (frame as unknown as { mark?: string }).mark)).toBe('Knowledge base');
});

test("a tab's content is created when the tab is first shown, and kept when it is hidden again", async ({
  view: page,
  hostView,
}) => {
  const annCustomer = `${hostView.widgetOrigin}/customer.html?name=Ann`;
  const bobCustomer = `${hostView.widgetOrigin}/customer.html?name=Bob`;
  const kbUrl = `${hostView.pageOrigin}/webres/kb.html`;
  const frames = () =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLIFrameElement>('.cifb-tab-content iframe')].map((frame) => frame.src).sort(),
    );

  // Only the shown tab has content: Ann's Customer. No other tab's frame or renderer exists yet.
  await expect.poll(() => page.evaluate(() => window.cifb.tabLoads)).toEqual({ [annCustomer]: 1 });
  expect(await frames()).toEqual([annCustomer]);
  expect(await page.evaluate(() => window.cifb.renderer)).toEqual({ runs: 0, cleanups: 0 });

  // A refresh of a tab that was never shown has nothing to reload, and creates nothing.
  await change(page, (state) => {
    for (const tab of state.sessions.flatMap((session) => session.tabs)) {
      if (tab.id !== 't-ann-customer') tab.refreshCount += 1;
    }
  });
  expect(await frames()).toEqual([annCustomer]);
  expect(await page.evaluate(() => window.cifb.renderer)).toEqual({ runs: 0, cleanups: 0 });

  await page.getByRole('tab', { name: 'Knowledge base' }).click();
  const kb = page.locator('iframe[title="Knowledge base"]');
  await expect(kb).toBeVisible();
  expect(await frames()).toEqual([kbUrl, annCustomer].sort());
  await kb.evaluate((frame) => {
    (frame as unknown as { mark: string }).mark = 'kb';
  });
  await page.getByRole('tab', { name: 'Call notes' }).click();
  await expect(page.getByRole('tabpanel').getByRole('heading', { name: 'Call notes' })).toBeVisible();
  expect(await page.evaluate(() => window.cifb.renderer)).toEqual({ runs: 1, cleanups: 0 });

  // Hidden, the Knowledge base frame stays in the document; the other session's tab is created on focus.
  await page.getByRole('tab', { name: 'Chat with Bob Jones' }).click();
  await expect(page.getByRole('tabpanel').locator('.cifb-tab-content:not([hidden]) iframe')).toHaveAttribute(
    'src',
    bobCustomer,
  );
  await expect(kb).toBeHidden();
  expect(await frames()).toEqual([kbUrl, annCustomer, bobCustomer].sort());
  await page.getByRole('tab', { name: 'Call with Ann Smith' }).click();
  await page.getByRole('tab', { name: 'Knowledge base' }).click();
  await expect(kb).toBeVisible();
  expect(await kb.evaluate((frame) => (frame as unknown as { mark?: string }).mark)).toBe('kb');
  await expect
    .poll(() => page.evaluate(() => window.cifb.tabLoads))
    .toEqual({ [annCustomer]: 1, [kbUrl]: 1, [bobCustomer]: 1 });
  expect(await page.evaluate(() => window.cifb.renderer)).toEqual({ runs: 1, cleanups: 0 });

  // A refresh of a created tab reloads it even while hidden (Bob's Customer); the shown one too.
  await change(page, (state) => {
    const bob = state.sessions[1]?.tabs[0];
    if (bob) bob.refreshCount += 1;
    const ann = state.sessions[0]?.tabs[1];
    if (ann) ann.refreshCount += 1;
  });
  await expect
    .poll(() => page.evaluate(() => window.cifb.tabLoads))
    .toEqual({ [annCustomer]: 1, [kbUrl]: 2, [bobCustomer]: 2 });

  // Closing a tab drops its content; closing a session drops all of its contents.
  await page.getByRole('button', { name: 'Close tab Knowledge base' }).click();
  await page.getByRole('button', { name: 'Close session Chat with Bob Jones' }).click();
  await expect(page.getByRole('tab', { name: 'Chat with Bob Jones' })).toHaveCount(0);
  expect(await frames()).toEqual([annCustomer]);
  expect(await page.locator('.cifb-tab-content').count()).toBe(2); // Ann's Customer and Call notes
});

test('the panel docks at its width, minimizes to a strip and hides', async ({ view: page }) => {
  const panel = page.getByRole('complementary', { name: 'Communication panel' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Contoso Phone' })).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Fabrikam Chat' })).toBeVisible();
  await expect(panel.locator('iframe[title="phone"]')).toBeVisible();
  expect(await panel.evaluate((element) => element.getBoundingClientRect().width)).toBe(360);

  await panel.getByRole('button', { name: 'Minimize communication panel' }).click();
  expect(await calls(page)).toEqual([['setMode', 0]]);
  await expect(panel.getByRole('button', { name: 'Dock communication panel' })).toBeVisible();
  await expect(panel.locator('iframe[title="phone"]')).toBeHidden();
  expect(await panel.evaluate((element) => element.getBoundingClientRect().width)).toBe(40);

  await panel.getByRole('button', { name: 'Dock communication panel' }).click();
  expect((await calls(page)).at(-1)).toEqual(['setMode', 1]);
  await expect(panel.locator('iframe[title="phone"]')).toBeVisible();

  await change(page, (state) => {
    state.panel = { mode: 2, width: 500 };
  });
  await expect(panel).toBeHidden();
  expect(await page.evaluate(() => window.cifb.providers.every((provider) => provider.frame.isConnected))).toBe(true);

  await change(page, (state) => {
    state.panel = { mode: 1, width: 500 };
  });
  await expect(panel).toBeVisible();
  expect(await panel.evaluate((element) => element.getBoundingClientRect().width)).toBe(500);
});

test('arrow keys move between sessions and Enter focuses one', async ({ view: page }) => {
  const home = page.getByRole('tab', { name: 'Home' });
  await home.focus();
  await page.press('ArrowDown');
  await page.press('ArrowDown');
  await expect(page.getByRole('tab', { name: 'Chat with Bob Jones' })).toBeFocused();
  expect(await calls(page)).toEqual([]); // moving focus must not switch sessions
  await page.press('Enter');
  expect(await calls(page)).toEqual([['focusSession', 's-bob']]);
  await page.press('Delete');
  expect((await calls(page)).at(-1)).toEqual(['closeSession', 's-bob']);
  // The closed item had focus; it stays in the list rather than dropping to <body>.
  await expect(
    page.getByRole('tablist', { name: 'Sessions' }).locator('[role="tab"][aria-selected="true"]'),
  ).toBeFocused();
});

test('destroy removes the view, its listener and its timer, and is safe twice', async ({ view: page }) => {
  await notify(page, {
    id: 'n1',
    provider: 'phone',
    title: 'Incoming call',
    expiresIn: 60_000,
  });
  expect(await page.evaluate(() => [window.cifb.listenerCount(), window.cifb.activeIntervals()])).toEqual([1, 1]);
  const after = await page.evaluate(async () => {
    window.cifb.destroy();
    window.cifb.destroy();
    window.cifb.change(); // a late change must not bring anything back
    await window.cifb.flush();
    return {
      desktop: document.getElementById('desktop')?.childElementCount,
      listeners: window.cifb.listenerCount(),
      intervals: window.cifb.activeIntervals(),
      framesAttached: window.cifb.providers.map((provider) => provider.frame.isConnected),
    };
  });
  expect(after).toEqual({ desktop: 0, listeners: 0, intervals: 0, framesAttached: [false, false] });
});

test('at 1280×720 sessions, tabs, content and panel sit side by side, with their labels not cut off', async ({
  view: page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await notify(page, {
    id: 'n1',
    provider: 'phone',
    title: 'Incoming call',
    fields: [
      { label: 'Caller', value: 'Dana Lee' },
      { label: 'Number', value: '+1 555 0100' },
    ],
    expiresIn: 45_000,
  });
  const sessions = page.getByRole('tablist', { name: 'Sessions' });
  const tabs = page.getByRole('tablist', { name: 'Tabs' });
  const content = page.getByRole('tabpanel', { name: 'Customer' });
  const panel = page.getByRole('complementary', { name: 'Communication panel' });
  const dialog = page.getByRole('alertdialog', { name: 'Incoming call' });
  for (const part of [sessions, tabs, content, panel, dialog]) await expect(part).toBeVisible();
  await expect(content.locator('iframe[title="Customer"]')).toBeVisible();
  await expect(panel.locator('iframe[title="phone"]')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Accept' })).toBeVisible();

  const [list, strip, shown, side, alert] = await Promise.all([
    box(sessions),
    box(tabs),
    box(content),
    box(panel),
    box(dialog),
  ]);
  // Left to right: the session list, then the tab strip above the tab's content, then the panel;
  // nothing overlaps, nothing is empty, all of it inside the window.
  expectSideBySide(list, strip, shown, side);
  expect(side.width).toBe(360);
  expect(side.right).toBeLessThanOrEqual(1280);
  expect(side.height).toBeGreaterThan(600);
  expect(shown.width).toBeGreaterThan(400);
  expect(shown.height).toBeGreaterThan(400);
  expect(list.height).toBeGreaterThan(0);
  expectInside([list, strip, shown, alert], 1280, 720);

  // Each label an agent reads is shown whole: no text wider than the box that holds it.
  const labels = [
    sessions.getByRole('tab', { name: 'Home' }),
    sessions.getByRole('tab', { name: 'Call with Ann Smith' }),
    sessions.getByRole('tab', { name: 'Chat with Bob Jones' }),
    tabs.getByRole('tab', { name: 'Customer' }),
    tabs.getByRole('tab', { name: 'Knowledge base' }),
    tabs.getByRole('tab', { name: 'Call notes' }),
    panel.getByRole('heading', { name: 'Contoso Phone' }),
    panel.getByRole('heading', { name: 'Fabrikam Chat' }),
    dialog.getByRole('heading', { name: 'Incoming call' }),
    dialog.getByText('Dana Lee'),
    dialog.getByText('+1 555 0100'),
  ];
  for (const label of labels) {
    const overflow = await cutOff(label);
    expect(overflow, label.toString()).toEqual([]);
  }
  await testInfo.attach('host-view.png', { body: await page.screenshot(), contentType: 'image/png' });

  // Minimized, the panel is a strip at the window's right edge, and the content takes the room.
  await panel.getByRole('button', { name: 'Minimize communication panel' }).click();
  await expect(panel.getByRole('button', { name: 'Dock communication panel' })).toBeVisible();
  await expect(panel.locator('iframe[title="phone"]')).toBeHidden();
  const [strip2, shown2] = await Promise.all([box(panel), box(content)]);
  expect(strip2.width).toBe(40);
  expect(strip2.right).toBe(1280);
  expect(shown2.right).toBeLessThanOrEqual(strip2.x);
  expect(shown2.width).toBeGreaterThan(shown.width);
  await testInfo.attach('host-view-minimized.png', { body: await page.screenshot(), contentType: 'image/png' });
});
