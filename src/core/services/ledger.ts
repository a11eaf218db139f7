/**
 * Contributions and influence: the partnership ledger per member, meeting and period; what each
 * agenda item sought from partners against what it got; the partners' influence on decisions;
 * "how your input was used" notes; the balance of voice; partnership reports (GRIPP2-SF) and the
 * anonymous experience questionnaire.
 *
 * The ledger is kept in SQLite (`contributions`) and recomputed per meeting from the raw data
 * whenever that meeting's sources changed (checked before every read), or all at once by
 * `ledger.rebuild`: both go through the same computation (ledger-compute.ts). The views of a
 * period are computed in ledger-views.ts, from a scope read through the core's stores here, or
 * through the export worker's read-only connection for the partnership report's files.
 */
import { ApiError } from '../../shared/api';
import type { Caller, Committee, EngagementLevel, Meeting, Member } from '../../shared/domain';
import { INFLUENCE_LEVELS, type InfluenceLevel } from '../../shared/decisions';
import {
  QUESTIONNAIRE_MIN_COUNT,
  QUESTIONNAIRE_OPEN_DAYS,
  QUESTIONNAIRE_QUESTIONS,
  REPORT_SECTIONS,
  VOICE_GROUP_OF,
  emptyTotals,
  isPartner,
  type Contribution,
  type ContributionTotals,
  type InputUsedNote,
  type ItemInfluence,
  type LedgerSummary,
  type MemberPage,
  type PartnershipReport,
  type QuestionnaireStatus,
} from '../../shared/ledger';
import { authorize } from '../access';
import { localDay } from '../exports/common';
import { partnershipLabels } from '../exports/partnership-labels';
import { fillPartnershipReport } from '../exports/partnership-report';
import type { LedgerRepo } from '../store/ledger-repo';
import { actingMember, committeeOr404, meetingOr404, memberOf, type ServiceContext } from './context';
import type { Handlers } from './index';
import { inSlices, rebuildCommittee, refreshCommittee, refreshCommitteeSliced } from './ledger-compute';
import {
  attended,
  balanceOfVoice,
  coreStores,
  decisionInfluence,
  decisionRoles,
  inPeriod,
  itemInfluence,
  periodMeetings,
  questionnaireResults,
  questionnaireWindow,
  readScope,
  readingScope,
  tally,
  type PeriodInput,
  type Scope,
} from './ledger-views';

type LedgerHandlers = Pick<
  Handlers,
  | 'ledger.member'
  | 'ledger.meeting'
  | 'ledger.committee'
  | 'ledger.contributions'
  | 'ledger.rebuild'
  | 'influence.items'
  | 'influence.decisions'
  | 'influence.counts'
  | 'ledger.inputUsed'
  | 'balance.get'
  | 'report.get'
  | 'report.save'
  | 'report.export'
  | 'questionnaire.answer'
  | 'questionnaire.status'
  | 'questionnaire.results'
>;

/**
 * The last scope read, per open database (a restore opens a new one, with a new LedgerRepo): kept
 * while nothing has been written since, for a few seconds at most. A screen asks several questions
 * of one period in a row (the partnership screen four, then the report), and each read the same
 * year of rows, decisions and agendas again.
 */
const lastScope = new WeakMap<LedgerRepo, { key: string; at: number; scope: Scope }>();
const SCOPE_KEPT_MS = 5000;

/**
 * The meetings of a committee's period (or only `meetingId` of them), their ledger brought up to
 * date first (a write: on the core's own connection, before anything reads the rows).
 */
export function refreshPeriod(
  ctx: ServiceContext,
  committeeId: string,
  p: PeriodInput,
  meetingId?: string,
): Meeting[] {
  const meetings = periodMeetings(coreStores(ctx), committeeId, p, meetingId);
  // Only the meetings asked about are brought up to date: the rows read are theirs.
  refreshCommittee(ctx, committeeId, meetings);
  return meetings;
}

/** What a scope was read for: any write (a refreshed meeting, an edit, a member renamed) changes it. */
function scopeKey(ctx: ServiceContext, committeeId: string, p: PeriodInput, meetingId?: string): string {
  return JSON.stringify([committeeId, p.from ?? null, p.to ?? null, meetingId ?? null, ctx.ledger.writes()]);
}

/** A scope being read in slices, per open database: questions asked meanwhile wait for it. */
const readingNow = new WeakMap<LedgerRepo, { key: string; scope: Promise<Scope> }>();

/**
 * Brings the period's ledger up to date, then reads its scope (rows, decisions, agendas from the
 * meetings' documents) a meeting at a time, letting the event loop answer others between slices
 * of 20 ms: five years are some 250 documents and 10,000 decisions, and the first question after
 * a start read them in one go (0.4-0.9 s). The scope is kept for loadScope if nothing was written
 * meanwhile; otherwise loadScope reads it again at once. Returns the period's meetings, for
 * loadScope not to check them again.
 */
export async function prepareScope(
  ctx: ServiceContext,
  committeeId: string,
  p: PeriodInput,
  meetingId?: string,
): Promise<Meeting[]> {
  const stores = coreStores(ctx);
  const committee = committeeOr404(ctx, committeeId);
  const meetings = periodMeetings(stores, committee.id, p, meetingId);
  await refreshCommitteeSliced(ctx, committee.id, meetings);
  const key = scopeKey(ctx, committee.id, p, meetingId);
  const kept = lastScope.get(ctx.ledger);
  if (kept && kept.key === key && performance.now() - kept.at < SCOPE_KEPT_MS) return meetings;
  let reading = readingNow.get(ctx.ledger);
  if (!reading || reading.key !== key) {
    reading = { key, scope: inSlices(readingScope(stores, committee, meetings, p)) };
    readingNow.set(ctx.ledger, reading);
  }
  let scope: Scope;
  try {
    scope = await reading.scope;
  } finally {
    if (readingNow.get(ctx.ledger) === reading) readingNow.delete(ctx.ledger);
  }
  if (scopeKey(ctx, committee.id, p, meetingId) === key)
    lastScope.set(ctx.ledger, { key, at: performance.now(), scope });
  // Questions that waited for the same reading go on each in a turn of its own: they would
  // otherwise work out their views one after the other without a pause (a screen asks four).
  await new Promise((resolve) => setImmediate(resolve));
  return meetings;
}

/**
 * Everything the views read for a committee and period, the ledger brought up to date first
 * (unless `prepared`: the meetings prepareScope has just brought up to date).
 */
export function loadScope(
  ctx: ServiceContext,
  committeeId: string,
  p: PeriodInput,
  meetingId?: string,
  prepared?: Meeting[],
): Scope {
  const committee = committeeOr404(ctx, committeeId);
  const meetings = prepared ?? refreshPeriod(ctx, committee.id, p, meetingId);
  // After the refresh: its writes are part of the key.
  const key = scopeKey(ctx, committee.id, p, meetingId);
  const kept = lastScope.get(ctx.ledger);
  if (kept && kept.key === key && performance.now() - kept.at < SCOPE_KEPT_MS) return kept.scope;
  const scope = readScope(coreStores(ctx), committee, meetings, p);
  lastScope.set(ctx.ledger, { key, at: performance.now(), scope });
  return scope;
}

function totalsOf(rows: Contribution[]): ContributionTotals {
  const t = emptyTotals();
  for (const r of rows) t[r.kind] += r.quantity;
  return t;
}

/** The part of a list a question asks for (`limit` after `offset`; without `limit`, the rest). */
const partOf = <T>(list: readonly T[], p: { limit?: number; offset?: number }): T[] =>
  list.slice(p.offset ?? 0, p.limit === undefined ? undefined : (p.offset ?? 0) + p.limit);

/** `member`'s page over the scope; of their decisions, the `part` asked for (all by default). */
function memberPage(
  scope: Scope,
  member: Member,
  part: { limit?: number; offset?: number } = {},
): MemberPage {
  const rows = scope.rows.filter((r) => r.memberId === member.id);
  const theirs = scope.decisions.filter((d) => decisionRoles(d).has(member.id));
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
    decisionCount: theirs.length,
    decisions: partOf(theirs, part).map((d) => ({
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
    const did = tally(mine);
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
 * A scope's agenda items worked out once: a screen asks for their counts, then for them a part at
 * a time, and the scope is kept meanwhile (lastScope) unless something was written.
 */
const itemsOfScope = new WeakMap<Scope, ItemInfluence[]>();
function itemsOf(scope: Scope): ItemInfluence[] {
  let items = itemsOfScope.get(scope);
  if (!items) itemsOfScope.set(scope, (items = itemInfluence(scope)));
  return items;
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

  /** The period's scope, prepared off the event loop's way (prepareScope) then read. */
  const scopeOf = async (committeeId: string, p: PeriodInput, meetingId?: string): Promise<Scope> =>
    loadScope(ctx, committeeId, p, meetingId, await prepareScope(ctx, committeeId, p, meetingId));

  const report = async (committee: Committee, from: string, to: string): Promise<PartnershipReport> => {
    checkPeriod({ from, to });
    return fillPartnershipReport(coreStores(ctx), await scopeOf(committee.id, { from, to }), ctx.now());
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
    'ledger.member': async (input, caller) => {
      const member = ctx.repos.getMember(input.memberId);
      if (!member) throw new ApiError('not_found', `No member with id ${input.memberId}.`);
      authorize(caller, 'ledger.member', member.committeeId);
      selfOrRecorder(caller, member.id, 'the pages');
      checkPeriod(input);
      return memberPage(await scopeOf(member.committeeId, input), member, input);
    },
    'ledger.meeting': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'ledger.meeting', m.committeeId);
      return summary(loadScope(ctx, m.committeeId, {}, m.id), m.id);
    },
    'ledger.committee': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'ledger.committee', c.id);
      checkPeriod(input);
      return summary(await scopeOf(c.id, input), null);
    },
    'ledger.contributions': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'ledger.contributions', c.id);
      selfOrRecorder(caller, input.memberId, 'the contributions');
      if (input.memberId) memberOf(ctx, c.id, input.memberId);
      if (input.meetingId && meetingOr404(ctx, input.meetingId).committeeId !== c.id)
        throw new ApiError('not_found', `No meeting ${input.meetingId} in this committee.`);
      checkPeriod(input);
      await refreshCommitteeSliced(ctx, c.id);
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
    'influence.items': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'influence.items', c.id);
      checkPeriod(input);
      const items = itemsOf(await scopeOf(c.id, input, input.meetingId));
      return partOf(input.promiseNotKept ? items.filter((i) => i.promiseNotKept) : items, input);
    },
    'influence.decisions': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'influence.decisions', c.id);
      checkPeriod(input);
      const scope = await scopeOf(c.id, input, input.meetingId);
      const levels = input.influence && new Set<InfluenceLevel>(input.influence);
      // Only the part asked for is worked out: five years hold 10,000 decisions.
      const decisions = levels
        ? scope.decisions.filter((d) => levels.has(d.influence.level))
        : scope.decisions;
      return decisionInfluence(scope, partOf(decisions, input));
    },
    'influence.counts': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'influence.counts', c.id);
      checkPeriod(input);
      const scope = await scopeOf(c.id, input, input.meetingId);
      const levels = Object.fromEntries(INFLUENCE_LEVELS.map((l) => [l, 0])) as Record<
        InfluenceLevel,
        number
      >;
      for (const d of scope.decisions) levels[d.influence.level]++;
      const items = itemsOf(scope);
      return {
        decisions: { total: scope.decisions.length, levels },
        items: { total: items.length, promisesNotKept: items.filter((i) => i.promiseNotKept).length },
      };
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
    'balance.get': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'balance.get', c.id);
      checkPeriod(input);
      return balanceOfVoice(await scopeOf(c.id, input));
    },
    'report.get': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'report.get', c.id);
      return report(c, input.from, input.to);
    },
    'report.save': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'report.save', c.id);
      checkPeriod(input);
      const before = ctx.ledger.reportTexts(c.id, input.from, input.to)?.texts ?? {};
      const texts = { ...before };
      for (const key of REPORT_SECTIONS) if (input.texts[key] !== undefined) texts[key] = input.texts[key];
      ctx.ledger.saveReportTexts(c.id, input.from, input.to, texts, actingMember(caller));
      return report(c, input.from, input.to);
    },
    'report.export': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'report.export', c.id);
      checkPeriod(input);
      // The period's ledger is brought up to date here (a write); the report is filled from the
      // database file and laid out in the export worker, through a read-only connection of its own.
      await refreshCommitteeSliced(ctx, c.id, periodMeetings(coreStores(ctx), c.id, input));
      return ctx.workers.partnershipReport({
        committeeId: c.id,
        from: input.from,
        to: input.to,
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
      return questionnaireResults(ctx.ledger, ctx.now(), c.id, meetings, input);
    },
  };
}

export type { EngagementLevel, InfluenceLevel };
