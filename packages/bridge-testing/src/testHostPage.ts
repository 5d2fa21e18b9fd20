import { INSPECTOR_PANEL_ID, INSPECTOR_TOGGLE_ID, PAGE_CONFIG_ID, type PageConfig } from './PageConfig.js';

/**
 * JSON that is safe inside a `<script type="application/json">` element: `<` is escaped, so no value
 * can close the element, and U+2028/U+2029 are escaped for older parsers. `JSON.parse` reads it back
 * unchanged.
 */
function embeddedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Escapes text for an HTML text node or a double-quoted attribute. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The test host's page: the host's stylesheet, the page script, and the configuration as inert JSON.
 * Everything it loads is on its own origin, so it runs under a CSP with no inline script or style.
 * Under the desk is the call inspector, open from the start (this is a developer's desk), which the
 * bar's "Inspector" button hides and shows again.
 *
 * @param config - what the page runs.
 */
export function testHostPage(config: PageConfig): string {
  const mode = config.developmentTemplates
    ? 'Development mode: a template a widget names is created the first time.'
    : 'Templates from the configuration.';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>cif-bridge test host</title>
    <link rel="stylesheet" href="/__cif/cif-bridge-host.css" />
    <link rel="stylesheet" href="/__cif/test-host.css" />
    <script type="application/json" id="${PAGE_CONFIG_ID}">${embeddedJson(config)}</script>
    <script src="/__cif/page.js" defer></script>
  </head>
  <body>
    <header class="test-host__bar">
      <strong>cif-bridge test host</strong>
      <span>Widget: ${escapeHtml(config.widgetUrl)}</span>
      <span>${escapeHtml(mode)}</span>
      <button type="button" id="${INSPECTOR_TOGGLE_ID}" class="test-host__toggle" aria-pressed="true" aria-controls="${INSPECTOR_PANEL_ID}">Inspector</button>
    </header>
    <ul id="development-notes" class="test-host__notes" aria-label="Development notes"></ul>
    <main id="desk" class="test-host__desk" aria-label="Agent desktop"></main>
    <div id="${INSPECTOR_PANEL_ID}" class="test-host__inspector"></div>
  </body>
</html>
`;
}

/** The page's own layout: the desk fills the window between a one-line bar and the inspector. */
export const TEST_HOST_CSS = `html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
.test-host__bar { display: flex; gap: 1.5rem; align-items: baseline; padding: 0.4rem 1rem; background: #1f2937; color: #f9fafb; font-size: 0.85rem; }
.test-host__notes { margin: 0; padding: 0 1rem; list-style: none; font-size: 0.8rem; color: #92400e; }
.test-host__desk { flex: 1; min-height: 0; }
.test-host__toggle { margin-left: auto; font: inherit; color: inherit; background: transparent; border: 1px solid #9ca3af; border-radius: 4px; padding: 0.1rem 0.6rem; cursor: pointer; }
.test-host__toggle[aria-pressed="true"] { background: #374151; }
.test-host__toggle:focus-visible { outline: 2px solid #93c5fd; outline-offset: 2px; }
.test-host__inspector { flex: none; height: 35vh; min-height: 12rem; border-top: 1px solid #d1d5db; }
.test-host__inspector[hidden] { display: none; }
.test-host__error { margin: 1rem; padding: 1rem; border: 2px solid #b91c1c; color: #7f1d1d; white-space: pre-wrap; }
.test-host__dev-tab { padding: 1rem; }
`;
