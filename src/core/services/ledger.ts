/**
 * Contributions and influence: the partnership ledger per member, meeting and period; what each
 * agenda item sought from partners against what it got; the partners' influence on decisions;
 * "how your input was used" notes; the balance of voice; partnership reports (GRIPP2-SF) and the
 * anonymous experience questionnaire.
 *
 * The ledger is kept in SQLite (`contributions`) and recomputed per meeting from the raw data
 * whenever that meeting's sources changed (checked before every read), or all at once by
 * `ledger.rebuild`: both go through the same computation (ledger-compute.ts).
 */
import { ApiError } from '../../shared/api';
import { INFLUENCE_LEVELS, type Decision, type InfluenceLevel } from '../../shared/decisions';
import {
  ENGAGEMENT_LEVELS,
  type Caller,
  type Committee,
  type EngagementLevel,
  type Meeting,
  type Member,
} from '../../shared/domain';
import {
  INFLUENTIAL_LEVELS,
  QUESTIONNAIRE_MIN_COUNT,
  QUESTIONNAIRE_OPEN_DAYS,
  QUESTIONNAIRE_QUESTIONS,
  REPORT_SECTIONS,
  VOICE_GROUPS,
  VOICE_GROUP_OF,
  VOICE_MEASURES,
  emptyTotals,
  isPartner,
  questionnaireClosesAt,
  type BalanceOfVoice,
  type Contribution,
  type ContributionTotals,
  type DecisionInfluence,
  type EngagementGot,
  type InputUsedNote,
  type ItemInfluence,
  type LedgerSummary,
  type MemberPage,
  type PartnershipReport,
  type QuestionnaireResults,
  type QuestionnaireStatus,
  type VoiceBalance,
  type VoiceGroup,
  type VoiceMeasure,
} from '../../shared/ledger';
import { readAgenda, type AgendaItem } from '../../shared/meeting';
import { authorize } from '../access';
import { localDay } from '../exports/common';
import { partnershipLabels } from '../exports/partnership-labels';
import { buildPartnershipReport } from '../exports/partnership-report';
import type { DocStore } from '../store/docs';
import type { LedgerRepo } from '../store/ledger-repo';
import { actingMember, committeeOr404, meetingOr404, memberOf, type ServiceContext } from './context';
import type { Handlers } from './index';
import { rebuildCommittee, refreshCommittee } from './ledger-compute';

type LedgerHandlers = Pick<
  Handlers,
  | 'ledger.member'
  | 'ledger.meeting'
  | 'ledger.committee'
  | 'ledger.contributions'
  | 'ledger.rebuild'
  | 'influence.items'
  | 'influence.decisions'
  | 'ledger.inputUsed'
  | 'balance.get'
  | 'report.get'
  | 'report.save'
  | 'report.export'
  | 'questionnaire.answer'
  | 'questionnaire.status'
  | 'questionnaire.results'
>;

interface PeriodInput {
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

const inPeriod = (m: Meeting, p: PeriodInput) => {
  const day = m.startsAt.slice(0, 10);
  return (!p.from || day >= p.from) && (!p.to || day <= p.to);
};

const rank = (l: EngagementGot): number => (l === 'none' ? -1 : ENGAGEMENT_LEVELS.indexOf(l));

const attended = (s: string | undefined) => s === 'present' || s === 'remote';

/**
 * The agendas read from the meetings' documents, by document version: a question about a year
 * reads some fifty documents, which change rarely once their meeting is over. Per store (a
 * restored workspace has a new one).
 */
const agendas = new WeakMap<DocStore, Map<string, { version: number; items: AgendaItem[] }>>();

function agendaOf(ctx: ServiceContext, m: Meeting): AgendaItem[] {
  let cache = agendas.get(ctx.docStore);
  if (!cache) agendas.set(ctx.docStore, (cache = new Map()));
  const version = ctx.docStore.version(m.docName);
  const hit = cache.get(m.docName);
  if (hit && hit.version === version) return hit.items;
  const items = ctx.docs.read(m.docName, readAgenda);
  cache.set(m.docName, { version, items });
  return items;
}

/**
 * The last scope read, per open database (a restore opens a new one, with a new LedgerRepo): kept
 * while nothing has been written since, for a few seconds at most. A screen asks several questions
 * of one period in a row (the partnership screen four, then the report), and each read the same
 * year of rows, decisions and agendas again.
 */
const lastScope = new WeakMap<LedgerRepo, { key: string; at: number; scope: Scope }>();
const SCOPE_KEPT_MS = 5000;

export function loadScope(
  ctx: ServiceContext,
  committeeId: string,
  p: PeriodInput,
  meetingId?: string,
): Scope {
  const committee = committeeOr404(ctx, committeeId);
  const meetings = ctx.repos
    .listMeetings(committee.id)
    .filter((m) => inPeriod(m, p) && (!meetingId || m.id === meetingId))
    .reverse();
  // Only the meetings asked about are brought up to date: the rows read are theirs.
  refreshCommittee(ctx, committee.id, meetings);
  // After the refresh: any write (a refreshed meeting, an edit, a member renamed) changes the key.
  const key = JSON.stringify([
    committee.id,
    p.from ?? null,
    p.to ?? null,
    meetingId ?? null,
    ctx.ledger.writes(),
  ]);
  const kept = lastScope.get(ctx.ledger);
  if (kept && kept.key === key && performance.now() - kept.at < SCOPE_KEPT_MS) return kept.scope;
  const scope = readScope(ctx, committee, meetings, p, meetingId);
  lastScope.set(ctx.ledger, { key, at: performance.now(), scope });
  return scope;
}

/** What loadScope reads (the views never change it: it may be given to several). */
function readScope(
  ctx: ServiceContext,
  committee: Committee,
  meetings: Meeting[],
  p: PeriodInput,
  meetingId: string | undefined,
): Scope {
  const ids = new Set(meetings.map((m) => m.id));
  const rows = ctx.ledger
    .contributions({ committeeId: committee.id, meetingId, from: p.from, to: p.to })
    .filter((r) => ids.has(r.meetingId));
  const decisions = ctx.decisions
    // The period's decisions only (its meetings' days; '~' sorts after any time of the last day).
    .registerContent({
      committeeId: committee.id,
      meetingId,
      from: p.from ?? undefined,
      to: p.to ? `${p.to}~` : undefined,
    })
    .filter((d) => ids.has(d.meetingId))
    .map((d) => JSON.parse(d.content) as Decision);
  const agenda = new Map<string, AgendaItem[]>();
  const attendance = new Map<string, Record<string, string>>();
  for (const m of meetings) {
    agenda.set(
      m.id,
      agendaOf(ctx, m).filter((i) => !i.standing),
    );
    attendance.set(m.id, ctx.repos.attendance(m.id));
  }
  return {
    committee,
    members: new Map(ctx.repos.listMembers(committee.id).map((m) => [m.id, m])),
    meetings,
    rows,
    decisions,
    agenda,
    attendance,
    from: p.from ?? null,
    to: p.to ?? null,
  };
}

function totalsOf(rows: Contribution[]): ContributionTotals {
  const t = emptyTotals();
  for (const r of rows) t[r.kind] += r.quantity;
  return t;
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

/** The balance of voice over some meetings of a scope. */
export function balanceOf(scope: Scope, meetingIds: Set<string>): VoiceBalance {
  const groupOf = (memberId: string): VoiceGroup | null => {
    const m = scope.members.get(memberId);
    return m ? VOICE_GROUP_OF[m.kind] : null;
  };
  const amounts = Object.fromEntries(VOICE_MEASURES.map((k) => [k, zeroGroups()])) as Record<
    VoiceMeasure,
    Record<VoiceGroup, number>
  >;
  for (const r of scope.rows) {
    if (!meetingIds.has(r.meetingId)) continue;
    const g = groupOf(r.memberId);
    if (!g) continue;
    if (r.kind === 'speaking-seconds') amounts.speakingSeconds[g] += r.quantity;
    else if (r.kind === 'minutes-surviving') amounts.minutesText[g] += r.quantity;
    else if (r.kind === 'agenda-item-proposed' || r.kind === 'decision-proposed')
      amounts.proposals[g] += r.quantity;
  }
  let decisionCount = 0;
  const levels = Object.fromEntries(INFLUENCE_LEVELS.map((l) => [l, 0])) as Record<InfluenceLevel, number>;
  for (const d of scope.decisions) {
    if (!meetingIds.has(d.meetingId)) continue;
    decisionCount++;
    const groups = new Set([...decisionRoles(d).keys()].map(groupOf).filter((g): g is VoiceGroup => !!g));
    for (const g of groups) amounts.decisions[g] += 1;
    // The influence recorded weighs once the decision is taken (a draft's may still change).
    if (d.status !== 'proposed') levels[d.influence.level] += 1;
  }
  const taken = INFLUENCE_LEVELS.reduce((n, l) => n + levels[l], 0);
  const shapedOrCoDecided = INFLUENTIAL_LEVELS.reduce((n, l) => n + levels[l], 0);
  const attending = zeroGroups();
  for (const id of meetingIds) {
    for (const [memberId, status] of Object.entries(scope.attendance.get(id) ?? {})) {
      const g = groupOf(memberId);
      if (g && attended(status)) attending[g] += 1;
    }
  }
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

export function itemInfluence(scope: Scope): ItemInfluence[] {
  const out: ItemInfluence[] = [];
  for (const m of scope.meetings) {
    const attendance = scope.attendance.get(m.id) ?? {};
    const partnersPresent = Object.entries(attendance).filter(([id, s]) => {
      const member = scope.members.get(id);
      return member && isPartner(member.kind) && attended(s);
    }).length;
    for (const item of scope.agenda.get(m.id) ?? []) {
      const rows = scope.rows.filter(
        (r) =>
          r.meetingId === m.id &&
          r.agendaItemId === item.id &&
          isPartner(scope.members.get(r.memberId)!.kind),
      );
      const sum = (...kinds: Contribution['kind'][]) =>
        rows.filter((r) => kinds.includes(r.kind)).reduce((n, r) => n + r.quantity, 0);
      const partners = {
        speakingTurns: sum('speaking-turn'),
        speakingSeconds: sum('speaking-seconds'),
        minutesText: sum('minutes-surviving'),
        positions: sum('position-taken'),
        proposals: sum('agenda-item-proposed', 'decision-proposed'),
        comments: sum('comment'),
      };
      const voiced =
        partners.speakingTurns +
          partners.minutesText +
          partners.positions +
          partners.proposals +
          partners.comments >
        0;
      const decisions = scope.decisions.filter((d) => d.meetingId === m.id && d.agendaItemId === item.id);
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

export function decisionInfluence(scope: Scope): DecisionInfluence[] {
  const meetings = new Map(scope.meetings.map((m) => [m.id, m]));
  return scope.decisions.map((d) => {
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

function memberPage(scope: Scope, member: Member): MemberPage {
  const rows = scope.rows.filter((r) => r.memberId === member.id);
  const months = new Map<string, Contribution[]>();
  const meetingMonth = new Map(scope.meetings.map((m) => [m.id, m.startsAt.slice(0, 7)]));
  for (const m of scope.meetings) months.set(m.startsAt.slice(0, 7), []);
  for (const r of rows) months.get(meetingMonth.get(r.meetingId)!)!.push(r);
  const meetings = scope.meetings.map((m) => ({
    meetingId: m.id,
    title: m.title,
    startsAt: m.startsAt,
    attendance: (scope.attendance.get(m.id)?.[member.id] ??
      null) as MemberPage['meetings'][number]['attendance'],
  }));
  return {
    member,
    from: scope.from,
    to: scope.to,
    voiceGroup: VOICE_GROUP_OF[member.kind],
    meetings,
    attended: meetings.filter((m) => attended(m.attendance ?? undefined)).length,
    totals: totalsOf(rows),
    months: [...months].map(([month, r]) => ({ month, totals: totalsOf(r) })),
    decisions: scope.decisions
      .filter((d) => decisionRoles(d).has(member.id))
      .map((d) => ({
        decisionId: d.id,
        meetingId: d.meetingId,
        title: d.title,
        status: d.status,
        influence: d.influence.level,
        evidence: d.influence.evidence,
        roles: [...decisionRoles(d).get(member.id)!],
      })),
  };
}

function summary(scope: Scope, meetingId: string | null): LedgerSummary {
  const byMember = new Map<string, Contribution[]>();
  for (const r of scope.rows) {
    if (!byMember.has(r.memberId)) byMember.set(r.memberId, []);
    byMember.get(r.memberId)!.push(r);
  }
  const members = [...scope.members.values()].map((m) => ({
    memberId: m.id,
    name: m.name,
    kind: m.kind,
    voiceGroup: VOICE_GROUP_OF[m.kind],
    totals: totalsOf(byMember.get(m.id) ?? []),
  }));
  const out: LedgerSummary = {
    committeeId: scope.committee.id,
    meetingId,
    from: scope.from,
    to: scope.to,
    members,
  };
  if (meetingId) {
    out.items = (scope.agenda.get(meetingId) ?? []).map((item) => {
      const perMember: Record<string, Partial<ContributionTotals>> = {};
      for (const r of scope.rows) {
        if (r.agendaItemId !== item.id) continue;
        const t = (perMember[r.memberId] ??= {});
        t[r.kind] = (t[r.kind] ?? 0) + r.quantity;
      }
      return { itemId: item.id, title: item.title, members: perMember };
    });
  }
  return out;
}

/** "How your input was used" for one member at one meeting. */
function inputUsedNote(scope: Scope, meeting: Meeting, member: Member): InputUsedNote {
  const labels = partnershipLabels(scope.committee.language);
  const rows = scope.rows.filter((r) => r.meetingId === meeting.id && r.memberId === member.id);
  const agenda = scope.agenda.get(meeting.id) ?? [];
  const items: InputUsedNote['items'] = [];
  for (const item of agenda) {
    const mine = rows.filter((r) => r.agendaItemId === item.id);
    if (!mine.length) continue;
    const sum = (...kinds: Contribution['kind'][]) =>
      mine.filter((r) => kinds.includes(r.kind)).reduce((n, r) => n + r.quantity, 0);
    const did = {
      speakingTurns: sum('speaking-turn'),
      speakingSeconds: sum('speaking-seconds'),
      minutesText: sum('minutes-surviving'),
      positions: sum('position-taken'),
      votes: sum('vote-cast'),
      proposals: sum('agenda-item-proposed', 'decision-proposed'),
      comments: sum('comment'),
    };
    // Having spoken to a decision is counted with the decision, not as an act of its own.
    if (Object.values(did).every((n) => n === 0)) continue;
    items.push({
      itemId: item.id,
      title: item.title,
      did,
      decisions: scope.decisions
        .filter((d) => d.meetingId === meeting.id && d.agendaItemId === item.id)
        .map((d) => ({
          title: d.title,
          status: d.status,
          influence: d.influence.level,
          evidence: d.influence.evidence,
        })),
    });
  }
  const date = localDay(new Date(meeting.startsAt));
  const n = labels.note;
  const lines: string[] = [`# ${n.title(meeting.title, date)}`, '', n.greeting(member.name), '', n.intro, ''];
  if (!items.length) lines.push(n.nothing, '');
  for (const item of items) {
    const d = item.did;
    const acts = [
      d.speakingTurns
        ? n.did.speakingTurns(d.speakingTurns, Math.max(1, Math.round(d.speakingSeconds / 60)))
        : null,
      d.minutesText ? n.did.minutesText(d.minutesText) : null,
      d.positions ? n.did.positions(d.positions) : null,
      d.votes ? n.did.votes(d.votes) : null,
      d.proposals ? n.did.proposals(d.proposals) : null,
      d.comments ? n.did.comments(d.comments) : null,
    ].filter(Boolean);
    lines.push(`## ${item.title}`, '', `**${n.youDid}${labels.colon}** ${acts.join(', ')}.`, '');
    lines.push(`**${n.became}${labels.colon}**`, '');
    if (!item.decisions.length) lines.push(`- ${n.noDecision}`);
    for (const dec of item.decisions) {
      lines.push(
        `- ${n.decision(dec.title, labels.log.statuses[dec.status as keyof typeof labels.log.statuses].toLowerCase(), labels.log.influence[dec.influence].toLowerCase())}`,
      );
      if (dec.evidence) lines.push(`  - ${n.evidence}${labels.colon} ${dec.evidence}`);
    }
    lines.push('');
  }
  lines.push(n.thanks, '');
  return {
    meetingId: meeting.id,
    meetingTitle: meeting.title,
    startsAt: meeting.startsAt,
    memberId: member.id,
    memberName: member.name,
    items,
    markdown: lines.join('\n'),
  };
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
 */
export function questionnaireResults(
  ctx: ServiceContext,
  committeeId: string,
  meetings: Meeting[],
  p: { meetingId?: string; from?: string; to?: string },
): QuestionnaireResults {
  const now = ctx.now();
  const counts = ctx.ledger.answerCounts(meetings.map((m) => m.id));
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
    const dist = ctx.ledger.answerDistribution(counting);
    questions = Object.fromEntries(
      QUESTIONNAIRE_QUESTIONS.map((q) => {
        const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
        let answered = 0;
        let total = 0;
        for (const [v, n] of Object.entries(dist[q])) {
          distribution[v as keyof typeof distribution] = n;
          answered += n;
          total += Number(v) * n;
        }
        const agree = answered ? (distribution['4'] + distribution['5']) / answered : 0;
        return [q, { answered, mean: answered ? total / answered : 0, distribution, agree }];
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

export function ledgerHandlers(ctx: ServiceContext): LedgerHandlers {
  /** Members see what is theirs; co-chairs, secretaries and the owner see everyone's. */
  const seesAll = (caller: Caller) =>
    caller.kind === 'owner' || caller.role === 'co-chair' || caller.role === 'secretary';
  const selfOrRecorder = (caller: Caller, memberId: string | undefined, what: string) => {
    if (seesAll(caller)) return;
    if (caller.kind === 'member' && memberId === caller.memberId) return;
    throw new ApiError('forbidden', `Only co-chairs and secretaries may see ${what} of other members.`);
  };
  const checkPeriod = (p: PeriodInput) => {
    if (p.from && p.to && p.from > p.to) throw new ApiError('invalid_input', 'from must be on or before to.');
  };

  const report = (committee: Committee, from: string, to: string): PartnershipReport => {
    checkPeriod({ from, to });
    const scope = loadScope(ctx, committee.id, { from, to });
    const saved = ctx.ledger.reportTexts(committee.id, from, to);
    const voice = balanceOfVoice(scope);
    return buildPartnershipReport({
      scope,
      balance: voice.total,
      months: voice.months,
      items: itemInfluence(scope),
      decisions: decisionInfluence(scope),
      questionnaire: questionnaireResults(ctx, committee.id, scope.meetings, { from, to }),
      texts: saved?.texts ?? {},
      savedAt: saved?.savedAt ?? null,
      savedBy: saved?.savedBy ?? null,
    });
  };

  /** Whether the caller may answer, else why (in English, and as a reason a client says in its language). */
  const canAnswer = (
    caller: Caller,
    meeting: Meeting,
  ): { ok: boolean; why: string; reason?: string; params?: Record<string, string> } => {
    const partnersOnly = {
      ok: false,
      why: 'The questionnaire is for patient and caregiver partners.',
      reason: 'questionnaire_partners_only',
    };
    if (caller.kind !== 'member') return partnersOnly;
    const member = ctx.repos.getMember(caller.memberId)!;
    if (!isPartner(member.kind)) return partnersOnly;
    const window = questionnaireWindow(meeting, ctx.now());
    if (!window.closesAt)
      return { ok: false, why: 'The meeting has not started yet.', reason: 'questionnaire_not_open' };
    if (window.closed)
      return {
        ok: false,
        why: `The questionnaire closed on ${window.closesAt}, ${QUESTIONNAIRE_OPEN_DAYS} days after the meeting started.`,
        reason: 'questionnaire_closed',
        params: { closesAt: window.closesAt },
      };
    if (!attended(ctx.repos.attendance(meeting.id)[member.id]))
      return {
        ok: false,
        why: 'Only partners who attended the meeting may answer.',
        reason: 'questionnaire_not_attended',
      };
    if (ctx.ledger.hasAnswered(meeting.id, member.id))
      return {
        ok: false,
        why: 'You have already answered for this meeting.',
        reason: 'questionnaire_answered',
      };
    return { ok: true, why: '' };
  };
  const status = (caller: Caller, meeting: Meeting): QuestionnaireStatus => {
    const window = questionnaireWindow(meeting, ctx.now());
    return {
      meetingId: meeting.id,
      canAnswer: canAnswer(caller, meeting).ok,
      answered: caller.kind === 'member' && ctx.ledger.hasAnswered(meeting.id, caller.memberId),
      count: ctx.ledger.answerCount([meeting.id]),
      open: window.open,
      closesAt: window.closesAt,
      minimum: QUESTIONNAIRE_MIN_COUNT,
    };
  };

  return {
    'ledger.member': (input, caller) => {
      const member = ctx.repos.getMember(input.memberId);
      if (!member) throw new ApiError('not_found', `No member with id ${input.memberId}.`);
      authorize(caller, 'ledger.member', member.committeeId);
      selfOrRecorder(caller, member.id, 'the pages');
      checkPeriod(input);
      return memberPage(loadScope(ctx, member.committeeId, input), member);
    },
    'ledger.meeting': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'ledger.meeting', m.committeeId);
      return summary(loadScope(ctx, m.committeeId, {}, m.id), m.id);
    },
    'ledger.committee': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'ledger.committee', c.id);
      checkPeriod(input);
      return summary(loadScope(ctx, c.id, input), null);
    },
    'ledger.contributions': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'ledger.contributions', c.id);
      selfOrRecorder(caller, input.memberId, 'the contributions');
      if (input.memberId) memberOf(ctx, c.id, input.memberId);
      if (input.meetingId && meetingOr404(ctx, input.meetingId).committeeId !== c.id)
        throw new ApiError('not_found', `No meeting ${input.meetingId} in this committee.`);
      checkPeriod(input);
      refreshCommittee(ctx, c.id);
      const { limit, offset, ...filter } = input;
      return {
        total: ctx.ledger.count({ ...filter, committeeId: c.id }),
        items: ctx.ledger.contributions({ ...filter, committeeId: c.id }, { limit, offset }),
      };
    },
    'ledger.rebuild': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'ledger.rebuild', c.id);
      return rebuildCommittee(ctx, c.id);
    },
    'influence.items': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'influence.items', c.id);
      checkPeriod(input);
      return itemInfluence(loadScope(ctx, c.id, input, input.meetingId));
    },
    'influence.decisions': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'influence.decisions', c.id);
      checkPeriod(input);
      return decisionInfluence(loadScope(ctx, c.id, input, input.meetingId));
    },
    'ledger.inputUsed': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'ledger.inputUsed', m.committeeId);
      const only = input.memberId ?? (seesAll(caller) ? undefined : actingMember(caller)!);
      selfOrRecorder(caller, only, '“how your input was used”');
      // Refused before the ledger is brought up to date: a refused call changes nothing.
      const member = only ? memberOf(ctx, m.committeeId, only) : null;
      const scope = loadScope(ctx, m.committeeId, {}, m.id);
      if (member) return [inputUsedNote(scope, m, member)];
      return [...scope.members.values()]
        .filter((member) => isPartner(member.kind))
        .map((member) => inputUsedNote(scope, m, member))
        .filter((note) => note.items.length > 0);
    },
    'balance.get': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'balance.get', c.id);
      checkPeriod(input);
      return balanceOfVoice(loadScope(ctx, c.id, input));
    },
    'report.get': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'report.get', c.id);
      return report(c, input.from, input.to);
    },
    'report.save': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'report.save', c.id);
      checkPeriod(input);
      const before = ctx.ledger.reportTexts(c.id, input.from, input.to)?.texts ?? {};
      const texts = { ...before };
      for (const key of REPORT_SECTIONS) if (input.texts[key] !== undefined) texts[key] = input.texts[key];
      ctx.ledger.saveReportTexts(c.id, input.from, input.to, texts, actingMember(caller));
      return report(c, input.from, input.to);
    },
    'report.export': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'report.export', c.id);
      // Filled from the data here; laid out in the export worker.
      return ctx.workers.partnershipReport({
        report: report(c, input.from, input.to),
        format: input.format,
        now: ctx.now().toISOString(),
      });
    },
    'questionnaire.answer': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'questionnaire.answer', m.committeeId);
      if (!QUESTIONNAIRE_QUESTIONS.some((q) => input.answers[q] !== undefined))
        throw new ApiError('invalid_input', 'answers: answer at least one question.');
      const check = canAnswer(caller, m);
      if (!check.ok) {
        const code =
          caller.kind !== 'member' || !isPartner(ctx.repos.getMember(caller.memberId)!.kind)
            ? 'forbidden'
            : 'conflict';
        throw new ApiError(code, check.why, check.reason, check.params);
      }
      if (!ctx.ledger.answer(m.id, (caller as Extract<Caller, { kind: 'member' }>).memberId, input.answers))
        throw new ApiError(
          'conflict',
          'You have already answered for this meeting.',
          'questionnaire_answered',
        );
      return status(caller, m);
    },
    'questionnaire.status': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'questionnaire.status', m.committeeId);
      return status(caller, m);
    },
    'questionnaire.results': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'questionnaire.results', c.id);
      checkPeriod(input);
      const meetings = ctx.repos
        .listMeetings(c.id)
        .filter((m) => inPeriod(m, input) && (!input.meetingId || m.id === input.meetingId));
      if (input.meetingId && !meetings.length)
        throw new ApiError('not_found', `No meeting ${input.meetingId} in this committee.`);
      return questionnaireResults(ctx, c.id, meetings, input);
    },
  };
}

export type { EngagementLevel, InfluenceLevel };
