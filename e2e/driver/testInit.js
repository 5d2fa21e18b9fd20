/* global window, document, addEventListener, console -- a browser script, served to pages */
/*
 * The test-only init script: examples/serve.mjs, started with CIF_TEST_INIT=1, puts
 * `<script src="/__test/init.js">` first into every HTML page of every origin and serves this file
 * there. Being first and same-origin, it runs before the page's own scripts and passes the page's CSP
 * (script-src 'self'), in every engine alike, WebKit included, which has no init-script hook over
 * WebDriver classic. It records into `window.__driverRecorded` what the e2e tests look at
 * (DriverPage.recorded and, in WebKit, pageErrors and consoleMessages): uncaught errors, unhandled
 * rejections, CSP violations and console messages. It changes nothing else in the page.
 */
(() => {
  if (window.__driverRecorded !== undefined) return;
  /** @type {{ kind: string, type?: string, text: string }[]} */
  const recorded = [];
  Object.defineProperty(window, '__driverRecorded', { value: recorded, enumerable: false });
  addEventListener('error', (event) => {
    // Chromium and Firefox start the message with "Uncaught ", WebKit doesn't: left out everywhere.
    const text = String(event.message).replace(/^Uncaught /, '');
    recorded.push({
      kind: 'error',
      text: `error: ${text}`,
      message: event.error instanceof Error ? event.error.message : text,
    });
  });
  addEventListener('unhandledrejection', (event) => {
    const reason = event.reason;
    recorded.push({
      kind: 'unhandledrejection',
      text: `unhandled rejection: ${String(reason)}`,
      message: reason instanceof Error ? reason.message : String(reason),
    });
  });
  document.addEventListener('securitypolicyviolation', (event) => {
    recorded.push({ kind: 'csp', text: `CSP violation: ${event.effectiveDirective} ${event.blockedURI}` });
  });
  const types = { log: 'log', info: 'info', warn: 'warning', error: 'error', debug: 'debug' };
  for (const [method, type] of Object.entries(types)) {
    const original = console[method];
    console[method] = function (...args) {
      recorded.push({ kind: 'console', type, text: args.map(String).join(' ') });
      return original.apply(this, args);
    };
  }
})();
