/**
 * A person's data (export, rectification, erasure), the committee's retention rule, and its
 * register of privacy incidents (Québec's Law 25: the rights of the persons concerned, and the
 * register of confidentiality incidents every organisation keeps).
 */

/** How long a committee keeps the personal information of members who left. */
export interface RetentionSetting {
  committeeId: string;
  /**
   * Years after a member leaves before their name and profile are erased (replaced by a
   * pseudonym, as an erasure on request does). null: kept for as long as the committee exists.
   * Minutes, decisions and the decision log themselves are kept: they are the committee's records.
   */
  yearsAfterLeaving: number | null;
  /** Whether this is the default (no one changed it yet). */
  isDefault: boolean;
  updatedAt: string | null;
}

/** The default: members' personal information is erased 7 years after they leave. */
export const DEFAULT_RETENTION_YEARS = 7;

/** What one run of the retention rule did. */
export interface RetentionRun {
  committeeId: string;
  erased: { memberId: string; pseudonym: string }[];
}

/** One erasure: a member's name replaced by a pseudonym everywhere the app holds it. */
export interface ErasureResult {
  memberId: string;
  pseudonym: string;
  /** The decision log entry that records it. */
  logEntryId: number;
  /** Entries of the decision log whose text named the person and now shows the pseudonym. */
  redactedEntries: number[];
  /** Meeting documents rewritten without their old history. */
  rewrittenDocs: string[];
}

/** A member who was erased (their name is now `pseudonym` everywhere). */
export interface Erasure {
  memberId: string;
  pseudonym: string;
  reason: 'request' | 'retention';
  requestedBy: string | null;
  logEntryId: number | null;
  erasedAt: string;
}

/** A field of a member's profile that was corrected (the old value is not kept). */
export interface Rectification {
  id: number;
  memberId: string;
  fields: string[];
  changedBy: string | null;
  changedAt: string;
}

export const INCIDENT_RISKS = ['low', 'serious'] as const;
/** The assessment of the risk of serious injury to the persons concerned. */
export type IncidentRisk = (typeof INCIDENT_RISKS)[number];

/**
 * One entry of the register of privacy incidents. The register is append-only: a follow-up
 * (new facts, measures, notifications) is a new entry that refers to the first (`followsId`).
 */
export interface PrivacyIncident {
  id: number;
  committeeId: string;
  /** The incident this entry follows up, or null for a new incident. */
  followsId: number | null;
  /** When the incident was discovered (a day, YYYY-MM-DD). */
  discoveredOn: string;
  /** What happened. */
  description: string;
  /** What kind of personal information was concerned. */
  dataConcerned: string;
  /** Who was concerned: how many people, and which groups (not names). */
  peopleConcerned: string;
  risk: IncidentRisk;
  /** Why the risk is assessed so (sensitivity, consequences, likelihood of misuse). */
  riskAssessment: string;
  /** Measures taken to reduce the risk and prevent a new incident. */
  measures: string;
  /** The Commission d'accès à l'information was notified, and when (a day). */
  caiNotifiedOn: string | null;
  /** The persons concerned were notified, and when (a day). */
  personsNotifiedOn: string | null;
  recordedAt: string;
  recordedBy: string | null;
}
