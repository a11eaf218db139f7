import { ApiError } from '../../shared/api';
import { MEETING_DOC } from '../../shared/docs';
import type { Language, Meeting } from '../../shared/domain';
import * as Y from 'yjs';
import { orderBetween, quorumStatus, readAgenda, readMeta, type AgendaItem } from '../../shared/meeting';
import { authorize } from '../access';
import { definedOnly } from './committees';
import {
  actingMember,
  committeeOr404,
  meetingOr404,
  memberOf,
  requireOpen,
  type ServiceContext,
} from './context';
import type { Handlers } from './index';
import { appendItems, itemOr404, removeItem, setMeta, updateItem } from './meeting-doc';
import { syncSections } from '../minutes-content';

type Standing = NonNullable<AgendaItem['standing']>;

const STANDING_TITLES: Record<Language, Record<Standing, string>> = {
  fr: {
    'adoption-of-agenda': 'Adoption de l’ordre du jour',
    'approval-of-minutes': 'Approbation du compte rendu de la rencontre précédente',
    'follow-up-of-actions': 'Suivi des actions',
  },
  en: {
    'adoption-of-agenda': 'Adoption of the agenda',
    'approval-of-minutes': 'Approval of the minutes of the previous meeting',
    'follow-up-of-actions': 'Follow-up of actions',
  },
};
const OVERDUE: Record<Language, (n: number) => string> = {
  fr: (n) => ` (${n} en retard)`,
  en: (n) => ` (${n} overdue)`,
};

type MeetingHandlers = Pick<
  Handlers,
  | 'meetings.create'
  | 'meetings.update'
  | 'meetings.start'
  | 'meetings.close'
  | 'meetings.list'
  | 'meetings.get'
  | 'agenda.list'
  | 'agenda.add'
  | 'agenda.update'
  | 'agenda.remove'
  | 'agenda.move'
  | 'attendance.set'
  | 'attendance.get'
  | 'run.goTo'
  | 'run.setQueueMode'
  | 'hands.raise'
  | 'hands.lower'
  | 'floor.give'
  | 'floor.end'
  | 'speaking.list'
>;

export function meetingHandlers(ctx: ServiceContext): MeetingHandlers {
  const { repos, docs } = ctx;
  const seconds = (fromIso: string, to: Date) => Math.max(0, (to.getTime() - Date.parse(fromIso)) / 1000);

  const attendanceReport = (meetingId: string) => {
    const meeting = meetingOr404(ctx, meetingId);
    const committee = committeeOr404(ctx, meeting.committeeId);
    const attendance = repos.attendance(meetingId);
    return {
      attendance,
      quorum: quorumStatus(committee.quorum, repos.listMembers(committee.id), attendance),
    };
  };

  /** A section per agenda item in the minutes, while they may be edited. */
  const keepSections = (m: Meeting, doc: Y.Doc) => {
    const status = ctx.minutes.status(m.id);
    if (status === 'draft' || status === 'amending') syncSections(doc, readAgenda(doc));
  };

  /** Ends the current speaking turn, if any: recorded as an attributed speaking turn. */
  const endTurn = (meetingId: string, docName: string, by: string | null) => {
    const now = ctx.now();
    const floor = docs.read(docName, (doc) => readMeta(doc).floor);
    if (!floor) return null;
    const turn = repos.recordTurn(
      {
        meetingId,
        memberId: floor.memberId,
        agendaItemId: floor.itemId,
        startedAt: floor.since,
        endedAt: now.toISOString(),
        seconds: seconds(floor.since, now),
      },
      by,
    );
    return turn;
  };

  return {
    'meetings.create': (input, caller) => {
      const { committeeId, fromPrevious, ...fields } = input;
      const committee = committeeOr404(ctx, committeeId);
      authorize(caller, 'meetings.create', committee.id);
      const previous = fromPrevious ? repos.previousMeeting(committee.id, fields.startsAt) : undefined;
      if (fromPrevious && !previous) {
        throw new ApiError(
          'conflict',
          'There is no earlier meeting of this committee to start from.',
          'no_previous_meeting',
        );
      }
      // Read before anything is written: a failure here leaves no meeting half-made.
      const carried =
        previous &&
        docs.read(previous.docName, (doc) => ({
          items: readAgenda(doc).filter((i) => i.status !== 'done' && !i.standing),
          // Clients write `actions`: skip whatever is not an action (a Y.Map).
          actions: doc
            .getArray<unknown>(MEETING_DOC.actions)
            .toArray()
            .filter((a): a is Y.Map<unknown> => a instanceof Y.Map)
            .map((a) => a.toJSON() as Record<string, unknown>)
            .filter((a) => a.status !== 'done' && a.status !== 'cancelled'),
        }));
      const meeting = repos.createMeeting(committee.id, fields);
      if (previous && carried) {
        const titles = STANDING_TITLES[committee.language];
        docs.edit(meeting.docName, actingMember(caller), (doc) => {
          const standing = (kind: Standing, purpose: AgendaItem['purpose'], suffix = '') => ({
            title: titles[kind] + suffix,
            purpose,
            engagementLevel: 'consultation' as const,
            presenterId: '',
            plannedMinutes: 5,
            status: 'pending' as const,
            standing: kind,
          });
          // Open actions come back on the agenda, with how many are overdue.
          const today = ctx.now().toISOString().slice(0, 10);
          const overdue = carried.actions.filter(
            (a) => typeof a.dueDate === 'string' && a.dueDate < today,
          ).length;
          appendItems(doc, [
            standing('adoption-of-agenda', 'decision'),
            standing('approval-of-minutes', 'decision'),
            ...(carried.actions.length
              ? [
                  standing(
                    'follow-up-of-actions',
                    'information',
                    overdue ? OVERDUE[committee.language](overdue) : '',
                  ),
                ]
              : []),
            ...carried.items.map(({ id: _id, order: _order, ...i }) => ({
              ...i,
              status: 'pending' as const,
              carriedFrom: previous.id,
            })),
          ]);
          const actions = doc.getArray(MEETING_DOC.actions);
          for (const a of carried.actions) {
            actions.push([new Y.Map<unknown>(Object.entries({ ...a, carriedFrom: previous.id }))]);
          }
          setMeta(doc, { status: 'planned' });
          keepSections(meeting, doc);
        });
      }
      return meeting;
    },
    'meetings.update': (input, caller) => {
      const m = meetingOr404(ctx, input.id);
      authorize(caller, 'meetings.update', m.committeeId);
      const { id: _id, ...changes } = input;
      return repos.updateMeeting(m.id, { ...m, ...definedOnly(changes) });
    },
    'meetings.start': (input, caller) => {
      const m = meetingOr404(ctx, input.id);
      authorize(caller, 'meetings.start', m.committeeId);
      if (m.status === 'in-progress') return m;
      const started = repos.setMeetingStatus(m.id, 'in-progress');
      docs.edit(m.docName, actingMember(caller), (doc) => setMeta(doc, { status: 'in-progress' }));
      return started;
    },
    'meetings.close': (input, caller) => {
      const m = meetingOr404(ctx, input.id);
      authorize(caller, 'meetings.close', m.committeeId);
      if (m.status === 'closed') return m;
      const ended = endTurn(m.id, m.docName, actingMember(caller));
      const closed = repos.setMeetingStatus(m.id, 'closed');
      docs.edit(m.docName, actingMember(caller), (doc) => {
        const spoken = { ...readMeta(doc).spoken };
        if (ended) spoken[ended.memberId] = (spoken[ended.memberId] ?? 0) + ended.seconds;
        setMeta(doc, {
          status: 'closed',
          spoken,
          floor: null,
          hands: [],
          currentItemId: null,
          itemStartedAt: null,
        });
      });
      return closed;
    },
    'meetings.list': (input, caller) => {
      authorize(caller, 'meetings.list', committeeOr404(ctx, input.committeeId).id);
      return repos.listMeetings(input.committeeId);
    },
    'meetings.get': (input, caller) => {
      const m = meetingOr404(ctx, input.id);
      authorize(caller, 'meetings.get', m.committeeId);
      return m;
    },

    'agenda.list': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'agenda.list', m.committeeId);
      return docs.read(m.docName, readAgenda);
    },
    'agenda.add': (input, caller) => {
      const { meetingId, ...fields } = input;
      const m = meetingOr404(ctx, meetingId);
      authorize(caller, 'agenda.add', m.committeeId);
      requireOpen(m);
      if (fields.presenterId) memberOf(ctx, m.committeeId, fields.presenterId);
      return docs.edit(m.docName, actingMember(caller), (doc) => {
        const [item] = appendItems(doc, [
          { ...fields, status: 'pending', proposedBy: actingMember(caller) ?? 'owner' },
        ]);
        keepSections(m, doc);
        return item!;
      });
    },
    'agenda.update': (input, caller) => {
      const { meetingId, itemId, ...changes } = input;
      const m = meetingOr404(ctx, meetingId);
      authorize(caller, 'agenda.update', m.committeeId);
      requireOpen(m);
      if (changes.presenterId) memberOf(ctx, m.committeeId, changes.presenterId);
      const updated = docs.edit(m.docName, actingMember(caller), (doc) => {
        const item = updateItem(doc, itemId, changes);
        if (changes.title !== undefined) keepSections(m, doc);
        return item;
      });
      // The register files decisions by their item's purpose.
      if (changes.purpose !== undefined) ctx.decisions.setPurpose(m.id, updated.id, updated.purpose);
      return updated;
    },
    'agenda.remove': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'agenda.remove', m.committeeId);
      requireOpen(m);
      docs.edit(m.docName, actingMember(caller), (doc) => {
        removeItem(doc, input.itemId);
        if (readMeta(doc).currentItemId === input.itemId)
          setMeta(doc, { currentItemId: null, itemStartedAt: null });
      });
      return null;
    },
    'agenda.move': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'agenda.move', m.committeeId);
      requireOpen(m);
      return docs.edit(m.docName, actingMember(caller), (doc) => {
        itemOr404(doc, input.itemId);
        if (input.beforeItemId === input.itemId) return readAgenda(doc); // before itself: stays
        const others = readAgenda(doc).filter((i) => i.id !== input.itemId);
        let index = others.length;
        if (input.beforeItemId !== null) {
          index = others.findIndex((i) => i.id === input.beforeItemId);
          if (index < 0)
            throw new ApiError(
              'not_found',
              `No agenda item with id ${input.beforeItemId} in this meeting.`,
              'item_not_found',
            );
        }
        updateItem(doc, input.itemId, {
          order: orderBetween(others[index - 1]?.order, others[index]?.order),
        });
        return readAgenda(doc);
      });
    },

    'attendance.set': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'attendance.set', m.committeeId);
      const member = memberOf(ctx, m.committeeId, input.memberId);
      repos.setAttendance(m.id, member.id, input.status, actingMember(caller));
      const report = attendanceReport(m.id);
      docs.edit(m.docName, actingMember(caller), (doc) => setMeta(doc, { attendance: report.attendance }));
      return report;
    },
    'attendance.get': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'attendance.get', m.committeeId);
      return attendanceReport(m.id);
    },

    'run.goTo': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'run.goTo', m.committeeId);
      if (m.status !== 'in-progress')
        throw new ApiError('conflict', 'Start the meeting first.', 'meeting_not_started');
      return docs.edit(m.docName, actingMember(caller), (doc) => {
        const agenda = readAgenda(doc);
        const meta = readMeta(doc);
        const from = agenda.find((i) => i.id === meta.currentItemId);
        const to = input.itemId === null ? null : itemOr404(doc, input.itemId);
        if (from && from.id !== to?.id) {
          const forward = !to || to.order > from.order;
          updateItem(doc, from.id, { status: forward ? 'done' : 'pending' });
        }
        if (to && to.status !== 'in-progress') updateItem(doc, to.id, { status: 'in-progress' });
        setMeta(doc, {
          currentItemId: to?.id ?? null,
          itemStartedAt: to && to.id !== from?.id ? ctx.now().toISOString() : meta.itemStartedAt,
        });
        return readMeta(doc);
      });
    },
    'run.setQueueMode': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'run.setQueueMode', m.committeeId);
      return docs.edit(m.docName, actingMember(caller), (doc) => {
        setMeta(doc, { queueMode: input.mode });
        return readMeta(doc);
      });
    },
    'hands.raise': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'hands.raise', m.committeeId);
      const me = actingMember(caller);
      if (!me)
        throw new ApiError(
          'forbidden',
          'The host is not a member of the committee and cannot raise a hand.',
          'host_no_hand',
        );
      if (m.status === 'closed') throw new ApiError('conflict', 'This meeting is closed.', 'meeting_closed');
      return docs.edit(m.docName, me, (doc) => {
        const meta = readMeta(doc);
        if (!meta.hands.some((h) => h.memberId === me)) {
          setMeta(doc, { hands: [...meta.hands, { memberId: me, raisedAt: ctx.now().toISOString() }] });
        }
        return readMeta(doc);
      });
    },
    'hands.lower': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'hands.lower', m.committeeId);
      const me = actingMember(caller);
      const whose = input.memberId ?? me;
      if (!whose) throw new ApiError('invalid_input', 'memberId is required for the host.');
      if (whose !== me && caller.kind === 'member' && caller.role !== 'co-chair') {
        throw new ApiError(
          'forbidden',
          'Only the co-chairs may lower someone else’s hand.',
          'lower_others_hand',
        );
      }
      return docs.edit(m.docName, me, (doc) => {
        const meta = readMeta(doc);
        setMeta(doc, { hands: meta.hands.filter((h) => h.memberId !== whose) });
        return readMeta(doc);
      });
    },
    'floor.give': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'floor.give', m.committeeId);
      if (m.status !== 'in-progress')
        throw new ApiError('conflict', 'Start the meeting first.', 'meeting_not_started');
      const speaker = memberOf(ctx, m.committeeId, input.memberId);
      if (speaker.leftAt)
        throw new ApiError('conflict', `${speaker.name} has left the committee.`, 'member_left', {
          name: speaker.name,
        });
      const by = actingMember(caller);
      const ended = endTurn(m.id, m.docName, by);
      return docs.edit(m.docName, by, (doc) => {
        const meta = readMeta(doc);
        const spoken = { ...meta.spoken };
        if (ended) spoken[ended.memberId] = (spoken[ended.memberId] ?? 0) + ended.seconds;
        setMeta(doc, {
          spoken,
          hands: meta.hands.filter((h) => h.memberId !== speaker.id),
          floor: { memberId: speaker.id, since: ctx.now().toISOString(), itemId: meta.currentItemId },
        });
        return readMeta(doc);
      });
    },
    'floor.end': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'floor.end', m.committeeId);
      const me = actingMember(caller);
      const floor = docs.read(m.docName, (doc) => readMeta(doc).floor);
      if (!floor) return docs.read(m.docName, readMeta);
      if (caller.kind === 'member' && caller.role !== 'co-chair' && floor.memberId !== me) {
        throw new ApiError(
          'forbidden',
          'Only the co-chairs or the speaker may end a speaking turn.',
          'end_turn_forbidden',
        );
      }
      const ended = endTurn(m.id, m.docName, me);
      return docs.edit(m.docName, me, (doc) => {
        const meta = readMeta(doc);
        const spoken = { ...meta.spoken };
        if (ended) spoken[ended.memberId] = (spoken[ended.memberId] ?? 0) + ended.seconds;
        setMeta(doc, { spoken, floor: null });
        return readMeta(doc);
      });
    },
    'speaking.list': (input, caller) => {
      const m = meetingOr404(ctx, input.meetingId);
      authorize(caller, 'speaking.list', m.committeeId);
      const turns = repos.turns(m.id);
      const totals: Record<string, number> = {};
      for (const t of turns) totals[t.memberId] = (totals[t.memberId] ?? 0) + t.seconds;
      return { turns, totals };
    },
  };
}
