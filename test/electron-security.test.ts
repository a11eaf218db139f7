/**
 * Electron's security checklist, where it can be checked without the Electron binary: the rules
 * of src/main/security.ts run in plain Node; the main process's configuration is read from the
 * bundle electron-vite builds (out/main/index.js, built here first) and from the packaging
 * configuration; Electronegativity fails on a deliberately unsafe app. What only a running
 * Electron can show (no `require` in the page, app: protocol, window.open and navigation blocked)
 * is in e2e/app.electron.spec.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY,
  contentSecurityPolicy,
  isAllowedNavigation,
  isPermissionAllowed,
  isSafeExternalUrl,
  isTrustedSender,
  resolveAppPath,
} from '../src/main/security';
import { OWNER_TOKEN, call, runDeferred, seedCommittee, startTestHub, tempDir } from './helpers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let main = '';

beforeAll(() => {
  // The bundle that ships: build it from the sources under test.
  const built = spawnSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`electron-vite build failed: ${built.stderr}`);
  main = readFileSync(join(ROOT, 'out/main/index.js'), 'utf8');
}, 180_000);
afterAll(runDeferred);

describe('links handed to the system browser', () => {
  it.each(['https://meet.example.org/abc', 'http://intranet.local/reunion?x=1'])('%s opens', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });
  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'app://coconstruct/index.html',
    'https://user:secret@example.org/',
    'not a url',
    '',
  ])('%j stays closed', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('who may call the IPC door', () => {
  it('the app’s own page only', () => {
    expect(isTrustedSender('app://coconstruct/index.html#/meetings/1')).toBe(true);
    expect(isTrustedSender('app://elsewhere/index.html')).toBe(false);
    expect(isTrustedSender('file:///opt/Coconstruct/resources/app.asar/out/renderer/index.html')).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:4780/')).toBe(false);
    expect(isTrustedSender('https://evil.example/')).toBe(false);
    expect(isTrustedSender('')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
  it('under `npm run dev`, the dev server’s origin instead', () => {
    expect(isTrustedSender('http://localhost:5173/#/', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isTrustedSender('app://coconstruct/index.html', 'http://localhost:5173/')).toBe(false);
  });
  it('the built main process checks the sender’s frame before answering', () => {
    expect(main).toMatch(/ipcMain\.handle\(/);
    const handlers = main.split(/ipcMain\.handle\(/).slice(1);
    expect(handlers.length).toBeGreaterThanOrEqual(2);
    for (const h of handlers) expect(h.slice(0, 300)).toMatch(/isOwnFrame\(event\)/);
    expect(main).toMatch(/senderFrame/);
  });
});

describe('the app’s own protocol', () => {
  const root = '/opt/Coconstruct/resources/app.asar/out/renderer';
  it('reads files under the renderer folder', () => {
    expect(resolveAppPath(root, 'app://coconstruct/')).toBe(`${root}/index.html`);
    expect(resolveAppPath(root, 'app://coconstruct/index.html')).toBe(`${root}/index.html`);
    expect(resolveAppPath(root, 'app://coconstruct/assets/index-abc.js')).toBe(`${root}/assets/index-abc.js`);
    expect(resolveAppPath(root, 'app://coconstruct/assets/caf%C3%A9.woff2')).toBe(
      `${root}/assets/café.woff2`,
    );
  });
  it.each(['app://coconstruct/../../../../etc/passwd', 'app://coconstruct/%2e%2e/%2e%2e/etc/passwd'])(
    'keeps %s inside the renderer folder (the URL parser resolves the dots)',
    (url) => {
      expect(resolveAppPath(root, url)).toBe(`${root}/etc/passwd`);
    },
  );
  it.each([
    'app://coconstruct/assets/%2e%2e%2f%2e%2e%2fmain%2findex.js',
    'app://coconstruct/..%5c..%5cmain%5cindex.js',
    'app://coconstruct/index.html%00.png',
    'app://coconstruct/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
  it('is registered as privileged and the window loads it, never file://', () => {
    expect(APP_ENTRY).toBe('app://coconstruct/index.html');
    expect(main).toMatch(/registerSchemesAsPrivileged\(/);
    expect(main).toMatch(/protocol\.handle\(/);
    expect(main).toMatch(/loadURL\(APP_ENTRY\)/);
    expect(main).not.toMatch(/loadFile\(/);
  });
});

describe('the Content Security Policy', () => {
  const directives = (csp: string) =>
    new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
  it('allows scripts from the app only: no inline script, no eval', () => {
    const csp = directives(contentSecurityPolicy(4780));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // Connections: the app itself and its own hub on 127.0.0.1, nothing else.
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4780', 'http://127.0.0.1:4780']);
  });
  it('the page’s own policy (also served by the hub to browsers) has no unsafe-inline or eval in script-src', () => {
    const html = readFileSync(join(ROOT, 'src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const script = directives(meta!).get('script-src') ?? directives(meta!).get('default-src');
    expect(script).toEqual(["'self'"]);
    const built = readFileSync(join(ROOT, 'out/renderer/index.html'), 'utf8');
    expect(built).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script in the built page
  });
  it('is sent with every file of the app protocol', () => {
    expect(main).toMatch(/"Content-Security-Policy": contentSecurityPolicy\(/);
  });
});

describe('the window and every page', () => {
  it('isolates the page: context isolation, sandbox, no Node, no webview', () => {
    const prefs = /webPreferences:\s*\{([^}]*)\}/.exec(main)?.[1] ?? '';
    expect(prefs).toMatch(/contextIsolation: true/);
    expect(prefs).toMatch(/sandbox: true/);
    expect(prefs).toMatch(/nodeIntegration: false/);
    expect(prefs).toMatch(/webSecurity: true/);
    expect(prefs).toMatch(/webviewTag: false/);
    expect(prefs).toMatch(/allowRunningInsecureContent: false/);
    expect(prefs).not.toMatch(/nodeIntegrationIn(SubFrames|Worker): true/);
    expect(main).not.toMatch(
      /enableRemoteModule|nodeIntegration: true|sandbox: false|contextIsolation: false/,
    );
  });
  it('denies new windows, opening http(s) links in the browser only after the check', () => {
    const handler = /setWindowOpenHandler\(([\s\S]*?)\}\);/.exec(main)?.[1] ?? '';
    expect(handler).toMatch(/if \(isSafeExternalUrl\(url\)\) (void )?shell\.openExternal\(url\)/);
    expect(handler).toMatch(/return \{ action: "deny" \}/);
    // openExternal is called nowhere else.
    expect(main.match(/openExternal\(/g)).toHaveLength(1);
  });
  it('prevents navigation away from the app and webviews, for every web contents', () => {
    expect(main).toMatch(/on\("web-contents-created", \(_e, contents\) => lockDown\(contents\)\)/);
    expect(main).toMatch(
      /"will-navigate", \(event, url\) => \{\s*if \(!isAllowedNavigation\(url, devUrl\)\) event\.preventDefault\(\);/,
    );
    expect(main).toMatch(/"will-attach-webview", \(event\) => event\.preventDefault\(\)/);
    expect(isAllowedNavigation('app://coconstruct/index.html#/committees/1')).toBe(true);
    expect(isAllowedNavigation('https://evil.example/')).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:4780/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
  });
  it('denies permission requests, but for copying a link to the clipboard from the app itself', () => {
    expect(main).toMatch(/setPermissionRequestHandler\(/);
    expect(main).toMatch(/setPermissionCheckHandler\(/);
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen'])
      expect(isPermissionAllowed(p, 'app://coconstruct/index.html')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://coconstruct/index.html')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  });
});

describe('packaging', () => {
  const config = JSON.parse(readFileSync(join(ROOT, 'electron-builder.json'), 'utf8')) as {
    appId: string;
    electronFuses: Record<string, boolean>;
    linux: { target: string[] };
    win: { target: string[] };
    mac: { target: string[] };
    files: string[];
    asarUnpack: string[];
  };
  it('flips the fuses: no running as Node, no inspector arguments, no NODE_OPTIONS, the app from its asar only', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
  it('builds AppImage and deb, NSIS and DMG, with the icons in build/', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    const png = readFileSync(join(ROOT, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    expect(readFileSync(join(ROOT, 'build/icon.icns')).subarray(0, 4).toString('ascii')).toBe('icns');
    expect(readFileSync(join(ROOT, 'build/icon.ico')).readUInt16LE(2)).toBe(1);
    expect(config.asarUnpack).toContain('**/*.node'); // native modules load from outside the archive
  });
  it('the built export worker starts from the packaged layout (out/main beside node_modules)', async () => {
    const worker = new Worker(join(ROOT, 'out/main/export-worker.js'));
    try {
      const first = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(first).toEqual({ ready: true });
    } finally {
      await worker.terminate();
    }
  });
  it('where the worker cannot start (a packaged app without asar support in workers), exports are rendered in the main thread', async () => {
    const missing = join(tempDir(), 'app.asar/out/main/export-worker.js');
    const t = await startTestHub({ core: { exportWorker: missing } });
    const c = await seedCommittee(t.hub);
    const res = await fetch(`${t.hub.url}/api/decisions.export`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${OWNER_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ committeeId: c.committee.id, format: 'csv' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect(await call(t.hub, OWNER_TOKEN, 'committees.list', {})).toHaveLength(1);
  });
});

describe('Electronegativity', () => {
  it('fails on an app with high-severity misconfigurations', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'main'));
    writeFileSync(
      join(dir, 'main/index.js'),
      `const { BrowserWindow } = require('electron');
new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });\n`,
    );
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/security.mjs'), dir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stdout).toMatch(/HIGH/);
    expect(run.stderr).toMatch(/High-severity findings/);
    expect(run.status).toBe(1);
  }, 120_000);
});
