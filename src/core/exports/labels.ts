/**
 * The words of an export, in the committee's language. The core cannot read the renderer's
 * locale files (it runs without the renderer), so the few labels a document needs live here.
 */
import type {
  AgendaPurpose,
  AgendaStatus,
  AttendanceStatus,
  Language,
  MemberKind,
  Role,
} from '../../shared/domain';
import type { MinutesStatus } from '../../shared/minutes';

export interface ExportLabels {
  /** BCP 47 tag for dates and the documents' `lang`. */
  locale: string;
  documentKind: string;
  committee: string;
  date: string;
  place: string;
  videoLink: string;
  minutesStatus: string;
  minutesStatuses: Record<MinutesStatus, string>;
  attendance: string;
  attendanceGroups: Record<AttendanceStatus | 'unrecorded', string>;
  noMembers: string;
  quorum: (q: { attending: number; voting: number; required: number; reached: boolean }) => string;
  withheldName: string;
  kinds: Record<MemberKind, string>;
  roles: Record<Role, string>;
  agenda: string;
  noAgenda: string;
  agendaColumns: {
    number: string;
    item: string;
    purpose: string;
    minutes: string;
    presenter: string;
    status: string;
  };
  purposes: Record<AgendaPurpose, string>;
  statuses: Record<AgendaStatus, string>;
  plannedMinutes: (n: number) => string;
  minutes: string;
  noMinutes: string;
  decision: string;
  rationale: string;
  decisionStatus: string;
  decisionStatuses: Record<string, string>;
  decisions: string;
  approval: string;
  approved: (at: string, meeting: { title: string; date: string } | null) => string;
  amended: (at: string, meeting: { title: string; date: string } | null, reason: string) => string;
  sha256: string;
  /** "Page 2 of 5", around the two numbers. */
  pageOf: [before: string, between: string, after: string];
  generated: (at: string) => string;
}

const FR: ExportLabels = {
  locale: 'fr-CA',
  documentKind: 'Compte rendu',
  committee: 'Comité',
  date: 'Date',
  place: 'Lieu',
  videoLink: 'Lien vidéo',
  minutesStatus: 'État du compte rendu',
  minutesStatuses: {
    draft: 'Brouillon',
    circulated: 'Diffusé pour commentaires',
    approved: 'Approuvé',
    amending: 'En cours d’amendement',
  },
  attendance: 'Présences',
  attendanceGroups: {
    present: 'Personnes présentes',
    remote: 'Personnes présentes à distance',
    excused: 'Personnes excusées',
    absent: 'Personnes absentes',
    unrecorded: 'Présence non consignée',
  },
  noMembers: 'Aucun membre.',
  quorum: (q) =>
    `Quorum ${q.reached ? 'atteint' : 'non atteint'} : ${q.attending} membre${q.attending > 1 ? 's' : ''} votant${
      q.attending > 1 ? 's' : ''
    } sur ${q.voting} (${q.required} requis).`,
  withheldName: 'Nom non divulgué',
  kinds: {
    'patient-partner': 'Patient partenaire',
    'caregiver-partner': 'Proche aidant partenaire',
    professional: 'Professionnel·le',
    manager: 'Gestionnaire',
    researcher: 'Chercheur·e',
    citizen: 'Citoyen·ne',
    staff: 'Personnel de soutien',
  },
  roles: {
    'co-chair': 'Coprésidence',
    member: 'Membre',
    secretary: 'Secrétariat',
    observer: 'Observateur·trice',
  },
  agenda: 'Ordre du jour',
  noAgenda: 'Aucun point à l’ordre du jour.',
  agendaColumns: {
    number: 'N°',
    item: 'Point',
    purpose: 'Objet',
    minutes: 'Durée',
    presenter: 'Présenté par',
    status: 'Statut',
  },
  purposes: {
    information: 'Information',
    consultation: 'Consultation',
    deliberation: 'Délibération',
    decision: 'Décision',
  },
  statuses: { pending: 'À venir', 'in-progress': 'En cours', done: 'Traité', deferred: 'Reporté' },
  plannedMinutes: (n) => `${n} min`,
  minutes: 'Délibérations',
  noMinutes: 'Le compte rendu n’a pas encore été rédigé.',
  decision: 'Décision',
  rationale: 'Justification',
  decisionStatus: 'Statut',
  decisionStatuses: {
    proposed: 'proposée',
    adopted: 'adoptée',
    rejected: 'rejetée',
    deferred: 'reportée',
    amended: 'amendée',
    rescinded: 'annulée',
  },
  decisions: 'Décisions',
  approval: 'Approbation',
  approved: (at, m) =>
    `Compte rendu approuvé le ${at}${m ? ` lors de la rencontre « ${m.title} » du ${m.date}` : ''}.`,
  amended: (at, m, reason) =>
    `Amendement approuvé le ${at}${m ? ` lors de la rencontre « ${m.title} » du ${m.date}` : ''}${
      reason ? ` (motif : ${reason})` : ''
    }.`,
  sha256: 'Empreinte SHA-256 du contenu approuvé',
  pageOf: ['Page ', ' de ', ''],
  generated: (at) => `Document produit le ${at}`,
};

const EN: ExportLabels = {
  locale: 'en-CA',
  documentKind: 'Minutes',
  committee: 'Committee',
  date: 'Date',
  place: 'Place',
  videoLink: 'Video link',
  minutesStatus: 'Status of the minutes',
  minutesStatuses: {
    draft: 'Draft',
    circulated: 'Circulated for review',
    approved: 'Approved',
    amending: 'Being amended',
  },
  attendance: 'Attendance',
  attendanceGroups: {
    present: 'Present',
    remote: 'Present remotely',
    excused: 'Excused',
    absent: 'Absent',
    unrecorded: 'Attendance not recorded',
  },
  noMembers: 'No members.',
  quorum: (q) =>
    `Quorum ${q.reached ? 'reached' : 'not reached'}: ${q.attending} of ${q.voting} voting members attending (${
      q.required
    } required).`,
  withheldName: 'Name withheld',
  kinds: {
    'patient-partner': 'Patient partner',
    'caregiver-partner': 'Caregiver partner',
    professional: 'Professional',
    manager: 'Manager',
    researcher: 'Researcher',
    citizen: 'Citizen',
    staff: 'Support staff',
  },
  roles: { 'co-chair': 'Co-chair', member: 'Member', secretary: 'Secretary', observer: 'Observer' },
  agenda: 'Agenda',
  noAgenda: 'No items on the agenda.',
  agendaColumns: {
    number: 'No.',
    item: 'Item',
    purpose: 'Purpose',
    minutes: 'Time',
    presenter: 'Presenter',
    status: 'Status',
  },
  purposes: {
    information: 'Information',
    consultation: 'Consultation',
    deliberation: 'Deliberation',
    decision: 'Decision',
  },
  statuses: { pending: 'Pending', 'in-progress': 'In progress', done: 'Done', deferred: 'Deferred' },
  plannedMinutes: (n) => `${n} min`,
  minutes: 'Proceedings',
  noMinutes: 'The minutes have not been written yet.',
  decision: 'Decision',
  rationale: 'Rationale',
  decisionStatus: 'Status',
  decisionStatuses: {
    proposed: 'proposed',
    adopted: 'adopted',
    rejected: 'rejected',
    deferred: 'deferred',
    amended: 'amended',
    rescinded: 'rescinded',
  },
  decisions: 'Decisions',
  approval: 'Approval',
  approved: (at, m) => `Minutes approved on ${at}${m ? ` at the meeting “${m.title}” of ${m.date}` : ''}.`,
  amended: (at, m, reason) =>
    `Amendment approved on ${at}${m ? ` at the meeting “${m.title}” of ${m.date}` : ''}${
      reason ? ` (reason: ${reason})` : ''
    }.`,
  sha256: 'SHA-256 of the approved content',
  pageOf: ['Page ', ' of ', ''],
  generated: (at) => `Produced on ${at}`,
};

export const exportLabels = (language: Language): ExportLabels => (language === 'fr' ? FR : EN);

/**
 * Typography for a string shown in an export. Every language: the narrow no-break space that
 * Intl puts in some dates and times becomes a no-break space (the embedded font has no glyph for
 * it). French: a no-break space before : ; ? ! and », and after «, so they never start a line.
 */
export function typography(language: Language, text: string): string {
  // Most strings need nothing: they are left as they are, without running the replacements.
  if (!/[\u202f:;?!«»]/.test(text)) return text;
  const s = text.replace(/\u202f/g, '\u00a0');
  if (language !== 'fr') return s;
  return s
    .replace(/[ \t]+([:;?!»])/g, '\u00a0$1')
    .replace(/«[ \t]+/g, '«\u00a0')
    .replace(/«(?=[^\s\u00a0])/g, '«\u00a0')
    .replace(/([^\s\u00a0])»/g, '$1\u00a0»');
}
