/**
 * What can go wrong with the data folder, in words a person can act on, and the backups of the
 * workspace. Shared by the core (which classifies SQLite's errors), both doors (which carry the
 * problem's code beside the message) and the renderer (which says it in the user's language).
 */

/**
 * - `full`: the disk (or the database's size limit) is full; nothing more can be saved.
 * - `read-only`: the data folder or the database file cannot be written to.
 * - `locked`: another program holds the database and does not let go.
 * - `corrupt`: the database file is damaged, or is not a Coconstruct database at all.
 * - `wrong-key`: the workspace is encrypted and the key given does not open it (or no key was
 *   given, or a key was given for a workspace that is not encrypted).
 * - `io`: the disk reported an error while reading or writing.
 */
export const STORAGE_PROBLEMS = ['full', 'read-only', 'locked', 'corrupt', 'wrong-key', 'io'] as const;
export type StorageProblem = (typeof STORAGE_PROBLEMS)[number];

/** Why a backup was taken: part of its file name. */
export type BackupReason = 'daily' | 'manual' | 'before-restore' | `before-migration-v${number}`;

export interface BackupInfo {
  /** The file's name in `<data>/backups/`, e.g. `coconstruct-2026-11-22T04-30-00-000Z-manual.sqlite`. */
  name: string;
  reason: BackupReason;
  /** When it was taken (ISO 8601). */
  createdAt: string;
  bytes: number;
}

/** The close code of a sync connection whose workspace was restored from a backup: reload. */
export const CLOSE_RESTORED = 4409;
/** The reason sent with 1011 when an edit could not be saved: `storage:<problem>`. */
export const storageCloseReason = (problem: StorageProblem): string => `storage:${problem}`;
