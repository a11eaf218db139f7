/**
 * A person's data, the retention rule per committee, erasures, and the register of privacy
 * incidents (append-only: SQLite triggers refuse to change or delete an entry).
 */
import type { AttendanceStatus, SpeakingTurn } from '../../shared/domain';
import type { Erasure, IncidentRisk, PrivacyIncident, Rectification } from '../../shared/privacy';
import { NameMatcher, scrubTables } from '../privacy';
import type { DB } from './db';

interface IncidentRow {
  id: number;
  committee_id: string;
  follows_id: number | null;
  discovered_on: string;
  description: string;
  data_concerned: string;
  people_concerned: string;
  risk: IncidentRisk;
  risk_assessment: string;
  measures: string;
  cai_notified_on: string | null;
  persons_notified_on: string | null;
  recorded_at: string;
  recorded_by: string | null;
}
const toIncident = (r: IncidentRow): PrivacyIncident => ({
  id: r.id,
  committeeId: r.committee_id,
  followsId: r.follows_id,
  discoveredOn: r.discovered_on,
  description: r.description,
  dataConcerned: r.data_concerned,
  peopleConcerned: r.people_concerned,
  risk: r.risk,
  riskAssessment: r.risk_assessment,
  measures: r.measures,
  caiNotifiedOn: r.cai_notified_on,
  personsNotifiedOn: r.persons_notified_on,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
});

/** Tables an erasure handles on its own, or may not change. */
const NOT_SWEPT = new Set([
  'decision_log', // redacted entry by entry, recorded by an erasure entry (see DecisionsRepo.redact)
  'decision_log_redacting',
  'privacy_incidents', // append-only; it describes people without naming them
  'doc_updates', // binary Yjs history: rewritten as a fresh snapshot
  'doc_snapshots',
]);

export class PrivacyRepo {
  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  // Rectifications

  recordRectification(memberId: string, fields: string[], changedBy: string | null): void {
    this.db
      .prepare(
        'INSERT INTO member_rectifications (member_id, fields, changed_by, changed_at) VALUES (?, ?, ?, ?)',
      )
      .run(memberId, JSON.stringify(fields), changedBy, this.stamp());
  }

  rectifications(memberId: string): Rectification[] {
    return (
      this.db
        .prepare('SELECT * FROM member_rectifications WHERE member_id = ? ORDER BY id')
        .all(memberId) as {
        id: number;
        member_id: string;
        fields: string;
        changed_by: string | null;
        changed_at: string;
      }[]
    ).map((r) => ({
      id: r.id,
      memberId: r.member_id,
      fields: JSON.parse(r.fields) as string[],
      changedBy: r.changed_by,
      changedAt: r.changed_at,
    }));
  }

  // A person's records

  attendanceOf(memberId: string): { meetingId: string; status: AttendanceStatus; recordedAt: string }[] {
    return this.db
      .prepare(
        'SELECT meeting_id AS meetingId, status, recorded_at AS recordedAt FROM attendance WHERE member_id = ? ORDER BY recorded_at',
      )
      .all(memberId) as { meetingId: string; status: AttendanceStatus; recordedAt: string }[];
  }

  turnsOf(memberId: string): SpeakingTurn[] {
    return this.db
      .prepare(
        `SELECT id, meeting_id AS meetingId, member_id AS memberId, agenda_item_id AS agendaItemId,
           started_at AS startedAt, ended_at AS endedAt, seconds FROM speaking_turns WHERE member_id = ? ORDER BY id`,
      )
      .all(memberId) as SpeakingTurn[];
  }

  /** Yjs client ids of a member in a document: whose text is whose. */
  clientsOf(docName: string, memberId: string): Set<number> {
    return new Set(
      (
        this.db
          .prepare('SELECT client_id AS c FROM doc_clients WHERE doc_name = ? AND member_id = ?')
          .all(docName, memberId) as { c: number }[]
      ).map((r) => r.c),
    );
  }

  // Retention

  retention(committeeId: string): { years: number | null; updatedAt: string } | undefined {
    const r = this.db
      .prepare(
        'SELECT years_after_leaving AS years, updated_at AS updatedAt FROM committee_retention WHERE committee_id = ?',
      )
      .get(committeeId) as { years: number | null; updatedAt: string } | undefined;
    return r;
  }

  setRetention(committeeId: string, years: number | null, by: string | null): void {
    this.db
      .prepare(
        `INSERT INTO committee_retention (committee_id, years_after_leaving, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(committee_id) DO UPDATE SET years_after_leaving = excluded.years_after_leaving,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(committeeId, years, by, this.stamp());
  }

  /** Members of the committee who left before `before` (ISO) and are not erased yet. */
  leftBefore(committeeId: string, before: string): string[] {
    return (
      this.db
        .prepare(
          `SELECT m.id FROM members m WHERE m.committee_id = ? AND m.left_at IS NOT NULL AND m.left_at < ?
             AND NOT EXISTS (SELECT 1 FROM privacy_erasures e WHERE e.member_id = m.id)`,
        )
        .all(committeeId, before) as { id: string }[]
    ).map((r) => r.id);
  }

  // Erasures

  erasure(memberId: string): { number: number; erasedAt: string } | undefined {
    return this.db
      .prepare('SELECT number, erased_at AS erasedAt FROM privacy_erasures WHERE member_id = ?')
      .get(memberId) as { number: number; erasedAt: string } | undefined;
  }

  erasedMembers(committeeId: string): string[] {
    return (
      this.db
        .prepare('SELECT member_id AS id FROM privacy_erasures WHERE committee_id = ?')
        .all(committeeId) as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  erasures(committeeId: string): Erasure[] {
    return this.db
      .prepare(
        `SELECT e.member_id AS memberId, m.name AS pseudonym, e.reason, e.requested_by AS requestedBy,
           e.log_entry_id AS logEntryId, e.erased_at AS erasedAt
         FROM privacy_erasures e JOIN members m ON m.id = e.member_id WHERE e.committee_id = ? ORDER BY e.id`,
      )
      .all(committeeId) as Erasure[];
  }

  nextPseudonymNumber(committeeId: string): number {
    const r = this.db
      .prepare('SELECT COALESCE(MAX(number), 0) + 1 AS n FROM privacy_erasures WHERE committee_id = ?')
      .get(committeeId) as { n: number };
    return r.n;
  }

  recordErasure(e: {
    committeeId: string;
    memberId: string;
    number: number;
    reason: 'request' | 'retention';
    requestedBy: string | null;
    logEntryId: number;
  }): void {
    this.db
      .prepare(
        `INSERT INTO privacy_erasures (committee_id, member_id, number, reason, requested_by, log_entry_id, erased_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.committeeId, e.memberId, e.number, e.reason, e.requestedBy, e.logEntryId, this.stamp());
  }

  /** The member's own profile emptied; their name replaced; their links revoked; marked as left. */
  anonymiseMember(memberId: string, pseudonym: string): void {
    const at = this.stamp();
    this.db
      .prepare(
        `UPDATE members SET name = ?, mandate = '', consent_named = 0, consent_contact = 0,
           left_at = COALESCE(left_at, ?), end_date = COALESCE(end_date, ?) WHERE id = ?`,
      )
      .run(pseudonym, at, at.slice(0, 10), memberId);
    this.db
      .prepare('UPDATE member_tokens SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL')
      .run(at, memberId);
  }

  /** Replaces the name in every text column the erasure does not handle on its own. */
  scrubTables(m: NameMatcher): Map<string, number> {
    return scrubTables(this.db, m, NOT_SWEPT);
  }

  /** Approved minutes whose text changed: their fingerprint is that of the text as it now reads. */
  refingerprintApprovals(sha256: (s: string) => string): void {
    const rows = this.db.prepare('SELECT id, html, sha256 FROM minutes_approvals').all() as {
      id: number;
      html: string;
      sha256: string;
    }[];
    const update = this.db.prepare('UPDATE minutes_approvals SET sha256 = ? WHERE id = ?');
    for (const r of rows) {
      const h = sha256(r.html);
      if (h !== r.sha256) update.run(h, r.id);
    }
  }

  /**
   * After an erasure, outside any transaction: rebuilds the search index's storage, rewrites the
   * file without free pages, and empties the write-ahead log, so that no old page with the name
   * is left in any file of the data folder (secure_delete zeroes what is deleted meanwhile).
   */
  purgeFreedSpace(): void {
    const fts = this.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'",
      )
      .all() as { name: string }[];
    for (const { name } of fts) this.db.prepare(`INSERT INTO "${name}"("${name}") VALUES ('rebuild')`).run();
    this.db.exec('VACUUM');
    // A reader still on an older snapshot keeps the log from being emptied: tell whoever runs us.
    const [r] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r?.busy)
      console.warn(
        '[core] after an erasure, the write-ahead log could not be emptied yet (a reader is busy); it will be at the next checkpoint.',
      );
  }

  // The register of privacy incidents

  recordIncident(i: Omit<PrivacyIncident, 'id' | 'recordedAt'>): PrivacyIncident {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO privacy_incidents (committee_id, follows_id, discovered_on, description, data_concerned, people_concerned,
           risk, risk_assessment, measures, cai_notified_on, persons_notified_on, recorded_at, recorded_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        i.committeeId,
        i.followsId,
        i.discoveredOn,
        i.description,
        i.dataConcerned,
        i.peopleConcerned,
        i.risk,
        i.riskAssessment,
        i.measures,
        i.caiNotifiedOn,
        i.personsNotifiedOn,
        this.stamp(),
        i.recordedBy,
      );
    return this.incident(Number(lastInsertRowid))!;
  }

  incident(id: number): PrivacyIncident | undefined {
    const r = this.db.prepare('SELECT * FROM privacy_incidents WHERE id = ?').get(id) as
      IncidentRow | undefined;
    return r && toIncident(r);
  }

  incidents(committeeId: string): PrivacyIncident[] {
    return (
      this.db
        .prepare('SELECT * FROM privacy_incidents WHERE committee_id = ? ORDER BY id')
        .all(committeeId) as IncidentRow[]
    ).map(toIncident);
  }
}
