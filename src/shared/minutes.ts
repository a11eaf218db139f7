/** The minutes' life cycle, versions, comments, authorship and exports, as the API returns them. */

/**
 * draft: everyone who edits may write. circulated: sent to members for review, only comments.
 * approved: locked, with its content hash. amending: reopened by a recorded amendment.
 */
export const MINUTES_STATUSES = ['draft', 'circulated', 'approved', 'amending'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

export interface Approval {
  id: number;
  meetingId: string;
  kind: 'approval' | 'amendment';
  /** For an amendment: why the approved minutes were changed. */
  reason: string;
  /** The approved minutes as HTML, exactly as approved. */
  html: string;
  /** SHA-256 (hex) of `html`. */
  sha256: string;
  approvedBy: string | null;
  approvedAt: string;
  /** The later meeting at which the committee approved them, if recorded. */
  approvedAtMeetingId: string | null;
}

export interface MinutesState {
  meetingId: string;
  status: MinutesStatus;
  approvals: Approval[];
  /** Why the minutes are being amended (status amending). */
  amendmentReason: string | null;
}

export interface VersionInfo {
  id: number;
  meetingId: string;
  name: string;
  createdBy: string | null;
  createdAt: string;
  /** Characters of text in this version. */
  length: number;
}

/** A run of text in a comparison of two versions. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface CommentReply {
  id: string;
  authorId: string | null;
  text: string;
  createdAt: string;
}

/**
 * A comment thread anchored to a passage of the minutes. `anchor` holds Yjs relative positions
 * (Y.relativePositionToJSON) of the passage's start and end, so it follows the text as it is edited.
 */
export interface CommentThread {
  id: string;
  anchor: { start: unknown; end: unknown };
  /** The passage as it was when the comment was made. */
  quote: string;
  authorId: string | null;
  text: string;
  createdAt: string;
  resolved: boolean;
  resolvedBy: string | null;
  replies: CommentReply[];
}

/** What one member wrote in the minutes. Characters, counted in the text only. */
export interface Authorship {
  memberId: string | null;
  inserted: number;
  deleted: number;
  /** Characters of theirs that still stand in the current text. */
  surviving: number;
}

export const EXPORT_FORMATS = ['pdf', 'docx', 'md', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A file produced by a method: the hub answers with the file itself. */
export interface ExportedFile {
  filename: string;
  contentType: string;
  data: Uint8Array;
}
