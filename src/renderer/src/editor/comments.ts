/**
 * Highlights the passages that open comment threads. Anchors are Yjs relative positions, so a
 * highlight follows its passage as people edit around it.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { CommentThread } from '../../../shared/minutes';
import { bindingOf } from './yjs-binding';

export interface CommentSource {
  threads(): CommentThread[];
  active(): string | null;
}

export const commentsKey = new PluginKey('commentHighlights');

/** The current selection as a comment anchor, or null if nothing is selected. */
export function anchorOfSelection(
  state: EditorState,
): { start: unknown; end: unknown; quote: string } | null {
  const { from, to, empty } = state.selection;
  const b = bindingOf(state);
  if (empty || !b) return null;
  const start = absolutePositionToRelativePosition(from, b.type, b.mapping) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(to, b.type, b.mapping) as Y.RelativePosition;
  return {
    start: Y.relativePositionToJSON(start),
    end: Y.relativePositionToJSON(end),
    quote: state.doc.textBetween(from, to, ' ').slice(0, 2000),
  };
}

/** Where a thread's passage is now, or null if it was deleted. */
export function rangeOf(state: EditorState, thread: CommentThread): { from: number; to: number } | null {
  const b = bindingOf(state);
  if (!b || !thread.anchor.start || !thread.anchor.end) return null;
  try {
    const from = relativePositionToAbsolutePosition(
      b.doc,
      b.type,
      Y.createRelativePositionFromJSON(thread.anchor.start),
      b.mapping,
    );
    const to = relativePositionToAbsolutePosition(
      b.doc,
      b.type,
      Y.createRelativePositionFromJSON(thread.anchor.end),
      b.mapping,
    );
    if (from === null || to === null || to <= from) return null;
    return { from, to };
  } catch {
    return null;
  }
}

export const CommentHighlights = Extension.create<{ source: CommentSource }>({
  name: 'commentHighlights',
  addOptions() {
    return { source: { threads: () => [], active: () => null } };
  },
  addProseMirrorPlugins() {
    const source = this.options.source;
    return [
      new Plugin({
        key: commentsKey,
        props: {
          decorations(state) {
            const decorations: Decoration[] = [];
            const active = source.active();
            for (const t of source.threads()) {
              if (t.resolved) continue;
              const r = rangeOf(state, t);
              if (!r) continue;
              decorations.push(
                Decoration.inline(r.from, r.to, {
                  class: `comment-anchor${active === t.id ? ' active' : ''}`,
                  'data-thread': t.id,
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
