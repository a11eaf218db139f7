/**
 * The partnership report (GRIPP2-SF) of a seeded committee year: filled from the data as the seed
 * made it, the parts people write saved and kept, and the exports (PDF, DOCX, Markdown) read back
 * in French and in English, accents included; the questionnaire's aggregates only from meetings
 * whose questionnaire has closed with at least the minimum count of answers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QUESTIONNAIRE_MIN_COUNT,
  QUESTIONNAIRE_OPEN_DAYS,
  type PartnershipReport,
} from '../src/shared/ledger';
import { columnWidths, renderReportPdf } from '../src/core/exports/partnership-report-files';
import { OWNER_TOKEN, call, post, runDeferred } from './helpers';
import { expectError } from './fixtures';
import { partnersActed, seededYear, type SeededYear } from './ledger-fixtures';

let y: SeededYear;
const YEAR = { from: '2026-01-01', to: '2026-12-31' };

beforeAll(async () => {
  y = await seededYear({ seed: 11 });
}, 180_000);
afterAll(runDeferred);

async function exportAs(format: 'pdf' | 'docx' | 'md', token = OWNER_TOKEN, period = YEAR) {
  const res = await fetch(`${y.t.hub.url}/api/report.export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ committeeId: y.seed.committeeId, ...period, format }),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (process.env.EXPORTS_DIR && res.status === 200) {
    mkdirSync(process.env.EXPORTS_DIR, { recursive: true });
    const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1];
    writeFileSync(join(process.env.EXPORTS_DIR, decodeURIComponent(name ?? `report.${format}`)), bytes);
  }
  return { status: res.status, headers: res.headers, bytes };
}

async function docxText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
    .join('\n');
}

/** The text of each page of a PDF (`lastOnly`: of its last page only, in a list of one). */
async function pdfPages(bytes: Uint8Array, lastOnly = false): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let i = lastOnly ? pdf.numPages : 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
  }
  await pdf.destroy();
  return pages;
}

const pdfText = async (bytes: Uint8Array): Promise<string> => (await pdfPages(bytes)).join('\n');

/** Text with no-break spaces and runs of white space made plain spaces. */
const flat = (s: string) => s.replace(/[\u00a0\u202f\s]+/g, ' ');

const section = (r: PartnershipReport, key: string) => r.sections.find((s) => s.key === key)!;
const fact = (r: PartnershipReport, key: string, label: string) =>
  section(r, key).facts.find((f) => f.label === label)?.value;

describe('the partnership report of a seeded year', () => {
  it('is structured on GRIPP2-SF and filled from what the committee did', async () => {
    const { seed } = y;
    const r = await call(y.t.hub, y.token('Denis Gauthier'), 'report.get', {
      committeeId: seed.committeeId,
      ...YEAR,
    });
    expect(r.sections.map((s) => s.key)).toEqual(['aim', 'methods', 'results', 'impact', 'reflections']);
    expect(r.sections.map((s) => s.title)).toEqual([
      '1. But de la participation',
      '2. Méthodes',
      '3. Résultats',
      '4. Influence et retombées',
      '5. Réflexions',
    ]);
    expect(fact(r, 'aim', 'Mandat du comité')).toMatch(/^Améliorer l’expérience de soins/);
    expect(fact(r, 'methods', 'Rencontres')).toBe('12 rencontres tenues');
    expect(fact(r, 'methods', 'Membres')).toBe('12');
    expect(fact(r, 'methods', 'Patients et proches partenaires')).toBe('5');
    const purposes = {
      information: 'Information',
      consultation: 'Consultation',
      deliberation: 'Délibération',
      decision: 'Décision',
    };
    for (const [p, label] of Object.entries(purposes)) {
      const n = seed.items.filter((i) => i.purpose === p).length;
      if (n) expect(fact(r, 'methods', 'Points à l’ordre du jour, par objet')).toContain(`${label} (${n})`);
    }
    // Who was involved, by kind: how many, at which engagement level, and how often they came.
    const involved = section(r, 'methods').tables[0]!;
    const patients = involved.rows.find((row) => row[0] === 'Patient partenaire')!;
    expect(patients[1]).toBe('3');
    const kindLabels: Record<string, string> = {
      'patient-partner': 'Patient partenaire',
      'caregiver-partner': 'Proche aidant partenaire',
      professional: 'Professionnel·le',
      manager: 'Gestionnaire',
      researcher: 'Chercheur·e',
      citizen: 'Citoyen·ne',
      staff: 'Personnel de soutien',
    };
    const levelLabels = [
      ['information', 'Information'],
      ['consultation', 'Consultation'],
      ['collaboration', 'Collaboration'],
      ['partnership', 'Partenariat'],
    ] as const;
    expect(involved.rows).toHaveLength(Object.keys(kindLabels).length);
    for (const [kind, label] of Object.entries(kindLabels)) {
      const ofKind = seed.members.filter((s) => s.member.kind === kind).map((s) => s.member);
      const levels = levelLabels
        .map(([l, name]) => [name, ofKind.filter((m) => m.engagementLevel === l).length] as const)
        .filter(([, n]) => n > 0)
        .map(([name, n]) => `${name} (${n})`)
        .join(', ');
      let came = 0;
      for (const m of seed.meetings)
        for (const member of ofKind) if (['present', 'remote'].includes(m.attendance[member.id]!)) came++;
      const attendance = `${Math.round((came / (ofKind.length * seed.meetings.length)) * 100)} %`;
      expect(
        involved.rows.find((row) => row[0] === label),
        label,
      ).toEqual([label, String(ofKind.length), levels, attendance]);
    }

    // Influence and impact: the decisions and the influence the seed recorded.
    const decisions = seed.items.flatMap((i) => i.decisions);
    expect(fact(r, 'impact', 'Décisions')).toBe(String(decisions.length));
    const influence = section(r, 'impact').tables[0]!;
    for (const [level, label] of [
      ['none', 'Aucune'],
      ['informed', 'Informée'],
      ['shaped', 'Façonnée'],
      ['co-decided', 'Codécidée'],
    ] as const) {
      const row = influence.rows.find((x) => x[0] === label)!;
      expect(row[1], label).toBe(String(decisions.filter((d) => d.influence === level).length));
    }
    expect(fact(r, 'impact', 'Points où aucun partenaire n’a pu s’exprimer alors qu’on les consultait')).toBe(
      String(seed.items.filter((i) => i.quiet).length),
    );
    // Decisions partners took part in (proposed, took a position, a named vote, spoke to it).
    const withPartners = seed.items.filter((i) =>
      Object.entries(i.tally).some(
        ([id, t]) =>
          y.groupOf(id) === 'partners' && t.decisionsProposed + t.positions + t.votes + t.decisionsSpoken > 0,
      ),
    );
    const taken = withPartners.flatMap((i) => i.decisions).length;
    expect(taken).toBeGreaterThan(0);
    expect(fact(r, 'impact', 'Décisions auxquelles des partenaires ont pris part')).toBe(
      `${taken} sur ${decisions.length}`,
    );
    // What changed thanks to partners: each decision the seed recorded as shaped or co-decided,
    // with its meeting and day (a title can come back at another meeting).
    const evidence = section(r, 'impact').tables[1]!;
    expect(evidence.header).toEqual(['Décision', 'Rencontre', 'Influence', 'Preuve']);
    const longDay = (iso: string) =>
      new Intl.DateTimeFormat('fr-CA', { dateStyle: 'long' }).format(new Date(iso));
    const meetingOf = (id: string) => seed.meetings.find((m) => m.id === id)!;
    const shapedOrCoDecided = seed.items.flatMap((i) =>
      i.decisions
        .filter((d) => d.influence === 'shaped' || d.influence === 'co-decided')
        .map((d) => ({ ...d, meeting: meetingOf(i.meetingId) })),
    );
    expect(evidence.rows.map((row) => row.slice(0, 3).join(' | '))).toEqual(
      shapedOrCoDecided.map(
        (d) =>
          `${d.title} | ${d.meeting.title}, ${longDay(d.meeting.startsAt)} | ${d.influence === 'shaped' ? 'Façonnée' : 'Codécidée'}`,
      ),
    );
    // A title that comes back at another meeting is told apart by its meeting and day.
    expect(new Set(evidence.rows.map((row) => `${row[0]} ${row[1]}`)).size).toBe(shapedOrCoDecided.length);
    expect(evidence.rows.every((row) => row[3]!.length > 20)).toBe(true);
    // Promises kept: the items whose level got (from the influence recorded and the partners'
    // acts, as the seed made them) reached the level sought.
    const LEVELS = ['information', 'consultation', 'collaboration', 'partnership'];
    const reached = seed.items.filter((i) => {
      const influences = i.decisions.map((d) => d.influence);
      const got = influences.includes('co-decided')
        ? 'partnership'
        : influences.includes('shaped')
          ? 'collaboration'
          : i.quiet
            ? 'information'
            : 'consultation';
      return LEVELS.indexOf(got) >= LEVELS.indexOf(i.sought);
    }).length;
    expect(fact(r, 'impact', 'Engagement promis aux partenaires')).toBe(
      `atteint pour ${reached} points sur ${seed.items.length}`,
    );

    // At which stages: per purpose of the items, how many, on how many partners acted (spoke,
    // wrote, proposed, took a position or commented, as the seed made them), the levels sought and got.
    const gotLabels = {
      none: 'Aucun partenaire présent',
      information: 'Information',
      consultation: 'Consultation',
      collaboration: 'Collaboration',
      partnership: 'Partenariat',
    } as const;
    const gotOf = (i: (typeof seed.items)[number]) => {
      const influences = i.decisions.map((d) => d.influence);
      return influences.includes('co-decided')
        ? 'partnership'
        : influences.includes('shaped')
          ? 'collaboration'
          : i.quiet
            ? 'information'
            : 'consultation';
    };
    const acted = (i: (typeof seed.items)[number]) => partnersActed(i.tally, y.groupOf);
    const counted = (levels: string[]) =>
      (Object.keys(gotLabels) as (keyof typeof gotLabels)[])
        .map((l) => [gotLabels[l], levels.filter((x) => x === l).length] as const)
        .filter(([, n]) => n > 0)
        .map(([name, n]) => `${name} (${n})`)
        .join(', ');
    const stages = section(r, 'methods').tables[1]!;
    expect(stages.header).toEqual([
      'Étape (objet du point)',
      'Points',
      'Où des partenaires ont agi',
      'Niveau visé',
      'Niveau obtenu',
    ]);
    expect(stages.rows.map((row) => row[0])).toEqual(Object.values(purposes));
    for (const [p, label] of Object.entries(purposes)) {
      const items = seed.items.filter((i) => i.purpose === p);
      expect(items.length, label).toBeGreaterThan(0);
      expect(
        stages.rows.find((row) => row[0] === label),
        label,
      ).toEqual([
        label,
        String(items.length),
        `${items.filter(acted).length} sur ${items.length}`,
        counted(items.map((i) => i.sought)),
        counted(items.map(gotOf)),
      ]);
    }
    // The quiet items (sought for consultation, no partner acted) are among them: not every item counts.
    expect(seed.items.filter(acted).length).toBe(
      seed.items.length - seed.items.filter((i) => i.quiet).length,
    );

    // Results: the decisions partners shaped or co-decided, over the year and month by month.
    const influential = (ds: { influence: string }[]) =>
      ds.filter((d) => d.influence === 'shaped' || d.influence === 'co-decided').length;
    const pctOf = (n: number, total: number) => `${Math.round((n / total) * 100)} %`;
    expect(fact(r, 'results', 'Décisions façonnées ou codécidées par les partenaires')).toBe(
      `${influential(decisions)} sur ${decisions.length} décisions prises (${pctOf(influential(decisions), decisions.length)})`,
    );
    const byMonth = section(r, 'results').tables[1]!;
    expect(byMonth.header).toEqual(['Mois', 'Décisions prises', 'Façonnées ou codécidées', 'Part']);
    expect(byMonth.rows).toEqual(
      seed.meetings.map((m) => {
        const ds = seed.items.filter((i) => i.meetingId === m.id).flatMap((i) => i.decisions);
        return [
          new Intl.DateTimeFormat('fr-CA', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
            new Date(m.startsAt),
          ),
          String(ds.length),
          String(influential(ds)),
          ds.length ? pctOf(influential(ds), ds.length) : '—',
        ];
      }),
    );

    // Results: the partners' share of speaking time, as the seed gave the floor.
    let partners = 0;
    let total = 0;
    for (const [id, t] of Object.entries(seed.byMember)) {
      total += t.speakingSeconds;
      if (y.groupOf(id) === 'partners') partners += t.speakingSeconds;
    }
    const speaking = section(r, 'results').tables[0]!.rows.find((row) => row[0] === 'Temps de parole')!;
    expect(speaking[1]).toBe(`${Math.round((partners / total) * 100)} %`);

    // Nobody is named: members are counted by kind.
    const text = JSON.stringify(r);
    for (const { member } of seed.members) expect(text).not.toContain(member.name);
  });

  it('keeps what people write in each part, and only co-chairs and secretaries write it', async () => {
    const { seed } = y;
    const base = { committeeId: seed.committeeId, ...YEAR };
    const saved = await call(y.t.hub, y.token('Chloé Pelletier'), 'report.save', {
      ...base,
      texts: {
        aim: 'Donner aux usagers une voix réelle dans l’amélioration des soins.',
        reflections:
          'Les partenaires ont été écoutés.\n\nÀ améliorer : l’envoi des documents une semaine à l’avance.',
      },
    });
    expect(section(saved, 'aim').text).toBe(
      'Donner aux usagers une voix réelle dans l’amélioration des soins.',
    );
    expect(saved.savedBy).toBe(y.id('Chloé Pelletier'));
    // A later save of one part keeps the others.
    await call(y.t.hub, y.token('Marc Gagnon'), 'report.save', {
      ...base,
      texts: { methods: 'Rencontres mensuelles.' },
    });
    const r = await call(y.t.hub, y.token('Louise Bouchard'), 'report.get', base);
    expect(section(r, 'aim').text).toMatch(/^Donner aux usagers/);
    expect(section(r, 'methods').text).toBe('Rencontres mensuelles.');
    expect(section(r, 'reflections').text).toContain('À améliorer');
    // Another period has its own texts.
    const q1 = await call(y.t.hub, OWNER_TOKEN, 'report.get', { ...base, to: '2026-03-31' });
    expect(section(q1, 'aim').text).toBe('');
    expect(fact(q1, 'methods', 'Rencontres')).toBe('3 rencontres tenues');

    for (const name of ['Louise Bouchard', 'Denis Gauthier'])
      expectError(
        await post(y.t.hub, y.token(name), 'report.save', { ...base, texts: { aim: 'x' } }),
        403,
        'forbidden',
      );
    expectError(
      await post(y.t.hub, y.token('Louise Bouchard'), 'report.export', { ...base, format: 'md' }),
      403,
      'forbidden',
    );
  });

  it('exports in French (PDF, DOCX, Markdown) with the written parts and the aggregates', async () => {
    const texts: Record<string, string> = {};
    for (const format of ['md', 'docx', 'pdf'] as const) {
      const file = await exportAs(format, y.token('Chloé Pelletier'));
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toContain(`.${format}`);
      texts[format] = flat(
        format === 'md'
          ? new TextDecoder().decode(file.bytes)
          : format === 'docx'
            ? await docxText(file.bytes)
            : await pdfText(file.bytes),
      );
    }
    for (const [format, s] of Object.entries(texts)) {
      for (const needle of [
        'Rapport de partenariat',
        'Comité des usagers et des partenaires',
        '1. But de la participation',
        '5. Réflexions',
        'du 1er janvier 2026 au 31 décembre 2026',
        'Donner aux usagers une voix réelle dans l’amélioration des soins.',
        'À améliorer : l’envoi des documents une semaine à l’avance.',
        'Part de voix',
        'Étapes : les points à l’ordre du jour selon leur objet',
        'Où des partenaires ont agi',
        'Décisions façonnées ou codécidées par les partenaires, mois par mois',
        'On m’a écouté·e.',
        'À rédiger par le comité.',
      ])
        expect(s, `${format}: ${needle}`).toContain(needle);
      // In GRIPP2-SF order.
      const order = ['1. But', '2. Méthodes', '3. Résultats', '4. Influence', '5. Réflexions'].map((h) =>
        s.indexOf(h),
      );
      expect(
        [...order].sort((a, b) => a - b),
        format,
      ).toEqual(order);
    }
  });

  it('hides the questionnaire below the minimum count of answers, in the report and its exports', async () => {
    const { seed } = y;
    const few = seed.meetings.find((m) => seed.questionnaire.perMeeting[m.id]! < QUESTIONNAIRE_MIN_COUNT)!;
    expect(few).toBeDefined();
    const day = few.startsAt.slice(0, 10);
    const r = await call(y.t.hub, OWNER_TOKEN, 'report.get', {
      committeeId: seed.committeeId,
      from: day,
      to: day,
    });
    expect(section(r, 'reflections').tables).toEqual([]);
    expect(fact(r, 'reflections', 'Questionnaire sur l’expérience des partenaires')).toContain(
      `à partir de ${QUESTIONNAIRE_MIN_COUNT} réponses`,
    );
    const md = new TextDecoder().decode((await exportAs('md', OWNER_TOKEN, { from: day, to: day })).bytes);
    expect(md).not.toContain('On m’a écouté·e.');
    expect(
      flat(await pdfText((await exportAs('pdf', OWNER_TOKEN, { from: day, to: day })).bytes)),
    ).not.toContain('écouté·e');
  });

  it('leaves a meeting below the minimum out of the totals of any period, and says so', async () => {
    const { seed } = y;
    const closes = (id: string) => Date.parse(seed.questionnaire.closesAt[id]!);
    const answers = (id: string) => seed.questionnaire.perMeeting[id] ?? 0;
    const now = y.clock.now().getTime();
    // A meeting whose questionnaire has closed with some answers, fewer than the minimum.
    const few = seed.meetings.find(
      (m) => closes(m.id) <= now && answers(m.id) > 0 && answers(m.id) < QUESTIONNAIRE_MIN_COUNT,
    )!;
    expect(few).toBeDefined();
    const day = few.startsAt.slice(0, 10);
    const before = new Date(Date.parse(few.startsAt) - 86_400_000).toISOString().slice(0, 10);
    const upTo = (to: string) =>
      call(y.t.hub, OWNER_TOKEN, 'report.get', { committeeId: seed.committeeId, from: YEAR.from, to });
    const [withIt, without] = [await upTo(day), await upTo(before)];
    // The year up to its day, minus the year up to the day before, shows nothing of its answers.
    expect(section(withIt, 'reflections').tables).toEqual(section(without, 'reflections').tables);
    const counted = seed.meetings.filter(
      (m) =>
        m.startsAt.slice(0, 10) <= day && closes(m.id) <= now && answers(m.id) >= QUESTIONNAIRE_MIN_COUNT,
    );
    const below = seed.meetings.filter(
      (m) =>
        m.startsAt.slice(0, 10) <= day &&
        closes(m.id) <= now &&
        answers(m.id) > 0 &&
        answers(m.id) < QUESTIONNAIRE_MIN_COUNT,
    );
    const said = fact(withIt, 'reflections', 'Questionnaire sur l’expérience des partenaires')!;
    const sum = (ms: typeof below) => ms.reduce((n, m) => n + answers(m.id), 0);
    const s = (n: number, one: string, many: string) => (n > 1 ? many : one);
    if (counted.length)
      expect(said).toContain(
        `${sum(counted)} réponses anonymes, de ${counted.length} ${s(counted.length, 'rencontre', 'rencontres')}.`,
      );
    else expect(said).toContain('Aucun résultat à montrer pour cette période.');
    expect(said).toContain(
      `Non comptées : ${sum(below)} ${s(sum(below), 'réponse', 'réponses')} de ${below.length} ${s(below.length, 'rencontre qui en a reçu', 'rencontres qui en ont reçu')} moins de ${QUESTIONNAIRE_MIN_COUNT}.`,
    );
    expect(said).toContain(
      `Les réponses d’une rencontre ne comptent qu’à partir de ${QUESTIONNAIRE_MIN_COUNT} réponses à cette rencontre, et seulement une fois son questionnaire fermé, ${QUESTIONNAIRE_OPEN_DAYS} jours après la rencontre, pour que personne ne puisse être reconnu.`,
    );
    // Over the year, the meeting just held is not counted yet: its questionnaire is still open.
    const year = await call(y.t.hub, OWNER_TOKEN, 'report.get', { committeeId: seed.committeeId, ...YEAR });
    const open = seed.meetings.filter((m) => closes(m.id) > now);
    expect(open.length).toBeGreaterThan(0);
    expect(fact(year, 'reflections', 'Questionnaire sur l’expérience des partenaires')).toContain(
      `Questionnaire encore ouvert pour ${open.length === 1 ? '1 rencontre' : `${open.length} rencontres`} (${sum(open)} ${s(sum(open), 'réponse', 'réponses')} jusqu’ici)`,
    );
  });

  it('exports in English when the committee works in English', async () => {
    const { seed } = y;
    await call(y.t.hub, y.token('Amina Tremblay'), 'committees.update', {
      id: seed.committeeId,
      language: 'en',
    });
    try {
      await call(y.t.hub, OWNER_TOKEN, 'report.save', {
        committeeId: seed.committeeId,
        ...YEAR,
        texts: { impact: 'Partners reshaped the café menu and the clinic’s welcome letter.' },
      });
      for (const format of ['md', 'docx', 'pdf'] as const) {
        const file = await exportAs(format);
        const s = flat(
          format === 'md'
            ? new TextDecoder().decode(file.bytes)
            : format === 'docx'
              ? await docxText(file.bytes)
              : await pdfText(file.bytes),
        );
        for (const needle of [
          'Partnership report',
          '1. Aim of the involvement',
          '4. Influence and impact',
          '5. Reflections',
          'from January 1, 2026 to December 31, 2026',
          'Partners reshaped the café menu and the clinic’s welcome letter.',
          'Share of voice',
          'Stages: the agenda items by purpose',
          'Partners acted on',
          'Decisions partners shaped or co-decided, month by month',
          'I was heard.',
          // What people wrote stays in the language they wrote it in.
          'Les partenaires ont été écoutés.',
        ])
          expect(s, `${format}: ${needle}`).toContain(needle);
        expect(s, format).not.toContain('Rapport de partenariat');
      }
    } finally {
      await call(y.t.hub, OWNER_TOKEN, 'committees.update', { id: seed.committeeId, language: 'fr' });
    }
  });

  it('lays out its PDF with no page holding only the line saying when it was produced, and no caption at the foot of a page', async () => {
    const r = await call(y.t.hub, OWNER_TOKEN, 'report.get', { committeeId: y.seed.committeeId, ...YEAR });
    const title = `Rapport de partenariat — ${r.committeeName}`;
    const captions = r.sections.flatMap((s) => s.tables.map((t) => flat(t.caption)));
    const now = y.clock.now();
    // One part written one line longer each time. The last part: the end of the text comes at every
    // height of a page, so that somewhere the line saying when the report was produced has just
    // enough room left, or just not. The first part: everything after it, tables among it, moves
    // down a page, so that somewhere a caption has just enough room left, or just not.
    const pageCounts = new Set<number>();
    for (const part of ['reflections', 'aim'] as const)
      for (let lines = 0; lines <= 48; lines++) {
        const text = Array.from({ length: lines }, (_, i) => `Ligne ${i + 1} du comité.`).join('\n');
        const report = { ...r, sections: r.sections.map((s) => (s.key === part ? { ...s, text } : s)) };
        const bytes = renderReportPdf(report, now);
        if (process.env.EXPORTS_DIR)
          writeFileSync(join(process.env.EXPORTS_DIR, `layout-${part}-${lines}.pdf`), bytes);
        const pages = (await pdfPages(bytes)).map((p) =>
          flat(p)
            .replace(title, '')
            .replace(/Page \d+ de \d+/, '')
            .trim(),
        );
        pageCounts.add(pages.length);
        const what = `${lines} lines in ${part}`;
        const last = pages[pages.length - 1]!;
        expect(last, what).toMatch(/Rapport produit le .* par Coconstruct$/);
        expect(
          last.replace(/Rapport produit le .* par Coconstruct$/, '').trim(),
          `${what}: the last page holds more than the line saying when`,
        ).not.toBe('');
        for (const [i, page] of pages.entries())
          for (const caption of captions)
            expect(page.endsWith(caption), `${what}: page ${i + 1} ends with “${caption}”`).toBe(false);
      }
    // The text went over more than one page end.
    expect(pageCounts.size).toBeGreaterThan(1);
  }, 120_000);
});

describe('the report’s tables', () => {
  it('give each column room for its longest word and its padding, and the rest to the longer text', () => {
    const t = {
      caption: 'Étapes',
      header: [
        'Étape (objet du point)',
        'Points',
        'Où des partenaires ont agi',
        'Niveau visé',
        'Niveau obtenu',
      ],
      rows: [
        [
          'Information',
          '17',
          '17 sur 17',
          'Information (5), Consultation (3), Collaboration (3)',
          'Consultation (17)',
        ],
        ['Délibération', '7', '7 sur 7', 'Consultation (2), Collaboration (3)', 'Partenariat (3)'],
      ],
    };
    const perChar = 5.5;
    const widths = columnWidths(t, 500, perChar);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(500, 6);
    // « Points » and « Collaboration » are never cut inside: they were, in equal columns.
    expect(widths[1]!).toBeGreaterThanOrEqual(('Points'.length + 2.5) * perChar);
    expect(widths[3]!).toBeGreaterThanOrEqual(('Collaboration'.length + 2.5) * perChar);
    // The long lists get more than the short numbers.
    expect(widths[3]!).toBeGreaterThan(widths[1]!);
  });
});
