/**
 * What every Word document of the exports shares: US Letter with 2 cm margins, Arial, the accent
 * colour, headings, bullet and numbered lists, a running header, page numbers in the footer, and
 * packing without a promise.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type Table,
} from 'docx';
import { strToU8, zipSync } from 'fflate';

export const FONT = 'Arial';
export const MONO = 'Consolas';
export const ACCENT = '1D4F73';
export const BOX_FILL = 'F3F7FA';
/** US Letter, as used in Canada, with 2 cm margins: the text is 12240 - 2 × 1134 twips wide. */
export const PAGE = { width: 12240, height: 15840, margin: 1134 };
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;

export const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

export type Block = Paragraph | Table;

export const LEVEL_INDENT = (level: number) => ({
  style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
});

const BULLETS = ['•', '◦', '▪'];

export interface WordDocumentOptions {
  /** The document's title, in its properties. */
  title: string;
  subject: string;
  /** BCP 47 tag of the text's language (spelling and hyphenation in Word). */
  locale: string;
  /** The running header, at the top right of every page. */
  running: string;
  /** "Page 2 of 5", around the two numbers. */
  pageOf: readonly [string, string, string];
  children: Block[];
}

/** A Word document with the exports' page, styles, lists, running header and page numbers. */
export function wordDocument(o: WordDocumentOptions): Document {
  const [pageBefore, pageBetween, pageAfter] = o.pageOf;
  return new Document({
    title: o.title,
    subject: o.subject,
    creator: 'Coconstruct',
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 22, language: { value: o.locale } },
          paragraph: { spacing: { after: 120, line: 276 } },
        },
        heading1: {
          run: { font: FONT, size: 40, bold: true, color: '1A1A1A' },
          paragraph: { spacing: { before: 120, after: 200 }, keepNext: true },
        },
        heading2: {
          run: { font: FONT, size: 30, bold: true, color: ACCENT },
          paragraph: { spacing: { before: 360, after: 120 }, keepNext: true },
        },
        heading3: {
          run: { font: FONT, size: 26, bold: true, color: '1A1A1A' },
          paragraph: { spacing: { before: 240, after: 80 }, keepNext: true },
        },
        heading4: {
          run: { font: FONT, size: 23, bold: true, color: '1A1A1A' },
          paragraph: { spacing: { before: 200, after: 60 }, keepNext: true },
        },
        heading5: { run: { font: FONT, size: 22, bold: true, italics: true }, paragraph: { keepNext: true } },
        heading6: { run: { font: FONT, size: 22, italics: true }, paragraph: { keepNext: true } },
      },
    },
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.BULLET,
            text: BULLETS[level % BULLETS.length]!,
            alignment: AlignmentType.LEFT,
            ...LEVEL_INDENT(level),
          })),
        },
        {
          reference: 'ordered',
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level % 3]!,
            text: `%${level + 1}.`,
            alignment: AlignmentType.LEFT,
            ...LEVEL_INDENT(level),
          })),
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ text: o.running, size: 16, color: '595959' })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    size: 18,
                    color: '595959',
                    children: [
                      pageBefore,
                      PageNumber.CURRENT,
                      pageBetween,
                      PageNumber.TOTAL_PAGES,
                      pageAfter,
                    ],
                  }),
                ],
              }),
            ],
          }),
        },
        children: o.children,
      },
    ],
  });
}

interface Compiler {
  compile(file: Document, prettify?: unknown, overrides?: unknown[]): Map<string, string | Uint8Array>;
}

/**
 * Packs a document synchronously. The exports render synchronously (in the handler, or in the
 * export worker thread), and docx only offers promises for packing, though its compiler and its
 * zipping (fflate) are synchronous: this does what `Packer.pack` does, without the promise. The
 * tests unzip the result and read it back.
 */
export function packSync(doc: Document): Uint8Array {
  const compiler = (Packer as unknown as { compiler?: Compiler }).compiler;
  if (!compiler || typeof compiler.compile !== 'function')
    throw new Error('docx: Packer.compiler is missing');
  const files = compiler.compile(doc, undefined, []);
  const entries: Record<string, Uint8Array> = {};
  for (const [path, data] of files)
    entries[path] = typeof data === 'string' ? strToU8(data) : new Uint8Array(data);
  return zipSync(entries);
}
