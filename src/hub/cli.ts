/**
 * `npm run serve -- [--port 4780] [--host 127.0.0.1] [--data DIR] [--token SECRET]
 *                   [--key-file PATH] [--encrypt]`
 * Runs the hub alone (browser mode). Prints `listening on http://HOST:PORT` when ready; SIGTERM
 * and SIGINT close it cleanly (connections closed, the database checkpointed and closed).
 *
 * An encrypted workspace's passphrase comes from the file `--key-file` names (its first line) or
 * from the environment variable COCONSTRUCT_KEY, never from the command line (which other users of
 * the machine can read). `--encrypt` encrypts a plain workspace with it first. When the data
 * folder cannot be used (damaged, wrong key, read-only, held by another program) it says why and
 * what to do, and exits with 1 without changing anything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Core, StorageError } from '../core';
import { encryptWorkspace } from '../core/store/encryption';
import { newToken } from '../core/tokens';
import { inviteBaseUrls, startHub } from './server';

/** The desktop app's own data folder (Electron's userData for the product "Coconstruct"). */
export function defaultDataDir(): string {
  const home = homedir();
  switch (process.platform) {
    case 'win32':
      return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Coconstruct');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Coconstruct');
    default:
      return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Coconstruct');
  }
}

const USAGE = `usage: npm run serve -- [--port 4780] [--host 127.0.0.1] [--data DIR] [--token SECRET] [--key-file PATH] [--encrypt]
  The passphrase of an encrypted workspace: the first line of --key-file, or COCONSTRUCT_KEY.`;

/** What the user is told when the data folder cannot be opened. */
function explain(dataDir: string, err: unknown): string {
  if (err instanceof StorageError)
    return `Could not open the data folder ${dataDir} (${err.problem}):\n${err.message}`;
  return `Could not open the data folder ${dataDir}: ${(err as Error).message}`;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '4780' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string' },
        token: { type: 'string' },
        'key-file': { type: 'string' },
        encrypt: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = /^\d+$/.test(values.port) ? Number(values.port) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, not "${values.port}".\n${USAGE}`);
    process.exit(2);
  }
  if (values.token !== undefined && values.token.length < 8) {
    console.error('--token must be at least 8 characters long.');
    process.exit(2);
  }
  const dataDir = resolve(values.data ?? defaultDataDir());
  const ownerToken = values.token ?? newToken();
  // Built (out/main/hub.js, as `npm run serve` runs it: the app and the export worker beside it)
  // or run from the sources through tsx (the app in out/renderer, the worker through tsx).
  const here = dirname(fileURLToPath(import.meta.url));
  const built = existsSync(join(here, 'export-worker.js'));
  const rendererDir = resolve(here, built ? '../renderer' : '../../out/renderer');
  const exportWorker = built ? join(here, 'export-worker.js') : undefined;

  let key: string | null = process.env.COCONSTRUCT_KEY || null;
  if (values['key-file']) {
    try {
      key = readFileSync(values['key-file'], 'utf8').split(/\r?\n/)[0]!;
    } catch (err) {
      console.error(`Could not read the key file ${values['key-file']}: ${(err as Error).message}`);
      process.exit(2);
    }
  }
  if (key !== null && key.length < 8) {
    console.error('The key must be at least 8 characters long.');
    process.exit(2);
  }
  if (values.encrypt) {
    if (!key) {
      console.error(`--encrypt needs a key: --key-file PATH or COCONSTRUCT_KEY.\n${USAGE}`);
      process.exit(2);
    }
    try {
      const n = await encryptWorkspace(dataDir, key);
      console.log(n ? `encrypted: ${n} file(s) in ${dataDir}` : `already encrypted: ${dataDir}`);
    } catch (err) {
      console.error(explain(dataDir, err));
      process.exit(1);
    }
  }

  let core: Core;
  try {
    core = Core.open({ dataDir, ownerToken, key, exportWorker });
  } catch (err) {
    console.error(explain(dataDir, err));
    process.exit(1);
  }
  let hub;
  try {
    hub = await startHub({ core, host: values.host, port, rendererDir });
  } catch (err) {
    core.close();
    console.error(`Could not listen on ${values.host}:${port}: ${(err as Error).message}`);
    process.exit(1);
  }
  console.log(`data folder: ${dataDir}${key ? ' (encrypted)' : ''}`);
  if (!values.token) console.log(`owner token: ${ownerToken}`);
  console.log(`open in a browser: ${hub.url}/#token=${encodeURIComponent(ownerToken)}`);
  // Open to the network: say where the others reach it (their invitation links use these).
  const lan = inviteBaseUrls(hub.host, hub.port).filter((u) => !/\/\/(127\.|localhost|\[::1\])/.test(u));
  if (lan.length) console.log(`others on this network can join at: ${lan.join(' ')}`);
  console.log(`listening on ${hub.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    void hub.close().then(() => {
      core.close();
      console.log('closed');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
