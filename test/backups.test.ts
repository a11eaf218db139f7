/**
 * Backups of the workspace: taken while members write through the real hub, whole
 * (integrity_check) with every row there at the time; restored exactly; daily ones kept 30 days;
 * one before each schema migration; who may do what.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Core } from '../src/core';
import { backupsDir, listBackups } from '../src/core/store/backups';
import { DB_FILE, openDatabase } from '../src/core/store/db';
import { LATEST_VERSION } from '../src/core/store/migrations';
import { CLOSE_RESTORED } from '../src/shared/storage';
import {
  OWNER_TOKEN,
  call,
  defer,
  minutesText,
  openCore,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  syncedClient,
  tempDir,
  waitFor,
  writeParagraph,
} from './helpers';

afterEach(runDeferred);

const owner = { kind: 'owner' } as const;

interface Row {
  id: number;
  doc_name: string;
  data: Buffer;
  member_id: string | null;
}
const updates = (db: Database.Database): Row[] =>
  db.prepare('SELECT id, doc_name, data, member_id FROM doc_updates ORDER BY id').all() as Row[];
const tableRows = (db: Database.Database, table: string): unknown[] =>
  db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
const RELATIONAL = ['committees', 'members', 'member_tokens', 'meetings', 'doc_clients', 'doc_authorship'];

/** The minutes as stored in a database file: snapshot and every update after it. */
function storedMinutes(db: Database.Database, docName: string): string {
  const doc = new Y.Doc();
  const snap = db.prepare('SELECT data FROM doc_snapshots WHERE doc_name = ?').get(docName) as
    { data: Buffer } | undefined;
  if (snap) Y.applyUpdate(doc, snap.data);
  for (const r of db.prepare('SELECT data FROM doc_updates WHERE doc_name = ? ORDER BY id').all(docName))
    Y.applyUpdate(doc, (r as { data: Buffer }).data);
  return minutesText(doc);
}

describe('back up now, while three members write', () => {
  it('gives a whole copy with every row there when it started; restore brings back exactly that', async () => {
    // No compaction during the test: every update stays a row, so rows can be compared one by one.
    const t = await startTestHub({
      core: { dailyBackups: false, compaction: { maxUpdates: 1_000_000, maxBytes: 1024 ** 3 } },
    });
    const c = await seedCommittee(t.hub);
    const docName = c.meeting.docName;
    const writers = await Promise.all(
      [c.coChair, c.member, c.secretary].map((seat) => syncedClient(t.hub, docName, seat.token)),
    );
    // Enough already written that the copy takes many steps of the backup API.
    for (let i = 0; i < 300; i++) writeParagraph(writers[i % 3]!.doc, `Paragraphe initial ${i} `.repeat(40));
    // (Saved as fewer rows than updates: the hub writes a run of one client's updates as one.)
    await waitFor(
      () => t.core.docStore.load(docName).getXmlFragment('minutes').length >= 300,
      15_000,
      'the first paragraphs to be saved',
    );

    // The three keep writing while the backup is taken.
    let writing = true;
    let written = 0;
    const loops = writers.map(async (w, n) => {
      while (writing) {
        writeParagraph(w.doc, `Écrit pendant la copie par ${n}, numéro ${written++}`);
        await new Promise((r) => setImmediate(r));
      }
    });
    const atStart = updates(t.core.db);
    const relationalAtStart = Object.fromEntries(RELATIONAL.map((tb) => [tb, tableRows(t.core.db, tb)]));
    const backup = await call(t.hub, OWNER_TOKEN, 'backups.create', {});
    const writtenDuring = written;
    writing = false;
    await Promise.all(loops);
    expect(writtenDuring).toBeGreaterThan(0);
    expect(backup.reason).toBe('manual');

    // The copy is whole, and holds every row there when it started, unchanged.
    const file = join(backupsDir(t.dir), backup.name);
    const copy = new Database(file, { readonly: true, fileMustExist: true });
    defer(() => copy.open && copy.close());
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const inCopy = updates(copy);
    expect(inCopy.slice(0, atStart.length)).toEqual(atStart);
    for (const tb of ['committees', 'members', 'member_tokens', 'meetings'])
      expect(tableRows(copy, tb), tb).toEqual(relationalAtStart[tb]);
    // And nothing that was not in the database: its rows are the live database's, in order.
    await waitFor(() => t.core.docStore.stats(docName).count >= inCopy.length, 5000, 'saves to settle');
    expect(updates(t.core.db).slice(0, inCopy.length)).toEqual(inCopy);
    const copiedText = storedMinutes(copy, docName);
    const copiedUpdates = inCopy.length;
    const copiedRelational = Object.fromEntries(RELATIONAL.map((tb) => [tb, tableRows(copy, tb)]));
    copy.close();

    // Written after the backup: restoring takes the workspace back before it.
    writeParagraph(writers[0]!.doc, 'Écrit après la copie');
    await waitFor(() => storedMinutes(t.core.db, docName).includes('Écrit après la copie'), 5000, 'saved');
    const afterText = storedMinutes(t.core.db, docName);

    const restored = await call(t.hub, OWNER_TOKEN, 'backups.restore', { name: backup.name });
    expect(restored.restored.name).toBe(backup.name);
    expect(restored.safety.reason).toBe('before-restore');

    // Every member was disconnected with 4409 (reload), and a stock client does not come back
    // to push its newer copy over the restored one.
    await waitFor(() => writers.every((w) => w.closes.includes(CLOSE_RESTORED)), 5000, 'the 4409 closes');
    expect(writers.every((w) => !w.provider.wsconnected)).toBe(true);

    // Exactly the backup: the same rows, the same text.
    expect(updates(t.core.db).length).toBe(copiedUpdates);
    for (const tb of RELATIONAL) expect(tableRows(t.core.db, tb), tb).toEqual(copiedRelational[tb]);
    expect(storedMinutes(t.core.db, docName)).toBe(copiedText);
    expect(copiedText).not.toContain('Écrit après la copie');
    const fresh = await syncedClient(t.hub, docName, c.member.token);
    expect(minutesText(fresh.doc)).toBe(copiedText);

    // The state before the restore was kept: nothing is lost for good.
    const safety = new Database(join(backupsDir(t.dir), restored.safety.name), { readonly: true });
    defer(() => safety.close());
    expect(storedMinutes(safety, docName)).toBe(afterText);

    // And the workspace goes on: a new edit is saved and relayed.
    const again = await syncedClient(t.hub, docName, c.coChair.token);
    writeParagraph(again.doc, 'Après la restauration');
    await waitFor(() => minutesText(fresh.doc).includes('Après la restauration'), 5000, 'the new edit');
    expect(listBackups(t.dir).map((b) => b.reason)).toEqual(['before-restore', 'manual']);
  });

  it('lets co-chairs list and take backups; only the host restores; others may not', async () => {
    const t = await startTestHub({ core: { dailyBackups: false } });
    const c = await seedCommittee(t.hub);
    const made = await call(t.hub, c.coChair.token, 'backups.create', {});
    expect((await call(t.hub, c.coChair.token, 'backups.list', {})).map((b) => b.name)).toEqual([made.name]);
    for (const seat of [c.member, c.secretary, c.observer]) {
      expect((await post(t.hub, seat.token, 'backups.list', {})).status).toBe(403);
      expect((await post(t.hub, seat.token, 'backups.create', {})).status).toBe(403);
    }
    expect((await post(t.hub, c.coChair.token, 'backups.restore', { name: made.name })).status).toBe(403);
    expect(
      (await post(t.hub, OWNER_TOKEN, 'backups.restore', { name: '../coconstruct.sqlite' })).status,
    ).toBe(400);
    expect(
      (
        await post(t.hub, OWNER_TOKEN, 'backups.restore', {
          name: 'coconstruct-2020-01-01T00-00-00-000Z-manual.sqlite',
        })
      ).status,
    ).toBe(404);
  });

  it('refuses to restore a damaged backup and changes nothing', async () => {
    const t = await startTestHub({ core: { dailyBackups: false } });
    const c = await seedCommittee(t.hub);
    const made = await call(t.hub, OWNER_TOKEN, 'backups.create', {});
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(backupsDir(t.dir), made.name), Buffer.from('abîmé '.repeat(1000)));
    const answer = await post(t.hub, OWNER_TOKEN, 'backups.restore', { name: made.name });
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toMatch(/damaged/);
    expect((await call(t.hub, OWNER_TOKEN, 'committees.list', {})).map((x) => x.id)).toEqual([
      c.committee.id,
    ]);
  });
});

describe('automatic backups', () => {
  it('one a day, kept 30 days; manual ones are kept', async () => {
    const dir = tempDir();
    let now = new Date('2026-10-01T12:00:00Z');
    const open = () => openCore(dir, { now: () => now });
    const first = open();
    // An empty workspace has nothing to keep.
    expect(listBackups(dir)).toEqual([]);
    first.call(owner, 'committees.create', { name: 'Comité de gouvernance', area: 'governance' });
    await first.backup('manual');
    first.close();

    open().close();
    expect(
      listBackups(dir)
        .map((b) => b.reason)
        .sort(),
    ).toEqual(['daily', 'manual']);
    // The same day again: no second daily backup.
    now = new Date('2026-10-01T23:00:00Z');
    open().close();
    expect(listBackups(dir).filter((b) => b.reason === 'daily')).toHaveLength(1);

    now = new Date('2026-10-20T09:00:00Z');
    open().close();
    expect(
      listBackups(dir)
        .filter((b) => b.reason === 'daily')
        .map((b) => b.createdAt),
    ).toEqual(['2026-10-20T09:00:00.000Z', '2026-10-01T12:00:00.000Z']);
    // 31 days after the first: it goes; the manual backup stays.
    now = new Date('2026-11-01T13:00:00Z');
    open().close();
    expect(listBackups(dir).map((b) => `${b.reason} ${b.createdAt}`)).toEqual([
      'daily 2026-11-01T13:00:00.000Z',
      'daily 2026-10-20T09:00:00.000Z',
      'manual 2026-10-01T12:00:00.000Z',
    ]);
  });

  it('what a backup cut short left behind is removed at the next start; finished ones stay', async () => {
    const dir = tempDir();
    const core = openCore(dir, { dailyBackups: false });
    const made = await core.backup('manual');
    core.close();
    const { writeFileSync, readdirSync } = await import('node:fs');
    const cut = 'coconstruct-2026-11-22T05-00-00-000Z-daily.sqlite.partial';
    writeFileSync(join(backupsDir(dir), cut), 'à moitié écrit');
    writeFileSync(join(backupsDir(dir), `${cut}-journal`), 'à moitié écrit');
    expect(listBackups(dir).map((b) => b.name)).toEqual([made.name]);
    openCore(dir, { dailyBackups: false });
    expect(readdirSync(backupsDir(dir))).toEqual([made.name]);
  });

  it('one before each schema migration, as the database was', () => {
    const dir = tempDir();
    const v1 = openDatabase(dir, { migrateTo: 1 });
    v1.prepare(
      `INSERT INTO committees (id, name, area, mandate, created_at)
       VALUES ('c1', 'Comité de la recherche', 'research', '', '2025-01-01T00:00:00.000Z')`,
    ).run();
    v1.close();
    expect(listBackups(dir)).toEqual([]);

    const core = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN, dailyBackups: false });
    defer(() => core.close());
    const [before] = listBackups(dir);
    expect(before?.reason).toBe(`before-migration-v${LATEST_VERSION}`);
    const copy = new Database(join(backupsDir(dir), before!.name), { readonly: true });
    defer(() => copy.close());
    expect(copy.pragma('user_version', { simple: true })).toBe(1);
    expect(copy.prepare('SELECT name FROM committees').all()).toEqual([{ name: 'Comité de la recherche' }]);
    expect(core.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    // Up to date: no more.
    core.close();
    openCore(dir, { dailyBackups: false });
    expect(listBackups(dir)).toHaveLength(1);
    expect(DB_FILE).toBe('coconstruct.sqlite');
  });
});
