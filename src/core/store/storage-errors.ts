/**
 * SQLite's and the file system's errors, sorted into the few problems a person can act on (see
 * src/shared/storage.ts), each with a plain message that says what happened and what to do.
 */
import type { StorageProblem } from '../../shared/storage';

/** The data folder cannot be used as it is: what went wrong, with which file, and what to do. */
export class StorageError extends Error {
  constructor(
    readonly problem: StorageProblem,
    message: string,
    readonly file: string | null = null,
    /** Backups of this workspace that could be restored (names in `<data>/backups/`). */
    readonly backups: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

const CODES: Record<string, StorageProblem> = {
  SQLITE_FULL: 'full',
  ENOSPC: 'full',
  EDQUOT: 'full',
  SQLITE_READONLY: 'read-only',
  SQLITE_PERM: 'read-only',
  SQLITE_CANTOPEN: 'read-only',
  EACCES: 'read-only',
  EPERM: 'read-only',
  EROFS: 'read-only',
  SQLITE_BUSY: 'locked',
  SQLITE_LOCKED: 'locked',
  SQLITE_CORRUPT: 'corrupt',
  SQLITE_NOTADB: 'corrupt',
  SQLITE_IOERR: 'io',
  EIO: 'io',
};

/** The problem behind an error thrown by better-sqlite3 or `node:fs`, or null if it is not one. */
export function storageProblem(err: unknown): StorageProblem | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof StorageError) return e.problem;
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    // Extended result codes (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE…) belong to their family.
    const family = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;
    const problem = CODES[code] ?? CODES[family];
    if (problem) return problem;
  }
  return null;
}

/** What a person is told, in English (the renderer says it in French or English from `problem`). */
export const PROBLEM_MESSAGES: Record<StorageProblem, string> = {
  full: 'The disk is full: nothing more can be saved. Free some space on the host’s computer; nothing already saved is lost.',
  'read-only':
    'The data folder cannot be written to (it is read-only, or this account may not change it). Give this account write access to it, or choose another folder.',
  locked:
    'The database is in use by another program (perhaps another copy of Coconstruct). Close that program, then try again.',
  corrupt:
    'The database file is damaged or is not a Coconstruct database. It was left exactly as it is. Restore a backup to carry on.',
  'wrong-key':
    'This workspace is encrypted and the key given does not open it. Nothing was changed. Give the right key.',
  io: 'The disk reported an error. Nothing was changed. Check the disk, then try again.',
};

/** `err` as a StorageError if it is a storage problem (or already one), else null. */
export function asStorageError(err: unknown, file: string | null = null): StorageError | null {
  if (err instanceof StorageError) return err;
  const problem = storageProblem(err);
  return problem ? new StorageError(problem, PROBLEM_MESSAGES[problem], file, [], { cause: err }) : null;
}
