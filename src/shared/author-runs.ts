/**
 * Who wrote each run of text of the minutes, read from the Yjs items behind each paragraph of a
 * ProseMirror document (with y-prosemirror's Yjs-to-ProseMirror mapping). Used by the editor's
 * colour-by-author view; pure, so it can be measured outside a browser.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import * as Y from 'yjs';
import type { CarriedText } from './carried-text';

/**
 * Runs of text [from, to) with the client id that wrote them (inserted them, or whose text an edit
 * carried), in document positions.
 * `unmapped` counts the text blocks the mapping does not know yet (y-prosemirror maps a block
 * typed locally only after the editor state that shows it): their runs are missing.
 */
export function authorRuns(
  doc: PMNode,
  mapping: Map<Y.AbstractType<unknown>, PMNode | PMNode[]>,
  carried?: CarriedText | null,
) {
  const elementOf = new Map<PMNode, Y.XmlElement>();
  for (const [type, node] of mapping) {
    if (type instanceof Y.XmlElement && !Array.isArray(node)) elementOf.set(node, type);
  }
  const runs: { from: number; to: number; client: number }[] & { unmapped?: number } = [];
  let unmapped = 0;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const el = elementOf.get(node);
    if (!el) {
      unmapped++;
      return false;
    }
    let at = pos + 1;
    for (const child of el.toArray()) {
      if (child instanceof Y.XmlText) {
        let item = child._start;
        while (item) {
          if (!item.deleted && item.countable) {
            if (item.content instanceof Y.ContentString) {
              // Text an edit carried is its original author's (shared/carried-text.ts).
              let from = at;
              const push = (client: number, length: number) => {
                const last = runs[runs.length - 1];
                if (last && last.client === client && last.to === from) last.to += length;
                else runs.push({ from, to: from + length, client });
                from += length;
              };
              if (carried) carried.authorsOf(item.id.client, item.id.clock, item.length, push);
              else push(item.id.client, item.length);
            }
            at += item.length;
          }
          item = item.right;
        }
      } else {
        const inline = mapping.get(child as unknown as Y.AbstractType<unknown>);
        at += inline && !Array.isArray(inline) ? inline.nodeSize : 1;
      }
    }
    return false;
  });
  runs.unmapped = unmapped;
  return runs;
}
