/** The minutes as one standalone, accessible HTML page that prints well. */
import type { JSONContent } from '@tiptap/core';
import { minutesHtml } from '../minutes-content';
import type { DecisionView, ExportModel } from './model';

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `
:root { color-scheme: light; }
body { font-family: "Atkinson Hyperlegible", "Segoe UI", system-ui, sans-serif; font-size: 1rem; line-height: 1.5;
  color: #1a1a1a; background: #fff; max-width: 48rem; margin: 2rem auto; padding: 0 1.25rem; }
header { border-bottom: 2px solid #1d4f73; padding-bottom: 1rem; margin-bottom: 1.5rem; }
.kicker { margin: 0; color: #1d4f73; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; font-size: .9rem; }
h1 { font-size: 1.9rem; margin: .25rem 0 .75rem; line-height: 1.2; }
h2 { font-size: 1.4rem; margin: 2rem 0 .75rem; color: #1d4f73; border-bottom: 1px solid #c9d6e0; padding-bottom: .25rem; }
h3 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
h4, h5, h6 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.facts dt { font-weight: 700; }
dl.facts dd { margin: 0; }
a { color: #0b5cad; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0 1rem; }
th, td { border: 1px solid #9aa9b5; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f7; }
td p, th p { margin: 0; }
li > p { margin: .2rem 0; }
td.nowrap { white-space: nowrap; }
ul.people { padding-left: 1.25rem; margin: .25rem 0 1rem; }
.secondary { color: #4a4a4a; }
.decision { border-left: 4px solid #1d4f73; background: #f3f7fa; padding: .5rem .9rem; margin: 1rem 0; }
.decision p { margin: .25rem 0; }
.label { font-weight: 700; }
.hash { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: .85rem; overflow-wrap: anywhere; }
footer { margin-top: 2.5rem; border-top: 1px solid #c9d6e0; padding-top: .5rem; color: #4a4a4a; font-size: .85rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; overflow-wrap: anywhere; }
  a.url::after { content: none; }
  h1, h2, h3, h4 { break-after: avoid; }
  tr, .decision { break-inside: avoid; }
  thead { display: table-header-group; }
}
`;

/**
 * The minutes' nodes as HTML, by the editor's own renderer. It knows levels 1 to 3 only, while
 * the minutes' headings sit under the document's own (level 3 and below): they are rendered at
 * level 1, then given their level back, in document order.
 */
function contentHtml(nodes: JSONContent[]): string {
  const levels: number[] = [];
  const walk = (n: JSONContent): JSONContent => {
    if (n.type === 'heading') {
      levels.push(Number(n.attrs?.level ?? 3));
      return { ...n, attrs: { ...n.attrs, level: 1 } };
    }
    return n.content ? { ...n, content: n.content.map(walk) } : n;
  };
  const html = minutesHtml({ type: 'doc', content: nodes.map(walk) });
  let open = 0;
  let close = 0;
  return html
    .replace(/<h1(?=[\s>])/g, () => `<h${levels[open++] ?? 3}`)
    .replace(/<\/h1>/g, () => `</h${levels[close++] ?? 3}>`);
}

function decisionsHtml(model: ExportModel, decisions: DecisionView[]): string {
  const { labels } = model;
  const { colon } = model;
  return decisions
    .map((d) => {
      const lines = [
        `<p><span class="label">${escape(labels.decision)}${colon}</span> ${escape(d.text)}</p>`,
      ];
      if (d.rationale)
        lines.push(
          `<p><span class="label">${escape(labels.rationale)}${colon}</span> ${escape(d.rationale)}</p>`,
        );
      if (d.status)
        lines.push(
          `<p><span class="label">${escape(labels.decisionStatus)}${colon}</span> ${escape(d.status)}</p>`,
        );
      return `<div class="decision" role="note" aria-label="${escape(labels.decision)}" data-decision-id="${escape(d.id)}">\n${lines.join('\n')}\n</div>`;
    })
    .join('\n');
}

export function renderHtml(model: ExportModel): string {
  const { labels } = model;
  const { colon } = model;
  const facts: [string, string][] = [[labels.date, escape(model.when)]];
  if (model.place) facts.push([labels.place, escape(model.place)]);
  if (model.videoLink)
    facts.push([
      labels.videoLink,
      `<a class="url" href="${escape(model.videoLink)}">${escape(model.videoLink)}</a>`,
    ]);
  facts.push([labels.minutesStatus, escape(model.minutesStatus)]);

  const attendance = model.attendance.length
    ? model.attendance
        .map(
          (g) =>
            `<h3>${escape(g.label)} (${g.people.length})</h3>\n<ul class="people">\n${g.people
              .map(
                (p) =>
                  `<li><strong>${escape(p.primary)}</strong> <span class="secondary">— ${escape(p.secondary)}</span></li>`,
              )
              .join('\n')}\n</ul>`,
        )
        .join('\n')
    : `<p>${escape(labels.noMembers)}</p>`;

  const c = labels.agendaColumns;
  const agenda = model.agenda.length
    ? `<table>
<thead><tr><th scope="col">${escape(c.number)}</th><th scope="col">${escape(c.item)}</th><th scope="col">${escape(c.purpose)}</th><th scope="col">${escape(c.minutes)}</th><th scope="col">${escape(c.presenter)}</th><th scope="col">${escape(c.status)}</th></tr></thead>
<tbody>
${model.agenda
  .map(
    (r) =>
      `<tr><td>${escape(r.number)}</td><td>${escape(r.title)}</td><td>${escape(r.purpose)}</td><td class="nowrap">${escape(r.minutes)}</td><td>${escape(r.presenter)}</td><td>${escape(r.status)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`
    : `<p>${escape(labels.noAgenda)}</p>`;

  const body = model.bodyEmpty
    ? `<p>${escape(labels.noMinutes)}</p>`
    : model.body
        .map((b) => (b.kind === 'content' ? contentHtml(b.nodes) : decisionsHtml(model, b.decisions)))
        .join('\n');

  const sections = [
    `<section aria-labelledby="attendance"><h2 id="attendance">${escape(labels.attendance)}</h2>\n${attendance}${model.quorum ? `\n<p>${escape(model.quorum)}</p>` : ''}</section>`,
    `<section aria-labelledby="agenda"><h2 id="agenda">${escape(labels.agenda)}</h2>\n${agenda}</section>`,
    `<section aria-labelledby="minutes"><h2 id="minutes">${escape(labels.minutes)}</h2>\n${body}</section>`,
  ];
  if (model.otherDecisions.length)
    sections.push(
      `<section aria-labelledby="decisions"><h2 id="decisions">${escape(labels.decisions)}</h2>\n${decisionsHtml(model, model.otherDecisions)}</section>`,
    );
  if (model.approvals.length)
    sections.push(
      `<section aria-labelledby="approval"><h2 id="approval">${escape(labels.approval)}</h2>\n${model.approvals
        .map(
          (a) =>
            `<p>${escape(a.text)}<br><span class="label">${escape(labels.sha256)}${colon}</span> <span class="hash">${escape(a.sha256)}</span></p>`,
        )
        .join('\n')}</section>`,
    );

  return `<!doctype html>
<html lang="${escape(labels.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(`${model.title} — ${model.committee}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p class="kicker">${escape(labels.documentKind)} · ${escape(model.committee)}</p>
<h1>${escape(model.title)}</h1>
<dl class="facts">
${facts.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${v}</dd>`).join('\n')}
</dl>
</header>
<main>
${sections.join('\n')}
</main>
<footer><p>${escape(model.generated)}</p></footer>
</body>
</html>
`;
}
