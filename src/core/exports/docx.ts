/** The minutes as a Word document (DOCX): real headings, lists, tables, emphasis and hyperlinks. */
import type { JSONContent } from '@tiptap/core';
import {
  BorderStyle,
  ExternalHyperlink,
  LevelFormat,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import {
  ACCENT,
  BOX_FILL,
  HEADINGS,
  LEVEL_INDENT,
  MONO,
  TEXT_WIDTH,
  packSync,
  wordDocument,
  type Block,
} from './docx-common';
import type { DecisionView, ExportModel } from './model';

/** Inline content (text with marks, hard breaks) as runs and hyperlinks. */
function inlineRuns(nodes: JSONContent[] = [], base: IRunOptions = {}): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      out.push(new TextRun({ ...base, text: '', break: 1 }));
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const has = (type: string) => node.marks?.some((m) => m.type === type) ?? false;
    const link = node.marks?.find((m) => m.type === 'link');
    const options: IRunOptions = {
      ...base,
      text: node.text,
      bold: base.bold || has('bold') || undefined,
      italics: base.italics || has('italic') || undefined,
      strike: has('strike') || undefined,
      underline: has('underline') ? {} : undefined,
      font: has('code') ? MONO : base.font,
    };
    const href = typeof link?.attrs?.href === 'string' ? link.attrs.href : '';
    if (href && /^(https?:|mailto:)/i.test(href)) {
      out.push(
        new ExternalHyperlink({ link: href, children: [new TextRun({ ...options, style: 'Hyperlink' })] }),
      );
    } else {
      out.push(new TextRun(options));
    }
  }
  return out;
}

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '9AA9B5' };
const cellBorders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };

function tableOf(
  rows: { cells: { blocks: Paragraph[]; header: boolean; colspan: number }[] }[],
  widths: number[],
): Table {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    rows: rows.map(
      (row, i) =>
        new TableRow({
          tableHeader: i === 0 && row.cells.every((c) => c.header),
          cantSplit: true,
          children: row.cells.map(
            (cell) =>
              new TableCell({
                children: cell.blocks.length ? cell.blocks : [new Paragraph({})],
                columnSpan: cell.colspan > 1 ? cell.colspan : undefined,
                borders: cellBorders,
                margins: { top: 60, bottom: 60, left: 100, right: 100 },
                shading: cell.header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'EEF3F7' } : undefined,
              }),
          ),
        }),
    ),
  });
}

/** A small gap after a table, which has no spacing of its own. */
const spacer = () => new Paragraph({ spacing: { before: 0, after: 0, line: 160 }, children: [] });

class DocxWriter {
  private listCount = 0;

  constructor(private readonly model: ExportModel) {}

  blocks(node: JSONContent, list?: { level: number }): Block[] {
    switch (node.type) {
      case 'heading': {
        const level = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 2)));
        return [new Paragraph({ heading: HEADINGS[level - 1], children: inlineRuns(node.content) })];
      }
      case 'paragraph':
        return [
          new Paragraph({
            children: inlineRuns(node.content),
            indent: list ? { left: 720 * (list.level + 1) } : undefined,
          }),
        ];
      case 'bulletList':
      case 'orderedList':
        return this.list(node, list ? list.level + 1 : 0);
      case 'blockquote':
        return (node.content ?? []).flatMap((child) =>
          this.blocks(child).map((b) =>
            b instanceof Paragraph
              ? new Paragraph({
                  children: inlineRuns(child.content, { italics: true }),
                  indent: { left: 567 },
                  border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'AAB7C2', space: 8 } },
                })
              : b,
          ),
        );
      case 'codeBlock':
        return [
          new Paragraph({
            shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F2F2F2' },
            children: (node.content ?? [])
              .map((c) => c.text ?? '')
              .join('')
              .split('\n')
              .map((line, i) => new TextRun({ text: line, font: MONO, break: i > 0 ? 1 : undefined })),
          }),
        ];
      case 'horizontalRule':
        return [
          new Paragraph({
            border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'AAB7C2', space: 1 } },
          }),
        ];
      case 'table':
        return [spacer(), this.table(node), spacer()];
      default:
        return (node.content ?? []).flatMap((c) => this.blocks(c, list));
    }
  }

  private list(node: JSONContent, level: number): Block[] {
    const ordered = node.type === 'orderedList';
    const start = Number(node.attrs?.start ?? 1);
    const instance = ++this.listCount;
    const reference = ordered ? (start === 1 ? 'ordered' : `ordered-from-${start}`) : 'bullets';
    const numbering = {
      reference:
        ordered && start !== 1
          ? {
              reference,
              levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', start, ...LEVEL_INDENT(0) }],
            }
          : reference,
      level: ordered && start !== 1 ? 0 : Math.min(level, 8),
      instance,
    };
    return (node.content ?? []).flatMap((item) => {
      const children = item.content ?? [];
      return children.flatMap((child, i) => {
        if (i === 0 && child.type === 'paragraph') {
          return [new Paragraph({ children: inlineRuns(child.content), numbering, spacing: { after: 60 } })];
        }
        return this.blocks(child, { level });
      });
    });
  }

  private table(node: JSONContent): Table {
    const rows = (node.content ?? []).map((row) => ({
      cells: (row.content ?? []).map((cell) => {
        const header = cell.type === 'tableHeader';
        return {
          header,
          colspan: Math.max(1, Number(cell.attrs?.colspan ?? 1)),
          blocks: (cell.content ?? []).flatMap((b) =>
            b.type === 'paragraph'
              ? [new Paragraph({ children: inlineRuns(b.content, header ? { bold: true } : {}) })]
              : (this.blocks(b).filter((x) => x instanceof Paragraph) as Paragraph[]),
          ),
        };
      }),
    }));
    const columns = Math.max(1, ...rows.map((r) => r.cells.reduce((n, c) => n + c.colspan, 0)));
    return tableOf(rows, Array<number>(columns).fill(Math.floor(TEXT_WIDTH / columns)));
  }

  decisions(decisions: DecisionView[]): Paragraph[] {
    const { labels, colon } = this.model;
    // Paragraphs with the same borders make one box: borders of the fill's colour pad it.
    const pad = { style: BorderStyle.SINGLE, size: 4, color: BOX_FILL, space: 5 };
    const box = {
      shading: { type: ShadingType.CLEAR, color: 'auto', fill: BOX_FILL },
      border: {
        left: { style: BorderStyle.SINGLE, size: 24, color: ACCENT, space: 8 },
        top: pad,
        bottom: pad,
        right: pad,
      },
      indent: { left: 200, right: 120 },
    };
    return decisions.flatMap((d) => {
      const line = (label: string, text: string, last: boolean) =>
        new Paragraph({
          ...box,
          spacing: { before: 0, after: last ? 240 : 40 },
          keepNext: !last,
          children: [new TextRun({ text: `${label}${colon} `, bold: true }), new TextRun(text)],
        });
      const lines: [string, string][] = [[labels.decision, d.text]];
      if (d.rationale) lines.push([labels.rationale, d.rationale]);
      if (d.status) lines.push([labels.decisionStatus, d.status]);
      return lines.map(([label, text], i) => line(label, text, i === lines.length - 1));
    });
  }
}

function document(model: ExportModel) {
  const { labels, colon } = model;
  const w = new DocxWriter(model);
  const children: Block[] = [];
  const h = (level: number, text: string) =>
    new Paragraph({ heading: HEADINGS[level - 1], children: [new TextRun(text)] });
  const fact = (label: string, value: ParagraphChild) =>
    new Paragraph({
      spacing: { after: 40 },
      children: [new TextRun({ text: `${label}${colon} `, bold: true }), value],
    });

  children.push(
    new Paragraph({
      spacing: { after: 160 },
      children: [
        new TextRun({
          text: `${labels.documentKind} · ${model.committee}`,
          allCaps: true,
          bold: true,
          color: ACCENT,
          size: 20,
        }),
      ],
    }),
    h(1, model.title),
    fact(labels.date, new TextRun(model.when)),
  );
  if (model.place) children.push(fact(labels.place, new TextRun(model.place)));
  if (model.videoLink)
    children.push(
      fact(
        labels.videoLink,
        new ExternalHyperlink({
          link: model.videoLink,
          children: [new TextRun({ text: model.videoLink, style: 'Hyperlink' })],
        }),
      ),
    );
  children.push(fact(labels.minutesStatus, new TextRun(model.minutesStatus)));

  children.push(h(2, labels.attendance));
  if (!model.attendance.length) children.push(new Paragraph(labels.noMembers));
  for (const g of model.attendance) {
    children.push(h(3, `${g.label} (${g.people.length})`));
    for (const p of g.people)
      children.push(
        new Paragraph({
          numbering: { reference: 'bullets', level: 0 },
          spacing: { after: 60 },
          children: [new TextRun({ text: p.primary, bold: true }), new TextRun(` — ${p.secondary}`)],
        }),
      );
  }
  if (model.quorum)
    children.push(new Paragraph({ spacing: { before: 120 }, children: [new TextRun(model.quorum)] }));

  children.push(h(2, labels.agenda));
  if (model.agenda.length) {
    const c = labels.agendaColumns;
    const cell = (text: string, header = false) => ({
      header,
      colspan: 1,
      blocks: [new Paragraph({ children: [new TextRun({ text, bold: header || undefined })] })],
    });
    children.push(
      tableOf(
        [
          {
            cells: [c.number, c.item, c.purpose, c.minutes, c.presenter, c.status].map((t) => cell(t, true)),
          },
          ...model.agenda.map((r) => ({
            cells: [r.number, r.title, r.purpose, r.minutes, r.presenter, r.status].map((t) => cell(t)),
          })),
        ],
        [650, 3700, 1500, 1000, 1750, TEXT_WIDTH - 650 - 3700 - 1500 - 1000 - 1750],
      ),
      spacer(),
    );
  } else {
    children.push(new Paragraph(labels.noAgenda));
  }

  children.push(h(2, labels.minutes));
  if (model.bodyEmpty) children.push(new Paragraph(labels.noMinutes));
  else
    for (const b of model.body) {
      if (b.kind === 'decisions') children.push(...w.decisions(b.decisions));
      else for (const n of b.nodes) children.push(...w.blocks(n));
    }

  if (model.otherDecisions.length) {
    children.push(h(2, labels.decisions), ...w.decisions(model.otherDecisions));
  }
  if (model.approvals.length) {
    children.push(h(2, labels.approval));
    for (const a of model.approvals)
      children.push(
        new Paragraph({ keepNext: true, children: [new TextRun(a.text)] }),
        new Paragraph({
          spacing: { after: 200 },
          children: [
            new TextRun({ text: `${labels.sha256}${colon} `, bold: true }),
            new TextRun({ text: a.sha256, font: MONO, size: 18 }),
          ],
        }),
      );
  }
  children.push(
    new Paragraph({
      spacing: { before: 480 },
      children: [new TextRun({ text: model.generated, italics: true, color: '595959', size: 18 })],
    }),
  );

  return wordDocument({
    title: `${model.title} — ${model.committee}`,
    subject: labels.documentKind,
    locale: labels.locale,
    running: `${model.committee} — ${model.title}`,
    pageOf: labels.pageOf,
    children,
  });
}

export function renderDocx(model: ExportModel): Uint8Array {
  return packSync(document(model));
}
