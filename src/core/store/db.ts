import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { backupsDir, listBackups, backupSync } from './backups';
import { LATEST_VERSION, migrate } from './migrations';
import { PROBLEM_MESSAGES, StorageError, asStorageError, storageProblem } from './storage-errors';

export type DB = Database.Database;

export const DB_FILE = 'coconstruct.sqlite';

export interface OpenOptions {
  /** Stop migrating at this version (tests of migrations). */
  migrateTo?: number;
  /** The passphrase of an encrypted workspace (SQLite3MultipleCiphers); none for a plain one. */
  key?: string | null;
  /** How long to wait for another program's lock before saying the database is in use (ms). */
  busyTimeoutMs?: number;
  /** Keep a copy of the database before each schema migration in `<data>/backups/` (default: yes). */
  backupBeforeMigration?: boolean;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether the file starts with SQLite's header (a plain, unencrypted database). */
function looksPlain(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** Sets the key of an encrypted workspace; must come before anything else on the connection. */
export function applyKey(db: DB, key: string | null | undefined): void {
  if (key) db.pragma(`key = '${key.replaceAll("'", "''")}'`);
}

/**
 * Reads the database file through a connection of its own, read-only (the key of an encrypted
 * workspace applied first), in one read transaction, and closes it. It sees everything committed
 * before `read` starts, and never writes: what the worker thread does (see exports/workers.ts).
 */
export function readDatabaseFile<T>(file: string, key: string | null | undefined, read: (db: DB) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    applyKey(db, key);
    db.pragma('busy_timeout = 5000');
    return db.transaction(() => read(db))();
  } finally {
    db.close();
  }
}

/** Explains why the database at `file` cannot be opened, naming the file and the backups. */
function refusal(err: unknown, dataDir: string, file: string, key: string | null | undefined): unknown {
  const found = asStorageError(err, file);
  if (!found) return err;
  const backups = listBackups(dataDir).map((b) => b.name);
  const where = backups.length
    ? ` Backups of this workspace, newest first, are in ${backupsDir(dataDir)}: ${backups.slice(0, 5).join(', ')}${backups.length > 5 ? ', …' : ''}.`
    : ` No backup of this workspace was found in ${backupsDir(dataDir)}.`;
  let problem = found.problem;
  let message = `${file}: ${PROBLEM_MESSAGES[problem]}`;
  if (problem === 'corrupt' && existsSync(file)) {
    const plain = looksPlain(file);
    if (key && plain) {
      problem = 'wrong-key';
      message = `${file}: a key was given, but this workspace is not encrypted. Nothing was changed. Start without a key, or encrypt the workspace first.`;
    } else if (key) {
      problem = 'wrong-key';
      message = `${file}: the key given does not open this workspace (or the file is damaged). Nothing was changed. Give the right key, or restore a backup.`;
    } else if (!plain) {
      message = `${file}: this file is not a database Coconstruct can read: it is damaged, or it is an encrypted workspace opened without its key. It was left exactly as it is. Give the key if it is encrypted, or restore a backup.`;
    }
  }
  if (problem === 'corrupt' || problem === 'wrong-key') message += where;
  return new StorageError(problem, message, file, problem === 'corrupt' ? backups : [], { cause: err });
}

/**
 * Reads an existing database without writing to it: a file that is damaged, not a database, or
 * encrypted with another key is refused here, before any connection could write to it.
 */
function probe(file: string, key: string | null | undefined): void {
  // A file whose header says WAL makes even a read-only connection create its -wal and -shm:
  // those it made are removed afterwards, so that the folder is left as it was found.
  const siblings = ['-wal', '-shm'].map((s) => `${file}${s}`).filter((f) => !existsSync(f));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    applyKey(db, key);
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check);
    if (problems.join() !== 'ok') {
      throw Object.assign(new Error(`damaged: ${problems.join('; ')}`), { code: 'SQLITE_CORRUPT' });
    }
  } finally {
    db.close();
    for (const f of siblings) if (existsSync(f) && (f.endsWith('-shm') || statSync(f).size === 0)) rmSync(f);
  }
}

/**
 * Opens (creating if needed) the data folder's database: WAL, foreign keys, migrated. Throws a
 * `StorageError` that says what to do when the folder cannot be used: a damaged file, a wrong key,
 * a read-only folder, a database held by another program. A damaged file is never written to.
 */
export function openDatabase(dataDir: string, opts: OpenOptions = {}): DB {
  const file = join(dataDir, DB_FILE);
  const key = opts.key ?? null;
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw refusal(err, dataDir, dataDir, key);
  }
  const existed = existsSync(file) && statSync(file).size > 0;
  let db: DB;
  try {
    if (existed) probe(file, key);
    db = new Database(file);
  } catch (err) {
    throw refusal(err, dataDir, file, key);
  }
  try {
    applyKey(db, key);
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    const current = db.pragma('user_version', { simple: true }) as number;
    const target = opts.migrateTo ?? LATEST_VERSION;
    if (existed && current > 0 && current < target && opts.backupBeforeMigration !== false) {
      // A copy as it was, before its schema changes: the way back if a migration goes wrong.
      backupSync(db, dataDir, `before-migration-v${Math.min(target, LATEST_VERSION)}`, { key });
    }
    // Deleted and overwritten content is zeroed in the file, not left in free space: an erasure
    // leaves no trace of the name behind (see src/core/privacy.ts).
    db.pragma('secure_delete = ON');
    migrate(db, opts.migrateTo);
    // Says now, not at the first edit, if this database cannot be written (a read-only file or
    // folder, another program holding it): one small committed write of what is already there.
    db.transaction(() =>
      db.pragma(`user_version = ${db.pragma('user_version', { simple: true }) as number}`),
    )();
  } catch (err) {
    // Refused (e.g. written by a newer version): do not keep the file open behind the error.
    db.close();
    throw storageProblem(err) ? refusal(err, dataDir, file, key) : err;
  }
  return db;
}
