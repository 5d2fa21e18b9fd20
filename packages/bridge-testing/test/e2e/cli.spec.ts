/**
 * `cif-bridge-host`, the command: it serves a desk for a widget on loopback, with the drop-in, and
 * reports a bad command line or configuration by naming what to fix.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { serveWidget } from './serveWidget.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

/** Runs the CLI until it exits; its exit code and output. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A port no one listens on now, from the system, so runs beside other checkouts never collide. It is
 * free until something takes it, which is good enough for a test that starts its server right after.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the CLI as a server; resolves once it printed "Press Ctrl-C", with its output so far and
 * the desk's origin, read from what it printed.
 */
function startCli(args: string[]): Promise<{ child: ChildProcess; output: string; origin: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const origin = /desk: +(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
      if (output.includes('Press Ctrl-C') && origin !== undefined) resolve({ child, output, origin });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => reject(new Error(`cif-bridge-host exited (${code}): ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}

test('serves a desk for the widget, in development mode, with the drop-in', async ({ page, request }) => {
  const deskOrigin = `http://127.0.0.1:${await freePort()}`;
  const widget = await serveWidget(deskOrigin);
  const { child, output } = await startCli(['--widget', widget.url, '--port', new URL(deskOrigin).port]);
  try {
    expect(output).toContain(`desk:    ${deskOrigin}/`);
    expect(output).toContain('development mode');
    // The drop-in's path is matched without regard to case, as real widgets vary it.
    for (const route of ['/webresources/Widget/msdyn_ciLibrary.js', '/WebResources/widget/MSDYN_CILIBRARY.JS']) {
      const response = await request.get(`${deskOrigin}${route}`);
      expect(response.status(), route).toBe(200);
      expect(await response.text()).toContain('CIFramework');
    }
    expect((await request.get(`${deskOrigin}/package.json`)).status()).toBe(404);

    const notes: string[] = [];
    page.on('console', (message) => notes.push(message.text()));
    const response = await page.goto(`${deskOrigin}/`);
    expect(response?.headers()['content-security-policy']).toContain(`script-src 'self' ${deskOrigin}`);
    const frame = page.frameLocator('iframe[title="Widget under test"]');
    await expect(frame.locator('#environment')).toHaveText('(none)');
    await frame.getByRole('button', { name: 'Ring' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
    await expect(frame.getByRole('list', { name: 'Activity' })).toContainText('Session created: ');
    // The host developer is told which templates development mode made up.
    expect(notes).toContainEqual(expect.stringContaining('created a plain notification template "incoming_call"'));
    expect(notes).toContainEqual(expect.stringContaining('created a plain session template "voice_call"'));
    // The desk's call inspector lists the widget's calls, and what development mode made up.
    const inspector = page.getByRole('region', { name: 'Call inspector' });
    await expect(inspector.getByRole('cell', { name: 'createSession', exact: true })).toBeVisible();
    await expect(
      inspector.getByRole('cell', { name: 'made up session template: add it to sessionTemplates' }),
    ).toBeVisible();
  } finally {
    await stop(child);
    await widget.close();
  }
});

test('--config and --records give the desk its templates, environment and records', async ({ page }) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cif-bridge-host-'));
  let deskOrigin = '';
  const widget = await serveWidget(() => deskOrigin);
  const config = path.join(dir, 'host.json');
  const records = path.join(dir, 'seed.json');
  await writeFile(
    config,
    JSON.stringify({
      sessionTemplates: [{ name: 'voice_call', title: 'Call from {customer}', anchorTab: 'caller' }],
      tabTemplates: [{ name: 'caller', title: '{customer}', type: 'development', parameters: {} }],
      notificationTemplates: [{ name: 'incoming_call', title: 'Incoming call from {customer}' }],
      environment: { appName: 'Contoso Service' },
    }),
  );
  await writeFile(
    records,
    JSON.stringify({
      entities: [
        {
          logicalName: 'contact',
          primaryIdAttribute: 'contactid',
          primaryNameAttribute: 'fullname',
          attributes: ['contactid', 'fullname', 'telephone1'],
          rows: [{ contactid: 'c1', fullname: 'Ada Lovelace', telephone1: '+1 555 0100' }],
        },
      ],
    }),
  );
  // `--port 0`: the system picks the port, and the CLI prints the one it got.
  const { child, output, origin } = await startCli([
    '--widget',
    widget.url,
    '--port',
    '0',
    '--config',
    config,
    '--records',
    records,
  ]);
  deskOrigin = origin;
  try {
    expect(output).not.toContain('development mode');
    await page.goto(`${deskOrigin}/`);
    const frame = page.frameLocator('iframe[title="Widget under test"]');
    await expect(frame.locator('#environment')).toHaveText('Contoso Service');
    await frame.getByRole('button', { name: 'Find caller' }).click();
    await expect(frame.getByRole('list', { name: 'Activity' })).toContainText('Caller: Ada Lovelace');
    await frame.getByRole('button', { name: 'Ring' }).click();
    await page
      .getByRole('alertdialog', { name: 'Incoming call from Ada Lovelace' })
      .getByRole('button', { name: 'Accept' })
      .click();
    await expect(page.getByRole('tablist', { name: 'Sessions' })).toContainText('Call from Ada Lovelace');
  } finally {
    await stop(child);
    await widget.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a bad command line or configuration exits 1 and says what to fix', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cif-bridge-host-'));
  try {
    const noWidget = await runCli([]);
    expect(noWidget.code).toBe(1);
    expect(noWidget.stderr).toContain('--widget <url> is required.');
    expect(noWidget.stderr).toContain('Usage: cif-bridge-host');

    const config = path.join(dir, 'host.json');
    await writeFile(config, JSON.stringify({ sessionTemplates: [{ title: 'Call' }] }));
    const badConfig = await runCli(['--widget', 'http://localhost:3000/', '--config', config, '--port', '0']);
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain(`${config}: sessionTemplates[0].name must be a non-empty string.`);

    await writeFile(config, '{ "sessionTemplates": [');
    const notJson = await runCli(['--widget', 'http://localhost:3000/', '--config', config, '--port', '0']);
    expect(notJson.stderr).toContain(`--config ${config}: not JSON`);

    const badPort = await runCli(['--widget', 'http://localhost:3000/', '--port', 'eighty']);
    expect(badPort.stderr).toContain('--port eighty is not a port number.');

    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--records');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
