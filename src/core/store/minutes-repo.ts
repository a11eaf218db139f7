/** The minutes' status, approvals, named versions, and authorship counts. */
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Approval, MinutesState, MinutesStatus, VersionInfo } from '../../shared/minutes';
import type { DB } from './db';

interface ApprovalRow {
  id: number;
  meeting_id: string;
  kind: Approval['kind'];
  reason: string;
  html: string;
  sha256: string;
  approved_by: string | null;
  approved_at: string;
  approved_at_meeting_id: string | null;
}
interface VersionRow {
  id: number;
  meeting_id: string;
  name: string;
  json: string;
  text_length: number;
  created_by: string | null;
  created_at: string;
}

const toApproval = (r: ApprovalRow): Approval => ({
  id: r.id,
  meetingId: r.meeting_id,
  kind: r.kind,
  reason: r.reason,
  html: r.html,
  sha256: r.sha256,
  approvedBy: r.approved_by,
  approvedAt: r.approved_at,
  approvedAtMeetingId: r.approved_at_meeting_id,
});
const toVersion = (r: VersionRow): VersionInfo => ({
  id: r.id,
  meetingId: r.meeting_id,
  name: r.name,
  createdBy: r.created_by,
  createdAt: r.created_at,
  length: r.text_length,
});

export class MinutesRepo {
  /** Status per meeting, cached: the hub asks on every update to a meeting document. */
  private readonly statusCache = new Map<string, { status: MinutesStatus; reason: string | null }>();

  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private row(meetingId: string): { status: MinutesStatus; reason: string | null } {
    let r = this.statusCache.get(meetingId);
    if (!r) {
      const row = this.db
        .prepare('SELECT status, amendment_reason AS reason FROM minutes_state WHERE meeting_id = ?')
        .get(meetingId) as { status: MinutesStatus; reason: string | null } | undefined;
      r = row ?? { status: 'draft', reason: null };
      this.statusCache.set(meetingId, r);
    }
    return r;
  }

  status(meetingId: string): MinutesStatus {
    return this.row(meetingId).status;
  }

  setStatus(meetingId: string, status: MinutesStatus, amendmentReason: string | null = null): void {
    this.db
      .prepare(
        `INSERT INTO minutes_state (meeting_id, status, amendment_reason, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(meeting_id) DO UPDATE SET status = excluded.status, amendment_reason = excluded.amendment_reason, updated_at = excluded.updated_at`,
      )
      .run(meetingId, status, amendmentReason, this.now().toISOString());
    this.statusCache.set(meetingId, { status, reason: amendmentReason });
  }

  state(meetingId: string): MinutesState {
    const r = this.row(meetingId);
    return { meetingId, status: r.status, approvals: this.approvals(meetingId), amendmentReason: r.reason };
  }

  approvals(meetingId: string): Approval[] {
    return (
      this.db
        .prepare('SELECT * FROM minutes_approvals WHERE meeting_id = ? ORDER BY id')
        .all(meetingId) as ApprovalRow[]
    ).map(toApproval);
  }

  addApproval(a: Omit<Approval, 'id' | 'approvedAt'>): Approval {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO minutes_approvals (meeting_id, kind, reason, html, sha256, approved_by, approved_at, approved_at_meeting_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.meetingId,
        a.kind,
        a.reason,
        a.html,
        a.sha256,
        a.approvedBy,
        this.now().toISOString(),
        a.approvedAtMeetingId,
      );
    return toApproval(
      this.db.prepare('SELECT * FROM minutes_approvals WHERE id = ?').get(lastInsertRowid) as ApprovalRow,
    );
  }

  addVersion(v: {
    meetingId: string;
    name: string;
    json: unknown;
    length: number;
    createdBy: string | null;
  }): VersionInfo {
    const { lastInsertRowid } = this.db
      .prepare(
        'INSERT INTO minutes_versions (meeting_id, name, json, text_length, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(v.meetingId, v.name, JSON.stringify(v.json), v.length, v.createdBy, this.now().toISOString());
    return this.version(v.meetingId, Number(lastInsertRowid))!.info;
  }

  versions(meetingId: string): VersionInfo[] {
    return (
      this.db
        .prepare('SELECT * FROM minutes_versions WHERE meeting_id = ? ORDER BY id')
        .all(meetingId) as VersionRow[]
    ).map(toVersion);
  }

  version(meetingId: string, id: number): { info: VersionInfo; json: unknown } | undefined {
    const r = this.db
      .prepare('SELECT * FROM minutes_versions WHERE meeting_id = ? AND id = ?')
      .get(meetingId, id) as VersionRow | undefined;
    return r && { info: toVersion(r), json: JSON.parse(r.json) as unknown };
  }

  /** Adds to what `memberId` (null: the owner) inserted and deleted in `root` of `docName`. */
  private addAuthorshipStmt: Statement<unknown[]> | null = null;

  addAuthorship(
    docName: string,
    memberId: string | null,
    root: string,
    inserted: number,
    deleted: number,
  ): void {
    // Prepared once: this runs for every update a peer sends.
    this.addAuthorshipStmt ??= this.db.prepare(
      `INSERT INTO doc_authorship (doc_name, member_key, root, inserted, deleted) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(doc_name, member_key, root) DO UPDATE SET inserted = inserted + excluded.inserted, deleted = deleted + excluded.deleted`,
    );
    this.addAuthorshipStmt.run(docName, memberId ?? '', root, inserted, deleted);
  }

  authorship(
    docName: string,
    root: string,
  ): { memberId: string | null; inserted: number; deleted: number }[] {
    return (
      this.db
        .prepare('SELECT member_key, inserted, deleted FROM doc_authorship WHERE doc_name = ? AND root = ?')
        .all(docName, root) as { member_key: string; inserted: number; deleted: number }[]
    ).map((r) => ({ memberId: r.member_key || null, inserted: r.inserted, deleted: r.deleted }));
  }
}
