/** LiveDocs through the Core: persistence of every change, compaction off the typing path. */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditOrigin } from '../src/core';
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
});
