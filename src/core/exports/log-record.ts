/**
 * Everything an export of the decision log shows: read as stored (`decisionLogSource`, through
 * `LogStores`: in the worker thread, its own read-only connection to the database), then parsed
 * and verified (`readDecisionLog`).
 */
import type { ParsedInput } from '../../shared/api';
import type { Decision, LogEntry, VerifyResult } from '../../shared/decisions';
import type { AgendaPurpose, Committee, Meeting, Member } from '../../shared/domain';
import { readAgenda } from '../../shared/meeting';
import type * as Y from 'yjs';
import type { DecisionsRepo, LogRow } from '../store/decisions-repo';
import { toEntry, verifyRows } from '../store/decisions-repo';
import type { Repos } from '../store/repos';

/** The register's filter, as given to decisions.export (without its format). */
export type LogFilter = Omit<ParsedInput<'decisions.export'>, 'format'>;

export interface AgendaItemRef {
  id: string;
  title: string;
  purpose: AgendaPurpose;
}

interface Common {
  committee: Committee;
  /** Every member the committee has had (those who left are kept: they may have proposed or voted). */
  members: Member[];
  /** The meetings of the decisions included, and the one the filter names. */
  meetings: Meeting[];
  /** The agenda items of those meetings, by meeting id. */
  agendaItems: Record<string, AgendaItemRef[]>;
  filter: LogFilter;
  /** When the export was made (ISO 8601). */
  now: string;
}

/** The record as stored. */
export interface DecisionLogSource extends Common {
  /** The decisions the filter selects, as the register holds them now (JSON), oldest meeting first. */
  decisions: string[];
  /** The committee's whole log, every entry in order, as stored. */
  logRows: LogRow[];
}

/** Where the record is read from: the core's own stores, or a worker's read-only connection to the same file. */
export interface LogStores {
  repos: Pick<Repos, 'listMembers' | 'listMeetings'>;
  decisions: Pick<DecisionsRepo, 'registerContent' | 'logRows'>;
  /** A meeting's agenda items, from its document. */
  agenda: (meeting: Meeting) => AgendaItemRef[];
}

/** The agenda items of a meeting's document, as the export names them. */
export const agendaRefs = (doc: Y.Doc): AgendaItemRef[] =>
  readAgenda(doc).map((i) => ({ id: i.id, title: i.title, purpose: i.purpose }));

export interface DecisionLogRecord extends Common {
  decisions: Decision[];
  log: LogEntry[];
  /** The whole log verified, at the time of the export. */
  verify: VerifyResult;
}

/**
 * Reads what an export of a committee's decision log needs; the committee must exist. Run it in
 * one read transaction, for a record of one moment.
 */
export function decisionLogSource(
  stores: LogStores,
  committee: Committee,
  filter: LogFilter,
  now: string,
): DecisionLogSource {
  const rows = stores.decisions.registerContent({ ...filter, committeeId: committee.id });
  const wanted = new Set(rows.map((r) => r.meetingId));
  if (filter.meetingId) wanted.add(filter.meetingId);
  const meetings = stores.repos.listMeetings(committee.id).filter((m) => wanted.has(m.id));
  const agendaItems: Record<string, AgendaItemRef[]> = {};
  for (const m of meetings) agendaItems[m.id] = stores.agenda(m);
  return {
    committee,
    members: stores.repos.listMembers(committee.id),
    meetings,
    agendaItems,
    filter,
    now,
    decisions: rows.map((r) => r.content),
    logRows: stores.decisions.logRows(committee.id),
  };
}

/** Parses the source and verifies the whole log, as decisions.verify does. */
export function readDecisionLog(source: DecisionLogSource): DecisionLogRecord {
  const { decisions, logRows, ...common } = source;
  return {
    ...common,
    decisions: decisions.map((d) => JSON.parse(d) as Decision),
    // An entry whose content cannot be read any more (the file was tampered with) is kept, its
    // content null: the verification names it, and the rest of the log is still exported.
    log: logRows.map((r) => {
      try {
        return toEntry(r);
      } catch {
        return toEntry({ ...r, content: 'null' });
      }
    }),
    verify: verifyRows(logRows),
  };
}
