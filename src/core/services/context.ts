import { ApiError } from '../../shared/api';
import type { Caller, Committee, Meeting, Member } from '../../shared/domain';
import type { BackupInfo } from '../../shared/storage';
import type { ErasureResult } from '../../shared/privacy';
import type { ExportWorkers } from '../exports/workers';
import type { LiveDocs } from '../live-docs';
import type { DecisionsRepo } from '../store/decisions-repo';
import type { DocStore } from '../store/docs';
import type { LedgerRepo } from '../store/ledger-repo';
import type { MinutesRepo } from '../store/minutes-repo';
import type { PrivacyRepo } from '../store/privacy-repo';
import type { Repos } from '../store/repos';

/** What every service works with. */
export interface ServiceContext {
  repos: Repos;
  minutes: MinutesRepo;
  decisions: DecisionsRepo;
  privacy: PrivacyRepo;
  docStore: DocStore;
  docs: LiveDocs;
  /** The partnership ledger, reports' written parts, the questionnaire. */
  ledger: LedgerRepo;
  /** Renders the heavy exports and verifies decision logs off the main thread. */
  workers: ExportWorkers;
  now: () => Date;
  /** Where the hub serving this core can be reached by others (set by whoever starts it). */
  inviteBaseUrls: () => string[];
  /** A member's links or role changed: whoever serves documents re-checks their open connections. */
  accessChanged: (memberId: string) => void;
  /** The workspace's backups (the core's, across reopenings of the database). */
  backups: {
    list(): BackupInfo[];
    create(): Promise<BackupInfo>;
    restore(name: string): Promise<{ restored: BackupInfo; safety: BackupInfo }>;
  };
  /** A person was erased: whoever keeps copies of the data (backups) may act on it. */
  erased: (result: ErasureResult) => void;
}

export function committeeOr404(ctx: ServiceContext, id: string): Committee {
  const c = ctx.repos.getCommittee(id);
  if (!c) throw new ApiError('not_found', `No committee with id ${id}.`, 'committee_not_found');
  return c;
}

export function meetingOr404(ctx: ServiceContext, id: string): Meeting {
  const m = ctx.repos.getMeeting(id);
  if (!m) throw new ApiError('not_found', `No meeting with id ${id}.`, 'meeting_not_found');
  return m;
}

/** A member of `committeeId`, or a clear error (unknown, or of another committee). */
export function memberOf(ctx: ServiceContext, committeeId: string, memberId: string): Member {
  const m = ctx.repos.getMember(memberId);
  if (!m || m.committeeId !== committeeId) {
    throw new ApiError('not_found', `No member with id ${memberId} in this committee.`, 'member_not_found');
  }
  return m;
}

/** The member id behind a caller, or null for the owner. */
export const actingMember = (caller: Caller): string | null =>
  caller.kind === 'member' ? caller.memberId : null;

export function requireOpen(meeting: Meeting): void {
  if (meeting.status === 'closed')
    throw new ApiError(
      'conflict',
      'This meeting is closed; its agenda can no longer change.',
      'meeting_closed',
    );
}
