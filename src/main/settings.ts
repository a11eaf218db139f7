import { app } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The desktop app's own preferences, in settings.json beside the database. */
export interface Settings {
  /** Let others on this network join the meetings hosted here. */
  openToNetwork: boolean;
  /** The encrypted workspace's key, encrypted by the OS keychain (safeStorage), in base64. */
  encryptedKey?: string;
  /** Encrypt the workspace at the next start (it is closed then). */
  encryptionPending?: boolean;
}

const DEFAULTS: Settings = { openToNetwork: false };
const file = () => join(app.getPath('userData'), 'settings.json');

export function readSettings(): Settings {
  try {
    const raw = JSON.parse(readFileSync(file(), 'utf8')) as Partial<Settings>;
    return {
      openToNetwork: raw.openToNetwork === true,
      ...(typeof raw.encryptedKey === 'string' ? { encryptedKey: raw.encryptedKey } : {}),
      ...(raw.encryptionPending === true ? { encryptionPending: true } : {}),
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export function writeSettings(s: Settings): void {
  writeFileSync(file(), JSON.stringify(s, null, 2));
}
