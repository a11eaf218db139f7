/** Relational records: committees, members, meetings. Row mapping lives here and only here. */
import { randomUUID } from 'node:crypto';
import type {
  Area,
  Committee,
  EngagementLevel,
  Meeting,
  Member,
  MemberKind,
  Role,
} from '../../shared/domain';
import { meetingDocName } from '../../shared/docs';
import type { DB } from './db';

interface CommitteeRow {
  id: string;
  name: string;
  area: Area;
  mandate: string;
  created_at: string;
}
interface MemberRow {
  id: string;
  committee_id: string;
  name: string;
  kind: MemberKind;
  role: Role;
  engagement_level: EngagementLevel;
  joined_at: string;
}
interface MeetingRow {
  id: string;
  committee_id: string;
  title: string;
  starts_at: string;
  status: Meeting['status'];
  created_at: string;
}

const toCommittee = (r: CommitteeRow): Committee => ({
  id: r.id,
  name: r.name,
  area: r.area,
  mandate: r.mandate,
  createdAt: r.created_at,
});
const toMember = (r: MemberRow): Member => ({
  id: r.id,
  committeeId: r.committee_id,
  name: r.name,
  kind: r.kind,
  role: r.role,
  engagementLevel: r.engagement_level,
  joinedAt: r.joined_at,
});
const toMeeting = (r: MeetingRow): Meeting => ({
  id: r.id,
  committeeId: r.committee_id,
  title: r.title,
  startsAt: r.starts_at,
  status: r.status,
  docName: meetingDocName(r.id),
  createdAt: r.created_at,
});

const MEMBER_COLUMNS = 'id, committee_id, name, kind, role, engagement_level, joined_at';

export class Repos {
  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {}

  createCommittee(c: { name: string; area: Area; mandate: string }): Committee {
    const row: CommitteeRow = { id: randomUUID(), ...c, created_at: this.now().toISOString() };
    this.db
      .prepare(
        'INSERT INTO committees (id, name, area, mandate, created_at) VALUES (@id, @name, @area, @mandate, @created_at)',
      )
      .run(row);
    return toCommittee(row);
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

  addMember(m: Omit<Member, 'id' | 'joinedAt'>, tokenHash: string): Member {
    const row: MemberRow = {
      id: randomUUID(),
      committee_id: m.committeeId,
      name: m.name,
      kind: m.kind,
      role: m.role,
      engagement_level: m.engagementLevel,
      joined_at: this.now().toISOString(),
    };
    this.db
      .prepare(
        `INSERT INTO members (${MEMBER_COLUMNS}, token_hash) VALUES (@id, @committee_id, @name, @kind, @role, @engagement_level, @joined_at, @token_hash)`,
      )
      .run({ ...row, token_hash: tokenHash });
    return toMember(row);
  }
  listMembers(committeeId: string): Member[] {
    return (
      this.db
        .prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE committee_id = ? ORDER BY name COLLATE NOCASE`)
        .all(committeeId) as MemberRow[]
    ).map(toMember);
  }
  getMember(id: string): Member | undefined {
    const r = this.db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE id = ?`).get(id) as
      MemberRow | undefined;
    return r && toMember(r);
  }
  /** The member whose token hashes to `tokenHash` (the lookup is by an index on the hash). */
  memberByTokenHash(tokenHash: string): Member | undefined {
    const r = this.db.prepare(`SELECT ${MEMBER_COLUMNS} FROM members WHERE token_hash = ?`).get(tokenHash) as
      MemberRow | undefined;
    return r && toMember(r);
  }

  createMeeting(m: { committeeId: string; title: string; startsAt: string }): Meeting {
    const row: MeetingRow = {
      id: randomUUID(),
      committee_id: m.committeeId,
      title: m.title,
      starts_at: m.startsAt,
      status: 'planned',
      created_at: this.now().toISOString(),
    };
    this.db
      .prepare(
        'INSERT INTO meetings (id, committee_id, title, starts_at, status, created_at) VALUES (@id, @committee_id, @title, @starts_at, @status, @created_at)',
      )
      .run(row);
    return toMeeting(row);
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
}
