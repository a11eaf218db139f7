/**
 * Encryption at rest, for a workspace that asks for it (SQLite3MultipleCiphers, its default
 * cipher: ChaCha20-Poly1305). The database, its WAL and its backups are written encrypted with a
 * key derived from the workspace's passphrase; without it they read as noise.
 *
 * Encrypting a plain workspace: SQLite3MultipleCiphers 2.3 cannot rekey a database in WAL mode and
 * has no `sqlcipher_export`, so each file is copied beside itself (the online backup API), the copy
 * is switched to a rollback journal and rekeyed, checked whole with the key, switched back to WAL,
 * and only then renamed over the original. The original is never changed in place: a failure at
 * any step leaves it as it was. The backups already taken are encrypted the same way.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backupsDir, fsyncPath, listBackups, verifyDatabaseFile } from './backups';
import { DB_FILE, applyKey, openDatabase } from './db';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether `file` is a plain (unencrypted) SQLite database. */
export function isPlainDatabase(file: string): boolean {
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** Writes an encrypted copy of the plain database `file` beside it, then renames it over `file`. */
async function encryptFile(file: string, key: string): Promise<void> {
  const tmp = `${file}.encrypting`;
  rmSync(tmp, { force: true });
  try {
    const source = new Database(file, { readonly: true, fileMustExist: true });
    try {
      await source.backup(tmp);
    } finally {
      source.close();
    }
    const copy = new Database(tmp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      copy.pragma(`rekey = '${key.replaceAll("'", "''")}'`);
    } finally {
      copy.close();
    }
    const keyed = new Database(tmp, { fileMustExist: true });
    try {
      applyKey(keyed, key);
      keyed.pragma('journal_mode = WAL');
    } finally {
      keyed.close();
    }
    verifyDatabaseFile(tmp, key);
    if (isPlainDatabase(tmp)) throw new Error(`${tmp} is still plain after rekeying`);
    fsyncPath(tmp);
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    renameSync(tmp, file);
  } catch (err) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${tmp}${suffix}`, { force: true });
    throw err;
  }
}

/**
 * Encrypts the workspace in `dataDir` with `key`: its database (first brought up to date and
 * checkpointed, so that its WAL holds nothing) and every backup that is still plain. Run while the
 * workspace is closed. Safe to run again after an interruption: what is already encrypted is left.
 * Returns how many files were encrypted.
 */
export async function encryptWorkspace(dataDir: string, key: string): Promise<number> {
  if (!key) throw new Error('An empty key would not protect anything.');
  const file = join(dataDir, DB_FILE);
  let count = 0;
  if (isPlainDatabase(file)) {
    const db = openDatabase(dataDir);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    await encryptFile(file, key);
    count++;
  } else if (existsSync(file)) {
    // Already encrypted: make sure it is this key (throws otherwise, and changes nothing).
    openDatabase(dataDir, { key }).close();
  }
  for (const b of listBackups(dataDir)) {
    const path = join(backupsDir(dataDir), b.name);
    if (!isPlainDatabase(path)) continue;
    await encryptFile(path, key);
    count++;
  }
  fsyncPath(dataDir);
  fsyncPath(backupsDir(dataDir));
  return count;
}
