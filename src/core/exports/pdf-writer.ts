/**
 * What every PDF of the exports shares (pdfkit): the text set in Atkinson Hyperlegible (a typeface
 * drawn for readers with low vision), embedded from its npm package so every accent, « guillemet »
 * and apostrophe has its glyph and the text can be selected, searched and read aloud; tagging
 * (headings, paragraphs, lists, tables, with page furniture marked as such) for screen readers;
 * headings as bookmarks; a running header and every page's number.
 */
import type { JSONContent } from '@tiptap/core';
import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

export type Doc = PDFKit.PDFDocument;
export type Style = 'R' | 'B' | 'I' | 'BI';
const STYLES: Style[] = ['R', 'B', 'I', 'BI'];
const FILES: Record<Style, string> = { R: '400-normal', B: '700-normal', I: '400-italic', BI: '700-italic' };

interface FontSet {
  /** The Latin subset (French, English and western European languages), and Latin Extended for the rest. */
  data: Record<`${'' | 'x'}${Style}`, Buffer>;
  /** Code points the Latin subset has. */
  latin: Set<number>;
  /** Code points only the extended subset has. */
  extended: Set<number>;
}

let fonts: FontSet | null = null;

/**
 * A WOFF font as the TrueType/OpenType file it wraps (its tables inflated once). fontkit reads
 * WOFF itself, but inflates a table in JavaScript each time it reads from it, which made a PDF
 * take seconds; a plain font is read directly.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : raw;
    if (data.length !== origLength) throw new Error('Corrupt WOFF table');
    return { tag: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), data };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + 16 * numTables);
  header.writeUInt32BE(woff.readUInt32BE(4), 0); // the wrapped font's version (flavor)
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    t.tag.copy(header, at);
    header.writeUInt32BE(t.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

function loadFonts(): FontSet {
  if (fonts) return fonts;
  // The package's exports map only its CSS; its folder is found through its LICENSE.
  const dir = join(
    dirname(createRequire(import.meta.url).resolve('@fontsource/atkinson-hyperlegible/LICENSE')),
    'files',
  );
  const read = (subset: string, style: Style) =>
    woffToSfnt(readFileSync(join(dir, `atkinson-hyperlegible-${subset}-${FILES[style]}.woff`)));
  const data = {} as FontSet['data'];
  for (const s of STYLES) {
    data[s] = read('latin', s);
    data[`x${s}`] = read('latin-ext', s);
  }
  const charset = (b: Buffer) => new Set((fontkit.create(b) as fontkit.Font).characterSet);
  const latin = charset(data.R);
  const extended = new Set([...charset(data.xR)].filter((c) => !latin.has(c)));
  fonts = { data, latin, extended };
  return fonts;
}

/** Letters with a stroke, which Unicode does not decompose into a letter and an accent. */
const STROKED: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  Ŧ: 'T',
  ŧ: 't',
  Ƀ: 'B',
  ƀ: 'b',
};

export const COLORS = {
  text: '#1a1a1a',
  muted: '#555555',
  accent: '#1d4f73',
  link: '#0b5cad',
  rule: '#9aa9b5',
  box: '#f3f7fa',
};
export const SIZE = { body: 10.5, small: 8.5, kicker: 9 };
export const HEADING_SIZE = [0, 21, 15.5, 13, 11.5, 10.5, 10.5];
export const LINE_GAP = 2.5;
/** US Letter, as used in Canada, with 2 cm margins. */
const PAGE = { size: 'LETTER', margin: 56.7 };

/** A run of text in one style; links and strike-through drawn by pdfkit. */
export interface Run {
  text: string;
  style: Style;
  link?: string;
  strike?: boolean;
  underline?: boolean;
  mono?: boolean;
  color?: string;
}

/** Runs of text from the editor's inline nodes. */
export function runsOf(nodes: JSONContent[] = [], base: Partial<Run> = {}): Run[] {
  const runs: Run[] = [];
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      runs.push({ text: '\n', style: base.style ?? 'R' });
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const has = (t: string) => node.marks?.some((m) => m.type === t) ?? false;
    const bold = has('bold') || base.style === 'B' || base.style === 'BI';
    const italic = has('italic') || base.style === 'I' || base.style === 'BI';
    const href = node.marks?.find((m) => m.type === 'link')?.attrs?.href;
    const style: Style = bold && italic ? 'BI' : bold ? 'B' : italic ? 'I' : 'R';
    const run: Run = {
      ...base,
      text: node.text,
      style,
      link: typeof href === 'string' && /^(https?:|mailto:)/i.test(href) ? href : undefined,
      strike: has('strike') || undefined,
      underline: has('underline') || undefined,
    };
    if (!run.link && !run.strike && !run.underline) {
      runs.push(run);
      continue;
    }
    // A link's (or a line's) leading and trailing spaces are not underlined.
    const [, before = '', core = '', after = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(node.text) ?? [];
    if (before) runs.push({ ...base, text: before, style });
    if (core) runs.push({ ...run, text: core });
    if (after) runs.push({ ...base, text: after, style });
  }
  return runs;
}

export const plainText = (nodes: JSONContent[] = []): string =>
  nodes
    .map((n) => (n.type === 'text' ? (n.text ?? '') : n.type === 'hardBreak' ? '\n' : plainText(n.content)))
    .join('');

/** What a document says about itself: its language, its properties, its running header and page numbers. */
export interface PdfInfo {
  /** BCP 47 tag of the text's language. */
  locale: string;
  title: string;
  subject: string;
  /** The running header, at the top right of every page but the first. */
  running: string;
  /** "Page 2 of 5", around the two numbers. */
  pageOf: readonly [string, string, string];
}

export class PdfWriter {
  readonly doc: Doc;
  private readonly f = loadFonts();
  readonly left = PAGE.margin;
  readonly width: number;
  private outline: { level: number; item: PDFKit.PDFOutline }[] = [];
  /** A second document, never written, in which blocks are laid out to measure them. */
  private measurer: PdfWriter | null = null;
  /** Where structure elements go (null in the measuring document, which is not tagged). */
  private parent: PDFKit.PDFStructureElement | null = null;

  constructor(
    private readonly info: PdfInfo,
    forMeasure = false,
  ) {
    this.doc = new PDFDocument({
      tagged: !forMeasure,
      size: forMeasure ? [612, 100000] : PAGE.size,
      margin: PAGE.margin,
      bufferPages: !forMeasure,
      autoFirstPage: true,
      lang: info.locale,
      displayTitle: true,
      pdfVersion: '1.7',
      // No default font (pdfkit's is Helvetica): the embedded fonts are registered just below.
      font: null as unknown as string,
      info: {
        Title: info.title,
        Subject: info.subject,
        Creator: 'Coconstruct',
        Producer: 'Coconstruct',
      },
    });
    for (const [name, buf] of Object.entries(this.f.data)) this.doc.registerFont(name, buf);
    // pdfkit remembers a registered font by its data, not its name, and its tables restore the
    // font by that data after each cell: a font given as data is parsed anew each time. Give it
    // back its name, so it is found among the fonts already open.
    const names = new Map<unknown, string>(Object.entries(this.f.data).map(([name, buf]) => [buf, name]));
    const font = this.doc.font.bind(this.doc) as (src: unknown, family?: unknown, size?: unknown) => Doc;
    (this.doc as { font: unknown }).font = (src: unknown, family?: unknown, size?: unknown) =>
      font(names.get(src) ?? src, family, size);
    this.doc.font('R').fontSize(SIZE.body).fillColor(COLORS.text);
    this.width = this.doc.page.width - 2 * PAGE.margin;
    if (!forMeasure) {
      this.parent = this.doc.struct('Document');
      this.doc.addStructure(this.parent);
    }
  }

  /** Draws `draw` as the content of a structure element of `type` (H1, P, …) under the current parent. */
  tag(type: string, draw: () => void): void {
    if (!this.parent) return draw();
    this.parent.add(this.doc.struct(type, {}, () => draw()));
  }

  /** Groups what `fill` draws under a structure element of `type` (L, LI, Sect, …). */
  group(type: string, fill: () => void): void {
    const outer = this.parent;
    if (!outer) return fill();
    const el = this.doc.struct(type);
    outer.add(el);
    this.parent = el;
    try {
      fill();
    } finally {
      this.parent = outer;
      el.end();
    }
  }

  /** Draws what is not content (rules, boxes, page numbers): screen readers skip it. */
  artifact(draw: () => void, type?: 'Pagination' | 'Layout'): void {
    if (!this.parent) return draw();
    this.doc.markContent('Artifact', type ? { type } : undefined);
    draw();
    this.doc.endMarkedContent();
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` fits below the current position. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom && this.doc.y > this.doc.page.margins.top + 1)
      this.doc.continueOnNewPage();
  }

  /**
   * A character the font has no glyph for, as near as the Latin subset allows: its letter
   * without the accents (ễ → e, Ł → L), or "?" (never a blank box).
   */
  private nearest(ch: string): string {
    const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const plain = STROKED[base] ?? base;
    return plain && [...plain].every((c) => this.f.latin.has(c.codePointAt(0)!)) ? plain : '?';
  }

  /** Text in the Latin subset only (table cells are set in one font). */
  latinOnly(text: string): string {
    let out = '';
    for (const ch of text) out += ch === '\n' || this.f.latin.has(ch.codePointAt(0)!) ? ch : this.nearest(ch);
    return out;
  }

  /** Splits a run where its characters are only in the Latin Extended subset of the font. */
  private fontRuns(run: Run): { text: string; font: string }[] {
    const out: { text: string; font: string }[] = [];
    for (const raw of run.text) {
      const cp = raw.codePointAt(0)!;
      const covered = raw === '\n' || this.f.latin.has(cp);
      const font = !covered && this.f.extended.has(cp) ? `x${run.style}` : run.style;
      const ch = covered || font !== run.style ? raw : this.nearest(raw);
      const last = out[out.length - 1];
      if (last && last.font === font) last.text += ch;
      else out.push({ text: ch, font });
    }
    return out;
  }

  /** Lays out rich text from (x, current y) over `width`; leaves the position after it. */
  richText(
    runs: Run[],
    opts: { x?: number; width?: number; size?: number; color?: string; gapAfter?: number } = {},
  ): void {
    const doc = this.doc;
    const x = opts.x ?? this.left;
    const width = opts.width ?? this.left + this.width - x;
    const pieces = runs.flatMap((r) => this.fontRuns(r).map((p) => ({ ...r, ...p })));
    if (!pieces.length) pieces.push({ text: ' ', style: 'R', font: 'R' });
    doc.fontSize(opts.size ?? SIZE.body);
    pieces.forEach((p, i) => {
      doc
        .font(p.mono ? 'R' : p.font)
        .fillColor(p.link ? COLORS.link : (p.color ?? opts.color ?? COLORS.text));
      const options: PDFKit.Mixins.TextOptions = {
        width,
        lineGap: LINE_GAP,
        continued: i < pieces.length - 1,
        link: p.link ?? null,
        underline: !!p.link || !!p.underline,
        strike: !!p.strike,
      };
      if (i === 0) doc.text(p.text, x, doc.y, options);
      else doc.text(p.text, options);
    });
    doc.fillColor(COLORS.text).font('R');
    doc.x = this.left;
    if (opts.gapAfter) doc.y += opts.gapAfter;
  }

  /** How tall `draw` would be, laid out the same way on a page with no bottom. */
  measure(draw: (w: PdfWriter) => void): number {
    this.measurer ??= new PdfWriter(this.info, true);
    const top = PAGE.margin;
    this.measurer.doc.y = top;
    draw(this.measurer);
    return this.measurer.doc.y - top;
  }

  heading(level: number, runs: Run[], bookmark: string, size = HEADING_SIZE[Math.min(6, level)]!): void {
    const before = level === 1 ? 0 : level === 2 ? 16 : 10;
    const doc = this.doc;
    // A heading is never the last line of a page: keep it with two lines of what follows.
    const height = this.measure((w) => w.richText(runs, { size })) + before + 3 * (SIZE.body + 2 * LINE_GAP);
    this.ensure(height);
    if (doc.y > doc.page.margins.top + 1) doc.y += before;
    const color = level === 2 ? COLORS.accent : COLORS.text;
    this.tag(`H${level}`, () =>
      this.richText(
        runs.map((r) => ({ ...r, style: r.style === 'I' || r.style === 'BI' ? 'BI' : 'B' })),
        { size, color },
      ),
    );
    if (level === 2) {
      this.artifact(() =>
        doc
          .moveTo(this.left, doc.y + 1)
          .lineTo(this.left + this.width, doc.y + 1)
          .lineWidth(0.6)
          .strokeColor('#c9d6e0')
          .stroke(),
      );
      doc.y += 6;
    } else {
      doc.y += 3;
    }
    this.bookmark(level, bookmark);
  }

  private bookmark(level: number, title: string): void {
    if (level < 2 || !title.trim()) return;
    while (this.outline.length && this.outline[this.outline.length - 1]!.level >= level) this.outline.pop();
    const parent = this.outline[this.outline.length - 1]?.item ?? this.doc.outline;
    const item = parent.addItem(title.replace(/\s+/g, ' ').trim());
    this.outline.push({ level, item });
  }

  paragraph(runs: Run[], opts: { x?: number; size?: number; color?: string; gapAfter?: number } = {}): void {
    this.ensure((opts.size ?? SIZE.body) * 2);
    this.tag('P', () => this.richText(runs, { gapAfter: 6, ...opts }));
  }

  /** A horizontal rule across the text. */
  rule(color: string, lineWidth: number): void {
    const y = this.doc.y;
    this.artifact(() =>
      this.doc
        .moveTo(this.left, y)
        .lineTo(this.left + this.width, y)
        .lineWidth(lineWidth)
        .strokeColor(color)
        .stroke(),
    );
  }

  /** A list: markers hung in the margin of each item's first line. */
  list(node: JSONContent, depth: number): void {
    const ordered = node.type === 'orderedList';
    const start = Number(node.attrs?.start ?? 1);
    const indent = this.left + 18 * (depth + 1);
    this.group('L', () =>
      (node.content ?? []).forEach((item, i) => {
        const marker = ordered ? `${start + i}.` : ['•', '◦', '▪'][depth % 3]!;
        const children = item.content ?? [];
        this.ensure(SIZE.body * 2);
        this.group('LI', () => {
          const y = this.doc.y;
          this.tag('Lbl', () => {
            this.doc.font('R').fontSize(SIZE.body).fillColor(COLORS.text);
            this.doc.text(marker, indent - 16, y, { width: 13, align: 'right', lineBreak: false });
          });
          this.doc.y = y;
          this.group('LBody', () =>
            children.forEach((child) => {
              if (child.type === 'bulletList' || child.type === 'orderedList') this.list(child, depth + 1);
              else if (child.type === 'paragraph')
                this.tag('P', () => this.richText(runsOf(child.content), { x: indent, gapAfter: 3 }));
              else this.block(child, depth + 1);
            }),
          );
        });
      }),
    );
    if (depth === 0) this.doc.y += 4;
  }

  /** A table of plain text: the first row's header cells in bold. */
  table(
    rows: { text: string; header: boolean; colSpan?: number }[][],
    columnStyles?: (number | string)[],
  ): void {
    if (!rows.length) return;
    const doc = this.doc;
    this.ensure(40);
    doc.fontSize(SIZE.body - 0.5);
    doc.table({
      // pdfkit tags the table (Table, TR, TH, TD) under this parent
      ...({ structParent: this.parent ?? undefined } as object),
      position: { x: this.left, y: doc.y },
      maxWidth: this.width,
      columnStyles,
      defaultStyle: {
        border: 0.6,
        borderColor: COLORS.rule,
        padding: [4, 5, 4, 5],
        textOptions: { lineGap: 1 },
      } as PDFKit.Mixins.CellStyle,
      data: rows.map((row) =>
        row.map((cell) => ({
          text: this.latinOnly(cell.text),
          colSpan: cell.colSpan,
          type: cell.header ? ('TH' as const) : ('TD' as const),
          font: { src: cell.header ? 'B' : 'R' },
          backgroundColor: cell.header ? '#eef3f7' : undefined,
        })),
      ),
    });
    doc.font('R').fontSize(SIZE.body).fillColor(COLORS.text);
    doc.x = this.left;
    doc.y += 8;
  }

  block(node: JSONContent, depth = 0): void {
    switch (node.type) {
      case 'heading': {
        const level = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 3)));
        this.heading(level, runsOf(node.content), plainText(node.content));
        return;
      }
      case 'paragraph':
        this.paragraph(runsOf(node.content), { x: this.left + 18 * depth });
        return;
      case 'bulletList':
      case 'orderedList':
        this.list(node, depth);
        return;
      case 'blockquote': {
        const top = this.doc.y;
        const page = this.doc.page;
        this.group('BlockQuote', () => {
          for (const child of node.content ?? [])
            if (child.type === 'paragraph')
              this.tag('P', () =>
                this.richText(runsOf(child.content, { style: 'I' }), { x: this.left + 14, gapAfter: 4 }),
              );
            else this.block(child, depth);
        });
        const from = this.doc.page === page ? top : this.doc.page.margins.top;
        this.artifact(() =>
          this.doc
            .moveTo(this.left + 4, from)
            .lineTo(this.left + 4, this.doc.y - 4)
            .lineWidth(2)
            .strokeColor('#aab7c2')
            .stroke(),
        );
        this.doc.y += 4;
        return;
      }
      case 'codeBlock':
        this.paragraph([{ text: plainText(node.content), style: 'R', mono: true }]);
        return;
      case 'horizontalRule':
        this.ensure(12);
        this.artifact(() =>
          this.doc
            .moveTo(this.left, this.doc.y + 4)
            .lineTo(this.left + this.width, this.doc.y + 4)
            .lineWidth(0.6)
            .strokeColor(COLORS.rule)
            .stroke(),
        );
        this.doc.y += 12;
        return;
      case 'table': {
        const rows = (node.content ?? []).map((row) =>
          (row.content ?? []).map((cell) => ({
            text: (cell.content ?? []).map((b) => plainText(b.content)).join('\n'),
            header: cell.type === 'tableHeader',
            colSpan: Math.max(1, Number(cell.attrs?.colspan ?? 1)),
          })),
        );
        this.table(rows);
        return;
      }
      default:
        for (const child of node.content ?? []) this.block(child, depth);
    }
  }

  /** Lines of text in a shaded box with an accent bar on its left, kept on one page when it fits. */
  box(lines: Run[][]): void {
    const pad = 7;
    const x = this.left + 10;
    const width = this.width - 10 - pad;
    const gap = (i: number) => (i < lines.length - 1 ? 3 : 0);
    const height =
      this.measure((w) => lines.forEach((l, i) => w.richText(l, { x, width, gapAfter: gap(i) }))) + 2 * pad;
    this.ensure(height + 6);
    const top = this.doc.y + 2;
    this.artifact(() => {
      this.doc.save().rect(this.left, top, this.width, height).fill(COLORS.box).restore();
      this.doc.save().rect(this.left, top, 3.5, height).fill(COLORS.accent).restore();
    });
    this.doc.y = top + pad;
    this.group('Div', () =>
      lines.forEach((l, i) => this.tag('P', () => this.richText(l, { x, width, gapAfter: gap(i) }))),
    );
    this.doc.y = top + height + 10;
  }

  /** `text` cut with an ellipsis to fit on one line in the current font. */
  private fitLine(text: string): string {
    if (this.doc.widthOfString(text) <= this.width) return text;
    let cut = text;
    while (cut.length > 1 && this.doc.widthOfString(`${cut}…`) > this.width) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }

  /** Page numbers and a running header, once every page is laid out. */
  finishPages(): void {
    const doc = this.doc;
    const { pageOf } = this.info;
    const range = doc.bufferedPageRange();
    const running = this.latinOnly(this.info.running);
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const { top, bottom } = doc.page.margins;
      // Written in the margins: pdfkit would otherwise start a new page.
      doc.page.margins.top = 0;
      doc.page.margins.bottom = 0;
      doc.font('R').fontSize(SIZE.small).fillColor(COLORS.muted);
      const label = `${pageOf[0]}${i + 1}${pageOf[1]}${range.count}${pageOf[2]}`;
      this.artifact(
        () =>
          doc.text(label, this.left, doc.page.height - bottom + 18, {
            width: this.width,
            align: 'center',
            lineBreak: false,
          }),
        'Pagination',
      );
      if (i > range.start) {
        this.artifact(
          () =>
            doc.text(this.fitLine(running), this.left, top - 30, {
              width: this.width,
              align: 'right',
              lineBreak: false,
            }),
          'Pagination',
        );
      }
      doc.page.margins.top = top;
      doc.page.margins.bottom = bottom;
    }
    doc.fillColor(COLORS.text);
  }
}

/** Reads what pdfkit has written (synchronously: it pushes every chunk as it goes). */
export function drain(doc: Doc): Uint8Array {
  const chunks: Buffer[] = [];
  doc.end();
  for (let c = doc.read() as Buffer | null; c !== null; c = doc.read() as Buffer | null) chunks.push(c);
  return new Uint8Array(Buffer.concat(chunks));
}
