/**
 * The partnership report of a committee for a period, structured on GRIPP2-SF (aim, methods,
 * results, influence and impact, reflections): each part filled from the data where the data can
 * (who was involved, at which stages and engagement level, the share of voice, the influence
 * recorded, the questionnaire's aggregates) and the text people wrote for it. Members are counted
 * by kind, never named: the report can be shared beyond the committee.
 *
 * Filled through `LedgerStores`: on the core's own connection for the screen (`report.get`), on
 * the export worker's read-only connection to the same file for the files (`report.export`).
 */
import { AGENDA_PURPOSES, ENGAGEMENT_LEVELS, MEMBER_KINDS, type MemberKind } from '../../shared/domain';
import { INFLUENCE_LEVELS } from '../../shared/decisions';
import {
  QUESTIONNAIRE_QUESTIONS,
  REPORT_SECTIONS,
  VOICE_MEASURES,
  isPartner,
  type DecisionInfluence,
  type EngagementGot,
  type ItemInfluence,
  type PartnershipReport,
  type QuestionnaireResults,
  type ReportFact,
  type ReportSection,
  type ReportTable,
  type VoiceBalance,
  type VoiceMeasure,
} from '../../shared/ledger';
import {
  balanceOfVoice,
  decisionInfluence,
  itemInfluence,
  periodMeetings,
  questionnaireResults,
  readScope,
  type LedgerStores,
  type Scope,
} from '../services/ledger-views';
import { dateFormat, localDay } from './common';
import { partnershipLabels } from './partnership-labels';
import { firstOfMonth } from '../../shared/dates';

export interface ReportData {
  scope: Scope;
  balance: VoiceBalance;
  /** The balance of voice per calendar month (YYYY-MM), oldest first. */
  months: { month: string; balance: VoiceBalance }[];
  items: ItemInfluence[];
  decisions: DecisionInfluence[];
  questionnaire: QuestionnaireResults;
  texts: Partial<Record<ReportSection, string>>;
  savedAt: string | null;
  savedBy: string | null;
}

/** A day (YYYY-MM-DD) in words, in the report's language. */
export function longDay(day: string, locale: string): string {
  const text = dateFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
  return firstOfMonth(text, locale);
}

export function buildPartnershipReport(data: ReportData): PartnershipReport {
  const { scope } = data;
  const c = scope.committee;
  const L = partnershipLabels(c.language);
  const locale = L.base.locale;
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const num = (n: number) => numbers.format(n);
  const from = scope.from!;
  const to = scope.to!;
  const listOf = (pairs: [string, number][]) =>
    pairs
      .filter(([, n]) => n > 0)
      .map(([label, n]) => `${label} (${n})`)
      .join(', ') || L.none;

  // Who was involved: members whose time on the committee overlaps the period.
  const members = [...scope.members.values()].filter(
    (m) => (!m.startDate || m.startDate <= to) && (!m.endDate || m.endDate >= from),
  );
  const held = scope.meetings.filter((m) => m.status !== 'planned');
  const planned = scope.meetings.length - held.length;
  const kinds = MEMBER_KINDS.filter((k) => members.some((m) => m.kind === k));
  const involved: ReportTable = {
    caption: L.tables.involved,
    header: L.tables.involvedHeader,
    rows: kinds.map((kind: MemberKind) => {
      const ofKind = members.filter((m) => m.kind === kind);
      const levels = listOf(
        ENGAGEMENT_LEVELS.map((l) => [L.engagement[l], ofKind.filter((m) => m.engagementLevel === l).length]),
      );
      let seats = 0;
      let came = 0;
      for (const m of held) {
        const att = scope.attendance.get(m.id) ?? {};
        for (const member of ofKind) {
          seats++;
          if (att[member.id] === 'present' || att[member.id] === 'remote') came++;
        }
      }
      return [L.base.kinds[kind], String(ofKind.length), levels, seats ? L.percent(came / seats) : '—'];
    }),
  };
  const allItems = [...scope.agenda.values()].flat();
  // At which stages: per purpose of the agenda items, how many, on how many partners acted, the
  // levels sought and the levels got.
  const countLevels = (got: EngagementGot[]) =>
    listOf(
      (['none', ...ENGAGEMENT_LEVELS] as const).map((l) => [L.got[l], got.filter((x) => x === l).length]),
    );
  const stages: ReportTable = {
    caption: L.tables.stages,
    header: L.tables.stagesHeader,
    rows: AGENDA_PURPOSES.map((p) => {
      const items = data.items.filter((i) => i.purpose === p);
      if (!items.length) return [L.base.purposes[p], '0', '—', '—', '—'];
      const acted = items.filter((i) => i.partnersActed).length;
      return [
        L.base.purposes[p],
        String(items.length),
        L.facts.ofTotal(acted, items.length),
        countLevels(items.map((i) => i.sought)),
        countLevels(items.map((i) => i.got)),
      ];
    }),
  };

  const unit = (k: VoiceMeasure, n: number) =>
    k === 'speakingSeconds' ? `${num(Math.round(n / 60))} min` : num(n);
  const balance: ReportTable = {
    caption: L.tables.balance,
    header: L.tables.balanceHeader,
    rows: VOICE_MEASURES.map((k) => {
      const s = data.balance.measures[k];
      return [
        L.measures[k],
        L.percent(s.shares.partners),
        L.percent(s.shares.professionals),
        L.percent(s.shares.others),
        unit(k, s.total),
      ];
    }),
  };

  // The decisions partners shaped or co-decided, against the others: over the period, month by month.
  const shaped = (b: VoiceBalance) =>
    L.facts.shapedValue(b.influence.shapedOrCoDecided, b.influence.taken, L.percent(b.influence.share));
  const byMonth: ReportTable = {
    caption: L.tables.shapedByMonth,
    header: L.tables.shapedByMonthHeader,
    rows: data.months.map(({ month, balance: b }) => [
      L.month(month),
      String(b.influence.taken),
      String(b.influence.shapedOrCoDecided),
      b.influence.taken ? L.percent(b.influence.share) : '—',
    ]),
  };

  const decided = data.decisions.filter((d) => d.status !== 'proposed');
  const influence: ReportTable = {
    caption: L.tables.influence,
    header: L.tables.influenceHeader,
    rows: INFLUENCE_LEVELS.map((l) => [
      L.log.influence[l],
      String(decided.filter((d) => d.influence === l).length),
    ]),
  };
  const evidence: ReportTable = {
    caption: L.tables.evidence,
    header: L.tables.evidenceHeader,
    rows: decided
      .filter((d) => d.influence === 'shaped' || d.influence === 'co-decided')
      .map((d) => [
        d.title,
        L.log.meetingOn(d.meetingTitle, longDay(localDay(new Date(d.startsAt)), locale)),
        L.log.influence[d.influence],
        d.evidence || '—',
      ]),
  };
  const kept = data.items.filter((i) => i.kept).length;
  const notKept = data.items.filter((i) => i.promiseNotKept).length;

  const q = data.questionnaire;
  const questionnaire: ReportTable[] =
    q.shown && q.questions
      ? [
          {
            caption: L.tables.questionnaire,
            header: L.tables.questionnaireHeader,
            rows: QUESTIONNAIRE_QUESTIONS.map((k) => {
              const r = q.questions![k];
              return [
                L.questions[k],
                r.withheld ? `${r.answered} (${L.withheld(r.withheld)})` : String(r.answered),
                r.answered ? num(Math.round(r.mean * 10) / 10) : '—',
                r.answered ? L.percent(r.agree) : '—',
              ];
            }),
          },
        ]
      : [];

  const facts: Record<ReportSection, ReportFact[]> = {
    aim: [
      { label: L.facts.committee, value: c.name },
      { label: L.facts.area, value: L.areas[c.area] ?? c.area },
      { label: L.facts.mandate, value: c.mandate || L.facts.noMandate },
    ],
    methods: [
      { label: L.facts.period, value: L.period(longDay(from, locale), longDay(to, locale)) },
      { label: L.facts.meetings, value: L.facts.meetingsValue(held.length, planned) },
      { label: L.facts.members, value: String(members.length) },
      { label: L.facts.partners, value: String(members.filter((m) => isPartner(m.kind)).length) },
      {
        label: L.facts.itemsByPurpose,
        value: listOf(
          AGENDA_PURPOSES.map((p) => [L.base.purposes[p], allItems.filter((i) => i.purpose === p).length]),
        ),
      },
      {
        label: L.facts.itemsBySought,
        value: listOf(
          ENGAGEMENT_LEVELS.map((l) => [
            L.engagement[l],
            allItems.filter((i) => i.engagementLevel === l).length,
          ]),
        ),
      },
    ],
    results: [{ label: L.facts.shaped, value: shaped(data.balance) }],
    impact: [
      { label: L.facts.decisions, value: String(decided.length) },
      {
        label: L.facts.withPartners,
        value: L.facts.withPartnersValue(
          decided.filter((d) => d.partnerContributors.length > 0).length,
          decided.length,
        ),
      },
      { label: L.facts.promises, value: L.facts.promisesValue(kept, data.items.length) },
      { label: L.facts.promisesNotKept, value: String(notKept) },
    ],
    reflections: [
      {
        label: L.facts.questionnaire,
        value: [
          q.shown ? L.facts.questionnaireShown(q.counted, q.meetingsCounted) : L.facts.questionnaireHidden,
          q.belowMinimum.meetings
            ? L.facts.questionnaireBelow(q.belowMinimum.answers, q.belowMinimum.meetings, q.minimum)
            : '',
          q.notClosed.meetings && q.nextClosesAt
            ? L.facts.questionnaireOpen(
                q.notClosed.answers,
                q.notClosed.meetings,
                longDay(localDay(new Date(q.nextClosesAt)), locale),
              )
            : '',
          L.facts.questionnaireRule(q.minimum, q.openDays),
        ]
          .filter(Boolean)
          .join(' '),
      },
    ],
  };
  const tables: Record<ReportSection, ReportTable[]> = {
    aim: [],
    methods: [involved, stages],
    results: [balance, ...(byMonth.rows.length ? [byMonth] : [])],
    impact: [influence, ...(evidence.rows.length ? [evidence] : [])],
    reflections: questionnaire,
  };

  return {
    committeeId: c.id,
    committeeName: c.name,
    from,
    to,
    language: c.language,
    sections: REPORT_SECTIONS.map((key) => ({
      key,
      title: L.sections[key].title,
      prompt: L.sections[key].prompt,
      facts: facts[key],
      tables: tables[key],
      text: data.texts[key] ?? '',
    })),
    savedAt: data.savedAt,
    savedBy: data.savedBy,
  };
}

/**
 * The report of a scope (a committee's period, its ledger up to date) as the data fills it, with
 * the parts people wrote for that period; `now` decides which questionnaires have closed.
 */
export function fillPartnershipReport(stores: LedgerStores, scope: Scope, now: Date): PartnershipReport {
  const { committee } = scope;
  const from = scope.from!;
  const to = scope.to!;
  const saved = stores.ledger.reportTexts(committee.id, from, to);
  const voice = balanceOfVoice(scope);
  return buildPartnershipReport({
    scope,
    balance: voice.total,
    months: voice.months,
    items: itemInfluence(scope),
    decisions: decisionInfluence(scope),
    questionnaire: questionnaireResults(stores.ledger, now, committee.id, scope.meetings, { from, to }),
    texts: saved?.texts ?? {},
    savedAt: saved?.savedAt ?? null,
    savedBy: saved?.savedBy ?? null,
  });
}

/**
 * The report of a committee's period read through `stores` from the start: what the export worker
 * does on its own connection. The core has brought the period's ledger up to date before.
 */
export function readPartnershipReport(
  stores: LedgerStores,
  committeeId: string,
  period: { from: string; to: string },
  now: Date,
): PartnershipReport {
  const committee = stores.repos.getCommittee(committeeId);
  if (!committee) throw new Error(`No committee with id ${committeeId}.`);
  const scope = readScope(stores, committee, periodMeetings(stores, committeeId, period), period);
  return fillPartnershipReport(stores, scope, now);
}
