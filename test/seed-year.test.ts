/**
 * The seed script makes the same year from the same seed (the same acts by the same people; only
 * the generated ids differ), and another year from another seed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SeedClock, seedYear, type SeedResult } from '../scripts/seed-year';
import { openCore, runDeferred, tempDir } from './helpers';

afterEach(runDeferred);

function run(seed: number): SeedResult {
  const clock = new SeedClock();
  const core = openCore(tempDir(), { now: clock.now, exportWorker: false });
  return seedYear(core, clock, { seed, meetings: 2 });
}

/** What each member did, by name, and the agenda in order. */
const byName = (r: SeedResult) => ({
  members: Object.fromEntries(r.members.map(({ member }) => [member.name, r.byMember[member.id]])),
  items: r.items.map((i) => [i.title, i.sought, i.purpose, i.quiet, i.decisions.map((d) => d.influence)]),
  questionnaire: r.questionnaire.values,
});

describe('scripts/seed-year.ts', () => {
  it('is deterministic from its seed', () => {
    const a = byName(run(5));
    expect(byName(run(5))).toEqual(a);
    expect(byName(run(6))).not.toEqual(a);
    expect(Object.values(a.members).some((t) => t!.speakingSeconds > 0)).toBe(true);
  }, 120_000);
});
