/**
 * Decisions drafted live in the meeting (written through the API into the meeting doc's
 * `decisions`), their outcome entered in the committee's hash-chained log, amendments and
 * rescissions as new entries, the register, and follow-up actions.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { ApiError } from '../../shared/api';
import type { Action, Decision, LogEntry } from '../../shared/decisions';
import { MEETING_DOC } from '../../shared/docs';
import type { Caller, Meeting } from '../../shared/domain';
import { readAgenda } from '../../shared/meeting';
import { authorize } from '../access';
import { actingMember, committeeOr404, meetingOr404, memberOf, type ServiceContext } from './context';
import type { Handlers } from './index';

type DecisionHandlers = Pick<
  Handlers,
  | 'decisions.draft'
  | 'decisions.update'
  | 'decisions.remove'
  | 'decisions.decide'
  | 'decisions.amend'
  | 'decisions.rescind'
  | 'decisions.log'
  | 'decisions.verify'
  | 'decisions.register'
  | 'actions.add'
  | 'actions.update'
  | 'actions.list'
>;

/** Reads a Y.Array of Y.Map as JSON objects, skipping anything else a peer may have put there. */
export function readMaps<T>(doc: Y.Doc, root: string): T[] {
  return doc
    .getArray<unknown>(root)
    .toArray()
    .filter((x): x is Y.Map<unknown> => x instanceof Y.Map)
    .map((m) => m.toJSON() as T);
}

function writeMap(doc: Y.Doc, root: string, id: string, value: object): void {
  const arr = doc.getArray<unknown>(root);
  const index = arr.toArray().findIndex((x) => x instanceof Y.Map && x.get('id') === id);
  const map = new Y.Map<unknown>(Object.entries(value));
  if (index >= 0) {
    const existing = arr.get(index) as Y.Map<unknown>;
    for (const [k, v] of Object.entries(value)) existing.set(k, v);
    for (const k of [...existing.keys()]) if (!(k in value)) existing.delete(k);
  } else arr.push([map]);
}

export function decisionHandlers(ctx: ServiceContext): DecisionHandlers {
  const { docs, decisions, repos } = ctx;

  const guarded = (method: keyof DecisionHandlers, meetingId: string, caller: Caller): Meeting => {
    const m = meetingOr404(ctx, meetingId);
    authorize(caller, method, m.committeeId);
    return m;
  };
  const draftOf = (m: Meeting, decisionId: string): Decision => {
    const d = docs
      .read(m.docName, (doc) => readMaps<Decision>(doc, MEETING_DOC.decisions))
      .find((x) => x.id === decisionId);
    if (!d)
      throw new ApiError('not_found', `No decision ${decisionId} in this meeting.`, 'decision_not_found');
    return d;
  };
  const purposeOf = (m: Meeting, itemId: string | null) =>
    itemId ? (docs.read(m.docName, readAgenda).find((i) => i.id === itemId)?.purpose ?? null) : null;
  /** Writes the decision into the meeting doc (everyone sees it live) and the register. */
  const save = (m: Meeting, d: Decision, caller: Caller, decidedAt: string | null = null) => {
    docs.edit(m.docName, actingMember(caller), (doc) => writeMap(doc, MEETING_DOC.decisions, d.id, d));
    decisions.upsertDecision(d, {
      committeeId: m.committeeId,
      purpose: purposeOf(m, d.agendaItemId),
      meetingStartsAt: m.startsAt,
      decidedAt,
    });
    return d;
  };
  const checkItem = (m: Meeting, itemId: string | null | undefined) => {
    if (itemId && !docs.read(m.docName, readAgenda).some((i) => i.id === itemId)) {
      throw new ApiError(
        'not_found',
        `agendaItemId: no agenda item ${itemId} in this meeting.`,
        'item_not_found',
      );
    }
  };
  const present = (m: Meeting) =>
    Object.entries(repos.attendance(m.id))
      .filter(([, s]) => s === 'present' || s === 'remote')
      .map(([memberId]) => memberId);
  const loggedEntry = (committeeId: string, entryId: number): LogEntry => {
    const e = decisions.entry(entryId);
    if (!e || e.committeeId !== committeeId)
      throw new ApiError(
        'not_found',
        `No entry ${entryId} in this committee's decision log.`,
        'entry_not_found',
      );
    if (e.kind === 'erasure')
      throw new ApiError(
        'conflict',
        'This entry records an erasure of personal information; it is not a decision.',
      );
    const latest = decisions.latestFor(e.decisionId)!;
    if (latest.kind === 'rescinded')
      throw new ApiError(
        'conflict',
        'This decision was rescinded; it can no longer be changed.',
        'decision_rescinded',
      );
    return latest;
  };
  const saveAction = (m: Meeting, a: Action, caller: Caller) => {
    docs.edit(m.docName, actingMember(caller), (doc) => writeMap(doc, MEETING_DOC.actions, a.id, a));
    decisions.upsertAction(a, m.committeeId);
    return a;
  };
  /**
   * An unfinished action is carried into the next meeting under the same id (meetings.create with
   * fromPrevious): keeps every other meeting's copy in step, each with its own `carriedFrom`, so
   * that each meeting shows the action as it is and a finished one is not carried again.
   */
  const syncCopies = (m: Meeting, a: Action, caller: Caller) => {
    const { carriedFrom: _own, ...fields } = a;
    for (const other of repos.listMeetings(m.committeeId)) {
      if (other.id === m.id) continue;
      const copy = docs
        .read(other.docName, (doc) => readMaps<Action>(doc, MEETING_DOC.actions))
        .find((x) => x.id === a.id);
      if (!copy) continue;
      const value = copy.carriedFrom ? { ...fields, carriedFrom: copy.carriedFrom } : fields;
      docs.edit(other.docName, actingMember(caller), (doc) =>
        writeMap(doc, MEETING_DOC.actions, a.id, value),
      );
    }
  };

  return {
    'decisions.draft': (input, caller) => {
      const m = guarded('decisions.draft', input.meetingId, caller);
      if (m.status === 'closed') throw new ApiError('conflict', 'This meeting is closed.', 'meeting_closed');
      checkItem(m, input.agendaItemId);
      const d: Decision = {
        id: randomUUID(),
        meetingId: m.id,
        agendaItemId: input.agendaItemId,
        title: input.title,
        text: input.text,
        rationale: input.rationale,
        mode: input.mode,
        vote: null,
        positions: {},
        proposedBy: actingMember(caller),
        speakers: [],
        influence: { level: 'none', evidence: '' },
        status: 'proposed',
        createdAt: ctx.now().toISOString(),
        logEntryId: null,
      };
      return save(m, d, caller);
    },
    'decisions.update': (input, caller) => {
      const { meetingId, decisionId, ...changes } = input;
      const m = guarded('decisions.update', meetingId, caller);
      const before = draftOf(m, decisionId);
      if (before.status !== 'proposed') {
        throw new ApiError(
          'conflict',
          'This decision is in the log: change it with an amendment.',
          'decision_in_log',
        );
      }
      checkItem(m, changes.agendaItemId);
      for (const memberId of [
        ...(changes.speakers ?? []),
        ...Object.keys(changes.positions ?? {}),
        ...Object.keys(changes.vote?.ballots ?? {}),
      ]) {
        memberOf(ctx, m.committeeId, memberId);
      }
      let vote = changes.vote === undefined ? before.vote : changes.vote;
      if (vote) {
        const here = present(m);
        const ballots = Object.entries(vote.ballots);
        if (vote.secret && ballots.length)
          throw new ApiError(
            'invalid_input',
            'vote: a secret vote records counts only, not ballots.',
            'secret_vote_ballots',
          );
        if (ballots.length) {
          for (const [memberId] of ballots) {
            if (!here.includes(memberId))
              throw new ApiError(
                'invalid_input',
                `vote: ${memberOf(ctx, m.committeeId, memberId).name} is not recorded as present.`,
                'ballot_not_present',
                { name: memberOf(ctx, m.committeeId, memberId).name },
              );
          }
          const counted = { for: 0, against: 0, abstain: 0 };
          for (const [, p] of ballots) counted[p]++;
          vote = { ...vote, ...counted };
        }
        const cast = vote.for + vote.against + vote.abstain;
        if (cast > here.length) {
          throw new ApiError(
            'invalid_input',
            `vote: ${cast} votes counted but only ${here.length} members are recorded as present (take attendance first).`,
            'too_many_votes',
            { cast, present: here.length },
          );
        }
      }
      const next: Decision = {
        ...before,
        ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
        vote,
      };
      return save(m, next, caller);
    },
    'decisions.remove': (input, caller) => {
      const m = guarded('decisions.remove', input.meetingId, caller);
      const d = draftOf(m, input.decisionId);
      if (d.status !== 'proposed')
        throw new ApiError(
          'conflict',
          'This decision is in the log and cannot be removed.',
          'decision_in_log',
        );
      docs.edit(m.docName, actingMember(caller), (doc) => {
        const arr = doc.getArray<unknown>(MEETING_DOC.decisions);
        const i = arr.toArray().findIndex((x) => x instanceof Y.Map && x.get('id') === d.id);
        if (i >= 0) arr.delete(i, 1);
      });
      decisions.removeDecision(d.id);
      return null;
    },
    'decisions.decide': (input, caller) => {
      const m = guarded('decisions.decide', input.meetingId, caller);
      const d = draftOf(m, input.decisionId);
      if (d.status !== 'proposed')
        throw new ApiError('conflict', `This decision was already ${d.status}.`, 'decision_already', {
          status: d.status,
        });
      if (!d.text.trim())
        throw new ApiError(
          'invalid_input',
          'text: write what is decided before recording the outcome.',
          'decision_text_missing',
        );
      if (d.mode === 'vote' && !d.vote)
        throw new ApiError('invalid_input', 'vote: record the vote before the outcome.', 'vote_missing');
      const decided: Decision = { ...d, status: input.outcome };
      const entry = decisions.append({
        committeeId: m.committeeId,
        meetingId: m.id,
        decisionId: d.id,
        kind: input.outcome,
        amendsEntryId: null,
        content: decided,
        createdBy: actingMember(caller),
      });
      save(m, { ...decided, logEntryId: entry.id }, caller, entry.createdAt);
      return entry;
    },
    'decisions.amend': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'decisions.amend', c.id);
      const latest = loggedEntry(c.id, input.entryId);
      const { committeeId: _c, entryId: _e, reason, ...changes } = input;
      const content: Decision = {
        ...latest.content,
        ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
        status: 'amended',
      };
      const entry = decisions.append({
        committeeId: c.id,
        meetingId: latest.content.meetingId,
        decisionId: latest.decisionId,
        kind: 'amended',
        amendsEntryId: latest.id,
        content: { ...content, amendmentReason: reason },
        createdBy: actingMember(caller),
      });
      const m = meetingOr404(ctx, latest.content.meetingId);
      save(m, { ...content, amendmentReason: reason, logEntryId: entry.id }, caller, entry.createdAt);
      return entry;
    },
    'decisions.rescind': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'decisions.rescind', c.id);
      const latest = loggedEntry(c.id, input.entryId);
      const content = { ...latest.content, status: 'rescinded' as const, rescissionReason: input.reason };
      const entry = decisions.append({
        committeeId: c.id,
        meetingId: latest.content.meetingId,
        decisionId: latest.decisionId,
        kind: 'rescinded',
        amendsEntryId: latest.id,
        content,
        createdBy: actingMember(caller),
      });
      const m = meetingOr404(ctx, latest.content.meetingId);
      save(m, { ...content, logEntryId: entry.id }, caller, entry.createdAt);
      return entry;
    },
    'decisions.log': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'decisions.log', c.id);
      if (input.entryIds) return decisions.logEntries(c.id, input.entryIds);
      if (input.limit !== undefined) return decisions.logPage(c.id, input.limit, input.beforeSeq);
      return decisions.log(c.id);
    },
    /**
     * Checked here; verified in the worker thread (every entry of the log hashed: seconds on years
     * of decisions), so that the hub keeps answering meanwhile.
     */
    'decisions.verify': async (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'decisions.verify', c.id);
      return ctx.workers.verifyLog(c.id);
    },
    'decisions.register': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'decisions.register', c.id);
      return decisions.register(input);
    },

    'actions.add': (input, caller) => {
      const m = guarded('actions.add', input.meetingId, caller);
      if (input.ownerId) {
        const owner = memberOf(ctx, m.committeeId, input.ownerId);
        if (owner.leftAt)
          throw new ApiError('conflict', `${owner.name} has left the committee.`, 'member_left', {
            name: owner.name,
          });
      }
      if (input.decisionId) draftOf(m, input.decisionId);
      const a: Action = {
        id: randomUUID(),
        meetingId: m.id,
        decisionId: input.decisionId,
        title: input.title,
        ownerId: input.ownerId,
        dueDate: input.dueDate,
        status: 'open',
        createdAt: ctx.now().toISOString(),
      };
      return saveAction(m, a, caller);
    },
    'actions.update': (input, caller) => {
      const { meetingId, actionId, ...changes } = input;
      const m = guarded('actions.update', meetingId, caller);
      const before =
        docs
          .read(m.docName, (doc) => readMaps<Action>(doc, MEETING_DOC.actions))
          .find((a) => a.id === actionId) ?? decisions.action(actionId);
      if (
        !before ||
        (decisions.action(actionId) && decisions.action(actionId)!.committeeId !== m.committeeId)
      ) {
        throw new ApiError('not_found', `No action ${actionId} in this committee.`, 'action_not_found');
      }
      if (changes.ownerId) {
        const owner = memberOf(ctx, m.committeeId, changes.ownerId);
        if (owner.leftAt && owner.id !== before.ownerId)
          throw new ApiError('conflict', `${owner.name} has left the committee.`, 'member_left', {
            name: owner.name,
          });
      }
      const { committeeId: _c, ...plain } = before as Action & { committeeId?: string };
      const next: Action = {
        ...plain,
        ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      };
      saveAction(m, next, caller);
      syncCopies(m, next, caller);
      return next;
    },
    'actions.list': (input, caller) => {
      const c = committeeOr404(ctx, input.committeeId);
      authorize(caller, 'actions.list', c.id);
      if (input.ownerId) memberOf(ctx, c.id, input.ownerId);
      return decisions.actions(c.id, {
        ownerId: input.ownerId,
        status: input.status,
        today: ctx.now().toISOString().slice(0, 10),
      });
    },
  };
}
