/** The SQLite store: pragmas, versioned migrations, refusal of a newer schema, hashed tokens. */
import Database from 'better-sqlite3-multiple-ciphers';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../src/core';
import { DB_FILE, openDatabase } from '../src/core/store/db';
import { LATEST_VERSION } from '../src/core/store/migrations';
import { OWNER_TOKEN, defer, openCore, runDeferred, tempDir } from './helpers';

afterEach(runDeferred);

const tables = (db: Database.Database): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe('openDatabase', () => {
  it('opens in WAL mode with foreign keys enforced', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    defer(() => db.close());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);

    // Foreign keys are not just declared but enforced: a member of no committee is refused.
    expect(() =>
      db
        .prepare(
          `INSERT INTO members (id, committee_id, name, kind, role, engagement_level, joined_at)
           VALUES ('m1', 'no-such-committee', 'X', 'citizen', 'member', 'information', '2026-01-01')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);

    // WAL is a property of the file: another connection sees it too.
    const other = new Database(join(dir, DB_FILE), { readonly: true });
    defer(() => other.close());
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('upgrades a version-1 database to the latest version, keeping its rows', () => {
    expect(LATEST_VERSION).toBeGreaterThan(1);
    const dir = tempDir();
    const v1 = openDatabase(dir, { migrateTo: 1 });
    expect(v1.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(v1)).toContain('committees');
    expect(tables(v1)).not.toContain('doc_updates');
    v1.prepare(
      `INSERT INTO committees (id, name, area, mandate, created_at)
       VALUES ('c1', 'Comité de la recherche', 'research', 'Co-construire les projets', '2025-01-01T00:00:00.000Z')`,
    ).run();
    v1.close();

    const db = openDatabase(dir);
    defer(() => db.close());
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'committees',
        'members',
        'meetings',
        'doc_updates',
        'doc_snapshots',
        'doc_clients',
      ]),
    );
    expect(db.prepare('SELECT id, name, area, mandate FROM committees').all()).toEqual([
      { id: 'c1', name: 'Comité de la recherche', area: 'research', mandate: 'Co-construire les projets' },
    ]);

    // Reopening an up-to-date database changes nothing.
    db.close();
    const again = openDatabase(dir);
    defer(() => again.close());
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(again.prepare('SELECT COUNT(*) AS n FROM committees').get()).toEqual({ n: 1 });
  });

  it('refuses a database written by a newer version, with a clear error, and leaves it untouched', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const raw = new Database(join(dir, DB_FILE));
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();

    expect(() => openDatabase(dir)).toThrow(/newer Coconstruct.*Update the app/);
    expect(() => Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN })).toThrow(/newer Coconstruct/);

    // The refused file is let go of: no connection is left open on it (none of its -wal/-shm).
    expect(readdirSync(dir)).toEqual([DB_FILE]);
    const after = new Database(join(dir, DB_FILE), { readonly: true });
    defer(() => after.close());
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
  });

  it('refuses a file that is not a database, and leaves it as it was', () => {
    const dir = tempDir();
    const junk = Buffer.from(
      'These are the minutes of a meeting, saved as plain text by mistake.\n'.repeat(100),
    );
    writeFileSync(join(dir, DB_FILE), junk);
    expect(() => openDatabase(dir)).toThrow(/not a database/);
    expect(readdirSync(dir)).toEqual([DB_FILE]);
    expect(readFileSync(join(dir, DB_FILE))).toEqual(junk);
  });
});

describe('member tokens', () => {
  it('are stored only as a hash, never in clear, and still work after a restart', () => {
    const dir = tempDir();
    const core = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN });
    const owner = { kind: 'owner' } as const;
    const committee = core.call(owner, 'committees.create', {
      name: 'Comité de gouvernance',
      area: 'governance',
    });
    const { member, token } = core.call(owner, 'members.add', {
      committeeId: committee.id,
      name: 'Élise Partenaire',
      kind: 'patient-partner',
      role: 'member',
      engagementLevel: 'collaboration',
    });
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(member)).not.toContain(token);

    // While open, the token may only have reached the WAL: look at every file of the database.
    const files = [DB_FILE, `${DB_FILE}-wal`].map((f) => join(dir, f)).filter((f) => existsSync(f));
    for (const f of files) expect(readFileSync(f).includes(token), f).toBe(false);

    const row = core.db.prepare('SELECT * FROM members WHERE id = ?').get(member.id) as Record<
      string,
      unknown
    >;
    expect(Object.values(row)).not.toContain(token);
    const link = core.db.prepare('SELECT * FROM member_tokens WHERE member_id = ?').get(member.id) as Record<
      string,
      unknown
    >;
    expect(Object.values(link)).not.toContain(token);
    expect(link.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    core.close();

    const bytes = readFileSync(join(dir, DB_FILE));
    expect(bytes.includes(token)).toBe(false);
    expect(bytes.includes(Buffer.from(token).toString('base64'))).toBe(false);

    // The hash is enough to recognise the member after a restart.
    const reopened = openCore(dir);
    expect(reopened.authenticate(token)).toMatchObject({
      kind: 'member',
      memberId: member.id,
      role: 'member',
    });
    expect(reopened.authenticate(`${token}x`)).toBeNull();
  });
});
