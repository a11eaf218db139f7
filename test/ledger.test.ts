/**
 * The partnership ledger on a realistic committee year made by scripts/seed-year.ts (through the
 * core's API, with each member's own token), read back through the hub: every member's figures,
 * per meeting and per period, equal what the seed did; a rebuild from the raw data gives the same
 * rows as the ledger kept up to date; secret votes never appear; the influence views, the balance
 * of voice, "how your input was used", the questionnaire's anonymity and the roles.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  inSlices,
  rebuildCommittee,
  refreshCommittee,
  refreshCommitteeSliced,
} from '../src/core/services/ledger-compute';
import { coreStores, periodMeetings, readingScope } from '../src/core/services/ledger-views';
import type { ServiceContext } from '../src/core/services/context';
import type { Contribution, ContributionKind, VoiceGroup } from '../src/shared/ledger';
import { ENGAGEMENT_LEVELS } from '../src/shared/domain';
import { INFLUENCE_LEVELS } from '../src/shared/decisions';
import {
  QUESTIONNAIRE_MIN_COUNT,
  QUESTIONNAIRE_OPEN_DAYS,
  QUESTIONNAIRE_QUESTIONS,
  VOICE_GROUPS,
  type QuestionnaireResults,
} from '../src/shared/ledger';
import { emptyTally, type SeedTally } from '../scripts/seed-year';
import { OWNER_TOKEN, call, post, runDeferred, seedCommittee, syncedClient, waitFor } from './helpers';
import { expectError } from './fixtures';
import { asTotals, partnersActed, seededYear, type SeededYear } from './ledger-fixtures';
import { writeInSection } from './minutes-fixtures';
import { en } from '../src/renderer/src/locales/en';
import { fr } from '../src/renderer/src/locales/fr';

let y: SeededYear;
/** The seed's clock when it was done: just after its last meeting. */
let seedEnd: string;

beforeAll(async () => {
  y = await seededYear();
  seedEnd = y.clock.now().toISOString();
}, 180_000);
afterAll(runDeferred);

const sumTallies = (tallies: SeedTally[]): SeedTally => {
  const out = emptyTally();
  for (const t of tallies) for (const k of Object.keys(out) as (keyof SeedTally)[]) out[k] += t[k];
  return out;
};

const allRows = async (token = OWNER_TOKEN): Promise<Contribution[]> => {
  const r = await call(y.t.hub, token, 'ledger.contributions', {
    committeeId: y.seed.committeeId,
    limit: 100_000,
  });
  expect(r.items.length).toBe(r.total);
  return r.items;
};

/** Rows as comparable strings, in a stable order. */
const canon = (rows: Contribution[]) =>
  rows
    .map((r) => `${r.meetingId}|${r.memberId}|${r.agendaItemId}|${r.kind}|${r.quantity}|${r.at}|${r.source}`)
    .sort();

/** The questionnaire as the seed answered it: answers per meeting, and when each closes. */
const answersAt = (meetingId: string) => y.seed.questionnaire.perMeeting[meetingId] ?? 0;
const closes = (meetingId: string) => Date.parse(y.seed.questionnaire.closesAt[meetingId]!);
/** A moment when every questionnaire of the seeded year has closed. */
const afterAll_ = '2027-02-01T12:00:00.000Z';

/**
 * What `questionnaire.results` should say at `now` over `meetings`, from the seed's own record: a
 * meeting counts once closed and from the minimum count of answers of its own.
 */
function expected(meetings: SeededYear['seed']['meetings'], now: number) {
  const closed = meetings.filter((m) => closes(m.id) <= now);
  const counting = closed.filter((m) => answersAt(m.id) >= QUESTIONNAIRE_MIN_COUNT);
  const below = closed.filter((m) => answersAt(m.id) > 0 && answersAt(m.id) < QUESTIONNAIRE_MIN_COUNT);
  const open = meetings.filter((m) => closes(m.id) > now);
  const sumOf = (ms: typeof meetings) => ms.reduce((n, m) => n + answersAt(m.id), 0);
  // Per statement (one may be skipped), a counted meeting's answers count only from the minimum.
  const withheld: Record<string, number> = {};
  const distribution = Object.fromEntries(
    QUESTIONNAIRE_QUESTIONS.map((q) => {
      const d: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
      withheld[q] = 0;
      for (const m of counting) {
        const values = y.seed.questionnaire.valuesPerMeeting[m.id]![q];
        if (values.length < QUESTIONNAIRE_MIN_COUNT) withheld[q] += values.length;
        else for (const v of values) d[String(v)]!++;
      }
      return [q, d];
    }),
  );
  return {
    count: sumOf(meetings),
    counted: sumOf(counting),
    meetingsCounted: counting.length,
    shown: counting.length > 0,
    belowMinimum: { meetings: below.length, answers: sumOf(below) },
    notClosed: { meetings: open.length, answers: sumOf(open) },
    nextClosesAt: open.length ? new Date(Math.min(...open.map((m) => closes(m.id)))).toISOString() : null,
    distribution,
    withheld,
  };
}

function expectResults(r: QuestionnaireResults, e: ReturnType<typeof expected>) {
  const { distribution, withheld, ...rest } = e;
  expect(r).toMatchObject({ ...rest, minimum: QUESTIONNAIRE_MIN_COUNT, openDays: QUESTIONNAIRE_OPEN_DAYS });
  if (!e.shown) expect(r.questions).toBeNull();
  else
    for (const q of QUESTIONNAIRE_QUESTIONS) {
      expect(r.questions![q].distribution, q).toEqual(distribution[q]);
      expect(r.questions![q].withheld, q).toBe(withheld[q]);
      const values = Object.entries(distribution[q]!).flatMap(([v, n]) => Array<number>(n).fill(Number(v)));
      expect(r.questions![q].mean, q).toBeCloseTo(
        values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0,
        9,
      );
    }
}

/**
 * Runs `work`, counting the turns of the event loop that ran meanwhile, and checks that a question
 * through the hub is answered before it ends.
 */
async function whileOthersAreAnswered<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let working = true;
  const count = () => {
    if (!working) return;
    turns++;
    setImmediate(count);
  };
  setImmediate(count);
  const done = work().finally(() => {
    working = false;
  });
  const answered = await call(y.t.hub, OWNER_TOKEN, 'committees.list', {});
  expect(working).toBe(true);
  expect(answered.length).toBeGreaterThan(0);
  return { value: await done, turns };
}

describe('the ledger of a seeded committee year', () => {
  it('has, for every member, the figures the seed recorded: over the year, per meeting, per period', async () => {
    const { seed } = y;
    expect(seed.meetings).toHaveLength(12);
    expect(seed.members).toHaveLength(12);
    for (const { member } of seed.members) {
      const page = await call(y.t.hub, OWNER_TOKEN, 'ledger.member', { memberId: member.id });
      expect(page.totals, member.name).toEqual(asTotals(seed.byMember[member.id]!));
      expect(page.member.mandate).toBe(member.mandate);
      expect(page.member.engagementLevel).toBe(member.engagementLevel);
      const attended = seed.meetings.filter((m) =>
        ['present', 'remote'].includes(m.attendance[member.id]!),
      ).length;
      expect(page.attended, member.name).toBe(attended);
      expect(page.months).toHaveLength(12);
      // Month by month, the page adds up to the year.
      const sum: Record<string, number> = {};
      for (const m of page.months) for (const [k, v] of Object.entries(m.totals)) sum[k] = (sum[k] ?? 0) + v;
      expect(sum).toEqual(page.totals);
      // The decisions they took part in (proposed, took a position, named vote, spoke to it), with
      // the influence the seed recorded on each.
      const theirs = seed.items.flatMap((i) => {
        const t = i.tally[member.id];
        return t && t.decisionsProposed + t.positions + t.votes + t.decisionsSpoken > 0 ? i.decisions : [];
      });
      expect(page.decisions.map((d) => `${d.decisionId} ${d.influence}`).sort(), member.name).toEqual(
        theirs.map((d) => `${d.id} ${d.influence}`).sort(),
      );
      expect(page.decisionCount, member.name).toBe(theirs.length);
    }
    // A part of a member's decisions, as the page asks for them: the same page, its decisions cut
    // where asked, and how many there are in all.
    const amina = y.id('Amina Tremblay');
    const whole = await call(y.t.hub, OWNER_TOKEN, 'ledger.member', { memberId: amina });
    expect(whole.decisions.length).toBeGreaterThan(5);
    const part = await call(y.t.hub, OWNER_TOKEN, 'ledger.member', {
      memberId: amina,
      offset: 2,
      limit: 3,
    });
    expect(part.decisions).toEqual(whole.decisions.slice(2, 5));
    expect(part.decisionCount).toBe(whole.decisions.length);
    expect({ ...part, decisions: [] }).toEqual({ ...whole, decisions: [] });
    // The seed's co-chair did real work: the test is not comparing zeros.
    expect(seed.byMember[y.id('Amina Tremblay')]!.speakingSeconds).toBeGreaterThan(600);
    // Votes cast and text typed then deleted are among what the pages count, and the seed did both.
    expect(seed.byMember[y.id('Louise Bouchard')]!.votes).toBeGreaterThan(0);
    expect(Object.values(seed.byMember).some((t) => t.minutesDeleted > 0)).toBe(true);

    for (const m of seed.meetings) {
      const summary = await call(y.t.hub, y.token('Chloé Pelletier'), 'ledger.meeting', { meetingId: m.id });
      for (const row of summary.members)
        expect(row.totals, `${row.name} at ${m.title}`).toEqual(
          asTotals(seed.byMeeting[m.id]![row.memberId]!),
        );
      // Per agenda item, what the seed did on each.
      for (const item of summary.items!) {
        const expected = seed.items.find((i) => i.itemId === item.itemId)!;
        for (const [memberId, t] of Object.entries(expected.tally)) {
          expect(item.members[memberId]?.['speaking-seconds'] ?? 0).toBe(t.speakingSeconds);
          expect(item.members[memberId]?.['minutes-surviving'] ?? 0).toBe(t.minutesSurviving);
          expect(item.members[memberId]?.['comment'] ?? 0).toBe(t.comments);
        }
      }
    }

    // The first quarter only.
    const quarter = seed.meetings.filter((m) => m.startsAt < '2026-04-01');
    expect(quarter).toHaveLength(3);
    const q = await call(y.t.hub, OWNER_TOKEN, 'ledger.committee', {
      committeeId: seed.committeeId,
      from: '2026-01-01',
      to: '2026-03-31',
    });
    for (const row of q.members)
      expect(row.totals, row.name).toEqual(
        asTotals(sumTallies(quarter.map((m) => seed.byMeeting[m.id]![row.memberId]!))),
      );
  });

  it('rebuilds from the raw data to the same rows, and keeps up with a new edit without a rebuild', async () => {
    const before = await allRows();
    expect(before.length).toBeGreaterThan(500);
    const rebuilt = await call(y.t.hub, y.token('Chloé Pelletier'), 'ledger.rebuild', {
      committeeId: y.seed.committeeId,
    });
    expect(rebuilt).toEqual({ meetings: 12, rows: before.length });
    expect(canon(await allRows())).toEqual(canon(before));

    // Louise types in the last meeting's minutes from her own browser (a stock y-websocket client).
    const last = y.seed.meetings[11]!;
    const item = y.seed.items.find((i) => i.meetingId === last.id && !i.quiet)!;
    const louise = y.id('Louise Bouchard');
    const pageBefore = await call(y.t.hub, y.token('Louise Bouchard'), 'ledger.member', { memberId: louise });
    const client = await syncedClient(y.t.hub, `meeting:${last.id}`, y.token('Louise Bouchard'));
    const added = ' Ajout de Louise : précisions sur l’échéancier.';
    writeInSection(client.doc, item.itemId, added);
    await waitFor(
      async () =>
        (await call(y.t.hub, y.token('Louise Bouchard'), 'ledger.member', { memberId: louise })).totals[
          'minutes-surviving'
        ] ===
        pageBefore.totals['minutes-surviving'] + added.length,
      5000,
      'Louise’s text to count in her ledger',
    );
    // What the other checks of this file expect now counts her text too.
    for (const t of [
      y.seed.byMember[louise]!,
      y.seed.byMeeting[last.id]![louise]!,
      (item.tally[louise] ??= emptyTally()),
    ]) {
      t.minutesInserted += added.length;
      t.minutesSurviving += added.length;
    }
    expect((await call(y.t.hub, OWNER_TOKEN, 'ledger.member', { memberId: louise })).totals).toEqual(
      asTotals(y.seed.byMember[louise]!),
    );
    const after = await allRows();
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    await call(y.t.hub, OWNER_TOKEN, 'ledger.rebuild', { committeeId: y.seed.committeeId });
    expect(canon(await allRows())).toEqual(canon(after));

    // Lost rows (a damaged table) come back with a rebuild: the ledger is only derived data.
    y.t.core.db.prepare('DELETE FROM contributions WHERE committee_id = ?').run(y.seed.committeeId);
    await call(y.t.hub, OWNER_TOKEN, 'ledger.rebuild', { committeeId: y.seed.committeeId });
    expect(canon(await allRows())).toEqual(canon(after));
  });

  it('lets others be answered between meetings while it rebuilds, and gives the same rows', async () => {
    const before = canon(await allRows());
    const ctx = (y.t.core as unknown as { parts: { ctx: ServiceContext } }).parts.ctx;
    // Turns of the event loop that ran while the rebuild was under way (with slices of 0 ms: a
    // turn before each meeting), and a question through the hub, answered before it ended.
    const rebuild = await whileOthersAreAnswered(() => rebuildCommittee(ctx, y.seed.committeeId, 0));
    expect(rebuild.value).toEqual({ meetings: 12, rows: before.length });
    expect(rebuild.turns).toBeGreaterThanOrEqual(12);
    expect(canon(await allRows())).toEqual(before);
  });

  it('brings a period up to date in slices, letting others be answered, and checks nothing again until a write', async () => {
    const before = canon(await allRows());
    const ctx = (y.t.core as unknown as { parts: { ctx: ServiceContext } }).parts.ctx;
    // Every meeting's rows seen as out of date (as after an upgrade): recomputed by the refresh.
    y.t.core.db.prepare("UPDATE ledger_meetings SET source_mark = 'stale'").run();
    const refresh = await whileOthersAreAnswered(() =>
      refreshCommitteeSliced(ctx, y.seed.committeeId, undefined, 0),
    );
    expect(refresh.turns).toBeGreaterThanOrEqual(12);
    expect(canon(await allRows())).toEqual(before);
    const marks = () =>
      y.t.core.db.prepare("SELECT COUNT(*) AS n FROM ledger_meetings WHERE source_mark = 'stale'").get();
    expect(marks()).toEqual({ n: 0 });

    // Nothing written since: the next refresh does not look at the meetings' sources again.
    const looked = vi.spyOn(ctx.ledger, 'sourceMark');
    try {
      refreshCommittee(ctx, y.seed.committeeId);
      expect(looked).not.toHaveBeenCalled();
      // A write (here a mark made stale): every meeting is checked again, and that one recomputed.
      y.t.core.db
        .prepare("UPDATE ledger_meetings SET source_mark = 'stale' WHERE meeting_id = ?")
        .run(y.seed.meetings[0]!.id);
      refreshCommittee(ctx, y.seed.committeeId);
      expect(looked).toHaveBeenCalledTimes(12);
    } finally {
      looked.mockRestore();
    }
    expect(marks()).toEqual({ n: 0 });
    expect(canon(await allRows())).toEqual(before);
  });

  it('reads a period a meeting at a time as one query of it reads it, in the same order', async () => {
    const ctx = (y.t.core as unknown as { parts: { ctx: ServiceContext } }).parts.ctx;
    const stores = coreStores(ctx);
    const committee = ctx.repos.getCommittee(y.seed.committeeId)!;
    for (const p of [{}, { from: '2026-03-01', to: '2026-08-31' }]) {
      const meetings = periodMeetings(stores, committee.id, p);
      const sliced = await inSlices(readingScope(stores, committee, meetings, p), 0);
      // One query of the whole period each, ordered by the database.
      const rows = ctx.ledger.contributions({ committeeId: committee.id, ...p });
      const decisions = ctx.decisions
        .registerContent({ committeeId: committee.id, from: p.from, to: p.to ? `${p.to}~` : undefined })
        .map((d) => JSON.parse(d.content) as unknown);
      expect(rows.length).toBeGreaterThan(100);
      expect(decisions.length).toBeGreaterThan(5);
      expect(sliced.rows).toEqual(rows);
      expect(sliced.decisions).toEqual(decisions);
      expect([...sliced.agenda.keys()].sort()).toEqual(meetings.map((m) => m.id).sort());
    }
  });

  it('answers a question asked again at once as before, and a change at once', async () => {
    const q = { committeeId: y.seed.committeeId, from: '2026-01-01', to: '2026-12-31' };
    const first = await call(y.t.hub, OWNER_TOKEN, 'ledger.committee', q);
    expect(await call(y.t.hub, OWNER_TOKEN, 'ledger.committee', q)).toEqual(first);
    const louise = y.id('Louise Bouchard');
    const nameOf = (s: typeof first) => s.members.find((m) => m.memberId === louise)!.name;
    expect(nameOf(first)).toBe('Louise Bouchard');
    await call(y.t.hub, OWNER_TOKEN, 'members.update', { id: louise, name: 'Louise B. Bouchard' });
    try {
      expect(nameOf(await call(y.t.hub, OWNER_TOKEN, 'ledger.committee', q))).toBe('Louise B. Bouchard');
    } finally {
      await call(y.t.hub, OWNER_TOKEN, 'members.update', { id: louise, name: 'Louise Bouchard' });
    }
    expect(nameOf(await call(y.t.hub, OWNER_TOKEN, 'ledger.committee', q))).toBe('Louise Bouchard');
  });

  it('never records who voted what in a secret vote', async () => {
    const { seed } = y;
    expect(seed.secretDecisions.length).toBeGreaterThan(2);
    const rows = await allRows();
    const votes = rows.filter((r) => r.kind === 'vote-cast');
    expect(votes.length).toBe(Object.values(seed.byMember).reduce((n, t) => n + t.votes, 0));
    for (const id of seed.secretDecisions) {
      expect(votes.filter((r) => r.source === `decision:${id}`)).toEqual([]);
    }
    for (const { member } of seed.members) {
      const page = await call(y.t.hub, OWNER_TOKEN, 'ledger.member', { memberId: member.id });
      for (const d of page.decisions.filter((d) => seed.secretDecisions.includes(d.decisionId)))
        expect(d.roles).not.toContain('vote');
    }
  });

  it('flags the items sought for consultation where no partner spoke or wrote, and no other', async () => {
    const { seed } = y;
    const items = await call(y.t.hub, y.token('Denis Gauthier'), 'influence.items', {
      committeeId: seed.committeeId,
    });
    expect(items).toHaveLength(seed.items.length);
    const quiet = seed.items.filter((i) => i.quiet);
    expect(quiet.length).toBe(4);
    expect(
      items
        .filter((i) => i.promiseNotKept)
        .map((i) => i.itemId)
        .sort(),
    ).toEqual(quiet.map((i) => i.itemId).sort());
    for (const q of quiet) {
      const got = items.find((i) => i.itemId === q.itemId)!;
      expect(got).toMatchObject({
        sought: 'consultation',
        got: 'information',
        kept: false,
        contributors: [],
      });
      expect(got.partnersPresent).toBeGreaterThan(0);
    }
    // The level each item got, from what the seed did on it: a decision co-decided with partners is
    // partnership, one they shaped is collaboration; a partner who spoke, wrote, proposed or took a
    // position is consultation (the seed gives a partner the floor on every item but the quiet ones);
    // partners only present is information. Reached when it is at least the level sought.
    const rank = (l: string) => ENGAGEMENT_LEVELS.indexOf(l as (typeof ENGAGEMENT_LEVELS)[number]);
    let reached = 0;
    for (const s of seed.items) {
      const influences = s.decisions.map((d) => d.influence);
      const got = influences.includes('co-decided')
        ? 'partnership'
        : influences.includes('shaped')
          ? 'collaboration'
          : s.quiet
            ? 'information'
            : 'consultation';
      const kept = rank(got) >= rank(s.sought);
      if (kept) reached++;
      expect(
        items.find((i) => i.itemId === s.itemId)!,
        s.title,
      ).toMatchObject({ got, kept });
    }
    // The seed's year has items of each outcome: the check above is not comparing one value.
    expect(new Set(items.map((i) => i.got))).toEqual(
      new Set(['information', 'consultation', 'collaboration', 'partnership']),
    );
    expect(reached).toBeGreaterThan(0);
    expect(reached).toBeLessThan(items.length - quiet.length);
    // The partners who took part are those the seed made act on it.
    for (const s of seed.items) {
      const partners = Object.entries(s.tally)
        .filter(([id, t]) => {
          if (y.groupOf(id) !== 'partners') return false;
          const { votes: _v, decisionsSpoken: _s, minutesInserted: _i, minutesDeleted: _d, ...acts } = t;
          return Object.values(acts).some((n) => n > 0) || t.votes > 0;
        })
        .map(([id]) => id)
        .sort();
      expect([...items.find((i) => i.itemId === s.itemId)!.contributors].sort(), s.title).toEqual(partners);
      const acted = partnersActed(s.tally, y.groupOf);
      expect(items.find((i) => i.itemId === s.itemId)!.partnersActed, s.title).toBe(acted);
    }
    expect(items.filter((i) => i.partnersActed)).toHaveLength(seed.items.length - quiet.length);

    const decisions = await call(y.t.hub, y.token('Denis Gauthier'), 'influence.decisions', {
      committeeId: seed.committeeId,
    });
    const seeded = seed.items.flatMap((i) => i.decisions);
    expect(decisions).toHaveLength(seeded.length);
    for (const d of seeded) {
      const got = decisions.find((x) => x.decisionId === d.id)!;
      expect(got.influence).toBe(d.influence);
      if (d.influence === 'shaped' || d.influence === 'co-decided')
        expect(got.evidence.length).toBeGreaterThan(20);
    }
  });

  it('gives the influence lists a part at a time, filtered, with their counts', async () => {
    const { seed } = y;
    const token = y.token('Denis Gauthier');
    const committeeId = seed.committeeId;
    const items = await call(y.t.hub, token, 'influence.items', { committeeId });
    const decisions = await call(y.t.hub, token, 'influence.decisions', { committeeId });
    const counts = await call(y.t.hub, token, 'influence.counts', { committeeId });
    expect(counts.items).toEqual({
      total: seed.items.length,
      promisesNotKept: seed.items.filter((i) => i.quiet).length,
    });
    const seeded = seed.items.flatMap((i) => i.decisions);
    expect(counts.decisions.total).toBe(seeded.length);
    for (const level of INFLUENCE_LEVELS)
      expect(counts.decisions.levels[level], level).toBe(seeded.filter((d) => d.influence === level).length);
    // The seed's year has decisions of more than one level: the filter below leaves some out.
    expect(INFLUENCE_LEVELS.filter((l) => counts.decisions.levels[l] > 0).length).toBeGreaterThan(1);

    /** Every part of `size` after the other, until one comes back empty. */
    const inParts = async <T>(ask: (offset: number, limit: number) => Promise<T[]>, size: number) => {
      const all: T[] = [];
      for (;;) {
        const part = await ask(all.length, size);
        expect(part.length).toBeLessThanOrEqual(size);
        if (part.length === 0) return all;
        all.push(...part);
      }
    };
    const itemIds = (list: { itemId: string }[]) => list.map((i) => i.itemId);
    const decisionIds = (list: { decisionId: string }[]) => list.map((d) => d.decisionId);
    expect(
      itemIds(
        await inParts(
          (offset, limit) => call(y.t.hub, token, 'influence.items', { committeeId, offset, limit }),
          7,
        ),
      ),
    ).toEqual(itemIds(items));
    expect(
      await call(y.t.hub, token, 'influence.items', {
        committeeId,
        promiseNotKept: true,
        offset: 1,
        limit: 2,
      }),
    ).toEqual(items.filter((i) => i.promiseNotKept).slice(1, 3));
    expect(
      decisionIds(
        await inParts(
          (offset, limit) => call(y.t.hub, token, 'influence.decisions', { committeeId, offset, limit }),
          5,
        ),
      ),
    ).toEqual(decisionIds(decisions));
    for (const level of INFLUENCE_LEVELS) {
      const only = await call(y.t.hub, token, 'influence.decisions', { committeeId, influence: [level] });
      expect(only, level).toEqual(decisions.filter((d) => d.influence === level));
    }
    const shapedOrCo = await call(y.t.hub, token, 'influence.decisions', {
      committeeId,
      influence: ['shaped', 'co-decided'],
      offset: 2,
      limit: 3,
    });
    expect(shapedOrCo).toEqual(
      decisions.filter((d) => d.influence === 'shaped' || d.influence === 'co-decided').slice(2, 5),
    );

    for (const input of [
      { committeeId, limit: 0 },
      { committeeId, offset: -1 },
      { committeeId, influence: ['a lot'] },
    ])
      expectError(await post(y.t.hub, token, 'influence.decisions', input), 400, 'invalid_input');
  });

  it('gives the balance of voice per meeting and over the year, as the seed spoke, wrote and proposed', async () => {
    const { seed } = y;
    const b = await call(y.t.hub, y.token('Jean-François Roy'), 'balance.get', {
      committeeId: seed.committeeId,
    });
    expect(b.meetings.map((m) => m.meetingId)).toEqual(seed.meetings.map((m) => m.id));
    expect(b.months).toHaveLength(12);
    const byGroup = (meetingIds: string[], f: (t: SeedTally) => number) => {
      const out = Object.fromEntries(VOICE_GROUPS.map((g) => [g, 0])) as Record<VoiceGroup, number>;
      for (const id of meetingIds)
        for (const [memberId, t] of Object.entries(seed.byMeeting[id]!)) out[y.groupOf(memberId)] += f(t);
      return out;
    };
    const check = (balance: (typeof b)['total'], ids: string[]) => {
      expect(balance.measures.speakingSeconds.amounts).toEqual(byGroup(ids, (t) => t.speakingSeconds));
      expect(balance.measures.minutesText.amounts).toEqual(byGroup(ids, (t) => t.minutesSurviving));
      expect(balance.measures.proposals.amounts).toEqual(
        byGroup(ids, (t) => t.agendaItemsProposed + t.decisionsProposed),
      );
      // Decisions each group took part in (proposed, position, named vote, spoke to it).
      const decisions = Object.fromEntries(VOICE_GROUPS.map((g) => [g, 0])) as Record<VoiceGroup, number>;
      for (const item of seed.items.filter((i) => ids.includes(i.meetingId) && i.decisions.length)) {
        const groups = new Set(
          Object.entries(item.tally)
            .filter(([, t]) => t.decisionsProposed + t.positions + t.votes + t.decisionsSpoken > 0)
            .map(([id]) => y.groupOf(id)),
        );
        for (const g of groups) decisions[g]++;
      }
      expect(balance.measures.decisions.amounts).toEqual(decisions);
      // How many decisions there were: what a group's count of decisions is out of.
      expect(balance.decisionCount).toBe(
        seed.items.filter((i) => ids.includes(i.meetingId)).flatMap((i) => i.decisions).length,
      );
      // The decisions taken that partners shaped or co-decided (the influence the seed recorded on
      // each), against the others.
      const taken = seed.items.filter((i) => ids.includes(i.meetingId)).flatMap((i) => i.decisions);
      const levels = { none: 0, informed: 0, shaped: 0, 'co-decided': 0 };
      for (const d of taken) levels[d.influence]++;
      const influential = levels.shaped + levels['co-decided'];
      expect(balance.influence).toEqual({
        levels,
        taken: taken.length,
        shapedOrCoDecided: influential,
        share: taken.length ? influential / taken.length : 0,
      });
      for (const m of Object.values(balance.measures)) {
        const total = VOICE_GROUPS.reduce((n, g) => n + m.amounts[g], 0);
        expect(m.total).toBe(total);
        if (total) expect(VOICE_GROUPS.reduce((n, g) => n + m.shares[g], 0)).toBeCloseTo(1, 9);
      }
    };
    for (const m of b.meetings) check(m.balance, [m.meetingId]);
    // Month by month, the meetings of each month.
    expect(b.months.map((m) => m.month)).toEqual(seed.meetings.map((m) => m.startsAt.slice(0, 7)));
    for (const m of b.months)
      check(
        m.balance,
        seed.meetings.filter((x) => x.startsAt.startsWith(m.month)).map((x) => x.id),
      );
    check(
      b.total,
      seed.meetings.map((m) => m.id),
    );
    // The year has decisions partners shaped or co-decided and others: the share is not 0 or 1.
    expect(b.total.influence.share).toBeGreaterThan(0);
    expect(b.total.influence.share).toBeLessThan(1);
    // Partners had a real share of the voice in this committee.
    expect(b.total.measures.speakingSeconds.shares.partners).toBeGreaterThan(0.25);

    const firstHalf = await call(y.t.hub, OWNER_TOKEN, 'balance.get', {
      committeeId: seed.committeeId,
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(firstHalf.meetings).toHaveLength(6);
    check(
      firstHalf.total,
      seed.meetings.slice(0, 6).map((m) => m.id),
    );
  });

  it('writes each partner a note of the items they contributed to and what became of each', async () => {
    const { seed } = y;
    const meeting = seed.meetings[4]!;
    const notes = await call(y.t.hub, y.token('Amina Tremblay'), 'ledger.inputUsed', {
      meetingId: meeting.id,
    });
    expect(notes.length).toBeGreaterThan(1);
    const items = seed.items.filter((i) => i.meetingId === meeting.id);
    for (const note of notes) {
      expect(y.groupOf(note.memberId)).toBe('partners');
      const expected = items.filter((i) => {
        const t = i.tally[note.memberId];
        return (
          t &&
          t.speakingTurns +
            t.minutesSurviving +
            t.positions +
            t.votes +
            t.agendaItemsProposed +
            t.decisionsProposed +
            t.comments >
            0
        );
      });
      expect(
        note.items.map((i) => i.itemId),
        note.memberName,
      ).toEqual(expected.map((i) => i.itemId));
      for (const item of note.items) {
        const s = expected.find((i) => i.itemId === item.itemId)!;
        expect(item.did.speakingSeconds).toBe(s.tally[note.memberId]!.speakingSeconds);
        expect(item.decisions.map((d) => d.influence)).toEqual(s.decisions.map((d) => d.influence));
        expect(note.markdown).toContain(`## ${item.title}`);
      }
      expect(note.markdown).toContain(`Bonjour ${note.memberName},`);
    }

    // A partner gets their own note only, and may not read another's.
    const louise = y.id('Louise Bouchard');
    const own = await call(y.t.hub, y.token('Louise Bouchard'), 'ledger.inputUsed', {
      meetingId: meeting.id,
    });
    expect(own.map((n) => n.memberId)).toEqual([louise]);
    expectError(
      await post(y.t.hub, y.token('Louise Bouchard'), 'ledger.inputUsed', {
        meetingId: meeting.id,
        memberId: y.id('Hélène Côté'),
      }),
      403,
      'forbidden',
    );
  });

  it('keeps questionnaire answers anonymous, and counts a meeting only once closed and from the minimum count', async () => {
    const { seed, t } = y;
    // Nothing in the answers names, times or orders who answered.
    const columns = (table: string) =>
      (t.core.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('questionnaire_answers')).toEqual(['id', 'meeting_id', 'heard', 'prepared', 'mattered']);
    expect(columns('questionnaire_answered')).toEqual(['meeting_id', 'member_id']);
    expect(() => t.core.db.prepare('SELECT rowid FROM questionnaire_answers').all()).toThrow(/rowid/);
    expect(() => t.core.db.prepare('SELECT rowid FROM questionnaire_answered').all()).toThrow(/rowid/);
    const ids = t.core.db.prepare('SELECT id FROM questionnaire_answers').all() as { id: string }[];
    for (const { id } of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const total = Object.values(seed.questionnaire.perMeeting).reduce((a, b) => a + b, 0);
    expect(ids).toHaveLength(total);

    const below = seed.meetings.filter(
      (m) => answersAt(m.id) > 0 && answersAt(m.id) < QUESTIONNAIRE_MIN_COUNT,
    );
    const above = seed.meetings.filter((m) => answersAt(m.id) >= QUESTIONNAIRE_MIN_COUNT);
    expect(below.length).toBeGreaterThan(0);
    expect(above.length).toBeGreaterThan(0);
    try {
      // Once every questionnaire has closed (links have expired by then: the host asks).
      y.clock.set(afterAll_);
      for (const m of below) {
        const r = await call(y.t.hub, OWNER_TOKEN, 'questionnaire.results', {
          committeeId: seed.committeeId,
          meetingId: m.id,
        });
        expect(r).toMatchObject({
          count: answersAt(m.id),
          counted: 0,
          shown: false,
          questions: null,
          belowMinimum: { meetings: 1, answers: answersAt(m.id) },
          notClosed: { meetings: 0, answers: 0 },
        });
      }
      for (const m of above) {
        const r = await call(y.t.hub, OWNER_TOKEN, 'questionnaire.results', {
          committeeId: seed.committeeId,
          meetingId: m.id,
        });
        expectResults(r, expected([m], Date.parse(afterAll_)));
        expect(r.questions!.heard.answered).toBe(answersAt(m.id));
      }
      const year = await call(y.t.hub, OWNER_TOKEN, 'questionnaire.results', {
        committeeId: seed.committeeId,
      });
      expect(year.count).toBe(total);
      expectResults(year, expected(seed.meetings, Date.parse(afterAll_)));
      // The seed's partners sometimes skip a statement: some counted meeting is left out of it.
      expect(year.questions!.prepared.withheld).toBeGreaterThan(0);
      expect(year.questions!.heard.withheld).toBe(0);
      expect(year.counted).toBe(above.reduce((n, m) => n + answersAt(m.id), 0));
      expect(year.belowMinimum).toEqual({
        meetings: below.length,
        answers: below.reduce((n, m) => n + answersAt(m.id), 0),
      });

      // Just after the seed's last meeting, as a partner reads them: that meeting's still open.
      y.clock.set(seedEnd);
      const now = await call(y.t.hub, y.token('Sophie Lavoie'), 'questionnaire.results', {
        committeeId: seed.committeeId,
      });
      const last = seed.meetings.at(-1)!;
      expectResults(now, expected(seed.meetings, Date.parse(seedEnd)));
      expect(now.notClosed.meetings).toBeGreaterThanOrEqual(1);
      expect(closes(last.id)).toBeGreaterThan(Date.parse(seedEnd));
    } finally {
      y.clock.set(seedEnd);
    }
  });

  it('gives the same totals for two periods a meeting below the minimum tells apart (no differencing)', async () => {
    const { seed } = y;
    const dayBefore = (iso: string) => new Date(Date.parse(iso) - 86_400_000).toISOString().slice(0, 10);
    const upTo = (to: string) =>
      call(y.t.hub, OWNER_TOKEN, 'questionnaire.results', { committeeId: seed.committeeId, to });
    const below = seed.meetings.filter(
      (m) => answersAt(m.id) > 0 && answersAt(m.id) < QUESTIONNAIRE_MIN_COUNT,
    );
    const above = seed.meetings.filter((m) => answersAt(m.id) >= QUESTIONNAIRE_MIN_COUNT);
    try {
      y.clock.set(afterAll_);
      // E.g. a meeting of 3 answers, hidden when asked alone: the year up to its day, minus the
      // year up to the day before, used to give its 3 answers. Now both totals are the same.
      for (const m of below) {
        const [withIt, without] = [await upTo(m.startsAt.slice(0, 10)), await upTo(dayBefore(m.startsAt))];
        expect(withIt.count - without.count, m.title).toBe(answersAt(m.id));
        expect(withIt.counted, m.title).toBe(without.counted);
        expect(withIt.questions, m.title).toEqual(without.questions);
        expect(withIt.belowMinimum.answers - without.belowMinimum.answers, m.title).toBe(answersAt(m.id));
      }
      // The difference two periods can show is a meeting that is shown alone anyway.
      for (const m of above) {
        const [withIt, without] = [await upTo(m.startsAt.slice(0, 10)), await upTo(dayBefore(m.startsAt))];
        const alone = await call(y.t.hub, OWNER_TOKEN, 'questionnaire.results', {
          committeeId: seed.committeeId,
          meetingId: m.id,
        });
        expect(withIt.counted - without.counted).toBe(alone.counted);
        for (const q of QUESTIONNAIRE_QUESTIONS)
          for (const v of ['1', '2', '3', '4', '5'] as const)
            expect(
              withIt.questions![q].distribution[v] - (without.questions?.[q].distribution[v] ?? 0),
              `${m.title} ${q} ${v}`,
            ).toBe(alone.questions![q].distribution[v]);
      }
    } finally {
      y.clock.set(seedEnd);
    }
  });

  it('counts a meeting’s answers only once its questionnaire closes, and refuses answers after that', async () => {
    const { seed } = y;
    const year = () => call(y.t.hub, OWNER_TOKEN, 'questionnaire.results', { committeeId: seed.committeeId });
    const reason = (answer: { body: unknown }) =>
      (answer.body as { error: { reason?: string; params?: Record<string, unknown> } }).error;
    // A meeting with enough answers whose questionnaire closes while the partners' links still work.
    const m = seed.meetings.find(
      (x) => answersAt(x.id) >= QUESTIONNAIRE_MIN_COUNT && closes(x.id) < Date.parse(seedEnd),
    )!;
    expect(m).toBeDefined();
    const closesAt = seed.questionnaire.closesAt[m.id]!;
    expect(closesAt).toBe(
      new Date(Date.parse(m.startsAt) + QUESTIONNAIRE_OPEN_DAYS * 86_400_000).toISOString(),
    );
    const partner = seed.members.find(
      (s) =>
        y.groupOf(s.member.id) === 'partners' && ['present', 'remote'].includes(m.attendance[s.member.id]!),
    )!;
    try {
      // A minute before it closes: nothing of it shows, alone or in the year's totals.
      y.clock.set(new Date(Date.parse(closesAt) - 60_000).toISOString());
      const status = await call(y.t.hub, partner.token, 'questionnaire.status', { meetingId: m.id });
      expect(status).toMatchObject({
        open: true,
        closesAt,
        minimum: QUESTIONNAIRE_MIN_COUNT,
        answered: true,
      });
      const alone = await call(y.t.hub, partner.token, 'questionnaire.results', {
        committeeId: seed.committeeId,
        meetingId: m.id,
      });
      expect(alone).toMatchObject({
        count: answersAt(m.id),
        counted: 0,
        shown: false,
        questions: null,
        notClosed: { meetings: 1, answers: answersAt(m.id) },
        nextClosesAt: closesAt,
      });
      const before = await year();
      expectResults(before, expected(seed.meetings, Date.parse(closesAt) - 60_000));
      expect(before.notClosed.answers).toBeGreaterThanOrEqual(answersAt(m.id));

      // Closed: it shows alone, and the year's totals take in exactly its answers.
      y.clock.set(closesAt);
      expect(await call(y.t.hub, partner.token, 'questionnaire.status', { meetingId: m.id })).toMatchObject({
        open: false,
        canAnswer: false,
        closesAt,
      });
      const shown = await call(y.t.hub, partner.token, 'questionnaire.results', {
        committeeId: seed.committeeId,
        meetingId: m.id,
      });
      expectResults(shown, expected([m], Date.parse(closesAt)));
      const after = await year();
      expectResults(after, expected(seed.meetings, Date.parse(closesAt)));
      expect(after.counted - before.counted).toBe(answersAt(m.id));
      for (const q of QUESTIONNAIRE_QUESTIONS)
        for (const v of ['1', '2', '3', '4', '5'] as const)
          expect(after.questions![q].distribution[v] - (before.questions?.[q].distribution[v] ?? 0)).toBe(
            shown.questions![q].distribution[v],
          );

      // A partner who attended and has not answered: the answer moves no total while it is open,
      // and is refused once it has closed, with a reason said in their language.
      let late: { meetingId: string; token: string; closesAt: string } | null = null;
      for (const mt of seed.meetings.filter((x) => closes(x.id) < Date.parse(seedEnd)))
        for (const s of seed.members.filter((s) => y.groupOf(s.member.id) === 'partners')) {
          y.clock.set(new Date(closes(mt.id) - 3_600_000).toISOString());
          const st = await call(y.t.hub, s.token, 'questionnaire.status', { meetingId: mt.id });
          if (st.canAnswer && !late)
            late = { meetingId: mt.id, token: s.token, closesAt: seed.questionnaire.closesAt[mt.id]! };
        }
      expect(late, 'a partner who attended a meeting and did not answer').not.toBeNull();
      y.clock.set(late!.closesAt);
      const refused = await post(y.t.hub, late!.token, 'questionnaire.answer', {
        meetingId: late!.meetingId,
        answers: { heard: 4 },
      });
      expectError(refused, 409, 'conflict');
      expect(reason(refused)).toMatchObject({
        reason: 'questionnaire_closed',
        params: { closesAt: late!.closesAt },
      });
      y.clock.set(new Date(Date.parse(late!.closesAt) - 3_600_000).toISOString());
      const totalsBefore = await year();
      const given = await call(y.t.hub, late!.token, 'questionnaire.answer', {
        meetingId: late!.meetingId,
        answers: { heard: 4 },
      });
      expect(given).toMatchObject({ answered: true, canAnswer: false, open: true });
      const totalsAfter = await year();
      expect(totalsAfter.count).toBe(totalsBefore.count + 1);
      expect(totalsAfter.questions).toEqual(totalsBefore.questions);
      expect(totalsAfter.counted).toBe(totalsBefore.counted);
      // Once per partner per meeting; only partners who attended; never the host or a professional.
      const twice = await post(y.t.hub, late!.token, 'questionnaire.answer', {
        meetingId: late!.meetingId,
        answers: { heard: 4 },
      });
      expectError(twice, 409, 'conflict');
      expect(reason(twice).reason).toBe('questionnaire_answered');
      const professional = await post(y.t.hub, y.token('Nadia Bélanger'), 'questionnaire.answer', {
        meetingId: late!.meetingId,
        answers: { heard: 4 },
      });
      expectError(professional, 403, 'forbidden');
      expect(reason(professional).reason).toBe('questionnaire_partners_only');
      const host = await post(y.t.hub, OWNER_TOKEN, 'questionnaire.answer', {
        meetingId: late!.meetingId,
        answers: { heard: 4 },
      });
      expectError(host, 403, 'forbidden');
      expect(reason(host).reason).toBe('questionnaire_partners_only');
      // A partner excused or absent from a meeting may not answer its questionnaire.
      const missed = seed.meetings
        .filter((mt) => closes(mt.id) < Date.parse(seedEnd))
        .flatMap((mt) =>
          seed.members
            .filter(
              (s) =>
                y.groupOf(s.member.id) === 'partners' &&
                !['present', 'remote'].includes(mt.attendance[s.member.id]!),
            )
            .map((s) => ({ meetingId: mt.id, token: s.token })),
        )[0]!;
      expect(missed).toBeDefined();
      y.clock.set(new Date(closes(missed.meetingId) - 3_600_000).toISOString());
      const notThere = await post(y.t.hub, missed.token, 'questionnaire.answer', {
        meetingId: missed.meetingId,
        answers: { heard: 4 },
      });
      expectError(notThere, 409, 'conflict');
      expect(reason(notThere).reason).toBe('questionnaire_not_attended');
      for (const r of [
        'questionnaire_answered',
        'questionnaire_partners_only',
        'questionnaire_not_attended',
        'questionnaire_not_open',
        'questionnaire_closed',
      ])
        for (const catalogue of [en, fr]) expect(catalogue.errors.reasons, r).toHaveProperty(r);
      expectError(
        await post(y.t.hub, late!.token, 'questionnaire.answer', {
          meetingId: late!.meetingId,
          answers: { heard: 9 },
        }),
        400,
        'invalid_input',
      );
    } finally {
      y.clock.set(seedEnd);
    }
  });

  it('shows each member their own page, and everyone’s only to co-chairs and secretaries', async () => {
    const { seed } = y;
    const louise = y.id('Louise Bouchard');
    const hub = y.t.hub;
    expect((await post(hub, y.token('Louise Bouchard'), 'ledger.member', { memberId: louise })).status).toBe(
      200,
    );
    expect((await post(hub, y.token('Marc Gagnon'), 'ledger.member', { memberId: louise })).status).toBe(200);
    expect((await post(hub, y.token('Chloé Pelletier'), 'ledger.member', { memberId: louise })).status).toBe(
      200,
    );
    for (const name of ['Hélène Côté', 'Denis Gauthier', 'Nadia Bélanger'])
      expectError(await post(hub, y.token(name), 'ledger.member', { memberId: louise }), 403, 'forbidden');
    const m = seed.meetings[0]!.id;
    expectError(
      await post(hub, y.token('Denis Gauthier'), 'ledger.meeting', { meetingId: m }),
      403,
      'forbidden',
    );
    expectError(
      await post(hub, y.token('Pierre Morin'), 'ledger.committee', { committeeId: seed.committeeId }),
      403,
      'forbidden',
    );
    expectError(
      await post(hub, y.token('Pierre Morin'), 'ledger.rebuild', { committeeId: seed.committeeId }),
      403,
      'forbidden',
    );
    expectError(
      await post(hub, y.token('Pierre Morin'), 'ledger.contributions', { committeeId: seed.committeeId }),
      403,
      'forbidden',
    );
    const mine = await call(hub, y.token('Pierre Morin'), 'ledger.contributions', {
      committeeId: seed.committeeId,
      memberId: y.id('Pierre Morin'),
      kind: ['speaking-seconds' as ContributionKind],
    });
    expect(mine.items.reduce((n, r) => n + r.quantity, 0)).toBe(
      seed.byMember[y.id('Pierre Morin')]!.speakingSeconds,
    );

    // Another committee's members see nothing of this one.
    const other = await seedCommittee(hub, 'Un autre comité');
    for (const [method, input] of [
      ['ledger.member', { memberId: louise }],
      ['balance.get', { committeeId: seed.committeeId }],
      ['influence.items', { committeeId: seed.committeeId }],
      ['influence.counts', { committeeId: seed.committeeId }],
      ['questionnaire.results', { committeeId: seed.committeeId }],
    ] as const)
      expectError(await post(hub, other.coChair.token, method, input), 403, 'forbidden');
    expectError(
      await post(hub, OWNER_TOKEN, 'balance.get', {
        committeeId: seed.committeeId,
        from: '2026-06-01',
        to: '2026-01-01',
      }),
      400,
      'invalid_input',
    );
  });
});

describe('the decisions partners shaped or co-decided', () => {
  it('count the decisions taken: a draft still proposed is among the decisions, not among those taken', async () => {
    const c = await seedCommittee(y.t.hub, 'Comité des projets de décision');
    const m = c.meeting.id;
    const draft = (title: string) =>
      call(y.t.hub, OWNER_TOKEN, 'decisions.draft', {
        meetingId: m,
        title,
        text: `${title}.`,
        mode: 'consensus',
      });
    const influence = { level: 'shaped' as const, evidence: 'Reformulée à la demande des partenaires.' };
    const taken = await draft('Affiches en gros caractères');
    await call(y.t.hub, OWNER_TOKEN, 'decisions.update', { meetingId: m, decisionId: taken.id, influence });
    await call(y.t.hub, OWNER_TOKEN, 'decisions.decide', {
      meetingId: m,
      decisionId: taken.id,
      outcome: 'adopted',
    });
    const pending = await draft('Heures de la salle d’attente');
    await call(y.t.hub, OWNER_TOKEN, 'decisions.update', { meetingId: m, decisionId: pending.id, influence });
    const b = await call(y.t.hub, OWNER_TOKEN, 'balance.get', { committeeId: c.committee.id });
    const decisions = await call(y.t.hub, OWNER_TOKEN, 'influence.decisions', {
      committeeId: c.committee.id,
    });
    const decided = decisions.filter((d) => d.status !== 'proposed');
    expect(decisions.map((d) => d.decisionId).sort()).toEqual([taken.id, pending.id].sort());
    expect(b.total.decisionCount).toBe(decisions.length);
    expect(b.total.influence).toEqual({
      levels: { none: 0, informed: 0, shaped: decided.length, 'co-decided': 0 },
      taken: decided.length,
      shapedOrCoDecided: decided.length,
      share: 1,
    });
    expect(decided.map((d) => d.decisionId)).toEqual([taken.id]);
  });
});

describe('the influence views read the agenda as it is now', () => {
  it('shows an item renamed after an earlier question under its new title', async () => {
    const c = await seedCommittee(y.t.hub, 'Comité de renommage');
    const item = await call(y.t.hub, OWNER_TOKEN, 'agenda.add', {
      meetingId: c.meeting.id,
      title: 'Accueil des proches',
      engagementLevel: 'consultation',
    });
    const ask = () => call(y.t.hub, OWNER_TOKEN, 'influence.items', { committeeId: c.committee.id });
    expect((await ask()).map((i) => i.title)).toEqual(['Accueil des proches']);
    await call(y.t.hub, OWNER_TOKEN, 'agenda.update', {
      meetingId: c.meeting.id,
      itemId: item.id,
      title: 'Accueil des proches aidants',
    });
    expect((await ask()).map((i) => i.title)).toEqual(['Accueil des proches aidants']);
  });
});
