/**
 * The words of the partnership report (GRIPP2-SF) and of the "how your input was used" notes, in
 * the committee's language, in plain words. Kinds, roles, purposes, page numbers and influence
 * levels are those of the minutes and the decision log (labels.ts, log-labels.ts).
 */
import type { EngagementLevel, Language } from '../../shared/domain';
import type {
  EngagementGot,
  QuestionnaireQuestion,
  ReportSection,
  VoiceGroup,
  VoiceMeasure,
} from '../../shared/ledger';
import { dateFormat } from './common';
import { exportLabels, type ExportLabels } from './labels';
import { logLabels, type LogLabels } from './log-labels';

export interface PartnershipLabels {
  base: ExportLabels;
  log: LogLabels;
  colon: string;
  documentKind: string;
  period: (from: string, to: string) => string;
  sections: Record<ReportSection, { title: string; prompt: string }>;
  toWrite: string;
  engagement: Record<EngagementLevel, string>;
  got: Record<EngagementGot, string>;
  groups: Record<VoiceGroup, string>;
  measures: Record<VoiceMeasure, string>;
  facts: {
    committee: string;
    area: string;
    mandate: string;
    noMandate: string;
    period: string;
    meetings: string;
    meetingsValue: (held: number, planned: number) => string;
    members: string;
    partners: string;
    itemsByPurpose: string;
    itemsBySought: string;
    decisions: string;
    withPartners: string;
    withPartnersValue: (taken: number, total: number) => string;
    promises: string;
    promisesValue: (kept: number, total: number) => string;
    promisesNotKept: string;
    /** `n` out of `total`. */
    ofTotal: (n: number, total: number) => string;
    shaped: string;
    shapedValue: (n: number, total: number, percent: string) => string;
    questionnaire: string;
    /** Some meetings' answers count: how many answers, from how many meetings. */
    questionnaireShown: (counted: number, meetings: number) => string;
    questionnaireHidden: string;
    /** Meetings left out for having fewer than `minimum` answers of their own. */
    questionnaireBelow: (answers: number, meetings: number, minimum: number) => string;
    /** Meetings left out while their questionnaire is open; `day`: when the first of them closes. */
    questionnaireOpen: (answers: number, meetings: number, day: string) => string;
    questionnaireRule: (minimum: number, days: number) => string;
  };
  areas: Record<string, string>;
  tables: {
    involved: string;
    involvedHeader: string[];
    balance: string;
    balanceHeader: string[];
    influence: string;
    influenceHeader: string[];
    evidence: string;
    evidenceHeader: string[];
    stages: string;
    stagesHeader: string[];
    shapedByMonth: string;
    shapedByMonthHeader: string[];
    questionnaire: string;
    questionnaireHeader: string[];
  };
  questions: Record<QuestionnaireQuestion, string>;
  percent: (share: number) => string;
  /** Answers to a statement left out (a meeting where too few answered it). */
  withheld: (n: number) => string;
  /** A calendar month (YYYY-MM) in words: "mars 2026". */
  month: (ym: string) => string;
  none: string;
  generated: (at: string) => string;
  /** The "how your input was used" note. */
  note: {
    title: (meeting: string, date: string) => string;
    greeting: (name: string) => string;
    intro: string;
    nothing: string;
    did: {
      speakingTurns: (n: number, minutes: number) => string;
      minutesText: (n: number) => string;
      positions: (n: number) => string;
      votes: (n: number) => string;
      proposals: (n: number) => string;
      comments: (n: number) => string;
    };
    youDid: string;
    became: string;
    noDecision: string;
    decision: (title: string, status: string, influence: string) => string;
    evidence: string;
    thanks: string;
  };
}

const s = (n: number, one: string, many: string) => (n > 1 ? many : one);
/** English: one, and every other count (0 answers). */
const en = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** A month (YYYY-MM) as its name and year in `locale`. */
const monthName = (locale: string, ym: string) =>
  dateFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${ym}-15T12:00:00Z`),
  );

const FR = (): PartnershipLabels => ({
  base: exportLabels('fr'),
  log: logLabels('fr'),
  colon: ' :',
  documentKind: 'Rapport de partenariat',
  period: (from, to) => `du ${from} au ${to}`,
  sections: {
    aim: {
      title: '1. But de la participation',
      prompt: 'Pourquoi le comité a fait participer des patients et des proches partenaires.',
    },
    methods: {
      title: '2. Méthodes',
      prompt: 'Qui a participé, à quelles étapes et à quel niveau d’engagement.',
    },
    results: {
      title: '3. Résultats',
      prompt: 'Ce que les partenaires ont apporté, et la part de voix de chacun.',
    },
    impact: {
      title: '4. Influence et retombées',
      prompt: 'Ce qui a changé grâce aux partenaires : l’influence consignée sur les décisions.',
    },
    reflections: {
      title: '5. Réflexions',
      prompt: 'Ce qui a bien fonctionné, ce qui a moins bien fonctionné, et ce que le comité fera autrement.',
    },
  },
  toWrite: 'À rédiger par le comité.',
  engagement: {
    information: 'Information',
    consultation: 'Consultation',
    collaboration: 'Collaboration',
    partnership: 'Partenariat',
  },
  got: {
    none: 'Aucun partenaire présent',
    information: 'Information',
    consultation: 'Consultation',
    collaboration: 'Collaboration',
    partnership: 'Partenariat',
  },
  groups: {
    partners: 'Patients et proches partenaires',
    professionals: 'Professionnels, gestionnaires et chercheurs',
    others: 'Autres membres',
  },
  measures: {
    speakingSeconds: 'Temps de parole',
    minutesText: 'Texte du compte rendu',
    proposals: 'Propositions',
    decisions: 'Participation aux décisions',
  },
  facts: {
    committee: 'Comité',
    area: 'Domaine',
    mandate: 'Mandat du comité',
    noMandate: 'Le mandat n’a pas été consigné.',
    period: 'Période',
    meetings: 'Rencontres',
    meetingsValue: (held, planned) =>
      `${held} ${s(held, 'rencontre tenue', 'rencontres tenues')}${planned ? `, ${planned} à venir` : ''}`,
    members: 'Membres',
    partners: 'Patients et proches partenaires',
    itemsByPurpose: 'Points à l’ordre du jour, par objet',
    itemsBySought: 'Points à l’ordre du jour, par niveau d’engagement visé',
    decisions: 'Décisions',
    withPartners: 'Décisions auxquelles des partenaires ont pris part',
    withPartnersValue: (taken, total) => `${taken} sur ${total}`,
    promises: 'Engagement promis aux partenaires',
    promisesValue: (kept, total) => `atteint pour ${kept} ${s(kept, 'point', 'points')} sur ${total}`,
    promisesNotKept: 'Points où aucun partenaire n’a pu s’exprimer alors qu’on les consultait',
    ofTotal: (n, total) => `${n} sur ${total}`,
    shaped: 'Décisions façonnées ou codécidées par les partenaires',
    shapedValue: (n, total, percent) =>
      `${n} sur ${total} ${s(total, 'décision prise', 'décisions prises')} (${percent})`,
    questionnaire: 'Questionnaire sur l’expérience des partenaires',
    questionnaireShown: (counted, meetings) =>
      `${counted} réponses anonymes, de ${meetings} ${s(meetings, 'rencontre', 'rencontres')}.`,
    questionnaireHidden: 'Aucun résultat à montrer pour cette période.',
    questionnaireBelow: (answers, meetings, minimum) =>
      `Non comptées : ${answers} ${s(answers, 'réponse', 'réponses')} de ${meetings} ${s(meetings, 'rencontre qui en a reçu', 'rencontres qui en ont reçu')} moins de ${minimum}.`,
    questionnaireOpen: (answers, meetings, day) =>
      meetings === 1
        ? `Questionnaire encore ouvert pour 1 rencontre (${answers} ${s(answers, 'réponse', 'réponses')} jusqu’ici) : ses réponses ne compteront qu’une fois le questionnaire fermé, le ${day}.`
        : `Questionnaire encore ouvert pour ${meetings} rencontres (${answers} ${s(answers, 'réponse', 'réponses')} jusqu’ici) : leurs réponses ne compteront qu’une fois chaque questionnaire fermé (le premier ferme le ${day}).`,
    questionnaireRule: (minimum, days) =>
      `Les réponses d’une rencontre ne comptent qu’à partir de ${minimum} réponses à cette rencontre, et seulement une fois son questionnaire fermé, ${days} jours après la rencontre, pour que personne ne puisse être reconnu.`,
  },
  areas: {
    governance: 'Gouvernance',
    'care-and-services': 'Soins et services',
    research: 'Recherche',
    teaching: 'Enseignement',
    'political-influence': 'Influence politique',
  },
  tables: {
    involved: 'Qui a participé',
    involvedHeader: ['Type de membre', 'Membres', 'Niveau d’engagement', 'Présence moyenne'],
    balance: 'Part de voix',
    balanceHeader: ['Mesure', 'Partenaires', 'Professionnels', 'Autres', 'Total'],
    influence: 'Influence des partenaires sur les décisions',
    influenceHeader: ['Influence consignée', 'Décisions'],
    evidence: 'Ce qui a changé grâce aux partenaires',
    evidenceHeader: ['Décision', 'Rencontre', 'Influence', 'Preuve'],
    stages:
      'Étapes : les points à l’ordre du jour selon leur objet, ceux où des partenaires ont agi (pris la parole, écrit au compte rendu, proposé, pris position ou commenté), le niveau d’engagement visé et celui obtenu',
    stagesHeader: [
      'Étape (objet du point)',
      'Points',
      'Où des partenaires ont agi',
      'Niveau visé',
      'Niveau obtenu',
    ],
    shapedByMonth: 'Décisions façonnées ou codécidées par les partenaires, mois par mois',
    shapedByMonthHeader: ['Mois', 'Décisions prises', 'Façonnées ou codécidées', 'Part'],
    questionnaire: 'Questionnaire (moyenne sur 5, part d’accord)',
    questionnaireHeader: ['Énoncé', 'Réponses', 'Moyenne', 'D’accord'],
  },
  questions: {
    heard: 'On m’a écouté·e.',
    prepared: 'J’avais ce qu’il me fallait pour participer.',
    mattered: 'Mon apport a compté.',
  },
  percent: (share) => `${Math.round(share * 100)} %`,
  withheld: (n) => `et ${n} laissée${n > 1 ? 's' : ''} de côté`,
  month: (ym) => monthName('fr-CA', ym),
  none: 'Aucune',
  generated: (at) => `Rapport produit le ${at} par Coconstruct`,
  note: {
    title: (meeting, date) => `Comment votre apport a été utilisé — ${meeting} (${date})`,
    greeting: (name) => `Bonjour ${name},`,
    intro:
      'Merci de votre participation. Voici les points où vous avez contribué, et ce qu’il en est advenu.',
    nothing: 'Nous n’avons consigné aucune contribution de votre part à un point de cette rencontre.',
    did: {
      speakingTurns: (n, minutes) => `${n} ${s(n, 'intervention', 'interventions')} (${minutes} min)`,
      minutesText: (n) => `${n} ${s(n, 'caractère écrit', 'caractères écrits')} au compte rendu`,
      positions: (n) => `${n} ${s(n, 'position exprimée', 'positions exprimées')}`,
      votes: (n) => `${n} ${s(n, 'vote', 'votes')}`,
      proposals: (n) => `${n} ${s(n, 'proposition', 'propositions')}`,
      comments: (n) => `${n} ${s(n, 'commentaire', 'commentaires')}`,
    },
    youDid: 'Votre apport',
    became: 'Ce qu’il en est advenu',
    noDecision: 'Aucune décision n’a été prise sur ce point.',
    decision: (title, status, influence) =>
      `« ${title} » : ${status} ; influence des partenaires : ${influence}`,
    evidence: 'Ce qui a changé',
    thanks: 'Merci encore. N’hésitez pas à en parler avec la coprésidence.',
  },
});

const EN = (): PartnershipLabels => ({
  base: exportLabels('en'),
  log: logLabels('en'),
  colon: ':',
  documentKind: 'Partnership report',
  period: (from, to) => `from ${from} to ${to}`,
  sections: {
    aim: {
      title: '1. Aim of the involvement',
      prompt: 'Why the committee involved patient and caregiver partners.',
    },
    methods: {
      title: '2. Methods',
      prompt: 'Who was involved, at which stages, and at which engagement level.',
    },
    results: { title: '3. Results', prompt: 'What partners contributed, and each group’s share of voice.' },
    impact: {
      title: '4. Influence and impact',
      prompt: 'What changed because of the partners: the influence recorded on decisions.',
    },
    reflections: {
      title: '5. Reflections',
      prompt: 'What went well, what went less well, and what the committee will do differently.',
    },
  },
  toWrite: 'To be written by the committee.',
  engagement: {
    information: 'Information',
    consultation: 'Consultation',
    collaboration: 'Collaboration',
    partnership: 'Partnership',
  },
  got: {
    none: 'No partner present',
    information: 'Information',
    consultation: 'Consultation',
    collaboration: 'Collaboration',
    partnership: 'Partnership',
  },
  groups: {
    partners: 'Patient and caregiver partners',
    professionals: 'Professionals, managers and researchers',
    others: 'Other members',
  },
  measures: {
    speakingSeconds: 'Speaking time',
    minutesText: 'Text of the minutes',
    proposals: 'Proposals',
    decisions: 'Taking part in decisions',
  },
  facts: {
    committee: 'Committee',
    area: 'Area',
    mandate: 'Mandate of the committee',
    noMandate: 'No mandate was recorded.',
    period: 'Period',
    meetings: 'Meetings',
    meetingsValue: (held, planned) =>
      `${held} ${s(held, 'meeting held', 'meetings held')}${planned ? `, ${planned} to come` : ''}`,
    members: 'Members',
    partners: 'Patient and caregiver partners',
    itemsByPurpose: 'Agenda items, by purpose',
    itemsBySought: 'Agenda items, by engagement level sought',
    decisions: 'Decisions',
    withPartners: 'Decisions partners took part in',
    withPartnersValue: (taken, total) => `${taken} of ${total}`,
    promises: 'Engagement promised to partners',
    promisesValue: (kept, total) => `reached for ${kept} of ${total} ${s(total, 'item', 'items')}`,
    promisesNotKept: 'Items where partners were consulted but none of them spoke or wrote',
    ofTotal: (n, total) => `${n} of ${total}`,
    shaped: 'Decisions partners shaped or co-decided',
    shapedValue: (n, total, percent) =>
      `${n} of ${total} ${s(total, 'decision', 'decisions')} taken (${percent})`,
    questionnaire: 'Partners’ experience questionnaire',
    questionnaireShown: (counted, meetings) =>
      `${counted} anonymous answers, from ${meetings} ${en(meetings, 'meeting', 'meetings')}.`,
    questionnaireHidden: 'No results to show for this period.',
    questionnaireBelow: (answers, meetings, minimum) =>
      `Not counted: ${answers} ${en(answers, 'answer', 'answers')} from ${meetings} ${en(meetings, 'meeting', 'meetings')} with fewer than ${minimum} answers.`,
    questionnaireOpen: (answers, meetings, day) =>
      meetings === 1
        ? `Questionnaire still open for 1 meeting (${answers} ${en(answers, 'answer', 'answers')} so far): its answers count only once it closes, on ${day}.`
        : `Questionnaire still open for ${meetings} meetings (${answers} ${en(answers, 'answer', 'answers')} so far): their answers count only once each closes (the first on ${day}).`,
    questionnaireRule: (minimum, days) =>
      `A meeting’s answers count only from ${minimum} answers at that meeting, and only once its questionnaire has closed, ${days} days after the meeting, so that no one can be recognised.`,
  },
  areas: {
    governance: 'Governance',
    'care-and-services': 'Care and services',
    research: 'Research',
    teaching: 'Teaching',
    'political-influence': 'Political influence',
  },
  tables: {
    involved: 'Who was involved',
    involvedHeader: ['Kind of member', 'Members', 'Engagement level', 'Average attendance'],
    balance: 'Share of voice',
    balanceHeader: ['Measure', 'Partners', 'Professionals', 'Others', 'Total'],
    influence: 'Partners’ influence on decisions',
    influenceHeader: ['Influence recorded', 'Decisions'],
    evidence: 'What changed because of the partners',
    evidenceHeader: ['Decision', 'Meeting', 'Influence', 'Evidence'],
    stages:
      'Stages: the agenda items by purpose, those partners acted on (spoke, wrote in the minutes, proposed, took a position or commented), and the engagement level sought and got',
    stagesHeader: ['Stage (purpose of the item)', 'Items', 'Partners acted on', 'Level sought', 'Level got'],
    shapedByMonth: 'Decisions partners shaped or co-decided, month by month',
    shapedByMonthHeader: ['Month', 'Decisions taken', 'Shaped or co-decided', 'Share'],
    questionnaire: 'Questionnaire (mean out of 5, share who agree)',
    questionnaireHeader: ['Statement', 'Answers', 'Mean', 'Agree'],
  },
  questions: {
    heard: 'I was heard.',
    prepared: 'I had what I needed to take part.',
    mattered: 'My input mattered.',
  },
  percent: (share) => `${Math.round(share * 100)}%`,
  withheld: (n) => `and ${n} left out`,
  month: (ym) => monthName('en-CA', ym),
  none: 'None',
  generated: (at) => `Report produced on ${at} by Coconstruct`,
  note: {
    title: (meeting, date) => `How your input was used — ${meeting} (${date})`,
    greeting: (name) => `Hello ${name},`,
    intro: 'Thank you for taking part. Here are the items you contributed to, and what became of each.',
    nothing: 'We recorded no contribution of yours to an item of this meeting.',
    did: {
      speakingTurns: (n, minutes) => `${n} speaking ${s(n, 'turn', 'turns')} (${minutes} min)`,
      minutesText: (n) => `${n} ${s(n, 'character', 'characters')} written in the minutes`,
      positions: (n) => `${n} ${s(n, 'position', 'positions')} stated`,
      votes: (n) => `${n} ${s(n, 'vote', 'votes')}`,
      proposals: (n) => `${n} ${s(n, 'proposal', 'proposals')}`,
      comments: (n) => `${n} ${s(n, 'comment', 'comments')}`,
    },
    youDid: 'Your input',
    became: 'What became of it',
    noDecision: 'No decision was made on this item.',
    decision: (title, status, influence) => `“${title}”: ${status}; partners’ influence: ${influence}`,
    evidence: 'What changed',
    thanks: 'Thank you again. Feel free to talk about it with the co-chairs.',
  },
});

const cache = new Map<Language, PartnershipLabels>();
export const partnershipLabels = (language: Language): PartnershipLabels => {
  let l = cache.get(language);
  if (!l) cache.set(language, (l = language === 'fr' ? FR() : EN()));
  return l;
};
