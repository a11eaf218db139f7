/** The decision log as a PDF: laid out with the exports' tagged, accessible writer (pdf-writer.ts). */
import type { LogModel } from './log-model';
import { COLORS, HEADING_SIZE, PdfWriter, SIZE, drain, type Run } from './pdf-writer';

export function renderLogPdf(model: LogModel): Uint8Array {
  const { labels, colon } = model;
  const w = new PdfWriter({
    locale: labels.base.locale,
    title: `${model.title} — ${model.committee}`,
    subject: model.title,
    running: `${model.committee} — ${model.title}`,
    pageOf: labels.base.pageOf,
  });
  const { doc } = w;
  const label = (text: string): Run => ({ text: `${text}${colon} `, style: 'B' });

  // Header: the committee, the period, the filter in words
  w.paragraph([{ text: model.committee, style: 'B' }], {
    size: SIZE.kicker + 1,
    color: COLORS.accent,
    gapAfter: 4,
  });
  w.heading(1, [{ text: model.title, style: 'B' }], model.title);
  w.paragraph([label(labels.period), { text: model.period, style: 'R' }], { gapAfter: 2 });
  w.paragraph([label(labels.filter), { text: model.count, style: 'R' }], { gapAfter: 2 });
  w.list(
    {
      type: 'bulletList',
      content: model.filter.map((f) => ({
        type: 'listItem',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: f }] }],
      })),
    },
    0,
  );
  doc.y += 2;
  w.rule(COLORS.accent, 1.5);
  doc.y += 6;
  if (!model.decisions.length) w.paragraph([{ text: labels.noDecisions, style: 'I' }]);

  // One block per decision
  for (const d of model.decisions) {
    const title = `${d.number}. ${d.title}`;
    w.group('Sect', () => {
      w.heading(2, [{ text: title, style: 'B' }], title, HEADING_SIZE[3]);
      w.paragraph([{ text: d.subtitle, style: 'I', color: COLORS.muted }], { gapAfter: 4 });
      for (const f of d.facts) {
        const runs: Run[] = [label(f.label), { text: f.value, style: 'R' }];
        if (f.code) runs.push({ text: ` ${f.code}`, style: 'R', color: COLORS.muted });
        w.paragraph(runs, { gapAfter: 2 });
      }
      if (d.history.length) {
        w.paragraph([{ text: `${labels.facts.history}${colon}`, style: 'B' }], { gapAfter: 2 });
        w.list(
          {
            type: 'bulletList',
            content: d.history.map((h) => ({
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: h }] }],
            })),
          },
          0,
        );
      }
    });
    doc.y += 8;
  }

  // The integrity statement
  w.heading(2, [{ text: labels.integrity, style: 'B' }], labels.integrity);
  w.paragraph([{ text: model.integrity.statement, style: model.integrity.ok ? 'R' : 'B' }]);
  if (model.integrity.lastEntry) {
    w.paragraph([label(model.integrity.lastEntry.label)], { gapAfter: 1 });
    w.paragraph([{ text: model.integrity.lastEntry.sha256, style: 'R' }], { size: SIZE.small + 0.5 });
  }
  w.paragraph([{ text: model.integrity.note, style: 'R', color: COLORS.muted }]);
  doc.y += 14;
  w.paragraph([{ text: model.generated, style: 'I' }], { size: SIZE.small, color: COLORS.muted });

  w.finishPages();
  return drain(doc);
}
