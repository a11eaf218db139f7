/** DocStore: the attributed update log of each Yjs document, its snapshot and its compaction. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type DB } from '../src/core/store/db';
import { DocStore } from '../src/core/store/docs';
import { Repos } from '../src/core/store/repos';
import type { Member } from '../src/shared/domain';
import { defer, minutesText, runDeferred, tempDir, writeParagraph } from './helpers';

afterEach(runDeferred);

const DOC = 'meeting:m-1';

let db: DB;
let store: DocStore;
let amina: Member;
let bruno: Member;

beforeEach(() => {
  db = openDatabase(tempDir());
  defer(() => db.close());
  store = new DocStore(db, { maxUpdates: 20, maxBytes: 1024 * 1024 });
  const repos = new Repos(db);
  const committee = repos.createCommittee({
    name: 'Comité',
    area: 'governance',
    mandate: '',
    quorum: { kind: 'majority' },
    language: 'fr',
  });
  const member = (name: string) =>
    repos.addMember(committee.id, {
      name,
      kind: 'patient-partner',
      role: 'member',
      engagementLevel: 'partnership',
      mandate: '',
      startDate: null,
      endDate: null,
      consents: { named: true, contact: false },
    });
  amina = member('Amina');
  bruno = member('Bruno');
});

/** A client document whose every update is appended to the store on behalf of `memberId`. */
function author(memberId: string | null, docName = DOC): { doc: Y.Doc; ids: number[] } {
  const doc = new Y.Doc();
  const ids: number[] = [];
  doc.on('update', (u: Uint8Array) => ids.push(store.append(docName, u, memberId)));
  defer(() => doc.destroy());
  return { doc, ids };
}

/** `n` paragraphs, one update each. */
function type(doc: Y.Doc, prefix: string, n: number): string[] {
  const lines = Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
  for (const line of lines) writeParagraph(doc, line);
  return lines;
}

const rowCount = (docName = DOC): number =>
  (db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE doc_name = ?').get(docName) as { n: number }).n;

describe('DocStore', () => {
  it('appends each update with the member who sent it, and loads them back', () => {
    const a = author(amina.id);
    type(a.doc, 'Amina', 2);
    const b = author(bruno.id);
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc), 'sync'); // logged again: harmless, idempotent
    type(b.doc, 'Bruno', 1);

    const rows = db
      .prepare('SELECT id, member_id AS memberId FROM doc_updates WHERE doc_name = ? ORDER BY id')
      .all(DOC);
    expect(rows.map((r) => (r as { memberId: string }).memberId)).toEqual([
      amina.id,
      amina.id,
      bruno.id,
      bruno.id,
    ]);
    expect(store.pendingUpdates(DOC).map((u) => u.memberId)).toEqual([
      amina.id,
      amina.id,
      bruno.id,
      bruno.id,
    ]);

    const loaded = store.load(DOC);
    expect(minutesText(loaded)).toBe('Amina 1\nAmina 2\nBruno 1');
    // Nothing leaks across documents.
    expect(minutesText(store.load('meeting:other'))).toBe('');
  });

  it('maps the Yjs client ids of a document to their members (the owner as null)', () => {
    const a = author(amina.id);
    const b = author(bruno.id);
    const o = author(null);
    type(a.doc, 'a', 1);
    type(b.doc, 'b', 1);
    type(o.doc, 'o', 1);
    const clients = store.clients(DOC);
    expect(clients.get(a.doc.clientID)).toBe(amina.id);
    expect(clients.get(b.doc.clientID)).toBe(bruno.id);
    expect(clients.has(o.doc.clientID)).toBe(true);
    expect(clients.get(o.doc.clientID)).toBeNull();
    expect(clients.size).toBe(3);
    // First attribution wins: Bruno relaying Amina's update does not make her text his.
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc));
    expect(store.clients(DOC).get(a.doc.clientID)).toBe(amina.id);
  });

  it('loads the snapshot plus the updates logged after it', () => {
    const a = author(amina.id);
    type(a.doc, 'before', 3);
    expect(store.compact(DOC)).toBe(true);
    type(a.doc, 'after', 2);

    expect(db.prepare('SELECT COUNT(*) AS n FROM doc_snapshots WHERE doc_name = ?').get(DOC)).toEqual({
      n: 1,
    });
    expect(rowCount()).toBe(2);
    expect(store.pendingUpdates(DOC)).toHaveLength(2);
    expect(minutesText(store.load(DOC))).toBe('before 1\nbefore 2\nbefore 3\nafter 1\nafter 2');
  });

  it('folds the log into a snapshot past the threshold; the log shrinks and the content is identical', () => {
    const a = author(amina.id);
    type(a.doc, 'line', 19);
    expect(store.needsCompaction(DOC)).toBe(false);
    type(a.doc, 'line', 25); // 44 updates in all
    expect(store.needsCompaction(DOC)).toBe(true);
    const before = store.stats(DOC);
    expect(before.count).toBe(44);
    const textBefore = minutesText(store.load(DOC));
    const stateBefore = Y.encodeStateVector(store.load(DOC));

    expect(store.compact(DOC)).toBe(true);

    const after = store.stats(DOC);
    expect(after.count).toBe(0);
    expect(store.needsCompaction(DOC)).toBe(false);
    const loaded = store.load(DOC);
    expect(minutesText(loaded)).toBe(textBefore);
    expect(minutesText(loaded)).toBe(minutesText(a.doc));
    expect(Y.encodeStateVector(loaded)).toEqual(stateBefore);
    // Attribution survives compaction.
    expect(store.clients(DOC).get(a.doc.clientID)).toBe(amina.id);
    // Nothing left to fold.
    expect(store.compact(DOC)).toBe(false);
  });

  it('keeps updates appended while a compaction is under way', () => {
    const a = author(amina.id);
    type(a.doc, 'early', 25);
    const pending = store.beginCompaction(DOC);
    expect(pending).not.toBeNull();

    // Meanwhile Bruno syncs and types: six more updates (his sync, then five paragraphs).
    const b = author(bruno.id);
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc), 'sync');
    type(b.doc, 'late', 5);
    expect(b.ids).toHaveLength(6);
    expect(Math.min(...b.ids)).toBeGreaterThan(pending!.uptoId);

    pending!.commit();

    const remaining = store.pendingUpdates(DOC);
    expect(remaining.map((u) => u.id)).toEqual(b.ids);
    expect(remaining.every((u) => u.memberId === bruno.id)).toBe(true);
    const text = minutesText(store.load(DOC));
    expect(text.split('\n')).toHaveLength(30);
    expect(text).toBe(minutesText(b.doc));
    expect(text).toContain('early 25');
    expect(text).toContain('late 5');
  });

  it('ignores a stale compaction that finishes after a later one', () => {
    const a = author(amina.id);
    type(a.doc, 'one', 10);
    const older = store.beginCompaction(DOC)!;
    type(a.doc, 'two', 10);
    const newer = store.beginCompaction(DOC)!;
    expect(newer.uptoId).toBeGreaterThan(older.uptoId);
    newer.commit();
    older.commit(); // must not overwrite the newer snapshot with an older state
    expect(minutesText(store.load(DOC))).toBe(minutesText(a.doc));
    expect(minutesText(store.load(DOC)).split('\n')).toHaveLength(20);
  });
});
