/**
 * Colours the minutes by author: each run of text gets the colour of the member whose Yjs client
 * inserted it. Read from the Yjs items behind each paragraph, so it is exact and needs no markup
 * in the document.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { authorRuns } from '../../../shared/author-runs';
import type { CarriedText } from '../../../shared/carried-text';
import { bindingOf } from './yjs-binding';

export interface AuthorSource {
  enabled(): boolean;
  /** The colour, underline and name for a Yjs client id, or null when unknown. */
  author(clientId: number): { colour: string; mark: string; name: string } | null;
  /** Text that edits carried from one author to another's client id, once loaded. */
  carried(): CarriedText | null;
}

export const authorsKey = new PluginKey('authorColours');

export const AuthorColours = Extension.create<{ source: AuthorSource }>({
  name: 'authorColours',
  addOptions() {
    return { source: { enabled: () => false, author: () => null, carried: () => null } };
  },
  addProseMirrorPlugins() {
    const source = this.options.source;
    // The state last shown with blocks the Yjs mapping did not know yet (a block just typed here
    // is mapped only after the state that shows it): coloured again once, just after.
    let incomplete: unknown = null;
    let refreshing = false; // never more than one such refresh in a row
    return [
      new Plugin({
        key: authorsKey,
        view: () => ({
          update(view) {
            if (incomplete !== view.state) return;
            incomplete = null;
            setTimeout(() => {
              if (view.isDestroyed) return;
              refreshing = true;
              view.dispatch(view.state.tr.setMeta(authorsKey, true));
            }, 0);
          },
        }),
        props: {
          decorations(state) {
            if (!source.enabled()) return null;
            const b = bindingOf(state);
            if (!b) return null;
            const decorations: Decoration[] = [];
            const runs = authorRuns(state.doc, b.mapping, source.carried());
            if (runs.unmapped && !refreshing) incomplete = state;
            refreshing = false;
            for (const run of runs) {
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
