/** The minutes as a PDF: laid out with the exports' tagged, accessible writer (pdf-writer.ts). */
import type { DecisionView, ExportModel } from './model';
import { COLORS, HEADING_SIZE, PdfWriter, SIZE, drain, type Run } from './pdf-writer';

export { woffToSfnt } from './pdf-writer';

/** The decisions of a section, each in its box. */
function decisions(w: PdfWriter, model: ExportModel, list: DecisionView[]): void {
  const { labels, colon } = model;
  for (const d of list) {
    const lines: Run[][] = [
      [
        { text: `${labels.decision}${colon} `, style: 'B' },
        { text: d.text, style: 'R' },
      ],
    ];
    if (d.rationale)
      lines.push([
        { text: `${labels.rationale}${colon} `, style: 'B' },
        { text: d.rationale, style: 'R' },
      ]);
    if (d.status)
      lines.push([
        { text: `${labels.decisionStatus}${colon} `, style: 'B' },
        { text: d.status, style: 'R' },
      ]);
    w.box(lines);
  }
}

export function renderPdf(model: ExportModel): Uint8Array {
  const w = new PdfWriter({
    locale: model.labels.locale,
    title: `${model.title} — ${model.committee}`,
    subject: model.labels.documentKind,
    running: `${model.committee} — ${model.title}`,
    pageOf: model.labels.pageOf,
  });
  const { doc } = w;
  const { labels, colon } = model;

  // Header
  w.paragraph([{ text: `${labels.documentKind} · ${model.committee}`, style: 'B' }], {
    size: SIZE.kicker + 1,
    color: COLORS.accent,
    gapAfter: 4,
  });
  w.heading(1, [{ text: model.title, style: 'B' }], model.title);
  const fact = (label: string, value: Run) =>
    w.paragraph([{ text: `${label}${colon} `, style: 'B' }, value], { gapAfter: 2 });
  fact(labels.date, { text: model.when, style: 'R' });
  if (model.place) fact(labels.place, { text: model.place, style: 'R' });
  if (model.videoLink) fact(labels.videoLink, { text: model.videoLink, style: 'R', link: model.videoLink });
  fact(labels.minutesStatus, { text: model.minutesStatus, style: 'R' });
  doc.y += 4;
  w.rule(COLORS.accent, 1.5);
  doc.y += 4;

  // Attendance
  w.heading(2, [{ text: labels.attendance, style: 'B' }], labels.attendance);
  if (!model.attendance.length) w.paragraph([{ text: labels.noMembers, style: 'R' }]);
  for (const g of model.attendance) {
    const title = `${g.label} (${g.people.length})`;
    w.heading(3, [{ text: title, style: 'B' }], title, HEADING_SIZE[4]);
    w.list(
      {
        type: 'bulletList',
        content: g.people.map((p) => ({
          type: 'listItem',
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: p.primary, marks: [{ type: 'bold' }] },
                { type: 'text', text: ` — ${p.secondary}` },
              ],
            },
          ],
        })),
      },
      0,
    );
  }
  if (model.quorum) w.paragraph([{ text: model.quorum, style: 'R' }]);

  // Agenda
  w.heading(2, [{ text: labels.agenda, style: 'B' }], labels.agenda);
  if (model.agenda.length) {
    const c = labels.agendaColumns;
    w.table(
      [
        [c.number, c.item, c.purpose, c.minutes, c.presenter, c.status].map((text) => ({
          text,
          header: true,
        })),
        ...model.agenda.map((r) =>
          [r.number, r.title, r.purpose, r.minutes, r.presenter, r.status].map((text) => ({
            text,
            header: false,
          })),
        ),
      ],
      [28, '*', 78, 48, 100, 66],
    );
  } else {
    w.paragraph([{ text: labels.noAgenda, style: 'R' }]);
  }

  // The minutes, with the decisions in their place
  w.heading(2, [{ text: labels.minutes, style: 'B' }], labels.minutes);
  if (model.bodyEmpty) w.paragraph([{ text: labels.noMinutes, style: 'I' }]);
  else
    for (const b of model.body) {
      if (b.kind === 'decisions') decisions(w, model, b.decisions);
      else for (const n of b.nodes) w.block(n);
    }

  if (model.otherDecisions.length) {
    w.heading(2, [{ text: labels.decisions, style: 'B' }], labels.decisions);
    decisions(w, model, model.otherDecisions);
  }
  if (model.approvals.length) {
    w.heading(2, [{ text: labels.approval, style: 'B' }], labels.approval);
    for (const a of model.approvals) {
      w.paragraph([{ text: a.text, style: 'R' }]);
      w.paragraph([{ text: `${labels.sha256}${colon} `, style: 'B' }], { gapAfter: 1 });
      w.paragraph([{ text: a.sha256, style: 'R' }], { size: SIZE.small + 0.5, gapAfter: 8 });
    }
  }
  doc.y += 14;
  w.paragraph([{ text: model.generated, style: 'I' }], { size: SIZE.small, color: COLORS.muted });

  w.finishPages();
  return drain(doc);
}
