/**
 * Reading decisions and follow-up actions from the meeting document, and the small rules the
 * decisions screens share (who may do what, what is overdue, how dates are said).
 */
import type { TFunction } from 'i18next';
import type * as Y from 'yjs';
import type { Api } from '../../shared/api';
import { LOG_PAGE_MAX, type Action, type Decision, type LogEntry, type Vote } from '../../shared/decisions';
import { MEETING_DOC } from '../../shared/docs';
import { EDITING_ROLES, type AttendanceStatus, type Caller, type Member } from '../../shared/domain';
import { firstOfMonth } from '../../shared/dates';

function readMapsJson(doc: Y.Doc, root: string): Record<string, unknown>[] {
  return doc
    .getArray<unknown>(root)
    .toArray()
    .map((x) =>
      x && typeof (x as { toJSON?: unknown }).toJSON === 'function'
        ? ((x as Y.Map<unknown>).toJSON() as Record<string, unknown>)
        : null,
    )
    .filter((x): x is Record<string, unknown> => !!x && typeof x.id === 'string');
}

/** The meeting's decisions (drafts and decided), oldest first, with every field present. */
export function readDecisionList(doc: Y.Doc): Decision[] {
  return readMapsJson(doc, MEETING_DOC.decisions)
    .filter((d) => typeof d.title === 'string')
    .map((d) => {
      const x = d as Partial<Decision> & { id: string; title: string };
      return {
        ...x,
        meetingId: x.meetingId ?? '',
        agendaItemId: x.agendaItemId ?? null,
        text: x.text ?? '',
        rationale: x.rationale ?? '',
        mode: x.mode ?? 'consensus',
        vote: x.vote ?? null,
        positions: x.positions ?? {},
        proposedBy: x.proposedBy ?? null,
        speakers: x.speakers ?? [],
        influence: x.influence ?? { level: 'none', evidence: '' },
        status: x.status ?? 'proposed',
        createdAt: x.createdAt ?? '',
        logEntryId: x.logEntryId ?? null,
      } satisfies Decision;
    })
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** The meeting's follow-up actions, in the order they were added. */
export function readActionList(doc: Y.Doc): Action[] {
  return readMapsJson(doc, MEETING_DOC.actions)
    .filter((a) => typeof a.title === 'string')
    .map((a) => {
      const x = a as Partial<Action> & { id: string; title: string };
      return {
        ...x,
        meetingId: x.meetingId ?? '',
        decisionId: x.decisionId ?? null,
        ownerId: x.ownerId ?? null,
        dueDate: x.dueDate ?? null,
        status: x.status ?? 'open',
        createdAt: x.createdAt ?? '',
      } satisfies Action;
    })
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Members who may vote now: recorded present, in person or remotely. */
export function presentMembers(members: Member[], attendance: Record<string, AttendanceStatus>): Member[] {
  return members.filter((m) => attendance[m.id] === 'present' || attendance[m.id] === 'remote');
}

export const mayEdit = (caller: Caller): boolean =>
  caller.kind === 'owner' || EDITING_ROLES.includes(caller.role);
export const isCoChair = (caller: Caller): boolean => caller.kind === 'owner' || caller.role === 'co-chair';

/** Today, as a local calendar day (YYYY-MM-DD). */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An open action whose due day has passed. */
export function isOverdue(a: Pick<Action, 'dueDate' | 'status'>, day = today()): boolean {
  return !!a.dueDate && a.dueDate < day && (a.status === 'open' || a.status === 'in-progress');
}

/** The locale for dates, times and numbers: Canadian French or Canadian English. */
export const locale = (language: string): string => (language === 'fr' ? 'fr-CA' : 'en-CA');

/** A calendar day (YYYY-MM-DD) in words, in the reader's language. */
export function formatDay(day: string, language: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return firstOfMonth(
    new Intl.DateTimeFormat(locale(language), { dateStyle: 'long' }).format(new Date(y, m - 1, d)),
    language,
  );
}

export function formatDate(iso: string, language: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return firstOfMonth(new Intl.DateTimeFormat(locale(language), { dateStyle: 'long' }).format(d), language);
}

export function formatDateTime(iso: string, language: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return firstOfMonth(
    new Intl.DateTimeFormat(locale(language), { dateStyle: 'long', timeStyle: 'short' }).format(d),
    language,
  );
}

/**
 * Something said to the person (a confirmation, a refusal), kept as how to say it, so that it
 * follows a change of language.
 */
export type Said = { say: (t: TFunction) => string } | null;
export const said = (say: (t: TFunction) => string): Said => ({ say });

/** Counts of a named vote, from its ballots. */
export function countBallots(ballots: Vote['ballots']): Pick<Vote, 'for' | 'against' | 'abstain'> {
  const counted = { for: 0, against: 0, abstain: 0 };
  for (const p of Object.values(ballots)) counted[p]++;
  return counted;
}

/** The log entries of these decisions (those decided), once each. */
export const loggedIds = (decisions: Pick<Decision, 'logEntryId'>[]): number[] => [
  ...new Set(decisions.map((d) => d.logEntryId).filter((x): x is number => x !== null)),
];

/** These entries of the log (by id), not the whole log: at most LOG_PAGE_MAX ids a call. */
export async function logEntries(api: Api, committeeId: string, ids: number[]): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for (let i = 0; i < ids.length; i += LOG_PAGE_MAX)
    out.push(
      ...(await api.invoke('decisions.log', { committeeId, entryIds: ids.slice(i, i + LOG_PAGE_MAX) })),
    );
  return out;
}
