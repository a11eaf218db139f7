/**
 * The passphrase of an encrypted workspace in the desktop app: made at random, kept only
 * encrypted by the OS keychain (Electron's safeStorage: Keychain on macOS, DPAPI on Windows,
 * the secret service on Linux) in settings.json, shown once so that the user can write it down.
 */
import { safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { encryptWorkspace } from '../core/store/encryption';
import { readSettings, writeSettings } from './settings';

/** Thrown when the key is stored but this computer's keychain cannot give it back. */
export class KeychainUnavailable extends Error {}

/**
 * The workspace's key, or null for a plain workspace. Finishes an encryption asked for before
 * the last restart (the workspace was closed then).
 */
export async function workspaceKey(dataDir: string): Promise<string | null> {
  const settings = readSettings();
  if (!settings.encryptedKey) return null;
  if (!safeStorage.isEncryptionAvailable())
    throw new KeychainUnavailable(
      'The system keychain is not available, so the workspace key cannot be read.',
    );
  const key = safeStorage.decryptString(Buffer.from(settings.encryptedKey, 'base64'));
  if (settings.encryptionPending) {
    await encryptWorkspace(dataDir, key);
    writeSettings({ ...readSettings(), encryptionPending: false });
  }
  return key;
}

/** Makes a key, keeps it in the keychain, and asks for the workspace to be encrypted at the next start. */
export function prepareEncryption(): string | null {
  if (readSettings().encryptedKey || !safeStorage.isEncryptionAvailable()) return null;
  const key = randomBytes(24).toString('base64url');
  writeSettings({
    ...readSettings(),
    encryptedKey: safeStorage.encryptString(key).toString('base64'),
    encryptionPending: true,
  });
  return key;
}
