/**
 * Helpers shared by the tests of the partnership ledger and reports: a seeded committee year at a
 * real hub (scripts/seed-year.ts, through the core's API, on a clock of its own), and the seed's
 * own record read in the ledger's words.
 */
import { SeedClock, seedYear, type SeedOptions, type SeedResult, type SeedTally } from '../scripts/seed-year';
import type { ContributionKind, VoiceGroup } from '../src/shared/ledger';
import { VOICE_GROUP_OF } from '../src/shared/ledger';
import type { CoreOptions } from '../src/core';
import { startTestHub, type TestHub } from './helpers';

/** Which ledger kind each of the seed's counts is. */
export const KIND_OF: Record<keyof SeedTally, ContributionKind> = {
  speakingTurns: 'speaking-turn',
  speakingSeconds: 'speaking-seconds',
  agendaItemsProposed: 'agenda-item-proposed',
  decisionsProposed: 'decision-proposed',
  positions: 'position-taken',
  votes: 'vote-cast',
  decisionsSpoken: 'decision-spoken',
  comments: 'comment',
  minutesInserted: 'minutes-inserted',
  minutesDeleted: 'minutes-deleted',
  minutesSurviving: 'minutes-surviving',
};

/** A seed tally as the ledger's totals (every kind). */
/** The seed says partners acted on an item: spoke, wrote text that stands, proposed, took a position or commented. */
export function partnersActed(
  tally: Record<string, SeedTally>,
  groupOf: (memberId: string) => string,
): boolean {
  return Object.entries(tally).some(
    ([id, t]) =>
      groupOf(id) === 'partners' &&
      t.speakingTurns +
        t.minutesSurviving +
        t.agendaItemsProposed +
        t.decisionsProposed +
        t.positions +
        t.comments >
        0,
  );
}

export function asTotals(t: SeedTally): Record<ContributionKind, number> {
  return Object.fromEntries(
    (Object.keys(KIND_OF) as (keyof SeedTally)[]).map((k) => [KIND_OF[k], t[k]]),
  ) as Record<ContributionKind, number>;
}

export interface SeededYear {
  t: TestHub;
  clock: SeedClock;
  seed: SeedResult;
  /** The token of the member named `name`. */
  token(name: string): string;
  id(name: string): string;
  groupOf(memberId: string): VoiceGroup;
}

/**
 * A real hub over a fresh data folder, and a committee year made in it by the seed script. The
 * exports are done in the calling thread unless `core` says otherwise (`exportWorker: undefined`:
 * the export worker, run from the sources).
 */
export async function seededYear(
  opts: SeedOptions = {},
  core: Partial<CoreOptions> = {},
): Promise<SeededYear> {
  const clock = new SeedClock();
  const t = await startTestHub({ core: { now: clock.now, exportWorker: false, ...core } });
  const seed = seedYear(t.core, clock, { seed: 7, ...opts });
  const seat = (name: string) => {
    const s = seed.members.find((m) => m.member.name === name);
    if (!s) throw new Error(`No member named ${name} in the seed`);
    return s;
  };
  const kinds = new Map(seed.members.map((s) => [s.member.id, s.member.kind]));
  return {
    t,
    clock,
    seed,
    token: (name) => seat(name).token,
    id: (name) => seat(name).member.id,
    groupOf: (memberId) => VOICE_GROUP_OF[kinds.get(memberId)!],
  };
}
