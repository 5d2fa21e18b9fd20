import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DROP_IN_PATH } from './dropInPath.js';
import type { PageConfig } from './PageConfig.js';
import { readTestHostConfig, type TestHostConfig } from './TestHostConfig.js';
import { TEST_HOST_CSS, testHostPage } from './testHostPage.js';
import { BridgeError, BridgeErrorCode } from '@cif-bridge/host';

/** Options of {@link startTestHost}. */
export interface TestHostOptions {
  /** The port on 127.0.0.1. Default 0: a free port the system picks (read it from {@link TestHost.origin}). */
  port?: number;
}

/** A running test host server: one loopback origin that serves agent desks for widgets. */
export interface TestHost {
  /** The host's origin, such as `http://127.0.0.1:5173`; widgets load the drop-in from it. */
  readonly origin: string;
  /**
   * Registers a desk for `widgetUrl` with `config`, and returns the URL of its page. The origin's
   * root, `/`, shows the desk registered last.
   * @throws BridgeError `INVALID_INPUT` naming the field, when `config` is malformed or `widgetUrl` is not an http(s) URL.
   */
  desk(widgetUrl: string, config?: TestHostConfig, source?: string): string;
  /** Stops the server. Safe to call twice. */
  close(): Promise<void>;
}

/** The files the page loads, by path: each is read when first asked for. */
const ASSETS: Record<string, { url: () => string; type: string }> = {
  '/__cif/page.js': { url: () => new URL('./page.js', import.meta.url).href, type: 'text/javascript' },
  '/__cif/page.js.map': { url: () => new URL('./page.js.map', import.meta.url).href, type: 'application/json' },
  '/__cif/cif-bridge-host.css': {
    url: () => import.meta.resolve('@cif-bridge/host/cif-bridge-host.css'),
    type: 'text/css',
  },
  [DROP_IN_PATH.toLowerCase()]: {
    url: () => import.meta.resolve('@cif-bridge/child/msdyn_ciLibrary.js'),
    type: 'text/javascript',
  },
};

/**
 * The test host's CSP: scripts and styles from its own origin only (named beside `'self'` for WebKit,
 * which matches `'self'` against a sandboxed frame's opaque origin:
 * https://bugs.webkit.org/show_bug.cgi?id=316847), no inline code, and frames from the widget's origin,
 * from loopback, and from https sites, which `website` tabs show.
 */
function contentSecurityPolicy(origin: string, widgetOrigin: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${origin}`,
    `style-src 'self' ${origin}`,
    "object-src 'none'",
    "base-uri 'none'",
    `frame-src 'self' ${widgetOrigin} http://127.0.0.1:* http://localhost:* https:`,
    "frame-ancestors 'self'",
  ].join('; ');
}

/** Checks that `url` is an absolute http(s) URL; returns its origin. */
function widgetOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BridgeError(
      BridgeErrorCode.INVALID_INPUT,
      `The widget URL "${url}" is not an absolute URL; give it as http://host:port/path.`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BridgeError(BridgeErrorCode.INVALID_INPUT, `The widget URL "${url}" must be http or https.`);
  }
  return parsed.origin;
}

/**
 * Starts a test host on 127.0.0.1: a page per registered desk with the default UI, presence, the
 * embedded record store and the drop-in at {@link DROP_IN_PATH}, trusting the one widget origin the
 * desk names. It serves nothing else, and only to loopback.
 *
 * @example
 * ```ts
 * const host = await startTestHost({ port: 5173 });
 * const url = host.desk('http://localhost:3000/widget.html', { sessionTemplates, tabTemplates });
 * ```
 */
export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const desks = new Map<string, PageConfig>();
  let lastDesk = '';
  let origin = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void => {
      response.writeHead(status, { ...headers, 'Content-Type': type });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'Method Not Allowed\n');
    const url = new URL(request.url ?? '/', origin);
    const path = url.pathname.toLowerCase();
    if (path === '/' || path === '/index.html') {
      // Without `?desk=`, the desk registered last (the CLI's only one).
      const desk = desks.get(url.searchParams.get('desk') ?? lastDesk);
      if (desk === undefined) return send(404, 'No such desk: start one with cif-bridge-host or cifHost.load.\n');
      headers['Content-Security-Policy'] = contentSecurityPolicy(origin, widgetOrigin(desk.widgetUrl));
      return send(200, testHostPage(desk), 'text/html; charset=utf-8');
    }
    if (path === '/__cif/test-host.css') return send(200, TEST_HOST_CSS, 'text/css; charset=utf-8');
    const asset = ASSETS[path];
    if (asset === undefined) return send(404, 'Not Found\n');
    try {
      return send(200, await readFile(fileURLToPath(asset.url())), `${asset.type}; charset=utf-8`);
    } catch (error) {
      return send(500, `cif-bridge-host: can't read ${path}: ${String(error)}\n`);
    }
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host: '127.0.0.1', exclusive: true }, () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | undefined;
  return {
    origin,
    desk(widgetUrl, config = {}, source = 'cif-bridge-host') {
      const checked = readTestHostConfig(config, source);
      widgetOrigin(widgetUrl);
      const { records, ...hostConfig } = checked;
      const seed = records ?? { entities: [] };
      const developmentTemplates = [hostConfig.sessionTemplates, hostConfig.tabTemplates].every((t) => t === undefined);
      const id = randomUUID();
      desks.set(id, {
        ...hostConfig,
        widgetUrl,
        developmentTemplates,
        // One database per seed: IndexedDB keeps what it stored, so a changed seed needs a new name.
        records: {
          name: `cif-test-host-${createHash('sha256').update(JSON.stringify(seed)).digest('hex').slice(0, 16)}`,
          seed,
        },
      });
      lastDesk = id;
      return `${origin}/?desk=${id}`;
    },
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
