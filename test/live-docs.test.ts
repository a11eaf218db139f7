/** LiveDocs through the Core: persistence of every change, compaction off the typing path. */
import Database from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditOrigin } from '../src/core';
import { DB_FILE } from '../src/core/store/db';
import { defer, minutesText, openCore, runDeferred, tempDir, waitFor, writeParagraph } from './helpers';

afterEach(runDeferred);

const DOC = 'meeting:live-1';

/** A peer's document whose every update is handed to the core, as the hub does. */
function peer(onUpdate: (u: Uint8Array) => void): Y.Doc {
  const doc = new Y.Doc();
  doc.on('update', onUpdate);
  defer(() => doc.destroy());
  return doc;
}

describe('LiveDocs', () => {
  it('writes every remote change to the store before applyRemote returns', () => {
    const core = openCore(tempDir());
    const live = core.docs.acquire(DOC);
    defer(() => core.docs.release(DOC));
    const author = peer((u) => {
      core.docs.applyRemote(live, u, new EditOrigin(null));
      expect(minutesText(core.docStore.load(DOC))).toBe(minutesText(author));
    });
    writeParagraph(author, 'Ordre du jour adopté');
    writeParagraph(author, 'Tour de table');
    expect(minutesText(live.doc)).toBe('Ordre du jour adopté\nTour de table');
    expect(core.docStore.stats(DOC).count).toBe(2);
  });

  it('refuses a malformed update without touching the document or the store', () => {
    const core = openCore(tempDir());
    const live = core.docs.acquire(DOC);
    defer(() => core.docs.release(DOC));
    expect(() =>
      core.docs.applyRemote(live, new Uint8Array([1, 1, 5, 0, 4, 1, 1, 120, 0]), new EditOrigin(null)),
    ).toThrow();
    expect(core.docStore.stats(DOC).count).toBe(0);
    expect(live.doc.share.size).toBe(0);
  });

  it('folds the log after compactionDelayMs, not while applying the update that passed the threshold', async () => {
    const core = openCore(tempDir(), {
      compaction: { maxUpdates: 20, maxBytes: 1024 * 1024 },
      liveDocs: { compactionDelayMs: 150 },
    });
    const live = core.docs.acquire(DOC);
    defer(() => core.docs.release(DOC));
    const author = peer((u) => core.docs.applyRemote(live, u, new EditOrigin(null)));

    for (let i = 1; i <= 25; i++) writeParagraph(author, `ligne ${i}`);
    // Past the threshold, but the typing path did not pay for the fold.
    expect(core.docStore.stats(DOC).count).toBe(25);
    expect(core.docStore.needsCompaction(DOC)).toBe(true);

    await waitFor(() => core.docStore.stats(DOC).count === 0, 5000, 'the log to be folded');
    const snapshots = core.db.prepare('SELECT COUNT(*) AS n FROM doc_snapshots WHERE doc_name = ?').get(DOC);
    expect(snapshots).toEqual({ n: 1 });
    expect(minutesText(core.docStore.load(DOC))).toBe(minutesText(author));

    // The document stays live after the fold: later changes are logged after the snapshot.
    writeParagraph(author, 'après compaction');
    expect(core.docStore.stats(DOC).count).toBe(1);
    expect(minutesText(core.docStore.load(DOC))).toBe(minutesText(author));
    expect(minutesText(live.doc)).toContain('après compaction');
  });

  it('folds a due log when the last user leaves, without waiting for the delay', () => {
    const core = openCore(tempDir(), {
      compaction: { maxUpdates: 20, maxBytes: 1024 * 1024 },
      liveDocs: { compactionDelayMs: 60_000 },
    });
    const live = core.docs.acquire(DOC);
    const author = peer((u) => core.docs.applyRemote(live, u, new EditOrigin(null)));
    for (let i = 1; i <= 25; i++) writeParagraph(author, `ligne ${i}`);
    expect(core.docStore.stats(DOC).count).toBe(25);

    core.docs.release(DOC);
    expect(core.docs.isOpen(DOC)).toBe(false);
    expect(core.docStore.stats(DOC).count).toBe(0);
    expect(minutesText(core.docStore.load(DOC))).toBe(minutesText(author));

    // Reopened, it holds the same content.
    const again = core.docs.acquire(DOC);
    defer(() => core.docs.release(DOC));
    expect(minutesText(again.doc)).toBe(minutesText(author));
  });

  describe('group commit of what peers send', () => {
    /** What another process reading the file would see: only committed rows. */
    function onDisk(dir: string): number {
      const reader = new Database(join(dir, DB_FILE), { readonly: true });
      try {
        return (reader.prepare('SELECT COUNT(*) AS n FROM doc_updates').get() as { n: number }).n;
      } finally {
        reader.close();
      }
    }

    it('commits the updates of one turn together and passes them on only once they are on disk', async () => {
      const dir = tempDir();
      const core = openCore(dir);
      const live = core.docs.acquire(DOC);
      defer(() => core.docs.release(DOC));
      const connection = {}; // stands for a peer's connection, as the hub's origin carries one
      const passedOn: { update: Uint8Array; committedRows: number }[] = [];
      core.docs.subscribe(DOC, {
        persisted: (update) => passedOn.push({ update, committedRows: onDisk(dir) }),
        broken: (err) => {
          throw err;
        },
      });
      const author = peer((u) => core.docs.applyRemote(live, u, new EditOrigin(null, connection)));
      writeParagraph(author, 'Mot de bienvenue');
      writeParagraph(author, 'Suivi des actions');
      writeParagraph(author, 'Varia');

      // Applied in memory, written in the open transaction, not yet committed nor passed on.
      expect(minutesText(live.doc)).toBe('Mot de bienvenue\nSuivi des actions\nVaria');
      expect(passedOn).toHaveLength(0);
      expect(onDisk(dir)).toBe(0);

      await nextTurn();
      // One commit for the three; each passed on in order, when another reader already sees all three.
      expect(passedOn.map((p) => p.committedRows)).toEqual([3, 3, 3]);
      const replica = new Y.Doc();
      for (const p of passedOn) Y.applyUpdate(replica, p.update);
      expect(minutesText(replica)).toBe(minutesText(author));
    });

    it('commits the open group before the core writes, so a method never answers on uncommitted state', () => {
      const dir = tempDir();
      const core = openCore(dir);
      const live = core.docs.acquire(DOC);
      defer(() => core.docs.release(DOC));
      const author = peer((u) => core.docs.applyRemote(live, u, new EditOrigin(null, {})));
      writeParagraph(author, 'Tour de table');
      expect(onDisk(dir)).toBe(0);
      core.docs.edit(DOC, null, (doc) => doc.getMap('meta').set('note', 'ouverte'));
      // The peer's update and the core's edit are both committed when edit returns.
      expect(onDisk(dir)).toBe(2);
    });

    it('with an error callback, holds a connection’s updates until the turn ends or a flush, then applies, writes and passes on each run as one', async () => {
      const dir = tempDir();
      const core = openCore(dir);
      const live = core.docs.acquire(DOC);
      defer(() => core.docs.release(DOC));
      const passedOn: Uint8Array[] = [];
      core.docs.subscribe(DOC, {
        persisted: (update) => passedOn.push(update),
        broken: (err) => {
          throw err;
        },
      });
      const errors: unknown[] = [];
      const origin = new EditOrigin(null, {});
      const author = peer((u) => core.docs.applyRemote(live, u, origin, (err) => errors.push(err)));
      writeParagraph(author, 'Mot de bienvenue');
      writeParagraph(author, 'Suivi des actions');
      // Waiting: not in the document yet.
      expect(minutesText(live.doc)).toBe('');
      // The core's own edit flushes first: the waiting updates, as one row, then the edit.
      core.docs.edit(DOC, null, (doc) => doc.getMap('meta').set('note', 'ouverte'));
      expect(minutesText(live.doc)).toBe('Mot de bienvenue\nSuivi des actions');
      expect(onDisk(dir)).toBe(2);
      expect(passedOn).toHaveLength(2);

      // More than one round of merging (64 at a time).
      for (let i = 1; i <= 150; i++) writeParagraph(author, `Varia ${i}`);
      await nextTurn();
      await nextTurn();
      expect(onDisk(dir)).toBe(3);
      expect(passedOn).toHaveLength(3);
      const replica = new Y.Doc();
      for (const u of passedOn) Y.applyUpdate(replica, u);
      expect(minutesText(replica)).toBe(minutesText(author));
      expect(errors).toEqual([]);
    });

    it('reports a group that SQLite refuses to commit: nothing is passed on and the document is out of service', async () => {
      const dir = tempDir();
      const core = openCore(dir);
      const live = core.docs.acquire(DOC);
      const passed: Uint8Array[] = [];
      const broken: Error[] = [];
      core.docs.subscribe(DOC, { persisted: (u) => passed.push(u), broken: (e) => broken.push(e) });
      const author = peer((u) => core.docs.applyRemote(live, u, new EditOrigin(null, {})));
      writeParagraph(author, 'Lettre au CA');
      // Something in the same transaction that SQLite will only refuse at COMMIT.
      core.db.pragma('defer_foreign_keys = ON');
      core.db
        .prepare(
          "INSERT INTO doc_updates (doc_name, data, member_id, created_at) VALUES ('x', x'00', 'nobody', '')",
        )
        .run();

      await nextTurn();
      expect(broken).toHaveLength(1);
      expect(broken[0]!.name).toBe('PersistenceError');
      expect(passed).toHaveLength(0);
      expect(onDisk(dir)).toBe(0);
      core.docs.evict(DOC);
      // Reloaded from disk: the refused change is not there; the peer would send it again.
      const again = core.docs.acquire(DOC);
      defer(() => core.docs.release(DOC));
      expect(minutesText(again.doc)).toBe('');
    });
  });
});
