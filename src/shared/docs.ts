/**
 * Names and layout of the collaborative (Yjs) documents. Shared by the core, the hub and the
 * renderer so that every client reads and writes the same fields.
 */

export type DocRef = { kind: 'committee'; id: string } | { kind: 'meeting'; id: string };

export const committeeDocName = (id: string): string => `committee:${id}`;
export const meetingDocName = (id: string): string => `meeting:${id}`;

const DOC_NAME = /^(committee|meeting):([A-Za-z0-9-]{1,64})$/;

/** Parses `committee:<id>` or `meeting:<id>`; anything else is `null`. */
export function parseDocName(name: string): DocRef | null {
  const m = DOC_NAME.exec(name);
  if (!m) return null;
  return { kind: m[1] as DocRef['kind'], id: m[2]! };
}

/** The fields of a meeting document (see the hub contract in the README). */
export const MEETING_DOC = {
  /** Y.Array of Y.Map: the agenda items, in order. */
  agenda: 'agenda',
  /** Y.XmlFragment: the minutes, TipTap's collaboration field. */
  minutes: 'minutes',
  /** Y.Array of Y.Map: draft decisions. */
  decisions: 'decisions',
  /** Y.Array of Y.Map: follow-up actions. */
  actions: 'actions',
  /** Y.Map: meeting-wide values. */
  meta: 'meta',
  /** Y.Map of comment threads on the minutes (thread id → CommentThread as JSON). */
  comments: 'comments',
} as const;
