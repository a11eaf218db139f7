import Database from 'better-sqlite3-multiple-ciphers';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from './migrations';

export type DB = Database.Database;

export const DB_FILE = 'coconstruct.sqlite';

/** Opens (creating if needed) the data folder's database: WAL, foreign keys, migrated. */
export function openDatabase(dataDir: string, opts: { migrateTo?: number } = {}): DB {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DB_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    // Deleted and overwritten content is zeroed in the file, not left in free space: an erasure
    // leaves no trace of the name behind (see src/core/privacy.ts).
    db.pragma('secure_delete = ON');
    migrate(db, opts.migrateTo);
  } catch (err) {
    // Refused (e.g. written by a newer version): do not keep the file open behind the error.
    db.close();
    throw err;
  }
  return db;
}
