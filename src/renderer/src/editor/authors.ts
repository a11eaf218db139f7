/**
 * Colours the minutes by author: each run of text gets the colour of the member whose Yjs client
 * inserted it. Read from the Yjs items behind each paragraph, so it is exact and needs no markup
 * in the document.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { authorRuns } from '../../../shared/author-runs';
import { bindingOf } from './yjs-binding';

export interface AuthorSource {
  enabled(): boolean;
  /** The colour, underline and name for a Yjs client id, or null when unknown. */
  author(clientId: number): { colour: string; mark: string; name: string } | null;
}

export const authorsKey = new PluginKey('authorColours');

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
                  class: `author-run author-mark-${a.mark}`,
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
