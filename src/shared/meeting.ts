/**
 * The live state of a meeting as it sits in its Yjs document, and the rules computed from it
 * (speaker queue order, quorum). Shared by the core (which writes `meta`) and the renderer.
 */
import type * as Y from 'yjs';
import { MEETING_DOC } from './docs';
import type { MinutesStatus } from './minutes';
import type {
  AgendaPurpose,
  AgendaStatus,
  AttendanceStatus,
  EngagementLevel,
  Member,
  MeetingStatus,
  QuorumRule,
} from './domain';

/** One agenda item, a Y.Map in the meeting doc's `agenda` array. Ordered by `order`, not position. */
export interface AgendaItem {
  id: string;
  title: string;
  purpose: AgendaPurpose;
  engagementLevel: EngagementLevel;
  /** Member id of the presenter, or '' */
  presenterId: string;
  plannedMinutes: number;
  status: AgendaStatus;
  /** Fractional position: reordering sets it, so concurrent reorders never duplicate an item. */
  order: number;
  /** Set on items the app adds itself: who proposed them originally (carried over), or the kind. */
  proposedBy?: string;
  standing?: 'adoption-of-agenda' | 'approval-of-minutes' | 'follow-up-of-actions';
  carriedFrom?: string;
}

/**
 * A decision as drafted during the meeting, a Y.Map in the meeting doc's `decisions` array,
 * placed under the agenda item it belongs to. (Adopted decisions enter the decision log.)
 */
export interface DecisionDraft {
  id: string;
  agendaItemId: string | null;
  /** What was decided. */
  text: string;
  rationale?: string;
  status?: string;
}

export function readDecisions(doc: Y.Doc): DecisionDraft[] {
  return doc
    .getArray<unknown>(MEETING_DOC.decisions)
    .toArray()
    .map((d) =>
      d && typeof (d as { toJSON?: unknown }).toJSON === 'function' ? (d as Y.Map<unknown>).toJSON() : null,
    )
    .filter((d): d is DecisionDraft => !!d && typeof d.id === 'string' && typeof d.text === 'string');
}

export const QUEUE_MODES = ['raised', 'least-spoken'] as const;
export type QueueMode = (typeof QUEUE_MODES)[number];

export interface RaisedHand {
  memberId: string;
  raisedAt: string;
}

export interface Floor {
  memberId: string;
  since: string;
  itemId: string | null;
}

/**
 * Keys of `meta`. Only the core writes `meta` (through API methods that check the caller's role);
 * the hub refuses any client update that touches it.
 */
export interface MeetingMeta {
  status: MeetingStatus;
  attendance: Record<string, AttendanceStatus>;
  currentItemId: string | null;
  itemStartedAt: string | null;
  hands: RaisedHand[];
  queueMode: QueueMode;
  floor: Floor | null;
  /** Seconds each member has spoken in this meeting. */
  spoken: Record<string, number>;
  /** The minutes' status, mirrored here so that every peer sees a change at once. */
  minutesStatus: MinutesStatus;
}

export const EMPTY_META: MeetingMeta = {
  status: 'planned',
  attendance: {},
  currentItemId: null,
  itemStartedAt: null,
  hands: [],
  queueMode: 'raised',
  floor: null,
  spoken: {},
  minutesStatus: 'draft',
};

export function readMeta(doc: Y.Doc): MeetingMeta {
  const meta = doc.getMap<unknown>(MEETING_DOC.meta);
  const out: Record<string, unknown> = { ...EMPTY_META };
  for (const key of Object.keys(EMPTY_META)) {
    if (meta.has(key)) out[key] = meta.get(key);
  }
  return out as unknown as MeetingMeta;
}

export function readAgenda(doc: Y.Doc): AgendaItem[] {
  const items = doc.getArray<Y.Map<unknown>>(MEETING_DOC.agenda).toArray();
  return items
    .map((m) => m.toJSON() as AgendaItem)
    .filter((i) => typeof i.id === 'string')
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** An `order` between two neighbours (either may be missing, at the ends). */
export function orderBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return after! - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

/**
 * The order in which raised hands get the floor: by the time they were raised, or (to give
 * priority to people who have spoken less in this meeting) by seconds spoken, then time raised.
 */
export function speakerQueue(
  hands: RaisedHand[],
  mode: QueueMode,
  spoken: Record<string, number>,
): RaisedHand[] {
  const byTime = [...hands].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
  if (mode === 'raised') return byTime;
  return byTime.sort((a, b) => (spoken[a.memberId] ?? 0) - (spoken[b.memberId] ?? 0));
}

export interface QuorumStatus {
  /** Voting members: active, and not observers. */
  voting: number;
  /** Voting members present or remote. */
  attending: number;
  required: number;
  reached: boolean;
}

export function quorumStatus(
  rule: QuorumRule,
  members: Pick<Member, 'id' | 'role' | 'leftAt'>[],
  attendance: Record<string, AttendanceStatus>,
): QuorumStatus {
  const voters = members.filter((m) => m.role !== 'observer' && !m.leftAt);
  const attending = voters.filter(
    (m) => attendance[m.id] === 'present' || attendance[m.id] === 'remote',
  ).length;
  const required =
    rule.kind === 'majority'
      ? Math.floor(voters.length / 2) + 1
      : rule.kind === 'count'
        ? rule.value
        : Math.ceil(voters.length * rule.value - 1e-9);
  return { voting: voters.length, attending, required, reached: voters.length > 0 && attending >= required };
}
