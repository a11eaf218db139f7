/**
 * A person's rights over their data (export, rectification, erasure), the committee's retention
 * rule, and its register of privacy incidents. Erasure and retention share one path: `erase`.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { ApiError } from '../../shared/api';
import type { CarriedText } from '../../shared/carried-text';
import type { Decision } from '../../shared/decisions';
import { MEETING_DOC, parseDocName } from '../../shared/docs';
import type { Caller, Language, Member } from '../../shared/domain';
import { readAgenda } from '../../shared/meeting';
import type { CommentThread } from '../../shared/minutes';
import {
  DEFAULT_RETENTION_YEARS,
  type ErasureResult,
  type RetentionRun,
  type RetentionSetting,
} from '../../shared/privacy';
import { authorize } from '../access';
import { exportPerson, type PersonData } from '../exports/person';
import { minutesFragment } from '../minutes-content';
import { NameMatcher, scrubMeetingDoc } from '../privacy';
import { actingMember, committeeOr404, type ServiceContext } from './context';
import type { Handlers } from './index';

type PrivacyHandlers = Pick<
  Handlers,
  | 'privacy.exportPerson'
  | 'privacy.rectifications'
  | 'privacy.erasePerson'
  | 'privacy.erasures'
  | 'privacy.retention.get'
  | 'privacy.retention.set'
  | 'privacy.retention.apply'
  | 'privacy.incidents.list'
  | 'privacy.incidents.record'
>;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The plain-language pseudonym of the n-th person erased in a committee. */
export const pseudonymOf = (language: Language, n: number): string =>
  language === 'fr' ? `Membre retiré·e ${n}` : `Former member ${n}`;

const sameName = (a: string, b: string) =>
  a.normalize('NFC').trim().toLocaleLowerCase() === b.normalize('NFC').trim().toLocaleLowerCase();

/** The passages of the minutes written under `clients` that still stand, in document order. */
export function passagesOf(doc: Y.Doc, clients: ReadonlySet<number>, carried?: CarriedText): string[] {
  const passages: string[] = [];
  let run = '';
  const flush = () => {
    if (run.trim()) passages.push(run.trim());
    run = '';
  };
  const visit = (type: { _start: Y.Item | null }) => {
    let item = type._start;
    while (item) {
      if (!item.deleted) {
        if (item.content instanceof Y.ContentString) {
          // Text an edit carried is its original author's (shared/carried-text.ts).
          const str = item.content.str;
          let at = 0;
          const piece = (client: number, length: number) => {
            if (clients.has(client)) run += str.slice(at, at + length);
            else flush();
            at += length;
          };
          if (carried) carried.authorsOf(item.id.client, item.id.clock, item.length, piece);
          else piece(item.id.client, item.length);
        } else if (item.content instanceof Y.ContentType) {
          flush();
          visit(item.content.type);
          flush();
        }
      }
      item = item.right;
    }
  };
  visit(minutesFragment(doc));
  flush();
  return passages;
}

function memberOr404(ctx: ServiceContext, id: string): Member {
  const m = ctx.repos.getMember(id);
  if (!m) throw new ApiError('not_found', `No member with id ${id}.`);
  return m;
}

/** Everything the app holds about a member. */
function personData(ctx: ServiceContext, member: Member): PersonData {
  const committee = committeeOr404(ctx, member.committeeId);
  const meetings = ctx.repos.listMeetings(committee.id).reverse();
  const byId = new Map(meetings.map((m) => [m.id, m]));
  const title = (meetingId: string) => byId.get(meetingId)?.title ?? '';
  const data: PersonData = {
    format: 'coconstruct.person',
    version: 1,
    exportedAt: ctx.now().toISOString(),
    committee: { id: committee.id, name: committee.name, language: committee.language },
    profile: {
      id: member.id,
      name: member.name,
      kind: member.kind,
      role: member.role,
      engagementLevel: member.engagementLevel,
      mandate: member.mandate,
      startDate: member.startDate,
      endDate: member.endDate,
      joinedAt: member.joinedAt,
      leftAt: member.leftAt,
    },
    consents: member.consents,
    rectifications: ctx.privacy
      .rectifications(member.id)
      .map((r) => ({ fields: r.fields, changedAt: r.changedAt })),
    attendance: ctx.privacy.attendanceOf(member.id).map((a) => ({
      meeting: title(a.meetingId),
      startsAt: byId.get(a.meetingId)?.startsAt ?? '',
      status: a.status,
    })),
    speakingTurns: [],
    agendaItems: [],
    comments: [],
    decisions: [],
    actions: ctx.decisions
      .actions(committee.id, { ownerId: member.id, today: ctx.now().toISOString().slice(0, 10) })
      .map((a) => ({ title: a.title, dueDate: a.dueDate, status: a.status })),
    minutes: [],
  };
  const turns = ctx.privacy.turnsOf(member.id);
  for (const meeting of meetings) {
    ctx.docs.read(meeting.docName, (doc, carried) => {
      const agenda = readAgenda(doc);
      const itemTitle = (id: string | null) => agenda.find((i) => i.id === id)?.title ?? null;
      for (const t of turns.filter((x) => x.meetingId === meeting.id))
        data.speakingTurns.push({
          meeting: meeting.title,
          agendaItem: itemTitle(t.agendaItemId),
          startedAt: t.startedAt,
          seconds: t.seconds,
        });
      for (const i of agenda)
        if (i.proposedBy === member.id || i.presenterId === member.id)
          data.agendaItems.push({
            meeting: meeting.title,
            title: i.title,
            proposed: i.proposedBy === member.id,
            presented: i.presenterId === member.id,
          });
      for (const t of doc.getMap<CommentThread>(MEETING_DOC.comments).values()) {
        if (t.authorId === member.id)
          data.comments.push({
            meeting: meeting.title,
            quote: t.quote,
            text: t.text,
            createdAt: t.createdAt,
            reply: false,
          });
        for (const r of t.replies ?? [])
          if (r.authorId === member.id)
            data.comments.push({
              meeting: meeting.title,
              quote: t.quote,
              text: r.text,
              createdAt: r.createdAt,
              reply: true,
            });
      }
      const counts = ctx.minutes
        .authorship(meeting.docName, MEETING_DOC.minutes)
        .find((a) => a.memberId === member.id);
      const passages = passagesOf(doc, ctx.privacy.clientsOf(meeting.docName, member.id), carried);
      if (counts || passages.length)
        data.minutes.push({
          meeting: meeting.title,
          inserted: counts?.inserted ?? 0,
          deleted: counts?.deleted ?? 0,
          passages,
        });
    });
  }
  const { items } = ctx.decisions.register({
    committeeId: committee.id,
    memberId: member.id,
    limit: 100_000,
    offset: 0,
  });
  data.decisions = items.map((d) => ({
    meeting: title(d.meetingId),
    title: d.title,
    status: d.status,
    proposed: d.proposedBy === member.id,
    spoke: d.speakers.includes(member.id),
    position: d.positions[member.id] ?? null,
    ballot: d.vote && !d.vote.secret ? (d.vote.ballots[member.id] ?? null) : null,
  }));
  return data;
}

/**
 * Erases a member: their name is replaced by their pseudonym in every document (whose stored
 * history is rewritten as a fresh snapshot), in the decision log (each changed entry recorded by an
 * erasure entry, so the chain still verifies), in every other table, the search index included;
 * their profile is emptied and their links revoked. Then the freed space is wiped from the files.
 */
export function erase(
  ctx: ServiceContext,
  member: Member,
  reason: 'request' | 'retention',
  requestedBy: string | null,
): ErasureResult {
  if (ctx.privacy.erasure(member.id))
    throw new ApiError('conflict', 'This person’s personal information has already been erased.');
  const committee = committeeOr404(ctx, member.committeeId);
  const erased = new Set(ctx.privacy.erasedMembers(committee.id));
  for (const c of ctx.repos.listCommittees())
    for (const other of ctx.repos.listMembers(c.id))
      if (other.id !== member.id && !erased.has(other.id) && sameName(other.name, member.name))
        throw new ApiError(
          'conflict',
          `Another member is also named ${member.name}: give one of them a distinct name (an initial) first, so that only this person's name is erased.`,
        );
  const number = ctx.privacy.nextPseudonymNumber(committee.id);
  const pseudonym = pseudonymOf(committee.language, number);
  const matcher = new NameMatcher(member.name, pseudonym);

  // The documents: the name replaced (everyone connected sees it), then the history rewritten.
  const rewrittenDocs: string[] = [];
  for (const name of ctx.docStore.docNames()) {
    const ref = parseDocName(name);
    const ours =
      ref?.kind === 'meeting'
        ? ctx.repos.getMeeting(ref.id)?.committeeId === committee.id
        : ref?.kind === 'committee' && ref.id === committee.id;
    const changed =
      ref?.kind === 'meeting' ? ctx.docs.edit(name, null, (doc) => scrubMeetingDoc(doc, matcher)) : false;
    if (ours || changed) {
      ctx.docStore.rewrite(name);
      rewrittenDocs.push(name);
    }
  }

  const result = ctx.repos.transaction(() => {
    // The decision log of every committee whose entries name the person.
    const redactedEntries: number[] = [];
    let logEntryId = 0;
    for (const c of ctx.repos.listCommittees()) {
      const changes = ctx.decisions
        .logRows(c.id)
        .filter((r) => matcher.test(r.content))
        .map((r) => ({ entryId: r.id, content: matcher.replaceDeep(JSON.parse(r.content) as Decision) }));
      if (!changes.length && c.id !== committee.id) continue;
      const redactions = ctx.decisions.redact(changes);
      redactedEntries.push(...redactions.map((r) => r.entryId));
      const at = ctx.now().toISOString();
      const fr = c.language === 'fr';
      const content: Decision = {
        id: `erasure-${member.id}`,
        meetingId: '',
        agendaItemId: null,
        title: fr
          ? `Effacement des renseignements personnels : ${pseudonym}`
          : `Erasure of personal information: ${pseudonym}`,
        text: fr
          ? `À ${reason === 'request' ? 'sa demande' : 'la fin du délai de conservation'}, le nom de cette personne a été remplacé par « ${pseudonym} » partout dans l’application. ${redactions.length} inscription(s) de ce registre ont été modifiées ainsi.`
          : `${reason === 'request' ? 'At their request' : 'At the end of the retention period'}, this person's name was replaced by “${pseudonym}” everywhere in the app. ${redactions.length} entr${redactions.length === 1 ? 'y' : 'ies'} of this log changed so.`,
        rationale: '',
        mode: 'co-chairs',
        vote: null,
        positions: {},
        proposedBy: null,
        speakers: [],
        influence: { level: 'none', evidence: '' },
        status: 'adopted',
        createdAt: at,
        logEntryId: null,
        erasure: { memberId: member.id, pseudonym, reason, requestedBy, redactions },
      };
      const entry = ctx.decisions.append({
        committeeId: c.id,
        meetingId: null,
        decisionId: content.id,
        kind: 'erasure',
        amendsEntryId: null,
        content,
        createdBy: requestedBy,
      });
      if (c.id === committee.id) logEntryId = entry.id;
    }
    ctx.privacy.anonymiseMember(member.id, pseudonym);
    ctx.privacy.scrubTables(matcher);
    ctx.privacy.refingerprintApprovals(sha256);
    ctx.privacy.recordErasure({
      committeeId: committee.id,
      memberId: member.id,
      number,
      reason,
      requestedBy,
      logEntryId,
    });
    return { memberId: member.id, pseudonym, logEntryId, redactedEntries, rewrittenDocs };
  });
  ctx.privacy.purgeFreedSpace();
  ctx.accessChanged(member.id);
  ctx.erased(result);
  return result;
}

export function retentionOf(ctx: ServiceContext, committeeId: string): RetentionSetting {
  const r = ctx.privacy.retention(committeeId);
  return {
    committeeId,
    yearsAfterLeaving: r ? r.years : DEFAULT_RETENTION_YEARS,
    isDefault: !r,
    updatedAt: r?.updatedAt ?? null,
  };
}

/** Erases the members of a committee who left more than the retention period ago. */
export function applyRetention(ctx: ServiceContext, committeeId: string): RetentionRun {
  const { yearsAfterLeaving } = retentionOf(ctx, committeeId);
  const run: RetentionRun = { committeeId, erased: [] };
  if (yearsAfterLeaving === null) return run;
  const cutoff = ctx.now();
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - yearsAfterLeaving);
  for (const id of ctx.privacy.leftBefore(committeeId, cutoff.toISOString())) {
    const member = ctx.repos.getMember(id)!;
    const r = erase(ctx, member, 'retention', null);
    run.erased.push({ memberId: r.memberId, pseudonym: r.pseudonym });
  }
  return run;
}

export function privacyHandlers(ctx: ServiceContext): PrivacyHandlers {
  const guardedMember = (method: keyof PrivacyHandlers, memberId: string, caller: Caller): Member => {
    const m = memberOr404(ctx, memberId);
    authorize(caller, method, m.committeeId);
    return m;
  };
  return {
    'privacy.exportPerson': (input, caller) => {
      const m = guardedMember('privacy.exportPerson', input.memberId, caller);
      // Co-chairs export anyone's data; every member may export their own.
      if (caller.kind === 'member' && caller.role !== 'co-chair' && caller.memberId !== m.id)
        throw new ApiError(
          'forbidden',
          'Only the co-chairs, or the person themselves, may download their data.',
        );
      return exportPerson(personData(ctx, m));
    },
    'privacy.rectifications': (input, caller) => {
      const m = guardedMember('privacy.rectifications', input.memberId, caller);
      return ctx.privacy.rectifications(m.id);
    },
    'privacy.erasePerson': (input, caller) => {
      const m = guardedMember('privacy.erasePerson', input.memberId, caller);
      if (caller.kind === 'member' && caller.memberId === m.id)
        throw new ApiError('forbidden', 'Ask the other co-chair or the host to erase your own information.');
      if (!sameName(input.confirmName, m.name))
        throw new ApiError('invalid_input', `confirmName must be the person's name as shown: ${m.name}.`);
      return erase(ctx, m, 'request', actingMember(caller));
    },
    'privacy.erasures': (input, caller) => {
      authorize(caller, 'privacy.erasures', committeeOr404(ctx, input.committeeId).id);
      return ctx.privacy.erasures(input.committeeId);
    },
    'privacy.retention.get': (input, caller) => {
      authorize(caller, 'privacy.retention.get', committeeOr404(ctx, input.committeeId).id);
      return retentionOf(ctx, input.committeeId);
    },
    'privacy.retention.set': (input, caller) => {
      authorize(caller, 'privacy.retention.set', committeeOr404(ctx, input.committeeId).id);
      ctx.privacy.setRetention(input.committeeId, input.yearsAfterLeaving, actingMember(caller));
      return retentionOf(ctx, input.committeeId);
    },
    'privacy.retention.apply': (input, caller) => {
      authorize(caller, 'privacy.retention.apply', committeeOr404(ctx, input.committeeId).id);
      return applyRetention(ctx, input.committeeId);
    },
    'privacy.incidents.list': (input, caller) => {
      authorize(caller, 'privacy.incidents.list', committeeOr404(ctx, input.committeeId).id);
      return ctx.privacy.incidents(input.committeeId);
    },
    'privacy.incidents.record': (input, caller) => {
      authorize(caller, 'privacy.incidents.record', committeeOr404(ctx, input.committeeId).id);
      if (input.followsId !== null) {
        const first = ctx.privacy.incident(input.followsId);
        if (!first || first.committeeId !== input.committeeId)
          throw new ApiError('not_found', `No incident ${input.followsId} in this committee's register.`);
      }
      return ctx.privacy.recordIncident({ ...input, recordedBy: actingMember(caller) });
    },
  };
}
