/*
 * The test host's page script (bundled to dist/page.js, loaded by the page testHostPage.ts writes):
 * reads the configuration the server put in the page as inert JSON, and runs a cif-bridge host with
 * the default UI, presence and the embedded record store, trusting the one widget it names, and the
 * call inspector on that host under the desk.
 */
import { createHost, type BridgeHost, type DevelopmentTemplateKind, type TabRenderer } from '@cif-bridge/host';
import { createInspector } from '@cif-bridge/host/inspector';
import { createBrowserRecords } from '@cif-bridge/records';
import {
  INSPECTOR_PANEL_ID,
  INSPECTOR_TOGGLE_ID,
  PAGE_CONFIG_ID,
  WIDGET_LABEL,
  WIDGET_PROVIDER,
  type PageConfig,
} from '../PageConfig.js';
import { DROP_IN_PATH } from '../dropInPath.js';
import type { TestHostGlobals } from '../TestHostGlobals.js';

/**
 * How a `development` tab looks (a tab development mode made up, which has no URL): its title and the
 * parameters it was opened with, as text, so a developer sees what the widget asked for.
 */
const developmentTab: TabRenderer = (tab, element) => {
  const box = document.createElement('section');
  box.className = 'test-host__dev-tab';
  const heading = document.createElement('h2');
  heading.textContent = tab.title;
  const note = document.createElement('p');
  note.textContent = `A plain tab made in development mode for template "${tab.templateName}". Its parameters:`;
  const parameters = document.createElement('pre');
  parameters.textContent = JSON.stringify(tab.parameters, null, 2);
  box.append(heading, note, parameters);
  element.append(box);
  return () => box.remove();
};

/**
 * Tells the developer that development mode made a template up: in the console, and in the page's
 * bar (as text), so that it is clear which templates the widget needs on a real desk.
 */
function noteDevelopmentTemplate(kind: DevelopmentTemplateKind, name: string): void {
  const note = `created a plain ${kind} template "${name}" because the widget named it; configure ${kind}Templates to choose its title and tabs.`;
  console.info(`cif-bridge development mode: ${note}`);
  const list = document.querySelector('#development-notes');
  const item = document.createElement('li');
  item.textContent = `Development mode ${note}`;
  list?.append(item);
}

/**
 * Opens the call inspector on `host` in the page's inspector panel, and lets the bar's button hide
 * and show it (the inspector keeps following the host, and its filters, while it is hidden).
 */
function showInspector(host: BridgeHost): void {
  const panel = document.getElementById(INSPECTOR_PANEL_ID);
  const toggle = document.getElementById(INSPECTOR_TOGGLE_ID);
  if (panel === null || toggle === null) return;
  createInspector(host, panel);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(open));
    panel.hidden = !open;
  });
}

/** Shows why the host could not start, as text, and records it for the fixture. */
function fail(desk: HTMLElement | null, message: string): void {
  const box = document.createElement('pre');
  box.className = 'test-host__error';
  box.setAttribute('role', 'alert');
  box.textContent = `The test host could not start: ${message}`;
  (desk ?? document.body).append(box);
  console.error(`cif-bridge test host: ${message}`);
  Object.assign(window, { cifTestHostError: message } satisfies TestHostGlobals);
}

const desk = document.querySelector<HTMLElement>('#desk');
try {
  const text = document.getElementById(PAGE_CONFIG_ID)?.textContent ?? '';
  const config = JSON.parse(text) as PageConfig;
  if (desk === null) throw new Error('The page has no #desk element.');
  const widget = new URL(config.widgetUrl);
  // The library's URL in the widget's own URL, where the drop-in (and a widget that loads the library
  // by script) can find it; a widget that names its CRM in data-crmurl is not affected.
  if (!widget.searchParams.has('ucilib')) {
    widget.searchParams.set('ucilib', new URL(DROP_IN_PATH, location.origin).href);
  }
  const host = createHost({
    container: desk,
    providers: [{ name: WIDGET_PROVIDER, label: WIDGET_LABEL, url: widget.href, origins: [widget.origin] }],
    sessionTemplates: config.sessionTemplates ?? [],
    tabTemplates: config.tabTemplates ?? [],
    notificationTemplates: config.notificationTemplates ?? [],
    environment: config.environment ?? {},
    ...(config.presences === undefined ? {} : { presences: config.presences }),
    ...(config.developmentTemplates ? { onDevelopmentTemplate: noteDevelopmentTemplate } : {}),
    renderers: { development: developmentTab },
    records: createBrowserRecords(config.records),
  });
  Object.assign(window, { cifTestHost: host } satisfies TestHostGlobals);
  showInspector(host);
} catch (error) {
  fail(desk, error instanceof Error ? error.message : String(error));
}
