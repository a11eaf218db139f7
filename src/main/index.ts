/**
 * Electron glue only: lifecycle, the window, the menu, and the IPC door. Everything else is the
 * core's. At start it opens the data folder in userData and starts the hub on 127.0.0.1 (a free
 * port) so that the editor syncs through the same path as any guest. The window loads the built
 * renderer from the app's own protocol (app://coconstruct/), never from file://; the rules it
 * applies (./security.ts) are plain functions tested in Node.
 */
import {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  session,
  shell,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError, type Envelope, type Session } from '../shared/api';
import { IPC_CHANNELS } from '../shared/ipc';
import { Core, StorageError } from '../core';
import { newToken } from '../core/tokens';
import { startHub, type Hub } from '../hub/server';
import { readSettings, writeSettings } from './settings';
import { buildMenu } from './menu';
import { prepareEncryption, workspaceKey } from './workspace-key';
import {
  APP_ENTRY,
  APP_SCHEME,
  contentSecurityPolicy,
  isAllowedNavigation,
  isPermissionAllowed,
  isSafeExternalUrl,
  isTrustedSender,
  mimeType,
  resolveAppPath,
} from './security';

app.setName('Coconstruct');
if (process.env.COCONSTRUCT_DATA_DIR) app.setPath('userData', process.env.COCONSTRUCT_DATA_DIR);
// Before the app is ready: app:// behaves like https (its own origin, storage, fetch, secure).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const here = import.meta.dirname;
const rendererDir = join(here, '../renderer');
const devUrl = process.env.ELECTRON_RENDERER_URL;
const ownerToken = newToken();
let core: Core | null = null;
let hub: Hub | null = null;
let window: BrowserWindow | null = null;

/** The renderer's own top frame: the only one whose IPC calls are answered. */
function isOwnFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isTrustedSender(frame.url, devUrl);
}

/** Serves the built renderer at app://coconstruct/, with its Content Security Policy. */
function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': mimeType(file),
          'Content-Security-Policy': contentSecurityPolicy(hub?.port ?? null),
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** Every page the app opens: no new windows (http(s) links go to the browser), no navigation away. */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    // A link the user clicked (target=_blank, a meeting's video link): to the system's browser,
    // and only if it is http(s).
    if (isSafeExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, devUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, devUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Permissions: denied unless ./security.ts allows them (only writing to the clipboard). */
function denyPermissions(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl || contents.getURL(), devUrl));
  });
  s.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, devUrl),
  );
}

function registerIpc(c: Core): void {
  ipcMain.handle(
    IPC_CHANNELS.api,
    async (event, method: unknown, input: unknown): Promise<Envelope<unknown>> => {
      if (!isOwnFrame(event)) return { ok: false, error: { code: 'forbidden', message: 'Unknown sender.' } };
      try {
        if (typeof method !== 'string')
          throw new ApiError('unknown_method', 'The method name must be a string.');
        // An async method (an export rendered off the main thread) answers with a promise.
        return { ok: true, result: await c.dispatch({ kind: 'owner' }, method, input) };
      } catch (err) {
        const e =
          err instanceof ApiError
            ? err
            : new ApiError('internal', 'Something went wrong; nothing was changed.');
        return { ok: false, error: e.toBody().error };
      }
    },
  );
  ipcMain.handle(IPC_CHANNELS.session, (event): Session | null => {
    if (!isOwnFrame(event) || !hub) return null;
    return {
      caller: { kind: 'owner' },
      syncUrl: `ws://127.0.0.1:${hub.port}`,
      syncToken: ownerToken,
      inviteBaseUrls: c.dispatch({ kind: 'owner' }, 'session.inviteBaseUrls', {}) as string[],
    };
  });
}

/**
 * Starts (or restarts) the app's hub: on 127.0.0.1 only, or on every interface when the user
 * lets others on this network join. Keeps the same port across restarts when it can.
 */
async function serve(c: Core, openToNetwork: boolean): Promise<Hub> {
  const port = hub?.port ?? 0;
  await hub?.close();
  const host = openToNetwork ? '0.0.0.0' : '127.0.0.1';
  try {
    return await startHub({ core: c, host, port, rendererDir });
  } catch {
    return await startHub({ core: c, host, port: 0, rendererDir });
  }
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 720,
    minHeight: 500,
    title: 'Coconstruct',
    show: false,
    webPreferences: {
      // Reviewed: the preload exposes one function per IPC channel, nothing of Node or Electron.
      preload: join(here, '../preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // A middle click on a link would otherwise open it in a new window.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window?.show());
  if (devUrl) void window.loadURL(devUrl);
  else void window.loadURL(APP_ENTRY);
  window.on('closed', () => {
    window = null;
  });
}

app.on('web-contents-created', (_e, contents) => lockDown(contents));

/** The data folder cannot be used: say why and what to do (the core's words), offer to show it. */
async function refuseToStart(err: unknown): Promise<void> {
  const { dialog } = await import('electron');
  const fr = app.getLocale().toLowerCase().startsWith('fr');
  const storage = err instanceof StorageError;
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Coconstruct',
    message: fr ? 'Coconstruct ne peut pas ouvrir vos données.' : 'Coconstruct cannot open your data.',
    detail: (err as Error).message,
    buttons: storage
      ? [fr ? 'Quitter' : 'Quit', fr ? 'Afficher le dossier des données' : 'Show the data folder']
      : [fr ? 'Quitter' : 'Quit'],
    defaultId: 0,
  });
  if (response === 1) await shell.openPath(app.getPath('userData'));
  app.exit(1);
}

app.whenReady().then(async () => {
  let encrypted = false;
  denyPermissions();
  serveAppProtocol();
  try {
    const key = await workspaceKey(app.getPath('userData'));
    encrypted = key !== null;
    core = Core.open({
      dataDir: app.getPath('userData'),
      ownerToken,
      key,
      // Built beside this file (electron.vite.config.ts): the heavy exports are rendered there.
      exportWorker: join(here, 'export-worker.js'),
    });
    hub = await serve(core, readSettings().openToNetwork);
  } catch (err) {
    await refuseToStart(err);
    return;
  }
  const c = core;
  registerIpc(c);
  const menu = (openToNetwork: boolean) =>
    buildMenu(app.getLocale(), {
      openToNetwork,
      async setOpenToNetwork(open) {
        writeSettings({ ...readSettings(), openToNetwork: open });
        hub = await serve(c, open);
        menu(open);
        window?.webContents.reload();
      },
      encrypted,
      encrypt() {
        void encryptAndRestart();
      },
    });
  menu(readSettings().openToNetwork);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

/** Asks, shows the new key once (to write down), and restarts: the workspace is encrypted while closed. */
async function encryptAndRestart(): Promise<void> {
  const { dialog } = await import('electron');
  const fr = app.getLocale().toLowerCase().startsWith('fr');
  const { response } = await dialog.showMessageBox({
    type: 'question',
    message: fr ? 'Chiffrer cet espace de travail ?' : 'Encrypt this workspace?',
    detail: fr
      ? 'La base de données et ses sauvegardes seront chiffrées avec une clé gardée dans le trousseau de cet ordinateur. Coconstruct va redémarrer.'
      : 'The database and its backups will be encrypted with a key kept in this computer’s keychain. Coconstruct will restart.',
    buttons: [fr ? 'Annuler' : 'Cancel', fr ? 'Chiffrer' : 'Encrypt'],
    defaultId: 0,
    cancelId: 0,
  });
  if (response !== 1) return;
  const key = prepareEncryption();
  if (!key) {
    dialog.showErrorBox(
      'Coconstruct',
      fr ? 'Le trousseau du système n’est pas disponible.' : 'The system keychain is not available.',
    );
    return;
  }
  await dialog.showMessageBox({
    type: 'info',
    message: fr ? 'Notez cette clé et gardez-la en lieu sûr' : 'Write this key down and keep it safe',
    detail: `${key}\n\n${fr ? 'Sans elle, si ce trousseau est perdu, les données et leurs sauvegardes ne pourront plus être lues.' : 'Without it, if this keychain is lost, the data and its backups cannot be read again.'}`,
  });
  app.relaunch();
  app.quit();
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('will-quit', (event) => {
  if (quitting || !hub) {
    core?.close();
    return;
  }
  event.preventDefault();
  quitting = true;
  void hub.close().finally(() => {
    core?.close();
    app.quit();
  });
});
