/**
 * The packaging test: what a user gets from `npm install`, not what the workspace sees.
 *
 * In node, once per run (chromium project only):
 * 1. `npm pack` the four packages (protocol, child, host, records) into a temporary folder, and check each tarball's file list: the
 *    entry points, the types, README.md and LICENSE, and nothing from src/, tests or build state;
 * 2. `npm install` the four tarballs into an empty temporary project, offline (the registry
 *    packages they need, comlink and uuid, are in npm's cache since the repo's own install);
 * 3. check the installed package.json files (exports with `types` first, versions, dependencies,
 *    sideEffects) and `npm ls` (one copy of the protocol, every dependency satisfied);
 * 4. import each package in node, where there is no DOM, with traps on the DOM globals to prove
 *    that importing touches none of them;
 * 5. type-check a small strict consumer and the type tests of test/types against the shipped
 *    `.d.ts`, with `module nodenext` and again with bundler resolution;
 * 6. bundle with esbuild as an app would: the drop-in and the host's stylesheet survive as
 *    side-effect imports, and an import of `BridgeErrorCode` tree-shakes down to almost nothing.
 *
 * A second test packs @cif-bridge/testing with its dependencies and the repo's own @playwright/test,
 * installs them into an empty project, and runs a spec written there with the `cifHost` fixture
 * against a CIF widget, as the package's tutorial has a widget author do.
 *
 * In the browser, for each engine: the IIFE files load from `<script>` tags on a page with the
 * example servers' strict CSP and define `CifBridgeChild`, `CifBridgeHost` and (the drop-in)
 * `Microsoft.CIFramework`, and no other globals.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import * as esbuild from 'esbuild';
import { contentSecurityPolicy } from '../examples/serve.mjs';
import { CHROMIUM_ARGS } from '../scripts/browsers.mjs';
import { findChromium } from '../scripts/findChromium.mjs';
import { origins } from './support/origins.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** The packages as published: workspace folder, name, and the files beyond the common ones. */
const PACKAGES = [
  { dir: 'bridge-protocol', name: '@cif-bridge/protocol', extra: [] },
  {
    dir: 'bridge-child',
    name: '@cif-bridge/child',
    extra: ['dist/cif-bridge-child.iife.js', 'dist/cif-bridge-child.iife.min.js', 'dist/msdyn_ciLibrary.js'],
  },
  {
    dir: 'bridge-host',
    name: '@cif-bridge/host',
    extra: [
      'dist/cif-bridge-host.iife.js',
      'dist/cif-bridge-host.iife.min.js',
      'dist/cif-bridge-host.css',
      // The call inspector, an entry of its own (`@cif-bridge/host/inspector`).
      'dist/inspector.js',
      'dist/inspector.d.ts',
      'dist/cif-bridge-inspector.iife.js',
      'dist/cif-bridge-inspector.iife.min.js',
    ],
  },
  {
    dir: 'bridge-records',
    name: '@cif-bridge/records',
    extra: [
      'dist/odata.js',
      'dist/ui.js',
      'dist/cif-bridge-records.iife.js',
      'dist/cif-bridge-records-ui.iife.js',
      'dist/cif-bridge-records-ui.css',
    ],
  },
] as const;

/** In every tarball. */
const COMMON_FILES = ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts'];

/** Never in a tarball: sources, tests, configs and build state. */
const FORBIDDEN = [
  /^src\//,
  /(^|\/)tests?\//,
  /\.(test|spec|e2e)\.[cm]?[jt]s$/,
  /(^|\/)tsconfig(\..+)?\.json$/,
  /\.tsbuildinfo$/,
  /(^|\/)node_modules\//,
];

/** The export condition that points at src/ inside the repo; the tarball has no src/ to point to. */
const SOURCE_CONDITION = 'cif-bridge:source';

/**
 * The environment for the npm and node children. When this runs under `npm test`, npm has put its
 * own settings in the environment (`npm_config_local_prefix=<repo>`, workspace flags, ...), and the
 * child npm would read them as its own config and act on the repo instead of the temporary project.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(config_(local_prefix|workspaces?|include_workspace_root|prefix)|package_|lifecycle_)/i.test(key))
      continue;
    if (key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

/** Runs a command to completion; rejects with its output when it exits non-zero. */
async function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(file, args, {
      cwd,
      env: { ...childEnv(), ...env },
      maxBuffer: 32 * 1024 * 1024,
      timeout: 120_000,
    });
    return stdout;
  } catch (error) {
    const e = error as { message: string; stdout?: string; stderr?: string };
    throw new Error(
      `${[file, ...args].join(' ')} (in ${cwd}) failed: ${e.message}\n--- stdout\n${e.stdout ?? ''}\n--- stderr\n${e.stderr ?? ''}`,
    );
  }
}

/** Every file path in a `.tgz`, without npm's leading `package/`. */
async function tarballFiles(tarball: string): Promise<string[]> {
  const listing = await run('tar', ['-tzf', tarball], path.dirname(tarball));
  return listing
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''));
}

/** Every file an `exports` map points to, leaving out the in-repo source condition. */
function exportTargets(value: unknown, key = ''): string[] {
  if (key === SOURCE_CONDITION) return [];
  if (typeof value === 'string') return [value];
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => exportTargets(v, k));
  }
  return [];
}

/** Run by node in the temporary project: what each package exports, and whether importing touched the DOM. */
const NODE_PROBE = `
const touched = [];
// Traps on the browser globals node lacks: reading one (even with typeof) records its name.
for (const name of ['window', 'document', 'self', 'location', 'navigator', 'customElements',
  'HTMLElement', 'HTMLIFrameElement', 'localStorage', 'sessionStorage', 'addEventListener']) {
  if (name in globalThis) continue;
  Object.defineProperty(globalThis, name, { configurable: true, get() { touched.push(name); return undefined; } });
}
const protocol = await import('@cif-bridge/protocol');
const child = await import('@cif-bridge/child');
const host = await import('@cif-bridge/host');
const inspector = await import('@cif-bridge/host/inspector');
const exports = {
  protocol: Object.keys(protocol).sort(),
  child: Object.keys(child).sort(),
  host: Object.keys(host).sort(),
  inspector: Object.keys(inspector).sort(),
};
// One copy of the protocol, so instanceof BridgeError holds whichever package threw it.
const oneProtocol = child.BridgeError === protocol.BridgeError && host.BridgeError === protocol.BridgeError;
// A mistake is reported as a coded error before anything needs a window.
let connectError;
try {
  await child.connect({});
} catch (error) {
  connectError = { isBridgeError: error instanceof protocol.BridgeError, code: error.code };
}
console.log(JSON.stringify({ touched, exports, oneProtocol, connectError }));
`;

/** A small strict consumer, as a newcomer writes it from the READMEs. */
const CONSUMER_TS = `
import { BridgeError, BridgeErrorCode, connect, type CreateSessionInput } from '@cif-bridge/child';
import { createHost, type SessionSnapshot } from '@cif-bridge/host';
import { isHelloMessage } from '@cif-bridge/protocol';

export async function widget(): Promise<string | undefined> {
  const client = await connect({ hostOrigin: 'https://agent.example.com' });
  const input: CreateSessionInput = { templateName: 'chat', templateParameters: { customer: 'Contoso' } };
  try {
    const id: string = await client.createSession(input);
    return id;
  } catch (error) {
    if (error instanceof BridgeError && error.code === BridgeErrorCode.TIMEOUT) return undefined;
    throw error;
  } finally {
    client.close();
  }
}

export function agentPage(container: HTMLElement): SessionSnapshot[] {
  const host = createHost({
    providers: [{ name: 'softphone', url: 'https://widget.example.com/softphone/' }],
    sessionTemplates: [{ name: 'chat', title: 'Chat with {customer}', anchorTab: 'customer' }],
    tabTemplates: [{ name: 'customer', title: '{customer}', type: 'website', parameters: { url: 'https://crm.example.com/?q={customer}' } }],
    container,
  });
  host.on('sessionCreated', (session) => console.log(session.title, session.tabs.length));
  return host.getSessions();
}

export function isHello(data: unknown): boolean {
  return isHelloMessage(data) && data.clientId.length > 0;
}

// The shipped types are real types, not any: a wrong field must not compile.
// @ts-expect-error: templateName is a string
export const wrong: CreateSessionInput = { templateName: 5 };
`;

/** The consumer's compiler settings: as strict as a careful app's. */
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: false,
    noEmit: true,
  },
  include: ['src/**/*.ts'],
};

test('the packages pack, install offline, import in node without a DOM, and type-check', async () => {
  const testInfo = test.info();
  test.skip(testInfo.project.name !== 'chromium', 'runs in node; once per run is enough');
  // npm pack and install take seconds, the two tsc runs most of the rest; CI machines are slower.
  test.setTimeout(180_000);

  const scratch = await mkdtemp(path.join(tmpdir(), 'cif-packaging-'));
  try {
    const tarballs = path.join(scratch, 'tarballs');
    const project = path.join(scratch, 'consumer');
    await mkdir(tarballs);
    await mkdir(path.join(project, 'src'), { recursive: true });

    const packed = await test.step('npm pack the four packages', async () => {
      const output = await run(
        'npm',
        [
          'pack',
          '--json',
          '--ignore-scripts',
          '--pack-destination',
          tarballs,
          ...PACKAGES.flatMap((p) => ['--workspace', `packages/${p.dir}`]),
        ],
        root,
      );
      // npm may print lifecycle noise before the JSON; the JSON array is the last thing it prints.
      const report = JSON.parse(output.slice(output.indexOf('['))) as { name: string; filename: string }[];
      return PACKAGES.map((p) => {
        const entry = report.find((r) => r.name === p.name);
        expect(entry, `npm pack reported ${p.name}`).toBeDefined();
        return { ...p, tarball: path.join(tarballs, entry!.filename) };
      });
    });

    // Soft: one run reports every missing or stray file and every wrong field, not just the first.
    await test.step('each tarball holds what users need and nothing else', async () => {
      for (const p of packed) {
        const files = await tarballFiles(p.tarball);
        for (const file of [...COMMON_FILES, ...p.extra]) {
          expect.soft(files, `${p.name} ships ${file}`).toContain(file);
        }
        for (const file of files) {
          const hit = FORBIDDEN.find((pattern) => pattern.test(file));
          expect.soft(hit, `${p.name} must not ship ${file}`).toBeUndefined();
        }
        // Every .js the package ships is under dist/.
        expect
          .soft(
            files.filter((f) => /\.[cm]?js$/.test(f) && !f.startsWith('dist/')),
            `${p.name}: JS outside dist/`,
          )
          .toEqual([]);
      }
    });

    await test.step('npm install the tarballs into an empty project, offline', async () => {
      await writeFile(
        path.join(project, 'package.json'),
        `${JSON.stringify({ name: 'cif-bridge-consumer', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
      );
      const install = (mode: string) =>
        run(
          'npm',
          ['install', mode, '--no-audit', '--no-fund', '--ignore-scripts', ...packed.map((p) => p.tarball)],
          project,
        );
      try {
        await install('--offline');
      } catch (offlineError) {
        // A cache without comlink or uuid (a cleaned cache, a different install): allow the network.
        testInfo.annotations.push({
          type: 'npm install',
          description: `--offline failed, retried with --prefer-offline: ${String(offlineError).split('\n')[0]}`,
        });
        await install('--prefer-offline');
      }
      // `npm ls` exits non-zero on a missing, invalid or extraneous dependency.
      const tree = JSON.parse(await run('npm', ['ls', '--all', '--json'], project)) as {
        dependencies: Record<string, { version: string; dependencies?: Record<string, { version: string }> }>;
      };
      expect(Object.keys(tree.dependencies).sort()).toEqual([
        '@cif-bridge/child',
        '@cif-bridge/host',
        '@cif-bridge/protocol',
        '@cif-bridge/records',
      ]);
    });

    await test.step('the installed package.json files are fit to publish', async () => {
      const versions = new Set<string>();
      for (const p of packed) {
        const dir = path.join(project, 'node_modules', ...p.name.split('/'));
        const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
          name: string;
          version: string;
          type?: string;
          license?: string;
          files?: string[];
          sideEffects?: boolean | string[];
          exports: Record<string, unknown>;
          main?: string;
          types?: string;
          dependencies?: Record<string, string>;
        };
        versions.add(manifest.version);
        expect.soft(manifest.version, p.name).toBe('0.1.0');
        expect.soft(manifest.license, p.name).toBe('MIT');
        expect.soft(manifest.type, p.name).toBe('module');
        // `dist` only; `!dist/...` entries may leave build state out of it.
        expect
          .soft(
            manifest.files?.filter((entry) => !entry.startsWith('!')),
            p.name,
          )
          .toEqual(['dist']);
        const main = manifest.exports['.'] as Record<string, unknown>;
        // TypeScript takes the first condition that matches, so `types` must come first.
        expect.soft(Object.keys(main)[0], `${p.name}: exports["."] lists types first`).toBe('types');
        expect.soft(main['types'], p.name).toBe('./dist/index.d.ts');
        expect.soft(main['import'] ?? main['default'], p.name).toBe('./dist/index.js');
        const files = await tarballFiles(p.tarball);
        for (const target of [...exportTargets(manifest.exports), manifest.main, manifest.types]) {
          if (target === undefined) continue;
          expect
            .soft(files, `${p.name}: ${target} (from exports/main/types) is in the tarball`)
            .toContain(target.replace(/^\.\//, ''));
        }

        const deps = manifest.dependencies ?? {};
        if (p.name !== '@cif-bridge/protocol') {
          // The exact version packed beside it: the three are released together.
          expect.soft(deps['@cif-bridge/protocol'], `${p.name} depends on the protocol`).toBe(manifest.version);
        }
        // Exactly what the built code imports: a missing dependency breaks the users' install, and an
        // unused one makes them download it for nothing.
        // Every ES module the package exports (a package may have entries beside its index).
        const modules = [
          ...new Set(exportTargets(manifest.exports).filter((target) => /^\.\/dist\/[^/]+\.js$/.test(target))),
        ];
        const bundle = await esbuild.build({
          entryPoints: modules.map((target) => path.join(dir, target)),
          bundle: true,
          write: false,
          outdir: path.join(scratch, 'deps'),
          metafile: true,
          packages: 'external',
          logLevel: 'silent',
        });
        const imported = new Set(
          Object.values(bundle.metafile.inputs)
            .flatMap((input) => input.imports)
            .filter((entry) => entry.external)
            .map((entry) =>
              entry.path
                .split('/')
                .slice(0, entry.path.startsWith('@') ? 2 : 1)
                .join('/'),
            ),
        );
        expect
          .soft(Object.keys(deps).sort(), `${p.name}: dependencies = the packages dist/ imports`)
          .toEqual([...imported].sort());

        // Only files that run for their effect may be marked so; every JS module stays
        // tree-shakeable. A bundler would drop a side-effect import of an unmarked file.
        if (p.name === '@cif-bridge/child') {
          // The drop-in defines Microsoft.CIFramework when it runs.
          expect.soft(manifest.exports['./msdyn_ciLibrary.js']).toBe('./dist/msdyn_ciLibrary.js');
          expect.soft(manifest.sideEffects).toEqual(['./dist/msdyn_ciLibrary.js']);
        } else if (p.name === '@cif-bridge/host') {
          // The default UI's stylesheet, imported for its effect by apps whose bundler takes CSS.
          expect.soft(manifest.exports['./cif-bridge-host.css']).toBe('./dist/cif-bridge-host.css');
          expect.soft(manifest.sideEffects).toEqual(['*.css']);
        } else if (p.name === '@cif-bridge/records') {
          // The records UI's stylesheet, as the host's.
          expect.soft(manifest.exports['./cif-bridge-records-ui.css']).toBe('./dist/cif-bridge-records-ui.css');
          expect.soft(manifest.sideEffects).toEqual(['*.css']);
        } else {
          expect.soft(manifest.sideEffects, p.name).toBe(false);
        }
      }
      expect.soft([...versions]).toHaveLength(1);
    });

    await test.step('each package imports in node and touches no DOM', async () => {
      const output = await run(process.execPath, ['--input-type=module', '-e', NODE_PROBE], project);
      const probe = JSON.parse(output.trim().split('\n').at(-1)!) as {
        touched: string[];
        exports: Record<'protocol' | 'child' | 'host' | 'inspector', string[]>;
        oneProtocol: boolean;
        connectError: { isBridgeError: boolean; code: string } | undefined;
      };
      expect(probe.touched, 'DOM globals read while importing').toEqual([]);
      expect(probe.exports.child).toEqual(
        expect.arrayContaining([
          'BridgeClient',
          'BridgeError',
          'BridgeErrorCode',
          'configure',
          'connect',
          'createSession',
        ]),
      );
      expect(probe.exports.host).toEqual(
        expect.arrayContaining(['BridgeError', 'BridgeErrorCode', 'BridgeHost', 'createHost']),
      );
      // The inspector is its own entry: the host's main entry doesn't carry it.
      expect(probe.exports.inspector).toEqual(['createInspector']);
      expect(probe.exports.host).not.toContain('createInspector');
      expect(probe.exports.protocol).toEqual(
        expect.arrayContaining(['BridgeError', 'BridgeErrorCode', 'isHelloMessage']),
      );
      expect(probe.oneProtocol, 'child and host share one copy of the protocol').toBe(true);
      expect(probe.connectError).toEqual({ isBridgeError: true, code: 'INVALID_INPUT' });
    });

    await test.step('a strict consumer and the type tests type-check against the shipped .d.ts', async () => {
      await writeFile(path.join(project, 'src', 'consumer.ts'), CONSUMER_TS);
      // The type tests of test/types, run here against the installed tarballs instead of the workspace.
      await cp(path.join(root, 'test', 'types'), path.join(project, 'src', 'types'), {
        recursive: true,
        filter: (source) => !source.endsWith('tsconfig.json'),
      });
      await writeFile(path.join(project, 'tsconfig.json'), `${JSON.stringify(CONSUMER_TSCONFIG, null, 2)}\n`);
      // module nodenext, as the issue asks; then bundler resolution, as most browser apps use.
      await run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
      await run(
        process.execPath,
        [tsc, '-p', 'tsconfig.json', '--module', 'preserve', '--moduleResolution', 'bundler'],
        project,
      );
    });

    await test.step('a bundler keeps the drop-in and tree-shakes the rest', async () => {
      /** Bytes of the JS and of the CSS esbuild writes for an app made of `source`. */
      const bundle = async (source: string) => {
        const result = await esbuild.build({
          absWorkingDir: project,
          stdin: { contents: source, resolveDir: project, sourcefile: 'app.js' },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          minify: true,
          outdir: path.join(project, 'out'),
          write: false,
          logLevel: 'silent',
        });
        const bytes = (extension: string) =>
          result.outputFiles
            .filter((file) => file.path.endsWith(extension))
            .reduce((sum, file) => sum + file.contents.length, 0);
        return { js: bytes('.js'), css: bytes('.css'), warnings: result.warnings.map((w) => w.text) };
      };
      const dropIn = await bundle(`import '@cif-bridge/child/msdyn_ciLibrary.js';`);
      expect(dropIn.warnings).toEqual([]);
      expect(dropIn.js, 'the drop-in is kept as a side-effect import').toBeGreaterThan(5_000);
      const styles = await bundle(`import '@cif-bridge/host/cif-bridge-host.css';`);
      expect(styles.warnings).toEqual([]);
      expect(styles.css, 'the stylesheet is kept as a side-effect import').toBeGreaterThan(1_000);
      for (const p of packed) {
        const small = await bundle(
          `import { BridgeErrorCode } from '${p.name}';\nconsole.log(BridgeErrorCode.TIMEOUT);`,
        );
        // The error codes and a few tables: no comlink, no client, no host, no UI.
        expect(small.js, `${p.name}: importing BridgeErrorCode alone tree-shakes`).toBeLessThan(4_096);
      }
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});

/** What the consumer project of the @cif-bridge/testing test holds, besides the widget's two files. */
function testingConsumer(ports: { host: number; widget: number }): Record<string, string> {
  return {
    'package.json': `${JSON.stringify({ name: 'widget-tests', version: '0.0.0', private: true, type: 'module' }, null, 2)}\n`,
    // What the tutorial (packages/bridge-testing/README.md) has a widget author write, with this
    // machine's Chromium and ports.
    'playwright.config.mjs': `import { defineConfig } from '@playwright/test';
export default defineConfig({
  workers: 1,
  retries: 0,
  use: {
    cifHostPort: ${ports.host},
    launchOptions: { executablePath: process.env.CIF_CHROMIUM, args: JSON.parse(process.env.CIF_CHROMIUM_ARGS) },
  },
  webServer: { command: 'node serve-widget.mjs', url: 'http://127.0.0.1:${ports.widget}/', reuseExistingServer: false },
});
`,
    'serve-widget.mjs': `import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
const files = { '/': ['index.html', 'text/html'], '/widget.js': ['widget.js', 'text/javascript'] };
createServer(async (request, response) => {
  const file = files[request.url.split('?')[0]];
  if (!file) return response.writeHead(404).end();
  response.writeHead(200, { 'Content-Type': file[1] }).end(await readFile(new URL('./widget/' + file[0], import.meta.url)));
}).listen(${ports.widget}, '127.0.0.1');
`,
    'widget.spec.mjs': `import { test, expect } from '@cif-bridge/testing/playwright';

test('the softphone opens a voice call session when the agent accepts', async ({ cifHost }) => {
  await cifHost.load('http://localhost:${ports.widget}/');
  await cifHost.widget.getByRole('button', { name: 'Ring' }).click();
  await cifHost.acceptNotification();
  await expect(cifHost).toHaveCalled('createSession', { templateName: 'voice_call' });
  expect(await cifHost.sessions()).toHaveLength(1);
});
`,
  };
}

test('@cif-bridge/testing installs next to @playwright/test, and a spec using its fixture passes', async () => {
  test.skip(test.info().project.name !== 'chromium', 'runs in node and its own Chromium; once per run is enough');
  test.setTimeout(180_000);
  // Two ports beside the example servers', so checkouts that moved those don't collide here either.
  const hostPort = Number(new URL(origins.host).port) + 3;
  const ports = { host: hostPort, widget: hostPort + 1 };
  const scratch = await mkdtemp(path.join(tmpdir(), 'cif-packaging-testing-'));
  try {
    const tarballs = path.join(scratch, 'tarballs');
    const project = path.join(scratch, 'widget-tests');
    await mkdir(tarballs);
    await mkdir(path.join(project, 'widget'), { recursive: true });

    await test.step('npm pack @cif-bridge/testing, its dependencies, and @playwright/test from node_modules', async () => {
      const workspaces = ['protocol', 'child', 'host', 'records', 'testing'].flatMap((dir) => [
        '--workspace',
        `packages/bridge-${dir}`,
      ]);
      await run('npm', ['pack', '--ignore-scripts', '--pack-destination', tarballs, ...workspaces], root);
      // The very Playwright the repo tests with, so that nothing but npm's cache is needed.
      for (const dir of ['@playwright/test', 'playwright', 'playwright-core']) {
        await run(
          'npm',
          ['pack', '--ignore-scripts', '--pack-destination', tarballs, path.join(root, 'node_modules', dir)],
          root,
        );
      }
      const files = await tarballFiles(path.join(tarballs, 'cif-bridge-testing-0.1.0.tgz'));
      for (const file of [
        'README.md',
        'LICENSE',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/playwright.js',
        'dist/playwright.d.ts',
        'dist/cli.js',
        'dist/page.js',
      ]) {
        expect.soft(files, `@cif-bridge/testing ships ${file}`).toContain(file);
      }
      expect.soft(files.filter((file) => FORBIDDEN.some((pattern) => pattern.test(file)))).toEqual([]);
    });

    await test.step('npm install them into an empty project', async () => {
      for (const [name, text] of Object.entries(testingConsumer(ports)))
        await writeFile(path.join(project, name), text);
      for (const name of ['index.html', 'widget.js']) {
        const text = await readFile(path.join(root, 'packages', 'bridge-testing', 'test', 'widget', name), 'utf8');
        await writeFile(
          path.join(project, 'widget', name),
          text.replaceAll('http://127.0.0.1:4280', `http://127.0.0.1:${ports.host}`),
        );
      }
      const tgz = (await readdir(tarballs)).map((file) => path.join(tarballs, file));
      const install = (mode: string) =>
        run('npm', ['install', mode, '--no-audit', '--no-fund', '--ignore-scripts', ...tgz], project);
      try {
        await install('--offline');
      } catch (offlineError) {
        test.info().annotations.push({
          type: 'npm install',
          description: `--offline failed, retried with --prefer-offline: ${String(offlineError).split('\n')[0]}`,
        });
        await install('--prefer-offline');
      }
      await run('npm', ['ls', '--all'], project);
      const help = await run(path.join(project, 'node_modules', '.bin', 'cif-bridge-host'), ['--help'], project);
      expect(help).toContain('Usage: cif-bridge-host --widget <url>');
    });

    await test.step('the spec passes', async () => {
      const output = await run(
        process.execPath,
        [path.join(project, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--reporter=line'],
        project,
        { CIF_CHROMIUM: findChromium({ install: false }), CIF_CHROMIUM_ARGS: JSON.stringify(CHROMIUM_ARGS) },
      );
      expect(output).toContain('1 passed');
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});

/**
 * Opens an empty page on `origin` that sends the example servers' CSP (scripts from its own origin
 * and the host's only, nothing inline), then loads `scripts` from `<script src>` tags one by one.
 * Returns the names of the globals the scripts added.
 */
async function loadScripts(page: Page, origin: string, scripts: string[]): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const url = `${origin}/packaging-test/blank.html`;
  // A route rather than a fixture file, so the page is exactly this and nothing else.
  await page.route(url, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: { 'Content-Security-Policy': contentSecurityPolicy(origins.host) },
      body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>packaging</title></head><body></body></html>',
    }),
  );
  await page.goto(url);
  const before = await page.evaluate(() => Object.getOwnPropertyNames(window));
  for (const script of scripts) await page.addScriptTag({ url: `${origin}${script}` });
  const after = await page.evaluate(() => Object.getOwnPropertyNames(window));
  expect(errors, 'errors thrown while loading the scripts').toEqual([]);
  return after.filter((name) => !before.includes(name)).sort();
}

for (const variant of [
  { name: 'readable', suffix: '.iife.js' },
  { name: 'minified', suffix: '.iife.min.js' },
]) {
  test(`the ${variant.name} IIFE files define CifBridgeChild and CifBridgeHost from a script tag`, async ({ page }) => {
    const child = await loadScripts(page, origins.widget, [
      `/packages/bridge-child/dist/cif-bridge-child${variant.suffix}`,
    ]);
    expect(child, 'globals the child script adds').toEqual(['CifBridgeChild']);
    expect(
      await page.evaluate(() => {
        const g = (window as unknown as { CifBridgeChild: Record<string, unknown> }).CifBridgeChild;
        const codes = g['BridgeErrorCode'] as Record<string, unknown>;
        return {
          connect: typeof g['connect'],
          createSession: typeof g['createSession'],
          configure: typeof g['configure'],
          BridgeError: typeof g['BridgeError'],
          TIMEOUT: codes['TIMEOUT'],
          HANDSHAKE_TIMEOUT: codes['HANDSHAKE_TIMEOUT'],
        };
      }),
    ).toEqual({
      connect: 'function',
      createSession: 'function',
      configure: 'function',
      BridgeError: 'function',
      TIMEOUT: 'TIMEOUT',
      HANDSHAKE_TIMEOUT: 'HANDSHAKE_TIMEOUT',
    });

    const hostPage = await page.context().newPage();
    const host = await loadScripts(hostPage, origins.host, [
      `/packages/bridge-host/dist/cif-bridge-host${variant.suffix}`,
    ]);
    expect(host, 'globals the host script adds').toEqual(['CifBridgeHost']);
    expect(
      await hostPage.evaluate(() => {
        const g = (window as unknown as { CifBridgeHost: Record<string, unknown> }).CifBridgeHost;
        return {
          createHost: typeof g['createHost'],
          renderHostView: typeof g['renderHostView'],
          BridgeError: typeof g['BridgeError'],
          TIMEOUT: (g['BridgeErrorCode'] as Record<string, unknown>)['TIMEOUT'],
        };
      }),
    ).toEqual({ createHost: 'function', renderHostView: 'function', BridgeError: 'function', TIMEOUT: 'TIMEOUT' });
  });
}

test('the msdyn_ciLibrary.js drop-in defines Microsoft.CIFramework from a script tag', async ({ page }) => {
  const added = await loadScripts(page, origins.widget, ['/packages/bridge-child/dist/msdyn_ciLibrary.js']);
  expect(added, 'globals the drop-in adds').toEqual(['Microsoft']);
  const framework = await page.evaluate(() => {
    const w = window as unknown as { Microsoft: { CIFramework: Record<string, unknown> } };
    return { createSession: typeof w.Microsoft.CIFramework['createSession'] };
  });
  expect(framework).toEqual({ createSession: 'function' });
});
