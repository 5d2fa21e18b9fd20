/**
 * Starts the test OData v4 server: SAP CAP serving ./srv/service.cds from an in-memory SQLite
 * database seeded from ./db/data, on 127.0.0.1 only, on a free port. When it listens it prints one
 * line, `listening <url>`, that the tests wait for; it stops when its parent closes its stdin.
 */
import cds from '@sap/cds';

// CAP's server listens on every interface: keep it on loopback.
cds.on('bootstrap', (app) => {
  const listen = app.listen.bind(app);
  app.listen = (port) => listen(port, '127.0.0.1');
});

cds.root = import.meta.dirname;
await cds.plugins;
const server = await cds.server({ in_memory: true, port: 0, index: undefined, favicon: undefined, static: undefined });
server.once('listening', () => console.log(`listening http://127.0.0.1:${server.address().port}`));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
