/**
 * The core: everything Coconstruct does, in plain Node. The IPC door (src/main) and the hub
 * (src/hub) both go through `Core.dispatch` for the API and `Core.docs` for the documents.
 */
import { join } from 'node:path';
import { ApiError, isMethodName, parseInput, type MethodName, type Result } from '../shared/api';
import type { Caller } from '../shared/domain';
import { authenticate, docAccess, protectedRoots, type DocAccess } from './access';
import { agendaRefs } from './exports/log-record';
import { ExportWorkers, type WorkerScript } from './exports/workers';
import { LiveDocs, type LiveDocsOptions } from './live-docs';
import { DB_FILE, openDatabase, type DB } from './store/db';
import { DEFAULT_COMPACTION, DocStore, type CompactionPolicy } from './store/docs';
import { DecisionsRepo } from './store/decisions-repo';
import { MinutesRepo } from './store/minutes-repo';
import { Repos } from './store/repos';
import { MEETING_DOC } from '../shared/docs';
import { createHandlers, type Handlers } from './services';

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
}

export class Core {
  readonly repos: Repos;
  readonly minutes: MinutesRepo;
  readonly decisions: DecisionsRepo;
  readonly docStore: DocStore;
  readonly docs: LiveDocs;
  private readonly workers: ExportWorkers;
  private readonly handlers: Handlers;
  private closed = false;
  private inviteUrls: string[] = [];
  private readonly accessListeners = new Set<(memberId: string) => void>();

  private constructor(
    readonly db: DB,
    private readonly opts: CoreOptions,
  ) {
    this.repos = new Repos(db, opts.now);
    this.minutes = new MinutesRepo(db, opts.now);
    this.decisions = new DecisionsRepo(db, opts.now);
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
    this.handlers = createHandlers({
      repos: this.repos,
      minutes: this.minutes,
      decisions: this.decisions,
      docStore: this.docStore,
      docs: this.docs,
      workers: this.workers,
      now: opts.now ?? (() => new Date()),
      inviteBaseUrls: () => this.inviteUrls,
      accessChanged: (memberId) => {
        for (const listener of this.accessListeners) listener(memberId);
      },
    });
  }

  static open(opts: CoreOptions): Core {
    return new Core(openDatabase(opts.dataDir), opts);
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
    if (!isMethodName(method))
      throw new ApiError('unknown_method', `There is no method named "${method}".`, 'unknown_method');
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
    this.workers.close();
    this.docs.closeAll();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
