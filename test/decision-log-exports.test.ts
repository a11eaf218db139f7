/**
 * The exports of the decision log (CSV, Markdown, DOCX, PDF, JSON): a French committee with three
 * meetings and decisions of every kind (adopted by a named vote, by a secret vote, rejected,
 * deferred, amended, rescinded, still proposed), built through the real hub over HTTP with the
 * owner's and the members' tokens, exported over HTTP and read back the way a reader would: the
 * CSV with a real CSV parser, the DOCX unzipped, the PDF's text extracted by pdf.js, the JSON
 * parsed and its hash chain re-verified here from the rule the file itself documents.
 *
 * EXPORTS_DIR=/some/folder also writes the files there, to look at them.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../src/core/exports/common';
import { DB_FILE } from '../src/core/store/db';
import type { Decision, LogEntry, VerifyResult } from '../src/shared/decisions';
import type { Committee, Meeting } from '../src/shared/domain';
import { attend, decide, draft, update } from './decision-fixtures';
import { expectError } from './fixtures';
import { OWNER_TOKEN, call, post, runDeferred, startTestHub, type Seat, type TestHub } from './helpers';

let t: TestHub;
let committee: Committee;
const seats: Record<string, Seat> = {};
const meetings: Meeting[] = [];
/** The decisions by a short name, as the register holds them once everything is recorded. */
const d: Record<string, Decision> = {};
let log: LogEntry[];

// ---------------------------------------------------------------------------------------------
// Building the committee, over HTTP

const NAMED_TEXT =
  'Le comité décide, à l’unanimité moins une voix, d’ouvrir la salle "Marie-Victorin" le soir.\nDeuxième ligne : l’œuvre commune, « sans frais » pour les familles.';
const EVIDENCE = 'Heures de soirée ajoutées à la demande des partenaires, « sans frais ».';

async function build(): Promise<void> {
  const hub = t.hub;
  committee = await call(hub, OWNER_TOKEN, 'committees.create', {
    name: 'Comité des usagers',
    area: 'care-and-services',
    mandate: 'Améliorer l’accueil et l’expérience des usagers',
    language: 'fr',
  });
  const add = async (
    key: string,
    name: string,
    kind: Seat['member']['kind'],
    role: Seat['member']['role'],
    named = true,
  ) => {
    seats[key] = await call(hub, OWNER_TOKEN, 'members.add', {
      committeeId: committee.id,
      name,
      kind,
      role,
      engagementLevel: 'partnership',
      consents: { named, contact: true },
    });
  };
  await add('amina', 'Amina Tremblay-Côté', 'patient-partner', 'co-chair');
  await add('benoit', 'Benoît Lefèvre', 'professional', 'co-chair');
  await add('chloe', 'Chloé Bérubé', 'staff', 'secretary');
  await add('gaelle', 'Gaëlle Secrète', 'caregiver-partner', 'member', false);
  await add('francois', 'François Lœwy', 'researcher', 'member');
  await add('denis', 'Denis Ouellet', 'citizen', 'observer');

  const chair = seats.amina!.token;
  for (const [title, startsAt] of [
    ['Rencontre de septembre', '2026-09-15T22:00:00Z'],
    ['Rencontre d’octobre', '2026-10-20T22:00:00Z'],
    ['Rencontre de novembre', '2026-11-20T23:00:00Z'],
  ] as const) {
    const m = await call(hub, seats.chloe!.token, 'meetings.create', {
      committeeId: committee.id,
      title,
      startsAt,
    });
    meetings.push(m);
    await attend(hub, seats.chloe!.token, m.id, {
      [seats.amina!.member.id]: 'present',
      [seats.benoit!.member.id]: 'remote',
      [seats.gaelle!.member.id]: 'present',
      [seats.francois!.member.id]: 'present',
    });
  }
  const [sept, oct, nov] = meetings as [Meeting, Meeting, Meeting];
  const item = await call(hub, seats.francois!.token, 'agenda.add', {
    meetingId: sept.id,
    title: 'Accueil en soirée',
    purpose: 'decision',
  });

  // Adopted by a named vote: proposed by the caregiver who does not consent to be named.
  let x = await draft(hub, seats.gaelle!.token, sept.id, 'Accueil des familles « élargi » en soirée', {
    agendaItemId: item.id,
    text: NAMED_TEXT,
    rationale: 'Les familles, les proches et l’équipe le demandent ; le coût est nul.',
    mode: 'vote',
  });
  await update(hub, seats.gaelle!.token, sept.id, x.id, {
    vote: {
      for: 0,
      against: 0,
      abstain: 0,
      secret: false,
      ballots: {
        [seats.amina!.member.id]: 'for',
        [seats.benoit!.member.id]: 'for',
        [seats.gaelle!.member.id]: 'against',
        [seats.francois!.member.id]: 'abstain',
      },
    },
    speakers: [seats.gaelle!.member.id, seats.francois!.member.id],
    influence: { level: 'shaped', evidence: EVIDENCE },
  });
  await decide(hub, chair, sept.id, x.id, 'adopted');
  const named = x.id;

  x = await draft(hub, seats.francois!.token, sept.id, 'Stationnement gratuit pour les proches', {
    text: 'Le stationnement est gratuit pour les proches aidants.',
  });
  await decide(hub, chair, sept.id, x.id, 'rejected');
  const rejected = x.id;

  x = await draft(hub, seats.francois!.token, oct.id, 'Horaires de la cafétéria', {
    text: 'La cafétéria ouvre à 7 h.',
  });
  await decide(hub, chair, oct.id, x.id, 'deferred');
  const deferred = x.id;

  x = await draft(hub, seats.amina!.token, oct.id, 'Signalétique bilingue', {
    text: 'Les panneaux de l’entrée sont en français et en anglais.',
  });
  const signs = await decide(hub, chair, oct.id, x.id, 'adopted');
  await call(hub, chair, 'decisions.amend', {
    committeeId: committee.id,
    entryId: signs.id,
    reason: 'Précision : ajout du braille',
    text: 'Les panneaux de l’entrée sont en français, en anglais et en braille.',
  });
  const amended = x.id;

  x = await draft(hub, seats.benoit!.token, nov.id, 'Projet pilote « Premier contact »', {
    text: 'Le projet pilote commence en janvier.',
  });
  const pilot = await decide(hub, chair, nov.id, x.id, 'adopted');
  await call(hub, chair, 'decisions.rescind', {
    committeeId: committee.id,
    entryId: pilot.id,
    reason: 'Remplacé par le plan d’action 2027',
  });
  const rescinded = x.id;

  x = await draft(hub, seats.francois!.token, nov.id, 'Œuvre commune : fresque à l’entrée', {
    text: 'Une fresque, faite avec les usagers, orne l’entrée.',
    mode: 'vote',
  });
  await update(hub, seats.francois!.token, nov.id, x.id, {
    vote: { for: 3, against: 0, abstain: 1, secret: true, ballots: {} },
    influence: { level: 'co-decided', evidence: 'Conçue en atelier avec les patients partenaires.' },
  });
  await decide(hub, chair, nov.id, x.id, 'adopted');
  const secret = x.id;

  // Begins with "-": a spreadsheet would take it for a formula.
  x = await draft(hub, seats.francois!.token, nov.id, '-20 % d’attente : objectif 2027', {
    text: '=HYPERLINK("https://example.org") n’est pas une formule ici.',
  });
  const proposed = x.id;

  const { items } = await call(hub, OWNER_TOKEN, 'decisions.register', {
    committeeId: committee.id,
    limit: 100,
  });
  const byId = new Map(items.map((i) => [i.id, i]));
  Object.assign(d, {
    named: byId.get(named)!,
    rejected: byId.get(rejected)!,
    deferred: byId.get(deferred)!,
    amended: byId.get(amended)!,
    rescinded: byId.get(rescinded)!,
    secret: byId.get(secret)!,
    proposed: byId.get(proposed)!,
  });
  log = await call(hub, OWNER_TOKEN, 'decisions.log', { committeeId: committee.id });
}

// ---------------------------------------------------------------------------------------------
// Reading the files back

interface Exported {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

async function exportAs(
  format: string,
  extra: Record<string, unknown> = {},
  token = OWNER_TOKEN,
): Promise<Exported> {
  const res = await fetch(`${t.hub.url}/api/decisions.export`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ committeeId: committee.id, format, ...extra }),
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
/** Text with its no-break spaces and runs of white space made plain spaces. */
const flat = (s: string) => s.replace(/[\u00a0\u202f\s]+/g, ' ');

async function docxText(bytes: Uint8Array): Promise<{ text: string; zip: JSZip }> {
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
    .map((p) =>
      [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)]
        .map((m) => (m[1] === undefined ? '\n' : decode(m[1])))
        .join(''),
    )
    .join('\n');
  return { text, zip };
}

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

/** The latest log entry of a decision. */
const entryOf = (decision: Decision) => log.filter((e) => e.decisionId === decision.id).at(-1)!;

/** What every readable format (Markdown, DOCX, PDF) must say, checked on its text. */
function expectReadableLog(raw: string, format: string): void {
  const s = flat(raw);
  const at = (needle: string, from = 0) => {
    const i = s.indexOf(flat(needle), from);
    expect(i, `${format}: "${needle}" after ${from}`).toBeGreaterThanOrEqual(0);
    return i;
  };
  // Header: the committee, the period, the filter in words
  at('Registre des décisions');
  at('Comité des usagers');
  at('Période : Du 15 septembre 2026 au 20 novembre 2026');
  at('Toutes les décisions du registre');
  at('7 décisions');
  // One block per decision, oldest meeting first
  const blocks = [d.named!, d.rejected!, d.deferred!, d.amended!, d.rescinded!, d.secret!, d.proposed!].map(
    (x) => at(x.title.replace(/«\s*/g, '« ').replace(/\s*»/g, ' »')),
  );
  expect([...blocks].sort((a, b) => a - b)).toEqual(blocks);
  // The named vote: status, meeting and date, text, rationale, vote, ballots, influence and evidence, people
  const named = blocks[0]!;
  at('Adoptée · Rencontre de septembre, 15 septembre 2026', named);
  at('d’ouvrir la salle "Marie-Victorin" le soir.', named);
  at('Deuxième ligne : l’œuvre commune, « sans frais » pour les familles.', named);
  at('Justification : Les familles, les proches et l’équipe le demandent ; le coût est nul.', named);
  at('Point de l’ordre du jour : Accueil en soirée (décision)', named);
  at('Vote : Pour 2 · Contre 1 · Abstention 1 (vote nominal)', named);
  at(
    'Votes nominaux : Amina Tremblay-Côté (pour), Benoît Lefèvre (pour), Membre (contre), François Lœwy (abstention)',
    named,
  );
  at('Influence des partenaires : Façonnée', named);
  at(`Preuve : ${EVIDENCE}`, named);
  at('Proposée par : Membre', named);
  at('Sont intervenus : Membre, François Lœwy', named);
  const entry = at(`Journal : entrée nº ${entryOf(d.named!).seq} du `, named);
  at(`, empreinte SHA-256 ${entryOf(d.named!).entrySha256}`, entry);
  // A decision only adopted has no history; an amended or rescinded one has.
  expect(s.slice(named, blocks[1]), format).not.toContain('Historique');
  // The others
  at('Rejetée · Rencontre de septembre', blocks[1]);
  at('Reportée · Rencontre d’octobre, 20 octobre 2026', blocks[2]);
  at('Modifiée · Rencontre d’octobre', blocks[3]);
  at('en français, en anglais et en braille.', blocks[3]);
  at('Modification — entrée nº', blocks[3]);
  at('motif : Précision : ajout du braille', blocks[3]);
  at('Abrogée · Rencontre de novembre, 20 novembre 2026', blocks[4]);
  at('Abrogation — entrée nº', blocks[4]);
  at('motif : Remplacé par le plan d’action 2027', blocks[4]);
  at('Vote : Pour 3 · Contre 0 · Abstention 1 (vote secret)', blocks[5]);
  at('Influence des partenaires : Codécidée', blocks[5]);
  at('Proposée · Rencontre de novembre', blocks[6]);
  at('pas encore inscrite au journal', blocks[6]);
  // The integrity statement, at the end
  const integrity = at('Intégrité du journal', blocks[6]);
  expect(s.slice(integrity)).toMatch(
    /Le journal a été vérifié le \d{1,2} \S+ \d{4} \S+ [\d: h]+ : 8 entrées, intact\./,
  );
  at(`Empreinte SHA-256 de la dernière entrée (nº 8) : ${log.at(-1)!.entrySha256}`, integrity);
  // Never the name of the member who did not consent
  expect(s, format).not.toContain('Gaëlle');
  expect(s, format).not.toContain('Secrète');
}

beforeAll(async () => {
  t = await startTestHub();
  await build();
}, 60_000);
afterAll(runDeferred);

// ---------------------------------------------------------------------------------------------

describe('decisions.export over HTTP', () => {
  const today = localDay(new Date());

  it.each([
    ['csv', 'text/csv; charset=utf-8; header=present'],
    ['md', 'text/markdown; charset=utf-8'],
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['pdf', 'application/pdf'],
    ['json', 'application/json; charset=utf-8'],
  ])('answers %s with the file itself, its type and a name safe on Windows', async (format, type) => {
    const file = await exportAs(format);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(type);
    expect(Number(file.headers.get('content-length'))).toBe(file.bytes.length);
    const disposition = file.headers.get('content-disposition')!;
    expect(disposition).toContain(
      `filename="${today} Comite des usagers - Registre des decisions.${format}"`,
    );
    const name = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!);
    expect(name).toBe(`${today} Comité des usagers — Registre des décisions.${format}`);
    // Nothing Windows refuses in a file name (control characters included).
    expect([...name].filter((c) => '<>:"/\\|?*'.includes(c) || c.charCodeAt(0) < 32)).toEqual([]);
  });

  it('CSV: RFC 4180 with a BOM, a French header and one row per decision that survives a real parser', async () => {
    const { bytes } = await exportAs('csv');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const raw = utf8(bytes);
    // CRLF after every record; the line break inside a field stays as written (LF), in quotes.
    expect(raw.endsWith('\r\n')).toBe(true);
    expect(raw.split('\r\n').length - 1).toBe(8);
    const rows = parse(raw, { bom: true, relax_column_count: false }) as string[][];
    expect(rows[0]).toEqual([
      'Identifiant',
      'Rencontre',
      'Date de la rencontre',
      'Point de l’ordre du jour',
      'Objet du point',
      'Titre',
      'Ce qui est décidé',
      'Justification',
      'Mode de décision',
      'Statut',
      'Décidée le',
      'Votes pour',
      'Votes contre',
      'Abstentions',
      'Vote secret',
      'Influence des partenaires',
      'Preuve de l’influence',
      'Proposée par',
      'Sont intervenus',
      'Entrée du journal (nº)',
      'Empreinte SHA-256 de l’entrée',
    ]);
    const body = rows.slice(1);
    expect(body).toHaveLength(7);
    const row = (x: Decision) => {
      const r = body.find((cells) => cells[0] === x.id);
      expect(r, x.title).toBeDefined();
      return Object.fromEntries(rows[0]!.map((h, i) => [h, r![i]!]));
    };
    // Oldest meeting first
    expect(body.map((r) => r[0])).toEqual(
      [d.named, d.rejected, d.deferred, d.amended, d.rescinded, d.secret, d.proposed].map((x) => x!.id),
    );

    const named = row(d.named!);
    expect(named['Titre']).toBe('Accueil des familles « élargi » en soirée');
    // Commas, double quotes, a line break and accents come back exactly as written.
    expect(named['Ce qui est décidé']).toBe(NAMED_TEXT);
    expect(named['Preuve de l’influence']).toBe(EVIDENCE);
    expect(named['Rencontre']).toBe('Rencontre de septembre');
    expect(named['Date de la rencontre']).toBe(localDay(new Date(meetings[0]!.startsAt)));
    expect(named['Point de l’ordre du jour']).toBe('Accueil en soirée');
    expect(named['Objet du point']).toBe('Décision');
    expect(named['Mode de décision']).toBe('Vote');
    expect(named['Statut']).toBe('Adoptée');
    expect(named['Décidée le']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect([named['Votes pour'], named['Votes contre'], named['Abstentions'], named['Vote secret']]).toEqual([
      '2',
      '1',
      '1',
      'non',
    ]);
    expect(named['Influence des partenaires']).toBe('Façonnée');
    // The caregiver who did not consent: her role, never her name.
    expect(named['Proposée par']).toBe('Membre');
    expect(named['Sont intervenus']).toBe('Membre; François Lœwy');
    expect(named['Entrée du journal (nº)']).toBe(String(entryOf(d.named!).seq));
    expect(named['Empreinte SHA-256 de l’entrée']).toBe(entryOf(d.named!).entrySha256);
    expect(raw).not.toContain('Gaëlle');

    expect(row(d.rejected!)['Statut']).toBe('Rejetée');
    expect(row(d.rejected!)['Mode de décision']).toBe('Consensus');
    expect(row(d.rejected!)['Votes pour']).toBe('');
    expect(row(d.deferred!)['Statut']).toBe('Reportée');
    const amended = row(d.amended!);
    expect(amended['Statut']).toBe('Modifiée');
    expect(amended['Ce qui est décidé']).toBe(
      'Les panneaux de l’entrée sont en français, en anglais et en braille.',
    );
    expect(amended['Entrée du journal (nº)']).toBe(String(entryOf(d.amended!).seq));
    expect(row(d.rescinded!)['Statut']).toBe('Abrogée');
    const secret = row(d.secret!);
    expect([
      secret['Votes pour'],
      secret['Votes contre'],
      secret['Abstentions'],
      secret['Vote secret'],
    ]).toEqual(['3', '0', '1', 'oui']);
    expect(secret['Influence des partenaires']).toBe('Codécidée');
    const proposed = row(d.proposed!);
    expect(proposed['Statut']).toBe('Proposée');
    expect(proposed['Entrée du journal (nº)']).toBe('');
    expect(proposed['Décidée le']).toBe('');
    // What a spreadsheet would run as a formula is kept as text.
    expect(proposed['Titre']).toBe("'-20 % d’attente : objectif 2027");
    expect(proposed['Ce qui est décidé']).toBe(
      '\'=HYPERLINK("https://example.org") n’est pas une formule ici.',
    );
  });

  it('honours the register’s filter: adopted only, one meeting, a search', async () => {
    const csv = async (filter: Record<string, unknown>) =>
      (parse(utf8((await exportAs('csv', filter)).bytes), { bom: true }) as string[][])
        .slice(1)
        .map((r) => r[0]);
    expect(await csv({ status: ['adopted'] })).toEqual([d.named!.id, d.secret!.id]);
    expect(await csv({ status: ['amended', 'rescinded'] })).toEqual([d.amended!.id, d.rescinded!.id]);
    expect(await csv({ meetingId: meetings[1]!.id })).toEqual([d.deferred!.id, d.amended!.id]);
    expect(await csv({ q: 'fresque' })).toEqual([d.secret!.id]);
    expect(await csv({ memberId: seats.gaelle!.member.id })).toEqual([d.named!.id]);
    expect(await csv({ from: '2026-11-01T00:00:00Z', influence: ['co-decided'] })).toEqual([d.secret!.id]);
    expect(await csv({ q: 'introuvable' })).toEqual([]);

    const md = flat(
      utf8((await exportAs('md', { status: ['adopted'], from: '2026-09-01T04:00:00Z' })).bytes),
    ).replace(/\*/g, '');
    expect(md).toContain('Statut : Adoptée');
    expect(md).toContain('Rencontres : depuis le 1er septembre 2026');
    expect(md).toContain('2 décisions');
    expect(md).toContain('Période : Du 1er septembre 2026 au 20 novembre 2026');
    expect(md).not.toContain('Stationnement gratuit');
    const person = flat(
      utf8((await exportAs('md', { memberId: seats.gaelle!.member.id, q: 'soirée' })).bytes),
    );
    expect(person).toContain(
      'Personne (a proposé, est intervenue, a exprimé une position ou a voté) : Membre',
    );
    expect(person).toContain('Recherche : « soirée »');
    expect(person).not.toContain('Gaëlle');
    const none = flat(utf8((await exportAs('md', { q: 'introuvable' })).bytes));
    expect(none).toContain('Aucune décision ne correspond à ces critères.');
    expect(none).toContain('0 décision');
    // The integrity statement is about the whole log, whatever the filter.
    expect(none).toContain(': 8 entrées, intact.');
  });

  it('Markdown: a heading per decision, its facts and history, and the integrity statement', async () => {
    const md = utf8((await exportAs('md')).bytes);
    expect(md.startsWith('# Registre des décisions\n')).toBe(true);
    expect(md).toContain('\n## 1. Accueil des familles «\u00a0élargi\u00a0» en soirée\n');
    expect(md).toContain('\n## 7. -20 % d’attente\u00a0: objectif 2027\n');
    const amendment = log.find((e) => e.kind === 'amended')!;
    expect(md).toContain(
      `**Historique\u00a0:**\n\n- Adoption — entrée nº ${amendment.seq - 1} du ${md.match(/entrée nº \d+ du ([^\n,]+)/)![1]}\n` +
        `- Modification — entrée nº ${amendment.seq} du `,
    );
    expect(md).toContain('motif\u00a0: Précision\u00a0: ajout du braille');
    expect(md).toContain(`\`${entryOf(d.named!).entrySha256}\``);
    expectReadableLog(
      md
        .replace(/\\\n/g, '\n')
        .replace(/\\([\\`*_[\]<>~|&#.=+-])/g, '$1')
        .replace(/[*`]/g, ''),
      'md',
    );
  });

  it('DOCX: the same content, headings, page numbers in the footer, in French', async () => {
    const { text, zip } = await docxText((await exportAs('docx')).bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Heading2"/>');
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toContain('w:val="fr-CA"');
    const footer = Object.keys(zip.files).find((n) => /^word\/footer\d*\.xml$/.test(n))!;
    expect(await zip.file(footer)!.async('string')).toMatch(/PAGE[\s\S]*NUMPAGES/);
    const header = Object.keys(zip.files).find((n) => /^word\/header\d*\.xml$/.test(n))!;
    expect(await zip.file(header)!.async('string')).toContain('Comité des usagers — Registre des décisions');
    expectReadableLog(text, 'docx');
  });

  it('PDF: selectable text with every accent, page numbers, bookmarks, in French', async () => {
    const bytes = (await exportAs('pdf')).bytes;
    expect(utf8(bytes.slice(0, 8))).toBe('%PDF-1.7');
    const raw = utf8(bytes);
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toContain('/StructTreeRoot');
    const pages = await pdfText(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((p, i) => expect(flat(p)).toContain(`Page ${i + 1} de ${pages.length}`));
    const all = pages.join('\n');
    expect(all).not.toContain('\ufffd');
    expectReadableLog(all, 'pdf');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
    const outline = ((await pdf.getOutline()) ?? []).map((o) => flat(o.title));
    expect(outline).toContain('1. Accueil des familles « élargi » en soirée');
    expect(outline).toContain('Intégrité du journal');
    expect(((await pdf.getMetadata()).info as { Title?: string }).Title).toBe(
      'Registre des décisions — Comité des usagers',
    );
    await pdf.destroy();
  });

  it('JSON: everything, with the whole hash chain, re-verified here from its documented rule', async () => {
    const json = JSON.parse(utf8((await exportAs('json', { status: ['adopted'] })).bytes)) as {
      committee: { id: string; name: string; language: string };
      exportedAt: string;
      filter: Record<string, unknown>;
      verify: VerifyResult;
      hashRule: { entryFields: string[]; genesis: string; canonicalJson: string; javascript: string };
      people: { id: string; name: string | null; shownAs: string }[];
      decisions: Decision[];
      log: LogEntry[];
    };
    expect(json.committee).toMatchObject({ id: committee.id, name: 'Comité des usagers', language: 'fr' });
    expect(Date.parse(json.exportedAt)).not.toBeNaN();
    expect(json.filter).toEqual({ committeeId: committee.id, status: ['adopted'] });
    expect(json.verify).toEqual({ ok: true, entries: 8, firstBroken: null });
    // The filter selects the decisions; the log is whole, every entry with its hashes.
    expect(json.decisions.map((x) => x.id)).toEqual([d.named!.id, d.secret!.id]);
    expect(json.decisions[0]).toEqual(d.named);
    expect(json.log).toEqual(log);
    // The member who did not consent: her role, no name.
    expect(json.people.find((p) => p.id === seats.gaelle!.member.id)).toMatchObject({
      name: null,
      shownAs: 'Membre',
    });
    expect(JSON.stringify(json)).not.toContain('Gaëlle');

    // The rule, as an outside auditor would implement it from the file's own words.
    expect(json.hashRule.canonicalJson).toMatch(/keys of every object sorted/);
    const canonical = (v: unknown): string =>
      JSON.stringify(v, (_k, x: unknown) =>
        x && typeof x === 'object' && !Array.isArray(x)
          ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          : x,
      );
    const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
    const check = (entries: LogEntry[]): string | null => {
      let prev = json.hashRule.genesis;
      for (const [i, e] of entries.entries()) {
        if (e.seq !== i + 1) return `seq ${i + 1}`;
        if (sha(canonical(e.content)) !== e.contentSha256) return `content of ${e.seq}`;
        if (e.prevSha256 !== prev) return `chain at ${e.seq}`;
        const fields = Object.fromEntries(json.hashRule.entryFields.map((f) => [f, e[f as keyof LogEntry]]));
        if (sha(canonical(fields)) !== e.entrySha256) return `entry ${e.seq}`;
        prev = e.entrySha256;
      }
      return null;
    };
    expect(json.hashRule.genesis).toBe('0'.repeat(64));
    expect(check(json.log)).toBeNull();
    // And the check would catch a change: a word of one decision, or an entry taken out.
    const changed = structuredClone(json.log);
    changed[3]!.content.text = 'Autre chose.';
    expect(check(changed)).toBe('content of 4');
    expect(check(json.log.filter((e) => e.seq !== 2))).toBe('seq 2');
  });

  it('is for the co-chairs and the secretaries: members, observers and other committees get 403', async () => {
    expect((await exportAs('csv', {}, seats.chloe!.token)).status).toBe(200);
    expect((await exportAs('csv', {}, seats.benoit!.token)).status).toBe(200);
    for (const seat of [seats.francois!, seats.gaelle!, seats.denis!]) {
      expectError(
        await post(t.hub, seat.token, 'decisions.export', { committeeId: committee.id, format: 'csv' }),
        403,
        'forbidden',
      );
    }
    const other = await call(t.hub, OWNER_TOKEN, 'committees.create', {
      name: 'Comité voisin',
      area: 'research',
    });
    const neighbour = await call(t.hub, OWNER_TOKEN, 'members.add', {
      committeeId: other.id,
      name: 'Voisine',
      kind: 'professional',
      role: 'co-chair',
      engagementLevel: 'partnership',
    });
    expectError(
      await post(t.hub, neighbour.token, 'decisions.export', { committeeId: committee.id, format: 'pdf' }),
      403,
      'forbidden',
    );
    expectError(
      await post(t.hub, null, 'decisions.export', { committeeId: committee.id, format: 'pdf' }),
      401,
      'unauthorized',
    );
  });

  it('refuses an unknown committee (404) and a bad input (400), as JSON', async () => {
    expectError(
      await post(t.hub, OWNER_TOKEN, 'decisions.export', { committeeId: 'no-such-committee', format: 'csv' }),
      404,
      'not_found',
    );
    const bad = await post(t.hub, OWNER_TOKEN, 'decisions.export', {
      committeeId: committee.id,
      format: 'xlsx',
    });
    expect(expectError(bad, 400, 'invalid_input')).toMatch(/format must be one of: csv, md, docx, pdf, json/);
    expectError(
      await post(t.hub, OWNER_TOKEN, 'decisions.export', { committeeId: committee.id }),
      400,
      'invalid_input',
    );
    const paged = await post(t.hub, OWNER_TOKEN, 'decisions.export', {
      committeeId: committee.id,
      format: 'csv',
      limit: 10,
    });
    expect(expectError(paged, 400, 'invalid_input')).toMatch(/unknown field.*limit/);
    const status = await post(t.hub, OWNER_TOKEN, 'decisions.export', {
      committeeId: committee.id,
      format: 'csv',
      status: ['won'],
    });
    expectError(status, 400, 'invalid_input');
  });

  it('says which entry is broken when the log was tampered with', async () => {
    const broken = await startTestHub();
    const other = await call(broken.hub, OWNER_TOKEN, 'committees.create', {
      name: 'Comité altéré',
      area: 'governance',
      language: 'fr',
    });
    const chair = await call(broken.hub, OWNER_TOKEN, 'members.add', {
      committeeId: other.id,
      name: 'Coprésidente',
      kind: 'patient-partner',
      role: 'co-chair',
      engagementLevel: 'partnership',
    });
    const m = await call(broken.hub, OWNER_TOKEN, 'meetings.create', {
      committeeId: other.id,
      title: 'Rencontre',
      startsAt: '2026-11-20T23:00:00Z',
    });
    for (const title of ['Un', 'Deux', 'Trois']) {
      const x = await draft(broken.hub, chair.token, m.id, title);
      await decide(broken.hub, chair.token, m.id, x.id, 'adopted');
    }
    const db = new Database(join(broken.dir, DB_FILE));
    db.exec('DROP TRIGGER decision_log_no_update; DROP TRIGGER decision_log_no_delete;');
    db.prepare(
      `UPDATE decision_log SET content = replace(content, 'Deux', 'Quatre') WHERE committee_id = ? AND seq = 2`,
    ).run(other.id);
    db.close();
    const get = async (format: string) => {
      const res = await fetch(`${broken.hub.url}/api/decisions.export`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OWNER_TOKEN}` },
        body: JSON.stringify({ committeeId: other.id, format }),
      });
      expect(res.status).toBe(200);
      return new Uint8Array(await res.arrayBuffer());
    };
    const md = flat(utf8(await get('md')));
    expect(md).toContain('il est altéré à l’entrée nº 2 (son contenu a été changé après son inscription)');
    expect(md).not.toContain('intact');
    expect(md).not.toContain('Empreinte SHA-256 de la dernière entrée');
    expect(flat((await pdfText(await get('pdf'))).join(' '))).toContain('il est altéré à l’entrée nº 2');
    const json = JSON.parse(utf8(await get('json'))) as { verify: VerifyResult };
    expect(json.verify).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  });

  it('in English for an English committee', async () => {
    const en = await call(t.hub, OWNER_TOKEN, 'committees.create', {
      name: 'Research: "Partners" <2027>',
      area: 'research',
      language: 'en',
    });
    const chair = await call(t.hub, OWNER_TOKEN, 'members.add', {
      committeeId: en.id,
      name: 'Pat Chair',
      kind: 'patient-partner',
      role: 'co-chair',
      engagementLevel: 'partnership',
    });
    const m = await call(t.hub, OWNER_TOKEN, 'meetings.create', {
      committeeId: en.id,
      title: 'Kick-off',
      startsAt: '2026-11-20T23:00:00Z',
    });
    const x = await draft(t.hub, chair.token, m.id, 'Open the waiting room in the evening', {
      text: 'It opens at 6 p.m.',
    });
    await decide(t.hub, chair.token, m.id, x.id, 'adopted');
    const res = await fetch(`${t.hub.url}/api/decisions.export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OWNER_TOKEN}` },
      body: JSON.stringify({ committeeId: en.id, format: 'csv' }),
    });
    expect(res.headers.get('content-disposition')).toContain(
      `filename="${today} Research Partners 2027 - Decision register.csv"`,
    );
    const rows = parse(utf8(new Uint8Array(await res.arrayBuffer())), { bom: true }) as string[][];
    expect(rows[0]!.slice(0, 3)).toEqual(['ID', 'Meeting', 'Meeting date']);
    expect(rows[1]).toContain('Adopted');
    // members.add's default: not named. The role only, in English.
    expect(rows[1]).toContain('Co-chair');
    expect(rows.flat().join(' ')).not.toContain('Pat Chair');
    const md = await fetch(`${t.hub.url}/api/decisions.export`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OWNER_TOKEN}` },
      body: JSON.stringify({ committeeId: en.id, format: 'md' }),
    });
    const text = flat(await md.text());
    expect(text).toContain('# Decision register');
    expect(text).toContain('Every decision in the register');
    expect(text).toMatch(/The log was verified on .+: 1 entry, intact\./);
  });
});

describe('a large log', () => {
  it('is rendered off the main thread: the hub keeps answering while 800 decisions are laid out as a PDF', async () => {
    // Seeded straight through the store, as decisions.decide does, in one transaction.
    const { core } = t;
    const m = meetings[2]!;
    core.db.transaction(() => {
      for (let i = 0; i < 800; i++) {
        const x: Decision = {
          ...d.secret!,
          id: `bulk-${i}`,
          title: `Décision nº ${i + 1} : l’accueil « élargi »`,
          text: `Le comité décide, après discussion, d’étendre l’accueil à l’unité ${i}.`,
          logEntryId: null,
        };
        const e = core.decisions.append({
          committeeId: committee.id,
          meetingId: m.id,
          decisionId: x.id,
          kind: 'adopted',
          amendsEntryId: null,
          content: x,
          createdBy: null,
        });
        core.decisions.upsertDecision(
          { ...x, logEntryId: e.id },
          { committeeId: committee.id, purpose: null, meetingStartsAt: m.startsAt, decidedAt: e.createdAt },
        );
      }
    })();
    const started = performance.now();
    let finished = 0;
    const exporting = exportAs('pdf', { q: 'unité' }).then((file) => {
      finished = performance.now();
      return file;
    });
    const answers: { at: number }[] = [];
    while (!finished) {
      const res = await fetch(`${t.hub.url}/healthz`);
      expect(res.status).toBe(200);
      answers.push({ at: performance.now() });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const file = await exporting;
    expect(file.status).toBe(200);
    const pages = await pdfText(file.bytes);
    expect(flat(pages.join(' '))).toContain('Décision nº 800 : l’accueil « élargi »');
    expect(flat(pages[0]!)).toContain('800 décisions');
    // Several answers came while the PDF was being laid out: had it been laid out on the hub's
    // thread, every /healthz would have waited behind it and been answered after the file.
    const during = answers.filter((a) => a.at < finished);
    expect(during.length, `${finished - started} ms of export`).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
