/**
 * Decisions at the hub, with the tokens members really get: drafted live in the meeting document,
 * votes checked against the attendance, the outcome recorded by the co-chairs in the committee's
 * hash-chained log, amendments and rescissions as new entries that leave the old ones alone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Decision, LogEntry } from '../src/shared/decisions';
import { canonicalJson } from '../src/core/store/decisions-repo';
import {
  OWNER_TOKEN,
  call,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  waitFor,
  type Committee1,
  type TestHub,
} from './helpers';
import { addItem, expectError } from './fixtures';
import {
  ZEROS,
  attend,
  closeWatchers,
  decide,
  decisionIn,
  decisionsIn,
  draft,
  entryHashOf,
  sha256,
  update,
  watch,
} from './decision-fixtures';

let t: TestHub;
let a: Committee1;
let b: Committee1;

beforeAll(async () => {
  t = await startTestHub();
  a = await seedCommittee(t.hub, 'Comité des usagers');
  b = await seedCommittee(t.hub, 'Comité de la recherche');
});
afterEach(closeWatchers);
afterAll(runDeferred);

/** A fresh planned meeting of committee `c` (A by default). */
function freshMeeting(c: Committee1 = a, title = 'Rencontre') {
  return call(t.hub, OWNER_TOKEN, 'meetings.create', {
    committeeId: c.committee.id,
    title,
    startsAt: '2026-12-01T18:00:00Z',
  });
}

/** The committee's log as decisions.log gives it (to anyone in the committee). */
const logOf = (c: Committee1 = a): Promise<LogEntry[]> =>
  call(t.hub, c.observer.token, 'decisions.log', { committeeId: c.committee.id });

/** The register's view of one decision (undefined if it is not there). */
async function inRegister(c: Committee1, id: string): Promise<Decision | undefined> {
  const { items } = await call(t.hub, c.observer.token, 'decisions.register', {
    committeeId: c.committee.id,
    limit: 100_000,
  });
  return items.find((d) => d.id === id);
}

/** What the hub holds for a decision in the meeting document. */
const held = (docName: string, id: string) => t.core.docs.read(docName, (doc) => decisionIn(doc, id));

describe('drafting', () => {
  it('a member’s draft appears live for everyone in the meeting, proposed by them', async () => {
    const meeting = await freshMeeting();
    const watcher = await watch(t.hub, meeting.docName, a.observer.token);
    expect(decisionsIn(watcher.doc)).toEqual([]);

    const answer = await post(t.hub, a.member.token, 'decisions.draft', {
      meetingId: meeting.id,
      title: 'Prolonger les heures de visite',
      text: 'Les visites sont permises jusqu’à 21 h.',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const d = answer.body as Decision;
    expect(d).toMatchObject({
      meetingId: meeting.id,
      agendaItemId: null,
      title: 'Prolonger les heures de visite',
      text: 'Les visites sont permises jusqu’à 21 h.',
      rationale: '',
      mode: 'consensus',
      vote: null,
      positions: {},
      proposedBy: a.member.member.id,
      speakers: [],
      influence: { level: 'none', evidence: '' },
      status: 'proposed',
      logEntryId: null,
    });

    const seen = await waitFor(() => decisionIn(watcher.doc, d.id), 5000, 'the draft to reach the client');
    expect(seen).toEqual(d);
    // In the register too, as a proposal.
    expect((await inRegister(a, d.id))?.status).toBe('proposed');
  });

  it('records the caller as the proposer, whoever drafts', async () => {
    const meeting = await freshMeeting();
    const bySecretary = await draft(t.hub, a.secretary.token, meeting.id, 'Par la secrétaire');
    const byCoChair = await draft(t.hub, a.coChair.token, meeting.id, 'Par la coprésidente');
    const byHost = await draft(t.hub, OWNER_TOKEN, meeting.id, 'Par l’hôte');
    expect(bySecretary.proposedBy).toBe(a.secretary.member.id);
    expect(byCoChair.proposedBy).toBe(a.coChair.member.id);
    expect(byHost.proposedBy).toBeNull();
  });

  it('an observer may not draft (403), and nothing appears', async () => {
    const meeting = await freshMeeting();
    const msg = expectError(
      await post(t.hub, a.observer.token, 'decisions.draft', { meetingId: meeting.id, title: 'Refusé' }),
      403,
      'forbidden',
    );
    expect(msg).toMatch(/observer/);
    expect(t.core.docs.read(meeting.docName, decisionsIn)).toEqual([]);
    expect(
      (
        await call(t.hub, OWNER_TOKEN, 'decisions.register', {
          committeeId: a.committee.id,
          meetingId: meeting.id,
        })
      ).total,
    ).toBe(0);
  });

  it('a member of another committee may not draft in this meeting (403)', async () => {
    const meeting = await freshMeeting();
    expectError(
      await post(t.hub, b.coChair.token, 'decisions.draft', { meetingId: meeting.id, title: 'Intrus' }),
      403,
      'forbidden',
    );
    expect(t.core.docs.read(meeting.docName, decisionsIn)).toEqual([]);
  });

  it('links a draft to an item of its own meeting; an item of another meeting is 404', async () => {
    const meeting = await freshMeeting();
    const other = await freshMeeting(a, 'Autre rencontre');
    const mine = await addItem(t.hub, a.member.token, meeting.id, 'Heures de visite', {
      purpose: 'decision',
    });
    const elsewhere = await addItem(t.hub, a.member.token, other.id, 'Ailleurs');

    const linked = await draft(t.hub, a.member.token, meeting.id, 'Liée', { agendaItemId: mine.id });
    expect(linked.agendaItemId).toBe(mine.id);

    const msg = expectError(
      await post(t.hub, a.member.token, 'decisions.draft', {
        meetingId: meeting.id,
        agendaItemId: elsewhere.id,
        title: 'Mal liée',
      }),
      404,
      'not_found',
    );
    expect(msg).toMatch(/agendaItemId/);
    expect(t.core.docs.read(meeting.docName, decisionsIn).map((d) => d.title)).toEqual(['Liée']);

    // The same on update: the link stays as it was.
    expectError(
      await post(t.hub, a.member.token, 'decisions.update', {
        meetingId: meeting.id,
        decisionId: linked.id,
        agendaItemId: elsewhere.id,
      }),
      404,
      'not_found',
    );
    expect(held(meeting.docName, linked.id)?.agendaItemId).toBe(mine.id);
  });

  it('a closed meeting takes no new draft (409)', async () => {
    const meeting = await freshMeeting();
    await call(t.hub, a.coChair.token, 'meetings.close', { id: meeting.id });
    const msg = expectError(
      await post(t.hub, a.member.token, 'decisions.draft', { meetingId: meeting.id, title: 'Trop tard' }),
      409,
      'conflict',
    );
    expect(msg).toMatch(/closed/);
    expect(t.core.docs.read(meeting.docName, decisionsIn)).toEqual([]);
  });

  it('an unknown meeting or decision is 404', async () => {
    const meeting = await freshMeeting();
    expectError(
      await post(t.hub, a.member.token, 'decisions.draft', { meetingId: 'no-such-meeting', title: 'X' }),
      404,
      'not_found',
    );
    expectError(
      await post(t.hub, a.member.token, 'decisions.update', {
        meetingId: meeting.id,
        decisionId: 'no-such-decision',
        text: 'Y',
      }),
      404,
      'not_found',
    );
  });

  it('updates text, rationale, mode, positions, speakers and influence, live', async () => {
    const meeting = await freshMeeting();
    const watcher = await watch(t.hub, meeting.docName, a.observer.token);
    const d = await draft(t.hub, a.member.token, meeting.id, 'Salle des familles');
    const changes = {
      text: 'Une salle des familles est aménagée au 2e étage.',
      rationale: 'Les proches attendent debout dans le corridor.',
      mode: 'co-chairs' as const,
      positions: {
        [a.member.member.id]: 'Pour, si elle est ouverte la nuit',
        [a.secretary.member.id]: 'abstain',
      },
      speakers: [a.member.member.id, a.coChair.member.id],
      influence: { level: 'shaped' as const, evidence: 'Les partenaires ont demandé l’ouverture la nuit.' },
    };
    const updated = await update(t.hub, a.secretary.token, meeting.id, d.id, changes);
    expect(updated).toEqual({ ...d, ...changes });
    // The proposer stays the one who drafted it.
    expect(updated.proposedBy).toBe(a.member.member.id);

    await waitFor(
      () => decisionIn(watcher.doc, d.id)?.influence.level === 'shaped',
      5000,
      'the update to reach the client',
    );
    expect(decisionIn(watcher.doc, d.id)).toEqual(updated);
    expect(await inRegister(a, d.id)).toEqual(updated);

    // A later update changes only what it names.
    const retitled = await update(t.hub, a.member.token, meeting.id, d.id, { title: 'Salle des proches' });
    expect(retitled).toEqual({ ...updated, title: 'Salle des proches' });
  });

  it('refuses speakers and positions of a member of another committee (404), and changes nothing', async () => {
    const meeting = await freshMeeting();
    const d = await draft(t.hub, a.member.token, meeting.id, 'Stationnement');
    const outsider = b.member.member.id;
    const speakerMsg = expectError(
      await post(t.hub, a.member.token, 'decisions.update', {
        meetingId: meeting.id,
        decisionId: d.id,
        text: 'Changé avec un intrus',
        speakers: [a.coChair.member.id, outsider],
      }),
      404,
      'not_found',
    );
    expect(speakerMsg).toContain(outsider);
    expectError(
      await post(t.hub, a.member.token, 'decisions.update', {
        meetingId: meeting.id,
        decisionId: d.id,
        positions: { [outsider]: 'contre' },
      }),
      404,
      'not_found',
    );
    expect(held(meeting.docName, d.id)).toEqual(d);
    expect(await inRegister(a, d.id)).toEqual(d);
  });

  it('an observer may not update or remove a draft (403)', async () => {
    const meeting = await freshMeeting();
    const d = await draft(t.hub, a.member.token, meeting.id, 'Affichage');
    expectError(
      await post(t.hub, a.observer.token, 'decisions.update', {
        meetingId: meeting.id,
        decisionId: d.id,
        text: 'Changé',
      }),
      403,
      'forbidden',
    );
    expectError(
      await post(t.hub, a.observer.token, 'decisions.remove', { meetingId: meeting.id, decisionId: d.id }),
      403,
      'forbidden',
    );
    expect(held(meeting.docName, d.id)).toEqual(d);
  });

  it('removes a draft that was never decided, from the meeting and the register', async () => {
    const meeting = await freshMeeting();
    const watcher = await watch(t.hub, meeting.docName, a.observer.token);
    const keep = await draft(t.hub, a.member.token, meeting.id, 'À garder');
    const drop = await draft(t.hub, a.member.token, meeting.id, 'À retirer');
    await waitFor(() => decisionsIn(watcher.doc).length === 2, 5000, 'both drafts');
    expect(
      await call(t.hub, a.member.token, 'decisions.remove', { meetingId: meeting.id, decisionId: drop.id }),
    ).toBeNull();
    await waitFor(() => decisionsIn(watcher.doc).length === 1, 5000, 'the draft to go');
    expect(decisionsIn(watcher.doc).map((d) => d.id)).toEqual([keep.id]);
    expect(await inRegister(a, drop.id)).toBeUndefined();
    expect(await inRegister(a, keep.id)).toBeDefined();
  });
});

describe('votes', () => {
  /** A meeting where Amina is present and Bruno remote; Chloé is absent and Denis excused. */
  async function votingMeeting() {
    const meeting = await freshMeeting();
    await attend(t.hub, a.secretary.token, meeting.id, {
      [a.coChair.member.id]: 'present',
      [a.member.member.id]: 'remote',
      [a.secretary.member.id]: 'absent',
      [a.observer.member.id]: 'excused',
    });
    const d = await draft(t.hub, a.member.token, meeting.id, 'Adopter le plan d’action', { mode: 'vote' });
    return { meeting, d };
  }

  /** A vote that must be refused with 400, leaving the meeting document and the register as they were. */
  async function refused(meetingId: string, docName: string, d: Decision, vote: unknown): Promise<string> {
    const before = held(docName, d.id);
    const msg = expectError(
      await post(t.hub, a.member.token, 'decisions.update', { meetingId, decisionId: d.id, vote }),
      400,
      'invalid_input',
    );
    expect(held(docName, d.id)).toEqual(before);
    expect(await inRegister(a, d.id)).toEqual(before);
    return msg;
  }

  it('counts no more votes than members recorded present (present or remote), and says how many', async () => {
    const { meeting, d } = await votingMeeting();
    const msg = await refused(meeting.id, meeting.docName, d, {
      for: 2,
      against: 1,
      abstain: 0,
      secret: true,
    });
    expect(msg).toMatch(/\b3\b/);
    expect(msg).toMatch(/only 2 members are recorded as present/);

    const ok = await update(t.hub, a.member.token, meeting.id, d.id, {
      vote: { for: 1, against: 0, abstain: 1, secret: true },
    });
    expect(ok.vote).toEqual({ for: 1, against: 0, abstain: 1, secret: true, ballots: {} });
    expect(held(meeting.docName, d.id)?.vote).toEqual(ok.vote);
  });

  it('refuses any vote when no attendance was recorded', async () => {
    const meeting = await freshMeeting();
    const d = await draft(t.hub, a.member.token, meeting.id, 'Sans présences', { mode: 'vote' });
    for (const vote of [
      { for: 1, against: 0, abstain: 0, secret: true },
      { for: 0, against: 0, abstain: 1, secret: true },
    ]) {
      const msg = await refused(meeting.id, meeting.docName, d, vote);
      expect(msg).toMatch(/only 0 members are recorded as present/);
      expect(msg).toMatch(/attendance/);
    }
  });

  it('refuses the ballot of a member not recorded present, naming them', async () => {
    const { meeting, d } = await votingMeeting();
    const msg = await refused(meeting.id, meeting.docName, d, {
      for: 0,
      against: 0,
      abstain: 0,
      secret: false,
      ballots: { [a.coChair.member.id]: 'for', [a.secretary.member.id]: 'against' },
    });
    expect(msg).toContain('Chloé Secrétaire');
    expect(msg).toMatch(/not recorded as present/);
  });

  it('refuses the ballot of a member of another committee (404)', async () => {
    const { meeting, d } = await votingMeeting();
    expectError(
      await post(t.hub, a.member.token, 'decisions.update', {
        meetingId: meeting.id,
        decisionId: d.id,
        vote: { for: 1, against: 0, abstain: 0, secret: false, ballots: { [b.coChair.member.id]: 'for' } },
      }),
      404,
      'not_found',
    );
    expect(held(meeting.docName, d.id)?.vote).toBeNull();
  });

  it('counts a named vote from its ballots, whatever counts were sent', async () => {
    const { meeting, d } = await votingMeeting();
    const watcher = await watch(t.hub, meeting.docName, a.observer.token);
    const ballots = { [a.coChair.member.id]: 'for', [a.member.member.id]: 'against' } as const;
    const voted = await update(t.hub, a.coChair.token, meeting.id, d.id, {
      vote: { for: 2, against: 0, abstain: 0, secret: false, ballots },
    });
    expect(voted.vote).toEqual({ for: 1, against: 1, abstain: 0, secret: false, ballots });
    await waitFor(() => decisionIn(watcher.doc, d.id)?.vote, 5000, 'the vote to reach the client');
    expect(decisionIn(watcher.doc, d.id)?.vote).toEqual(voted.vote);
    // Each ballot's voter is findable in the register.
    const { items } = await call(t.hub, a.observer.token, 'decisions.register', {
      committeeId: a.committee.id,
      meetingId: meeting.id,
      memberId: a.coChair.member.id,
    });
    expect(items.map((x) => x.id)).toEqual([d.id]);
  });

  it('refuses ballots in a secret vote', async () => {
    const { meeting, d } = await votingMeeting();
    const msg = await refused(meeting.id, meeting.docName, d, {
      for: 1,
      against: 0,
      abstain: 0,
      secret: true,
      ballots: { [a.coChair.member.id]: 'for' },
    });
    expect(msg).toMatch(/secret/);
  });

  it('refuses a count that is not a whole number, or negative (400)', async () => {
    const { meeting, d } = await votingMeeting();
    await refused(meeting.id, meeting.docName, d, { for: 1.5, against: 0, abstain: 0, secret: true });
    await refused(meeting.id, meeting.docName, d, { for: -1, against: 0, abstain: 0, secret: true });
  });
});

describe('the outcome and the log', () => {
  it('only the co-chairs (and the host) record an outcome', async () => {
    const meeting = await freshMeeting();
    const d = await draft(t.hub, a.member.token, meeting.id, 'Réservé aux coprésidents');
    const before = (await logOf()).length;
    for (const seat of [a.member, a.secretary, a.observer]) {
      const msg = expectError(
        await post(t.hub, seat.token, 'decisions.decide', {
          meetingId: meeting.id,
          decisionId: d.id,
          outcome: 'adopted',
        }),
        403,
        'forbidden',
      );
      expect(msg).toContain(seat.member.role);
    }
    expectError(
      await post(t.hub, b.coChair.token, 'decisions.decide', {
        meetingId: meeting.id,
        decisionId: d.id,
        outcome: 'adopted',
      }),
      403,
      'forbidden',
    );
    expect(await logOf()).toHaveLength(before);
    expect(held(meeting.docName, d.id)?.status).toBe('proposed');
  });

  it('writes each outcome as a log entry chained to the one before, starting from 64 zeros', async () => {
    const c = await seedCommittee(t.hub, 'Comité au journal neuf');
    const watcher = await watch(t.hub, c.meeting.docName, c.observer.token);
    const outcomes = ['adopted', 'rejected', 'deferred'] as const;
    const entries: LogEntry[] = [];
    for (const outcome of outcomes) {
      const d = await draft(t.hub, c.member.token, c.meeting.id, `Décision ${outcome}`);
      entries.push(await decide(t.hub, c.coChair.token, c.meeting.id, d.id, outcome));
    }
    const log = await logOf(c);
    expect(log).toEqual(entries);
    expect(log.map((e) => e.kind)).toEqual([...outcomes]);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(log[0]!.prevSha256).toBe(ZEROS);
    for (let i = 1; i < log.length; i++) expect(log[i]!.prevSha256).toBe(log[i - 1]!.entrySha256);
    for (const e of log) {
      expect(e.contentSha256).toBe(sha256(canonicalJson(e.content)));
      // Anyone can recompute the entry's own hash from what the log shows.
      expect(e.entrySha256).toBe(entryHashOf(e));
      expect(e).toMatchObject({
        committeeId: c.committee.id,
        amendsEntryId: null,
        createdBy: c.coChair.member.id,
      });
      expect(e.content.status).toBe(e.kind);
      expect(e.content.proposedBy).toBe(c.member.member.id);
    }
    expect(new Set(log.map((e) => e.entrySha256)).size).toBe(3);

    // The meeting shows each decision's outcome and its entry, live.
    await waitFor(
      () => decisionsIn(watcher.doc).every((d) => d.logEntryId !== null),
      5000,
      'the outcomes to reach the client',
    );
    for (const e of log) {
      expect(decisionIn(watcher.doc, e.decisionId)).toMatchObject({ status: e.kind, logEntryId: e.id });
      expect(await inRegister(c, e.decisionId)).toMatchObject({ status: e.kind, logEntryId: e.id });
    }
    expect(await call(t.hub, c.member.token, 'decisions.verify', { committeeId: c.committee.id })).toEqual({
      ok: true,
      entries: 3,
      firstBroken: null,
    });
  });

  it('numbers each committee’s log on its own', async () => {
    const c = await seedCommittee(t.hub, 'Premier comité');
    const other = await seedCommittee(t.hub, 'Second comité');
    const d1 = await draft(t.hub, c.member.token, c.meeting.id, 'Première du premier');
    await decide(t.hub, c.coChair.token, c.meeting.id, d1.id);
    const d2 = await draft(t.hub, other.member.token, other.meeting.id, 'Première du second');
    const e2 = await decide(t.hub, other.coChair.token, other.meeting.id, d2.id);
    expect(e2).toMatchObject({ seq: 1, prevSha256: ZEROS, committeeId: other.committee.id });
    expect((await logOf(c)).map((e) => e.decisionId)).toEqual([d1.id]);
  });

  it('refuses to decide twice (409), and writes nothing more', async () => {
    const meeting = await freshMeeting();
    const d = await draft(t.hub, a.member.token, meeting.id, 'Une seule fois');
    const entry = await decide(t.hub, a.coChair.token, meeting.id, d.id, 'adopted');
    const count = (await logOf()).length;
    const msg = expectError(
      await post(t.hub, a.coChair.token, 'decisions.decide', {
        meetingId: meeting.id,
        decisionId: d.id,
        outcome: 'rejected',
      }),
      409,
      'conflict',
    );
    expect(msg).toMatch(/adopted/);
    expect(await logOf()).toHaveLength(count);
    expect(held(meeting.docName, d.id)).toMatchObject({ status: 'adopted', logEntryId: entry.id });
  });

  it('refuses a vote-mode decision without a vote (400), and one with nothing written (400)', async () => {
    const meeting = await freshMeeting();
    const count = (await logOf()).length;
    const byVote = await draft(t.hub, a.member.token, meeting.id, 'Au vote', { mode: 'vote' });
    const msg = expectError(
      await post(t.hub, a.coChair.token, 'decisions.decide', {
        meetingId: meeting.id,
        decisionId: byVote.id,
        outcome: 'adopted',
      }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(/vote/);
    const empty = await draft(t.hub, a.member.token, meeting.id, 'Sans texte', { text: '' });
    expectError(
      await post(t.hub, a.coChair.token, 'decisions.decide', {
        meetingId: meeting.id,
        decisionId: empty.id,
        outcome: 'adopted',
      }),
      400,
      'invalid_input',
    );
    expect(await logOf()).toHaveLength(count);
    expect(held(meeting.docName, byVote.id)?.status).toBe('proposed');

    // With the vote recorded, it may be decided; the entry keeps the vote.
    await attend(t.hub, a.coChair.token, meeting.id, { [a.coChair.member.id]: 'present' });
    await update(t.hub, a.member.token, meeting.id, byVote.id, {
      vote: { for: 1, against: 0, abstain: 0, secret: true },
    });
    const entry = await decide(t.hub, a.coChair.token, meeting.id, byVote.id, 'adopted');
    expect(entry.content.vote).toEqual({ for: 1, against: 0, abstain: 0, secret: true, ballots: {} });
  });

  it('once decided, a decision is neither updated nor removed (409): it is amended', async () => {
    const meeting = await freshMeeting();
    const d = await draft(t.hub, a.member.token, meeting.id, 'Gravée');
    await decide(t.hub, a.coChair.token, meeting.id, d.id, 'rejected');
    const decided = held(meeting.docName, d.id);
    const msg = expectError(
      await post(t.hub, a.coChair.token, 'decisions.update', {
        meetingId: meeting.id,
        decisionId: d.id,
        text: 'Réécrite après coup',
      }),
      409,
      'conflict',
    );
    expect(msg).toMatch(/amend/);
    expectError(
      await post(t.hub, a.coChair.token, 'decisions.remove', { meetingId: meeting.id, decisionId: d.id }),
      409,
      'conflict',
    );
    expect(held(meeting.docName, d.id)).toEqual(decided);
    expect(await inRegister(a, d.id)).toEqual(decided);
  });
});

describe('amending and rescinding', () => {
  /** An adopted decision of committee A, with its entry. */
  async function adopted(title = 'Politique d’accueil') {
    const meeting = await freshMeeting();
    const d = await draft(t.hub, a.member.token, meeting.id, title, {
      rationale: 'Les familles le demandent.',
    });
    const entry = await decide(t.hub, a.coChair.token, meeting.id, d.id, 'adopted');
    return { meeting, d, entry };
  }

  it('appends an amendment linked to the entry, with the changes and the reason; the entry stays', async () => {
    const { meeting, d, entry } = await adopted();
    const watcher = await watch(t.hub, meeting.docName, a.observer.token);
    const amended = await call(t.hub, a.coChair.token, 'decisions.amend', {
      committeeId: a.committee.id,
      entryId: entry.id,
      reason: 'Coquille dans les heures',
      text: 'Les visites sont permises jusqu’à 22 h.',
      influence: { level: 'co-decided', evidence: 'Proposé par les patients partenaires.' },
    });
    const log = await logOf();
    expect(log.at(-1)).toEqual(amended);
    expect(amended).toMatchObject({
      kind: 'amended',
      decisionId: d.id,
      amendsEntryId: entry.id,
      seq: log.at(-2)!.seq + 1,
      prevSha256: log.at(-2)!.entrySha256,
      createdBy: a.coChair.member.id,
    });
    expect(amended.contentSha256).toBe(sha256(canonicalJson(amended.content)));
    expect(amended.content).toMatchObject({
      title: d.title,
      rationale: d.rationale,
      text: 'Les visites sont permises jusqu’à 22 h.',
      influence: { level: 'co-decided', evidence: 'Proposé par les patients partenaires.' },
      status: 'amended',
      amendmentReason: 'Coquille dans les heures',
    });
    // The original entry is untouched.
    expect(log.find((e) => e.id === entry.id)).toEqual(entry);
    // The meeting and the register show the amended decision.
    await waitFor(
      () => decisionIn(watcher.doc, d.id)?.status === 'amended',
      5000,
      'the amendment to reach the client',
    );
    expect(decisionIn(watcher.doc, d.id)).toMatchObject({
      text: 'Les visites sont permises jusqu’à 22 h.',
      amendmentReason: 'Coquille dans les heures',
      logEntryId: amended.id,
    });
    expect(await inRegister(a, d.id)).toMatchObject({ status: 'amended', logEntryId: amended.id });
  });

  it('links a second amendment to the latest entry, even when given the first', async () => {
    const { entry } = await adopted('Deux amendements');
    const first = await call(t.hub, a.coChair.token, 'decisions.amend', {
      committeeId: a.committee.id,
      entryId: entry.id,
      reason: 'Premier',
      title: 'Deux amendements (1)',
    });
    const second = await call(t.hub, a.coChair.token, 'decisions.amend', {
      committeeId: a.committee.id,
      entryId: entry.id,
      reason: 'Second',
      rationale: 'Nouvelle justification',
    });
    expect(second.amendsEntryId).toBe(first.id);
    expect(second.seq).toBe(first.seq + 1);
    expect(second.content).toMatchObject({
      title: 'Deux amendements (1)',
      rationale: 'Nouvelle justification',
      amendmentReason: 'Second',
    });
  });

  it('refuses an amendment without a reason (400) or by a plain member (403)', async () => {
    const { entry } = await adopted('Sans raison');
    const count = (await logOf()).length;
    const msg = expectError(
      await post(t.hub, a.coChair.token, 'decisions.amend', {
        committeeId: a.committee.id,
        entryId: entry.id,
        reason: '   ',
        text: 'Changée',
      }),
      400,
      'invalid_input',
    );
    expect(msg).toMatch(/reason is required/);
    for (const seat of [a.member, a.secretary]) {
      expectError(
        await post(t.hub, seat.token, 'decisions.amend', {
          committeeId: a.committee.id,
          entryId: entry.id,
          reason: 'Je peux ?',
        }),
        403,
        'forbidden',
      );
      expectError(
        await post(t.hub, seat.token, 'decisions.rescind', {
          committeeId: a.committee.id,
          entryId: entry.id,
          reason: 'Je peux ?',
        }),
        403,
        'forbidden',
      );
    }
    expect(await logOf()).toHaveLength(count);
  });

  it('an unknown entry, or one of another committee, is 404', async () => {
    const { entry } = await adopted('Bien à nous');
    const theirs = await draft(t.hub, b.member.token, b.meeting.id, 'À eux');
    const theirEntry = await decide(t.hub, b.coChair.token, b.meeting.id, theirs.id, 'adopted');
    const count = (await logOf()).length;
    for (const [method, entryId] of [
      ['decisions.amend', 999_999],
      ['decisions.amend', theirEntry.id],
      ['decisions.rescind', 999_999],
      ['decisions.rescind', theirEntry.id],
    ] as const) {
      expectError(
        await post(t.hub, a.coChair.token, method, {
          committeeId: a.committee.id,
          entryId,
          reason: 'Erreur',
          ...(method === 'decisions.amend' ? { text: 'Changée' } : {}),
        }),
        404,
        'not_found',
      );
    }
    // Naming the other committee is refused outright.
    expectError(
      await post(t.hub, a.coChair.token, 'decisions.rescind', {
        committeeId: b.committee.id,
        entryId: theirEntry.id,
        reason: 'Erreur',
      }),
      403,
      'forbidden',
    );
    expect(await logOf()).toHaveLength(count);
    expect(await logOf(b)).toEqual([theirEntry]);
    expect((await logOf()).find((e) => e.id === entry.id)).toEqual(entry);
  });

  it('rescinds with a new entry; a rescinded decision can be neither amended nor rescinded (409)', async () => {
    const { meeting, d, entry } = await adopted('À abroger');
    const amended = await call(t.hub, a.coChair.token, 'decisions.amend', {
      committeeId: a.committee.id,
      entryId: entry.id,
      reason: 'Précision',
      text: 'Précisée',
    });
    const rescinded = await call(t.hub, a.coChair.token, 'decisions.rescind', {
      committeeId: a.committee.id,
      entryId: amended.id,
      reason: 'Remplacée par la politique de 2027',
    });
    expect(rescinded).toMatchObject({
      kind: 'rescinded',
      decisionId: d.id,
      amendsEntryId: amended.id,
      seq: amended.seq + 1,
      prevSha256: amended.entrySha256,
    });
    expect(rescinded.content).toMatchObject({
      text: 'Précisée',
      status: 'rescinded',
      rescissionReason: 'Remplacée par la politique de 2027',
    });
    expect(rescinded.contentSha256).toBe(sha256(canonicalJson(rescinded.content)));
    expect(held(meeting.docName, d.id)).toMatchObject({ status: 'rescinded', logEntryId: rescinded.id });
    expect((await inRegister(a, d.id))?.status).toBe('rescinded');

    const count = (await logOf()).length;
    for (const entryId of [entry.id, amended.id, rescinded.id]) {
      const msg = expectError(
        await post(t.hub, a.coChair.token, 'decisions.amend', {
          committeeId: a.committee.id,
          entryId,
          reason: 'Trop tard',
          text: 'Ressuscitée',
        }),
        409,
        'conflict',
      );
      expect(msg).toMatch(/rescinded/);
      expectError(
        await post(t.hub, a.coChair.token, 'decisions.rescind', {
          committeeId: a.committee.id,
          entryId,
          reason: 'Encore',
        }),
        409,
        'conflict',
      );
    }
    expect(await logOf()).toHaveLength(count);
    expect(held(meeting.docName, d.id)?.text).toBe('Précisée');
  });
});
