/**
 * Static servers for the examples and the e2e fixtures, one per origin, with no dependencies.
 *
 *   node examples/serve.mjs            start them and print the URLs to open
 *
 * | origin                  | env port         | serves                                              |
 * | ----------------------- | ---------------- | --------------------------------------------------- |
 * | http://127.0.0.1:8080   | CIF_HOST_PORT    | examples/agent-host at `/`, the drop-in library at  |
 * |                         |                  | `/webresources/Widget/msdyn_ciLibrary.js` (any case)|
 * | http://localhost:8081   | CIF_WIDGET_PORT  | examples/<name>/ at `/<name>/`, e2e/fixtures at     |
 * |                         |                  | `/fixtures/`                                        |
 * | http://localhost:8082   | CIF_HOSTILE_PORT | e2e/fixtures at `/fixtures/` (frames that attack)   |
 *
 * Every origin also serves `packages/<dir>/dist/` at `/packages/<dir>/dist/`, so that a page on any
 * origin can load the built IIFE bundles from its own origin (the CSP below allows no other).
 *
 * Servers are picked by port, never by the Host header: Chromium resolves every `*.localhost` name to
 * loopback, so e2e tests can reach the hostile server as `http://a.widgets.localhost:8082` to test
 * wildcard origin patterns.
 *
 * The example pages name the default origins (`http://127.0.0.1:8080` for the desk,
 * `http://localhost:8081` for the widgets), because examples get copied and a copy should name its
 * origins exactly. When the servers listen on other ports, every HTML page from `examples/` is served
 * with those two origins replaced by the real ones, and the pages read them from `<meta>` tags or
 * script attributes at run time; so two checkouts can run side by side on different ports.
 *
 * `CIF_ISOLATE=1` adds COOP/COEP/CORP to every response so that pages are cross-origin isolated
 * (the benchmark needs it for precise timers).
 *
 * `CIF_TEST_INIT=1` (for the e2e tests only; playwright.config.ts sets it) puts
 * `<script src="/__test/init.js"></script>` first into every HTML page and serves
 * e2e/driver/testInit.js there on every origin: a recorder of errors, rejections, CSP violations and
 * console messages that runs before the page's own scripts in every browser (WebKit's WebDriver has
 * no init-script hook). It is same-origin, so the CSP below allows it unchanged.
 */
import { createServer } from 'node:http';
import { realpath, stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Loopback only: these servers hand out the repo's files and must never face a network. */
const LOOPBACK_V4 = '127.0.0.1';
const LOOPBACK_V6 = '::1';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Every loopback origin the examples use, as a CSP source list. */
const LOOPBACK_SOURCES = 'http://127.0.0.1:* http://localhost:* http://*.localhost:*';

/**
 * The CSP of every HTML response. No `'unsafe-inline'` and no `'unsafe-eval'` anywhere, so the
 * libraries are proven to work on a strict page. Scripts come from the page's own origin, plus the
 * agent host's origin: a real CIF widget loads `msdyn_ciLibrary.js` from the CRM host, not from
 * itself. The page's own origin is listed beside `'self'` for WebKit, which matches `'self'` against
 * a sandboxed frame's opaque origin and so would refuse a sandboxed widget its own scripts
 * (https://bugs.webkit.org/show_bug.cgi?id=316847).
 * @param {string} hostOrigin the agent host's origin, e.g. `http://127.0.0.1:8080`
 * @param {string} [ownOrigin] the origin the page was requested on, e.g. `http://localhost:8081`
 */
export function contentSecurityPolicy(hostOrigin, ownOrigin = '') {
  return [
    "default-src 'self'",
    ['script-src', "'self'", ownOrigin, hostOrigin].filter((source) => source !== '').join(' '),
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `frame-src ${LOOPBACK_SOURCES}`,
    `frame-ancestors ${LOOPBACK_SOURCES}`,
  ].join('; ');
}

/**
 * @typedef {object} ServeOptions
 * @property {number} [hostPort]    Agent host origin (default env CIF_HOST_PORT or 8080; 0 = any free port).
 * @property {number} [widgetPort]  Widget origin (default env CIF_WIDGET_PORT or 8081).
 * @property {number} [hostilePort] Hostile origin (default env CIF_HOSTILE_PORT or 8082).
 * @property {boolean} [isolate]    Send COOP/COEP/CORP (default env CIF_ISOLATE=1).
 * @property {boolean} [testInit]   Serve and inject the e2e tests' init script (default env CIF_TEST_INIT=1).
 * @property {boolean} [ipv6]       Also listen on ::1 when the machine has it (default true).
 */

/**
 * Reads the options from the environment, for the CLI, the Playwright config and the e2e tests.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Required<ServeOptions>}
 */
export function resolveOptions(env = process.env) {
  const port = (name, fallback) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name}=${raw} is not a port`);
    return value;
  };
  return {
    hostPort: port('CIF_HOST_PORT', 8080),
    widgetPort: port('CIF_WIDGET_PORT', 8081),
    hostilePort: port('CIF_HOSTILE_PORT', 8082),
    isolate: env.CIF_ISOLATE === '1',
    testInit: env.CIF_TEST_INIT === '1',
    ipv6: true,
  };
}

/**
 * The origins for the given ports. The host uses the IP literal and the widgets use `localhost`, so
 * the host and the widgets are different sites as well as different origins.
 * @param {{ hostPort: number, widgetPort: number, hostilePort: number }} ports
 */
export function originsFor({ hostPort, widgetPort, hostilePort }) {
  return {
    host: `http://127.0.0.1:${hostPort}`,
    widget: `http://localhost:${widgetPort}`,
    hostile: `http://localhost:${hostilePort}`,
  };
}

/**
 * What each server serves: URL prefix → folder. Longest prefix wins. The drop-in route is handled
 * separately because its path is matched without regard to case.
 */
function mountsFor(role) {
  const packages = ['bridge-protocol', 'bridge-child', 'bridge-host', 'bridge-records'].map((dir) => [
    `/packages/${dir}/dist/`,
    path.join(repoRoot, 'packages', dir, 'dist'),
  ]);
  const fixtures = ['/fixtures/', path.join(repoRoot, 'e2e', 'fixtures')];
  if (role === 'host') return [['/', path.join(repoRoot, 'examples', 'agent-host')], fixtures, ...packages];
  if (role === 'widget') return [['/', path.join(repoRoot, 'examples')], fixtures, ...packages];
  return [fixtures, ...packages];
}

/** The drop-in library's path, lower-cased (real widgets write `WebResources`, `widget`, ...). */
const CI_LIBRARY_ROUTE = '/webresources/widget/msdyn_cilibrary.js';
const CI_LIBRARY_FILE = path.join(repoRoot, 'packages', 'bridge-child', 'dist', 'msdyn_ciLibrary.js');

/**
 * Maps a URL path to a file inside one of the mounts, or tells why not.
 * @returns {Promise<{ file: string } | { status: number } | { redirect: string }>}
 */
async function resolveFile(role, pathname) {
  if (role === 'host' && pathname.toLowerCase() === CI_LIBRARY_ROUTE) return { file: CI_LIBRARY_FILE };

  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400 };
  }
  // Refuse traversal outright, whatever the resolved path would be: `..` segments (also when they
  // arrive percent-encoded, which URL parsers leave alone), backslashes and NUL bytes.
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return { status: 403 };
  // Empty segments have no use here, and `//host` would make a redirect leave the origin.
  if (decoded.includes('//')) return { status: 404 };

  const mount = mountsFor(role)
    .filter(([prefix]) => decoded.startsWith(prefix))
    .sort((a, b) => b[0].length - a[0].length)[0];
  if (!mount) return { status: 404 };
  const [prefix, folder] = mount;
  if (role === 'widget' && prefix === '/') {
    // Only the example folders, not the files beside them (serve.mjs itself).
    const name = decoded.split('/')[1];
    const isFolder = name
      ? await stat(path.join(folder, name)).then(
          (info) => info.isDirectory(),
          () => false,
        )
      : false;
    if (!isFolder) return { status: 404 };
  }

  const candidate = path.resolve(folder, `.${path.posix.sep}${decoded.slice(prefix.length)}`);
  if (!isInside(folder, candidate)) return { status: 403 };

  let real;
  let info;
  try {
    real = await realpath(candidate);
    info = await stat(real);
  } catch {
    return { status: 404 };
  }
  // Symlinks must not lead out of the mount either.
  if (!isInside(await realpath(folder), real)) return { status: 403 };

  if (info.isDirectory()) {
    if (!decoded.endsWith('/')) return { redirect: `${pathname}/` };
    const index = path.join(real, 'index.html');
    try {
      if ((await stat(index)).isFile()) return { file: index };
    } catch {
      // No index.html: no directory listings either.
    }
    return { status: 404 };
  }
  return info.isFile() ? { file: real } : { status: 404 };
}

const examplesRoot = path.join(repoRoot, 'examples');
const DEFAULT_ORIGINS = originsFor({ hostPort: 8080, widgetPort: 8081, hostilePort: 8082 });

/**
 * An example page with its default origins replaced by the ones these servers listen on. The
 * replacement is of whole origins followed by a character that can't continue a port, so
 * `http://localhost:80810` is never touched.
 * @param {Buffer} body
 * @param {{ hostOrigin: string, widgetOrigin: string }} state
 */
function withServedOrigins(body, { hostOrigin, widgetOrigin }) {
  if (hostOrigin === DEFAULT_ORIGINS.host && widgetOrigin === DEFAULT_ORIGINS.widget) return body;
  const text = body
    .toString('utf8')
    .replace(/http:\/\/127\.0\.0\.1:8080(?![0-9])/g, hostOrigin)
    .replace(/http:\/\/localhost:8081(?![0-9])/g, widgetOrigin);
  return Buffer.from(text, 'utf8');
}

/** Where the test-only init script is served (with `CIF_TEST_INIT=1`), on every origin. */
const TEST_INIT_ROUTE = '/__test/init.js';
const TEST_INIT_FILE = path.join(repoRoot, 'e2e', 'driver', 'testInit.js');
const TEST_INIT_TAG = `<script src="${TEST_INIT_ROUTE}"></script>`;

/**
 * An HTML page with the test-only init script first: right after `<head>` (or, without one, after
 * the doctype), so that it runs before any script of the page.
 * @param {Buffer} body
 */
function withTestInit(body) {
  const text = body.toString('utf8');
  const head = /<head(\s[^>]*)?>/i.exec(text);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(text);
  const at = head ? head.index + head[0].length : doctype ? doctype[0].length : 0;
  return Buffer.from(`${text.slice(0, at)}${TEST_INIT_TAG}${text.slice(at)}`, 'utf8');
}

function isInside(folder, file) {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** @param {'host' | 'widget' | 'hostile'} role */
function createHandler(role, state) {
  return async (request, response) => {
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (state.isolate) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
    }
    const send = (status, body, extra = {}) => {
      response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
      response.end(request.method === 'HEAD' ? undefined : body);
    };

    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });

    // The raw request target, not a URL-normalised one: a client can send `/../x` as is.
    const target = request.url ?? '/';
    if (!target.startsWith('/')) return send(400, 'Bad Request\n');
    const pathname = target.split(/[?#]/, 1)[0];

    let result;
    try {
      result =
        state.testInit && pathname === TEST_INIT_ROUTE ? { file: TEST_INIT_FILE } : await resolveFile(role, pathname);
    } catch (error) {
      console.error(`serve.mjs: ${role} ${pathname}:`, error);
      return send(500, 'Internal Server Error\n');
    }
    if ('redirect' in result) return send(301, 'Moved Permanently\n', { Location: result.redirect });
    if ('status' in result) {
      const text = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' }[result.status] ?? 'Error';
      return send(result.status, `${text}\n`);
    }

    let body;
    try {
      body = await readFile(result.file);
    } catch {
      return send(404, 'Not Found\n');
    }
    const extension = path.extname(result.file).toLowerCase();
    if (extension === '.html' && isInside(examplesRoot, result.file)) body = withServedOrigins(body, state);
    if (extension === '.html' && state.testInit) body = withTestInit(body);
    headers['Content-Type'] = CONTENT_TYPES[extension] ?? 'application/octet-stream';
    headers['Content-Length'] = String(body.length);
    if (extension === '.html') {
      // The origin the page was asked for (a loopback name and port; anything else is left out).
      const host = request.headers.host ?? '';
      const own = /^[a-z0-9.-]+:\d+$/i.test(host) ? `http://${host.toLowerCase()}` : '';
      headers['Content-Security-Policy'] = contentSecurityPolicy(state.hostOrigin, own);
    }
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}

/** Listens on one address; resolves to the server, or to null when the address doesn't exist here. */
function listen(handler, port, host, optional) {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.once('error', (error) => {
      // ::1 is missing on hosts without IPv6; that isn't a reason to fail.
      if (optional && ['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL'].includes(error.code)) resolve(null);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

/**
 * @typedef {object} ServerHandle
 * @property {'host' | 'widget' | 'hostile'} role
 * @property {number} port    The port actually bound (useful with port 0).
 * @property {string} origin  e.g. `http://127.0.0.1:8080`
 * @property {() => Promise<void>} close
 */

/**
 * Starts the three servers. Resolves once all of them listen; if one can't, the others are closed
 * again and the promise rejects.
 * @param {ServeOptions} [options]
 * @returns {Promise<{ host: ServerHandle, widget: ServerHandle, hostile: ServerHandle,
 *   origins: ReturnType<typeof originsFor>, close: () => Promise<void> }>}
 */
export async function startServers(options = {}) {
  const settings = { ...resolveOptions(), ...options };
  // Filled in once the host's port is known; the CSP of every origin names it.
  const state = { isolate: settings.isolate, testInit: settings.testInit, hostOrigin: '', widgetOrigin: '' };
  const wanted = [
    ['host', settings.hostPort],
    ['widget', settings.widgetPort],
    ['hostile', settings.hostilePort],
  ];

  const opened = [];
  const handles = {};
  try {
    for (const [role, requestedPort] of wanted) {
      const handler = createHandler(role, state);
      const v4 = await listen(handler, requestedPort, LOOPBACK_V4, false);
      opened.push(v4);
      const port = v4.address().port;
      if (settings.ipv6) {
        const v6 = await listen(handler, port, LOOPBACK_V6, true);
        if (v6) opened.push(v6);
      }
      handles[role] = { role, port };
    }
  } catch (error) {
    await Promise.all(opened.map(closeServer));
    throw error;
  }

  const origins = originsFor({
    hostPort: handles.host.port,
    widgetPort: handles.widget.port,
    hostilePort: handles.hostile.port,
  });
  state.hostOrigin = origins.host;
  state.widgetOrigin = origins.widget;

  let closing;
  const close = () => (closing ??= Promise.all(opened.map(closeServer)).then(() => undefined));
  for (const role of Object.keys(handles)) {
    handles[role].origin = origins[role];
    handles[role].close = close;
  }
  return { ...handles, origins, close };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  let servers;
  try {
    servers = await startServers();
  } catch (error) {
    const hint =
      error?.code === 'EADDRINUSE'
        ? ' (another server runs there: stop it, or set CIF_HOST_PORT, CIF_WIDGET_PORT, CIF_HOSTILE_PORT)'
        : '';
    console.error(`serve.mjs: ${error?.message ?? error}${hint}`);
    process.exit(1);
  }
  const { host, widget, hostile } = servers.origins;
  console.log(`Agent desktop: ${host}/`);
  console.log(`Softphone widget: ${widget}/softphone/`);
  console.log(`CIF softphone widget: ${widget}/cif-softphone/`);
  console.log(`Fixtures: ${widget}/fixtures/ and ${hostile}/fixtures/ (hostile origin)`);
  if (resolveOptions().isolate) console.log('Cross-origin isolation headers are on (CIF_ISOLATE=1).');
  if (resolveOptions().testInit) console.log("The e2e tests' init script is in every page (CIF_TEST_INIT=1).");
  console.log('Press Ctrl-C to stop.');
  const stop = () => servers.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
