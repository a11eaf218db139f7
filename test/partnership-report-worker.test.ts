/**
 * The partnership report's export is filled where it is laid out: in the export worker, from the
 * database file through a read-only connection of its own (with the workspace's key when it is
 * encrypted). The main thread checks the caller and the period, brings the period's ledger up to
 * date (a write) and posts the committee and the period: no filled report crosses to the worker,
 * and this thread reads none of the report's data. Where there is no worker, the same file is
 * filled in this thread. Either way the file is the report that `report.get` fills, laid out.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { CoreOptions } from '../src/core';
import { exportPartnershipReport } from '../src/core/exports/partnership-report-files';
import type { WorkerJob } from '../src/core/exports/workers';
import { DB_FILE } from '../src/core/store/db';
import { DecisionsRepo } from '../src/core/store/decisions-repo';
import { LedgerRepo } from '../src/core/store/ledger-repo';
import type { Caller } from '../src/shared/domain';
import { runDeferred } from './helpers';
import { seededYear, type SeededYear } from './ledger-fixtures';

afterAll(runDeferred);

const owner: Caller = { kind: 'owner' };
const YEAR = { from: '2026-01-01', to: '2026-12-31' };

/** A short seeded year (three meetings) at a core with the export worker, unless `core` says otherwise. */
const shortYear = (core: Partial<CoreOptions> = {}) =>
  seededYear({ seed: 5, meetings: 3 }, { exportWorker: undefined, ...core });

/** What this thread reads to fill a report, and the jobs it posts to a worker thread. */
function watch() {
  const spies = {
    reportTexts: vi.spyOn(LedgerRepo.prototype, 'reportTexts'),
    contributions: vi.spyOn(LedgerRepo.prototype, 'contributions'),
    answerCounts: vi.spyOn(LedgerRepo.prototype, 'answerCounts'),
    registerContent: vi.spyOn(DecisionsRepo.prototype, 'registerContent'),
    replaceMeeting: vi.spyOn(LedgerRepo.prototype, 'replaceMeeting'),
    posted: vi.spyOn(Worker.prototype, 'postMessage'),
  };
  onTestFinished(() => Object.values(spies).forEach((s) => s.mockRestore()));
  return {
    ...spies,
    /** How many times this thread read the report's data (its written parts, rows, decisions, answers). */
    reads: () =>
      spies.reportTexts.mock.calls.length +
      spies.contributions.mock.calls.length +
      spies.answerCounts.mock.calls.length +
      spies.registerContent.mock.calls.length,
    jobs: () => spies.posted.mock.calls.map((c) => c[0] as WorkerJob),
  };
}

async function exportMd(y: SeededYear): Promise<string> {
  const file = await y.t.core.call(owner, 'report.export', {
    committeeId: y.seed.committeeId,
    ...YEAR,
    format: 'md',
  });
  expect(file.filename).toMatch(/\.md$/);
  return new TextDecoder().decode(file.data);
}

/** The report `report.get` fills in this thread, laid out as the export lays it out. */
async function filledHere(y: SeededYear): Promise<string> {
  const report = await y.t.core.call(owner, 'report.get', {
    committeeId: y.seed.committeeId,
    ...YEAR,
  });
  return new TextDecoder().decode(exportPartnershipReport(report, 'md', y.clock.now()).data);
}

async function withWrittenPart(y: SeededYear): Promise<void> {
  await y.t.core.call(owner, 'report.save', {
    committeeId: y.seed.committeeId,
    ...YEAR,
    texts: { aim: 'Écrit avant l’export : les proches aidants au cœur des décisions.' },
  });
}

describe('the partnership report is filled in the export worker', () => {
  it.each([
    ['a plain workspace', {}],
    [
      'an encrypted workspace, through its key',
      { key: 'une phrase de passe assez longue', dailyBackups: false },
    ],
  ] as const)(
    '%s: the worker is posted the period, not a report, and this thread reads none of it',
    async (_, core) => {
      const y = await shortYear(core);
      await withWrittenPart(y);
      const expected = await filledHere(y);
      const w = watch();
      const md = await exportMd(y);

      expect(w.reads()).toBe(0);
      const jobs = w.jobs();
      expect(jobs).toHaveLength(1);
      const { id, ...job } = jobs[0]!;
      expect(id).toEqual(expect.any(Number));
      expect(job).toEqual({
        dbFile: join(y.t.dir, DB_FILE),
        key: 'key' in core ? core.key : null,
        report: {
          committeeId: y.seed.committeeId,
          ...YEAR,
          format: 'md',
          now: y.clock.now().toISOString(),
        },
      });
      // The file is what the data says: the same report report.get fills, the written part in it.
      expect(md).toContain('les proches aidants au cœur des décisions');
      expect(md).toContain('Comité des usagers et des partenaires');
      expect(md).toBe(expected);
    },
    60_000,
  );

  it('the ledger is brought up to date in this thread before the worker reads it', async () => {
    const y = await shortYear();
    const before = await exportMd(y);
    // A ledger never computed (as after an upgrade): the worker's read-only connection could not compute it.
    y.t.core.db.exec('DELETE FROM contributions; DELETE FROM ledger_meetings;');
    const w = watch();
    const after = await exportMd(y);
    expect(w.replaceMeeting.mock.calls.map((c) => c[0]).sort()).toEqual(
      y.seed.meetings.map((m) => m.id).sort(),
    );
    expect(w.reads()).toBe(0);
    expect(after).toBe(before);
    expect(after).toBe(await filledHere(y));
  }, 60_000);

  it('without a worker (exportWorker: false), the same file is filled in this thread', async () => {
    const y = await shortYear({ exportWorker: false });
    await withWrittenPart(y);
    const expected = await filledHere(y);
    const w = watch();
    const md = await exportMd(y);
    expect(w.jobs()).toEqual([]);
    expect(w.reportTexts).toHaveBeenCalledTimes(1);
    expect(w.reads()).toBeGreaterThan(1);
    expect(md).toBe(expected);
  }, 60_000);

  it('a period the wrong way round is refused before anything is posted', async () => {
    const y = await shortYear();
    const w = watch();
    const refused = (async () =>
      y.t.core.call(owner, 'report.export', {
        committeeId: y.seed.committeeId,
        from: '2026-12-31',
        to: '2026-01-01',
        format: 'md',
      }))();
    await expect(refused).rejects.toMatchObject({ code: 'invalid_input' });
    expect(w.jobs()).toEqual([]);
    expect(w.replaceMeeting).not.toHaveBeenCalled();
  }, 60_000);
});
