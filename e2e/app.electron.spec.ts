/**
 * The desktop app itself, through Playwright's Electron driver. It runs where the Electron
 * binary is installed (a developer's or user's machine) and reports itself skipped where it is
 * not (CI here installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1: the binary cannot be downloaded).
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
const binary = electronBinary();
if (!binary) {
  console.log(
    'SKIPPED e2e/app.electron.spec.ts: the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); it runs where it is.',
  );
}

test.skip(
  !binary,
  'SKIPPED: the Electron binary is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD).',
);

test('the desktop app opens on the committees screen, creates a committee and a meeting, and keeps the minutes written there', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coconstruct-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.'],
    env: { ...process.env, COCONSTRUCT_DATA_DIR: dataDir, LANG: 'en_US.UTF-8' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: /Committees|Comités/ })).toBeVisible();
    const sandboxed = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require);
    expect(sandboxed).toBe('undefined');
    await page.getByLabel(/^(Name|Nom)$/).fill('Desktop committee');
    await page.getByRole('button', { name: /Create|Créer/ }).click();
    await page.getByRole('link', { name: /Desktop committee/ }).click();
    await page.getByLabel(/^(Title|Titre)$/).fill('First meeting');
    await page.getByRole('button', { name: /Create|Créer/ }).click();
    await page.getByRole('link', { name: /First meeting/ }).click();
    await expect(page.getByTestId('connection')).toHaveText(/Live|En direct/);
    await page.locator('.minutes-body').click();
    await page.keyboard.type('Written in the desktop app.');
    // Through IPC and the app's own hub into SQLite: reopening the meeting shows the text.
    await page.reload();
    await expect(page.locator('.minutes-body')).toContainText('Written in the desktop app.');
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** The page's globals, for code evaluated in the page (the e2e code is compiled without DOM types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Page = any;

test('the desktop app is locked down: its own protocol, no Node in the page, no inline script, no new window, no navigation away, no permission', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coconstruct-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.'],
    env: { ...process.env, COCONSTRUCT_DATA_DIR: dataDir, LANG: 'en_US.UTF-8' },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: /Committees|Comités/ })).toBeVisible();

    // Served from app://coconstruct/, never file://.
    expect(
      await page.evaluate(
        () => `${(globalThis as Page).location.protocol}//${(globalThis as Page).location.host}`,
      ),
    ).toBe('app://coconstruct');

    // No Node in the page: only the preload's bridge.
    const globals = await page.evaluate(() => ({
      process: typeof (globalThis as { process?: unknown }).process,
      require: typeof (globalThis as { require?: unknown }).require,
      module: typeof (globalThis as { module?: unknown }).module,
      api: Object.keys((globalThis as { api?: object }).api ?? {}).sort(),
    }));
    expect(globals).toEqual({
      process: 'undefined',
      require: 'undefined',
      module: 'undefined',
      api: ['invoke', 'session'],
    });

    // The Content Security Policy refuses an inline script.
    const inlineRan = await page.evaluate(() => {
      const { document } = globalThis as Page;
      const s = document.createElement('script');
      s.textContent = 'globalThis.__inlineRan = true';
      document.body.append(s);
      return (globalThis as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);

    // No new window, whatever the page asks for.
    expect(await page.evaluate(() => (globalThis as Page).open('https://example.org/') === null)).toBe(true);
    expect(await page.evaluate(() => (globalThis as Page).open('file:///etc/passwd') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);

    // No navigation away from the app: the page stays where it was.
    await page.evaluate(() => {
      (globalThis as Page).location.href = 'https://example.org/';
    });
    await page.evaluate(() => {
      (globalThis as Page).location.href = 'file:///etc/passwd';
    });
    await expect(page.getByRole('heading', { name: /Committees|Comités/ })).toBeVisible();
    expect(page.url()).toMatch(/^app:\/\/coconstruct\//);

    // Permissions are denied.
    expect(await page.evaluate(() => (globalThis as Page).Notification.requestPermission())).toBe('denied');
    const camera = await page.evaluate(() =>
      (globalThis as Page).navigator.mediaDevices.getUserMedia({ video: true }).then(
        () => 'granted',
        (err: Error) => err.name,
      ),
    );
    expect(camera).not.toBe('granted');
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
