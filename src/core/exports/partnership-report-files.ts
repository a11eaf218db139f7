/**
 * The partnership report as a file: Markdown, Word (DOCX) or PDF (the exports' tagged, accessible
 * writer with Atkinson Hyperlegible). Each part of GRIPP2-SF: its title, what it asks for, the
 * facts and tables filled from the data, then what people wrote (or a place for it).
 *
 * An export is asked for as plain data (`ReportRequest`: the committee, the period, the format) and
 * filled where it is laid out: in the export worker, through a read-only connection of its own to
 * the database file (`exportPartnershipReportFromFile`), or in the calling thread on the core's own
 * stores where no worker can run (`exportPartnershipReportFrom`).
 */
import { BorderStyle, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { PartnershipReport, ReportExportFormat, ReportTable } from '../../shared/ledger';
import { readAgenda } from '../../shared/meeting';
import type { ExportedFile } from '../../shared/minutes';
import type { LedgerStores } from '../services/ledger-views';
import { readDatabaseFile } from '../store/db';
import { DecisionsRepo } from '../store/decisions-repo';
import { DocStore } from '../store/docs';
import { LedgerRepo } from '../store/ledger-repo';
import { Repos } from '../store/repos';
import { localDay, safeFilename } from './common';
import { ACCENT, HEADINGS, TEXT_WIDTH, packSync, wordDocument, type Block } from './docx-common';
import { escapeText } from './markdown';
import { partnershipLabels } from './partnership-labels';
import { longDay, readPartnershipReport } from './partnership-report';
import { COLORS, PdfWriter, SIZE, drain, type Run } from './pdf-writer';

interface Frame {
  title: string;
  period: string;
  generated: string;
  toWrite: string;
  colon: string;
  locale: string;
  pageOf: readonly [string, string, string];
  documentKind: string;
}

function frame(report: PartnershipReport, now: Date): Frame {
  const L = partnershipLabels(report.language);
  const locale = L.base.locale;
  return {
    title: `${L.documentKind} — ${report.committeeName}`,
    period: L.period(longDay(report.from, locale), longDay(report.to, locale)),
    generated: L.generated(longDay(localDay(now), locale)),
    toWrite: L.toWrite,
    colon: L.colon,
    locale,
    pageOf: L.base.pageOf,
    documentKind: L.documentKind,
  };
}

/** Paragraphs of what people wrote (blank lines separate them). */
const paragraphsOf = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

export function renderReportMarkdown(report: PartnershipReport, now: Date): string {
  const f = frame(report, now);
  const e = (s: string) => escapeText(s);
  const cell = (s: string) => escapeText(s, true).replace(/\n/g, ' ');
  const table = (t: ReportTable) =>
    [
      `*${e(t.caption)}*`,
      '',
      `| ${t.header.map(cell).join(' | ')} |`,
      `| ${t.header.map(() => '---').join(' | ')} |`,
      ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    ].join('\n');
  const parts: string[] = [`# ${e(f.title)}`, `*${e(f.period)}*`];
  for (const s of report.sections) {
    parts.push(`## ${e(s.title)}`, `*${e(s.prompt)}*`);
    if (s.facts.length)
      parts.push(s.facts.map((x) => `- **${e(x.label)}${f.colon}** ${e(x.value)}`).join('\n'));
    for (const t of s.tables) parts.push(table(t));
    const written = paragraphsOf(s.text);
    parts.push(...(written.length ? written.map(e) : [`*${e(f.toWrite)}*`]));
  }
  parts.push('---', `*${e(f.generated)}*`);
  return `${parts.join('\n\n')}\n`;
}

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '9AA9B5' };
const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };

/**
 * The widths of a table's columns out of `total`, by what they hold, `perChar` being the width of
 * a character in the same unit: first room for each column's longest word (header included, so
 * that « Niveau obtenu » or « Membres » never breaks inside a word) and its cell's padding, then
 * what is left to the columns whose text is longer than that, as far as it goes.
 */
export function columnWidths(t: ReportTable, total: number, perChar: number): number[] {
  const n = t.header.length;
  const PADDING = 2.5; // characters: the cell's inner margins
  const cells = (i: number) => [t.header[i] ?? '', ...t.rows.map((r) => r[i] ?? '')];
  const longestWord = (i: number) =>
    Math.max(...cells(i).flatMap((c) => c.split(/\s+/).map((w) => w.length)), 1);
  // Headers are bold: their words a little wider.
  const need = Array.from({ length: n }, (_, i) => Math.ceil(longestWord(i) * 1.1) + PADDING);
  const want = Array.from({ length: n }, (_, i) =>
    Math.max(need[i]!, Math.min(Math.max(...cells(i).map((c) => c.length)), 60) + PADDING),
  );
  const capacity = total / perChar;
  const needed = need.reduce((a, b) => a + b, 0);
  let units: number[];
  if (needed >= capacity) units = need;
  else {
    const extra = want.map((w, i) => w - need[i]!);
    const extraSum = extra.reduce((a, b) => a + b, 0);
    const left = capacity - needed;
    // Up to what each wants; past that, the rest in proportion to what they want.
    units =
      extraSum > left
        ? need.map((w, i) => w + (left * extra[i]!) / extraSum)
        : want.map((w) => w + ((left - extraSum) * w) / want.reduce((a, b) => a + b, 0));
  }
  const sum = units.reduce((a, b) => a + b, 0);
  return units.map((u) => (total * u) / sum);
}

function docxTable(t: ReportTable): Block[] {
  // Twentieths of a point; the tables' text is 10 pt.
  const widths = columnWidths(t, TEXT_WIDTH, 10 * 0.55 * 20).map(Math.round);
  const row = (cells: string[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      cantSplit: true,
      children: cells.map(
        (text) =>
          new TableCell({
            borders,
            margins: { top: 60, bottom: 60, left: 100, right: 100 },
            shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'EEF3F7' } : undefined,
            children: [
              new Paragraph({ spacing: { after: 0 }, children: [new TextRun({ text, bold: header })] }),
            ],
          }),
      ),
    });
  return [
    new Paragraph({
      keepNext: true,
      spacing: { before: 120, after: 60 },
      children: [new TextRun({ text: t.caption, bold: true })],
    }),
    new Table({
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      rows: [row(t.header, true), ...t.rows.map((r) => row(r, false))],
    }),
    new Paragraph({ spacing: { before: 0, after: 0, line: 160 }, children: [] }),
  ];
}

export function renderReportDocx(report: PartnershipReport, now: Date): Uint8Array {
  const f = frame(report, now);
  const children: Block[] = [
    new Paragraph({
      spacing: { after: 160 },
      children: [
        new TextRun({ text: report.committeeName, allCaps: true, bold: true, color: ACCENT, size: 20 }),
      ],
    }),
    new Paragraph({ heading: HEADINGS[0], children: [new TextRun(f.documentKind)] }),
    new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: f.period, italics: true })] }),
  ];
  for (const s of report.sections) {
    children.push(
      new Paragraph({ heading: HEADINGS[1], children: [new TextRun(s.title)] }),
      new Paragraph({
        keepNext: true,
        children: [new TextRun({ text: s.prompt, italics: true, color: '4A4A4A' })],
      }),
      ...s.facts.map(
        (x) =>
          new Paragraph({
            spacing: { after: 60 },
            children: [new TextRun({ text: `${x.label}${f.colon} `, bold: true }), new TextRun(x.value)],
          }),
      ),
    );
    for (const t of s.tables) children.push(...docxTable(t));
    const written = paragraphsOf(s.text);
    if (written.length) children.push(...written.map((p) => new Paragraph({ children: [new TextRun(p)] })));
    else
      children.push(
        new Paragraph({ children: [new TextRun({ text: f.toWrite, italics: true, color: '595959' })] }),
      );
  }
  children.push(
    new Paragraph({
      spacing: { before: 480 },
      children: [new TextRun({ text: f.generated, italics: true, color: '595959', size: 18 })],
    }),
  );
  return packSync(
    wordDocument({
      title: f.title,
      subject: f.documentKind,
      locale: f.locale,
      running: f.title,
      pageOf: f.pageOf,
      children,
    }),
  );
}

export function renderReportPdf(report: PartnershipReport, now: Date): Uint8Array {
  const f = frame(report, now);
  const w = new PdfWriter({
    locale: f.locale,
    title: f.title,
    subject: f.documentKind,
    running: f.title,
    pageOf: f.pageOf,
  });
  w.paragraph([{ text: report.committeeName, style: 'B' }], {
    size: SIZE.kicker + 1,
    color: COLORS.accent,
    gapAfter: 4,
  });
  w.heading(1, [{ text: f.documentKind, style: 'B' }], f.documentKind);
  w.paragraph([{ text: f.period, style: 'I' }], { gapAfter: 6 });
  w.rule(COLORS.accent, 1.5);
  w.doc.y += 6;
  for (const s of report.sections) {
    w.group('Sect', () => {
      w.heading(2, [{ text: s.title, style: 'B' }], s.title);
      w.paragraph([{ text: s.prompt, style: 'I', color: COLORS.muted }], { gapAfter: 4 });
      for (const x of s.facts) {
        const runs: Run[] = [
          { text: `${x.label}${f.colon} `, style: 'B' },
          { text: x.value, style: 'R' },
        ];
        w.paragraph(runs, { gapAfter: 2 });
      }
      for (const t of s.tables) {
        w.doc.y += 4;
        // A caption is never the last line of a page: room for it, the header and a first row.
        const caption = (x: PdfWriter) => x.paragraph([{ text: t.caption, style: 'B' }], { gapAfter: 2 });
        w.ensure(w.measure(caption) + 60);
        caption(w);
        w.table(
          [
            t.header.map((text) => ({ text, header: true })),
            ...t.rows.map((r) => r.map((text) => ({ text, header: false }))),
          ],
          columnWidths(t, w.width, (SIZE.body - 0.5) * 0.55),
        );
      }
      const written = paragraphsOf(s.text);
      if (written.length) for (const p of written) w.paragraph([{ text: p, style: 'R' }]);
      else w.paragraph([{ text: f.toWrite, style: 'I', color: COLORS.muted }]);
    });
  }
  // When the report was produced, on the page the text ends on (a last page with only this line
  // reads as a page left out): 14 pt below the text, less where the page has less room, and in the
  // bottom margin, above the page number, where it has none.
  const footer = (x: PdfWriter) =>
    x.tag('P', () =>
      x.richText([{ text: f.generated, style: 'I' }], { size: SIZE.small, color: COLORS.muted }),
    );
  const height = w.measure(footer);
  const room = w.bottom - w.doc.y;
  if (room >= height) {
    w.doc.y += Math.min(14, room - height);
    footer(w);
  } else {
    const margins = w.doc.page.margins;
    const bottom = margins.bottom;
    w.doc.y = Math.min(w.doc.y, w.bottom);
    margins.bottom = 0;
    footer(w);
    margins.bottom = bottom;
  }
  w.finishPages();
  return drain(w.doc);
}

const FORMATS: Record<
  ReportExportFormat,
  { extension: string; contentType: string; render: (r: PartnershipReport, now: Date) => Uint8Array }
> = {
  pdf: { extension: 'pdf', contentType: 'application/pdf', render: renderReportPdf },
  docx: {
    extension: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    render: renderReportDocx,
  },
  md: {
    extension: 'md',
    contentType: 'text/markdown; charset=utf-8',
    render: (r, now) => new TextEncoder().encode(renderReportMarkdown(r, now)),
  },
};

export function exportPartnershipReport(
  report: PartnershipReport,
  format: ReportExportFormat,
  now: Date,
): ExportedFile {
  const spec = FORMATS[format];
  const L = partnershipLabels(report.language);
  const base = safeFilename(
    `${L.documentKind} - ${report.committeeName} - ${report.from} - ${report.to}`,
    'report',
  );
  return {
    filename: `${base}.${spec.extension}`,
    contentType: spec.contentType,
    data: spec.render(report, now),
  };
}

/** A partnership report to export, as asked (plain data: it is handed to a worker thread). */
export interface ReportRequest {
  /** The committee, found and its caller authorized by the handler. */
  committeeId: string;
  /** The period (days, inclusive), checked by the handler, its ledger brought up to date there. */
  from: string;
  to: string;
  format: ReportExportFormat;
  /** When it is made (ISO 8601): printed on it, and which questionnaires have closed. */
  now: string;
}

/**
 * Fills the report through the core's own `stores`, then lays it out: in the calling thread, where
 * no worker can run. Synchronous, so nothing is written between its reads; and not in a
 * transaction of its own: reading a meeting's document through the live documents may commit
 * their open group (peers' updates), which would end such a transaction under it.
 */
export function exportPartnershipReportFrom(stores: LedgerStores, request: ReportRequest): ExportedFile {
  const now = new Date(request.now);
  return exportPartnershipReport(
    readPartnershipReport(stores, request.committeeId, request, now),
    request.format,
    now,
  );
}

/**
 * The same, filled through a connection of its own to the database file, read-only: what the
 * worker thread does. It sees everything the core has committed (the ledger it brought up to date,
 * the documents: an update is written before it is relayed), and the connection is closed before
 * the layout starts.
 */
export function exportPartnershipReportFromFile(
  dbFile: string,
  request: ReportRequest,
  key?: string | null,
): ExportedFile {
  const now = new Date(request.now);
  const report = readDatabaseFile(dbFile, key, (db) => {
    const docs = new DocStore(db);
    const stores: LedgerStores = {
      repos: new Repos(db),
      decisions: new DecisionsRepo(db),
      ledger: new LedgerRepo(db),
      agenda: (meeting) => {
        const doc = docs.load(meeting.docName);
        try {
          return readAgenda(doc);
        } finally {
          doc.destroy();
        }
      },
    };
    return readPartnershipReport(stores, request.committeeId, request, now);
  });
  return exportPartnershipReport(report, request.format, now);
}
