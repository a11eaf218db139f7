/**
 * The persisted form of the Yjs documents: an append-only update log per document, attributed to
 * the member who sent each update, and a snapshot that compaction folds the log into.
 *
 * Loading a document = its snapshot + the updates logged after it. Compaction is split in two so
 * it can run beside writers: `beginCompaction` reads a consistent cut (snapshot + updates up to
 * id N) and `commit` writes the merged snapshot and deletes only updates with id <= N, so an
 * update appended meanwhile is kept.
 */
import * as Y from 'yjs';
import type { CarriedRange } from '../../shared/carried-text';
import type { DB } from './db';

/** Compaction thresholds: the log of one document is folded once it passes either. */
export interface CompactionPolicy {
  maxUpdates: number;
  maxBytes: number;
}
export const DEFAULT_COMPACTION: CompactionPolicy = { maxUpdates: 500, maxBytes: 1024 * 1024 };

export interface LoggedUpdate {
  id: number;
  data: Uint8Array;
  memberId: string | null;
  createdAt: string;
}

export interface PendingCompaction {
  docName: string;
  /** The merged state of the snapshot and every update up to `uptoId`. */
  state: Uint8Array;
  uptoId: number;
  /** Writes the snapshot and drops the folded updates; later updates are untouched. */
  commit(): void;
}

export class DocStore {
  private readonly q;

  constructor(
    private readonly db: DB,
    readonly policy: CompactionPolicy = DEFAULT_COMPACTION,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = {
      append: db.prepare(
        'INSERT INTO doc_updates (doc_name, data, member_id, created_at) VALUES (?, ?, ?, ?)',
      ),
      snapshot: db.prepare('SELECT data, upto_update_id AS uptoId FROM doc_snapshots WHERE doc_name = ?'),
      updatesAfter: db.prepare(
        'SELECT id, data, member_id AS memberId, created_at AS createdAt FROM doc_updates WHERE doc_name = ? AND id > ? ORDER BY id',
      ),
      updatesBetween: db.prepare(
        'SELECT data FROM doc_updates WHERE doc_name = ? AND id > ? AND id <= ? ORDER BY id',
      ),
      stats: db.prepare(
        'SELECT COUNT(*) AS count, COALESCE(SUM(LENGTH(data)), 0) AS bytes, COALESCE(MAX(id), 0) AS maxId FROM doc_updates WHERE doc_name = ?',
      ),
      upsertSnapshot: db.prepare(
        `INSERT INTO doc_snapshots (doc_name, data, upto_update_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(doc_name) DO UPDATE SET data = excluded.data, upto_update_id = excluded.upto_update_id, updated_at = excluded.updated_at`,
      ),
      deleteUpTo: db.prepare('DELETE FROM doc_updates WHERE doc_name = ? AND id <= ?'),
      version: db.prepare(
        `SELECT MAX(
           (SELECT COALESCE(MAX(id), 0) FROM doc_updates WHERE doc_name = @doc),
           (SELECT COALESCE(MAX(upto_update_id), 0) FROM doc_snapshots WHERE doc_name = @doc)) AS v`,
      ),
      client: db.prepare(
        'INSERT OR IGNORE INTO doc_clients (doc_name, client_id, member_id, first_seen_at) VALUES (?, ?, ?, ?)',
      ),
      clients: db.prepare(
        'SELECT client_id AS clientId, member_id AS memberId FROM doc_clients WHERE doc_name = ?',
      ),
      carry: db.prepare(
        'INSERT OR IGNORE INTO doc_carried (doc_name, client_id, clock, length, origin_client) VALUES (?, ?, ?, ?, ?)',
      ),
      carried: db.prepare(
        'SELECT client_id AS client, clock, length, origin_client AS origin FROM doc_carried WHERE doc_name = ? ORDER BY client_id, clock',
      ),
    };
  }

  /** Runs `fn` in one SQLite transaction (nested calls become savepoints): one durable commit. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Group commit: opens a transaction that stays open across several appends until `commitGroup`
   * (one durable commit for all of them). Whatever is written meanwhile on this connection joins it.
   */
  beginGroup(): void {
    this.db.exec('BEGIN IMMEDIATE');
  }

  /** Commits the group; throws (after rolling back what remains) if SQLite could not. */
  commitGroup(): void {
    if (!this.db.inTransaction) throw new Error('the transaction was rolled back by SQLite');
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Whether a transaction is open on the connection (SQLite may roll one back on its own). */
  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /**
   * Appends one update (already validated by the caller) and records which member owns the Yjs
   * client ids it carries. Synchronous: when it returns, the update is on disk.
   */
  append(
    docName: string,
    update: Uint8Array,
    memberId: string | null,
    /** The Yjs client ids to record as the member's (default: every one the update carries). */
    clientIds: Iterable<number> = Y.parseUpdateMeta(update).to.keys(),
  ): number {
    const at = this.now().toISOString();
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.q.append.run(docName, update, memberId, at);
      for (const clientId of clientIds) this.q.client.run(docName, clientId, memberId, at);
      return Number(lastInsertRowid);
    })();
  }

  /** The document's state: snapshot plus every update after it, applied in order. */
  load(docName: string): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    this.loadInto(doc, docName);
    return doc;
  }

  /** Applies the stored state of `docName` to `doc`; returns the last update id included. */
  loadInto(doc: Y.Doc, docName: string, origin: unknown = 'store'): number {
    return this.db.transaction(() => {
      const snap = this.q.snapshot.get(docName) as { data: Buffer; uptoId: number } | undefined;
      let last = snap?.uptoId ?? 0;
      Y.transact(
        doc,
        () => {
          if (snap) Y.applyUpdate(doc, snap.data);
          for (const u of this.q.updatesAfter.iterate(docName, last) as Iterable<{
            id: number;
            data: Buffer;
          }>) {
            Y.applyUpdate(doc, u.data);
            last = u.id;
          }
        },
        origin,
      );
      return last;
    })();
  }

  /** The updates logged after the snapshot, with their authors. */
  pendingUpdates(docName: string): LoggedUpdate[] {
    const snap = this.q.snapshot.get(docName) as { uptoId: number } | undefined;
    return (this.q.updatesAfter.all(docName, snap?.uptoId ?? 0) as LoggedUpdate[]).map((u) => ({
      ...u,
      data: new Uint8Array(u.data),
    }));
  }

  stats(docName: string): { count: number; bytes: number; maxId: number } {
    return this.q.stats.get(docName) as { count: number; bytes: number; maxId: number };
  }

  /**
   * A number that grows with every change written to the document (update ids never come back:
   * AUTOINCREMENT), and stays when it is only folded: what was read from it at a version still holds.
   */
  version(docName: string): number {
    return (this.q.version.get({ doc: docName }) as { v: number }).v;
  }

  needsCompaction(docName: string): boolean {
    const { count, bytes } = this.stats(docName);
    return count > this.policy.maxUpdates || bytes > this.policy.maxBytes;
  }

  /** Member owning each Yjs client id seen in the document (null: the owner). */
  clients(docName: string): Map<number, string | null> {
    const rows = this.q.clients.all(docName) as { clientId: number; memberId: string | null }[];
    return new Map(rows.map((r) => [r.clientId, r.memberId]));
  }

  /** The text ranges of `docName` that carry another client's text (see shared/carried-text.ts). */
  carried(docName: string): CarriedRange[] {
    return this.q.carried.all(docName) as CarriedRange[];
  }

  /** Records ranges that carry another client's text; call it in the update's own transaction. */
  addCarried(docName: string, ranges: readonly CarriedRange[]): void {
    for (const r of ranges) this.q.carry.run(docName, r.client, r.clock, r.length, r.origin);
  }

  /**
   * Reads a consistent cut and merges it by loading it into a document and encoding its state
   * (not Y.mergeUpdates, which grows badly over many client ids).
   */
  beginCompaction(docName: string): PendingCompaction | null {
    const cut = this.db.transaction(() => {
      const { count, maxId } = this.stats(docName);
      if (count === 0) return null;
      const snap = this.q.snapshot.get(docName) as { data: Buffer; uptoId: number } | undefined;
      const updates = (
        this.q.updatesBetween.all(docName, snap?.uptoId ?? 0, maxId) as { data: Buffer }[]
      ).map((u) => u.data);
      return { snapshot: snap?.data, updates, uptoId: maxId };
    })();
    if (!cut) return null;
    const doc = new Y.Doc({ gc: true });
    Y.transact(doc, () => {
      if (cut.snapshot) Y.applyUpdate(doc, cut.snapshot);
      for (const u of cut.updates) Y.applyUpdate(doc, u);
    });
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    return {
      docName,
      state,
      uptoId: cut.uptoId,
      commit: () => {
        this.db.transaction(() => {
          const current = this.q.snapshot.get(docName) as { uptoId: number } | undefined;
          // Another compaction got further first: this one is stale, keep what is there.
          if (current && current.uptoId >= cut.uptoId) return;
          this.q.upsertSnapshot.run(docName, state, cut.uptoId, this.now().toISOString());
          this.q.deleteUpTo.run(docName, cut.uptoId);
        })();
      },
    };
  }

  /**
   * Folds the log up to `uptoId` into `state`, the merged state of the snapshot and every update
   * up to it, which the caller already holds (the live document, all of whose changes are logged).
   */
  commitSnapshot(docName: string, state: Uint8Array, uptoId: number): void {
    this.db.transaction(() => {
      const current = this.q.snapshot.get(docName) as { uptoId: number } | undefined;
      if (current && current.uptoId >= uptoId) return;
      this.q.upsertSnapshot.run(docName, state, uptoId, this.now().toISOString());
      this.q.deleteUpTo.run(docName, uptoId);
    })();
  }

  /**
   * Replaces the whole stored history of `docName` by one snapshot of its current state (deleted
   * text is not kept in it: documents are loaded with garbage collection on). Used by an erasure,
   * so that old updates that held a name are gone; who owns which Yjs client id (doc_clients) stays.
   */
  rewrite(docName: string): void {
    this.db.transaction(() => {
      const doc = this.load(docName);
      const state = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      const snap = this.q.snapshot.get(docName) as { uptoId: number } | undefined;
      const uptoId = Math.max(this.stats(docName).maxId, snap?.uptoId ?? 0);
      this.q.upsertSnapshot.run(docName, state, uptoId, this.now().toISOString());
      this.q.deleteUpTo.run(docName, uptoId);
    })();
  }

  /** Every document that has something stored. */
  docNames(): string[] {
    return (
      this.db
        .prepare('SELECT doc_name AS name FROM doc_snapshots UNION SELECT DISTINCT doc_name FROM doc_updates')
        .all() as { name: string }[]
    ).map((r) => r.name);
  }

  /** Folds the log of `docName` into its snapshot now. Returns whether anything was folded. */
  compact(docName: string): boolean {
    const pending = this.beginCompaction(docName);
    pending?.commit();
    return pending !== null;
  }
}
