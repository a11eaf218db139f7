/**
 * What every export format shows, decided once: the labels in the committee's language, the
 * people as each one consented to be shown, the agenda, the minutes with each decision placed at
 * the end of its agenda item's section, and the approvals. The renderers only lay it out.
 */
import type { JSONContent } from '@tiptap/core';
import type { AttendanceStatus, Language, Member } from '../../shared/domain';
import { ATTENDANCE_STATUSES } from '../../shared/domain';
import { quorumStatus, type DecisionDraft } from '../../shared/meeting';
import { dateFormat, localDay, safeFilename, shownName } from './common';
import { exportLabels, typography, type ExportLabels } from './labels';
import type { MeetingRecord } from './record';
import { firstOfMonth } from '../../shared/dates';

export { safeFilename } from './common';

export interface ModelOptions {
  /** IANA time zone for dates and times; the system's by default. */
  timeZone?: string;
}

/** A person as the minutes may show them: by name, or by role only when they did not consent. */
export interface PersonView {
  /** Their name, or their role when they did not consent to be named. */
  primary: string;
  /** Kind and role (or kind and "name withheld"). */
  secondary: string;
}

export interface AttendanceGroup {
  status: AttendanceStatus | 'unrecorded';
  label: string;
  people: PersonView[];
}

export interface AgendaRow {
  number: string;
  title: string;
  purpose: string;
  minutes: string;
  presenter: string;
  status: string;
}

export interface DecisionView {
  id: string;
  text: string;
  rationale: string;
  status: string;
}

/** The minutes' body: runs of the editor's nodes, and the decisions placed between them. */
export type BodyBlock =
  { kind: 'content'; nodes: JSONContent[] } | { kind: 'decisions'; decisions: DecisionView[] };

export interface ApprovalView {
  text: string;
  sha256: string;
}

export interface ExportModel {
  language: Language;
  labels: ExportLabels;
  /** Fixes a string's typography for the language (labels and text already are). */
  typo: (s: string) => string;
  /** ":" after a label, with the language's spacing. */
  colon: string;
  committee: string;
  title: string;
  when: string;
  place: string;
  videoLink: string;
  minutesStatus: string;
  attendance: AttendanceGroup[];
  /** Whether the quorum was reached, or '' for a committee with no voting members. */
  quorum: string;
  agenda: AgendaRow[];
  body: BodyBlock[];
  /** True when the minutes hold no text at all. */
  bodyEmpty: boolean;
  /** Decisions whose agenda item has no section in the minutes. */
  otherDecisions: DecisionView[];
  approvals: ApprovalView[];
  generated: string;
  /** The file's name without its extension, safe on every system. */
  basename: string;
}

/** Deep copy of the editor's JSON with every text node's typography fixed and headings moved under the document's own. */
function prepareContent(nodes: JSONContent[], typo: (s: string) => string): JSONContent[] {
  const walk = (n: JSONContent): JSONContent => {
    const out: JSONContent = { ...n };
    if (n.type === 'text' && typeof n.text === 'string') out.text = typo(n.text);
    if (n.type === 'heading') {
      // The export's title is a level 1 heading and its parts level 2: the minutes' headings go under them.
      const level = Number(n.attrs?.level ?? 2);
      out.attrs = { ...n.attrs, level: Math.min(6, Math.max(3, level + 1)) };
    }
    if (n.content) out.content = n.content.map(walk);
    return out;
  };
  return nodes.filter((n) => !(n.type === 'paragraph' && !n.content?.length)).map(walk);
}

export function buildModel(record: MeetingRecord, opts: ModelOptions = {}): ExportModel {
  const { committee, meeting } = record;
  const language = committee.language;
  const labels = exportLabels(language);
  const typo = (s: string) => typography(language, s);
  const timeZone = opts.timeZone;
  const dateTime = (iso: string) =>
    typo(
      firstOfMonth(
        dateFormat(labels.locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso)),
        language,
      ),
    );
  const longDate = (iso: string) =>
    typo(
      firstOfMonth(
        dateFormat(labels.locale, { dateStyle: 'long', timeZone }).format(new Date(iso)),
        language,
      ),
    );

  const byId = new Map(record.members.map((m) => [m.id, m]));
  const person = (m: Member): PersonView =>
    m.consents.named
      ? { primary: m.name, secondary: typo(`${labels.kinds[m.kind]}, ${labels.roles[m.role]}`) }
      : {
          primary: labels.roles[m.role],
          secondary: typo(`${labels.kinds[m.kind]}, ${labels.withheldName.toLocaleLowerCase(labels.locale)}`),
        };
  const shortPerson = (m: Member): string => shownName(m, labels);

  // Attendance: everyone whose attendance was recorded, and every member still in the committee
  // at the meeting whose attendance was not.
  const startsAt = Date.parse(meeting.startsAt);
  const groups = new Map<AttendanceGroup['status'], PersonView[]>();
  for (const m of record.members) {
    const status = record.attendance[m.id];
    if (!status && m.leftAt && Date.parse(m.leftAt) < startsAt) continue;
    const key = status ?? 'unrecorded';
    groups.set(key, [...(groups.get(key) ?? []), person(m)]);
  }
  const attendance = ([...ATTENDANCE_STATUSES, 'unrecorded'] as const)
    .filter((s) => groups.get(s)?.length)
    .map((status) => ({ status, label: labels.attendanceGroups[status], people: groups.get(status)! }));
  const q = quorumStatus(committee.quorum, record.members, record.attendance);

  const agenda: AgendaRow[] = record.agenda.map((item, i) => {
    const presenter = item.presenterId ? byId.get(item.presenterId) : undefined;
    return {
      number: String(i + 1),
      title: typo(item.title),
      purpose: labels.purposes[item.purpose] ?? item.purpose,
      minutes: typo(labels.plannedMinutes(item.plannedMinutes)),
      presenter: presenter ? shortPerson(presenter) : '',
      status: labels.statuses[item.status] ?? item.status,
    };
  });

  const decisionView = (d: DecisionDraft): DecisionView => ({
    id: d.id,
    text: typo(d.text),
    rationale: typo(d.rationale ?? ''),
    status: d.status ? typo(labels.decisionStatuses[d.status] ?? d.status) : '',
  });

  // The minutes, with the decisions of an agenda item at the end of its section: from its heading
  // to the next heading of the same or a higher level.
  const byItem = new Map<string, DecisionDraft[]>();
  for (const d of record.decisions) {
    if (d.agendaItemId) byItem.set(d.agendaItemId, [...(byItem.get(d.agendaItemId) ?? []), d]);
  }
  const nodes = prepareContent(record.minutes.content ?? [], typo);
  const original = (record.minutes.content ?? []).filter(
    (n) => !(n.type === 'paragraph' && !n.content?.length),
  );
  const body: BodyBlock[] = [];
  const placed = new Set<string>();
  let run: JSONContent[] = [];
  let open: { itemId: string; level: number } | null = null;
  const closeSection = () => {
    if (!open) return;
    const decisions = byItem.get(open.itemId);
    if (decisions && !placed.has(open.itemId)) {
      placed.add(open.itemId);
      if (run.length) body.push({ kind: 'content', nodes: run });
      run = [];
      body.push({ kind: 'decisions', decisions: decisions.map(decisionView) });
    }
    open = null;
  };
  nodes.forEach((node, i) => {
    const source = original[i]!;
    if (source.type === 'heading') {
      const level = Number(source.attrs?.level ?? 2);
      const itemId = typeof source.attrs?.itemId === 'string' ? source.attrs.itemId : '';
      if (open && (level <= open.level || itemId)) closeSection();
      if (itemId) open = { itemId, level };
    }
    run.push(node);
  });
  closeSection();
  if (run.length) body.push({ kind: 'content', nodes: run });
  const otherDecisions = record.decisions
    .filter((d) => !d.agendaItemId || !placed.has(d.agendaItemId))
    .map(decisionView);
  const bodyEmpty = !nodes.some((n) => JSON.stringify(n).includes('"text":"'));

  const approvals: ApprovalView[] = record.state.approvals.map((a) => {
    const at = a.approvedAtMeetingId ? record.approvalMeetings[a.approvedAtMeetingId] : undefined;
    const where = at ? { title: at.title, date: longDate(at.startsAt) } : null;
    const text =
      a.kind === 'amendment'
        ? labels.amended(longDate(a.approvedAt), where, a.reason)
        : labels.approved(longDate(a.approvedAt), where);
    return { text: typo(text), sha256: a.sha256 };
  });

  return {
    language,
    labels,
    typo,
    colon: language === 'fr' ? '\u00a0:' : ':',
    committee: typo(committee.name),
    title: typo(meeting.title),
    when: dateTime(meeting.startsAt),
    place: typo(meeting.place),
    videoLink: meeting.videoLink,
    minutesStatus: labels.minutesStatuses[record.state.status],
    attendance,
    quorum: q.voting ? typo(labels.quorum(q)) : '',
    agenda,
    body,
    bodyEmpty,
    otherDecisions,
    approvals,
    generated: typo(labels.generated(dateTime(record.now.toISOString()))),
    basename: safeFilename(
      `${localDay(new Date(meeting.startsAt), timeZone)} ${committee.name} — ${meeting.title}`,
    ),
  };
}
