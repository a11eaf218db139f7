/** Access to y-prosemirror's binding (the Yjs type behind the editor and its node mapping). */
import type { EditorState } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

export interface Binding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Map<Y.AbstractType<unknown>, PMNode | PMNode[]>;
}

export function bindingOf(state: EditorState): Binding | null {
  const s = ySyncPluginKey.getState(state) as { binding?: Binding | null } | undefined;
  return s?.binding ?? null;
}
