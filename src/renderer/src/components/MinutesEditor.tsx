/**
 * The meeting's minutes: TipTap bound to the meeting doc's `minutes` field over y-websocket,
 * with every other person's caret (name and colour), who is here now, and the connection state.
 */
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MEETING_DOC } from '../../../shared/docs';
import { EDITING_ROLES } from '../../../shared/domain';
import { useApp } from '../context';

/** Colours dark enough for white text (WCAG AA on the caret labels). */
const COLOURS = ['#b3261e', '#1a5fb4', '#26734d', '#8a3ffc', '#a15c00', '#005f73', '#9c1d6b', '#4a4a4a'];

export function colourFor(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLOURS[h % COLOURS.length]!;
}

type Status = 'connecting' | 'connected' | 'disconnected';
interface Person {
  clientId: number;
  name: string;
  color: string;
}

export function MinutesEditor({ docName }: { docName: string }) {
  const { t } = useTranslation();
  const { session } = useApp();
  const caller = session.caller;
  const me = useMemo(() => {
    const name = caller.kind === 'owner' ? t('session.host') : caller.name;
    const key = caller.kind === 'owner' ? 'owner' : caller.memberId;
    return { name, color: colourFor(key) };
  }, [caller, t]);
  const canEdit = caller.kind === 'owner' || EDITING_ROLES.includes(caller.role);

  // One Y.Doc and one provider per open meeting.
  const { doc, provider } = useMemo(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${session.syncUrl}/sync`, docName, doc, {
      params: { token: session.syncToken },
      connect: false,
    });
    return { doc, provider };
  }, [docName, session.syncUrl, session.syncToken]);

  const [status, setStatus] = useState<Status>('connecting');
  const [people, setPeople] = useState<Person[]>([]);

  useEffect(() => {
    const onStatus = ({ status }: { status: Status }) => setStatus(status);
    const onAwareness = () => {
      const list: Person[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        const user = (state as { user?: { name?: unknown; color?: unknown } }).user;
        if (user && typeof user.name === 'string') {
          list.push({
            clientId,
            name: user.name,
            color: typeof user.color === 'string' ? user.color : '#4a4a4a',
          });
        }
      });
      list.sort((a, b) => a.name.localeCompare(b.name));
      setPeople(list);
    };
    provider.on('status', onStatus);
    provider.awareness.on('change', onAwareness);
    provider.connect();
    return () => {
      provider.off('status', onStatus);
      provider.awareness.off('change', onAwareness);
      provider.destroy();
      doc.destroy();
    };
  }, [doc, provider]);

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
    <section className="minutes" aria-labelledby="minutes-title">
      <div className="minutes-head">
        <h2 id="minutes-title">{t('meeting.minutes')}</h2>
        <p className={`connection connection-${status}`} role="status" data-testid="connection">
          <span className="dot" aria-hidden="true" />
          {t(`meeting.connection.${status}`)}
        </p>
      </div>
      <div className="presence" aria-label={t('meeting.present')}>
        <span className="muted">{t('meeting.presentLabel')}</span>
        <ul data-testid="presence">
          {people.map((p) => (
            <li key={p.clientId} style={{ borderColor: p.color }}>
              <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
              {p.clientId === doc.clientID ? t('meeting.you', { name: p.name }) : p.name}
            </li>
          ))}
        </ul>
      </div>
      {!canEdit && <p className="notice">{t('meeting.readOnly')}</p>}
      {editor && canEdit && <Toolbar editor={editor} />}
      <EditorContent editor={editor} className="minutes-editor" />
    </section>
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
