import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The test widget's folder. */
const WIDGET_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'widget');

/** The host origin the widget's page names (`cif-bridge-host`'s default address). */
const NAMED_HOST = 'http://127.0.0.1:4280';

/**
 * Serves the test widget (test/widget/) on `http://localhost:<free port>`, another site than the
 * test host's 127.0.0.1, with the host origin its page names replaced by `hostOrigin`, as a widget's
 * deployment names its CRM. Only the widget's two files are served. `hostOrigin` may be a function,
 * read at each request, for a host whose port is known only once it listens.
 */
export async function serveWidget(
  hostOrigin: string | (() => string),
): Promise<{ url: string; close(): Promise<void> }> {
  const files: Record<string, string> = { '/': 'index.html', '/index.html': 'index.html', '/widget.js': 'widget.js' };
  const server = createServer((request, response) => {
    const name = files[(request.url ?? '/').split('?')[0] ?? '/'];
    if (name === undefined) {
      response.writeHead(404).end();
      return;
    }
    readFile(path.join(WIDGET_DIR, name), 'utf8').then(
      (text) => {
        const html = name.endsWith('.html');
        response.writeHead(200, {
          'Content-Type': html ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
          'Cache-Control': 'no-store',
        });
        response.end(
          html ? text.replaceAll(NAMED_HOST, typeof hostOrigin === 'string' ? hostOrigin : hostOrigin()) : text,
        );
      },
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A browser keeps its connections open; they would hold the close forever.
        server.closeAllConnections();
      }),
  };
}
