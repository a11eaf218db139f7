/**
 * Backups of the workspace's database, in `<data>/backups/`: one a day (kept 30 days), one
 * before each schema migration, one before each restore, and those asked for ("back up now").
 *
 * A backup is taken while the app is in use: with SQLite's online backup API (`db.backup`, which
 * copies pages between the app's own writes) for a plain workspace, and with `VACUUM INTO` for an
 * encrypted one (SQLite3MultipleCiphers writes the copy encrypted with the same key, which the
 * backup API cannot: it refuses a keyed source and an unkeyed target). Either way the copy is
 * written under a temporary name, checked with `integrity_check`, flushed to disk, and only then
 * given its name: a backup in the list is whole.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, BackupReason } from '../../shared/storage';
import type { DB } from './db';

export const BACKUPS_DIR = 'backups';
/** How long a daily backup is kept. Manual, pre-migration and pre-restore backups are kept until removed by hand. */
export const DAILY_KEEP_DAYS = 30;

const NAME =
  /^coconstruct-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-(daily|manual|before-restore|before-migration-v\d+)\.sqlite$/;

export const backupsDir = (dataDir: string): string => join(dataDir, BACKUPS_DIR);

/** `coconstruct-2026-11-22T04-30-00-000Z-manual.sqlite`: sorts by time, valid on every file system. */
export function backupName(at: Date, reason: BackupReason): string {
  return `coconstruct-${at.toISOString().replace(/[:.]/g, '-')}-${reason}.sqlite`;
}

export function parseBackupName(name: string): { createdAt: string; reason: BackupReason } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return { createdAt: `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`, reason: m[6] as BackupReason };
}

/** The backups in the folder, newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupsDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupInfo[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    out.push({ name, ...parsed, bytes: statSync(join(dir, name)).size });
  }
  return out.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** The path of a listed backup, or null for a name that is not one (no path tricks). */
export function backupPath(dataDir: string, name: string): string | null {
  if (!parseBackupName(name)) return null;
  const file = join(backupsDir(dataDir), name);
  return existsSync(file) ? file : null;
}

/** Flushes a file (or a folder's entries) to disk. */
export function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // some file systems cannot sync a folder: the rename is still atomic
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a database file read-only (with the workspace's key) and checks it whole. Returns its
 * schema version; throws when it cannot be read or is damaged.
 */
export function verifyDatabaseFile(file: string, key: string | null | undefined): { schemaVersion: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    if (key) db.pragma(`key = '${key.replaceAll("'", "''")}'`);
    const rows = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
    if (rows.join() !== 'ok') {
      throw Object.assign(new Error(`integrity_check: ${rows.slice(0, 5).join('; ')}`), {
        code: 'SQLITE_CORRUPT',
      });
    }
    return { schemaVersion: db.pragma('user_version', { simple: true }) as number };
  } finally {
    db.close();
  }
}

function prepare(
  dataDir: string,
  reason: BackupReason,
  now: Date,
): { name: string; tmp: string; file: string } {
  const dir = backupsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  let at = now;
  // Two backups in the same millisecond: the second one a millisecond later.
  while (existsSync(join(dir, backupName(at, reason)))) at = new Date(at.getTime() + 1);
  const name = backupName(at, reason);
  return { name, tmp: join(dir, `${name}.partial`), file: join(dir, name) };
}

function finish(
  dataDir: string,
  target: { name: string; tmp: string; file: string },
  key: string | null | undefined,
): BackupInfo {
  const clean = () => {
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target.tmp}${suffix}`, { force: true });
  };
  try {
    // A backup stands alone: one file, in rollback-journal mode (the copy may say WAL).
    const copy = new Database(target.tmp, { fileMustExist: true });
    try {
      if (key) copy.pragma(`key = '${key.replaceAll("'", "''")}'`);
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    clean();
    verifyDatabaseFile(target.tmp, key);
    clean();
    fsyncPath(target.tmp);
    renameSync(target.tmp, target.file);
    fsyncPath(backupsDir(dataDir));
  } catch (err) {
    rmSync(target.tmp, { force: true });
    clean();
    throw err;
  }
  return { name: target.name, ...parseBackupName(target.name)!, bytes: statSync(target.file).size };
}

const vacuumInto = (db: DB, file: string): void => {
  db.prepare('VACUUM INTO ?').run(file);
};

/** A backup taken at once, blocking (at open, before a migration: nothing else is running). */
export function backupSync(
  db: DB,
  dataDir: string,
  reason: BackupReason,
  opts: { key?: string | null; now?: Date } = {},
): BackupInfo {
  const target = prepare(dataDir, reason, opts.now ?? new Date());
  try {
    vacuumInto(db, target.tmp);
  } catch (err) {
    rmSync(target.tmp, { force: true });
    throw err;
  }
  return finish(dataDir, target, opts.key);
}

/** A backup taken while the app goes on working (see the top of this file). */
export async function backupOnline(
  db: DB,
  dataDir: string,
  reason: BackupReason,
  opts: { key?: string | null; now?: Date } = {},
): Promise<BackupInfo> {
  const target = prepare(dataDir, reason, opts.now ?? new Date());
  try {
    if (opts.key) vacuumInto(db, target.tmp);
    else await db.backup(target.tmp);
  } catch (err) {
    rmSync(target.tmp, { force: true });
    throw err;
  }
  return finish(dataDir, target, opts.key);
}

/** Removes what a backup cut short (the app stopped while writing it) left behind. */
export function removeUnfinished(dataDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(backupsDir(dataDir));
  } catch {
    return [];
  }
  const left = names.filter((n) => /\.sqlite\.partial(-wal|-shm|-journal)?$/.test(n));
  for (const n of left) rmSync(join(backupsDir(dataDir), n), { force: true });
  return left;
}

/** Whether a daily backup was taken on the (UTC) day of `now`. */
export function hasDailyFor(dataDir: string, now: Date): boolean {
  const day = now.toISOString().slice(0, 10);
  return listBackups(dataDir).some((b) => b.reason === 'daily' && b.createdAt.startsWith(day));
}

/** Removes the daily backups older than `keepDays`; returns their names. Others are kept. */
export function pruneDaily(dataDir: string, now: Date, keepDays = DAILY_KEEP_DAYS): string[] {
  const limit = now.getTime() - keepDays * 24 * 60 * 60 * 1000;
  const removed: string[] = [];
  for (const b of listBackups(dataDir)) {
    if (b.reason !== 'daily' || Date.parse(b.createdAt) >= limit) continue;
    rmSync(join(backupsDir(dataDir), b.name), { force: true });
    removed.push(b.name);
  }
  return removed;
}
