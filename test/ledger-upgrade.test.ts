/**
 * A data folder written before the ledger existed gets it on upgrade: migration 6 adds its tables
 * (empty), and the first read computes every meeting's contributions from the data already there.
 * Later migrations (7–9) make rolling a folder back to schema 5 impractical, so the test empties
 * the ledger's tables, which is the state migration 6 leaves.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SeedClock, seedYear } from '../scripts/seed-year';
import { Core } from '../src/core';
import { DB_FILE } from '../src/core/store/db';
import { OWNER_TOKEN, defer, runDeferred, tempDir } from './helpers';
import { asTotals } from './ledger-fixtures';

afterEach(runDeferred);

describe('upgrading a data folder to the ledger', () => {
  it('computes the ledger of meetings held before the upgrade', async () => {
    const dir = tempDir();
    const clock = new SeedClock();
    const before = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN, now: clock.now, exportWorker: false });
    const seed = seedYear(before, clock, { seed: 3, meetings: 2 });
    before.close();

    // As migration 6 leaves a folder of the version before the ledger: its tables there, empty.
    const raw = new Database(join(dir, DB_FILE));
    raw.exec(`DELETE FROM contributions; DELETE FROM ledger_meetings;`);
    raw.close();

    const core = Core.open({ dataDir: dir, ownerToken: OWNER_TOKEN, exportWorker: false });
    defer(() => core.close());
    expect(core.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(6);
    expect(core.db.prepare('SELECT COUNT(*) AS n FROM contributions').get()).toEqual({ n: 0 });
    for (const { member } of seed.members) {
      const page = await core.call({ kind: 'owner' }, 'ledger.member', { memberId: member.id });
      expect(page.totals, member.name).toEqual(asTotals(seed.byMember[member.id]!));
    }
    expect(
      (core.db.prepare('SELECT COUNT(*) AS n FROM contributions').get() as { n: number }).n,
    ).toBeGreaterThan(50);
  });
});
