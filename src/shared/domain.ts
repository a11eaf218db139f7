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

export interface Committee {
  id: string;
  name: string;
  area: Area;
  mandate: string;
  createdAt: string;
}

export interface Member {
  id: string;
  committeeId: string;
  name: string;
  kind: MemberKind;
  role: Role;
  engagementLevel: EngagementLevel;
  joinedAt: string;
}

export interface Meeting {
  id: string;
  committeeId: string;
  title: string;
  startsAt: string;
  status: MeetingStatus;
  /** The Yjs document of this meeting, as named on the hub's /sync/<docName>. */
  docName: string;
  createdAt: string;
}

/** Who is calling, as established by a door (IPC: the desktop owner; hub: the bearer token). */
export type Caller =
  { kind: 'owner' } | { kind: 'member'; memberId: string; committeeId: string; role: Role; name: string };
