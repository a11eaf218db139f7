/**
 * The words of the decision log's exports, in the committee's language, with the same terms as
 * the register on screen (src/renderer/src/locales). Kinds, roles, purposes and page numbers are
 * the minutes' own (labels.ts).
 */
import type { DecisionMode, DecisionStatus, InfluenceLevel, LogKind } from '../../shared/decisions';
import type { Language } from '../../shared/domain';
import { exportLabels, type ExportLabels } from './labels';

/** The CSV's columns, in order. */
export const CSV_COLUMNS = [
  'id',
  'meeting',
  'meetingDate',
  'agendaItem',
  'purpose',
  'title',
  'text',
  'rationale',
  'mode',
  'status',
  'decidedAt',
  'votesFor',
  'votesAgainst',
  'votesAbstain',
  'secret',
  'influence',
  'evidence',
  'proposedBy',
  'speakers',
  'entrySeq',
  'entrySha256',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export interface LogLabels {
  /** The minutes' labels: locale, kinds, roles, purposes, page numbers. */
  base: ExportLabels;
  documentKind: string;
  columns: Record<CsvColumn, string>;
  statuses: Record<DecisionStatus, string>;
  modes: Record<DecisionMode, string>;
  influence: Record<InfluenceLevel, string>;
  positions: { for: string; against: string; abstain: string };
  logKinds: Record<LogKind, string>;
  yes: string;
  no: string;
  host: string;
  formerMember: string;
  committee: string;
  period: string;
  filter: string;
  count: (n: number) => string;
  noDecisions: string;
  /** The facts of a decision's block. */
  facts: {
    decided: string;
    rationale: string;
    meeting: string;
    agendaItem: string;
    mode: string;
    vote: string;
    ballots: string;
    positions: string;
    influence: string;
    evidence: string;
    proposedBy: string;
    speakers: string;
    entry: string;
    history: string;
  };
  meetingOn: (title: string, date: string) => string;
  /** "For 5 · Against 1 · Abstain 0", and whether the vote was secret or named. */
  vote: (v: { for: number; against: number; abstain: number; secret: boolean }) => string;
  /** Before the entry's SHA-256. */
  entry: (seq: number, date: string) => string;
  notInLog: string;
  historyLine: (kind: string, seq: number, date: string, reason: string) => string;
  periodRange: (from: string, to: string) => string;
  periodFrom: (from: string) => string;
  periodTo: (to: string) => string;
  filters: {
    none: string;
    status: string;
    meeting: string;
    dates: string;
    purpose: string;
    influence: string;
    person: string;
    search: string;
  };
  integrity: string;
  verified: (at: string, entries: number) => string;
  verifiedEmpty: (at: string) => string;
  broken: (at: string, seq: number, reason: string) => string;
  lastEntry: (seq: number) => string;
  /** The reasons decisions.verify gives, in this language. */
  reasons: { missing: string; unreadable: string; content: string; chain: string; details: string };
  wholeLog: string;
  generated: (at: string) => string;
}

/** French counts 0 and 1 in the singular. */
const plural = (n: number, one: string, other: string) => (n < 2 ? one : other);

const FR: Omit<LogLabels, 'base'> = {
  documentKind: 'Registre des décisions',
  columns: {
    id: 'Identifiant',
    meeting: 'Rencontre',
    meetingDate: 'Date de la rencontre',
    agendaItem: 'Point de l’ordre du jour',
    purpose: 'Objet du point',
    title: 'Titre',
    text: 'Ce qui est décidé',
    rationale: 'Justification',
    mode: 'Mode de décision',
    status: 'Statut',
    decidedAt: 'Décidée le',
    votesFor: 'Votes pour',
    votesAgainst: 'Votes contre',
    votesAbstain: 'Abstentions',
    secret: 'Vote secret',
    influence: 'Influence des partenaires',
    evidence: 'Preuve de l’influence',
    proposedBy: 'Proposée par',
    speakers: 'Sont intervenus',
    entrySeq: 'Entrée du journal (nº)',
    entrySha256: 'Empreinte SHA-256 de l’entrée',
  },
  statuses: {
    proposed: 'Proposée',
    adopted: 'Adoptée',
    rejected: 'Rejetée',
    deferred: 'Reportée',
    amended: 'Modifiée',
    rescinded: 'Abrogée',
  },
  modes: { consensus: 'Consensus', vote: 'Vote', 'co-chairs': 'Par la coprésidence' },
  influence: { none: 'Aucune', informed: 'Informée', shaped: 'Façonnée', 'co-decided': 'Codécidée' },
  positions: { for: 'pour', against: 'contre', abstain: 'abstention' },
  logKinds: {
    adopted: 'Adoption',
    rejected: 'Rejet',
    deferred: 'Report',
    amended: 'Modification',
    rescinded: 'Abrogation',
    erasure: 'Effacement de renseignements personnels',
  },
  yes: 'oui',
  no: 'non',
  host: 'L’hôte du comité',
  formerMember: 'Ancien membre',
  committee: 'Comité',
  period: 'Période',
  filter: 'Décisions retenues',
  count: (n) => `${n.toLocaleString('fr-CA')} ${plural(n, 'décision', 'décisions')}`,
  noDecisions: 'Aucune décision ne correspond à ces critères.',
  facts: {
    decided: 'Ce qui est décidé',
    rationale: 'Justification',
    meeting: 'Rencontre',
    agendaItem: 'Point de l’ordre du jour',
    mode: 'Mode de décision',
    vote: 'Vote',
    ballots: 'Votes nominaux',
    positions: 'Positions exprimées',
    influence: 'Influence des partenaires',
    evidence: 'Preuve',
    proposedBy: 'Proposée par',
    speakers: 'Sont intervenus',
    entry: 'Journal',
    history: 'Historique',
  },
  meetingOn: (title, date) => `${title}, ${date}`,
  vote: (v) =>
    `Pour ${v.for} · Contre ${v.against} · Abstention ${v.abstain} (${v.secret ? 'vote secret' : 'vote nominal'})`,
  entry: (seq, date) => `entrée nº ${seq} du ${date}, empreinte SHA-256`,
  notInLog: 'pas encore inscrite au journal (résultat non consigné)',
  historyLine: (kind, seq, date, reason) =>
    `${kind} — entrée nº ${seq} du ${date}${reason ? ` — motif : ${reason}` : ''}`,
  periodRange: (from, to) => (from === to ? `Le ${from}` : `Du ${from} au ${to}`),
  periodFrom: (from) => `Depuis le ${from}`,
  periodTo: (to) => `Jusqu’au ${to}`,
  filters: {
    none: 'Toutes les décisions du registre',
    status: 'Statut',
    meeting: 'Rencontre',
    dates: 'Rencontres',
    purpose: 'Objet du point',
    influence: 'Influence des partenaires',
    person: 'Personne (a proposé, est intervenue, a exprimé une position ou a voté)',
    search: 'Recherche',
  },
  integrity: 'Intégrité du journal',
  verified: (at, n) =>
    `Le journal a été vérifié le ${at} : ${n.toLocaleString('fr-CA')} ${plural(n, 'entrée', 'entrées')}, intact.`,
  verifiedEmpty: (at) => `Le journal a été vérifié le ${at} : il ne compte encore aucune entrée.`,
  broken: (at, seq, reason) =>
    `Le journal a été vérifié le ${at} : il est altéré à l’entrée nº ${seq} (${reason}). Les entrées qui suivent ne peuvent pas être tenues pour fiables.`,
  lastEntry: (seq) => `Empreinte SHA-256 de la dernière entrée (nº ${seq})`,
  reasons: {
    missing: 'une entrée précédente manque',
    unreadable: 'son contenu est illisible',
    content: 'son contenu a été changé après son inscription',
    chain: 'elle ne suit pas l’entrée précédente',
    details: 'ses renseignements inscrits ont été changés',
  },
  wholeLog:
    'La vérification porte sur tout le journal du comité : chaque entrée est scellée à la précédente par son empreinte SHA-256.',
  generated: (at) => `Document produit le ${at}`,
};

const EN: Omit<LogLabels, 'base'> = {
  documentKind: 'Decision register',
  columns: {
    id: 'ID',
    meeting: 'Meeting',
    meetingDate: 'Meeting date',
    agendaItem: 'Agenda item',
    purpose: 'Purpose of the item',
    title: 'Title',
    text: 'What is decided',
    rationale: 'Rationale',
    mode: 'How it was decided',
    status: 'Status',
    decidedAt: 'Decided at',
    votesFor: 'Votes for',
    votesAgainst: 'Votes against',
    votesAbstain: 'Abstentions',
    secret: 'Secret vote',
    influence: 'Partners’ influence',
    evidence: 'Evidence of influence',
    proposedBy: 'Proposed by',
    speakers: 'Spoke to it',
    entrySeq: 'Log entry (no.)',
    entrySha256: 'Entry SHA-256',
  },
  statuses: {
    proposed: 'Proposed',
    adopted: 'Adopted',
    rejected: 'Rejected',
    deferred: 'Deferred',
    amended: 'Amended',
    rescinded: 'Rescinded',
  },
  modes: { consensus: 'Consensus', vote: 'Vote', 'co-chairs': 'By the co-chairs' },
  influence: { none: 'None', informed: 'Informed', shaped: 'Shaped', 'co-decided': 'Co-decided' },
  positions: { for: 'for', against: 'against', abstain: 'abstain' },
  logKinds: {
    adopted: 'Adoption',
    rejected: 'Rejection',
    deferred: 'Deferral',
    amended: 'Amendment',
    rescinded: 'Rescission',
    erasure: 'Erasure of personal information',
  },
  yes: 'yes',
  no: 'no',
  host: 'The committee’s host',
  formerMember: 'Former member',
  committee: 'Committee',
  period: 'Period',
  filter: 'Decisions included',
  count: (n) => `${n.toLocaleString('en-CA')} ${n === 1 ? 'decision' : 'decisions'}`,
  noDecisions: 'No decision matches these criteria.',
  facts: {
    decided: 'What is decided',
    rationale: 'Rationale',
    meeting: 'Meeting',
    agendaItem: 'Agenda item',
    mode: 'How it was decided',
    vote: 'Vote',
    ballots: 'Named ballots',
    positions: 'Stated positions',
    influence: 'Partners’ influence',
    evidence: 'Evidence',
    proposedBy: 'Proposed by',
    speakers: 'Spoke to it',
    entry: 'Log',
    history: 'History',
  },
  meetingOn: (title, date) => `${title}, ${date}`,
  vote: (v) =>
    `For ${v.for} · Against ${v.against} · Abstain ${v.abstain} (${v.secret ? 'secret vote' : 'named vote'})`,
  entry: (seq, date) => `entry no. ${seq} of ${date}, SHA-256`,
  notInLog: 'not in the log yet (no outcome recorded)',
  historyLine: (kind, seq, date, reason) =>
    `${kind} — entry no. ${seq} of ${date}${reason ? ` — reason: ${reason}` : ''}`,
  periodRange: (from, to) => (from === to ? from : `${from} to ${to}`),
  periodFrom: (from) => `Since ${from}`,
  periodTo: (to) => `Until ${to}`,
  filters: {
    none: 'Every decision in the register',
    status: 'Status',
    meeting: 'Meeting',
    dates: 'Meetings',
    purpose: 'Purpose of the item',
    influence: 'Partners’ influence',
    person: 'Person (proposed, spoke, stated a position or voted)',
    search: 'Search',
  },
  integrity: 'Integrity of the log',
  verified: (at, n) =>
    `The log was verified on ${at}: ${n.toLocaleString('en-CA')} ${n === 1 ? 'entry' : 'entries'}, intact.`,
  verifiedEmpty: (at) => `The log was verified on ${at}: it has no entries yet.`,
  broken: (at, seq, reason) =>
    `The log was verified on ${at}: it is broken at entry no. ${seq} (${reason}). The entries after it cannot be relied on.`,
  lastEntry: (seq) => `SHA-256 of the last entry (no. ${seq})`,
  reasons: {
    missing: 'an earlier entry is missing',
    unreadable: 'its content cannot be read',
    content: 'its content was changed after it was recorded',
    chain: 'it does not follow the entry before it',
    details: 'its recorded details were changed',
  },
  wholeLog:
    'The check covers the committee’s whole log: each entry is sealed to the one before it by its SHA-256.',
  generated: (at) => `Produced on ${at}`,
};

export const logLabels = (language: Language): LogLabels => ({
  base: exportLabels(language),
  ...(language === 'fr' ? FR : EN),
});

/** decisions.verify's reason (in English, from the store) in the labels' language. */
export function verifyReason(labels: LogLabels, reason: string): string {
  if (/is missing$/.test(reason)) return labels.reasons.missing;
  if (/not readable/.test(reason)) return labels.reasons.unreadable;
  if (/content was changed/.test(reason)) return labels.reasons.content;
  if (/does not follow/.test(reason)) return labels.reasons.chain;
  if (/details were changed/.test(reason)) return labels.reasons.details;
  return reason;
}
