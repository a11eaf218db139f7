/** A committee with many decisions, for the benchmarks of the decision log and the register. */
import { randomUUID } from 'node:crypto';
import type { Core } from '../src/core';
import type { Decision, Position } from '../src/shared/decisions';
import type { Committee } from '../src/shared/domain';

const OWNER = { kind: 'owner' } as const;

export interface SeedOptions {
  /** How many meetings the decisions are spread over (default 50). */
  meetings?: number;
  /** The first meeting's date (default 2024-01-10, 23:00 UTC). */
  first?: Date;
  /** Days between two meetings (default 14). */
  everyDays?: number;
}

/** Seeds the committee and its decisions; returns the committee. */
export function seedDecisions(core: Core, count: number, opts: SeedOptions = {}): Committee {
  const first = opts.first ?? new Date(Date.UTC(2024, 0, 10, 23));
  const everyDays = opts.everyDays ?? 14;
  const committee = core.call(OWNER, 'committees.create', {
    name: 'Comité des usagers',
    area: 'care-and-services',
    mandate: 'Améliorer l’accueil et l’expérience des usagers',
    language: 'fr',
  });
  const members = Array.from(
    { length: 12 },
    (_, i) =>
      core.call(OWNER, 'members.add', {
        committeeId: committee.id,
        name: `${['Amina', 'Benoît', 'Chloé', 'Gaëlle', 'François', 'Denis'][i % 6]} Tremblay-Côté ${i + 1}`,
        kind: i % 3 === 0 ? 'patient-partner' : i % 3 === 1 ? 'professional' : 'caregiver-partner',
        role: i < 2 ? 'co-chair' : i === 2 ? 'secretary' : 'member',
        engagementLevel: 'partnership',
        consents: { named: i % 4 !== 3, contact: true },
      }).member,
  );
  const meetings = Array.from({ length: opts.meetings ?? 50 }, (_, i) =>
    core.call(OWNER, 'meetings.create', {
      committeeId: committee.id,
      title: `Rencontre nº ${i + 1}`,
      startsAt: new Date(first.getTime() + everyDays * i * 86_400_000).toISOString(),
    }),
  );
  const items = meetings.map((m) =>
    ['Accueil aux urgences', 'Plan d’action « Premier contact »', 'Budget', 'Varia'].map((title, j) =>
      core.call(OWNER, 'agenda.add', {
        meetingId: m.id,
        title,
        purpose: (['decision', 'deliberation', 'consultation', 'information'] as const)[j],
      }),
    ),
  );

  const repo = core.decisions;
  core.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const mi = Math.floor((i * meetings.length) / count);
      const meeting = meetings[mi]!;
      const item = items[mi]![i % 4]!;
      const roll = i % 100;
      const named = i % 3 !== 0;
      const ballots: Record<string, Position> = {};
      if (named)
        members
          .slice(0, 8)
          .forEach((m, k) => (ballots[m.id] = k < 6 ? 'for' : k < 7 ? 'against' : 'abstain'));
      const base: Decision = {
        id: randomUUID(),
        meetingId: meeting.id,
        agendaItemId: item.id,
        title: `Décision ${i + 1} : élargir l’accueil « Premier contact » à l’unité ${i % 37}`,
        text: `Le comité recommande d’étendre le projet « Premier contact » à l’unité ${i % 37}, avec un pair aidant à l’entrée, et d’en faire le bilan à l’automne ; la coordination, les proches et l’équipe de soins y collaborent.`,
        rationale:
          'Les résultats du bilan sont probants : délais d’attente réduits de 20 %, satisfaction des usagers en hausse, « œuvre commune » saluée par les familles.',
        mode: i % 5 === 0 ? 'consensus' : 'vote',
        vote: i % 5 === 0 ? null : { for: 6, against: 1, abstain: 1, secret: !named, ballots },
        positions: i % 7 === 0 ? { [members[3]!.id]: 'Pour, à condition d’un bilan public.' } : {},
        proposedBy: members[i % members.length]!.id,
        speakers: [members[(i + 1) % 12]!.id, members[(i + 3) % 12]!.id, members[(i + 7) % 12]!.id],
        influence: {
          level: (['none', 'informed', 'shaped', 'co-decided'] as const)[i % 4]!,
          evidence:
            i % 4 >= 2
              ? 'Heures de soirée ajoutées à la demande des partenaires, et « accueil bilingue ».'
              : '',
        },
        status: 'proposed',
        createdAt: meeting.startsAt,
        logEntryId: null,
      };
      const save = (d: Decision, decidedAt: string | null) =>
        repo.upsertDecision(d, {
          committeeId: committee.id,
          purpose: item.purpose,
          meetingStartsAt: meeting.startsAt,
          decidedAt,
        });
      if (roll >= 97) {
        save(base, null);
        continue;
      }
      const outcome = roll < 80 ? 'adopted' : roll < 88 ? 'rejected' : roll < 93 ? 'deferred' : 'adopted';
      let d: Decision = { ...base, status: outcome };
      let entry = repo.append({
        committeeId: committee.id,
        meetingId: meeting.id,
        decisionId: d.id,
        kind: outcome,
        amendsEntryId: null,
        content: d,
        createdBy: members[0]!.id,
      });
      const amendments = roll < 8 ? 1 : roll < 10 ? 2 : 0;
      for (let a = 0; a < amendments; a++) {
        d = {
          ...d,
          text: `${d.text} Précision nº ${a + 1}.`,
          status: 'amended',
          amendmentReason: 'Précision demandée à la rencontre suivante.',
        };
        entry = repo.append({
          committeeId: committee.id,
          meetingId: meeting.id,
          decisionId: d.id,
          kind: 'amended',
          amendsEntryId: entry.id,
          content: d,
          createdBy: members[1]!.id,
        });
      }
      if (roll >= 93) {
        d = { ...d, status: 'rescinded', rescissionReason: 'Remplacée par une décision ultérieure.' };
        entry = repo.append({
          committeeId: committee.id,
          meetingId: meeting.id,
          decisionId: d.id,
          kind: 'rescinded',
          amendsEntryId: entry.id,
          content: d,
          createdBy: members[1]!.id,
        });
      }
      save({ ...d, logEntryId: entry.id }, entry.createdAt);
    }
  })();
  return committee;
}
