/**
 * Who wrote each run of text of the minutes, read from the Yjs items behind each paragraph of a
 * ProseMirror document (with y-prosemirror's Yjs-to-ProseMirror mapping). Used by the editor's
 * colour-by-author view; pure, so it can be measured outside a browser.
 */
import type { Node as PMNode } from '@tiptap/pm/model';
import * as Y from 'yjs';

/**
 * Runs of text [from, to) with the client id that inserted them, in document positions.
 * `unmapped` counts the text blocks the mapping does not know yet (y-prosemirror maps a block
 * typed locally only after the editor state that shows it): their runs are missing.
 */
export function authorRuns(doc: PMNode, mapping: Map<Y.AbstractType<unknown>, PMNode | PMNode[]>) {
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
              const last = runs[runs.length - 1];
              if (last && last.client === item.id.client && last.to === at) last.to += item.length;
              else runs.push({ from: at, to: at + item.length, client: item.id.client });
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
