/**
 * The experience questionnaire's totals when partners skip a statement: a meeting's answers to a
 * statement count only if at least QUESTIONNAIRE_MIN_COUNT of its partners answered it, as a
 * meeting counts only with that many answers. Otherwise a statement three partners answered
 * would show their three answers, and the totals of a period with and without that meeting would
 * tell them apart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionnaireQuestion } from '../src/shared/ledger';
import { QUESTIONNAIRE_MIN_COUNT, QUESTIONNAIRE_OPEN_DAYS } from '../src/shared/ledger';
import { OWNER_TOKEN, call, runDeferred, seedCommittee, startTestHub, type Seat } from './helpers';

afterEach(runDeferred);

describe('questionnaire totals when a statement is skipped', () => {
  it('leave out a meeting’s answers to a statement fewer than the minimum answered, and say how many', async () => {
    expect(QUESTIONNAIRE_MIN_COUNT).toBe(5);
    let now = new Date('2026-10-01T18:00:00Z');
    const t = await startTestHub({ core: { now: () => now, exportWorker: false } });
    const c = await seedCommittee(t.hub);
    const committeeId = c.committee.id;
    const partners: Seat[] = [c.coChair, c.member];
    for (const name of ['Claire Patiente', 'Dominique Proche', 'Élise Patiente', 'Fatou Proche'])
      partners.push(
        await call(t.hub, OWNER_TOKEN, 'members.add', {
          committeeId,
          name,
          kind: name.endsWith('Proche') ? 'caregiver-partner' : 'patient-partner',
          role: 'member',
          engagementLevel: 'partnership',
        }),
      );

    /** A meeting on `day` that the six partners attend; `answers(i)` is what the i-th partner answers. */
    const meeting = async (
      day: string,
      answers: (i: number) => Partial<Record<QuestionnaireQuestion, number>>,
    ) => {
      now = new Date(`${day}T18:00:00Z`);
      const m = await call(t.hub, OWNER_TOKEN, 'meetings.create', {
        committeeId,
        title: `Rencontre du ${day}`,
        startsAt: now.toISOString(),
      });
      for (const p of partners)
        await call(t.hub, OWNER_TOKEN, 'attendance.set', {
          meetingId: m.id,
          memberId: p.member.id,
          status: 'present',
        });
      await call(t.hub, OWNER_TOKEN, 'meetings.start', { id: m.id });
      for (const [i, p] of partners.entries())
        await call(t.hub, p.token, 'questionnaire.answer', { meetingId: m.id, answers: answers(i) });
      return m;
    };
    // October: all six say they were heard; only three answer whether they had what they needed.
    const october = await meeting('2026-10-01', (i) => ({
      heard: 4,
      mattered: 5,
      ...(i < 3 ? { prepared: 2 } : {}),
    }));
    // November: all six answer everything.
    const november = await meeting('2026-11-05', () => ({ heard: 5, prepared: 4, mattered: 3 }));
    now = new Date(Date.parse('2026-11-05T18:00:00Z') + (QUESTIONNAIRE_OPEN_DAYS + 1) * 86_400_000);

    const results = (p: { meetingId?: string; from?: string; to?: string }) =>
      call(t.hub, OWNER_TOKEN, 'questionnaire.results', { committeeId, ...p });
    const oct = await results({ meetingId: october.id });
    expect(oct).toMatchObject({ shown: true, counted: 6, meetingsCounted: 1 });
    expect(oct.questions!.heard).toMatchObject({ answered: 6, withheld: 0, mean: 4 });
    expect(oct.questions!.prepared).toEqual({
      answered: 0,
      withheld: 3,
      mean: 0,
      agree: 0,
      distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
    });

    // Over both meetings, and November alone: the difference holds nothing of October's three.
    const both = await results({ from: '2026-10-01', to: '2026-11-30' });
    const nov = await results({ meetingId: november.id });
    expect(both.questions!.prepared).toMatchObject({ answered: 6, withheld: 3, mean: 4 });
    expect(both.questions!.prepared.distribution).toEqual(nov.questions!.prepared.distribution);
    expect(both.questions!.heard).toMatchObject({ answered: 12, withheld: 0, mean: 4.5 });

    // The partnership report says it too.
    const md = await fetch(`${t.hub.url}/api/report.export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OWNER_TOKEN}` },
      body: JSON.stringify({ committeeId, from: '2026-10-01', to: '2026-11-30', format: 'md' }),
    }).then((r) => r.text());
    expect(md).toMatch(/J’avais ce qu’il me fallait pour participer\.\s*\|\s*6 \(et 3 laissées de côté\)/);
  });
});
