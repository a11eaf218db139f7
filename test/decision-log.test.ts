/**
 * The decision log resists tampering: SQLite itself refuses to change or delete an entry (triggers),
 * and whoever gets past that by editing the file directly is caught by decisions.verify, which names
 * the first entry that does not check. Each test tampers with the real database file through a
 * connection of its own, beside the running hub. The verification runs in the worker thread (a
 * read-only connection of its own), or in the calling thread where there is no worker.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core, CoreOptions } from '../src/core';
import type { LogEntry, VerifyResult } from '../src/shared/decisions';
import { DecisionsRepo, canonicalJson } from '../src/core/store/decisions-repo';
import { DB_FILE, applyKey } from '../src/core/store/db';
import {
  OWNER_TOKEN,
  call,
  defer,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  tempDir,
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
  /** The key of the workspace, if it is encrypted. */
  key: string | null;
}

/** A hub whose committee has four entries in its log, and a second committee with one of its own. */
async function fourEntries(core: Partial<CoreOptions> = {}): Promise<Logged> {
  const t = await startTestHub({ core });
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

  return { t, c, entries: [e1, e2, e3, e4], key: core.key ?? null };
}

const verify = (l: Logged, c: Committee1 = l.c): Promise<VerifyResult> =>
  call(l.t.hub, c.observer.token, 'decisions.verify', { committeeId: c.committee.id });

/** A connection of its own to the hub's database file, closed after the test. */
function openFile(l: Logged): Database.Database {
  const db = new Database(join(l.t.dir, DB_FILE));
  applyKey(db, l.key);
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

describe('verify runs in the worker thread, off the event loop', () => {
  const owner = { kind: 'owner' } as const;

  /**
   * Counts the verifications done in this thread (on the core's own connection): the worker thread
   * loads a module of its own, which this spy does not see.
   */
  function verifiedHere() {
    const spy = vi.spyOn(DecisionsRepo.prototype, 'verify');
    defer(() => spy.mockRestore());
    return spy;
  }

  /** Changes a word in the content of the `seq`th entry of the committee's log, past the triggers. */
  function tamper(l: Logged, seq: number): { id: number; seq: number } {
    const row = pastTheTriggers(l)
      .prepare(
        "UPDATE decision_log SET content = replace(content, 'familles', 'visiteurs') WHERE committee_id = ? AND seq = ? RETURNING id, seq",
      )
      .get(l.c.committee.id, seq) as { id: number; seq: number } | undefined;
    expect(row).toBeDefined();
    return row!;
  }

  /** `n` more entries in the committee's log, appended as decisions.decide does, in one transaction. */
  function lengthen(l: Logged, n: number): void {
    const { core } = l.t;
    const first = l.entries[0]!;
    core.db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const id = `bulk-${i}`;
        core.decisions.append({
          committeeId: l.c.committee.id,
          meetingId: first.content.meetingId,
          decisionId: id,
          kind: 'adopted',
          amendsEntryId: null,
          content: { ...first.content, id, title: `Décision nº ${i + 5}` },
          createdBy: null,
        });
      }
    })();
  }

  /**
   * Calls decisions.verify on the core, and an immediate at once after it: in what order they
   * answer. An immediate runs at the next turn of the event loop, so it comes first only if the
   * verification left that loop free; done in this thread, the verification is over (and its
   * promise settled) before the loop turns.
   */
  async function orderOf(
    core: Core,
    committeeId: string,
  ): Promise<{ order: string[]; result: VerifyResult }> {
    const order: string[] = [];
    const verifying = core.call(owner, 'decisions.verify', { committeeId }).then((result) => {
      order.push('verified');
      return result;
    });
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        order.push('immediate');
        resolve();
      }),
    );
    return { order, result: await verifying };
  }

  it('a tampered entry is reported through the API, and this thread hashes nothing', async () => {
    const here = verifiedHere();
    const l = await fourEntries();
    expect(await verify(l)).toEqual({ ok: true, entries: 4, firstBroken: null });
    const e1 = tamper(l, 1);
    expectBrokenAt(await verify(l), e1, /content/);
    expect(here).not.toHaveBeenCalled();
  });

  it('an encrypted workspace is verified in the worker too, through its key', async () => {
    const here = verifiedHere();
    const l = await fourEntries({ key: 'une phrase de passe assez longue', dailyBackups: false });
    // Encrypted indeed: the file does not start with SQLite's header.
    expect(readFileSync(join(l.t.dir, DB_FILE)).subarray(0, 16).toString('latin1')).not.toBe(
      'SQLite format 3\0',
    );
    expect(await verify(l)).toEqual({ ok: true, entries: 4, firstBroken: null });
    const e1 = tamper(l, 1);
    expectBrokenAt(await verify(l), e1, /content/);
    expect(here).not.toHaveBeenCalled();
  });

  it('without a worker (exportWorker: false), the same result, verified in this thread', async () => {
    const here = verifiedHere();
    const inWorker = await fourEntries();
    const inThread = await fourEntries({ exportWorker: false });
    const results: VerifyResult[] = [];
    for (const l of [inWorker, inThread]) {
      tamper(l, 3);
      results.push(await verify(l));
    }
    expect(results[1]).toEqual(results[0]);
    expectBrokenAt(results[1]!, inThread.entries[2]!, /content/);
    expect(here.mock.calls).toEqual([[inThread.c.committee.id]]);
  });

  it('where the worker cannot start, the verification is done in this thread', async () => {
    const here = verifiedHere();
    const l = await fourEntries({ exportWorker: join(tempDir(), 'app.asar/out/main/export-worker.js') });
    expect(await verify(l)).toEqual({ ok: true, entries: 4, firstBroken: null });
    expect(here).toHaveBeenCalled();
  });

  it('the event loop turns while a long log is verified; in this thread it would not', async () => {
    const inWorker = await fourEntries();
    const inThread = await fourEntries({ exportWorker: false });
    const answers = [];
    for (const l of [inWorker, inThread]) {
      lengthen(l, 5000);
      const last = tamper(l, 5004);
      // Once without tampering first: the worker is started (the order below is about the hashing).
      expect((await orderOf(l.t.core, l.c.committee.id)).result).toMatchObject({ ok: false, entries: 5004 });
      const answer = await orderOf(l.t.core, l.c.committee.id);
      expectBrokenAt(answer.result, last, /content/);
      answers.push(answer);
    }
    expect(answers[0]!.order).toEqual(['immediate', 'verified']);
    expect(answers[1]!.order).toEqual(['verified', 'immediate']);
    expect(answers[0]!.result).toEqual(answers[1]!.result);
  }, 60_000);
});
