/**
 * The ledger's views of a committee and period (the balance of voice, what each agenda item sought
 * against what it got, the partners' influence on decisions, the questionnaire's aggregates), and
 * the scope they are computed from, read through `LedgerStores`: the core's own stores on the main
 * thread, or a worker thread's read-only connection to the same database file (the partnership
 * report's export is filled there). Reading only: bringing the ledger up to date is a write, done
 * by the core before (ledger-compute.ts).
 */
import { INFLUENCE_LEVELS, type Decision, type InfluenceLevel } from '../../shared/decisions';
import { ENGAGEMENT_LEVELS, type Committee, type Meeting, type Member } from '../../shared/domain';
import {
  INFLUENTIAL_LEVELS,
  QUESTIONNAIRE_MIN_COUNT,
  QUESTIONNAIRE_OPEN_DAYS,
  QUESTIONNAIRE_QUESTIONS,
  VOICE_GROUPS,
  VOICE_GROUP_OF,
  VOICE_MEASURES,
  isPartner,
  questionnaireClosesAt,
  type BalanceOfVoice,
  type Contribution,
  type DecisionInfluence,
  type EngagementGot,
  type ItemInfluence,
  type QuestionnaireResults,
  type VoiceBalance,
  type VoiceGroup,
  type VoiceMeasure,
} from '../../shared/ledger';
import { readAgenda, type AgendaItem } from '../../shared/meeting';
import type { LiveDocs } from '../live-docs';
import type { DecisionsRepo } from '../store/decisions-repo';
import type { DocStore } from '../store/docs';
import type { LedgerRepo } from '../store/ledger-repo';
import type { Repos } from '../store/repos';

/** Where the views read from: the core's own stores, or a worker's read-only connection to the same file. */
export interface LedgerStores {
  repos: Pick<Repos, 'getCommittee' | 'listMeetings' | 'listMembers' | 'attendance'>;
  decisions: Pick<DecisionsRepo, 'registerContent'>;
  ledger: Pick<LedgerRepo, 'contributions' | 'reportTexts' | 'answerCounts' | 'answerDistribution'>;
  /** A meeting's agenda items, from its document. */
  agenda: (meeting: Meeting) => AgendaItem[];
}

export interface PeriodInput {
  from?: string;
  to?: string;
}

/** Everything the views read for a committee and period, the ledger brought up to date first. */
export interface Scope {
  committee: Committee;
  members: Map<string, Member>;
  /** Meetings of the period, oldest first. */
  meetings: Meeting[];
  rows: Contribution[];
  /** Decisions of those meetings, as in the register (current state). */
  decisions: Decision[];
  agenda: Map<string, AgendaItem[]>;
  attendance: Map<string, Record<string, string>>;
  from: string | null;
  to: string | null;
}

export const inPeriod = (m: Meeting, p: PeriodInput) => {
  const day = m.startsAt.slice(0, 10);
  return (!p.from || day >= p.from) && (!p.to || day <= p.to);
};

const rank = (l: EngagementGot): number => (l === 'none' ? -1 : ENGAGEMENT_LEVELS.indexOf(l));

export const attended = (s: string | undefined) => s === 'present' || s === 'remote';

/**
 * The agendas read from the meetings' documents, by document version: a question about a year
 * reads some fifty documents, which change rarely once their meeting is over. Per store (a
 * restored workspace has a new one).
 */
const agendas = new WeakMap<DocStore, Map<string, { version: number; items: AgendaItem[] }>>();

function agendaOf(docStore: DocStore, docs: Pick<LiveDocs, 'read'>, m: Meeting): AgendaItem[] {
  let cache = agendas.get(docStore);
  if (!cache) agendas.set(docStore, (cache = new Map()));
  const version = docStore.version(m.docName);
  const hit = cache.get(m.docName);
  if (hit && hit.version === version) return hit.items;
  const items = docs.read(m.docName, readAgenda);
  cache.set(m.docName, { version, items });
  return items;
}

/** The core's own stores: its connection, and the agendas read from the live documents (kept by version). */
export function coreStores(core: {
  repos: LedgerStores['repos'];
  decisions: LedgerStores['decisions'];
  ledger: LedgerStores['ledger'];
  docStore: DocStore;
  docs: Pick<LiveDocs, 'read'>;
}): LedgerStores {
  const { repos, decisions, ledger, docStore, docs } = core;
  return { repos, decisions, ledger, agenda: (m) => agendaOf(docStore, docs, m) };
}

/** The meetings of a committee in a period (or only `meetingId` of them), oldest first. */
export function periodMeetings(
  stores: LedgerStores,
  committeeId: string,
  p: PeriodInput,
  meetingId?: string,
): Meeting[] {
  return stores.repos
    .listMeetings(committeeId)
    .filter((m) => inPeriod(m, p) && (!meetingId || m.id === meetingId))
    .reverse();
}

/**
 * What the views read of `meetings` (those of the period, their ledger up to date): the views never
 * change it, so it may be given to several. In one go; readingScope is the same, a meeting at a time.
 */
export function readScope(
  stores: LedgerStores,
  committee: Committee,
  meetings: Meeting[],
  p: PeriodInput,
): Scope {
  const reading = readingScope(stores, committee, meetings, p);
  for (;;) {
    const step = reading.next();
    if (step.done) return step.value;
  }
}

/**
 * The scope of `meetings`, read a meeting at a time, yielding after each: for a long period,
 * prepareScope lets the event loop answer others between slices. Rows and decisions come in the
 * order one query of the whole period gives them: meetings by start, then as stored.
 */
export function* readingScope(
  stores: LedgerStores,
  committee: Committee,
  meetings: Meeting[],
  p: PeriodInput,
): Generator<void, Scope> {
  const byStart = (a: Meeting, b: Meeting) =>
    a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  const rows: Contribution[] = [];
  const decisions: { startsAt: string; rowid: number; decision: Decision }[] = [];
  const agenda = new Map<string, AgendaItem[]>();
  const attendance = new Map<string, Record<string, string>>();
  for (const m of [...meetings].sort(byStart)) {
    rows.push(
      ...stores.ledger.contributions({ committeeId: committee.id, meetingId: m.id, from: p.from, to: p.to }),
    );
    for (const d of stores.decisions.registerContent({
      committeeId: committee.id,
      meetingId: m.id,
      from: p.from ?? undefined,
      to: p.to ? `${p.to}~` : undefined,
    }))
      decisions.push({ startsAt: m.startsAt, rowid: d.rowid, decision: JSON.parse(d.content) as Decision });
    agenda.set(
      m.id,
      stores.agenda(m).filter((i) => !i.standing),
    );
    attendance.set(m.id, stores.repos.attendance(m.id));
    yield;
  }
  decisions.sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.rowid - b.rowid));
  return {
    committee,
    members: new Map(stores.repos.listMembers(committee.id).map((m) => [m.id, m])),
    meetings,
    rows,
    decisions: decisions.map((d) => d.decision),
    agenda,
    attendance,
    from: p.from ?? null,
    to: p.to ?? null,
  };
}

/** Members who took part in a decision, and how (a secret vote names nobody). */
export function decisionRoles(d: Decision): Map<string, Set<'proposed' | 'position' | 'vote' | 'spoke'>> {
  const out = new Map<string, Set<'proposed' | 'position' | 'vote' | 'spoke'>>();
  const add = (id: string | null | undefined, role: 'proposed' | 'position' | 'vote' | 'spoke') => {
    if (!id) return;
    let s = out.get(id);
    if (!s) out.set(id, (s = new Set()));
    s.add(role);
  };
  add(d.proposedBy, 'proposed');
  for (const id of Object.keys(d.positions ?? {})) add(id, 'position');
  if (d.vote && !d.vote.secret) for (const id of Object.keys(d.vote.ballots ?? {})) add(id, 'vote');
  for (const id of d.speakers ?? []) add(id, 'spoke');
  return out;
}

const zeroGroups = (): Record<VoiceGroup, number> =>
  Object.fromEntries(VOICE_GROUPS.map((g) => [g, 0])) as Record<VoiceGroup, number>;

/** A scope's rows and decisions by meeting, each decision with the voice groups that took part in it. */
interface ByMeeting {
  rows: Map<string, Contribution[]>;
  decisions: Map<string, { decision: Decision; groups: VoiceGroup[] }[]>;
}

/**
 * Made once per scope (which the views never change) and kept with it: the balance of voice is
 * asked of every meeting, every month and the whole period, and each asked again of every row and
 * decision of the period which of its meetings it belongs to.
 */
const byMeetingOf = new WeakMap<Scope, ByMeeting>();

function byMeeting(scope: Scope): ByMeeting {
  let index = byMeetingOf.get(scope);
  if (index) return index;
  const groupOf = (memberId: string): VoiceGroup | null => {
    const m = scope.members.get(memberId);
    return m ? VOICE_GROUP_OF[m.kind] : null;
  };
  index = { rows: new Map(), decisions: new Map() };
  for (const r of scope.rows) {
    let list = index.rows.get(r.meetingId);
    if (!list) index.rows.set(r.meetingId, (list = []));
    list.push(r);
  }
  for (const decision of scope.decisions) {
    let list = index.decisions.get(decision.meetingId);
    if (!list) index.decisions.set(decision.meetingId, (list = []));
    const groups = new Set(
      [...decisionRoles(decision).keys()].map(groupOf).filter((g): g is VoiceGroup => !!g),
    );
    list.push({ decision, groups: [...groups] });
  }
  byMeetingOf.set(scope, index);
  return index;
}

/** The balance of voice over some meetings of a scope. */
export function balanceOf(scope: Scope, meetingIds: Set<string>): VoiceBalance {
  const index = byMeeting(scope);
  const groupOf = (memberId: string): VoiceGroup | null => {
    const m = scope.members.get(memberId);
    return m ? VOICE_GROUP_OF[m.kind] : null;
  };
  const amounts = Object.fromEntries(VOICE_MEASURES.map((k) => [k, zeroGroups()])) as Record<
    VoiceMeasure,
    Record<VoiceGroup, number>
  >;
  let decisionCount = 0;
  const levels = Object.fromEntries(INFLUENCE_LEVELS.map((l) => [l, 0])) as Record<InfluenceLevel, number>;
  const attending = zeroGroups();
  for (const id of meetingIds) {
    for (const r of index.rows.get(id) ?? []) {
      const g = groupOf(r.memberId);
      if (!g) continue;
      if (r.kind === 'speaking-seconds') amounts.speakingSeconds[g] += r.quantity;
      else if (r.kind === 'minutes-surviving') amounts.minutesText[g] += r.quantity;
      else if (r.kind === 'agenda-item-proposed' || r.kind === 'decision-proposed')
        amounts.proposals[g] += r.quantity;
    }
    for (const { decision: d, groups } of index.decisions.get(id) ?? []) {
      decisionCount++;
      for (const g of groups) amounts.decisions[g] += 1;
      // The influence recorded weighs once the decision is taken (a draft's may still change).
      if (d.status !== 'proposed') levels[d.influence.level] += 1;
    }
    for (const [memberId, status] of Object.entries(scope.attendance.get(id) ?? {})) {
      const g = groupOf(memberId);
      if (g && attended(status)) attending[g] += 1;
    }
  }
  const taken = INFLUENCE_LEVELS.reduce((n, l) => n + levels[l], 0);
  const shapedOrCoDecided = INFLUENTIAL_LEVELS.reduce((n, l) => n + levels[l], 0);
  const measures = Object.fromEntries(
    VOICE_MEASURES.map((k) => {
      const a = amounts[k];
      const total = VOICE_GROUPS.reduce((n, g) => n + a[g], 0);
      const shares = Object.fromEntries(VOICE_GROUPS.map((g) => [g, total ? a[g] / total : 0])) as Record<
        VoiceGroup,
        number
      >;
      return [k, { amounts: a, shares, total }];
    }),
  ) as VoiceBalance['measures'];
  return {
    attending,
    measures,
    decisionCount,
    influence: { levels, taken, shapedOrCoDecided, share: taken ? shapedOrCoDecided / taken : 0 },
  };
}

export function balanceOfVoice(scope: Scope): BalanceOfVoice {
  const months = new Map<string, Set<string>>();
  for (const m of scope.meetings) {
    const key = m.startsAt.slice(0, 7);
    if (!months.has(key)) months.set(key, new Set());
    months.get(key)!.add(m.id);
  }
  return {
    committeeId: scope.committee.id,
    from: scope.from,
    to: scope.to,
    meetings: scope.meetings.map((m) => ({
      meetingId: m.id,
      title: m.title,
      startsAt: m.startsAt,
      balance: balanceOf(scope, new Set([m.id])),
    })),
    months: [...months].map(([month, ids]) => ({ month, balance: balanceOf(scope, ids) })),
    total: balanceOf(scope, new Set(scope.meetings.map((m) => m.id))),
  };
}

/** What some contributions to one agenda item add up to, by kind (a speaking turn, a position…). */
export function tally(rows: readonly Contribution[]) {
  const sum = (...kinds: Contribution['kind'][]) =>
    rows.filter((r) => kinds.includes(r.kind)).reduce((n, r) => n + r.quantity, 0);
  return {
    speakingTurns: sum('speaking-turn'),
    speakingSeconds: sum('speaking-seconds'),
    minutesText: sum('minutes-surviving'),
    positions: sum('position-taken'),
    votes: sum('vote-cast'),
    proposals: sum('agenda-item-proposed', 'decision-proposed'),
    comments: sum('comment'),
  };
}

export function itemInfluence(scope: Scope): ItemInfluence[] {
  const index = byMeeting(scope);
  const out: ItemInfluence[] = [];
  for (const m of scope.meetings) {
    const attendance = scope.attendance.get(m.id) ?? {};
    const partnersPresent = Object.entries(attendance).filter(([id, s]) => {
      const member = scope.members.get(id);
      return member && isPartner(member.kind) && attended(s);
    }).length;
    const meetingRows = index.rows.get(m.id) ?? [];
    const meetingDecisions = (index.decisions.get(m.id) ?? []).map((d) => d.decision);
    for (const item of scope.agenda.get(m.id) ?? []) {
      const rows = meetingRows.filter(
        (r) => r.agendaItemId === item.id && isPartner(scope.members.get(r.memberId)!.kind),
      );
      const { votes: _votes, ...partners } = tally(rows);
      const voiced =
        partners.speakingTurns +
          partners.minutesText +
          partners.positions +
          partners.proposals +
          partners.comments >
        0;
      const decisions = meetingDecisions.filter((d) => d.agendaItemId === item.id);
      const levels = new Set(decisions.map((d) => d.influence.level));
      const got: EngagementGot = levels.has('co-decided')
        ? 'partnership'
        : levels.has('shaped')
          ? 'collaboration'
          : voiced
            ? 'consultation'
            : partnersPresent > 0
              ? 'information'
              : 'none';
      const kept = rank(got) >= rank(item.engagementLevel);
      out.push({
        meetingId: m.id,
        meetingTitle: m.title,
        startsAt: m.startsAt,
        itemId: item.id,
        title: item.title,
        purpose: item.purpose,
        sought: item.engagementLevel,
        got,
        kept,
        promiseNotKept: rank(item.engagementLevel) >= rank('consultation') && !voiced,
        partnersActed: voiced,
        partnersPresent,
        partners,
        contributors: [...new Set(rows.map((r) => r.memberId))],
        decisions: decisions.map((d) => ({
          decisionId: d.id,
          title: d.title,
          status: d.status,
          influence: d.influence.level,
        })),
      });
    }
  }
  return out;
}

/** The influence on `decisions` (by default all the scope's), in their order. */
export function decisionInfluence(scope: Scope, decisions = scope.decisions): DecisionInfluence[] {
  const meetings = new Map(scope.meetings.map((m) => [m.id, m]));
  return decisions.map((d) => {
    const m = meetings.get(d.meetingId)!;
    const item = (scope.agenda.get(d.meetingId) ?? []).find((i) => i.id === d.agendaItemId);
    return {
      decisionId: d.id,
      meetingId: d.meetingId,
      meetingTitle: m.title,
      startsAt: m.startsAt,
      agendaItemId: d.agendaItemId,
      itemTitle: item?.title ?? null,
      title: d.title,
      status: d.status,
      influence: d.influence.level,
      evidence: d.influence.evidence,
      partnerContributors: [...decisionRoles(d).keys()].filter((id) => {
        const member = scope.members.get(id);
        return member && isPartner(member.kind);
      }),
      proposedBy: d.proposedBy,
    };
  });
}

/**
 * When a meeting's questionnaire is open: from the meeting's start (its first start, which
 * `meetings.start` never moves) until QUESTIONNAIRE_OPEN_DAYS after it. A meeting not started yet
 * has no questionnaire open.
 */
export function questionnaireWindow(
  meeting: Meeting,
  now: Date,
): { closesAt: string | null; open: boolean; closed: boolean } {
  if (meeting.status === 'planned') return { closesAt: null, open: false, closed: false };
  const closesAt = questionnaireClosesAt(meeting.startedAt ?? meeting.startsAt);
  const closed = now.getTime() >= Date.parse(closesAt);
  return { closesAt, open: !closed, closed };
}

/**
 * Aggregates of the questionnaire over some meetings. A meeting's answers count only once its
 * questionnaire has closed, and only if that meeting has at least QUESTIONNAIRE_MIN_COUNT answers of
 * its own; the others are left out of every total, and only counted (meetings and answers) to say so.
 * The same holds per question: a meeting's answers to a question count only if at least that many
 * of its partners answered it (a question may be skipped); those left out are counted (`withheld`).
 */
export function questionnaireResults(
  ledger: LedgerStores['ledger'],
  now: Date,
  committeeId: string,
  meetings: Meeting[],
  p: { meetingId?: string; from?: string; to?: string },
): QuestionnaireResults {
  const counts = ledger.answerCounts(meetings.map((m) => m.id));
  const counting: string[] = [];
  const belowMinimum = { meetings: 0, answers: 0 };
  const notClosed = { meetings: 0, answers: 0 };
  let nextClosesAt: string | null = null;
  let count = 0;
  let counted = 0;
  for (const m of meetings) {
    const n = counts.get(m.id) ?? 0;
    count += n;
    const w = questionnaireWindow(m, now);
    if (w.open) {
      notClosed.meetings++;
      notClosed.answers += n;
      if (!nextClosesAt || w.closesAt! < nextClosesAt) nextClosesAt = w.closesAt;
    } else if (n >= QUESTIONNAIRE_MIN_COUNT) {
      counting.push(m.id);
      counted += n;
    } else if (n > 0) {
      belowMinimum.meetings++;
      belowMinimum.answers += n;
    }
  }
  const shown = counting.length > 0;
  let questions: QuestionnaireResults['questions'] = null;
  if (shown) {
    const dist = ledger.answerDistribution(counting, QUESTIONNAIRE_MIN_COUNT);
    questions = Object.fromEntries(
      QUESTIONNAIRE_QUESTIONS.map((q) => {
        const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
        let answered = 0;
        let total = 0;
        for (const [v, n] of Object.entries(dist[q].values)) {
          distribution[v as keyof typeof distribution] = n;
          answered += n;
          total += Number(v) * n;
        }
        const agree = answered ? (distribution['4'] + distribution['5']) / answered : 0;
        const withheld = dist[q].withheld;
        return [q, { answered, mean: answered ? total / answered : 0, distribution, agree, withheld }];
      }),
    ) as NonNullable<QuestionnaireResults['questions']>;
  }
  return {
    committeeId,
    meetingId: p.meetingId ?? null,
    from: p.from ?? null,
    to: p.to ?? null,
    count,
    minimum: QUESTIONNAIRE_MIN_COUNT,
    shown,
    questions,
    counted,
    meetingsCounted: counting.length,
    belowMinimum,
    notClosed,
    nextClosesAt,
    openDays: QUESTIONNAIRE_OPEN_DAYS,
  };
}
