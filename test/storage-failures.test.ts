/**
 * When the data folder cannot be used: a damaged file, a read-only folder, a database held by
 * another program, a full disk. Each is said plainly, nothing crashes, nothing is lost, and a
 * damaged file is never written to.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { chmodSync, mkdirSync, readFileSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core, StorageError } from '../src/core';
import { listBackups } from '../src/core/store/backups';
import { DB_FILE } from '../src/core/store/db';
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
  within,
  writeParagraph,
} from './helpers';
import { fingerprints, runCli } from './storage-helpers';

afterEach(runDeferred);

const owner = { kind: 'owner' } as const;

/** A workspace with a committee in it, closed, and one backup of it. */
async function workspaceWithBackup(): Promise<{ dir: string; backup: string }> {
  const dir = tempDir();
  const core = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN, dailyBackups: false });
  core.call(owner, 'committees.create', { name: 'Comité de gouvernance', area: 'governance' });
  const backup = await core.backup('manual');
  core.close();
  return { dir, backup: backup.name };
}

function openError(dir: string, opts: { key?: string; busyTimeoutMs?: number } = {}): StorageError {
  try {
    Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN, dailyBackups: false, ...opts }).close();
  } catch (err) {
    expect(err).toBeInstanceOf(StorageError);
    return err as StorageError;
  }
  throw new Error('the data folder opened');
}

describe('a damaged database file', () => {
  it.each([
    [
      'garbage bytes',
      (file: string) =>
        writeFileSync(file, Buffer.from('Procès-verbal enregistré en texte par erreur.\n'.repeat(200))),
    ],
    ['a header cut short', (file: string) => truncateSync(file, 60)],
    [
      'a database cut in half',
      (file: string) => {
        // Make it big enough to span many pages, then cut it.
        const db = new Database(file);
        db.exec('CREATE TABLE filler (x TEXT)');
        const insert = db.prepare('INSERT INTO filler VALUES (?)');
        for (let i = 0; i < 200; i++) insert.run(`Ligne ${i} `.repeat(50));
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
        truncateSync(file, Math.floor(readFileSync(file).length / 2));
      },
    ],
  ])(
    '(%s) is refused, named, with the backups to restore, and left byte for byte',
    async (_label, damage) => {
      const { dir, backup } = await workspaceWithBackup();
      const file = join(dir, DB_FILE);
      damage(file);
      const before = fingerprints(dir);

      const err = openError(dir);
      expect(err.problem).toBe('corrupt');
      expect(err.file).toBe(file);
      expect(err.message).toContain(file);
      expect(err.message).toMatch(/left exactly as it is/);
      expect(err.message).toMatch(/restore a backup/i);
      expect(err.message).toContain(backup);
      expect(err.backups).toEqual([backup]);

      // Nothing was written: the same files, the same bytes, no WAL or journal beside it.
      expect(fingerprints(dir)).toEqual(before);
    },
  );

  it('the hub CLI says which file and what to do, exits with 1, and changes nothing', async () => {
    const { dir, backup } = await workspaceWithBackup();
    writeFileSync(join(dir, DB_FILE), Buffer.from('pas une base de données\n'.repeat(300)));
    const before = fingerprints(dir);
    const cli = runCli(['--port', '0', '--data', dir, '--token', 'cli-owner-secret-42']);
    expect(await within(cli.exit, 20_000, 'the CLI to exit')).toBe(1);
    expect(cli.stderr()).toContain(join(dir, DB_FILE));
    expect(cli.stderr()).toMatch(/damaged/);
    expect(cli.stderr()).toContain(backup);
    expect(cli.stdout()).not.toMatch(/listening on/);
    expect(fingerprints(dir)).toEqual(before);
  });
});

describe('a read-only data folder', () => {
  it('the hub CLI says the folder cannot be written to and exits with 1', async () => {
    const { dir } = await workspaceWithBackup();
    const before = fingerprints(dir);
    // Root may write anywhere, whatever the permissions: then the hub runs as "nobody", for whom
    // the folder (owned by root, r-x for others) is truly read-only.
    const asRoot = process.getuid?.() === 0;
    const parent = tempDir();
    const data = join(parent, 'data');
    mkdirSync(data);
    for (const [rel] of Object.entries(before)) {
      if (rel.includes('/')) continue;
      writeFileSync(join(data, rel), readFileSync(join(dir, rel)));
      chmodSync(join(data, rel), 0o644);
    }
    chmodSync(parent, 0o755);
    chmodSync(data, 0o555);
    defer(() => chmodSync(data, 0o755));
    const cli = runCli(
      ['--port', '0', '--data', data, '--token', 'cli-owner-secret-42'],
      asRoot ? { uid: 65534, gid: 65534, env: { HOME: parent } } : {},
    );
    expect(await within(cli.exit, 20_000, 'the CLI to exit')).toBe(1);
    expect(cli.stderr()).toMatch(/read-only/);
    expect(cli.stderr()).toMatch(/cannot be written to/);
    expect(cli.stdout()).not.toMatch(/listening on/);
    expect(fingerprints(data)).toEqual(
      Object.fromEntries(Object.entries(before).filter(([rel]) => !rel.includes('/'))),
    );
  });
});

describe('a database held by another program', () => {
  it('is reported as in use, not as damaged; it opens once the other lets go', async () => {
    const { dir } = await workspaceWithBackup();
    const other = new Database(join(dir, DB_FILE));
    defer(() => other.open && other.close());
    other.pragma('journal_mode = WAL');
    other.exec('BEGIN EXCLUSIVE');
    other
      .prepare(
        "INSERT INTO committees (id, name, area, created_at) VALUES ('x', 'Autre', 'research', '2026-01-01')",
      )
      .run();

    const err = openError(dir, { busyTimeoutMs: 100 });
    expect(err.problem).toBe('locked');
    expect(err.message).toMatch(/in use by another program/);

    other.exec('ROLLBACK');
    other.close();
    const core = openCore(dir, { dailyBackups: false });
    expect(core.call(owner, 'committees.list', {}).map((c) => c.name)).toEqual(['Comité de gouvernance']);
  });
});

describe('a full disk', () => {
  it('refuses an edit and an API write clearly; nothing acknowledged is lost; all resumes once there is room', async () => {
    const t = await startTestHub({ core: { dailyBackups: false } });
    const c = await seedCommittee(t.hub);
    const docName = c.meeting.docName;
    const amina = await syncedClient(t.hub, docName, c.coChair.token);
    const bruno = await syncedClient(t.hub, docName, c.member.token);
    const reasons: string[] = [];
    amina.provider.on('connection-close', (e) => reasons.push(e?.reason ?? ''));
    writeParagraph(amina.doc, 'Avant que le disque soit plein');
    await waitFor(() => minutesText(bruno.doc).includes('Avant que'), 5000, 'Bruno to see the text');

    // SQLite may not grow the file any more: its writes fail with SQLITE_FULL, as on a full disk.
    const pages = t.core.db.pragma('page_count', { simple: true }) as number;
    t.core.db.pragma(`max_page_count = ${pages}`);
    const long = 'Texte trop long pour le disque. '.repeat(400);
    let brunoSawIt = false;
    bruno.doc.on('update', () => {
      if (minutesText(bruno.doc).includes('Texte trop long')) brunoSawIt = true;
    });

    // An edit through a stock y-websocket client: refused, and the peers are told why.
    writeParagraph(amina.doc, long);
    await waitFor(() => amina.closes.includes(1011) && bruno.closes.includes(1011), 5000, '1011 to both');
    expect(reasons).toContain('storage:full');
    expect(brunoSawIt).toBe(false);
    expect(minutesText(t.core.docStore.load(docName))).toBe('Avant que le disque soit plein');

    // An API write: a clear error, with the problem for the app to say; nothing changed.
    const committeesBefore = await call(t.hub, OWNER_TOKEN, 'committees.list', {});
    const refused = await post(t.hub, OWNER_TOKEN, 'committees.create', {
      name: 'Comité de la recherche',
      area: 'research',
      mandate: 'Un mandat très long. '.repeat(230),
    });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'storage', storage: 'full' });
    expect(refused.body.error.message).toMatch(/disk is full/);
    expect(await call(t.hub, OWNER_TOKEN, 'committees.list', {})).toEqual(committeesBefore);

    // An API edit of a document (a draft decision): refused the same way; no draft appears.
    const drafted = await post(t.hub, c.coChair.token, 'decisions.draft', {
      meetingId: c.meeting.id,
      title: 'Adopter la politique d’accueil',
      text: 'Le comité adopte la politique d’accueil. '.repeat(400),
    });
    expect(drafted.status).toBe(503);
    expect(drafted.body.error).toMatchObject({ code: 'storage', storage: 'full' });
    expect(t.core.docStore.load(docName).getArray('decisions').length).toBe(0);

    // Room again: Amina's client, which kept her paragraph, sends it again; everyone has it.
    t.core.db.pragma('max_page_count = 1073741823');
    await waitFor(
      () => minutesText(bruno.doc).includes('Texte trop long'),
      15_000,
      'the paragraph to arrive',
    );
    await waitFor(
      () => minutesText(t.core.docStore.load(docName)).includes('Texte trop long'),
      5000,
      'saved',
    );
    expect(minutesText(t.core.docStore.load(docName))).toBe(`Avant que le disque soit plein\n${long}`);
    expect(existsSync(t.dir)).toBe(true);
  });
});

describe('backups named in messages', () => {
  it('are listed newest first', async () => {
    const { dir, backup } = await workspaceWithBackup();
    expect(listBackups(dir).map((b) => b.name)).toEqual([backup]);
  });
});
