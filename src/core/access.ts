/** Who a token is, and what that caller may do. Used by both doors through `Core.dispatch`. */
import { ApiError, methods, type MethodName } from '../shared/api';
import { EDITING_ROLES, type Caller } from '../shared/domain';
import { MEETING_DOC, parseDocName } from '../shared/docs';
import type { MinutesStatus } from '../shared/minutes';
import type { Repos } from './store/repos';
import { hashToken, tokensEqual } from './tokens';

/** The caller a bearer token stands for, or null for an unknown token. */
export function authenticate(
  repos: Repos,
  ownerToken: string,
  token: string | null | undefined,
): Caller | null {
  if (!token) return null;
  if (tokensEqual(token, ownerToken)) return { kind: 'owner' };
  // Looked up by the SHA-256 of the token: timing reveals nothing usable about the token itself.
  const m = repos.memberByTokenHash(hashToken(token));
  if (!m) return null;
  return { kind: 'member', memberId: m.id, committeeId: m.committeeId, role: m.role, name: m.name };
}

/** Whether `token` is a member's invitation link that has expired (to say so, rather than "invalid"). */
export function isExpiredToken(repos: Repos, token: string | null | undefined): boolean {
  return !!token && repos.isExpiredToken(hashToken(token));
}

/** Throws `forbidden` unless `caller` may call `method` on `committeeId`. */
export function authorize(caller: Caller, method: MethodName, committeeId: string): void {
  if (caller.kind === 'owner') return;
  const access = methods[method].access;
  if (access === 'owner')
    throw new ApiError('forbidden', `Only the committee's host may call ${method}.`, 'host_only');
  if (caller.committeeId !== committeeId) {
    throw new ApiError('forbidden', 'This token belongs to another committee.', 'other_committee');
  }
  if (!access.includes(caller.role)) {
    throw new ApiError('forbidden', `The role "${caller.role}" may not call ${method}.`, 'role_forbidden', {
      role: caller.role,
    });
  }
}

export type DocAccess = 'read-write' | 'read-only';

/**
 * Whether `caller` may open the document `docName`, and how. Null when the document does not
 * exist or belongs to another committee (refused at the WebSocket upgrade).
 */
export function docAccess(repos: Repos, caller: Caller, docName: string): DocAccess | null {
  const ref = parseDocName(docName);
  if (!ref) return null;
  const committeeId =
    ref.kind === 'committee' ? repos.getCommittee(ref.id)?.id : repos.getMeeting(ref.id)?.committeeId;
  if (!committeeId) return null;
  if (caller.kind === 'owner') return 'read-write';
  if (caller.committeeId !== committeeId) return null;
  return EDITING_ROLES.includes(caller.role) ? 'read-write' : 'read-only';
}

/**
 * In a meeting doc, `meta` (attendance, the run of the meeting, the speaker queue), `agenda`
 * (validated items with their proposer), `decisions`, `actions` and `comments` are written through
 * the API only (which checks each input and records who did it); the `minutes` too once they are
 * circulated (only comments) or approved (locked). Peers write the minutes directly.
 */
const MEETING_PROTECTED: ReadonlySet<string> = new Set([
  MEETING_DOC.meta,
  MEETING_DOC.agenda,
  MEETING_DOC.decisions,
  MEETING_DOC.actions,
  MEETING_DOC.comments,
]);
const MINUTES_LOCKED: ReadonlySet<string> = new Set([...MEETING_PROTECTED, MEETING_DOC.minutes]);
const NONE: ReadonlySet<string> = new Set();

/** Root types of a document that only the core writes (through API methods that check roles). */
export function protectedRoots(
  docName: string,
  minutesStatus: (meetingId: string) => MinutesStatus,
): ReadonlySet<string> {
  const ref = parseDocName(docName);
  if (ref?.kind !== 'meeting') return NONE;
  const status = minutesStatus(ref.id);
  return status === 'circulated' || status === 'approved' ? MINUTES_LOCKED : MEETING_PROTECTED;
}
