/** The decision log as a Word document (DOCX): a heading per decision, its facts, its history, page numbers. */
import { BorderStyle, Paragraph, TextRun, type ParagraphChild } from 'docx';
import { ACCENT, HEADINGS, MONO, packSync, wordDocument, type Block } from './docx-common';
import type { LogModel } from './log-model';

/** Text as runs, its line breaks kept. */
const lines = (text: string, options: { bold?: boolean; italics?: boolean; color?: string } = {}) =>
  text.split('\n').map((line, i) => new TextRun({ ...options, text: line, break: i > 0 ? 1 : undefined }));

export function renderLogDocx(model: LogModel): Uint8Array {
  const { labels, colon } = model;
  const children: Block[] = [];
  const h = (level: number, text: string) =>
    new Paragraph({ heading: HEADINGS[level - 1], children: lines(text) });
  const fact = (label: string, value: ParagraphChild[], after = 60, keepNext = false) =>
    new Paragraph({
      spacing: { after },
      keepNext,
      children: [new TextRun({ text: `${label}${colon} `, bold: true }), ...value],
    });

  children.push(
    new Paragraph({
      spacing: { after: 160 },
      children: [new TextRun({ text: model.committee, allCaps: true, bold: true, color: ACCENT, size: 20 })],
    }),
    h(1, model.title),
    fact(labels.period, lines(model.period)),
    fact(labels.filter, lines(model.count)),
    ...model.filter.map(
      (f) =>
        new Paragraph({
          numbering: { reference: 'bullets', level: 0 },
          spacing: { after: 40 },
          children: lines(f),
        }),
    ),
    new Paragraph({
      spacing: { after: 200 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: ACCENT, space: 4 } },
    }),
  );
  if (!model.decisions.length) children.push(new Paragraph({ children: lines(labels.noDecisions) }));

  for (const d of model.decisions) {
    children.push(
      h(2, `${d.number}. ${d.title}`),
      new Paragraph({
        keepNext: true,
        spacing: { after: 100 },
        children: lines(d.subtitle, { italics: true, color: '4A4A4A' }),
      }),
    );
    // A decision is kept on one page when it fits: each of its paragraphs but the last keeps with the next.
    d.facts.forEach((f, i) => {
      const value = lines(f.value);
      if (f.code) value.push(new TextRun({ text: ` ${f.code}`, font: MONO, size: 17 }));
      const last = i === d.facts.length - 1 && !d.history.length;
      children.push(fact(f.label, value, last ? 200 : 60, !last));
    });
    if (d.history.length) {
      children.push(
        new Paragraph({
          keepNext: true,
          spacing: { before: 60, after: 40 },
          children: [new TextRun({ text: `${labels.facts.history}${colon}`, bold: true })],
        }),
        ...d.history.map(
          (line, i) =>
            new Paragraph({
              numbering: { reference: 'bullets', level: 0 },
              spacing: { after: i === d.history.length - 1 ? 200 : 40 },
              keepNext: i < d.history.length - 1,
              children: lines(line),
            }),
        ),
      );
    }
  }

  children.push(h(2, labels.integrity), new Paragraph({ children: lines(model.integrity.statement) }));
  if (model.integrity.lastEntry)
    children.push(
      fact(model.integrity.lastEntry.label, [
        new TextRun({ text: model.integrity.lastEntry.sha256, font: MONO, size: 18 }),
      ]),
    );
  children.push(
    new Paragraph({ children: lines(model.integrity.note, { color: '4A4A4A' }) }),
    new Paragraph({
      spacing: { before: 480 },
      children: [new TextRun({ text: model.generated, italics: true, color: '595959', size: 18 })],
    }),
  );

  return packSync(
    wordDocument({
      title: `${model.title} — ${model.committee}`,
      subject: model.title,
      locale: labels.base.locale,
      running: `${model.committee} — ${model.title}`,
      pageOf: labels.base.pageOf,
      children,
    }),
  );
}
