/** The decision log as Markdown (CommonMark): a heading per decision, its facts, its history. */
import type { JSONContent } from '@tiptap/core';
import type { LogModel } from './log-model';
import { escapeText, inlineMarkdown } from './markdown';

/** Text as Markdown, its line breaks kept as hard breaks, nothing in it read as syntax. */
const md = (text: string): string =>
  inlineMarkdown(
    text
      .split('\n')
      .flatMap((line, i): JSONContent[] => [
        ...(i > 0 ? [{ type: 'hardBreak' }] : []),
        ...(line ? [{ type: 'text', text: line }] : []),
      ]),
  );

export function renderLogMarkdown(model: LogModel): string {
  const { labels, colon } = model;
  const e = (s: string) => escapeText(s);
  const label = (s: string) => `**${e(s)}${colon}**`;
  const parts: string[] = [];
  parts.push(`# ${e(model.title)}`);
  parts.push(
    [
      `- ${label(labels.committee)} ${md(model.committee)}`,
      `- ${label(labels.period)} ${md(model.period)}`,
      `- ${label(labels.filter)} ${e(model.count)}`,
      ...model.filter.map((f) => `  - ${md(f)}`),
    ].join('\n'),
  );
  if (!model.decisions.length) parts.push(e(labels.noDecisions));
  for (const d of model.decisions) {
    parts.push(`## ${d.number}. ${md(d.title).replace(/\\\n/g, ' ')}`);
    parts.push(`*${md(d.subtitle)}*`);
    parts.push(
      d.facts.map((f) => `${label(f.label)} ${md(f.value)}${f.code ? ` \`${f.code}\`` : ''}`).join('\\\n'),
    );
    if (d.history.length) {
      parts.push(`${label(labels.facts.history)}\n\n${d.history.map((h) => `- ${md(h)}`).join('\n')}`);
    }
  }
  parts.push(`## ${e(labels.integrity)}`);
  parts.push(md(model.integrity.statement));
  if (model.integrity.lastEntry)
    parts.push(`${label(model.integrity.lastEntry.label)} \`${model.integrity.lastEntry.sha256}\``);
  parts.push(md(model.integrity.note));
  parts.push('---');
  parts.push(`*${md(model.generated)}*`);
  return `${parts.filter((p) => p.trim() !== '').join('\n\n')}\n`;
}
