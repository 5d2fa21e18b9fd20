/*
 * The example agent desktop: a host page built on @cif-bridge/host. It trusts two widgets served from
 * another origin, side by side in the communication panel:
 * - `softphone`, written against the typed client (@cif-bridge/child);
 * - `cif-softphone`, a plain-JS CIF 2.0 widget that uses only `Microsoft.CIFramework`, loaded from
 *   this host's /webresources/Widget/msdyn_ciLibrary.js as a Dynamics 365 widget loads it.
 *
 * It runs the whole desk with no CRM: its records live in the browser's IndexedDB
 * (`createBrowserRecords` from @cif-bridge/records), seeded on first open from records.json with
 * Dataverse's entities and attributes (accounts, contacts with phone numbers and emails, cases,
 * phone calls, tasks). The widgets look callers up, open their records and log calls there with the
 * record methods CIF widgets call on Dynamics 365. Besides templates it configures an environment.
 * Presence and the interaction log are the host's own: the default UI's picker and the widgets'
 * `setPresence` share one presence, and `logAnalyticsEvent` lands in `host.getInteractionLog()`. A
 * small agent console in the app bar drives the host API: click-to-act on a phone number, and the
 * panel's mode and width. Its "Developer" toggle shows the call inspector
 * (@cif-bridge/host/inspector) under the desk.
 */
import { createHost, type ClickToActPayload, type JsonValue } from '@cif-bridge/host';
import { createInspector, type Inspector } from '@cif-bridge/host/inspector';
import { createBrowserRecords, type RecordSeed } from '@cif-bridge/records';
import { createRecordsUi } from '@cif-bridge/records/ui';
import { recordLabels } from './recordLabels.js';

/**
 * The widgets' origin, named exactly: the host trusts this origin and no other. index.html names it
 * in a `<meta>` tag, so the example server can move the widgets to another port without a rebuild.
 */
const WIDGET_ORIGIN =
  document.querySelector<HTMLMetaElement>('meta[name="cif-widget-origin"]')?.content ?? 'http://localhost:8081';

const desktop = document.querySelector<HTMLElement>('#desktop');
if (desktop === null) throw new Error('The page needs a #desktop element.');

/**
 * The desk's seed, a file of this page's own origin. It is read on every load, but stored only when
 * the browser has no database of this name yet: records the agent changed are kept over reloads.
 */
const seed = (await (await fetch(new URL('../records.json', import.meta.url))).json()) as RecordSeed;
const records = createBrowserRecords({ name: 'contoso-desk', seed });
/** The records' default UI: record tabs, search tabs, and the search box in Home, with display names. */
const recordsUi = createRecordsUi({
  records,
  host: () => host,
  entities: ['contact', 'account', 'incident'],
  labels: recordLabels,
});

/** The seed's first contact, whose phone number the agent console's click-to-call dials. */
const featured = seed.entities.find((entity) => entity.logicalName === 'contact')?.rows?.[0] ?? {};
const featuredName = String(featured.fullname ?? `${String(featured.firstname)} ${String(featured.lastname)}`);
const featuredPhone = String(featured.mobilephone);

/** What `getEnvironment` answers, shaped like CIF's (customParams is JSON text, as CIF keeps it). */
const environment: { [key: string]: JsonValue } = {
  appName: 'Contoso Service',
  clientUrl: location.origin,
  orgUniqueName: 'contoso',
  orgId: 'b5c1e2d3-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  userId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  username: 'Alex Wilber',
  customParams: JSON.stringify({ queue: 'Support', region: 'EMEA' }),
};

const host = createHost({
  container: desktop,
  // Wide enough for the two widgets side by side (agent-host.css stacks them when narrower).
  panelWidth: 640,
  providers: [
    { name: 'softphone', label: 'Contoso Softphone', url: `${WIDGET_ORIGIN}/softphone/` },
    { name: 'cif-softphone', label: 'CIF Softphone', url: `${WIDGET_ORIGIN}/cif-softphone/` },
  ],
  sessionTemplates: [
    {
      name: 'msdyn_chat_session',
      tag: 'chat',
      title: 'Chat with {customer}',
      anchorTab: 'customer_profile',
      tabs: ['knowledge_search'],
    },
    {
      name: 'voice_call',
      tag: 'voice',
      title: 'Call from {customer}',
      anchorTab: 'call_script',
      tabs: ['customer_profile'],
    },
    { name: 'case_session', tag: 'case', title: 'Case {caseNumber}', anchorTab: 'case_details' },
    // The softphones' calls from a known contact: titled with the number first, then with the
    // caller's name, and anchored on the contact's record. A caller the store doesn't know gets
    // `unknown_call`, whose anchor is the call script: there is no record to open.
    { name: 'phone_call', tag: 'phone', title: 'Call with {customer}', anchorTab: 'contact_record' },
    { name: 'unknown_call', title: 'Call with {customer}', anchorTab: 'call_script' },
  ],
  tabTemplates: [
    {
      // A record of the host's records, as Dynamics 365 opens one; the record tab renderer of
      // @cif-bridge/records/ui shows its fields and the calls logged on it.
      name: 'contact_record',
      title: '{contactName}',
      type: 'entityrecord',
      parameters: { entityName: 'contact', entityId: '{contactId}' },
    },
    {
      name: 'customer_profile',
      title: '{customer}',
      type: 'webresource',
      parameters: { url: '/tabs/record.html?kind=Customer&name={customer}&tier={tier}', tier: 'Standard' },
    },
    {
      name: 'knowledge_search',
      title: 'Knowledge',
      type: 'website',
      parameters: { url: `${WIDGET_ORIGIN}/softphone/knowledge.html?q={topic}`, topic: 'getting started' },
    },
    {
      name: 'call_script',
      title: 'Call script',
      type: 'webresource',
      parameters: { url: '/tabs/record.html?kind=Call%20script&name={customer}&tier={tier}', tier: 'Standard' },
    },
    {
      name: 'case_details',
      title: 'Case {caseNumber}',
      type: 'webresource',
      parameters: { url: '/tabs/record.html?kind=Case&name={caseNumber}&tier={priority}', priority: 'Normal' },
    },
    {
      name: 'call_notes',
      tag: 'notes',
      title: 'Notes: {customer}',
      type: 'webresource',
      parameters: { url: '/tabs/record.html?kind=Call%20notes&name={customer}&tier={tier}', tier: 'Standard' },
    },
  ],
  notificationTemplates: [
    {
      name: 'incoming_call',
      title: 'Incoming call from {customer}',
      fields: { Customer: '{customer}', Number: '{phone}', Queue: '{queue}' },
      timeoutSeconds: 30,
    },
  ],
  environment,
  records,
  renderers: recordsUi.renderers,
});
recordsUi.showHomeSearch();

// ---- Agent console: the host API, driven by hand ---------------------------------------------------

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

/** Click-to-act on the featured contact's mobile phone, as the agent clicks it on a Dynamics 365 form. */
const clickToCall: ClickToActPayload = {
  value: featuredPhone,
  name: 'mobilephone',
  format: 'Phone',
  entityLogicalName: 'contact',
  entityId: String(featured.contactid),
  recordTitle: featuredName,
};

const consoleBar = element('section', 'agent-console');
consoleBar.setAttribute('aria-label', 'Agent console');

const record = element('span', 'agent-console__group');
record.append(element('span', 'agent-console__label', featuredName));
const call = element('button', 'agent-console__link', featuredPhone);
call.type = 'button';
call.setAttribute('aria-label', `Click to call ${featuredPhone}`);
call.title = 'Click to act: raises onclicktoact in the widgets that enabled it';
// Only widgets that called setClickToAct(true) get the event; the host API checks that.
call.addEventListener('click', () => host.clickToAct(clickToCall));
record.append(call);

const modeLabel = element('label', 'agent-console__group', 'Panel');
const mode = element('select', 'agent-console__control');
for (const [value, text] of [
  ['1', 'Docked'],
  ['0', 'Minimized'],
  ['2', 'Hidden'],
] as const) {
  const option = element('option', '', text);
  option.value = value;
  mode.append(option);
}
mode.addEventListener('change', () => host.setMode(Number(mode.value) as 0 | 1 | 2));
modeLabel.append(mode);

const widthLabel = element('label', 'agent-console__group', 'Width');
const width = element('input', 'agent-console__control agent-console__number');
width.type = 'number';
width.min = '300';
width.step = '20';
// Committed on change (Enter or leaving the field), not on every keystroke: 3, 34, 340 would send
// two widths under 300, which the host ignores, and flood the widgets with onsizechanged events.
width.addEventListener('change', () => {
  const value = Number(width.value);
  if (width.value !== '' && Number.isFinite(value)) host.setWidth(value);
  // Show the width the panel has now: under 300 px the host ignored it, as CIF does.
  afterRender(() => showPanel(true));
});
widthLabel.append(width, element('span', 'agent-console__unit', 'px'));

const presenceText = element('span', 'agent-console__group agent-console__presence');
presenceText.setAttribute('role', 'status');
presenceText.setAttribute('aria-label', 'Agent presence');

// The call inspector, made the first time the agent's developer opens it, and kept (with its
// filters) while it is hidden.
const developerPanel = element('section', 'developer-panel');
developerPanel.id = 'developer-panel';
developerPanel.hidden = true;
developerPanel.setAttribute('aria-label', 'Developer');
document.body.append(developerPanel);
const developer = element('button', 'agent-console__toggle', 'Developer');
developer.type = 'button';
developer.setAttribute('aria-pressed', 'false');
developer.setAttribute('aria-controls', developerPanel.id);
let inspector: Inspector | undefined;
developer.addEventListener('click', () => {
  const open = developer.getAttribute('aria-pressed') !== 'true';
  developer.setAttribute('aria-pressed', String(open));
  developerPanel.hidden = !open;
  if (open) inspector ??= createInspector(host, developerPanel);
});

consoleBar.append(record, modeLabel, widthLabel, presenceText, developer);
document.querySelector('.app-bar')?.append(consoleBar);

/**
 * Shows the panel's mode and width, which widgets may have changed with setMode or setWidth. The host
 * API has setters but no getters for the panel, so this reads what the default UI rendered: the
 * complementary "Communication panel", hidden in mode 2, minimized in mode 0, sized when docked.
 */
function showPanel(committed = false): void {
  const panel = desktop?.querySelector<HTMLElement>('aside.cifb-panel');
  if (panel === null || panel === undefined) return;
  const current = panel.hidden ? '2' : panel.classList.contains('cifb-panel--minimized') ? '0' : '1';
  if (mode.value !== current) mode.value = current;
  // The width is written only while docked, so the last one is kept otherwise; and a width the agent
  // is still typing is left alone until it is committed.
  if (panel.style.width !== '' && (committed || document.activeElement !== width)) {
    width.value = String(parseInt(panel.style.width, 10));
  }
}

function showPresence(): void {
  presenceText.textContent = `Presence: ${host.getPresence().presenceText}`;
}

/** Runs `task` once the default UI has rendered the latest change, which it does in a microtask. */
function afterRender(task: () => void): void {
  queueMicrotask(() => queueMicrotask(task));
}

host.on('change', () => afterRender(showPanel));
host.on('presenceChanged', showPresence);
// The interaction log, as a real desk would send it to its analytics store.
host.on('analytics', (entry) => console.info('cif-bridge analytics:', entry.provider, entry.eventName, entry.data));
width.value = '640';
showPanel();
showPresence();

// Exposed for the browser console and the e2e tests, which read the model through it.
Object.assign(window, { agentDesktop: host });
