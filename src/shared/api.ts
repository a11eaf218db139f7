/**
 * The one API contract. Each method declares its input schema and which roles may call it; the
 * preload's `window.api`, the browser's HTTP client, the IPC door and the hub's HTTP door all
 * derive from this table, and both doors validate every input against it.
 */
import type { CarriedRange } from './carried-text';
import { z } from 'zod';
import {
  AGENDA_PURPOSES,
  AGENDA_STATUSES,
  AREAS,
  ATTENDANCE_STATUSES,
  ENGAGEMENT_LEVELS,
  LANGUAGES,
  MEMBER_KINDS,
  ROLES,
  type AttendanceStatus,
  type Caller,
  type Committee,
  type Member,
  type Meeting,
  type Role,
  type SpeakingTurn,
} from './domain';
import { QUEUE_MODES, type AgendaItem, type MeetingMeta, type QuorumStatus } from './meeting';
import {
  ACTION_STATUSES,
  DECISION_MODES,
  DECISION_STATUSES,
  INFLUENCE_LEVELS,
  LOG_EXPORT_FORMATS,
  LOG_PAGE_MAX,
  POSITIONS,
  type Action,
  type Decision,
  type LogEntry,
  type VerifyResult,
} from './decisions';
import {
  INCIDENT_RISKS,
  type Erasure,
  type ErasureResult,
  type PrivacyIncident,
  type Rectification,
  type RetentionRun,
  type RetentionSetting,
} from './privacy';
import {
  EXPORT_FORMATS,
  type Authorship,
  type CommentThread,
  type DiffPart,
  type ExportedFile,
  type MinutesState,
  type VersionInfo,
} from './minutes';
import {
  CONTRIBUTION_KINDS,
  QUESTIONNAIRE_QUESTIONS,
  REPORT_EXPORT_FORMATS,
  REPORT_SECTIONS,
  type BalanceOfVoice,
  type Contribution,
  type DecisionInfluence,
  type InfluenceCounts,
  type InputUsedNote,
  type ItemInfluence,
  type LedgerSummary,
  type MemberPage,
  type PartnershipReport,
  type QuestionnaireResults,
  type QuestionnaireStatus,
} from './ledger';
import type { BackupInfo, StorageProblem } from './storage';

/**
 * Who may call a method: `owner` only the owner token (the desktop app's user or the hub's
 * `--token`); otherwise the owner and the members of the target committee whose role is listed.
 */
export type Access = 'owner' | readonly Role[];

export interface MethodSpec<I extends z.ZodType, O, A extends boolean = boolean> {
  input: I;
  access: Access;
  /** The result is a file (ExportedFile): the hub answers with the file itself. */
  file?: boolean;
  /**
   * The handler answers with a promise of its result (its work runs off the main thread, so that
   * the hub keeps answering meanwhile): both doors await it.
   */
  async?: A;
  /** Phantom: the result type. Never read at run time. */
  readonly __output?: O;
}

const method =
  <O>() =>
  <I extends z.ZodType, A extends boolean = false>(spec: {
    input: I;
    access: Access;
    file?: boolean;
    async?: A;
  }): MethodSpec<I, O, A> =>
    spec;

const ALL_ROLES: readonly Role[] = ROLES;

const id = z.string().trim().min(1, 'is required').max(64, 'is too long');
const name = z.string().trim().min(1, 'is required').max(200, 'is too long (200 characters at most)');
const text = (max: number) => z.string().trim().max(max, `is too long (${max} characters at most)`);
/** Date.parse rolls a day that does not exist (2026-02-30) over to the next month: refuse it. */
const dayExists = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return true;
  const [year, month, day] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return d.getUTCMonth() === month && d.getUTCDate() === day;
};
const isoDate = z
  .string()
  .trim()
  .refine(
    (s) => !Number.isNaN(Date.parse(s)) && dayExists(s),
    'must be a date and time, like 2026-11-20T18:00:00Z',
  )
  .transform((s) => new Date(s).toISOString());
/** A calendar day, YYYY-MM-DD. */
const day = z
  .string()
  .trim()
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && dayExists(s), 'must be a day, like 2026-11-20');
const link = z
  .string()
  .trim()
  .max(2000, 'is too long')
  .refine((s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s), 'must be a web address starting with https://');

const quorum = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('majority') }).strict(),
    z
      .object({
        kind: z.literal('count'),
        value: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000),
      })
      .strict(),
    z
      .object({
        kind: z.literal('share'),
        value: z.number().gt(0, 'must be more than 0').lte(1, 'must be at most 1 (all members)'),
      })
      .strict(),
  ],
  { error: 'must be {"kind":"majority"}, {"kind":"count","value":N} or {"kind":"share","value":0.6}' },
);
const consents = z.object({ named: z.boolean(), contact: z.boolean() }).strict();
const minutes = z
  .number()
  .int('must be a whole number of minutes')
  .min(0, 'cannot be negative')
  .max(600, 'is too long (600 minutes at most)');

const memberFields = {
  name,
  kind: z.enum(MEMBER_KINDS),
  role: z.enum(ROLES),
  engagementLevel: z.enum(ENGAGEMENT_LEVELS),
  mandate: text(5000),
  startDate: day.nullable(),
  endDate: day.nullable(),
  consents,
};
const meetingFields = { title: name, startsAt: isoDate, place: text(500), videoLink: link };
const agendaFields = {
  title: name,
  purpose: z.enum(AGENDA_PURPOSES),
  engagementLevel: z.enum(ENGAGEMENT_LEVELS),
  presenterId: z.string().trim().max(64),
  plannedMinutes: minutes,
};
const meetingRef = z.object({ meetingId: id }).strict();
/** A period, in days (inclusive): a meeting is in it by the day it starts. */
const period = { from: day.optional(), to: day.optional() };
/** How many entries of a long list a screen shows at first, and adds each time it is asked. */
export const LIST_PAGE = 20;
/** One part of a long list: `limit` entries after the first `offset` (without `limit`, all the rest). */
const listPart = {
  limit: z.number().int().min(1).max(100_000).optional(),
  offset: z.number().int().min(0).default(0),
};
const count = z.number().int('must be a whole number').min(0, 'cannot be negative').max(10_000);
export const registerFilter = z
  .object({
    committeeId: id,
    status: z.array(z.enum(DECISION_STATUSES)).optional(),
    meetingId: id.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    purpose: z.enum(AGENDA_PURPOSES).optional(),
    influence: z.array(z.enum(INFLUENCE_LEVELS)).optional(),
    memberId: id.optional(),
    q: z.string().trim().max(500).optional(),
    limit: z.number().int().min(1).max(100_000).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

/**
 * A member's new invitation link: their token, and when it stops working (an ISO instant, the end
 * of the day asked for; by default the member's last day if it is to come, else a year on).
 */
export interface Invitation {
  member: Member;
  token: string;
  expiresAt: string;
}

export interface Session {
  caller: Caller;
  /** Base URL of the hub that serves /sync for this session, e.g. ws://127.0.0.1:4780. */
  syncUrl: string;
  /** Token to present on /sync. */
  syncToken: string;
  /** Addresses at which others can open an invitation link (http://HOST:PORT). */
  inviteBaseUrls: string[];
}

/** Who may do what, by role (the owner may do everything). */
const EDITORS: readonly Role[] = ['co-chair', 'member', 'secretary'];
const CO_CHAIRS: readonly Role[] = ['co-chair'];
const RECORDERS: readonly Role[] = ['co-chair', 'secretary'];

export const methods = {
  'session.whoami': method<Caller>()({ input: z.object({}).strict(), access: ALL_ROLES }),
  /** Addresses (http://HOST:PORT) at which others on the network can open an invitation link. */
  'session.inviteBaseUrls': method<string[]>()({ input: z.object({}).strict(), access: ALL_ROLES }),

  'committees.create': method<Committee>()({
    input: z
      .object({
        name,
        area: z.enum(AREAS),
        mandate: text(5000).default(''),
        quorum: quorum.default({ kind: 'majority' }),
        language: z.enum(LANGUAGES).default('fr'),
      })
      .strict(),
    access: 'owner',
  }),
  'committees.update': method<Committee>()({
    input: z
      .object({
        id,
        name: name.optional(),
        area: z.enum(AREAS).optional(),
        mandate: text(5000).optional(),
        quorum: quorum.optional(),
        language: z.enum(LANGUAGES).optional(),
      })
      .strict(),
    access: CO_CHAIRS,
  }),
  'committees.list': method<Committee[]>()({ input: z.object({}).strict(), access: ALL_ROLES }),
  'committees.get': method<Committee>()({ input: z.object({ id }).strict(), access: ALL_ROLES }),

  // Storage: backups
  /** The workspace's backups (every committee of this host), newest first. */
  'backups.list': method<BackupInfo[]>()({ input: z.object({}).strict(), access: CO_CHAIRS }),
  /** "Back up now": a copy of the whole workspace, taken while everyone goes on working. */
  'backups.create': method<BackupInfo>()({
    input: z.object({}).strict(),
    access: CO_CHAIRS,
    async: true,
  }),
  /**
   * Puts the workspace back as it was in a backup (checked first; the current state is backed up
   * before). It rewinds every committee of this host, so only the host may do it. Every open
   * document connection is closed with 4409: the app reloads.
   */
  'backups.restore': method<{ restored: BackupInfo; safety: BackupInfo }>()({
    input: z
      .object({
        name: z
          .string()
          .trim()
          .min(1, 'is required')
          .max(200, 'is too long')
          .regex(/^[A-Za-z0-9._-]+$/, 'must be the name of a backup'),
      })
      .strict(),
    access: 'owner',
    async: true,
  }),

  /** `linkValidUntil`: the last day the invitation link works (see `Invitation`). */
  'members.add': method<Invitation>()({
    input: z
      .object({
        committeeId: id,
        linkValidUntil: day.optional(),
        ...memberFields,
        mandate: memberFields.mandate.default(''),
        startDate: memberFields.startDate.default(null),
        endDate: memberFields.endDate.default(null),
        consents: consents.default({ named: false, contact: false }),
      })
      .strict(),
    access: CO_CHAIRS,
  }),
  'members.update': method<Member>()({
    input: z
      .object({
        id,
        name: name.optional(),
        kind: memberFields.kind.optional(),
        role: memberFields.role.optional(),
        engagementLevel: memberFields.engagementLevel.optional(),
        mandate: memberFields.mandate.optional(),
        startDate: memberFields.startDate.optional(),
        endDate: memberFields.endDate.optional(),
        consents: consents.optional(),
      })
      .strict(),
    access: CO_CHAIRS,
  }),
  /** The member leaves the committee: their links stop working; their contributions stay theirs. */
  'members.leave': method<Member>()({
    input: z.object({ id, endDate: day.optional() }).strict(),
    access: CO_CHAIRS,
  }),
  /** A new invitation link for the member (earlier ones stop working). */
  'members.invite': method<Invitation>()({
    input: z.object({ id, linkValidUntil: day.optional() }).strict(),
    access: CO_CHAIRS,
  }),
  'members.revokeInvite': method<Member>()({ input: z.object({ id }).strict(), access: CO_CHAIRS }),
  'members.list': method<Member[]>()({
    input: z.object({ committeeId: id }).strict(),
    access: ALL_ROLES,
  }),

  // Privacy (a person's data, retention, incidents)
  /**
   * Everything the app holds about one member, as a ZIP: a page to read (HTML, in the committee's
   * language) and the same as JSON. Co-chairs may export anyone's; every member their own.
   */
  'privacy.exportPerson': method<ExportedFile>()({
    input: z.object({ memberId: id }).strict(),
    access: ALL_ROLES,
    file: true,
  }),
  /** The corrections made to a member's profile: which fields, by whom, when (not the old values). */
  'privacy.rectifications': method<Rectification[]>()({
    input: z.object({ memberId: id }).strict(),
    access: CO_CHAIRS,
  }),
  /**
   * Erases a member: their name is replaced by a pseudonym everywhere (members, minutes, decisions,
   * comments, the search index, the history of the documents); their links stop; the decision log
   * records the erasure and still verifies. `confirmName` must be their current name.
   */
  'privacy.erasePerson': method<ErasureResult>()({
    input: z.object({ memberId: id, confirmName: name }).strict(),
    access: CO_CHAIRS,
  }),
  /** The committee's members who were erased, with when, why and who asked. */
  'privacy.erasures': method<Erasure[]>()({
    input: z.object({ committeeId: id }).strict(),
    access: CO_CHAIRS,
  }),
  'privacy.retention.get': method<RetentionSetting>()({
    input: z.object({ committeeId: id }).strict(),
    access: ALL_ROLES,
  }),
  /** Years after leaving before a former member is erased; null keeps them for good. */
  'privacy.retention.set': method<RetentionSetting>()({
    input: z
      .object({
        committeeId: id,
        yearsAfterLeaving: z
          .number()
          .int('must be a whole number of years')
          .min(1, 'must be at least 1 year')
          .max(100, 'is too long (100 years at most)')
          .nullable(),
      })
      .strict(),
    access: CO_CHAIRS,
  }),
  /** Applies the retention rule now (the app also applies it when it opens and once a day). */
  'privacy.retention.apply': method<RetentionRun>()({
    input: z.object({ committeeId: id }).strict(),
    access: CO_CHAIRS,
  }),
  'privacy.incidents.list': method<PrivacyIncident[]>()({
    input: z.object({ committeeId: id }).strict(),
    access: RECORDERS,
  }),
  /** Adds an entry to the register of privacy incidents (never changed afterwards: follow up instead). */
  'privacy.incidents.record': method<PrivacyIncident>()({
    input: z
      .object({
        committeeId: id,
        followsId: z.number().int().positive().nullable().default(null),
        discoveredOn: day,
        description: z
          .string()
          .trim()
          .min(1, 'is required')
          .max(5000, 'is too long (5000 characters at most)'),
        dataConcerned: text(2000).default(''),
        peopleConcerned: text(2000).default(''),
        risk: z.enum(INCIDENT_RISKS),
        riskAssessment: text(5000).default(''),
        measures: text(5000).default(''),
        caiNotifiedOn: day.nullable().default(null),
        personsNotifiedOn: day.nullable().default(null),
      })
      .strict(),
    access: RECORDERS,
  }),

  'meetings.create': method<Meeting>()({
    input: z
      .object({
        committeeId: id,
        ...meetingFields,
        place: meetingFields.place.default(''),
        videoLink: meetingFields.videoLink.default(''),
        /** Start from the last meeting: carry over unfinished items and open actions, add standing items. */
        fromPrevious: z.boolean().default(false),
      })
      .strict(),
    access: RECORDERS,
  }),
  'meetings.update': method<Meeting>()({
    input: z
      .object({
        id,
        title: meetingFields.title.optional(),
        startsAt: meetingFields.startsAt.optional(),
        place: meetingFields.place.optional(),
        videoLink: meetingFields.videoLink.optional(),
      })
      .strict(),
    access: RECORDERS,
  }),
  'meetings.start': method<Meeting>()({ input: z.object({ id }).strict(), access: CO_CHAIRS }),
  'meetings.close': method<Meeting>()({ input: z.object({ id }).strict(), access: CO_CHAIRS }),
  'meetings.list': method<Meeting[]>()({
    input: z.object({ committeeId: id }).strict(),
    access: ALL_ROLES,
  }),
  'meetings.get': method<Meeting>()({ input: z.object({ id }).strict(), access: ALL_ROLES }),

  'agenda.list': method<AgendaItem[]>()({ input: meetingRef, access: ALL_ROLES }),
  'agenda.add': method<AgendaItem>()({
    input: z
      .object({
        meetingId: id,
        ...agendaFields,
        purpose: agendaFields.purpose.default('information'),
        engagementLevel: agendaFields.engagementLevel.default('consultation'),
        presenterId: agendaFields.presenterId.default(''),
        plannedMinutes: agendaFields.plannedMinutes.default(10),
      })
      .strict(),
    access: EDITORS,
  }),
  'agenda.update': method<AgendaItem>()({
    input: z
      .object({
        meetingId: id,
        itemId: id,
        title: agendaFields.title.optional(),
        purpose: agendaFields.purpose.optional(),
        engagementLevel: agendaFields.engagementLevel.optional(),
        presenterId: agendaFields.presenterId.optional(),
        plannedMinutes: agendaFields.plannedMinutes.optional(),
        status: z.enum(AGENDA_STATUSES).optional(),
      })
      .strict(),
    access: EDITORS,
  }),
  'agenda.remove': method<null>()({
    input: z.object({ meetingId: id, itemId: id }).strict(),
    access: EDITORS,
  }),
  /** Moves an item before another (or to the end when `beforeItemId` is null). */
  'agenda.move': method<AgendaItem[]>()({
    input: z.object({ meetingId: id, itemId: id, beforeItemId: id.nullable() }).strict(),
    access: EDITORS,
  }),

  'attendance.set': method<AttendanceReport>()({
    input: z.object({ meetingId: id, memberId: id, status: z.enum(ATTENDANCE_STATUSES) }).strict(),
    access: RECORDERS,
  }),
  'attendance.get': method<AttendanceReport>()({ input: meetingRef, access: ALL_ROLES }),

  /** The co-chairs move the meeting to an item (null: none). */
  'run.goTo': method<MeetingMeta>()({
    input: z.object({ meetingId: id, itemId: id.nullable() }).strict(),
    access: CO_CHAIRS,
  }),
  'run.setQueueMode': method<MeetingMeta>()({
    input: z.object({ meetingId: id, mode: z.enum(QUEUE_MODES) }).strict(),
    access: CO_CHAIRS,
  }),
  /** The caller raises their own hand. */
  'hands.raise': method<MeetingMeta>()({ input: meetingRef, access: EDITORS }),
  /** Lowers the caller's hand, or (co-chairs) anyone's. */
  'hands.lower': method<MeetingMeta>()({
    input: z.object({ meetingId: id, memberId: id.optional() }).strict(),
    access: EDITORS,
  }),
  /** The co-chairs give the floor; the previous turn is recorded. */
  'floor.give': method<MeetingMeta>()({
    input: z.object({ meetingId: id, memberId: id }).strict(),
    access: CO_CHAIRS,
  }),
  /** Ends the current turn (co-chairs, or the speaker) and records it. */
  'floor.end': method<MeetingMeta>()({ input: meetingRef, access: EDITORS }),
  'speaking.list': method<{ turns: SpeakingTurn[]; totals: Record<string, number> }>()({
    input: meetingRef,
    access: ALL_ROLES,
  }),

  'minutes.get': method<MinutesState>()({ input: meetingRef, access: ALL_ROLES }),
  /** Sends the minutes for review: a version is saved, and only comments are allowed until approval. */
  'minutes.circulate': method<MinutesState>()({ input: meetingRef, access: RECORDERS }),
  /** Takes circulated minutes back to draft. */
  'minutes.reopen': method<MinutesState>()({ input: meetingRef, access: RECORDERS }),
  /** Approves the minutes (usually at a later meeting): stores the content and its SHA-256; locks them. */
  'minutes.approve': method<MinutesState>()({
    input: z.object({ meetingId: id, approvedAtMeetingId: id.optional() }).strict(),
    access: CO_CHAIRS,
  }),
  /** Reopens approved minutes for a recorded amendment; the next approval records it. */
  'minutes.amend': method<MinutesState>()({
    input: z.object({ meetingId: id, reason: z.string().trim().min(1, 'is required').max(2000) }).strict(),
    access: CO_CHAIRS,
  }),
  'minutes.authorship': method<Authorship[]>()({ input: meetingRef, access: ALL_ROLES }),
  /** Which member each Yjs client id of the meeting doc belongs to (null: the host), to colour text by author. */
  'minutes.clients': method<{ clientId: number; memberId: string | null }[]>()({
    input: meetingRef,
    access: ALL_ROLES,
  }),
  /**
   * Ranges of text an edit carried (a paragraph split, joined, made a heading or a list): written
   * under one Yjs client id, they are another's words (shared/carried-text.ts). To colour by author.
   */
  'minutes.carried': method<CarriedRange[]>()({ input: meetingRef, access: ALL_ROLES }),
  'minutes.export': method<ExportedFile>()({
    input: z.object({ meetingId: id, format: z.enum(EXPORT_FORMATS) }).strict(),
    access: RECORDERS,
    file: true,
    async: true,
  }),

  'versions.create': method<VersionInfo>()({
    input: z.object({ meetingId: id, name }).strict(),
    access: EDITORS,
  }),
  'versions.list': method<VersionInfo[]>()({ input: meetingRef, access: ALL_ROLES }),
  /** One version's content, as the editor's JSON (ProseMirror), and as HTML. */
  'versions.get': method<{ info: VersionInfo; json: unknown; html: string }>()({
    input: z.object({ meetingId: id, versionId: z.number().int().positive() }).strict(),
    access: ALL_ROLES,
  }),
  /** What was added and removed between two versions (`null`: the current text). */
  'versions.compare': method<{ parts: DiffPart[] }>()({
    input: z
      .object({
        meetingId: id,
        fromVersionId: z.number().int().positive(),
        toVersionId: z.number().int().positive().nullable(),
      })
      .strict(),
    access: ALL_ROLES,
  }),
  /** Makes an old version the current text again, as a new edit (the history is kept). */
  'versions.restore': method<VersionInfo>()({
    input: z.object({ meetingId: id, versionId: z.number().int().positive() }).strict(),
    access: EDITORS,
  }),

  'comments.add': method<CommentThread>()({
    input: z
      .object({
        meetingId: id,
        anchor: z.object({ start: z.unknown(), end: z.unknown() }).strict(),
        quote: z.string().max(2000, 'is too long'),
        text: z.string().trim().min(1, 'is required').max(5000, 'is too long (5000 characters at most)'),
      })
      .strict(),
    access: EDITORS,
  }),
  'comments.reply': method<CommentThread>()({
    input: z
      .object({
        meetingId: id,
        threadId: id,
        text: z.string().trim().min(1, 'is required').max(5000, 'is too long (5000 characters at most)'),
      })
      .strict(),
    access: EDITORS,
  }),
  'comments.resolve': method<CommentThread>()({
    input: z.object({ meetingId: id, threadId: id, resolved: z.boolean() }).strict(),
    access: EDITORS,
  }),
  'comments.list': method<CommentThread[]>()({ input: meetingRef, access: ALL_ROLES }),

  'decisions.draft': method<Decision>()({
    input: z
      .object({
        meetingId: id,
        agendaItemId: id.nullable().default(null),
        title: name,
        text: text(20_000).default(''),
        rationale: text(20_000).default(''),
        mode: z.enum(DECISION_MODES).default('consensus'),
      })
      .strict(),
    access: EDITORS,
  }),
  'decisions.update': method<Decision>()({
    input: z
      .object({
        meetingId: id,
        decisionId: id,
        agendaItemId: id.nullable().optional(),
        title: name.optional(),
        text: text(20_000).optional(),
        rationale: text(20_000).optional(),
        mode: z.enum(DECISION_MODES).optional(),
        vote: z
          .object({
            for: count,
            against: count,
            abstain: count,
            secret: z.boolean(),
            ballots: z.record(id, z.enum(POSITIONS)).default({}),
          })
          .strict()
          .nullable()
          .optional(),
        positions: z.record(id, text(2000)).optional(),
        speakers: z.array(id).max(500).optional(),
        influence: z
          .object({ level: z.enum(INFLUENCE_LEVELS), evidence: text(5000) })
          .strict()
          .optional(),
      })
      .strict(),
    access: EDITORS,
  }),
  /** Removes a draft that was never decided. */
  'decisions.remove': method<null>()({
    input: z.object({ meetingId: id, decisionId: id }).strict(),
    access: EDITORS,
  }),
  /** The co-chairs record the outcome: the decision enters the log. */
  'decisions.decide': method<LogEntry>()({
    input: z
      .object({ meetingId: id, decisionId: id, outcome: z.enum(['adopted', 'rejected', 'deferred']) })
      .strict(),
    access: CO_CHAIRS,
  }),
  /** A change to a logged decision: a new entry that amends it (the old one stays). */
  'decisions.amend': method<LogEntry>()({
    input: z
      .object({
        committeeId: id,
        entryId: z.number().int().positive(),
        reason: z.string().trim().min(1, 'is required').max(5000),
        title: name.optional(),
        text: text(20_000).optional(),
        rationale: text(20_000).optional(),
        influence: z
          .object({ level: z.enum(INFLUENCE_LEVELS), evidence: text(5000) })
          .strict()
          .optional(),
      })
      .strict(),
    access: CO_CHAIRS,
  }),
  'decisions.rescind': method<LogEntry>()({
    input: z
      .object({
        committeeId: id,
        entryId: z.number().int().positive(),
        reason: z.string().trim().min(1, 'is required').max(5000),
      })
      .strict(),
    access: CO_CHAIRS,
  }),
  /**
   * The hash-chained log. With `{committeeId}` alone: the whole log, oldest first. With `limit`
   * (1–500): one page, newest first — the `limit` entries before `beforeSeq` (or the newest); the
   * next page is `beforeSeq` = the page's last `seq`, and an entry's `seq - 1` is how many are older
   * (seqs run 1, 2, 3… in a committee). With `entryIds` (1–500): those entries, oldest first.
   */
  'decisions.log': method<LogEntry[]>()({
    input: z
      .object({
        committeeId: id,
        limit: z.number().int().min(1).max(LOG_PAGE_MAX).optional(),
        beforeSeq: z.number().int().positive().optional(),
        entryIds: z.array(z.number().int().positive()).min(1).max(LOG_PAGE_MAX).optional(),
      })
      .strict()
      .refine((x) => x.beforeSeq === undefined || x.limit !== undefined, {
        message: 'beforeSeq needs a limit',
        path: ['beforeSeq'],
      })
      .refine((x) => x.entryIds === undefined || (x.limit === undefined && x.beforeSeq === undefined), {
        message: 'entryIds cannot be paged',
        path: ['entryIds'],
      }),
    access: ALL_ROLES,
  }),
  /** Checks the whole hash chain of the committee's log; names the first broken entry. */
  'decisions.verify': method<VerifyResult>()({
    input: z.object({ committeeId: id }).strict(),
    access: ALL_ROLES,
    async: true,
  }),
  'decisions.register': method<{ total: number; items: Decision[] }>()({
    input: registerFilter,
    access: ALL_ROLES,
  }),

  /** The decision log, whole or as filtered in the register, as a file. */
  'decisions.export': method<ExportedFile>()({
    input: registerFilter
      .omit({ limit: true, offset: true })
      .extend({ format: z.enum(LOG_EXPORT_FORMATS) })
      .strict(),
    access: RECORDERS,
    file: true,
    async: true,
  }),

  'actions.add': method<Action>()({
    input: z
      .object({
        meetingId: id,
        title: name,
        ownerId: id.nullable().default(null),
        dueDate: day.nullable().default(null),
        decisionId: id.nullable().default(null),
      })
      .strict(),
    access: EDITORS,
  }),
  'actions.update': method<Action>()({
    input: z
      .object({
        meetingId: id,
        actionId: id,
        title: name.optional(),
        ownerId: id.nullable().optional(),
        dueDate: day.nullable().optional(),
        status: z.enum(ACTION_STATUSES).optional(),
      })
      .strict(),
    access: EDITORS,
  }),
  /** Every action of the committee across meetings: open ones first, overdue first among them. */
  'actions.list': method<Action[]>()({
    input: z
      .object({
        committeeId: id,
        ownerId: id.optional(),
        status: z.array(z.enum(ACTION_STATUSES)).optional(),
      })
      .strict(),
    access: ALL_ROLES,
  }),

  // Contributions and influence (ledger, balance of voice, reports)
  /**
   * One member's page: mandate, engagement level, meetings attended, contributions per month, the
   * decisions they took part in with the influence recorded (`limit` and `offset` give one part of
   * them; `decisionCount` says how many). Members see their own page; co-chairs and secretaries see
   * everyone's.
   */
  'ledger.member': method<MemberPage>()({
    input: z.object({ memberId: id, ...period, ...listPart }).strict(),
    access: ALL_ROLES,
    async: true,
  }),
  /** Per member totals of a meeting, and per agenda item. */
  'ledger.meeting': method<LedgerSummary>()({ input: meetingRef, access: RECORDERS }),
  /** Per member totals over a period. */
  'ledger.committee': method<LedgerSummary>()({
    input: z.object({ committeeId: id, ...period }).strict(),
    access: RECORDERS,
    async: true,
  }),
  /** The ledger's rows, filtered (a member may ask for their own). */
  'ledger.contributions': method<{ total: number; items: Contribution[] }>()({
    input: z
      .object({
        committeeId: id,
        memberId: id.optional(),
        meetingId: id.optional(),
        kind: z.array(z.enum(CONTRIBUTION_KINDS)).optional(),
        ...period,
        limit: z.number().int().min(1).max(100_000).default(1000),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    access: ALL_ROLES,
    async: true,
  }),
  /** Recomputes the committee's whole ledger from the raw data (attendance, turns, documents, decisions). */
  'ledger.rebuild': method<{ meetings: number; rows: number }>()({
    input: z.object({ committeeId: id }).strict(),
    access: RECORDERS,
    async: true,
  }),
  /**
   * Per agenda item: the engagement level it sought from partners against the level it got, in
   * the meetings' order. `promiseNotKept: true` keeps only the promises not kept; `limit` and
   * `offset` give one part of the list (without them, all of it).
   */
  'influence.items': method<ItemInfluence[]>()({
    input: z
      .object({
        committeeId: id,
        meetingId: id.optional(),
        ...period,
        promiseNotKept: z.boolean().optional(),
        ...listPart,
      })
      .strict(),
    access: ALL_ROLES,
    async: true,
  }),
  /**
   * Per decision: the partners' influence recorded, its evidence, which partners took part, in the
   * meetings' order. `influence` keeps only those levels; `limit` and `offset` give one part of
   * the list (without them, all of it).
   */
  'influence.decisions': method<DecisionInfluence[]>()({
    input: z
      .object({
        committeeId: id,
        meetingId: id.optional(),
        ...period,
        influence: z.array(z.enum(INFLUENCE_LEVELS)).optional(),
        ...listPart,
      })
      .strict(),
    access: ALL_ROLES,
    async: true,
  }),
  /**
   * How many there are of what `influence.items` and `influence.decisions` list, for a screen that
   * asks for them a part at a time: decisions per level of influence, agenda items and promises
   * not kept.
   */
  'influence.counts': method<InfluenceCounts>()({
    input: z.object({ committeeId: id, meetingId: id.optional(), ...period }).strict(),
    access: ALL_ROLES,
    async: true,
  }),
  /**
   * "How your input was used": a note per partner who contributed to the meeting (or only
   * `memberId`'s). A member gets only their own; co-chairs and secretaries everyone's.
   */
  'ledger.inputUsed': method<InputUsedNote[]>()({
    input: z.object({ meetingId: id, memberId: id.optional() }).strict(),
    access: ALL_ROLES,
  }),
  /** Shares of speaking time, minutes text, proposals and decisions: partners against professionals. */
  'balance.get': method<BalanceOfVoice>()({
    input: z.object({ committeeId: id, ...period }).strict(),
    access: ALL_ROLES,
    async: true,
  }),
  /** The partnership report of a committee for a period (GRIPP2-SF), filled from the data. */
  'report.get': method<PartnershipReport>()({
    input: z.object({ committeeId: id, from: day, to: day }).strict(),
    access: ALL_ROLES,
    async: true,
  }),
  /** Saves the parts people write (aim, reflections, …); others keep what was saved before. */
  'report.save': method<PartnershipReport>()({
    input: z
      .object({
        committeeId: id,
        from: day,
        to: day,
        texts: z.partialRecord(z.enum(REPORT_SECTIONS), text(20_000)),
      })
      .strict(),
    access: RECORDERS,
    async: true,
  }),
  'report.export': method<ExportedFile>()({
    input: z.object({ committeeId: id, from: day, to: day, format: z.enum(REPORT_EXPORT_FORMATS) }).strict(),
    access: RECORDERS,
    file: true,
    async: true,
  }),
  /** A partner who attended answers the experience questionnaire, once, anonymously. */
  'questionnaire.answer': method<QuestionnaireStatus>()({
    input: z
      .object({
        meetingId: id,
        answers: z
          .object(
            Object.fromEntries(
              QUESTIONNAIRE_QUESTIONS.map((q) => [
                q,
                z.number().int('must be 1 to 5').min(1).max(5).optional(),
              ]),
            ) as Record<(typeof QUESTIONNAIRE_QUESTIONS)[number], z.ZodOptional<z.ZodNumber>>,
          )
          .strict(),
      })
      .strict(),
    access: ALL_ROLES,
  }),
  'questionnaire.status': method<QuestionnaireStatus>()({ input: meetingRef, access: ALL_ROLES }),
  /**
   * Aggregates only, of the meetings whose questionnaire has closed with at least the minimum count
   * of answers of their own; the others are only counted.
   */
  'questionnaire.results': method<QuestionnaireResults>()({
    input: z.object({ committeeId: id, meetingId: id.optional(), ...period }).strict(),
    access: ALL_ROLES,
  }),
} as const;

export interface AttendanceReport {
  attendance: Record<string, AttendanceStatus>;
  quorum: QuorumStatus;
}

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Input<K extends MethodName> = z.input<Methods[K]['input']>;
export type ParsedInput<K extends MethodName> = z.output<Methods[K]['input']>;
export type Output<K extends MethodName> = Methods[K] extends MethodSpec<z.ZodType, infer O> ? O : never;
/** What a method's handler returns: its result, or a promise of it for an `async` method. */
export type Result<K extends MethodName> =
  Methods[K] extends MethodSpec<z.ZodType, unknown, true> ? Promise<Output<K>> : Output<K>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const isMethodName = (s: string): s is MethodName => Object.hasOwn(methods, s);

/** What the renderer sees as `window.api`, whichever door is behind it. */
export interface Api {
  invoke<K extends MethodName>(method: K, input: Input<K>): Promise<Output<K>>;
  /** Where and how to reach the collaborative documents. */
  session(): Promise<Session>;
}

export const ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'unknown_method',
  'conflict',
  'storage',
  'too_many_attempts',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  storage: 503,
  too_many_attempts: 429,
  internal: 500,
};

/** Values to put in a translated error message (names, statuses, field paths). */
export type ErrorParams = Record<string, string | number>;

/**
 * `message` is for developers and logs (English). `reason` is a stable, more precise code than
 * `code` (`meeting_closed`, `minutes_locked`…) and `params` its values: a client shows the error
 * in its user's language from them (the renderer: `errors.reasons.<reason>` in its catalogues,
 * else `errors.codes.<code>`).
 */
export interface ErrorBody {
  /** `storage` (code `storage`): what is wrong with the host's data folder, for the app to say. */
  error: {
    code: ErrorCode;
    message: string;
    reason?: string;
    params?: ErrorParams;
    storage?: StorageProblem;
  };
}

/** An error a caller can act on. Anything else that escapes a handler is reported as `internal`. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly reason?: string,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** For code `storage`: which problem (full disk, read-only folder, …), carried in `params.storage`. */
  get storage(): StorageProblem | undefined {
    return this.code === 'storage' ? (this.params?.storage as StorageProblem | undefined) : undefined;
  }
  toBody(): ErrorBody {
    const { code, message, reason, params, storage } = this;
    return {
      error: {
        code,
        message,
        ...(reason && { reason }),
        ...(params && { params }),
        ...(storage && { storage }),
      },
    };
  }
  static fromBody(body: unknown): ApiError {
    const e = (body as Partial<ErrorBody> | null)?.error;
    if (e && typeof e.message === 'string' && (ERROR_CODES as readonly string[]).includes(e.code)) {
      const reason = typeof e.reason === 'string' ? e.reason : undefined;
      let params = e.params && typeof e.params === 'object' ? e.params : undefined;
      if (typeof e.storage === 'string') params = { ...params, storage: e.storage };
      return new ApiError(e.code, e.message, reason, params);
    }
    return new ApiError('internal', 'The server answered with an unreadable error.', 'unreadable_error');
  }
}

/** Zod's wording, made plain: "name is required", "area must be one of: …". */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return 'is required';
      // Zod reports a number that is not whole as a type error ("expected int"): keep our wording.
      if (issue.expected === 'int')
        return /^Invalid input/.test(issue.message) ? 'must be a whole number' : issue.message;
      return `must be ${issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}

/** Validates an input against its method's schema, or throws a readable `invalid_input`. */
export function parseInput<K extends MethodName>(name: K, raw: unknown): ParsedInput<K> {
  const result = methods[name].input.safeParse(raw ?? {});
  if (result.success) return result.data as ParsedInput<K>;
  const detail = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'} ${describeIssue(issue)}`)
    .join('; ');
  const first = result.error.issues[0];
  const field = first?.path.join('.') || 'input';
  const problem = first && describeIssue(first) === 'is required' ? 'required' : 'invalid';
  throw new ApiError('invalid_input', `Invalid input for ${name}: ${detail}`, 'invalid_field', {
    field,
    problem,
  });
}

/** What crosses a door that cannot carry an `ApiError` (IPC's structured clone). */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorBody['error'] };

/** The raw form of the API exposed by the preload as `window.api` (envelopes, not exceptions). */
export interface ApiBridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  session(): Promise<Session>;
}

/** Turns a bridge of envelopes into the typed `Api` that throws `ApiError`. */
export function apiFromBridge(bridge: ApiBridge): Api {
  return {
    async invoke(method, input) {
      const env = await bridge.invoke(method, input);
      if (env.ok) return env.result as never;
      throw ApiError.fromBody({ error: env.error });
    },
    session: () => bridge.session(),
  };
}
