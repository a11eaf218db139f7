/**
 * Colours the minutes by author: each run of text gets the colour of the member whose Yjs client
 * inserted it. Read from the Yjs items behind each paragraph, so it is exact and needs no markup
 * in the document.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import * as Y from 'yjs';
import { bindingOf } from './yjs-binding';

export interface AuthorSource {
  enabled(): boolean;
  /** The colour and name for a Yjs client id, or null when unknown. */
  author(clientId: number): { colour: string; name: string } | null;
}

export const authorsKey = new PluginKey('authorColours');

/** Runs of text [from, to) with the client id that inserted them, in document positions. */
export function authorRuns(doc: PMNode, mapping: Map<Y.AbstractType<unknown>, PMNode | PMNode[]>) {
  const elementOf = new Map<PMNode, Y.XmlElement>();
  for (const [type, node] of mapping) {
    if (type instanceof Y.XmlElement && !Array.isArray(node)) elementOf.set(node, type);
  }
  const runs: { from: number; to: number; client: number }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const el = elementOf.get(node);
    if (!el) return false;
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
  return runs;
}

export const AuthorColours = Extension.create<{ source: AuthorSource }>({
  name: 'authorColours',
  addOptions() {
    return { source: { enabled: () => false, author: () => null } };
  },
  addProseMirrorPlugins() {
    const source = this.options.source;
    return [
      new Plugin({
        key: authorsKey,
        props: {
          decorations(state) {
            if (!source.enabled()) return null;
            const b = bindingOf(state);
            if (!b) return null;
            const decorations: Decoration[] = [];
            for (const run of authorRuns(state.doc, b.mapping)) {
              const a = source.author(run.client);
              if (!a) continue;
              decorations.push(
                Decoration.inline(run.from, run.to, {
                  class: 'author-run',
                  style: `--author: ${a.colour}`,
                  title: a.name,
                }),
              );
            }
            return DecorationSet.create(state.doc, decorations);
          },
        },
      }),
    ];
  },
});
