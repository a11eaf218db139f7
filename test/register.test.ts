/**
 * The register of decisions: every decision of a committee in its current state, filtered by
 * status, meeting, date, purpose, influence and person, and searched in French or English with
 * accents ignored. Read by anyone in the committee, and nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Input } from '../src/shared/api';
import type { Decision } from '../src/shared/decisions';
import type { Meeting } from '../src/shared/domain';
import {
  OWNER_TOKEN,
  call,
  post,
  runDeferred,
  seedCommittee,
  startTestHub,
  type Committee1,
  type TestHub,
} from './helpers';
import { addItem, expectError } from './fixtures';
import { attend, decide, draft, update } from './decision-fixtures';

let t: TestHub;
let a: Committee1;
let b: Committee1;
let september: Meeting;
let october: Meeting;
let november: Meeting;
/** The decisions of committee A, by a short name. */
const d: Record<string, Decision> = {};

/**
 * Committee A decides over three meetings (September, October, November):
 * - school: adopted, an agenda item for decision, proposed by Bruno, co-decided (evidence in French);
 * - hospital: proposed, an item for consultation, Chloé spoke, shaped; a word only in its rationale;
 * - wing: rejected (English), no item, Denis took a position, informed;
 * - budget: deferred, an item for decision, Amina's ballot, no influence;
 * - parking: amended, an item for information, nobody named.
 * Committee B has a decision with the same words, which A's register never shows.
 */
beforeAll(async () => {
  t = await startTestHub();
  a = await seedCommittee(t.hub, 'Comité des usagers');
  b = await seedCommittee(t.hub, 'Comité de la recherche');
  const meeting = (title: string, startsAt: string) =>
    call(t.hub, OWNER_TOKEN, 'meetings.create', { committeeId: a.committee.id, title, startsAt });
  september = await meeting('Rencontre de septembre', '2026-09-10T18:00:00Z');
  october = await meeting('Rencontre d’octobre', '2026-10-15T18:00:00Z');
  november = await meeting('Rencontre de novembre', '2026-11-20T18:00:00Z');

  const schoolItem = await addItem(t.hub, OWNER_TOKEN, september.id, 'École', { purpose: 'decision' });
  d.school = await draft(t.hub, a.member.token, september.id, 'Ouvrir l’école des proches aidants', {
    agendaItemId: schoolItem.id,
    text: 'Une école des proches aidants ouvre au printemps.',
  });
  d.school = await update(t.hub, OWNER_TOKEN, september.id, d.school.id, {
    influence: { level: 'co-decided', evidence: 'Les patients partenaires ont réécrit le programme.' },
  });
  await decide(t.hub, OWNER_TOKEN, september.id, d.school.id, 'adopted');

  const hospitalItem = await addItem(t.hub, OWNER_TOKEN, october.id, 'Hôpital', { purpose: 'consultation' });
  d.hospital = await draft(t.hub, OWNER_TOKEN, october.id, 'Hôpital de jour : horaires du soir', {
    agendaItemId: hospitalItem.id,
    text: 'Les horaires du soir sont prolongés.',
    rationale: 'Les bénévoles ne peuvent venir qu’après le travail.',
  });
  d.hospital = await update(t.hub, OWNER_TOKEN, october.id, d.hospital.id, {
    speakers: [a.secretary.member.id],
    influence: { level: 'shaped', evidence: 'Horaires proposés par un proche.' },
  });

  d.wing = await draft(t.hub, OWNER_TOKEN, october.id, 'Plan for the new hospital wing', {
    text: 'Wheelchair access on every floor.',
  });
  d.wing = await update(t.hub, OWNER_TOKEN, october.id, d.wing.id, {
    positions: { [a.observer.member.id]: 'Against: the budget is not there' },
    influence: { level: 'informed', evidence: 'Partners were told of the plan.' },
  });
  await decide(t.hub, OWNER_TOKEN, october.id, d.wing.id, 'rejected');

  const budgetItem = await addItem(t.hub, OWNER_TOKEN, november.id, 'Budget', { purpose: 'decision' });
  await attend(t.hub, OWNER_TOKEN, november.id, { [a.coChair.member.id]: 'present' });
  d.budget = await draft(t.hub, OWNER_TOKEN, november.id, 'Budget des Écoles', {
    agendaItemId: budgetItem.id,
    mode: 'vote',
  });
  d.budget = await update(t.hub, OWNER_TOKEN, november.id, d.budget.id, {
    vote: { for: 0, against: 0, abstain: 0, secret: false, ballots: { [a.coChair.member.id]: 'abstain' } },
  });
  await decide(t.hub, OWNER_TOKEN, november.id, d.budget.id, 'deferred');

  const parkingItem = await addItem(t.hub, OWNER_TOKEN, november.id, 'Stationnement', {
    purpose: 'information',
  });
  d.parking = await draft(t.hub, OWNER_TOKEN, november.id, 'Stationnement', {
    agendaItemId: parkingItem.id,
    text: 'Le stationnement est réduit de moitié.',
  });
  const entry = await decide(t.hub, OWNER_TOKEN, november.id, d.parking.id, 'adopted');
  await call(t.hub, OWNER_TOKEN, 'decisions.amend', {
    committeeId: a.committee.id,
    entryId: entry.id,
    reason: 'Tarif corrigé',
    text: 'Le stationnement est gratuit le soir.',
  });

  const theirs = await draft(t.hub, OWNER_TOKEN, b.meeting.id, 'L’école et l’hôpital (comité B)', {
    text: 'Wheelchair bénévoles réécrit',
  });
  await decide(t.hub, OWNER_TOKEN, b.meeting.id, theirs.id, 'adopted');
});
afterAll(runDeferred);

type Filter = Omit<Input<'decisions.register'>, 'committeeId'>;

/** The register of committee A under `filter`, read by its observer: the decisions' short names. */
async function names(filter: Filter = {}): Promise<string[]> {
  const { items } = await call(t.hub, a.observer.token, 'decisions.register', {
    committeeId: a.committee.id,
    ...filter,
  });
  const byId = new Map(Object.entries(d).map(([name, x]) => [x.id, name]));
  return items.map((x) => byId.get(x.id) ?? `unknown ${x.title}`);
}

const sorted = async (filter: Filter): Promise<string[]> => (await names(filter)).sort();

describe('the register', () => {
  it('lists every decision of the committee in its current state, the latest meeting first', async () => {
    const { total, items } = await call(t.hub, a.member.token, 'decisions.register', {
      committeeId: a.committee.id,
    });
    expect(total).toBe(5);
    expect(items.slice(0, 2).map((x) => x.meetingId)).toEqual([november.id, november.id]);
    expect(items.at(-1)!.id).toBe(d.school!.id);
    const byId = Object.fromEntries(items.map((x) => [x.id, x]));
    expect(byId[d.school!.id]).toMatchObject({ status: 'adopted', proposedBy: a.member.member.id });
    expect(byId[d.hospital!.id]).toMatchObject({ status: 'proposed' });
    expect(byId[d.wing!.id]).toMatchObject({ status: 'rejected' });
    expect(byId[d.budget!.id]).toMatchObject({ status: 'deferred' });
    expect(byId[d.parking!.id]).toMatchObject({
      status: 'amended',
      text: 'Le stationnement est gratuit le soir.',
      amendmentReason: 'Tarif corrigé',
    });
  });

  it('filters by status', async () => {
    expect(await sorted({ status: ['adopted'] })).toEqual(['school']);
    expect(await sorted({ status: ['proposed', 'deferred'] })).toEqual(['budget', 'hospital']);
    expect(await sorted({ status: ['amended'] })).toEqual(['parking']);
    expect(await sorted({ status: ['rescinded'] })).toEqual([]);
  });

  it('filters by meeting', async () => {
    expect(await sorted({ meetingId: october.id })).toEqual(['hospital', 'wing']);
    expect(await sorted({ meetingId: b.meeting.id })).toEqual([]);
  });

  it('filters by the date of the meeting, both ends included', async () => {
    expect(await sorted({ from: '2026-10-01T00:00:00Z', to: '2026-10-31T23:59:59Z' })).toEqual([
      'hospital',
      'wing',
    ]);
    expect(await sorted({ from: '2026-10-15T18:00:00Z' })).toEqual(['budget', 'hospital', 'parking', 'wing']);
    expect(await sorted({ to: '2026-10-15T18:00:00Z' })).toEqual(['hospital', 'school', 'wing']);
    expect(await sorted({ to: '2026-09-10T17:59:59Z' })).toEqual([]);
  });

  it('follows the meeting when it is moved to another date', async () => {
    const c = await seedCommittee(t.hub, 'Comité qui reporte');
    const x = await draft(t.hub, OWNER_TOKEN, c.meeting.id, 'Reportée avec sa rencontre');
    const inDecember = {
      committeeId: c.committee.id,
      from: '2026-12-01T00:00:00Z',
      to: '2026-12-31T00:00:00Z',
    };
    expect((await call(t.hub, OWNER_TOKEN, 'decisions.register', inDecember)).total).toBe(0);
    await call(t.hub, OWNER_TOKEN, 'meetings.update', { id: c.meeting.id, startsAt: '2026-12-04T18:00:00Z' });
    const moved = await call(t.hub, OWNER_TOKEN, 'decisions.register', inDecember);
    expect(moved.items.map((i) => i.id)).toEqual([x.id]);
    expect(
      (
        await call(t.hub, OWNER_TOKEN, 'decisions.register', {
          committeeId: c.committee.id,
          to: '2026-11-30T00:00:00Z',
        })
      ).total,
    ).toBe(0);
  });

  it('filters by the purpose of the agenda item', async () => {
    expect(await sorted({ purpose: 'decision' })).toEqual(['budget', 'school']);
    expect(await sorted({ purpose: 'consultation' })).toEqual(['hospital']);
    expect(await sorted({ purpose: 'information' })).toEqual(['parking']);
    expect(await sorted({ purpose: 'deliberation' })).toEqual([]);
  });

  it('follows the agenda item when its purpose changes', async () => {
    const c = await seedCommittee(t.hub, 'Comité qui précise');
    const item = await addItem(t.hub, OWNER_TOKEN, c.meeting.id, 'Horaires', { purpose: 'consultation' });
    const x = await draft(t.hub, OWNER_TOKEN, c.meeting.id, 'Horaires d’été', { agendaItemId: item.id });
    const byPurpose = async (purpose: 'consultation' | 'decision') =>
      (
        await call(t.hub, OWNER_TOKEN, 'decisions.register', { committeeId: c.committee.id, purpose })
      ).items.map((i) => i.id);
    expect(await byPurpose('consultation')).toEqual([x.id]);
    await call(t.hub, c.member.token, 'agenda.update', {
      meetingId: c.meeting.id,
      itemId: item.id,
      purpose: 'decision',
    });
    expect(await byPurpose('decision')).toEqual([x.id]);
    expect(await byPurpose('consultation')).toEqual([]);
  });

  it('filters by the partners’ influence', async () => {
    expect(await sorted({ influence: ['co-decided'] })).toEqual(['school']);
    expect(await sorted({ influence: ['shaped', 'informed'] })).toEqual(['hospital', 'wing']);
    expect(await sorted({ influence: ['none'] })).toEqual(['budget', 'parking']);
  });

  it('filters by a member: proposer, speaker, position or ballot', async () => {
    expect(await names({ memberId: a.member.member.id })).toEqual(['school']);
    expect(await names({ memberId: a.secretary.member.id })).toEqual(['hospital']);
    expect(await names({ memberId: a.observer.member.id })).toEqual(['wing']);
    expect(await names({ memberId: a.coChair.member.id })).toEqual(['budget']);
    expect(await names({ memberId: b.member.member.id })).toEqual([]);
  });

  it('combines filters', async () => {
    expect(await names({ meetingId: november.id, status: ['deferred'], purpose: 'decision' })).toEqual([
      'budget',
    ]);
    expect(await names({ q: 'hospital', status: ['rejected'] })).toEqual(['wing']);
    expect(await names({ q: 'hopital', status: ['rejected'] })).toEqual([]);
  });

  it('pages with limit and offset, and gives the total', async () => {
    const all = await names({});
    const first = await call(t.hub, a.observer.token, 'decisions.register', {
      committeeId: a.committee.id,
      limit: 2,
    });
    const second = await call(t.hub, a.observer.token, 'decisions.register', {
      committeeId: a.committee.id,
      limit: 2,
      offset: 2,
    });
    const third = await call(t.hub, a.observer.token, 'decisions.register', {
      committeeId: a.committee.id,
      limit: 2,
      offset: 4,
    });
    expect([first.total, second.total, third.total]).toEqual([5, 5, 5]);
    expect([first.items.length, second.items.length, third.items.length]).toEqual([2, 2, 1]);
    const paged = [...first.items, ...second.items, ...third.items].map((x) => x.id);
    expect(paged).toEqual(all.map((name) => d[name]!.id));
    const filtered = await call(t.hub, a.observer.token, 'decisions.register', {
      committeeId: a.committee.id,
      status: ['adopted', 'rejected', 'deferred'],
      limit: 1,
      offset: 1,
    });
    expect(filtered.total).toBe(3);
    expect(filtered.items).toHaveLength(1);
  });

  it('refuses a bad filter (400)', async () => {
    for (const bad of [
      { status: ['decided'] },
      { from: 'hier' },
      { limit: 0 },
      { offset: -1 },
      { purpose: 'gossip' },
      { colour: 'red' },
    ]) {
      expectError(
        await post(t.hub, a.observer.token, 'decisions.register', { committeeId: a.committee.id, ...bad }),
        400,
        'invalid_input',
      );
    }
  });

  it('is closed to a member of another committee (403)', async () => {
    const msg = expectError(
      await post(t.hub, b.member.token, 'decisions.register', { committeeId: a.committee.id }),
      403,
      'forbidden',
    );
    expect(msg).toMatch(/another committee/);
    expectError(
      await post(t.hub, b.member.token, 'decisions.register', { committeeId: a.committee.id, q: 'ecole' }),
      403,
      'forbidden',
    );
  });
});

describe('searching the register', () => {
  it('ignores accents and case: "ecole" finds "école" and, as a prefix, "Écoles"', async () => {
    expect(await sorted({ q: 'ecole' })).toEqual(['budget', 'school']);
    expect(await sorted({ q: 'ÉCOLE' })).toEqual(['budget', 'school']);
    expect(await sorted({ q: 'écoles' })).toEqual(['budget']);
  });

  it('"hopital" finds "hôpital"; "hospital" finds the English one', async () => {
    expect(await sorted({ q: 'hopital' })).toEqual(['hospital']);
    expect(await sorted({ q: 'hospital' })).toEqual(['wing']);
    expect(await sorted({ q: 'hop' })).toEqual(['hospital']);
  });

  it('finds a word of the text, the rationale or the influence evidence', async () => {
    expect(await names({ q: 'printemps' })).toEqual(['school']);
    expect(await names({ q: 'wheelchair' })).toEqual(['wing']);
    expect(await names({ q: 'benevoles' })).toEqual(['hospital']);
    expect(await names({ q: 'reecrit' })).toEqual(['school']);
    expect(await names({ q: 'Partners' })).toEqual(['wing']);
  });

  it('requires every word', async () => {
    expect(await names({ q: 'école aidants' })).toEqual(['school']);
    expect(await names({ q: 'école hôpital' })).toEqual([]);
    expect(await names({ q: 'l’école des proches' })).toEqual(['school']);
  });

  it('finds the amended text, not the replaced one', async () => {
    expect(await names({ q: 'gratuit' })).toEqual(['parking']);
    expect(await names({ q: 'moitié' })).toEqual([]);
  });

  it('takes what a person types literally: quotes, operators and stray punctuation', async () => {
    expect(await names({ q: 'wing OR école' })).toEqual([]);
    expect(await names({ q: '"hôpital' })).toEqual(['hospital']);
    expect(await names({ q: 'NOT ecole' })).toEqual([]);
    expect(await names({ q: 'hôpital*' })).toEqual(['hospital']);
    expect((await names({ q: '  ' })).length).toBe(5);
    expect((await names({ q: '!!!' })).length).toBe(5);
  });

  it('finds a decision as soon as it is drafted, and no longer once it is removed', async () => {
    const x = await draft(t.hub, a.member.token, november.id, 'Trottinettes électriques');
    expect(
      (
        await call(t.hub, a.observer.token, 'decisions.register', {
          committeeId: a.committee.id,
          q: 'trottinette',
        })
      ).items.map((i) => i.id),
    ).toEqual([x.id]);
    await call(t.hub, a.member.token, 'decisions.remove', { meetingId: november.id, decisionId: x.id });
    expect(
      (
        await call(t.hub, a.observer.token, 'decisions.register', {
          committeeId: a.committee.id,
          q: 'trottinette',
        })
      ).total,
    ).toBe(0);
  });
});
