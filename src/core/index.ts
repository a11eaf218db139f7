/**
 * The core: everything Coconstruct does, in plain Node. The IPC door (src/main) and the hub
 * (src/hub) both go through `Core.dispatch` for the API and `Core.docs` for the documents.
 */
import { copyFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, isMethodName, parseInput, type MethodName, type Result } from '../shared/api';
import type { Caller } from '../shared/domain';
import type { ErasureResult } from '../shared/privacy';
import type { BackupInfo, StorageProblem } from '../shared/storage';
import { authenticate, docAccess, isExpiredToken, protectedRoots, type DocAccess } from './access';
import { agendaRefs } from './exports/log-record';
import { ExportWorkers, type WorkerScript } from './exports/workers';
import { LiveDocs, PersistenceError, type LiveDocsOptions } from './live-docs';
import {
  backupOnline,
  backupPath,
  backupSync,
  backupsDir,
  fsyncPath,
  hasDailyFor,
  listBackups,
  pruneDaily,
  removeUnfinished,
  verifyDatabaseFile,
} from './store/backups';
import { DB_FILE, openDatabase, type DB } from './store/db';
import { DEFAULT_COMPACTION, DocStore, type CompactionPolicy } from './store/docs';
import { DecisionsRepo } from './store/decisions-repo';
import { LedgerRepo } from './store/ledger-repo';
import { LATEST_VERSION } from './store/migrations';
import { MinutesRepo } from './store/minutes-repo';
import { PrivacyRepo } from './store/privacy-repo';
import { Repos } from './store/repos';
import { asStorageError, storageProblem } from './store/storage-errors';
import { MEETING_DOC } from '../shared/docs';
import { createHandlers, type Handlers } from './services';
import type { ServiceContext } from './services/context';
import { coreStores } from './services/ledger-views';
import { applyRetention } from './services/privacy';

export { ApiError } from '../shared/api';
export { EditOrigin, EditRefused, PersistenceError, type LiveDoc, type LiveDocs } from './live-docs';
export { StorageError } from './store/storage-errors';
export type { DocAccess } from './access';

export interface CoreOptions {
  dataDir: string;
  /** The owner's token: may do everything. Kept in memory only. */
  ownerToken: string;
  /** The passphrase of an encrypted workspace (kept in memory only); none for a plain one. */
  key?: string | null;
  /** How long to wait for another program's lock on the database before giving up (ms). */
  busyTimeoutMs?: number;
  /**
   * A daily backup while open (checked at open and every hour; none if one exists for the day).
   * Default: on.
   */
  dailyBackups?: boolean;
  compaction?: CompactionPolicy;
  liveDocs?: LiveDocsOptions;
  now?: () => Date;
  /**
   * The worker thread's script for the heavy exports and the verification of decision logs: the
   * desktop app gives its built out/main/export-worker.js; `false` does them in the calling
   * thread; by default, the source's own when the core runs from its TypeScript sources (see
   * exports/workers.ts).
   */
  exportWorker?: WorkerScript;
  /** How often the retention rule runs (also once at opening); 0: never on its own (tests). */
  retentionEveryMs?: number;
}

/** What the doors hear about the data folder. */
export type StorageEvent =
  /** A backup is about to replace the database: close every document connection now. */
  | { kind: 'restoring' }
  | { kind: 'restored'; backup: BackupInfo }
  /** A change to this document could not be saved: its peers must resync from disk. */
  | { kind: 'doc-failed'; docName: string; problem: StorageProblem | null };

/** Everything that lives on one open connection to the database; rebuilt after a restore. */
interface Parts {
  db: DB;
  repos: Repos;
  minutes: MinutesRepo;
  decisions: DecisionsRepo;
  ledger: LedgerRepo;
  privacy: PrivacyRepo;
  docStore: DocStore;
  docs: LiveDocs;
  workers: ExportWorkers;
  handlers: Handlers;
  ctx: ServiceContext;
}

const HOUR = 60 * 60 * 1000;

export class Core {
  private parts!: Parts;
  private retentionTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private restoring = false;
  private inviteUrls: string[] = [];
  private readonly accessListeners = new Set<(memberId: string) => void>();
  private readonly storageListeners = new Set<(event: StorageEvent) => void>();
  private dailyTimer: NodeJS.Timeout | null = null;
  private readonly erasureListeners = new Set<(result: ErasureResult) => void>();

  private constructor(
    db: DB,
    private readonly opts: CoreOptions,
  ) {
    this.attach(db);
  }

  get db(): DB {
    return this.parts.db;
  }
  get repos(): Repos {
    return this.parts.repos;
  }
  get minutes(): MinutesRepo {
    return this.parts.minutes;
  }
  get decisions(): DecisionsRepo {
    return this.parts.decisions;
  }
  get ledger(): LedgerRepo {
    return this.parts.ledger;
  }
  get privacy(): PrivacyRepo {
    return this.parts.privacy;
  }
  get docStore(): DocStore {
    return this.parts.docStore;
  }
  get docs(): LiveDocs {
    return this.parts.docs;
  }

  private attach(db: DB): void {
    const opts = this.opts;
    const repos = new Repos(db, opts.now);
    const minutes = new MinutesRepo(db, opts.now);
    const decisions = new DecisionsRepo(db, opts.now);
    const ledger = new LedgerRepo(db, opts.now);
    const privacy = new PrivacyRepo(db, opts.now);
    const docStore = new DocStore(db, opts.compaction ?? DEFAULT_COMPACTION, opts.now);
    const docs = new LiveDocs(
      docStore,
      {
        protectedRoots: (name) => protectedRoots(name, (meetingId) => minutes.status(meetingId)),
        authored: (name, memberId, touched) => {
          const root = MEETING_DOC.minutes;
          const inserted = touched.insertedChars.get(root) ?? 0;
          const deleted = touched.deletedChars.get(root) ?? 0;
          if (inserted || deleted) minutes.addAuthorship(name, memberId, root, inserted, deleted);
        },
      },
      {
        ...opts.liveDocs,
        onError: (docName, error) => {
          opts.liveDocs?.onError?.(docName, error);
          if (error instanceof PersistenceError)
            this.emit({ kind: 'doc-failed', docName, problem: storageProblem(error) });
        },
      },
    );
    const workers = new ExportWorkers(
      opts.exportWorker,
      join(opts.dataDir, DB_FILE),
      {
        stores: {
          repos,
          decisions,
          agenda: (meeting) => docs.read(meeting.docName, agendaRefs),
        },
        ledger: coreStores({ repos, decisions, ledger, docStore, docs }),
        // The peers' open group is committed first and none opens meanwhile: reading a document
        // that is not open unloads it after, which commits the group, and that would end this
        // transaction under it.
        transaction: (fn) => {
          const resume = docs.suspendGroupCommit();
          try {
            return db.transaction(fn)();
          } finally {
            resume();
          }
        },
        verifyLog: (committeeId) => decisions.verify(committeeId),
      },
      undefined,
      opts.key ?? null,
    );
    const ctx: ServiceContext = {
      repos,
      minutes,
      decisions,
      docStore,
      docs,
      ledger,
      privacy,
      workers,
      now: opts.now ?? (() => new Date()),
      inviteBaseUrls: () => this.inviteUrls,
      accessChanged: (memberId) => {
        for (const listener of this.accessListeners) listener(memberId);
      },
      backups: {
        list: () => listBackups(this.dataDir),
        create: () => this.backup('manual'),
        restore: (name) => this.restore(name),
      },
      erased: (result) => {
        for (const listener of this.erasureListeners) listener(result);
      },
    };
    const handlers = createHandlers(ctx);
    this.parts = { db, repos, minutes, decisions, ledger, privacy, docStore, docs, workers, handlers, ctx };
  }

  /** Lets go of the database: documents unloaded (due logs folded), WAL checkpointed, closed. */
  private detach(): void {
    const { workers, docs, db } = this.parts;
    workers.close();
    docs.closeAll();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }

  private openDb(): DB {
    return openDatabase(this.opts.dataDir, { key: this.opts.key, busyTimeoutMs: this.opts.busyTimeoutMs });
  }

  /**
   * Opens the data folder. Throws a `StorageError` (with a message that names the file and what to
   * do) when it cannot be used: damaged, wrong key, read-only, held by another program.
   */
  static open(opts: CoreOptions): Core {
    const core = new Core(
      openDatabase(opts.dataDir, { key: opts.key, busyTimeoutMs: opts.busyTimeoutMs }),
      opts,
    );
    removeUnfinished(opts.dataDir);
    if (opts.dailyBackups !== false) core.startDailyBackups();
    if (opts.retentionEveryMs !== 0) {
      core.applyRetention();
      const every = opts.retentionEveryMs ?? 24 * 60 * 60 * 1000;
      core.retentionTimer = setInterval(() => core.applyRetention(), every);
      core.retentionTimer.unref();
    }
    return core;
  }

  /**
   * Applies every committee's retention rule: members who left longer ago than it says are erased
   * (see privacy.erasePerson). Runs when the core opens and once a day; errors are logged, never thrown.
   */
  applyRetention(): { committeeId: string; erased: { memberId: string; pseudonym: string }[] }[] {
    const runs = [];
    if (this.closed || this.restoring) return [];
    for (const c of this.repos.listCommittees()) {
      try {
        runs.push(applyRetention(this.parts.ctx, c.id));
      } catch (err) {
        console.error(`[core] retention of committee ${c.id} failed:`, err);
      }
    }
    return runs;
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /**
   * The daily backup: taken at open if none exists for today (and the workspace holds anything),
   * then checked every hour; daily backups older than 30 days are removed.
   */
  private startDailyBackups(): void {
    if (!hasDailyFor(this.dataDir, this.now()) && this.repos.listCommittees().length > 0) {
      try {
        backupSync(this.db, this.dataDir, 'daily', { key: this.opts.key, now: this.now() });
      } catch (err) {
        console.error('[core] the daily backup failed:', err);
      }
    }
    pruneDaily(this.dataDir, this.now());
    this.dailyTimer = setInterval(() => void this.dailyCheck(), HOUR);
    this.dailyTimer.unref();
  }

  private async dailyCheck(): Promise<void> {
    if (this.closed || this.restoring) return;
    try {
      if (!hasDailyFor(this.dataDir, this.now())) await this.backup('daily');
      pruneDaily(this.dataDir, this.now());
    } catch (err) {
      console.error('[core] the daily backup failed:', err);
    }
  }

  /** A backup of the workspace now, while everyone goes on working. */
  async backup(reason: 'manual' | 'daily' | 'before-restore'): Promise<BackupInfo> {
    // The online backup copies between turns of the event loop, and only while no transaction is
    // open on the connection: peers' updates commit one by one while it runs.
    const resume = this.docs.suspendGroupCommit();
    try {
      return await backupOnline(this.db, this.dataDir, reason, { key: this.opts.key, now: this.now() });
    } finally {
      resume();
    }
  }

  /**
   * Puts the workspace back as it was in the backup `name`: checks it whole (integrity_check, a
   * schema this version knows), backs up the current state, closes every document connection,
   * replaces the database file atomically (copy beside it, then rename), and reopens it (migrating
   * an older backup). If anything fails after the file was let go, the state before is put back.
   */
  async restore(name: string): Promise<{ restored: BackupInfo; safety: BackupInfo }> {
    const file = backupPath(this.dataDir, name);
    const info = listBackups(this.dataDir).find((b) => b.name === name);
    if (!file || !info) throw new ApiError('not_found', `There is no backup named ${name}.`);
    let schemaVersion: number;
    try {
      ({ schemaVersion } = verifyDatabaseFile(file, this.opts.key));
    } catch (err) {
      const problem = storageProblem(err);
      throw new ApiError(
        'conflict',
        problem === 'corrupt'
          ? `The backup ${name} is damaged or cannot be opened with this workspace's key; nothing was changed. Choose another backup.`
          : `The backup ${name} could not be read; nothing was changed.`,
      );
    }
    if (schemaVersion > LATEST_VERSION)
      throw new ApiError(
        'conflict',
        `The backup ${name} was written by a newer Coconstruct; update the app first.`,
      );
    if (this.restoring) throw new ApiError('conflict', 'A backup is already being restored.');
    this.restoring = true;
    try {
      const safety = await this.backup('before-restore');
      this.emit({ kind: 'restoring' });
      this.detach();
      const target = join(this.dataDir, DB_FILE);
      const tmp = `${target}.restoring`;
      // Copied beside the database and flushed, then renamed over it: the file is either the old
      // one or the restored one, never half of each.
      const swap = (from: string) => {
        copyFileSync(from, tmp);
        fsyncPath(tmp);
        for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
        renameSync(tmp, target);
        fsyncPath(this.dataDir);
      };
      let replaced = false;
      try {
        swap(file);
        replaced = true;
        this.attach(this.openDb());
      } catch (err) {
        console.error('[core] the restore failed; going back to the state before it:', err);
        rmSync(tmp, { force: true });
        // Replaced but not reopened: put back the state before (its backup, just taken).
        if (replaced) swap(join(backupsDir(this.dataDir), safety.name));
        this.attach(this.openDb());
        throw err;
      }
      this.emit({ kind: 'restored', backup: info });
      return { restored: info, safety };
    } finally {
      this.restoring = false;
    }
  }

  /** Calls `listener` on what the doors must act on: a restore, a document that could not be saved. */
  onStorage(listener: (event: StorageEvent) => void): () => void {
    this.storageListeners.add(listener);
    return () => this.storageListeners.delete(listener);
  }

  private emit(event: StorageEvent): void {
    for (const listener of this.storageListeners) listener(event);
  }

  /** Whether a restore is under way (the doors refuse new work meanwhile). */
  get isRestoring(): boolean {
    return this.restoring;
  }

  /** Set by the door that serves this core over the network (the hub). */
  setInviteBaseUrls(urls: string[]): void {
    this.inviteUrls = [...urls];
  }

  /**
   * Calls `listener` after a member's links are revoked or replaced, or their role changes, so that
   * a door holding live connections for them (the hub) re-checks those. Returns an unsubscribe.
   */
  onAccessChange(listener: (memberId: string) => void): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  /**
   * Calls `listener` after a person is erased (on request or by the retention rule), once the
   * database holds no trace of their name. The erasure does not touch copies kept elsewhere: a
   * backup module can use this to mark or prune backups made before it. Returns an unsubscribe.
   */
  onErasure(listener: (result: ErasureResult) => void): () => void {
    this.erasureListeners.add(listener);
    return () => this.erasureListeners.delete(listener);
  }

  get dataDir(): string {
    return this.opts.dataDir;
  }

  authenticate(token: string | null | undefined): Caller | null {
    return authenticate(this.repos, this.opts.ownerToken, token);
  }

  /** Whether `token` is an invitation link that has expired (`authenticate` refuses it). */
  isExpiredToken(token: string | null | undefined): boolean {
    return isExpiredToken(this.repos, token);
  }

  docAccess(caller: Caller, docName: string): DocAccess | null {
    return docAccess(this.repos, caller, docName);
  }

  /**
   * Calls an API method by name with an unvalidated input. Throws `ApiError` for an unknown
   * method, an invalid input, a refused caller or a missing record; any other failure is
   * reported as `internal` without its details. An `async` method (see the method table) answers
   * with a promise, which rejects the same way: a door awaits what this returns.
   */
  dispatch(caller: Caller, method: string, rawInput: unknown): unknown {
    if (!isMethodName(method))
      throw new ApiError('unknown_method', `There is no method named "${method}".`, 'unknown_method');
    return this.call(caller, method, rawInput);
  }

  call<K extends MethodName>(caller: Caller, method: K, rawInput: unknown): Result<K> {
    // A method reads and writes durable state only: peers' updates still in the open group
    // commit first, so that nothing it answers or writes rests on an uncommitted change.
    this.docs.flush();
    const input = parseInput(method, rawInput);
    if (this.restoring) throw new ApiError('conflict', 'A backup is being restored; try again in a moment.');
    const handler = this.parts.handlers[method] as (i: typeof input, c: Caller) => Result<K>;
    const fail = (err: unknown): never => {
      if (err instanceof ApiError) throw err;
      const storage = asStorageError(err);
      if (storage) {
        // The SQLite transaction was rolled back: nothing of this call was kept.
        console.error(`[core] ${method} could not be saved:`, err);
        throw new ApiError('storage', `${storage.message} (${method} was not done.)`, undefined, {
          storage: storage.problem,
        });
      }
      console.error(`[core] ${method} failed:`, err);
      throw new ApiError('internal', 'Something went wrong on our side; nothing was changed.');
    };
    try {
      const result = handler(input, caller);
      return (result instanceof Promise ? result.catch(fail) : result) as Result<K>;
    } catch (err) {
      return fail(err);
    }
  }

  /** Folds due logs, checkpoints the WAL into the database file, and closes it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    if (this.dailyTimer) clearInterval(this.dailyTimer);
    this.detach();
  }
}
