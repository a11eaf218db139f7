/** The minutes as Markdown (CommonMark with GitHub's tables and strikethrough), from the editor's JSON. */
import type { JSONContent } from '@tiptap/core';
import type { DecisionView, ExportModel } from './model';

type MarkJson = NonNullable<JSONContent['marks']>[number];

/** Marks from the outside in: a link wraps the emphasis inside it. */
const MARK_ORDER = ['link', 'bold', 'italic', 'strike', 'underline', 'code'];
const DELIMITERS: Record<string, [string, string]> = {
  bold: ['**', '**'],
  italic: ['*', '*'],
  strike: ['~~', '~~'],
  underline: ['<u>', '</u>'],
  code: ['`', '`'],
};

const sameMark = (a: MarkJson, b: MarkJson) =>
  a.type === b.type && (a.type !== 'link' || a.attrs?.href === b.attrs?.href);

/** Escapes what Markdown would read as syntax in running text. */
export function escapeText(text: string, inTable = false): string {
  let s = text.replace(/[\\`*_[\]<>~]/g, '\\$&').replace(/&(?=#?[a-zA-Z0-9]+;)/g, '\\&');
  if (inTable) s = s.replace(/\|/g, '\\|');
  return s;
}

/** A line that would start a heading, a list, a quote or a rule is escaped at its start. */
const escapeLineStarts = (s: string): string =>
  s
    .split('\n')
    .map((line) =>
      line.replace(/^(\s*)(#|[-+=]|\d+[.)])(?=\s|$)/, (_m, sp: string, mark: string) =>
        /^\d/.test(mark) ? `${sp}${mark.slice(0, -1)}\\${mark.slice(-1)}` : `${sp}\\${mark}`,
      ),
    )
    .join('\n');

const linkTarget = (href: string): string =>
  /[\s()<>]/.test(href) ? `<${href.replace(/[<>]/g, encodeURIComponent)}>` : href;

/** Inline content (text with marks, hard breaks) as Markdown. */
export function inlineMarkdown(nodes: JSONContent[] = [], inTable = false): string {
  let out = '';
  const active: MarkJson[] = [];
  const close = (m: MarkJson) => {
    const trailing = /\s*$/.exec(out)![0];
    out = out.slice(0, out.length - trailing.length);
    out +=
      m.type === 'link' ? `](${linkTarget(String(m.attrs?.href ?? ''))})` : (DELIMITERS[m.type]?.[1] ?? '');
    out += trailing;
  };
  const open = (m: MarkJson) => {
    out += m.type === 'link' ? '[' : (DELIMITERS[m.type]?.[0] ?? '');
  };
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      while (active.length) close(active.pop()!);
      out += inTable ? '<br>' : '\\\n';
      continue;
    }
    if (node.type !== 'text' || !node.text) continue;
    const marks = [...(node.marks ?? [])]
      .filter((m) => MARK_ORDER.includes(m.type))
      .sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
    let keep = 0;
    while (keep < active.length && marks.some((m) => sameMark(m, active[keep]!))) keep++;
    while (active.length > keep) close(active.pop()!);
    let text = node.text;
    const toOpen = marks.filter((m) => !active.some((a) => sameMark(a, m)));
    if (toOpen.length) {
      const leading = /^\s*/.exec(text)![0];
      out += leading;
      text = text.slice(leading.length);
    }
    for (const m of toOpen) {
      open(m);
      active.push(m);
    }
    if (marks.some((m) => m.type === 'code')) {
      out += text.replace(/`/g, 'ˋ');
    } else {
      out += escapeText(text, inTable);
    }
  }
  while (active.length) close(active.pop()!);
  return inTable ? out.replace(/\n/g, ' ') : escapeLineStarts(out);
}

const indent = (text: string, first: string, rest: string): string =>
  text
    .split('\n')
    .map((line, i) => (i === 0 ? first + line : line ? rest + line : line))
    .join('\n');

function tableMarkdown(node: JSONContent): string {
  const rows = (node.content ?? []).map((row) =>
    (row.content ?? []).flatMap((cell) => {
      const text = (cell.content ?? [])
        .map((block) =>
          block.content && block.type === 'paragraph' ? inlineMarkdown(block.content, true) : '',
        )
        .filter(Boolean)
        .join('<br>');
      const span = Math.max(1, Number(cell.attrs?.colspan ?? 1));
      return [text, ...Array<string>(span - 1).fill('')];
    }),
  );
  const width = Math.max(1, ...rows.map((r) => r.length));
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const [head = [], ...rest] = rows;
  return [line(head), `| ${Array<string>(width).fill('---').join(' | ')} |`, ...rest.map(line)].join('\n');
}

/** A block node as Markdown (no trailing blank line). */
export function blockMarkdown(node: JSONContent): string {
  switch (node.type) {
    case 'paragraph':
      return inlineMarkdown(node.content);
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 2)));
      return `${'#'.repeat(level)} ${inlineMarkdown(node.content).replace(/\\\n/g, ' ')}`;
    }
    case 'bulletList':
    case 'orderedList': {
      const start = Number(node.attrs?.start ?? 1);
      const items = node.content ?? [];
      const loose = items.some(
        (item) => (item.content ?? []).filter((c) => c.type === 'paragraph').length > 1,
      );
      return items
        .map((item, i) => {
          const marker = node.type === 'bulletList' ? '- ' : `${start + i}. `;
          const inner = (item.content ?? []).map(blockMarkdown).join('\n\n');
          const tight = loose ? inner : inner.replace(/\n\n(?=\s*(?:[-*+]|\d+\.) )/g, '\n');
          return indent(tight, marker, ' '.repeat(marker.length));
        })
        .join(loose ? '\n\n' : '\n');
    }
    case 'blockquote':
      return (node.content ?? [])
        .map(blockMarkdown)
        .join('\n\n')
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n');
    case 'codeBlock': {
      const text = (node.content ?? []).map((c) => c.text ?? '').join('');
      const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
      return `${fence}${String(node.attrs?.language ?? '')}\n${text}\n${fence}`;
    }
    case 'horizontalRule':
      return '---';
    case 'table':
      return tableMarkdown(node);
    default:
      return (node.content ?? []).map(blockMarkdown).join('\n\n');
  }
}

function decisionsMarkdown(model: ExportModel, decisions: DecisionView[]): string {
  const { labels, colon } = model;
  return decisions
    .map((d) => {
      const lines = [`**${escapeText(labels.decision)}${colon}** ${escapeText(d.text)}`];
      if (d.rationale) lines.push(`**${escapeText(labels.rationale)}${colon}** ${escapeText(d.rationale)}`);
      if (d.status) lines.push(`**${escapeText(labels.decisionStatus)}${colon}** ${escapeText(d.status)}`);
      return lines
        .join('\n\n')
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n');
    })
    .join('\n\n');
}

export function renderMarkdown(model: ExportModel): string {
  const { labels, colon } = model;
  const e = (s: string) => escapeText(s);
  const parts: string[] = [];
  parts.push(`# ${e(model.title)}`);
  parts.push(`**${e(labels.documentKind)}** · ${e(model.committee)}`);
  const facts = [`- **${e(labels.date)}${colon}** ${e(model.when)}`];
  if (model.place) facts.push(`- **${e(labels.place)}${colon}** ${e(model.place)}`);
  if (model.videoLink) facts.push(`- **${e(labels.videoLink)}${colon}** <${model.videoLink}>`);
  facts.push(`- **${e(labels.minutesStatus)}${colon}** ${e(model.minutesStatus)}`);
  parts.push(facts.join('\n'));

  parts.push(`## ${e(labels.attendance)}`);
  if (!model.attendance.length) parts.push(e(labels.noMembers));
  for (const g of model.attendance) {
    parts.push(`### ${e(g.label)} (${g.people.length})`);
    parts.push(g.people.map((p) => `- **${e(p.primary)}** — ${e(p.secondary)}`).join('\n'));
  }
  parts.push(e(model.quorum));

  parts.push(`## ${e(labels.agenda)}`);
  if (model.agenda.length) {
    const c = labels.agendaColumns;
    const t = (s: string) => escapeText(s, true);
    parts.push(
      [
        `| ${[c.number, c.item, c.purpose, c.minutes, c.presenter, c.status].map(t).join(' | ')} |`,
        '| --: | --- | --- | --: | --- | --- |',
        ...model.agenda.map(
          (r) => `| ${[r.number, r.title, r.purpose, r.minutes, r.presenter, r.status].map(t).join(' | ')} |`,
        ),
      ].join('\n'),
    );
  } else {
    parts.push(e(labels.noAgenda));
  }

  parts.push(`## ${e(labels.minutes)}`);
  if (model.bodyEmpty) parts.push(e(labels.noMinutes));
  else
    for (const b of model.body) {
      if (b.kind === 'decisions') parts.push(decisionsMarkdown(model, b.decisions));
      else for (const n of b.nodes) parts.push(blockMarkdown(n));
    }

  if (model.otherDecisions.length) {
    parts.push(`## ${e(labels.decisions)}`);
    parts.push(decisionsMarkdown(model, model.otherDecisions));
  }
  if (model.approvals.length) {
    parts.push(`## ${e(labels.approval)}`);
    for (const a of model.approvals)
      parts.push(`${e(a.text)}\\\n**${e(labels.sha256)}${colon}** \`${a.sha256}\``);
  }
  parts.push('---');
  parts.push(`*${e(model.generated)}*`);
  return `${parts.filter((p) => p.trim() !== '').join('\n\n')}\n`;
}
