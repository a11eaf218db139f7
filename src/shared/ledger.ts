/**
 * Contributions and influence: the partnership ledger (one attributed record per contribution),
 * what each agenda item sought from partners against what it got, the balance of voice between
 * partners and professionals, partnership reports (GRIPP2-SF) and the anonymous experience
 * questionnaire. Shared by the core (which computes them) and the renderer (which shows them).
 */
import type { InfluenceLevel } from './decisions';
import type { AgendaPurpose, AttendanceStatus, EngagementLevel, Meeting, Member, MemberKind } from './domain';

/**
 * One attributed act of a member. Minutes text is counted in characters: inserted and deleted (from
 * the attributed update log, per meeting) and still standing (per agenda item section). Speaking:
 * one `speaking-turn` (1) and its `speaking-seconds` per turn. Votes are those of named votes only:
 * a secret vote records counts, never who voted what.
 */
export const CONTRIBUTION_KINDS = [
  'minutes-inserted',
  'minutes-deleted',
  'minutes-surviving',
  'agenda-item-proposed',
  'decision-proposed',
  'position-taken',
  'vote-cast',
  'decision-spoken',
  'speaking-turn',
  'speaking-seconds',
  'comment',
] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

/** One row of the ledger. */
export interface Contribution {
  memberId: string;
  committeeId: string;
  meetingId: string;
  /** The agenda item it belongs to, when it belongs to one. */
  agendaItemId: string | null;
  kind: ContributionKind;
  /** 1 for an act; characters or seconds for text and speaking. */
  quantity: number;
  /** When it happened (for text: the meeting's start). ISO 8601. */
  at: string;
  /** What in the raw data it was read from: `turn:12`, `decision:<id>`, `comment:<id>`, `agenda:<id>`, … */
  source: string;
}

/** Sums per kind (every kind present, 0 when none). */
export type ContributionTotals = Record<ContributionKind, number>;

export const emptyTotals = (): ContributionTotals =>
  Object.fromEntries(CONTRIBUTION_KINDS.map((k) => [k, 0])) as ContributionTotals;

/** The balance of voice compares these groups of member kinds. */
export const VOICE_GROUPS = ['partners', 'professionals', 'others'] as const;
export type VoiceGroup = (typeof VOICE_GROUPS)[number];

export const PARTNER_KINDS: readonly MemberKind[] = ['patient-partner', 'caregiver-partner'];

/** Patient and caregiver partners; professionals, managers and researchers; citizens and staff. */
export const VOICE_GROUP_OF: Record<MemberKind, VoiceGroup> = {
  'patient-partner': 'partners',
  'caregiver-partner': 'partners',
  professional: 'professionals',
  manager: 'professionals',
  researcher: 'professionals',
  citizen: 'others',
  staff: 'others',
};

export const isPartner = (kind: MemberKind): boolean => VOICE_GROUP_OF[kind] === 'partners';

/** What the balance of voice measures. */
export const VOICE_MEASURES = ['speakingSeconds', 'minutesText', 'proposals', 'decisions'] as const;
export type VoiceMeasure = (typeof VOICE_MEASURES)[number];

/** A measure's amount per group, and each group's share of the total (0 to 1; 0 when the total is 0). */
export interface VoiceSplit {
  amounts: Record<VoiceGroup, number>;
  shares: Record<VoiceGroup, number>;
  total: number;
}

/**
 * The decisions taken (those with an outcome: drafts still `proposed` are left out) by the
 * partners' influence recorded on each: those partners shaped or co-decided, against the others.
 */
export interface InfluenceSplit {
  /** Decisions taken, per influence level recorded. */
  levels: Record<InfluenceLevel, number>;
  /** Decisions taken. */
  taken: number;
  /** Decisions taken whose recorded influence is `shaped` or `co-decided`. */
  shapedOrCoDecided: number;
  /** `shapedOrCoDecided` out of `taken` (0 to 1; 0 when no decision was taken). */
  share: number;
}

/** The influence levels that count as partners having weighed on a decision. */
export const INFLUENTIAL_LEVELS: readonly InfluenceLevel[] = ['shaped', 'co-decided'];

export interface VoiceBalance {
  /** Members present or remote, per group (how many could speak). */
  attending: Record<VoiceGroup, number>;
  measures: Record<VoiceMeasure, VoiceSplit>;
  /**
   * Decisions of those meetings. `measures.decisions` counts, per group, the decisions it took part
   * in (a decision counts for every group that did), so its total is not this number.
   */
  decisionCount: number;
  /** The decisions taken that partners shaped or co-decided, against the others. */
  influence: InfluenceSplit;
}

export interface BalanceOfVoice {
  committeeId: string;
  from: string | null;
  to: string | null;
  /** Per meeting, oldest first: the data of the "over time" chart. */
  meetings: { meetingId: string; title: string; startsAt: string; balance: VoiceBalance }[];
  /** Per calendar month (YYYY-MM), oldest first. */
  months: { month: string; balance: VoiceBalance }[];
  /** Over the whole period. */
  total: VoiceBalance;
}

/**
 * What partners got from an agenda item, on the continuum: `none` (no partner attended), then
 * `information` (they attended), `consultation` (a partner spoke, wrote in its section, took a
 * position, proposed it or a decision under it), `collaboration` (a decision under it records that
 * partners shaped it), `partnership` (a decision records that they co-decided it).
 */
export type EngagementGot = 'none' | EngagementLevel;

export interface ItemInfluence {
  meetingId: string;
  meetingTitle: string;
  startsAt: string;
  itemId: string;
  title: string;
  purpose: AgendaPurpose;
  sought: EngagementLevel;
  got: EngagementGot;
  /** The level it sought was reached. */
  kept: boolean;
  /** It sought consultation or more from partners, and no partner spoke, wrote or took a position. */
  promiseNotKept: boolean;
  /**
   * Partners acted on it: one of them spoke, wrote in the minutes under it (text that stands),
   * proposed it or a decision under it, took a position or commented (a vote alone is not counted).
   */
  partnersActed: boolean;
  partnersPresent: number;
  /** What partners did on it. */
  partners: {
    speakingTurns: number;
    speakingSeconds: number;
    minutesText: number;
    positions: number;
    proposals: number;
    comments: number;
  };
  /** Partner members who contributed to it. */
  contributors: string[];
  decisions: { decisionId: string; title: string; status: string; influence: InfluenceLevel }[];
}

/** How many decisions and agenda items `influence.decisions` and `influence.items` list. */
export interface InfluenceCounts {
  decisions: { total: number; levels: Record<InfluenceLevel, number> };
  items: { total: number; promisesNotKept: number };
}

export interface DecisionInfluence {
  decisionId: string;
  meetingId: string;
  meetingTitle: string;
  startsAt: string;
  agendaItemId: string | null;
  itemTitle: string | null;
  title: string;
  status: string;
  influence: InfluenceLevel;
  evidence: string;
  /** Partner members who proposed it, spoke to it, took a position or cast a named vote. */
  partnerContributors: string[];
  proposedBy: string | null;
}

/** One member's page. */
export interface MemberPage {
  member: Member;
  from: string | null;
  to: string | null;
  voiceGroup: VoiceGroup;
  meetings: { meetingId: string; title: string; startsAt: string; attendance: AttendanceStatus | null }[];
  /** How many meetings of the period they attended (present or remote). */
  attended: number;
  totals: ContributionTotals;
  /** Their contributions per month (YYYY-MM), oldest first. */
  months: { month: string; totals: ContributionTotals }[];
  /** How many decisions of the period they took part in. */
  decisionCount: number;
  /**
   * Decisions they took part in (proposed, spoke to, took a position, named vote), with the
   * influence recorded, in the meetings' order: all of them, or the part asked for.
   */
  decisions: {
    decisionId: string;
    meetingId: string;
    title: string;
    status: string;
    influence: InfluenceLevel;
    evidence: string;
    roles: ('proposed' | 'position' | 'vote' | 'spoke')[];
  }[];
}

/** Per member totals for a meeting or a period. */
export interface LedgerSummary {
  committeeId: string;
  meetingId: string | null;
  from: string | null;
  to: string | null;
  members: {
    memberId: string;
    name: string;
    kind: MemberKind;
    voiceGroup: VoiceGroup;
    totals: ContributionTotals;
  }[];
  /** Per agenda item (meeting view only), per member. */
  items?: { itemId: string; title: string; members: Record<string, Partial<ContributionTotals>> }[];
}

/** "How your input was used": one note per partner per meeting. */
export interface InputUsedNote {
  meetingId: string;
  meetingTitle: string;
  startsAt: string;
  memberId: string;
  memberName: string;
  items: {
    itemId: string;
    title: string;
    /** What they did, e.g. { speakingTurns: 2, minutesText: 140, positions: 1 }. */
    did: {
      speakingTurns: number;
      speakingSeconds: number;
      minutesText: number;
      positions: number;
      votes: number;
      proposals: number;
      comments: number;
    };
    decisions: { title: string; status: string; influence: InfluenceLevel; evidence: string }[];
  }[];
  /** The note in words, in the committee's language, as Markdown: ready to send or print. */
  markdown: string;
}

/** GRIPP2-SF (short form), the parts of a report on patient and public involvement. */
export const REPORT_SECTIONS = ['aim', 'methods', 'results', 'impact', 'reflections'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const REPORT_EXPORT_FORMATS = ['pdf', 'docx', 'md'] as const;
export type ReportExportFormat = (typeof REPORT_EXPORT_FORMATS)[number];

/** A fact filled from the data: a label and its value, in the committee's language. */
export interface ReportFact {
  label: string;
  value: string;
}

export interface ReportTable {
  caption: string;
  header: string[];
  rows: string[][];
}

export interface PartnershipReport {
  committeeId: string;
  committeeName: string;
  from: string;
  to: string;
  language: 'fr' | 'en';
  sections: {
    key: ReportSection;
    title: string;
    /** What this part of GRIPP2-SF asks for, in plain words. */
    prompt: string;
    facts: ReportFact[];
    tables: ReportTable[];
    /** What people wrote for this part (saved with report.save). */
    text: string;
  }[];
  /** When the written parts were last saved, and by whom (null: the host). */
  savedAt: string | null;
  savedBy: string | null;
}

/** The experience questionnaire: three statements, each answered from 1 (strongly disagree) to 5 (strongly agree). */
export const QUESTIONNAIRE_QUESTIONS = ['heard', 'prepared', 'mattered'] as const;
export type QuestionnaireQuestion = (typeof QUESTIONNAIRE_QUESTIONS)[number];
export const QUESTIONNAIRE_SCALE = [1, 2, 3, 4, 5] as const;

/**
 * A meeting's answers count in any total (that meeting's, a period's, a report's) only if that
 * meeting has at least this many answers of its own: fewer could identify who answered what. A
 * meeting below it is left out of every total, so the difference of two totals (two periods, one
 * day apart) is always a set of meetings each of which could be shown alone.
 */
export const QUESTIONNAIRE_MIN_COUNT = 5;

/**
 * A meeting's questionnaire is open from the meeting's start until this many days after it; its
 * answers count in totals only once it has closed, so that totals never move while partners are
 * still answering (watching them before and after one person answers would show that answer).
 */
export const QUESTIONNAIRE_OPEN_DAYS = 14;

/** When the questionnaire of a meeting started at `startedAt` (ISO) closes (ISO). */
export const questionnaireClosesAt = (startedAt: string): string =>
  new Date(Date.parse(startedAt) + QUESTIONNAIRE_OPEN_DAYS * 86_400_000).toISOString();

/** Meetings, and their answers, left out of a total for one reason. */
export interface QuestionnaireLeftOut {
  meetings: number;
  answers: number;
}

export interface QuestionnaireResults {
  committeeId: string;
  meetingId: string | null;
  from: string | null;
  to: string | null;
  /** Answers given at the meetings asked about, counted in the totals or not. */
  count: number;
  minimum: number;
  /** False while no meeting's answers count: then `questions` is null. */
  shown: boolean;
  /** Over the answers that count (`counted`) only. */
  questions: Record<
    QuestionnaireQuestion,
    {
      answered: number;
      mean: number;
      distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
      agree: number;
      /**
       * Answers to this question left out: those of counted meetings where fewer than `minimum`
       * answered it (it may be skipped), which could otherwise be told apart.
       */
      withheld: number;
    }
  > | null;
  /** The answers the totals are made of: those of the meetings that count. */
  counted: number;
  /** Meetings whose answers count: closed, with at least `minimum` answers of their own. */
  meetingsCounted: number;
  /** Left out: meetings whose questionnaire has closed with fewer than `minimum` answers (1 or more). */
  belowMinimum: QuestionnaireLeftOut;
  /** Left out until their questionnaire closes: meetings whose questionnaire is still open (any answers). */
  notClosed: QuestionnaireLeftOut;
  /** When the first of the questionnaires still open closes (ISO), or null if none is open. */
  nextClosesAt: string | null;
  openDays: number;
}

export interface QuestionnaireStatus {
  meetingId: string;
  /** The caller may answer (a partner who attended, who has not answered yet, while it is open). */
  canAnswer: boolean;
  answered: boolean;
  count: number;
  /** Open now: the meeting has started and its questionnaire has not closed. */
  open: boolean;
  /** When it closes (ISO); null while the meeting has not started. */
  closesAt: string | null;
  minimum: number;
}

/** A period filter in the API: days, inclusive; a meeting is in it by the day it starts. */
export interface Period {
  from?: string;
  to?: string;
}

/** Months (YYYY-MM) of a meeting's start. */
export const monthOf = (m: Pick<Meeting, 'startsAt'>): string => m.startsAt.slice(0, 7);
