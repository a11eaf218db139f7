/**
 * The minutes' life cycle (draft → circulated → approved, amendments), named versions,
 * comments anchored to passages, and who wrote what.
 */
import { createHash, randomUUID } from 'node:crypto';
import { diffWordsWithSpace } from 'diff';
import type { JSONContent } from '@tiptap/core';
import { ApiError } from '../../shared/api';
import { MEETING_DOC } from '../../shared/docs';
import type { Caller, Meeting } from '../../shared/domain';
import type { Authorship, CommentThread, DiffPart, MinutesStatus } from '../../shared/minutes';
import { authorize } from '../access';
import {
  minutesHtml,
  minutesJson,
  replaceMinutes,
  survivingByClient,
  syncSections,
  textBlocks,
  textLength,
} from '../minutes-content';
import { readAgenda } from '../../shared/meeting';
import { actingMember, meetingOr404, type ServiceContext } from './context';
import { setMeta } from './meeting-doc';
import type { Handlers } from './index';

type MinutesHandlers = Pick<
  Handlers,
  | 'minutes.get'
  | 'minutes.circulate'
  | 'minutes.reopen'
  | 'minutes.approve'
  | 'minutes.amend'
  | 'minutes.authorship'
  | 'minutes.clients'
  | 'minutes.carried'
  | 'versions.create'
  | 'versions.list'
  | 'versions.get'
  | 'versions.compare'
  | 'versions.restore'
  | 'comments.add'
  | 'comments.reply'
  | 'comments.resolve'
  | 'comments.list'
>;

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function minutesHandlers(ctx: ServiceContext): MinutesHandlers {
  const { minutes, docs } = ctx;

  const guarded = (method: keyof MinutesHandlers, meetingId: string, caller: Caller): Meeting => {
    const m = meetingOr404(ctx, meetingId);
    authorize(caller, method, m.committeeId);
    return m;
  };
  const day = () => ctx.now().toISOString().slice(0, 10);
  const snapshot = (m: Meeting, name: string, caller: Caller) => {
    const json = docs.read(m.docName, minutesJson);
    return minutes.addVersion({
      meetingId: m.id,
      name,
      json,
      length: textLength(json),
      createdBy: actingMember(caller),
    });
  };
  const version = (m: Meeting, id: number) => {
    const v = minutes.version(m.id, id);
    if (!v) throw new ApiError('not_found', `No version ${id} of these minutes.`, 'version_not_found');
    return v;
  };
  const readThreads = (m: Meeting): CommentThread[] =>
    docs.read(m.docName, (doc) =>
      [...doc.getMap<CommentThread>(MEETING_DOC.comments).values()].sort((a, b) =>
        a.createdAt.localeCompare(b.createdAt),
      ),
    );
  const thread = (m: Meeting, id: string) => {
    const t = readThreads(m).find((x) => x.id === id);
    if (!t) throw new ApiError('not_found', `No comment thread ${id} on these minutes.`, 'comment_not_found');
    return t;
  };
  const saveThread = (m: Meeting, t: CommentThread, caller: Caller) =>
    docs.edit(m.docName, actingMember(caller), (doc) =>
      doc.getMap<CommentThread>(MEETING_DOC.comments).set(t.id, t),
    );
  /** Records the new status, and mirrors it in the meeting doc so that every peer sees it at once. */
  const mirrorStatus = (m: Meeting, status: MinutesStatus, caller: Caller) =>
    docs.edit(m.docName, actingMember(caller), (doc) => setMeta(doc, { minutesStatus: status }));
  const setStatus = (m: Meeting, status: MinutesStatus, caller: Caller, reason: string | null = null) => {
    minutes.setStatus(m.id, status, reason);
    mirrorStatus(m, status, caller);
  };
  const editable = (m: Meeting) => {
    const s = minutes.status(m.id);
    if (s === 'circulated')
      throw new ApiError(
        'conflict',
        'The minutes are circulated: only comments are allowed.',
        'minutes_circulated',
      );
    if (s === 'approved')
      throw new ApiError(
        'conflict',
        'The minutes are approved: change them through an amendment.',
        'minutes_approved',
      );
  };

  return {
    'minutes.get': (input, caller) => minutes.state(guarded('minutes.get', input.meetingId, caller).id),

    'minutes.circulate': (input, caller) => {
      const m = guarded('minutes.circulate', input.meetingId, caller);
      const s = minutes.status(m.id);
      if (s !== 'draft')
        throw new ApiError(
          'conflict',
          `Only draft minutes can be circulated (these are ${s}).`,
          'minutes_status',
          {
            status: s,
          },
        );
      snapshot(m, `circulated ${day()}`, caller);
      setStatus(m, 'circulated', caller);
      return minutes.state(m.id);
    },
    'minutes.reopen': (input, caller) => {
      const m = guarded('minutes.reopen', input.meetingId, caller);
      const s = minutes.status(m.id);
      if (s !== 'circulated')
        throw new ApiError(
          'conflict',
          `Only circulated minutes can go back to draft (these are ${s}).`,
          'minutes_status',
          {
            status: s,
          },
        );
      setStatus(m, 'draft', caller);
      docs.edit(m.docName, actingMember(caller), (doc) => syncSections(doc, readAgenda(doc)));
      return minutes.state(m.id);
    },
    'minutes.approve': (input, caller) => {
      const m = guarded('minutes.approve', input.meetingId, caller);
      const s = minutes.status(m.id);
      if (s === 'approved')
        throw new ApiError('conflict', 'These minutes are already approved.', 'minutes_approved');
      if (input.approvedAtMeetingId) {
        const at = meetingOr404(ctx, input.approvedAtMeetingId);
        if (at.committeeId !== m.committeeId)
          throw new ApiError('not_found', 'approvedAtMeetingId is not a meeting of this committee.');
      }
      const html = minutesHtml(docs.read(m.docName, minutesJson));
      const reason = s === 'amending' ? (minutes.state(m.id).amendmentReason ?? '') : '';
      ctx.repos.transaction(() => {
        minutes.addApproval({
          meetingId: m.id,
          kind: s === 'amending' ? 'amendment' : 'approval',
          reason,
          html,
          sha256: sha256(html),
          approvedBy: actingMember(caller),
          approvedAtMeetingId: input.approvedAtMeetingId ?? null,
        });
        minutes.setStatus(m.id, 'approved');
      });
      mirrorStatus(m, 'approved', caller);
      snapshot(m, s === 'amending' ? `amended ${day()}` : `approved ${day()}`, caller);
      return minutes.state(m.id);
    },
    'minutes.amend': (input, caller) => {
      const m = guarded('minutes.amend', input.meetingId, caller);
      if (minutes.status(m.id) !== 'approved')
        throw new ApiError('conflict', 'Only approved minutes are amended.', 'minutes_status', {
          status: minutes.status(m.id),
        });
      setStatus(m, 'amending', caller, input.reason);
      docs.edit(m.docName, actingMember(caller), (doc) => syncSections(doc, readAgenda(doc)));
      return minutes.state(m.id);
    },
    'minutes.authorship': (input, caller) => {
      const m = guarded('minutes.authorship', input.meetingId, caller);
      const counts = new Map<string | null, Authorship>();
      const entry = (memberId: string | null) => {
        let a = counts.get(memberId);
        if (!a) counts.set(memberId, (a = { memberId, inserted: 0, deleted: 0, surviving: 0 }));
        return a;
      };
      for (const r of minutes.authorship(m.docName, MEETING_DOC.minutes)) {
        const a = entry(r.memberId);
        a.inserted += r.inserted;
        a.deleted += r.deleted;
      }
      const owners = ctx.docStore.clients(m.docName);
      for (const [client, n] of docs.read(m.docName, survivingByClient))
        entry(owners.get(client) ?? null).surviving += n;
      return [...counts.values()].sort((a, b) => b.surviving - a.surviving);
    },

    'minutes.carried': (input, caller) => {
      const m = guarded('minutes.carried', input.meetingId, caller);
      return ctx.docStore.carried(m.docName);
    },

    'minutes.clients': (input, caller) => {
      const m = guarded('minutes.clients', input.meetingId, caller);
      return [...ctx.docStore.clients(m.docName)].map(([clientId, memberId]) => ({ clientId, memberId }));
    },

    'versions.create': (input, caller) =>
      snapshot(guarded('versions.create', input.meetingId, caller), input.name, caller),
    'versions.list': (input, caller) =>
      minutes.versions(guarded('versions.list', input.meetingId, caller).id),
    'versions.get': (input, caller) => {
      const m = guarded('versions.get', input.meetingId, caller);
      const v = version(m, input.versionId);
      return { info: v.info, json: v.json, html: minutesHtml(v.json as JSONContent) };
    },
    'versions.compare': (input, caller) => {
      const m = guarded('versions.compare', input.meetingId, caller);
      const from = version(m, input.fromVersionId).json as JSONContent;
      const to =
        input.toVersionId === null
          ? docs.read(m.docName, minutesJson)
          : (version(m, input.toVersionId).json as JSONContent);
      const parts: DiffPart[] = diffWordsWithSpace(
        textBlocks(from).join('\n'),
        textBlocks(to).join('\n'),
      ).map((c) => ({
        kind: c.added ? 'added' : c.removed ? 'removed' : 'same',
        text: c.value,
      }));
      return { parts };
    },
    'versions.restore': (input, caller) => {
      const m = guarded('versions.restore', input.meetingId, caller);
      editable(m);
      const v = version(m, input.versionId);
      snapshot(m, `before restoring “${v.info.name}”`, caller);
      docs.edit(m.docName, actingMember(caller), (doc) => replaceMinutes(doc, v.json as JSONContent));
      return v.info;
    },

    'comments.add': (input, caller) => {
      const m = guarded('comments.add', input.meetingId, caller);
      if (minutes.status(m.id) === 'approved')
        throw new ApiError('conflict', 'The minutes are approved and locked.', 'minutes_approved');
      const t: CommentThread = {
        id: randomUUID(),
        anchor: { start: input.anchor.start ?? null, end: input.anchor.end ?? null },
        quote: input.quote,
        authorId: actingMember(caller),
        text: input.text,
        createdAt: ctx.now().toISOString(),
        resolved: false,
        resolvedBy: null,
        replies: [],
      };
      saveThread(m, t, caller);
      return t;
    },
    'comments.reply': (input, caller) => {
      const m = guarded('comments.reply', input.meetingId, caller);
      if (minutes.status(m.id) === 'approved')
        throw new ApiError('conflict', 'The minutes are approved and locked.', 'minutes_approved');
      const t = thread(m, input.threadId);
      const next: CommentThread = {
        ...t,
        replies: [
          ...t.replies,
          {
            id: randomUUID(),
            authorId: actingMember(caller),
            text: input.text,
            createdAt: ctx.now().toISOString(),
          },
        ],
      };
      saveThread(m, next, caller);
      return next;
    },
    'comments.resolve': (input, caller) => {
      const m = guarded('comments.resolve', input.meetingId, caller);
      if (minutes.status(m.id) === 'approved')
        throw new ApiError('conflict', 'The minutes are approved and locked.', 'minutes_approved');
      const t = thread(m, input.threadId);
      const next: CommentThread = {
        ...t,
        resolved: input.resolved,
        resolvedBy: input.resolved ? actingMember(caller) : null,
      };
      saveThread(m, next, caller);
      return next;
    },
    'comments.list': (input, caller) => readThreads(guarded('comments.list', input.meetingId, caller)),
  };
}
