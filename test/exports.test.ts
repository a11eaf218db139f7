/**
 * The exports of a meeting's minutes (PDF, DOCX, Markdown, HTML): a French committee's meeting
 * built through the real core, exported through the real hub over HTTP, and each file read back
 * the way its reader would: the HTML and Markdown as text, the DOCX unzipped, the PDF's text
 * extracted by pdf.js.
 *
 * EXPORTS_DIR=/some/folder also writes the files there, to look at them.
 */
import type { JSONContent } from '@tiptap/core';
import * as fontkit from 'fontkit';
import JSZip from 'jszip';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { minutesJson, replaceMinutes, syncSections } from '../src/core/minutes-content';
import { typography } from '../src/core/exports/labels';
import { firstOfMonth } from '../src/shared/dates';
import { blockMarkdown, inlineMarkdown } from '../src/core/exports/markdown';
import { woffToSfnt } from '../src/core/exports/pdf';
import { safeFilename } from '../src/core/exports/model';
import { contentDisposition } from '../src/hub/http';
import type { Meeting } from '../src/shared/domain';
import { readAgenda, type AgendaItem } from '../src/shared/meeting';
import { OWNER_TOKEN, post, runDeferred, startTestHub, type Seat, type TestHub } from './helpers';
import { expectError } from './fixtures';

const owner = { kind: 'owner' } as const;

let t: TestHub;
let meeting: Meeting;
let items: AgendaItem[];
const seats: Record<string, Seat> = {};

// ---------------------------------------------------------------------------------------------
// Building the meeting

const text = (s: string, marks?: JSONContent['marks']): JSONContent => ({
  type: 'text',
  text: s,
  ...(marks ? { marks } : {}),
});
const para = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const list = (type: 'bulletList' | 'orderedList', ...lines: string[]): JSONContent => ({
  type,
  content: lines.map((l) => ({ type: 'listItem', content: [para(text(l))] })),
});
const row = (cell: 'tableHeader' | 'tableCell', ...cells: string[]): JSONContent => ({
  type: 'tableRow',
  content: cells.map((c) => ({ type: cell, content: [para(text(c))] })),
});

/** What is written in each agenda item's section, by item title. */
const SECTIONS: Record<string, JSONContent[]> = {
  'Adoption de l’ordre du jour': [para(text('L’ordre du jour est adopté à l’unanimité, tel que proposé.'))],
  'Accueil aux urgences : bilan du projet « Premier contact »': [
    para(
      text('La coprésidente rappelle le '),
      text('mandat', [{ type: 'bold' }]),
      text(' du comité et présente le '),
      text('bilan', [{ type: 'italic' }]),
      text(' du projet « Premier contact » : voir '),
      text('le rapport complet', [
        { type: 'link', attrs: { href: 'https://example.org/rapport-premier-contact' } },
      ]),
      text('.'),
    ),
    list(
      'bulletList',
      'Délais d’attente réduits de 20 %',
      'Accueil plus chaleureux à l’entrée',
      'Signalétique à revoir : c’est le cœur du projet',
    ),
    {
      type: 'table',
      content: [
        row('tableHeader', 'Indicateur', 'Avant', 'Après'),
        row('tableCell', 'Temps d’attente moyen', '4 h 10', '3 h 20'),
        row('tableCell', 'Satisfaction des usagers', '62 %', '81 %'),
      ],
    },
    para(
      text(
        'Les patients partenaires soulignent que l’œuvre commune a changé la façon dont on accueille les familles.',
      ),
    ),
  ],
  'Plan d’action 2027': [
    para(text('Le plan d’action est présenté ; les membres s’interrogent : quel financement ?')),
    { type: 'heading', attrs: { level: 3 }, content: [text('Priorités retenues')] },
    list('orderedList', 'Former le personnel d’accueil', 'Réviser la signalétique', 'Évaluer à l’automne'),
  ],
  Varia: [para(text('Aucun point n’est soulevé.'))],
};

const DECISION = 'Le comité recommande d’étendre le projet « Premier contact » à l’Hôpital Fleury en 2027.';
const OTHER_DECISION = 'La prochaine rencontre aura lieu le 15 janvier 2027.';

async function buildMeeting(): Promise<void> {
  const { core } = t;
  const committee = core.call(owner, 'committees.create', {
    name: 'Comité des usagers',
    area: 'care-and-services',
    mandate: 'Améliorer l’accueil et l’expérience des usagers',
    language: 'fr',
  });
  const add = (name: string, kind: Seat['member']['kind'], role: Seat['member']['role'], named = true) =>
    core.call(owner, 'members.add', {
      committeeId: committee.id,
      name,
      kind,
      role,
      engagementLevel: 'partnership',
      consents: { named, contact: true },
    });
  seats.amina = add('Amina Tremblay-Côté', 'patient-partner', 'co-chair');
  seats.benoit = add('Benoît Lefèvre', 'professional', 'co-chair');
  seats.chloe = add('Chloé Bérubé', 'staff', 'secretary');
  seats.gaelle = add('Gaëlle Secrète', 'caregiver-partner', 'member', false);
  seats.francois = add('François Lœwy', 'researcher', 'member');
  seats.denis = add('Denis Ouellet', 'citizen', 'observer');

  meeting = core.call(owner, 'meetings.create', {
    committeeId: committee.id,
    title: 'Rencontre de novembre',
    startsAt: '2026-11-20T18:00:00Z',
    place: 'Salle Marie-Victorin, pavillon Saint-Jérôme',
    videoLink: 'https://visio.example.org/comite-usagers',
  });
  const attendance = {
    amina: 'present',
    benoit: 'remote',
    chloe: 'present',
    gaelle: 'present',
    francois: 'absent',
    denis: 'excused',
  } as const;
  for (const [who, status] of Object.entries(attendance)) {
    core.call(owner, 'attendance.set', { meetingId: meeting.id, memberId: seats[who]!.member.id, status });
  }

  const item = (title: string, purpose: AgendaItem['purpose'], plannedMinutes: number, presenter?: Seat) =>
    core.call(owner, 'agenda.add', {
      meetingId: meeting.id,
      title,
      purpose,
      plannedMinutes,
      presenterId: presenter?.member.id ?? '',
    });
  item('Adoption de l’ordre du jour', 'decision', 5, seats.amina);
  const urgences = item(
    'Accueil aux urgences : bilan du projet « Premier contact »',
    'deliberation',
    30,
    seats.gaelle,
  );
  item('Plan d’action 2027', 'decision', 20, seats.benoit);
  item('Varia', 'information', 5);
  core.call(owner, 'agenda.update', { meetingId: meeting.id, itemId: urgences.id, status: 'done' });

  // The minutes: what the editor would have written under each section heading, and two decisions.
  core.docs.edit(meeting.docName, seats.chloe!.member.id, (doc) => {
    syncSections(doc, readAgenda(doc));
    const current = minutesJson(doc).content ?? [];
    const content: JSONContent[] = [];
    for (const node of current) {
      if (node.type === 'paragraph' && !node.content?.length) continue;
      content.push(node);
      const title = node.type === 'heading' ? (node.content ?? []).map((c) => c.text).join('') : '';
      content.push(...(SECTIONS[title] ?? []));
    }
    replaceMinutes(doc, { type: 'doc', content });
    const decision = (fields: Record<string, unknown>) => {
      const m = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(fields)) m.set(k, v);
      return m;
    };
    doc.getArray('decisions').push([
      decision({
        id: 'd-urgences',
        agendaItemId: urgences.id,
        text: DECISION,
        rationale: 'Les résultats du bilan sont probants et les usagers le demandent.',
        status: 'adopted',
      }),
      decision({ id: 'd-suite', agendaItemId: null, text: OTHER_DECISION, status: 'adopted' }),
    ]);
  });
  items = t.core.call(owner, 'agenda.list', { meetingId: meeting.id });
}

// ---------------------------------------------------------------------------------------------
// Reading the files back

interface Exported {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

async function exportAs(format: string, token = OWNER_TOKEN, meetingId = meeting.id): Promise<Exported> {
  const res = await fetch(`${t.hub.url}/api/minutes.export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ meetingId, format }),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (process.env.EXPORTS_DIR && res.status === 200) {
    mkdirSync(process.env.EXPORTS_DIR, { recursive: true });
    const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1];
    writeFileSync(join(process.env.EXPORTS_DIR, decodeURIComponent(name ?? `export.${format}`)), bytes);
  }
  return { status: res.status, headers: res.headers, bytes };
}

const utf8 = (b: Uint8Array) => new TextDecoder().decode(b);

/** The text of a DOCX's body, a line per paragraph, and its XML. */
async function docxText(bytes: Uint8Array): Promise<{ text: string; xml: string }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const text = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
    .join('\n');
  return { text, xml };
}

/** The text of a PDF as pdf.js extracts it, page by page. */
async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
  }
  await pdf.destroy();
  return pages;
}

/** Text with its no-break spaces and runs of white space made plain spaces. */
const flat = (s: string) => s.replace(/[\u00a0\u202f\s]+/g, ' ');

/**
 * What a reader checks in any format, on its text: the header, the attendance (the member who
 * did not consent shown by role only), the agenda in order, the minutes with their accents, and
 * each decision in its place.
 */
function expectReadableMinutes(raw: string, format: string): void {
  const s = flat(raw);
  const at = (needle: string, from = 0) => {
    const i = s.indexOf(needle, from);
    expect(i, `${format}: "${needle}" after ${from}`).toBeGreaterThanOrEqual(0);
    return i;
  };
  // Header
  at('Comité des usagers');
  at('Rencontre de novembre');
  at('novembre 2026');
  at('Salle Marie-Victorin, pavillon Saint-Jérôme');
  at('https://visio.example.org/comite-usagers');
  at('État du compte rendu');
  at('Brouillon');

  // Attendance, grouped, with kind and role
  const presence = at('Présences');
  const present = at('Personnes présentes (3)', presence);
  const amina = at('Amina Tremblay-Côté', present);
  at('Patient partenaire, Coprésidence', amina);
  const remote = at('Personnes présentes à distance (1)', presence);
  expect(at('Benoît Lefèvre', remote)).toBeGreaterThan(remote);
  const excused = at('Personnes excusées (1)', presence);
  expect(at('Denis Ouellet', excused)).toBeGreaterThan(excused);
  const absent = at('Personnes absentes (1)', presence);
  expect(at('François Lœwy', absent)).toBeGreaterThan(absent);
  expect(present < remote && remote < excused && excused < absent).toBe(true);
  // The caregiver who did not consent: role and kind, never the name.
  expect(s, format).not.toContain('Gaëlle');
  expect(s, format).not.toContain('Secrète');
  at('Proche aidant partenaire, nom non divulgué', present);
  at('Quorum atteint');

  // Agenda, in order
  const agenda = at('Ordre du jour', absent);
  const rows = items.map((i) => at(flat(typography('fr', i.title)), agenda));
  expect([...rows].sort((a, b) => a - b)).toEqual(rows);
  at('Délibération', agenda);
  at('30 min', agenda);
  at('Traité', agenda);

  // The minutes, after the agenda, with their accents, emphasis, list, table
  const minutes = at('Délibérations', rows[rows.length - 1]);
  const headings = items.map((i) => at(flat(typography('fr', i.title)), minutes));
  expect([...headings].sort((a, b) => a - b)).toEqual(headings);
  at('L’ordre du jour est adopté à l’unanimité, tel que proposé.', minutes);
  at('La coprésidente rappelle le', minutes);
  at('du projet « Premier contact » : voir', minutes);
  at('le rapport complet', minutes);
  at('Délais d’attente réduits de 20 %', minutes);
  at('Signalétique à revoir : c’est le cœur du projet', minutes);
  at('Temps d’attente moyen', minutes);
  at('Satisfaction des usagers', minutes);
  at('81 %', minutes);
  at('l’œuvre commune a changé la façon dont on accueille', minutes);
  at('Le plan d’action est présenté ; les membres s’interrogent : quel financement ?', minutes);
  at('Priorités retenues', minutes);
  at('Réviser la signalétique', minutes);

  // The decision of item 2: at the end of its section, after what was written there and before item 3
  const decision = at(DECISION, minutes);
  expect(decision, `${format}: decision after its section's text`).toBeGreaterThan(
    at('l’œuvre commune', minutes),
  );
  expect(decision, `${format}: decision after its heading`).toBeGreaterThan(headings[1]!);
  expect(decision, `${format}: decision before the next heading`).toBeLessThan(headings[2]!);
  at('Les résultats du bilan sont probants', decision);
  at('adoptée', decision);
  // The decision with no item: at the end, under "Décisions"
  const others = at('Décisions', headings[3]!);
  expect(at(OTHER_DECISION, others)).toBeGreaterThan(others);
}

beforeAll(async () => {
  t = await startTestHub();
  await buildMeeting();
});
afterAll(runDeferred);

// ---------------------------------------------------------------------------------------------

describe('minutes.export over HTTP', () => {
  const filename = '2026-11-20 Comité des usagers — Rencontre de novembre';

  it.each([
    ['pdf', 'application/pdf'],
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['md', 'text/markdown; charset=utf-8'],
    ['html', 'text/html; charset=utf-8'],
  ])('answers %s with the file itself, its type and its name', async (format, type) => {
    const file = await exportAs(format);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(type);
    expect(Number(file.headers.get('content-length'))).toBe(file.bytes.length);
    const disposition = file.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(disposition).toContain(
      `filename="2026-11-20 Comite des usagers - Rencontre de novembre.${format}"`,
    );
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)![1]!;
    expect(encoded).not.toMatch(/[^A-Za-z0-9%!#$&+.^_`|~-]/);
    expect(decodeURIComponent(encoded)).toBe(`${filename}.${format}`);
  });

  it('HTML: a complete, standalone page in French, with the minutes and decisions in their place', async () => {
    const html = utf8((await exportAs('html')).bytes);
    expect(html).toMatch(/^<!doctype html>\n<html lang="fr-CA">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Rencontre de novembre — Comité des usagers</title>');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<(script|link|img)\b/);
    expect(html).toMatch(/<h1>Rencontre de novembre<\/h1>/);
    expect(html).toContain('<a class="url" href="https://visio.example.org/comite-usagers">');
    expect(html).toMatch(/<strong>mandat<\/strong>/);
    expect(html).toMatch(/<em>bilan<\/em>/);
    expect(html).toContain('href="https://example.org/rapport-premier-contact"');
    expect(html).toMatch(/<table[\s\S]*<th[^>]*><p>Indicateur<\/p><\/th>/);
    expect(html).toContain('<ol');
    expect(html).toContain('<th scope="col">N°</th>');
    // Section headings go under the document's own: h3, with their agenda item
    expect(html).toContain(`<h3 data-item-id="${items[1]!.id}">`);
    expect(html).toMatch(/<h4>Priorités retenues<\/h4>/);
    expect(html).not.toMatch(/<h[56]/);
    // French typography: a no-break space before the colon and inside the guillemets
    expect(html).toContain('État du compte rendu</dt>');
    expect(html).toContain('projet «\u00a0Premier contact\u00a0»\u00a0: voir');
    expectReadableMinutes(html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&'), 'html');
  });

  it('Markdown: headings, emphasis, links, lists and a GFM table', async () => {
    const md = utf8((await exportAs('md')).bytes);
    expect(md.startsWith('# Rencontre de novembre\n')).toBe(true);
    expect(md).toContain('\n## Présences\n');
    expect(md).toContain('\n## Ordre du jour\n');
    expect(md).toContain(`\n### ${typography('fr', items[1]!.title)}\n`);
    expect(md).toContain('\n#### Priorités retenues\n');
    expect(md).toContain('**mandat**');
    expect(md).toContain('*bilan*');
    expect(md).toContain('[le rapport complet](https://example.org/rapport-premier-contact)');
    expect(md).toContain('\n- Délais d’attente réduits de 20 %\n');
    expect(md).toContain('\n1. Former le personnel d’accueil\n2. Réviser la signalétique\n');
    expect(md).toContain(
      '| Indicateur | Avant | Après |\n| --- | --- | --- |\n| Temps d’attente moyen | 4 h 10 | 3 h 20 |',
    );
    expect(md).toContain('| N° | Point | Objet | Durée | Présenté par | Statut |');
    expect(md).toContain(`> **Décision\u00a0:** ${typography('fr', DECISION)}`);
    expectReadableMinutes(md.replace(/\\([\\`*_[\]<>~|&#.-])/g, '$1'), 'md');
  });

  it('DOCX: real headings, lists, table, emphasis and hyperlinks, in French', async () => {
    const { text, xml } = await docxText((await exportAs('docx')).bytes);
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading3"/>');
    expect(xml).toContain('<w:numPr>');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toMatch(/<w:hyperlink [^>]*r:id="[^"]+"/);
    expect(xml).toMatch(/<w:b\/>[\s\S]*?<w:t[^>]*>mandat<\/w:t>/);
    expect(xml).toMatch(/<w:i\/>[\s\S]*?<w:t[^>]*>bilan<\/w:t>/);
    const zip = await JSZip.loadAsync((await exportAs('docx')).bytes);
    const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
    expect(rels).toContain('Target="https://example.org/rapport-premier-contact"');
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toContain('w:val="fr-CA"');
    const footer = Object.keys(zip.files).find((n) => /^word\/footer\d*\.xml$/.test(n))!;
    expect(await zip.file(footer)!.async('string')).toMatch(/PAGE[\s\S]*NUMPAGES/);
    expectReadableMinutes(text, 'docx');
  });

  it('PDF: selectable text with every accent, page numbers, and headings as bookmarks', async () => {
    const bytes = (await exportAs('pdf')).bytes;
    expect(utf8(bytes.slice(0, 8))).toBe('%PDF-1.7');
    const raw = utf8(bytes);
    // Only the embedded font: none of the 14 standard fonts
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toContain('/Outlines');
    const pages = await pdfText(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((p, i) => expect(flat(p)).toContain(`Page ${i + 1} de ${pages.length}`));
    const all = pages.join('\n');
    expect(all).not.toContain('\ufffd');
    expectReadableMinutes(all, 'pdf');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
    const outline = (await pdf.getOutline()) ?? [];
    const titles = (nodes: typeof outline): string[] => nodes.flatMap((n) => [n.title, ...titles(n.items)]);
    expect(titles(outline).map(flat)).toEqual(
      expect.arrayContaining([
        'Présences',
        'Ordre du jour',
        'Délibérations',
        flat(items[1]!.title),
        'Priorités retenues',
      ]),
    );
    const meta = await pdf.getMetadata();
    expect((meta.info as { Title?: string }).Title).toBe('Rencontre de novembre — Comité des usagers');
    await pdf.destroy();
  });

  it('shows the approval line, with the approved content’s SHA-256, once the minutes are approved', async () => {
    const { core } = t;
    const other = core.call(owner, 'meetings.create', {
      committeeId: meeting.committeeId,
      title: 'Rencontre de décembre',
      startsAt: '2026-12-11T18:00:00Z',
    });
    core.call(owner, 'minutes.circulate', { meetingId: meeting.id });
    const state = core.call(owner, 'minutes.approve', {
      meetingId: meeting.id,
      approvedAtMeetingId: other.id,
    });
    const sha = state.approvals[0]!.sha256;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);

    const html = flat(utf8((await exportAs('html')).bytes).replace(/<[^>]+>/g, ' '));
    expect(html).toContain('Approuvé');
    expect(html).toContain('Approbation');
    expect(html).toContain('Compte rendu approuvé le');
    expect(html).toContain('lors de la rencontre « Rencontre de décembre » du 11 décembre 2026');
    expect(html).toContain(`Empreinte SHA-256 du contenu approuvé : ${sha}`);
    const md = utf8((await exportAs('md')).bytes);
    expect(md).toContain(`\`${sha}\``);
    const { text } = await docxText((await exportAs('docx')).bytes);
    expect(text).toContain(sha);
    expect(flat((await pdfText((await exportAs('pdf')).bytes)).join(' '))).toContain(sha);
  });

  it('is for the co-chairs and the secretaries: members and observers get 403', async () => {
    expect((await exportAs('md', seats.chloe!.token)).status).toBe(200);
    expect((await exportAs('md', seats.benoit!.token)).status).toBe(200);
    for (const seat of [seats.gaelle!, seats.denis!]) {
      const res = await post(t.hub, seat.token, 'minutes.export', { meetingId: meeting.id, format: 'pdf' });
      expectError(res, 403, 'forbidden');
    }
    expectError(
      await post(t.hub, null, 'minutes.export', { meetingId: meeting.id, format: 'pdf' }),
      401,
      'unauthorized',
    );
  });

  it('refuses an unknown meeting (404) and an unknown format (400), as JSON', async () => {
    expectError(
      await post(t.hub, OWNER_TOKEN, 'minutes.export', { meetingId: 'no-such-meeting', format: 'pdf' }),
      404,
      'not_found',
    );
    const bad = await post(t.hub, OWNER_TOKEN, 'minutes.export', { meetingId: meeting.id, format: 'odt' });
    expect(expectError(bad, 400, 'invalid_input')).toMatch(/format must be one of: pdf, docx, md, html/);
  });

  it('exports a meeting with nothing written yet, in English for an English committee', async () => {
    const { core } = t;
    const committee = core.call(owner, 'committees.create', {
      name: 'Research: "Partners" <2027>',
      area: 'research',
      language: 'en',
    });
    const m = core.call(owner, 'meetings.create', {
      committeeId: committee.id,
      title: 'Kick-off / planning?',
      startsAt: '2026-11-20T18:00:00Z',
    });
    const md = utf8((await exportAs('md', OWNER_TOKEN, m.id)).bytes);
    expect(md).toContain('**Status of the minutes:** Draft');
    expect(md).toContain('No items on the agenda.');
    expect(md).toContain('The minutes have not been written yet.');
    const pdf = await exportAs('pdf', OWNER_TOKEN, m.id);
    expect(flat((await pdfText(pdf.bytes)).join(' '))).toContain('Page 1 of 1');
    const disposition = pdf.headers.get('content-disposition')!;
    expect(disposition).toContain('filename="2026-11-20 Research Partners 2027 - Kick-off planning.pdf"');
  });
});

describe('file names', () => {
  it('drop what Windows refuses and keep accents', () => {
    expect(safeFilename('2026-11-20 Comité: « A/B » <test>? "x" | y*.')).toBe(
      '2026-11-20 Comité « A B » test x y',
    );
    expect(safeFilename('   ')).toBe('minutes');
  });
  it('are sent as ASCII and as UTF-8', () => {
    expect(contentDisposition('Été — cœur.pdf')).toBe(
      `attachment; filename="Ete - coeur.pdf"; filename*=UTF-8''%C3%89t%C3%A9%20%E2%80%94%20c%C5%93ur.pdf`,
    );
  });
});

describe('French typography', () => {
  it('puts a no-break space before : ; ? ! » and after «, and none in English', () => {
    expect(typography('fr', 'Note : « oui » ; vraiment ? Oui !')).toBe(
      'Note\u00a0: «\u00a0oui\u00a0»\u00a0; vraiment\u00a0? Oui\u00a0!',
    );
    expect(typography('fr', '«oui»')).toBe('«\u00a0oui\u00a0»');
    expect(typography('fr', 'https://example.org')).toBe('https://example.org');
    expect(typography('en', 'Note : yes\u202fp.m.')).toBe('Note : yes\u00a0p.m.');
  });

  it('writes the first of a month as an ordinal, as Intl formats dates in French', () => {
    const fr = (o: Intl.DateTimeFormatOptions, iso: string) =>
      firstOfMonth(new Intl.DateTimeFormat('fr-CA', { ...o, timeZone: 'UTC' }).format(new Date(iso)), 'fr');
    expect(fr({ dateStyle: 'long' }, '2026-09-01T12:00:00Z')).toBe('1er septembre 2026');
    expect(fr({ dateStyle: 'full' }, '2026-05-01T12:00:00Z')).toBe('vendredi 1er mai 2026');
    expect(fr({ dateStyle: 'long' }, '2026-09-11T12:00:00Z')).toBe('11 septembre 2026');
    expect(fr({ dateStyle: 'long' }, '2026-09-21T12:00:00Z')).toBe('21 septembre 2026');
    // An hour is not a day: « 01 h 05 » stays.
    expect(fr({ dateStyle: 'long', timeStyle: 'short' }, '2026-08-01T01:05:00Z')).toBe(
      '1er août 2026 à 01 h 05',
    );
    expect(firstOfMonth('à 1 h 05', 'fr')).toBe('à 1 h 05');
    expect(firstOfMonth('September 1, 2026', 'en')).toBe('September 1, 2026');
  });
});

describe('Markdown', () => {
  const t = (text: string, ...marks: string[]): JSONContent => ({
    type: 'text',
    text,
    ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}),
  });
  it('keeps one pair of delimiters across neighbouring runs, and spaces outside them', () => {
    expect(inlineMarkdown([t('a '), t('gras ', 'bold'), t('et italique', 'bold', 'italic'), t(' fin')])).toBe(
      'a **gras *et italique*** fin',
    );
    expect(
      inlineMarkdown([
        {
          type: 'text',
          text: 'le site',
          marks: [{ type: 'link', attrs: { href: 'https://x.org/a b' } }, { type: 'bold' }],
        },
      ]),
    ).toBe('[**le site**](<https://x.org/a b>)');
  });
  it('escapes what would read as Markdown', () => {
    expect(inlineMarkdown([t('# 1. *pas* _gras_ [lien] <b> a|b')])).toBe(
      '\\# 1. \\*pas\\* \\_gras\\_ \\[lien\\] \\<b\\> a|b',
    );
    expect(inlineMarkdown([t('1. premier')])).toBe('1\\. premier');
    expect(inlineMarkdown([t('- tiret')])).toBe('\\- tiret');
    expect(inlineMarkdown([t('a|b')], true)).toBe('a\\|b');
  });
  it('nests lists and keeps hard breaks', () => {
    const item = (text: string, ...more: JSONContent[]): JSONContent => ({
      type: 'listItem',
      content: [{ type: 'paragraph', content: [t(text)] }, ...more],
    });
    const md = blockMarkdown({
      type: 'bulletList',
      content: [
        item('un', { type: 'orderedList', attrs: { start: 4 }, content: [item('quatre'), item('cinq')] }),
        item('deux'),
      ],
    });
    expect(md).toBe('- un\n  4. quatre\n  5. cinq\n- deux');
    expect(
      blockMarkdown({ type: 'paragraph', content: [t('ligne'), { type: 'hardBreak' }, t('suite')] }),
    ).toBe('ligne\\\nsuite');
  });
});

describe('the PDF font', () => {
  it('is the WOFF file’s font, unwrapped once', () => {
    const dir = join(
      dirname(createRequire(import.meta.url).resolve('@fontsource/atkinson-hyperlegible/LICENSE')),
      'files',
    );
    const woff = readFileSync(join(dir, 'atkinson-hyperlegible-latin-400-normal.woff'));
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
    const a = fontkit.create(woff) as fontkit.Font;
    const b = fontkit.create(sfnt) as fontkit.Font;
    expect(b.postscriptName).toBe(a.postscriptName);
    expect(b.numGlyphs).toBe(a.numGlyphs);
    expect(b.characterSet).toEqual(a.characterSet);
    for (const ch of 'éàçôÉ«»’œ\u00a0') expect(b.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
    expect(b.layout('Œuvre « commune »').advanceWidth).toBe(a.layout('Œuvre « commune »').advanceWidth);
  });
});
