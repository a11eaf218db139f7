/**
 * The minutes' content, read from and written to the meeting document's `minutes` fragment with
 * the editor's own schema (src/shared/minutes-schema.ts), so that what the core stores, compares,
 * approves and exports is what the editor shows.
 */
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { CarriedText } from '../shared/carried-text';
import { MEETING_DOC } from '../shared/docs';
import type { AgendaItem } from '../shared/meeting';
import { minutesExtensions, minutesSchema } from '../shared/minutes-schema';

let schema: ReturnType<typeof minutesSchema> | null = null;
const theSchema = () => (schema ??= minutesSchema());

export const minutesFragment = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(MEETING_DOC.minutes);

/** The minutes as the editor's JSON (a `doc` node). */
export function minutesJson(doc: Y.Doc): JSONContent {
  const json = yXmlFragmentToProsemirrorJSON(minutesFragment(doc)) as JSONContent;
  return { type: 'doc', content: json.content ?? [] };
}

/** Checks JSON against the schema: a node it cannot read throws. */
export function toNode(json: JSONContent): PMNode {
  const content = json.content?.length ? json : { type: 'doc', content: [{ type: 'paragraph' }] };
  return theSchema().nodeFromJSON(content);
}

export function minutesHtml(json: JSONContent): string {
  return renderToHTMLString({
    extensions: minutesExtensions(),
    content: toNode(json).toJSON() as JSONContent,
  });
}

/** The text of each block (paragraph, heading, list item, table cell), one per entry. */
export function textBlocks(json: JSONContent): string[] {
  const blocks: string[] = [];
  const walk = (n: JSONContent) => {
    if (n.type === 'text') return;
    const inline = n.content?.every((c) => c.type === 'text' || c.type === 'hardBreak');
    if (inline && n.type !== 'doc') {
      blocks.push((n.content ?? []).map((c) => (c.type === 'text' ? (c.text ?? '') : '\n')).join(''));
      return;
    }
    for (const c of n.content ?? []) walk(c);
  };
  walk(json);
  return blocks;
}

export const textLength = (json: JSONContent): number => textBlocks(json).reduce((n, b) => n + b.length, 0);

/** Replaces the minutes with `json`, as the smallest edit (what did not change keeps its authors). */
export function replaceMinutes(doc: Y.Doc, json: JSONContent): void {
  updateYFragment(doc, minutesFragment(doc), toNode(json), { mapping: new Map(), isOMark: new Map() });
}

function sectionHeadings(doc: Y.Doc): Map<string, Y.XmlElement> {
  const found = new Map<string, Y.XmlElement>();
  for (const child of minutesFragment(doc).toArray()) {
    if (child instanceof Y.XmlElement && child.nodeName === 'heading') {
      const itemId = child.getAttribute('itemId');
      if (typeof itemId === 'string' && itemId) found.set(itemId, child);
    }
  }
  return found;
}

/**
 * Keeps a section per agenda item: adds the heading of an item that has none (before the
 * section of the next item in agenda order, else at the end) and renames headings whose item
 * was renamed. Never touches anything else: what people wrote stays.
 */
export function syncSections(doc: Y.Doc, agenda: AgendaItem[]): void {
  const fragment = minutesFragment(doc);
  const headings = sectionHeadings(doc);
  agenda.forEach((item, index) => {
    const heading = headings.get(item.id);
    if (heading) {
      const text = heading.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
      const current = heading
        .toArray()
        .map((c) => (c instanceof Y.XmlText ? c.toString() : ''))
        .join('');
      if (current !== item.title) {
        if (text && heading.length === 1) {
          // Only what changed: the letters a rename keeps stay whoever's they were.
          const was = text.toString();
          let start = 0;
          while (start < was.length && start < item.title.length && was[start] === item.title[start]) start++;
          let end = 0;
          while (
            end < was.length - start &&
            end < item.title.length - start &&
            was[was.length - 1 - end] === item.title[item.title.length - 1 - end]
          )
            end++;
          text.delete(start, was.length - start - end);
          text.insert(start, item.title.slice(start, item.title.length - end));
        } else {
          heading.delete(0, heading.length);
          heading.insert(0, [new Y.XmlText(item.title)]);
        }
      }
      return;
    }
    const next = agenda.slice(index + 1).find((i) => headings.has(i.id));
    const children = fragment.toArray();
    const at = next ? children.indexOf(headings.get(next.id)!) : children.length;
    const h = new Y.XmlElement('heading');
    h.setAttribute('level', 2 as unknown as string);
    h.setAttribute('itemId', item.id);
    h.insert(0, [new Y.XmlText(item.title)]);
    const p = new Y.XmlElement('paragraph');
    fragment.insert(at, [h, p]);
    headings.set(item.id, h);
  });
}

/**
 * Calls `fn(client, characters)` for the text that still stands in each top-level block of the
 * minutes, with the Yjs client id of whoever wrote it (text an edit carried counts as its
 * original author's: see shared/carried-text.ts).
 */
export function eachStandingText(
  doc: Y.Doc,
  carried: CarriedText | undefined,
  fn: (client: number, characters: number) => void,
  /** Called with each top-level block (heading, paragraph, list, table) before its text. */
  onBlock?: (block: Y.XmlElement | Y.XmlText) => void,
): void {
  const visit = (type: { _start: Y.Item | null }) => {
    for (let item = type._start; item; item = item.right) {
      if (item.deleted) continue;
      if (item.content instanceof Y.ContentString) {
        if (carried) carried.authorsOf(item.id.client, item.id.clock, item.length, fn);
        else fn(item.id.client, item.length);
      } else if (item.content instanceof Y.ContentType) visit(item.content.type);
    }
  };
  for (const block of minutesFragment(doc).toArray()) {
    if (!(block instanceof Y.XmlElement || block instanceof Y.XmlText)) continue;
    onBlock?.(block);
    visit(block as unknown as { _start: Y.Item | null });
  }
}

/** Characters of text that still stand, per Yjs client id of whoever wrote them. */
export function survivingByClient(doc: Y.Doc, carried?: CarriedText): Map<number, number> {
  const counts = new Map<number, number>();
  eachStandingText(doc, carried, (client, n) => counts.set(client, (counts.get(client) ?? 0) + n));
  return counts;
}
