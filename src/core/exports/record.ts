/** Everything an export of a meeting's minutes shows, gathered from the store and the meeting's document. */
import type { JSONContent } from '@tiptap/core';
import type { AttendanceStatus, Committee, Meeting, Member } from '../../shared/domain';
import { readAgenda, readDecisions, type AgendaItem, type DecisionDraft } from '../../shared/meeting';
import type { MinutesState } from '../../shared/minutes';
import { minutesJson } from '../minutes-content';
import { committeeOr404, meetingOr404, type ServiceContext } from '../services/context';

export interface MeetingRecord {
  committee: Committee;
  meeting: Meeting;
  /** Every member the committee has had (those who left are kept: they may have attended). */
  members: Member[];
  attendance: Record<string, AttendanceStatus>;
  agenda: AgendaItem[];
  /** The minutes as the editor's JSON (a `doc` node). */
  minutes: JSONContent;
  decisions: DecisionDraft[];
  state: MinutesState;
  /** The meetings at which the minutes were approved, by id (for the approval line). */
  approvalMeetings: Record<string, Meeting>;
  /** When the export was made. */
  now: Date;
}

/** Gathers the record of a meeting; `not_found` for an unknown meeting. */
export function meetingRecord(ctx: ServiceContext, meetingId: string): MeetingRecord {
  const meeting = meetingOr404(ctx, meetingId);
  const committee = committeeOr404(ctx, meeting.committeeId);
  const { agenda, minutes, decisions } = ctx.docs.read(meeting.docName, (doc) => ({
    agenda: readAgenda(doc),
    minutes: minutesJson(doc),
    decisions: readDecisions(doc),
  }));
  const state = ctx.minutes.state(meeting.id);
  const approvalMeetings: Record<string, Meeting> = {};
  for (const a of state.approvals) {
    const at = a.approvedAtMeetingId ? ctx.repos.getMeeting(a.approvedAtMeetingId) : undefined;
    if (at) approvalMeetings[at.id] = at;
  }
  return {
    committee,
    meeting,
    members: ctx.repos.listMembers(committee.id),
    attendance: ctx.repos.attendance(meeting.id),
    agenda,
    minutes,
    decisions,
    state,
    approvalMeetings,
    now: ctx.now(),
  };
}
