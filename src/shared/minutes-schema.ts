/**
 * The minutes' document schema: the one list of TipTap extensions that the editor uses and that
 * exports read the Yjs fragment with (getSchema), so that an export shows what the editor shows.
 * Collaboration and carets are added by the editor only.
 */
import { getSchema, type AnyExtension } from '@tiptap/core';
import Heading from '@tiptap/extension-heading';
import { TableKit } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';

/**
 * Headings may carry the id of the agenda item whose section they open: the app keeps those
 * headings in step with the agenda (a renamed item renames its heading) and nothing else.
 */
export const SectionHeading = Heading.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      itemId: {
        default: null,
        parseHTML: (el: { getAttribute(name: string): string | null }) => el.getAttribute('data-item-id'),
        renderHTML: (attrs: { itemId?: string | null }) =>
          attrs.itemId ? { 'data-item-id': attrs.itemId } : {},
      },
    };
  },
}).configure({ levels: [1, 2, 3] });

export function minutesExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({ undoRedo: false, heading: false, link: { openOnClick: false, autolink: true } }),
    SectionHeading,
    TableKit.configure({ table: { resizable: false } }),
  ];
}

export const minutesSchema = () => getSchema(minutesExtensions());
