/** Decisions: drafted live in the meeting, then entered in the committee's append-only log. */

export const DECISION_MODES = ['consensus', 'vote', 'co-chairs'] as const;
export type DecisionMode = (typeof DECISION_MODES)[number];

export const DECISION_STATUSES = [
  'proposed',
  'adopted',
  'rejected',
  'deferred',
  'amended',
  'rescinded',
] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** How much the patient and caregiver partners' input weighed on a decision. */
export const INFLUENCE_LEVELS = ['none', 'informed', 'shaped', 'co-decided'] as const;
export type InfluenceLevel = (typeof INFLUENCE_LEVELS)[number];

export const POSITIONS = ['for', 'against', 'abstain'] as const;
export type Position = (typeof POSITIONS)[number];

export interface Vote {
  for: number;
  against: number;
  abstain: number;
  /** A secret vote records counts only; a named vote also each member's ballot. */
  secret: boolean;
  ballots: Record<string, Position>;
}

export interface Influence {
  level: InfluenceLevel;
  /** In words: what changed because of the partners' input. */
  evidence: string;
}

/** A decision as drafted in the meeting document's `decisions` array (written through the API). */
export interface Decision {
  id: string;
  meetingId: string;
  agendaItemId: string | null;
  title: string;
  text: string;
  rationale: string;
  mode: DecisionMode;
  vote: Vote | null;
  /** Each member's stated position, in their words or as for/against/abstain. */
  positions: Record<string, string>;
  proposedBy: string | null;
  /** Members who spoke to it. */
  speakers: string[];
  influence: Influence;
  status: DecisionStatus;
  createdAt: string;
  /** The log entry that recorded its outcome, once adopted, rejected or deferred. */
  logEntryId: number | null;
  /** Why it was amended or rescinded (set on those log entries). */
  amendmentReason?: string;
  rescissionReason?: string;
  /** Only on the content of an `erasure` entry of the log. */
  erasure?: ErasureRecord;
}

/**
 * What an `erasure` entry of the decision log records (no name: the member's id, which now
 * stands for their pseudonym). `redactions` lists each earlier entry whose content had the name
 * replaced, with the SHA-256 of its content as it now reads: verify accepts that content for that
 * entry (its recorded hash still seals the original), so the chain stays checkable.
 */
export interface ErasureRecord {
  memberId: string;
  pseudonym: string;
  reason: 'request' | 'retention';
  requestedBy: string | null;
  redactions: { entryId: number; contentSha256: string }[];
}

/**
 * `erasure`: a person's personal information was erased at their request or by the retention rule;
 * the entry says which earlier entries had their name replaced (see `ErasureRecord`).
 */
export const LOG_KINDS = ['adopted', 'rejected', 'deferred', 'amended', 'rescinded', 'erasure'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/**
 * One entry of the decision log. `contentSha256` is the SHA-256 of the canonical JSON of
 * `content`; `entrySha256` the SHA-256 of the entry's canonical fields including `prevSha256`,
 * the entry hash of the entry before it in the committee's log (64 zeros for the first).
 */
/** The most `decisions.log` gives in one page (or looks up by id). */
export const LOG_PAGE_MAX = 500;

export interface LogEntry {
  id: number;
  committeeId: string;
  seq: number;
  decisionId: string;
  kind: LogKind;
  /** For amendments and rescissions: the entry changed. */
  amendsEntryId: number | null;
  content: Decision;
  contentSha256: string;
  prevSha256: string;
  entrySha256: string;
  createdAt: string;
  createdBy: string | null;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** The first entry whose content or chain does not check, and why. */
  firstBroken: { id: number; seq: number; reason: string } | null;
}

export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** A follow-up action, a Y.Map in the meeting document's `actions` array (written through the API). */
export interface Action {
  id: string;
  meetingId: string;
  decisionId: string | null;
  title: string;
  ownerId: string | null;
  /** A day, YYYY-MM-DD. */
  dueDate: string | null;
  status: ActionStatus;
  createdAt: string;
  carriedFrom?: string;
}

export const LOG_EXPORT_FORMATS = ['csv', 'md', 'docx', 'pdf', 'json'] as const;
export type LogExportFormat = (typeof LOG_EXPORT_FORMATS)[number];
