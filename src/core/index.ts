/**
 * The core: everything Coconstruct does, in plain Node. The IPC door (src/main) and the hub
 * (src/hub) both go through `Core.dispatch` for the API and `Core.docs` for the documents.
 */
import { join } from 'node:path';
import { ApiError, isMethodName, parseInput, type MethodName, type Result } from '../shared/api';
import type { Caller } from '../shared/domain';
import type { ErasureResult } from '../shared/privacy';
import { authenticate, docAccess, protectedRoots, type DocAccess } from './access';
import { agendaRefs } from './exports/log-record';
import { ExportWorkers, type WorkerScript } from './exports/workers';
import { LiveDocs, type LiveDocsOptions } from './live-docs';
import { DB_FILE, openDatabase, type DB } from './store/db';
import { DEFAULT_COMPACTION, DocStore, type CompactionPolicy } from './store/docs';
import { DecisionsRepo } from './store/decisions-repo';
import { MinutesRepo } from './store/minutes-repo';
import { PrivacyRepo } from './store/privacy-repo';
import { Repos } from './store/repos';
import { MEETING_DOC } from '../shared/docs';
import { createHandlers, type Handlers } from './services';
import type { ServiceContext } from './services/context';
import { applyRetention } from './services/privacy';

export { ApiError } from '../shared/api';
export { EditOrigin, EditRefused, PersistenceError, type LiveDoc } from './live-docs';
export type { DocAccess } from './access';

export interface CoreOptions {
  dataDir: string;
  /** The owner's token: may do everything. Kept in memory only. */
  ownerToken: string;
  compaction?: CompactionPolicy;
  liveDocs?: LiveDocsOptions;
  now?: () => Date;
  /**
   * The worker thread's script for the heavy exports: the desktop app gives its built
   * out/main/export-worker.js; `false` renders in the calling thread; by default, the source's
   * own when the core runs from its TypeScript sources (see exports/workers.ts).
   */
  exportWorker?: WorkerScript;
  /** How often the retention rule runs (also once at opening); 0: never on its own (tests). */
  retentionEveryMs?: number;
}

export class Core {
  readonly repos: Repos;
  readonly minutes: MinutesRepo;
  readonly decisions: DecisionsRepo;
  readonly privacy: PrivacyRepo;
  readonly docStore: DocStore;
  readonly docs: LiveDocs;
  private readonly workers: ExportWorkers;
  private readonly handlers: Handlers;
  private readonly ctx: ServiceContext;
  private retentionTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private inviteUrls: string[] = [];
  private readonly accessListeners = new Set<(memberId: string) => void>();
  private readonly erasureListeners = new Set<(result: ErasureResult) => void>();

  private constructor(
    readonly db: DB,
    private readonly opts: CoreOptions,
  ) {
    this.repos = new Repos(db, opts.now);
    this.minutes = new MinutesRepo(db, opts.now);
    this.decisions = new DecisionsRepo(db, opts.now);
    this.privacy = new PrivacyRepo(db, opts.now);
    this.docStore = new DocStore(db, opts.compaction ?? DEFAULT_COMPACTION, opts.now);
    this.docs = new LiveDocs(
      this.docStore,
      {
        protectedRoots: (name) => protectedRoots(name, (meetingId) => this.minutes.status(meetingId)),
        authored: (name, memberId, touched) => {
          const minutes = MEETING_DOC.minutes;
          const inserted = touched.insertedChars.get(minutes) ?? 0;
          const deleted = touched.deletedChars.get(minutes) ?? 0;
          if (inserted || deleted) this.minutes.addAuthorship(name, memberId, minutes, inserted, deleted);
        },
      },
      opts.liveDocs,
    );
    this.workers = new ExportWorkers(opts.exportWorker, join(opts.dataDir, DB_FILE), {
      stores: {
        repos: this.repos,
        decisions: this.decisions,
        agenda: (meeting) => this.docs.read(meeting.docName, agendaRefs),
      },
      transaction: (fn) => db.transaction(fn)(),
    });
    this.ctx = {
      repos: this.repos,
      minutes: this.minutes,
      decisions: this.decisions,
      privacy: this.privacy,
      docStore: this.docStore,
      docs: this.docs,
      workers: this.workers,
      now: opts.now ?? (() => new Date()),
      inviteBaseUrls: () => this.inviteUrls,
      accessChanged: (memberId) => {
        for (const listener of this.accessListeners) listener(memberId);
      },
      erased: (result) => {
        for (const listener of this.erasureListeners) listener(result);
      },
    };
    this.handlers = createHandlers(this.ctx);
  }

  static open(opts: CoreOptions): Core {
    const core = new Core(openDatabase(opts.dataDir), opts);
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
    for (const c of this.repos.listCommittees()) {
      try {
        runs.push(applyRetention(this.ctx, c.id));
      } catch (err) {
        console.error(`[core] retention of committee ${c.id} failed:`, err);
      }
    }
    return runs;
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
    if (!isMethodName(method)) throw new ApiError('unknown_method', `There is no method named "${method}".`);
    return this.call(caller, method, rawInput);
  }

  call<K extends MethodName>(caller: Caller, method: K, rawInput: unknown): Result<K> {
    const input = parseInput(method, rawInput);
    const handler = this.handlers[method] as (i: typeof input, c: Caller) => Result<K>;
    const fail = (err: unknown): never => {
      if (err instanceof ApiError) throw err;
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
    this.workers.close();
    this.docs.closeAll();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
