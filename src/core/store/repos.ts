/** Relational records: committees, members, meetings, attendance, speaking turns. Row mapping lives here and only here. */
import { randomUUID } from 'node:crypto';
import type {
  Area,
  AttendanceStatus,
  Committee,
  Consents,
  EngagementLevel,
  Language,
  Meeting,
  Member,
  MemberKind,
  QuorumRule,
  Role,
  SpeakingTurn,
} from '../../shared/domain';
import { meetingDocName } from '../../shared/docs';
import type { DB } from './db';

interface CommitteeRow {
  id: string;
  name: string;
  area: Area;
  mandate: string;
  quorum_kind: QuorumRule['kind'];
  quorum_value: number;
  language: Language;
  created_at: string;
}
interface MemberRow {
  id: string;
  committee_id: string;
  name: string;
  kind: MemberKind;
  role: Role;
  engagement_level: EngagementLevel;
  mandate: string;
  start_date: string | null;
  end_date: string | null;
  consent_named: number;
  consent_contact: number;
  left_at: string | null;
  joined_at: string;
  active_links: number;
}
interface MeetingRow {
  id: string;
  committee_id: string;
  title: string;
  starts_at: string;
  place: string;
  video_link: string;
  status: Meeting['status'];
  started_at: string | null;
  closed_at: string | null;
  created_at: string;
}

const toQuorum = (r: CommitteeRow): QuorumRule =>
  r.quorum_kind === 'majority' ? { kind: 'majority' } : { kind: r.quorum_kind, value: r.quorum_value };

const toCommittee = (r: CommitteeRow): Committee => ({
  id: r.id,
  name: r.name,
  area: r.area,
  mandate: r.mandate,
  quorum: toQuorum(r),
  language: r.language,
  createdAt: r.created_at,
});
const toMember = (r: MemberRow): Member => ({
  id: r.id,
  committeeId: r.committee_id,
  name: r.name,
  kind: r.kind,
  role: r.role,
  engagementLevel: r.engagement_level,
  mandate: r.mandate,
  startDate: r.start_date,
  endDate: r.end_date,
  consents: { named: r.consent_named === 1, contact: r.consent_contact === 1 },
  leftAt: r.left_at,
  hasActiveLink: r.active_links > 0,
  joinedAt: r.joined_at,
});
const toMeeting = (r: MeetingRow): Meeting => ({
  id: r.id,
  committeeId: r.committee_id,
  title: r.title,
  startsAt: r.starts_at,
  place: r.place,
  videoLink: r.video_link,
  status: r.status,
  startedAt: r.started_at,
  closedAt: r.closed_at,
  docName: meetingDocName(r.id),
  createdAt: r.created_at,
});

// A link is active until revoked or expired (expires_at is an ISO instant, as strftime writes it).
const MEMBER_SELECT = `SELECT m.*, (SELECT COUNT(*) FROM member_tokens t WHERE t.member_id = m.id AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))) AS active_links FROM members m`;

export interface CommitteeFields {
  name: string;
  area: Area;
  mandate: string;
  quorum: QuorumRule;
  language: Language;
}

export interface MemberFields {
  name: string;
  kind: MemberKind;
  role: Role;
  engagementLevel: EngagementLevel;
  mandate: string;
  startDate: string | null;
  endDate: string | null;
  consents: Consents;
}

export interface MeetingFields {
  title: string;
  startsAt: string;
  place: string;
  videoLink: string;
}

export class Repos {
  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private stamp(): string {
    return this.now().toISOString();
  }

  /** Runs `fn` in one transaction: all of it is written, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // Committees

  createCommittee(c: CommitteeFields): Committee {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO committees (id, name, area, mandate, quorum_kind, quorum_value, language, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        c.name,
        c.area,
        c.mandate,
        c.quorum.kind,
        'value' in c.quorum ? c.quorum.value : 0,
        c.language,
        this.stamp(),
      );
    return this.getCommittee(id)!;
  }
  updateCommittee(id: string, c: CommitteeFields): Committee {
    this.db
      .prepare(
        `UPDATE committees SET name = ?, area = ?, mandate = ?, quorum_kind = ?, quorum_value = ?, language = ? WHERE id = ?`,
      )
      .run(
        c.name,
        c.area,
        c.mandate,
        c.quorum.kind,
        'value' in c.quorum ? c.quorum.value : 0,
        c.language,
        id,
      );
    return this.getCommittee(id)!;
  }
  listCommittees(): Committee[] {
    return (
      this.db.prepare('SELECT * FROM committees ORDER BY name COLLATE NOCASE').all() as CommitteeRow[]
    ).map(toCommittee);
  }
  getCommittee(id: string): Committee | undefined {
    const r = this.db.prepare('SELECT * FROM committees WHERE id = ?').get(id) as CommitteeRow | undefined;
    return r && toCommittee(r);
  }

  // Members and their invitation links

  addMember(committeeId: string, m: MemberFields): Member {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO members (id, committee_id, name, kind, role, engagement_level, mandate, start_date, end_date,
           consent_named, consent_contact, joined_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        committeeId,
        m.name,
        m.kind,
        m.role,
        m.engagementLevel,
        m.mandate,
        m.startDate,
        m.endDate,
        m.consents.named ? 1 : 0,
        m.consents.contact ? 1 : 0,
        this.stamp(),
      );
    return this.getMember(id)!;
  }
  updateMember(id: string, m: MemberFields): Member {
    this.db
      .prepare(
        `UPDATE members SET name = ?, kind = ?, role = ?, engagement_level = ?, mandate = ?, start_date = ?, end_date = ?,
           consent_named = ?, consent_contact = ? WHERE id = ?`,
      )
      .run(
        m.name,
        m.kind,
        m.role,
        m.engagementLevel,
        m.mandate,
        m.startDate,
        m.endDate,
        m.consents.named ? 1 : 0,
        m.consents.contact ? 1 : 0,
        id,
      );
    return this.getMember(id)!;
  }
  markLeft(id: string, endDate: string): Member {
    this.db
      .prepare('UPDATE members SET left_at = ?, end_date = ? WHERE id = ?')
      .run(this.stamp(), endDate, id);
    return this.getMember(id)!;
  }
  listMembers(committeeId: string): Member[] {
    return (
      this.db
        .prepare(
          `${MEMBER_SELECT} WHERE m.committee_id = ? ORDER BY m.left_at IS NOT NULL, m.name COLLATE NOCASE`,
        )
        .all(committeeId) as MemberRow[]
    ).map(toMember);
  }
  getMember(id: string): Member | undefined {
    const r = this.db.prepare(`${MEMBER_SELECT} WHERE m.id = ?`).get(id) as MemberRow | undefined;
    return r && toMember(r);
  }
  countCoChairs(committeeId: string, except?: string): number {
    const r = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM members WHERE committee_id = ? AND role = 'co-chair' AND left_at IS NULL AND id IS NOT ?`,
      )
      .get(committeeId, except ?? null) as { n: number };
    return r.n;
  }
  /** A new invitation link for the member, working until `expiresAt`; earlier links stop working. */
  issueToken(memberId: string, tokenHash: string, expiresAt: string): void {
    const at = this.stamp();
    this.db
      .prepare('UPDATE member_tokens SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL')
      .run(at, memberId);
    this.db
      .prepare(
        'INSERT INTO member_tokens (token_hash, member_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(tokenHash, memberId, at, expiresAt);
  }
  /** Whether `tokenHash` is a member's link that has expired (and was not revoked since). */
  isExpiredToken(tokenHash: string): boolean {
    const r = this.db
      .prepare('SELECT expires_at FROM member_tokens WHERE token_hash = ? AND revoked_at IS NULL')
      .get(tokenHash) as { expires_at: string | null } | undefined;
    return !!r?.expires_at && r.expires_at <= this.stamp();
  }
  revokeTokens(memberId: string): number {
    return this.db
      .prepare('UPDATE member_tokens SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL')
      .run(this.stamp(), memberId).changes;
  }
  /** The active member whose valid token hashes to `tokenHash` (looked up by the hash's index). */
  memberByTokenHash(tokenHash: string): Member | undefined {
    const r = this.db
      .prepare(
        `${MEMBER_SELECT} JOIN member_tokens t ON t.member_id = m.id
         WHERE t.token_hash = ? AND t.revoked_at IS NULL AND m.left_at IS NULL
           AND (t.expires_at IS NULL OR t.expires_at > ?)`,
      )
      .get(tokenHash, this.stamp()) as MemberRow | undefined;
    return r && toMember(r);
  }

  // Meetings

  createMeeting(committeeId: string, m: MeetingFields): Meeting {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO meetings (id, committee_id, title, starts_at, place, video_link, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'planned', ?)`,
      )
      .run(id, committeeId, m.title, m.startsAt, m.place, m.videoLink, this.stamp());
    return this.getMeeting(id)!;
  }
  updateMeeting(id: string, m: MeetingFields): Meeting {
    this.db
      .prepare('UPDATE meetings SET title = ?, starts_at = ?, place = ?, video_link = ? WHERE id = ?')
      .run(m.title, m.startsAt, m.place, m.videoLink, id);
    return this.getMeeting(id)!;
  }
  setMeetingStatus(id: string, status: Meeting['status']): Meeting {
    const at = this.stamp();
    if (status === 'in-progress') {
      this.db
        .prepare(
          `UPDATE meetings SET status = ?, started_at = COALESCE(started_at, ?), closed_at = NULL WHERE id = ?`,
        )
        .run(status, at, id);
    } else if (status === 'closed') {
      this.db.prepare('UPDATE meetings SET status = ?, closed_at = ? WHERE id = ?').run(status, at, id);
    } else {
      this.db.prepare('UPDATE meetings SET status = ? WHERE id = ?').run(status, id);
    }
    return this.getMeeting(id)!;
  }
  listMeetings(committeeId: string): Meeting[] {
    return (
      this.db
        .prepare('SELECT * FROM meetings WHERE committee_id = ? ORDER BY starts_at DESC')
        .all(committeeId) as MeetingRow[]
    ).map(toMeeting);
  }
  getMeeting(id: string): Meeting | undefined {
    const r = this.db.prepare('SELECT * FROM meetings WHERE id = ?').get(id) as MeetingRow | undefined;
    return r && toMeeting(r);
  }
  /** The latest meeting of the committee that starts before `before` (ISO), other than `except`. */
  previousMeeting(committeeId: string, before: string, except?: string): Meeting | undefined {
    const r = this.db
      .prepare(
        'SELECT * FROM meetings WHERE committee_id = ? AND starts_at < ? AND id IS NOT ? ORDER BY starts_at DESC LIMIT 1',
      )
      .get(committeeId, before, except ?? null) as MeetingRow | undefined;
    return r && toMeeting(r);
  }

  // Attendance

  setAttendance(
    meetingId: string,
    memberId: string,
    status: AttendanceStatus,
    recordedBy: string | null,
  ): void {
    this.db
      .prepare(
        `INSERT INTO attendance (meeting_id, member_id, status, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(meeting_id, member_id) DO UPDATE SET status = excluded.status, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
      )
      .run(meetingId, memberId, status, recordedBy, this.stamp());
  }
  attendance(meetingId: string): Record<string, AttendanceStatus> {
    const rows = this.db
      .prepare('SELECT member_id, status FROM attendance WHERE meeting_id = ?')
      .all(meetingId) as {
      member_id: string;
      status: AttendanceStatus;
    }[];
    return Object.fromEntries(rows.map((r) => [r.member_id, r.status]));
  }

  // Speaking turns

  recordTurn(t: Omit<SpeakingTurn, 'id'>, givenBy: string | null): SpeakingTurn {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO speaking_turns (meeting_id, member_id, agenda_item_id, started_at, ended_at, seconds, given_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(t.meetingId, t.memberId, t.agendaItemId, t.startedAt, t.endedAt, t.seconds, givenBy);
    return { ...t, id: Number(lastInsertRowid) };
  }
  turns(meetingId: string): SpeakingTurn[] {
    return this.db
      .prepare(
        `SELECT id, meeting_id AS meetingId, member_id AS memberId, agenda_item_id AS agendaItemId,
             started_at AS startedAt, ended_at AS endedAt, seconds FROM speaking_turns WHERE meeting_id = ? ORDER BY id`,
      )
      .all(meetingId) as SpeakingTurn[];
  }
}
