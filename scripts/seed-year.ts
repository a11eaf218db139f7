/**
 * A realistic year of a co-construction committee, made through the core's API as its members
 * would (each call with that member's own token, so every act is attributed), on a clock the script
 * moves itself: 12 members, 12 monthly meetings with their agendas, attendance, speaking turns,
 * minutes typed in each item's section, comments, decisions with positions, votes (named and
 * secret) and the partners' influence, and the anonymous experience questionnaire. Deterministic
 * from a seed. `seedYear` returns what it did, counted on its own side, so that tests can check the
 * ledger's figures against it.
 *
 *   npx tsx scripts/seed-year.ts --data DIR [--seed N]
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import { Core } from '../src/core';
import type { Input, MethodName, Output } from '../src/shared/api';
import type { InfluenceLevel, Position } from '../src/shared/decisions';
import type {
  AgendaPurpose,
  AttendanceStatus,
  Caller,
  EngagementLevel,
  Member,
  MemberKind,
  Role,
} from '../src/shared/domain';
import {
  QUESTIONNAIRE_QUESTIONS,
  isPartner,
  questionnaireClosesAt,
  type QuestionnaireQuestion,
} from '../src/shared/ledger';

/** A clock that moves only when the script says so (give `now` to the core). */
export class SeedClock {
  private at: number;
  constructor(iso = '2026-01-01T12:00:00.000Z') {
    this.at = Date.parse(iso);
  }
  readonly now = (): Date => new Date(this.at);
  set(iso: string): void {
    this.at = Date.parse(iso);
  }
  advance(seconds: number): void {
    this.at += seconds * 1000;
  }
}

/** mulberry32: a small deterministic generator. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const sample = <T>(xs: readonly T[], n: number): T[] => {
    const copy = [...xs];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]!);
    return out;
  };
  return { next, int, pick, sample };
}

/** What the seed did for one member (in one meeting, or over the year). */
export interface SeedTally {
  speakingTurns: number;
  speakingSeconds: number;
  agendaItemsProposed: number;
  decisionsProposed: number;
  positions: number;
  votes: number;
  decisionsSpoken: number;
  comments: number;
  minutesInserted: number;
  minutesDeleted: number;
  minutesSurviving: number;
}

export const emptyTally = (): SeedTally => ({
  speakingTurns: 0,
  speakingSeconds: 0,
  agendaItemsProposed: 0,
  decisionsProposed: 0,
  positions: 0,
  votes: 0,
  decisionsSpoken: 0,
  comments: 0,
  minutesInserted: 0,
  minutesDeleted: 0,
  minutesSurviving: 0,
});

export interface SeedItem {
  meetingId: string;
  itemId: string;
  title: string;
  sought: EngagementLevel;
  purpose: AgendaPurpose;
  proposedBy: string;
  /** No partner spoke, wrote, proposed, took a position or commented on it. */
  quiet: boolean;
  /** Members who did something on it, and what (speaking, text, positions, …). */
  tally: Record<string, SeedTally>;
  decisions: { id: string; title: string; influence: InfluenceLevel; status: string; secret: boolean }[];
}

export interface SeedResult {
  committeeId: string;
  members: { member: Member; token: string }[];
  meetings: { id: string; title: string; startsAt: string; attendance: Record<string, AttendanceStatus> }[];
  items: SeedItem[];
  /** Per member, over the year. */
  byMember: Record<string, SeedTally>;
  /** Per meeting, per member. */
  byMeeting: Record<string, Record<string, SeedTally>>;
  /** Decisions voted by secret ballot: their ids. */
  secretDecisions: string[];
  /**
   * The questionnaire: answers given per meeting (each partner answers right after the meeting,
   * while it is open), per question the values given over the year and per meeting, and when each
   * meeting's questionnaire closes (ISO): its answers count in totals only from then, and only with
   * at least QUESTIONNAIRE_MIN_COUNT of them.
   */
  questionnaire: {
    perMeeting: Record<string, number>;
    values: Record<QuestionnaireQuestion, number[]>;
    valuesPerMeeting: Record<string, Record<QuestionnaireQuestion, number[]>>;
    closesAt: Record<string, string>;
  };
}

const PEOPLE: {
  name: string;
  kind: MemberKind;
  role: Role;
  engagementLevel: EngagementLevel;
  mandate: string;
}[] = [
  {
    name: 'Amina Tremblay',
    kind: 'patient-partner',
    role: 'co-chair',
    engagementLevel: 'partnership',
    mandate: 'Patiente partenaire, vit avec une maladie chronique; coprésidente du comité.',
  },
  {
    name: 'Marc Gagnon',
    kind: 'professional',
    role: 'co-chair',
    engagementLevel: 'partnership',
    mandate: 'Médecin de famille, coprésident du comité.',
  },
  {
    name: 'Louise Bouchard',
    kind: 'patient-partner',
    role: 'member',
    engagementLevel: 'collaboration',
    mandate: 'Patiente partenaire, expérience des urgences.',
  },
  {
    name: 'Hélène Côté',
    kind: 'caregiver-partner',
    role: 'member',
    engagementLevel: 'collaboration',
    mandate: 'Proche aidante d’un parent âgé.',
  },
  {
    name: 'Jean-François Roy',
    kind: 'patient-partner',
    role: 'member',
    engagementLevel: 'consultation',
    mandate: 'Patient partenaire, santé mentale.',
  },
  {
    name: 'Sophie Lavoie',
    kind: 'caregiver-partner',
    role: 'member',
    engagementLevel: 'consultation',
    mandate: 'Mère d’un enfant ayant des besoins particuliers.',
  },
  {
    name: 'Nadia Bélanger',
    kind: 'professional',
    role: 'member',
    engagementLevel: 'partnership',
    mandate: 'Infirmière clinicienne.',
  },
  {
    name: 'Pierre Morin',
    kind: 'manager',
    role: 'member',
    engagementLevel: 'collaboration',
    mandate: 'Chef de service, soins ambulatoires.',
  },
  {
    name: 'Isabelle Fortin',
    kind: 'researcher',
    role: 'member',
    engagementLevel: 'collaboration',
    mandate: 'Chercheuse en partenariat patient.',
  },
  {
    name: 'Karim Ouellet',
    kind: 'professional',
    role: 'member',
    engagementLevel: 'consultation',
    mandate: 'Travailleur social.',
  },
  {
    name: 'Chloé Pelletier',
    kind: 'staff',
    role: 'secretary',
    engagementLevel: 'information',
    mandate: 'Agente administrative, secrétariat du comité.',
  },
  {
    name: 'Denis Gauthier',
    kind: 'citizen',
    role: 'observer',
    engagementLevel: 'information',
    mandate: 'Citoyen, observateur du comité.',
  },
];

const TOPICS = [
  'Accueil à l’urgence',
  'Temps d’attente en clinique',
  'Lettre aux usagers',
  'Plan d’action annuel',
  'Sondage de satisfaction',
  'Formation des bénévoles',
  'Trajectoire de soins à domicile',
  'Accès aux résultats en ligne',
  'Politique de visites',
  'Signalisation des lieux',
  'Projet de recherche sur l’autogestion',
  'Budget du comité',
  'Soutien aux proches aidants',
  'Communication des congés',
  'Salle d’attente pédiatrique',
  'Révision du guide d’accueil',
];

const SENTENCES = [
  'Les membres souhaitent clarifier les étapes pour les usagers.',
  'Il est proposé de réviser le document avec des patients partenaires.',
  'Plusieurs irritants ont été nommés : délais, affichage, accès au stationnement.',
  'L’équipe présentera une version révisée à la prochaine rencontre.',
  'Les proches aidants demandent à être informés plus tôt.',
  'Le comité note l’importance d’un langage simple et accessible.',
  'Une consultation élargie est prévue auprès des usagers en février.',
  'La gestionnaire confirme les ressources disponibles pour ce projet.',
  'On s’entend pour mesurer l’effet des changements dans six mois.',
  'Des exemples concrets ont été partagés par les partenaires.',
];

const EVIDENCE: Record<InfluenceLevel, string[]> = {
  none: [''],
  informed: ['Les partenaires ont été informés avant la décision.'],
  shaped: [
    'Le libellé a été modifié à la demande des patients partenaires.',
    'Les partenaires ont fait ajouter une étape de rétroaction aux usagers.',
  ],
  'co-decided': [
    'La décision a été prise conjointement, avec l’accord explicite des partenaires.',
    'Les partenaires ont co-rédigé la proposition adoptée.',
  ],
};

const PURPOSES: AgendaPurpose[] = ['information', 'consultation', 'deliberation', 'decision'];
const LEVELS: EngagementLevel[] = ['information', 'consultation', 'collaboration', 'partnership'];

export interface SeedOptions {
  seed?: number;
  /** The committee's language. */
  language?: 'fr' | 'en';
  /** Meetings in the year (12 by default). */
  meetings?: number;
  /** First meeting's day (YYYY-MM-DD); then one a month. */
  start?: string;
}

/**
 * Makes the committee's year through `core`'s API. `clock` must be the clock the core was opened
 * with (`now: clock.now`): the script moves it through the year and through each speaking turn.
 */
export function seedYear(core: Core, clock: SeedClock, opts: SeedOptions = {}): SeedResult {
  const rng = generator(opts.seed ?? 1);
  const owner: Caller = { kind: 'owner' };
  const call = <K extends MethodName>(caller: Caller, method: K, input: Input<K>): Output<K> =>
    core.call(caller, method, input) as Output<K>;

  const start = opts.start ?? '2026-01-15';
  clock.set(`${start}T09:00:00.000Z`);
  clock.advance(-30 * 86_400);
  const committee = call(owner, 'committees.create', {
    name:
      opts.language === 'en'
        ? 'Patient and family advisory committee'
        : 'Comité des usagers et des partenaires',
    area: 'care-and-services',
    mandate:
      opts.language === 'en'
        ? 'Improve the experience of care with patients and families, and advise the board.'
        : 'Améliorer l’expérience de soins avec les patients et leurs proches, et conseiller le conseil d’administration.',
    language: opts.language ?? 'fr',
  });

  const seats = PEOPLE.map((p) =>
    call(owner, 'members.add', {
      committeeId: committee.id,
      ...p,
      startDate: '2025-09-01',
      consents: { named: true, contact: true },
    }),
  );
  const callers = new Map<string, Caller>(
    seats.map((s) => [s.member.id, core.authenticate(s.token)!] as [string, Caller]),
  );
  const as = (memberId: string) => callers.get(memberId)!;
  const byName = (name: string) => seats.find((s) => s.member.name === name)!.member;
  const amina = byName('Amina Tremblay');
  const marc = byName('Marc Gagnon');
  const chloe = byName('Chloé Pelletier');
  const everyone = seats.map((s) => s.member);
  const editors = everyone.filter((m) => m.role !== 'observer');
  const partners = editors.filter((m) => isPartner(m.kind));

  const result: SeedResult = {
    committeeId: committee.id,
    members: seats,
    meetings: [],
    items: [],
    byMember: Object.fromEntries(everyone.map((m) => [m.id, emptyTally()])),
    byMeeting: {},
    secretDecisions: [],
    questionnaire: {
      perMeeting: {},
      values: Object.fromEntries(QUESTIONNAIRE_QUESTIONS.map((q) => [q, []])) as unknown as Record<
        QuestionnaireQuestion,
        number[]
      >,
      valuesPerMeeting: {},
      closesAt: {},
    },
  };

  const count = opts.meetings ?? 12;
  for (let month = 0; month < count; month++) {
    const day = new Date(`${start}T18:00:00.000Z`);
    day.setUTCMonth(day.getUTCMonth() + month);
    const startsAt = day.toISOString();
    // Planned a week before, by the secretary.
    clock.set(startsAt);
    clock.advance(-7 * 86_400);
    const meeting = call(as(chloe.id), 'meetings.create', {
      committeeId: committee.id,
      title: opts.language === 'en' ? `Meeting ${month + 1}` : `Rencontre ${month + 1}`,
      startsAt,
      place: 'Salle 2.14',
    });
    const tallies: Record<string, SeedTally> = Object.fromEntries(everyone.map((m) => [m.id, emptyTally()]));
    result.byMeeting[meeting.id] = tallies;
    const credit = (memberId: string, item: SeedItem | null, k: keyof SeedTally, n: number) => {
      tallies[memberId]![k] += n;
      result.byMember[memberId]![k] += n;
      if (item) (item.tally[memberId] ??= emptyTally())[k] += n;
    };

    // Attendance: co-chairs and the secretary always come; the others most of the time.
    const attendance: Record<string, AttendanceStatus> = {};
    for (const m of everyone) {
      const r = rng.next();
      attendance[m.id] =
        m.id === amina.id || m.id === marc.id || m.id === chloe.id
          ? 'present'
          : r < 0.72
            ? 'present'
            : r < 0.85
              ? 'remote'
              : r < 0.94
                ? 'excused'
                : 'absent';
    }
    // At least two partners besides the co-chair, so that every meeting has partners' voices.
    for (const p of partners.filter((p) => p.id !== amina.id).slice(0, 2)) attendance[p.id] = 'present';
    const here = (m: Member) => attendance[m.id] === 'present' || attendance[m.id] === 'remote';
    const present = editors.filter(here);
    const presentPartners = present.filter((m) => isPartner(m.kind));
    const presentOthers = present.filter((m) => !isPartner(m.kind));

    // The agenda: four items, proposed by various members; one in three meetings has a "quiet" item
    // sought for consultation on which no partner will speak or write.
    const topics = rng.sample(TOPICS, 4);
    const items: SeedItem[] = [];
    const quietIndex = month % 3 === 1 ? 3 : -1;
    topics.forEach((title, i) => {
      const quiet = i === quietIndex;
      const proposer = quiet ? rng.pick(presentOthers) : rng.pick(editors);
      const purpose = quiet ? 'consultation' : rng.pick(PURPOSES);
      const sought = quiet ? 'consultation' : rng.pick(LEVELS);
      const item = call(as(proposer.id), 'agenda.add', {
        meetingId: meeting.id,
        title,
        purpose,
        engagementLevel: sought,
        plannedMinutes: rng.int(10, 30),
      });
      const seedItem: SeedItem = {
        meetingId: meeting.id,
        itemId: item.id,
        title,
        sought,
        purpose,
        proposedBy: proposer.id,
        quiet,
        tally: {},
        decisions: [],
      };
      items.push(seedItem);
      credit(proposer.id, seedItem, 'agendaItemsProposed', 1);
      // The app writes the item's section heading in the minutes on the proposer's behalf.
      credit(proposer.id, seedItem, 'minutesInserted', title.length);
      credit(proposer.id, seedItem, 'minutesSurviving', title.length);
    });
    result.items.push(...items);

    // The meeting itself.
    clock.set(startsAt);
    for (const m of everyone)
      call(as(chloe.id), 'attendance.set', {
        meetingId: meeting.id,
        memberId: m.id,
        status: attendance[m.id]!,
      });
    const started = call(as(amina.id), 'meetings.start', { id: meeting.id });
    result.questionnaire.closesAt[meeting.id] = questionnaireClosesAt(started.startedAt!);
    for (const item of items) {
      call(as(amina.id), 'run.goTo', { meetingId: meeting.id, itemId: item.itemId });
      const pool = item.quiet ? presentOthers : present;
      const speakers = rng.sample(pool, rng.int(2, Math.min(5, pool.length)));
      // Make sure a partner speaks on every item but the quiet ones.
      if (!item.quiet && !speakers.some((s) => isPartner(s.kind))) speakers.push(rng.pick(presentPartners));
      for (const s of speakers) {
        if (s.role !== 'co-chair') call(as(s.id), 'hands.raise', { meetingId: meeting.id });
        clock.advance(rng.int(5, 40));
      }
      for (const s of speakers) {
        call(as(amina.id), 'floor.give', { meetingId: meeting.id, memberId: s.id });
        const seconds = rng.int(30, 240);
        clock.advance(seconds);
        credit(s.id, item, 'speakingTurns', 1);
        credit(s.id, item, 'speakingSeconds', seconds);
      }
      call(as(amina.id), 'floor.end', { meetingId: meeting.id });
      clock.advance(rng.int(10, 60));

      // A decision under deliberation and decision items.
      if (item.purpose === 'decision' || item.purpose === 'deliberation' || item.quiet) {
        const proposer = item.quiet ? rng.pick(presentOthers) : rng.pick(present);
        const title = `${item.title} : ${opts.language === 'en' ? 'proposal' : 'proposition'}`;
        const d = call(as(proposer.id), 'decisions.draft', {
          meetingId: meeting.id,
          agendaItemId: item.itemId,
          title,
          text: rng.pick(SENTENCES),
          rationale: rng.pick(SENTENCES),
          // On a quiet item the professionals settle it among themselves, by consensus.
          mode: item.quiet ? 'consensus' : 'vote',
        });
        credit(proposer.id, item, 'decisionsProposed', 1);
        const positionPool = item.quiet ? presentOthers : present;
        const positions = Object.fromEntries(
          rng
            .sample(positionPool, rng.int(1, 3))
            .map((m) => [m.id, rng.pick(['Pour, avec réserves', 'Favorable', 'Inquiet des délais'])]),
        );
        const spoke = speakers.map((s) => s.id);
        const secret = !item.quiet && rng.next() < 0.35;
        const voters = present;
        const ballots: Record<string, Position> =
          secret || item.quiet
            ? {}
            : Object.fromEntries(
                voters.map((m) => [
                  m.id,
                  rng.next() < 0.8 ? 'for' : rng.pick(['against', 'abstain'] as const),
                ]),
              );
        const influence: InfluenceLevel = item.quiet
          ? 'none'
          : rng.pick(['none', 'informed', 'shaped', 'co-decided'] as const);
        call(as(proposer.id), 'decisions.update', {
          meetingId: meeting.id,
          decisionId: d.id,
          positions,
          speakers: spoke,
          vote: item.quiet
            ? null
            : secret
              ? { for: present.length - 2, against: 1, abstain: 1, secret: true, ballots: {} }
              : { for: 0, against: 0, abstain: 0, secret: false, ballots },
          influence: { level: influence, evidence: rng.pick(EVIDENCE[influence]) },
        });
        for (const id of Object.keys(positions)) credit(id, item, 'positions', 1);
        for (const id of Object.keys(ballots)) credit(id, item, 'votes', 1);
        for (const id of new Set(spoke)) credit(id, item, 'decisionsSpoken', 1);
        const outcome = rng.next() < 0.8 ? 'adopted' : rng.pick(['rejected', 'deferred'] as const);
        call(as(amina.id), 'decisions.decide', { meetingId: meeting.id, decisionId: d.id, outcome });
        item.decisions.push({ id: d.id, title, influence, status: outcome, secret });
        if (secret) result.secretDecisions.push(d.id);
      }
    }
    call(as(amina.id), 'meetings.close', { id: meeting.id });

    // The minutes, typed after the meeting in each item's section by one to three members.
    for (const item of items) {
      const pool = item.quiet ? presentOthers : present;
      const writers = rng.sample(pool, rng.int(1, 3));
      if (!item.quiet && !writers.some((w) => isPartner(w.kind)) && rng.next() < 0.6)
        writers.push(rng.pick(presentPartners));
      for (const w of writers) {
        const text = ` ${rng.pick(SENTENCES)}`;
        const cut = rng.next() < 0.3 ? rng.int(1, 12) : 0;
        core.docs.edit(meeting.docName, w.id, (doc) => {
          const t = sectionText(doc, item.itemId);
          t.insert(t.length, text);
        });
        if (cut)
          core.docs.edit(meeting.docName, w.id, (doc) => {
            const t = sectionText(doc, item.itemId);
            t.delete(t.length - cut, cut);
          });
        credit(w.id, item, 'minutesInserted', text.length);
        credit(w.id, item, 'minutesDeleted', cut);
        credit(w.id, item, 'minutesSurviving', text.length - cut);
      }
    }

    // A comment or two on the minutes, anchored in a section, by members who were there.
    const commented = rng.sample(
      items.filter((i) => !i.quiet),
      rng.int(1, 2),
    );
    for (const item of commented) {
      const author = rng.pick(present);
      const anchor = core.docs.read(meeting.docName, (doc) => {
        const t = sectionText(doc, item.itemId);
        return {
          start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(t, 0)),
          end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(t, Math.min(5, t.length))),
        };
      });
      const thread = call(as(author.id), 'comments.add', {
        meetingId: meeting.id,
        anchor,
        quote: '',
        text: 'Pourrait-on préciser l’échéancier ?',
      });
      credit(author.id, item, 'comments', 1);
      if (rng.next() < 0.5) {
        const replier = rng.pick(present.filter((m) => m.id !== author.id));
        call(as(replier.id), 'comments.reply', {
          meetingId: meeting.id,
          threadId: thread.id,
          text: 'Oui, d’ici mars.',
        });
        credit(replier.id, item, 'comments', 1);
      }
    }

    // The experience questionnaire: most partners who attended answer.
    let answered = 0;
    const values = (result.questionnaire.valuesPerMeeting[meeting.id] = Object.fromEntries(
      QUESTIONNAIRE_QUESTIONS.map((q) => [q, []]),
    ) as unknown as Record<QuestionnaireQuestion, number[]>);
    for (const p of partners.filter(here)) {
      if (rng.next() > 0.85) continue;
      const answers: Partial<Record<QuestionnaireQuestion, number>> = Object.fromEntries(
        QUESTIONNAIRE_QUESTIONS.map((q) => [q, rng.int(2, 5)]),
      );
      // Now and then a partner skips the second statement (without drawing from rng, so that the
      // rest of the year is what it was): its totals then leave some meetings out.
      if ((month + answered) % 5 === 4) delete answers.prepared;
      call(as(p.id), 'questionnaire.answer', { meetingId: meeting.id, answers });
      for (const q of QUESTIONNAIRE_QUESTIONS) {
        const v = answers[q];
        if (v === undefined) continue;
        result.questionnaire.values[q].push(v);
        values[q].push(v);
      }
      answered++;
    }
    result.questionnaire.perMeeting[meeting.id] = answered;
    result.meetings.push({ id: meeting.id, title: meeting.title, startsAt, attendance });
  }
  return result;
}

/** The text node of the paragraph right after the heading of item `itemId` in the minutes. */
function sectionText(doc: Y.Doc, itemId: string): Y.XmlText {
  const blocks = doc.getXmlFragment('minutes').toArray();
  const at = blocks.findIndex(
    (b) => b instanceof Y.XmlElement && b.nodeName === 'heading' && b.getAttribute('itemId') === itemId,
  );
  const paragraph = blocks[at + 1];
  if (at < 0 || !(paragraph instanceof Y.XmlElement)) throw new Error(`No section for item ${itemId}`);
  const text = paragraph.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
  if (text) return text;
  const made = new Y.XmlText();
  paragraph.insert(0, [made]);
  return made;
}

/** Run from the command line: a year of data in the data folder DIR. */
async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dataDir = arg('data');
  if (!dataDir) {
    console.error('Usage: npx tsx scripts/seed-year.ts --data DIR [--seed N] [--language fr|en]');
    process.exitCode = 2;
    return;
  }
  const clock = new SeedClock();
  const core = Core.open({
    dataDir,
    ownerToken: randomBytes(24).toString('hex'),
    now: clock.now,
    exportWorker: false,
  });
  try {
    const started = Date.now();
    const r = seedYear(core, clock, {
      seed: Number(arg('seed') ?? 1),
      language: arg('language') === 'en' ? 'en' : 'fr',
    });
    console.log(
      `Seeded committee ${r.committeeId}: ${r.members.length} members, ${r.meetings.length} meetings, ${r.items.length} agenda items in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    for (const { member, token } of r.members)
      console.log(
        `  ${member.name.padEnd(20)} ${member.kind.padEnd(18)} ${member.role.padEnd(10)} token ${token}`,
      );
  } finally {
    core.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}
