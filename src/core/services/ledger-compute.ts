/**
 * The ledger's rows for one meeting, computed from the raw data only: its speaking turns, its
 * document (agenda, minutes with the Yjs client id of every character, comments, decisions), the
 * authorship counts kept with each update, and which member each client id belongs to. The same
 * function serves the incremental upkeep (a meeting whose sources changed) and the full rebuild.
 */
import * as Y from 'yjs';
import type { Decision } from '../../shared/decisions';
import { MEETING_DOC } from '../../shared/docs';
import type { Meeting } from '../../shared/domain';
import type { Contribution, ContributionKind } from '../../shared/ledger';
import { readAgenda } from '../../shared/meeting';
import type { CommentThread } from '../../shared/minutes';
import type { CarriedText } from '../../shared/carried-text';
import { eachStandingText, minutesFragment } from '../minutes-content';
import type { ServiceContext } from './context';
import { readMaps } from './decisions';

/** Characters of minutes text still standing, per section (agenda item id, null before the first) and client. */
export function survivingBySection(
  doc: Y.Doc,
  carried?: CarriedText,
): Map<string | null, Map<number, number>> {
  const out = new Map<string | null, Map<number, number>>();
  let section: string | null = null;
  eachStandingText(
    doc,
    carried,
    (client, n) => {
      let m = out.get(section);
      if (!m) out.set(section, (m = new Map()));
      m.set(client, (m.get(client) ?? 0) + n);
    },
    (block) => {
      if (block instanceof Y.XmlElement && block.nodeName === 'heading') {
        const itemId = block.getAttribute('itemId');
        if (typeof itemId === 'string' && itemId) section = itemId;
      }
    },
  );
  return out;
}

/** The agenda item whose section holds a comment's anchor, or null. */
function sectionOfAnchor(doc: Y.Doc, anchor: unknown): string | null {
  try {
    const rel = Y.createRelativePositionFromJSON(anchor);
    const abs = Y.createAbsolutePositionFromRelativePosition(rel, doc);
    if (!abs) return null;
    const fragment = minutesFragment(doc);
    // Climb to the top-level block that holds the position.
    let type: Y.AbstractType<unknown> = abs.type;
    while (type._item && type._item.parent !== fragment) type = type._item.parent as Y.AbstractType<unknown>;
    if (!type._item) return null;
    let section: string | null = null;
    for (const block of fragment.toArray()) {
      if (block instanceof Y.XmlElement && block.nodeName === 'heading') {
        const itemId = block.getAttribute('itemId');
        if (typeof itemId === 'string' && itemId) section = itemId;
      }
      if ((block as unknown) === type) return section;
    }
  } catch {
    // an anchor a client wrote badly: no section
  }
  return null;
}

/** Every contribution of `meeting`, attributed to a member of its committee. */
export function computeMeeting(ctx: ServiceContext, meeting: Meeting): Contribution[] {
  const members = new Set(ctx.repos.listMembers(meeting.committeeId).map((m) => m.id));
  const rows: Contribution[] = [];
  const add = (
    memberId: string | null | undefined,
    kind: ContributionKind,
    quantity: number,
    agendaItemId: string | null,
    at: string,
    source: string,
  ) => {
    if (!memberId || !members.has(memberId) || !(quantity > 0)) return;
    rows.push({
      memberId,
      committeeId: meeting.committeeId,
      meetingId: meeting.id,
      agendaItemId,
      kind,
      quantity,
      at,
      source,
    });
  };

  // Speaking turns: one turn and its seconds.
  for (const t of ctx.repos.turns(meeting.id)) {
    add(t.memberId, 'speaking-turn', 1, t.agendaItemId, t.startedAt, `turn:${t.id}`);
    add(t.memberId, 'speaking-seconds', t.seconds, t.agendaItemId, t.startedAt, `turn:${t.id}`);
  }

  // Minutes text inserted and deleted, as counted from each member's updates.
  for (const a of ctx.minutes.authorship(meeting.docName, MEETING_DOC.minutes)) {
    const source = `authorship:${meeting.docName}`;
    add(a.memberId, 'minutes-inserted', a.inserted, null, meeting.startsAt, source);
    add(a.memberId, 'minutes-deleted', a.deleted, null, meeting.startsAt, source);
  }

  const owners = ctx.docStore.clients(meeting.docName);
  ctx.docs.read(meeting.docName, (doc, carried) => {
    const agenda = readAgenda(doc);
    const items = new Set(agenda.map((i) => i.id));
    const itemOrNull = (id: string | null | undefined) => (id && items.has(id) ? id : null);

    // Minutes text still standing, per section.
    for (const [section, byClient] of survivingBySection(doc, carried)) {
      const perMember = new Map<string, number>();
      for (const [client, n] of byClient) {
        const owner = owners.get(client);
        if (owner) perMember.set(owner, (perMember.get(owner) ?? 0) + n);
      }
      for (const [memberId, n] of perMember)
        add(memberId, 'minutes-surviving', n, itemOrNull(section), meeting.startsAt, `text:${section ?? ''}`);
    }

    // Agenda items proposed here (a carried-over item was proposed at the meeting it comes from).
    for (const item of agenda) {
      if (item.carriedFrom || item.standing) continue;
      add(item.proposedBy, 'agenda-item-proposed', 1, item.id, meeting.startsAt, `agenda:${item.id}`);
    }

    // Decisions: proposed, positions taken, named votes, who spoke to them. Never a secret ballot.
    for (const d of readMaps<Decision>(doc, MEETING_DOC.decisions)) {
      const item = itemOrNull(d.agendaItemId);
      const source = `decision:${d.id}`;
      add(d.proposedBy, 'decision-proposed', 1, item, d.createdAt, source);
      for (const memberId of Object.keys(d.positions ?? {}))
        add(memberId, 'position-taken', 1, item, d.createdAt, source);
      if (d.vote && !d.vote.secret)
        for (const memberId of Object.keys(d.vote.ballots ?? {}))
          add(memberId, 'vote-cast', 1, item, d.createdAt, source);
      for (const memberId of new Set(d.speakers ?? []))
        add(memberId, 'decision-spoken', 1, item, d.createdAt, source);
    }

    // Comments and replies on the minutes, under the section their passage is in.
    for (const t of doc.getMap<CommentThread>(MEETING_DOC.comments).values()) {
      if (!t || typeof t !== 'object' || typeof t.id !== 'string') continue;
      const item = itemOrNull(sectionOfAnchor(doc, t.anchor?.start));
      add(t.authorId, 'comment', 1, item, t.createdAt, `comment:${t.id}`);
      for (const r of t.replies ?? []) add(r.authorId, 'comment', 1, item, r.createdAt, `reply:${r.id}`);
    }
  });
  return rows;
}

/**
 * The meetings whose sources were last found unchanged, and the connection's count of writes
 * (`LedgerRepo.writes`) then. Every source of a meeting's rows (its document's log, speaking turns,
 * authorship, clients, decisions) is written through this connection, so while the count is the
 * same none of them changed and the meeting need not be checked again. The ledger's own rows are
 * not among the sources: recomputing a meeting leaves the others' marks as they were.
 */
const checked = new WeakMap<ServiceContext['ledger'], { writes: number; meetings: Set<string> }>();

/**
 * Recomputes the meetings of `committeeId` whose sources changed since their rows were computed;
 * only `meetings` (of that committee) when given: what a question about a period reads. Yields
 * after each meeting it looked at (`refreshCommittee` runs it through; `refreshCommitteeSliced`
 * lets the event loop answer others between slices).
 */
function* refreshing(ctx: ServiceContext, committeeId: string, meetings?: Meeting[]): Generator<void> {
  const last = checked.get(ctx.ledger);
  let known = last && last.writes === ctx.ledger.writes() ? last.meetings : new Set<string>();
  for (const m of meetings ?? ctx.repos.listMeetings(committeeId)) {
    if (known.has(m.id)) continue;
    const mark = ctx.ledger.sourceMark(m.id, m.docName);
    if (ctx.ledger.storedMark(m.id) !== mark) ctx.ledger.replaceMeeting(m.id, computeMeeting(ctx, m), mark);
    known.add(m.id);
    // Written since the count was taken: only this meeting's own rows, which are no one's source.
    const writes = ctx.ledger.writes();
    checked.set(ctx.ledger, { writes, meetings: known });
    yield;
    // Others may have written while this waited: what was checked before may have changed.
    if (ctx.ledger.writes() !== writes) known = new Set<string>();
  }
}

export function refreshCommittee(ctx: ServiceContext, committeeId: string, meetings?: Meeting[]): void {
  for (const _ of refreshing(ctx, committeeId, meetings));
}

/** As refreshCommittee, letting the event loop answer others every `sliceMs` (five years: ~0.3 s). */
export async function refreshCommitteeSliced(
  ctx: ServiceContext,
  committeeId: string,
  meetings?: Meeting[],
  sliceMs = REBUILD_SLICE_MS,
): Promise<void> {
  await inSlices(refreshing(ctx, committeeId, meetings), sliceMs);
}

/**
 * Runs `steps` through (a generator), letting the event loop answer others between slices of
 * `sliceMs`; resolves to what it returns.
 */
export async function inSlices<R>(steps: Iterator<unknown, R>, sliceMs = REBUILD_SLICE_MS): Promise<R> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  }
}

/** How long the rebuild computes before it lets the event loop answer others (hub, IPC). */
const REBUILD_SLICE_MS = 20;

/**
 * Forgets and recomputes the whole ledger of a committee, from the raw data. Each meeting's rows
 * are replaced in one SQLite transaction, a meeting at a time; between slices of about 20 ms the
 * event loop answers others (five years of meetings take most of a second): a question asked
 * meanwhile reads each meeting either as it was or as recomputed, never half of one.
 */
export async function rebuildCommittee(
  ctx: ServiceContext,
  committeeId: string,
  sliceMs = REBUILD_SLICE_MS,
): Promise<{ meetings: number; rows: number }> {
  const meetings = ctx.repos.listMeetings(committeeId);
  let rows = 0;
  let done = 0;
  let sliceStart = performance.now();
  for (const listed of meetings) {
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    // As it is now: it may have changed, or been erased, while others were answered.
    const m = ctx.repos.getMeeting(listed.id);
    if (!m) continue;
    const mark = ctx.ledger.sourceMark(m.id, m.docName);
    const computed = computeMeeting(ctx, m);
    rows += computed.length;
    ctx.ledger.replaceMeeting(m.id, computed, mark);
    done++;
  }
  // Rows left from meetings that are no longer the committee's.
  ctx.ledger.forgetOtherMeetings(committeeId);
  return { meetings: done, rows };
}
