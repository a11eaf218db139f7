/**
 * The decision log resists tampering: SQLite itself refuses to change or delete an entry (triggers),
 * and whoever gets past that by editing the file directly is caught by decisions.verify, which names
 * the first entry that does not check. Each test tampers with the real database file through a
 * connection of its own, beside the running hub.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry, VerifyResult } from '../src/shared/decisions';
import { canonicalJson } from '../src/core/store/decisions-repo';
import { DB_FILE } from '../src/core/store/db';
import {
  OWNER_TOKEN,
  call,
  defer,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  type Committee1,
  type TestHub,
} from './helpers';
import { expectError } from './fixtures';
import { decide, draft, entryHashOf, sha256 } from './decision-fixtures';

afterEach(runDeferred);

interface Logged {
  t: TestHub;
  c: Committee1;
  /** The committee's four entries, in order: adopted, rejected, amended (the first), deferred. */
  entries: LogEntry[];
}

/** A hub whose committee has four entries in its log, and a second committee with one of its own. */
async function fourEntries(): Promise<Logged> {
  const t = await startTestHub();
  const c = await seedCommittee(t.hub, 'Comité vérifié');
  const m = c.meeting.id;
  const d1 = await draft(t.hub, c.member.token, m, 'Accueil des familles', {
    text: 'Les familles sont accueillies par un pair aidant.',
  });
  const e1 = await decide(t.hub, c.coChair.token, m, d1.id, 'adopted');
  const d2 = await draft(t.hub, c.member.token, m, 'Stationnement gratuit', {
    text: 'Le stationnement est gratuit pour les proches aidants.',
  });
  const e2 = await decide(t.hub, c.coChair.token, m, d2.id, 'rejected');
  const e3 = await call(t.hub, c.coChair.token, 'decisions.amend', {
    committeeId: c.committee.id,
    entryId: e1.id,
    reason: 'Précision',
    text: 'Les familles sont accueillies par un pair aidant formé.',
  });
  const d4 = await draft(t.hub, c.member.token, m, 'Horaires de la cafétéria');
  const e4 = await decide(t.hub, c.coChair.token, m, d4.id, 'deferred');

  // Another committee's log, which the tampering below never touches.
  const other = await seedCommittee(t.hub, 'Comité voisin');
  const od = await draft(t.hub, other.member.token, other.meeting.id, 'Voisine');
  await decide(t.hub, other.coChair.token, other.meeting.id, od.id, 'adopted');

  return { t, c, entries: [e1, e2, e3, e4] };
}

const verify = (l: Logged, c: Committee1 = l.c): Promise<VerifyResult> =>
  call(l.t.hub, c.observer.token, 'decisions.verify', { committeeId: c.committee.id });

/** A connection of its own to the hub's database file, closed after the test. */
function openFile(l: Logged): Database.Database {
  const db = new Database(join(l.t.dir, DB_FILE));
  db.pragma('busy_timeout = 5000');
  defer(() => db.close());
  return db;
}

/** Opens the file and drops the triggers that keep the log append-only. */
function pastTheTriggers(l: Logged): Database.Database {
  const db = openFile(l);
  db.exec('DROP TRIGGER decision_log_no_update; DROP TRIGGER decision_log_no_delete;');
  return db;
}

/** verify names exactly `entry` (its id and its seq, as they are now) as the first broken one. */
function expectBrokenAt(result: VerifyResult, entry: { id: number; seq: number }, reason: RegExp): void {
  expect(result.ok).toBe(false);
  expect(result.firstBroken).not.toBeNull();
  expect({ id: result.firstBroken!.id, seq: result.firstBroken!.seq }).toEqual({
    id: entry.id,
    seq: entry.seq,
  });
  expect(result.firstBroken!.reason).toMatch(reason);
}

describe('decisions.verify', () => {
  it('checks an untouched log, for anyone in the committee, with its number of entries', async () => {
    const l = await fourEntries();
    for (const seat of [l.c.coChair, l.c.member, l.c.secretary, l.c.observer]) {
      expect(await call(l.t.hub, seat.token, 'decisions.verify', { committeeId: l.c.committee.id })).toEqual({
        ok: true,
        entries: 4,
        firstBroken: null,
      });
    }
    expect(await call(l.t.hub, OWNER_TOKEN, 'decisions.verify', { committeeId: l.c.committee.id })).toEqual({
      ok: true,
      entries: 4,
      firstBroken: null,
    });
  });

  it('a committee with no entries verifies, with 0 entries', async () => {
    const t = await startTestHub();
    const c = await seedCommittee(t.hub, 'Comité sans décision');
    expect(await call(t.hub, c.observer.token, 'decisions.verify', { committeeId: c.committee.id })).toEqual({
      ok: true,
      entries: 0,
      firstBroken: null,
    });
  });

  it('a member of another committee may not verify (403)', async () => {
    const t = await startTestHub();
    const c = await seedCommittee(t.hub, 'Comité A');
    const other = await seedCommittee(t.hub, 'Comité B');
    expectError(
      await post(t.hub, other.coChair.token, 'decisions.verify', { committeeId: c.committee.id }),
      403,
      'forbidden',
    );
  });
});

describe('the database refuses to change the log', () => {
  it('an UPDATE or DELETE fails with "append-only", and the log still verifies', async () => {
    const l = await fourEntries();
    const db = openFile(l);
    const e2 = l.entries[1]!;
    expect(() =>
      db
        .prepare("UPDATE decision_log SET content = replace(content, 'gratuit', 'payant') WHERE id = ?")
        .run(e2.id),
    ).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM decision_log WHERE id = ?').run(e2.id)).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE decision_log SET seq = seq + 100').run()).toThrow(/append-only/);
    expect(await verify(l)).toEqual({ ok: true, entries: 4, firstBroken: null });
    const log = await call(l.t.hub, l.c.observer.token, 'decisions.log', { committeeId: l.c.committee.id });
    expect(log).toEqual(l.entries);
  });
});

describe('verify names the first entry that was tampered with', () => {
  it('a word changed in the content of the 2nd of 4 entries', async () => {
    const l = await fourEntries();
    const e2 = l.entries[1]!;
    const db = pastTheTriggers(l);
    const changed = db
      .prepare("UPDATE decision_log SET content = replace(content, 'gratuit', 'payant') WHERE id = ?")
      .run(e2.id);
    expect(changed.changes).toBe(1);
    // The tampered text is what the log now shows…
    const log = await call(l.t.hub, l.c.observer.token, 'decisions.log', { committeeId: l.c.committee.id });
    expect(log[1]!.content.text).toBe('Le stationnement est payant pour les proches aidants.');
    // …and verify says so, naming that entry.
    const result = await verify(l);
    expectBrokenAt(result, e2, /content/);
    // The other committee's log is not affected.
    const neighbour = db.prepare("SELECT id FROM committees WHERE name = 'Comité voisin'").get() as {
      id: string;
    };
    expect(await call(l.t.hub, OWNER_TOKEN, 'decisions.verify', { committeeId: neighbour.id })).toEqual({
      ok: true,
      entries: 1,
      firstBroken: null,
    });
  });

  it('a content changed along with its content hash (caught by the entry hash)', async () => {
    const l = await fourEntries();
    const e3 = l.entries[2]!;
    const db = pastTheTriggers(l);
    const content = { ...e3.content, text: 'Les familles sont accueillies par personne.' };
    db.prepare('UPDATE decision_log SET content = ?, content_sha256 = ? WHERE id = ?').run(
      canonicalJson(content),
      sha256(canonicalJson(content)),
      e3.id,
    );
    expectBrokenAt(await verify(l), e3, /details/);
  });

  it('an entry rewritten with every one of its hashes recomputed (caught at the next entry)', async () => {
    const l = await fourEntries();
    const [, e2, e3] = l.entries as [LogEntry, LogEntry, LogEntry, LogEntry];
    const db = pastTheTriggers(l);
    const content = { ...e2.content, status: 'adopted' as const };
    const forged = {
      ...e2,
      kind: 'adopted' as const,
      content,
      contentSha256: sha256(canonicalJson(content)),
    };
    forged.entrySha256 = entryHashOf(forged);
    db.prepare(
      'UPDATE decision_log SET kind = ?, content = ?, content_sha256 = ?, entry_sha256 = ? WHERE id = ?',
    ).run(forged.kind, canonicalJson(content), forged.contentSha256, forged.entrySha256, e2.id);
    expectBrokenAt(await verify(l), e3, /follow/);
  });

  it('a changed created_at (caught by the entry hash)', async () => {
    const l = await fourEntries();
    const e3 = l.entries[2]!;
    const db = pastTheTriggers(l);
    db.prepare('UPDATE decision_log SET created_at = ? WHERE id = ?').run('2020-01-01T00:00:00.000Z', e3.id);
    expectBrokenAt(await verify(l), e3, /details/);
  });

  it('the author changed (caught by the entry hash)', async () => {
    const l = await fourEntries();
    const e1 = l.entries[0]!;
    const db = pastTheTriggers(l);
    db.prepare('UPDATE decision_log SET created_by = ? WHERE id = ?').run(l.c.member.member.id, e1.id);
    expectBrokenAt(await verify(l), e1, /details/);
  });

  it('the last-but-one entry deleted (the chain breaks at the next one)', async () => {
    const l = await fourEntries();
    const [, , e3, e4] = l.entries as [LogEntry, LogEntry, LogEntry, LogEntry];
    const db = pastTheTriggers(l);
    // The amendment: nothing refers to it, so even with foreign keys on it can go.
    db.prepare('DELETE FROM decision_log WHERE id = ?').run(e3.id);
    expectBrokenAt(await verify(l), e4, /missing/);
  });

  it('the last-but-one entry deleted and the ones after renumbered (caught by the link)', async () => {
    const l = await fourEntries();
    const [, , e3, e4] = l.entries as [LogEntry, LogEntry, LogEntry, LogEntry];
    const db = pastTheTriggers(l);
    db.prepare('DELETE FROM decision_log WHERE id = ?').run(e3.id);
    db.prepare('UPDATE decision_log SET seq = 3 WHERE id = ?').run(e4.id);
    const result = await verify(l);
    expect(result.ok).toBe(false);
    // Renumbered, e4 is now the 3rd: its recorded seq is part of its hash, and it does not follow e2.
    expectBrokenAt(result, { id: e4.id, seq: 3 }, /follow|details/);
  });

  it('two entries swapped by their seq', async () => {
    const l = await fourEntries();
    const [, e2, e3] = l.entries as [LogEntry, LogEntry, LogEntry, LogEntry];
    const db = pastTheTriggers(l);
    db.transaction(() => {
      db.prepare('UPDATE decision_log SET seq = -1 WHERE id = ?').run(e2.id);
      db.prepare('UPDATE decision_log SET seq = ? WHERE id = ?').run(e2.seq, e3.id);
      db.prepare('UPDATE decision_log SET seq = ? WHERE id = ?').run(e3.seq, e2.id);
    })();
    const log = await call(l.t.hub, l.c.observer.token, 'decisions.log', { committeeId: l.c.committee.id });
    expect(log.map((e) => e.id)).toEqual([l.entries[0]!.id, e3.id, e2.id, l.entries[3]!.id]);
    // e3 now comes second: it names the first broken entry, by its id and its new seq.
    expectBrokenAt(await verify(l), { id: e3.id, seq: 2 }, /follow/);
  });

  it('a content that is no longer JSON', async () => {
    const l = await fourEntries();
    const e4 = l.entries[3]!;
    const db = pastTheTriggers(l);
    db.prepare("UPDATE decision_log SET content = '{oops' WHERE id = ?").run(e4.id);
    expectBrokenAt(await verify(l), e4, /readable/);
  });
});
