/**
 * The domain's words, as DESIGN.md names them. Every list here is the single source for the
 * UI, the API schemas, the store's CHECK constraints and the tests.
 */

export const AREAS = [
  'governance',
  'care-and-services',
  'research',
  'teaching',
  'political-influence',
] as const;
export type Area = (typeof AREAS)[number];

/** The continuum of engagement, in increasing order of commitment. */
export const ENGAGEMENT_LEVELS = ['information', 'consultation', 'collaboration', 'partnership'] as const;
export type EngagementLevel = (typeof ENGAGEMENT_LEVELS)[number];

export const MEMBER_KINDS = [
  'patient-partner',
  'caregiver-partner',
  'professional',
  'manager',
  'researcher',
  'citizen',
  'staff',
] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const ROLES = ['co-chair', 'member', 'secretary', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose edits to collaborative documents are accepted. Observers read only. */
export const EDITING_ROLES: readonly Role[] = ['co-chair', 'member', 'secretary'];

export const MEETING_STATUSES = ['planned', 'in-progress', 'closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * How many voting members (every active member but observers) must attend, in person or remotely:
 * a majority (more than half), a fixed count, or at least a share of them (0.6 = 60 %, rounded up).
 */
export type QuorumRule =
  { kind: 'majority' } | { kind: 'count'; value: number } | { kind: 'share'; value: number };

export const MAX_CO_CHAIRS = 2;

export interface Committee {
  id: string;
  name: string;
  area: Area;
  mandate: string;
  quorum: QuorumRule;
  /** The language of its minutes and exports. */
  language: Language;
  createdAt: string;
}

export interface Consents {
  /** May be named in the minutes (otherwise shown by role only). */
  named: boolean;
  /** May be contacted between meetings. */
  contact: boolean;
}

export interface Member {
  id: string;
  committeeId: string;
  name: string;
  kind: MemberKind;
  role: Role;
  engagementLevel: EngagementLevel;
  /** What they were recruited for, in which context and for which needs. */
  mandate: string;
  startDate: string | null;
  endDate: string | null;
  consents: Consents;
  /** Set when they left the committee; their past contributions stay attributed to them. */
  leftAt: string | null;
  /** Whether an invitation link (token) of theirs is currently valid. */
  hasActiveLink: boolean;
  joinedAt: string;
}

export interface Meeting {
  id: string;
  committeeId: string;
  title: string;
  startsAt: string;
  place: string;
  videoLink: string;
  status: MeetingStatus;
  startedAt: string | null;
  closedAt: string | null;
  /** The Yjs document of this meeting, as named on the hub's /sync/<docName>. */
  docName: string;
  createdAt: string;
}

export const ATTENDANCE_STATUSES = ['present', 'remote', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const AGENDA_PURPOSES = ['information', 'consultation', 'deliberation', 'decision'] as const;
export type AgendaPurpose = (typeof AGENDA_PURPOSES)[number];

export const AGENDA_STATUSES = ['pending', 'in-progress', 'done', 'deferred'] as const;
export type AgendaStatus = (typeof AGENDA_STATUSES)[number];

/** One recorded speaking turn: who had the floor, on which item, for how long. */
export interface SpeakingTurn {
  id: number;
  meetingId: string;
  memberId: string;
  agendaItemId: string | null;
  startedAt: string;
  endedAt: string;
  seconds: number;
}

/** Who is calling, as established by a door (IPC: the desktop owner; hub: the bearer token). */
export type Caller =
  { kind: 'owner' } | { kind: 'member'; memberId: string; committeeId: string; role: Role; name: string };
