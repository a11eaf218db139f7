/**
 * The meeting's minutes: TipTap bound to the meeting doc's `minutes` field over y-websocket,
 * with every other person's caret (name and colour), who is here now, and the connection state.
 */
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { MEETING_DOC } from '../../../shared/docs';
import { EDITING_ROLES } from '../../../shared/domain';
import { useApp } from '../context';
import type { MeetingConnection } from '../meeting-doc';

/** Colours dark enough for white text (WCAG AA on the caret labels). */
const COLOURS = ['#b3261e', '#1a5fb4', '#26734d', '#8a3ffc', '#a15c00', '#005f73', '#9c1d6b', '#4a4a4a'];

export function colourFor(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLOURS[h % COLOURS.length]!;
}

export function MinutesEditor({ connection }: { connection: MeetingConnection }) {
  const { t } = useTranslation();
  const { session } = useApp();
  const { doc, provider } = connection;
  const caller = session.caller;
  const me = useMemo(() => {
    const name = caller.kind === 'owner' ? t('session.host') : caller.name;
    const key = caller.kind === 'owner' ? 'owner' : caller.memberId;
    return { name, color: colourFor(key) };
  }, [caller, t]);
  const canEdit = caller.kind === 'owner' || EDITING_ROLES.includes(caller.role);

  const editor = useEditor(
    {
      editable: canEdit,
      extensions: [
        StarterKit.configure({ undoRedo: false, link: { openOnClick: false } }),
        Collaboration.configure({ document: doc, field: MEETING_DOC.minutes }),
        CollaborationCaret.configure({ provider, user: me }),
      ],
      editorProps: {
        attributes: {
          'aria-label': t('meeting.minutesLabel'),
          'aria-multiline': 'true',
          role: 'textbox',
          class: 'minutes-body',
        },
      },
    },
    [doc, provider],
  );

  useEffect(() => {
    if (editor && !editor.isDestroyed) editor.commands.updateUser(me);
  }, [editor, me]);

  return (
    <div className="minutes">
      {!canEdit && <p className="notice">{t('meeting.readOnly')}</p>}
      {editor && canEdit && <Toolbar editor={editor} />}
      <EditorContent editor={editor} className="minutes-editor" />
    </div>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      heading: e.isActive('heading', { level: 2 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
    }),
  });
  const buttons = [
    {
      key: 'bold',
      label: t('meeting.toolbar.bold'),
      text: 'B',
      run: () => editor.chain().focus().toggleBold().run(),
    },
    {
      key: 'italic',
      label: t('meeting.toolbar.italic'),
      text: 'I',
      run: () => editor.chain().focus().toggleItalic().run(),
    },
    {
      key: 'heading',
      label: t('meeting.toolbar.heading'),
      text: 'H',
      run: () => editor.chain().focus().toggleHeading({ level: 2 }).run(),
    },
    {
      key: 'bulletList',
      label: t('meeting.toolbar.bulletList'),
      text: '•',
      run: () => editor.chain().focus().toggleBulletList().run(),
    },
    {
      key: 'orderedList',
      label: t('meeting.toolbar.orderedList'),
      text: '1.',
      run: () => editor.chain().focus().toggleOrderedList().run(),
    },
  ] as const;
  return (
    <div className="toolbar" role="toolbar" aria-label={t('meeting.toolbar.label')}>
      {buttons.map((b) => (
        <button
          key={b.key}
          type="button"
          className={`tool tool-${b.key}`}
          aria-label={b.label}
          title={b.label}
          aria-pressed={active[b.key]}
          onClick={b.run}
        >
          {b.text}
        </button>
      ))}
      <button
        type="button"
        className="tool"
        aria-label={t('meeting.toolbar.undo')}
        title={t('meeting.toolbar.undo')}
        onClick={() => editor.chain().focus().undo().run()}
      >
        ↶
      </button>
      <button
        type="button"
        className="tool"
        aria-label={t('meeting.toolbar.redo')}
        title={t('meeting.toolbar.redo')}
        onClick={() => editor.chain().focus().redo().run()}
      >
        ↷
      </button>
    </div>
  );
}
