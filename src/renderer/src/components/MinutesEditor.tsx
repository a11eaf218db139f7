/**
 * The meeting's minutes: TipTap bound to the meeting doc's `minutes` field over y-websocket,
 * with every other person's caret (name and colour), comments anchored to passages, and the
 * text coloured by author on demand. Undo undoes only one's own edits (Yjs undo per client).
 */
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MEETING_DOC } from '../../../shared/docs';
import { EDITING_ROLES, type Member } from '../../../shared/domain';
import type { CommentThread } from '../../../shared/minutes';
import { minutesExtensions } from '../../../shared/minutes-schema';
import { useApp } from '../context';
import { AuthorColours, authorsKey, type AuthorSource } from '../editor/authors';
import { CommentHighlights, commentsKey, type CommentSource } from '../editor/comments';
import { useDocValue, type MeetingConnection } from '../meeting-doc';
import { AuthorLegend, useAuthors, type Authors } from './AuthorLegend';
import { CommentsPanel } from './CommentsPanel';

/** Colours dark enough for white text (WCAG AA on the caret labels). */
const COLOURS = ['#b3261e', '#1a5fb4', '#26734d', '#8a3ffc', '#a15c00', '#005f73', '#9c1d6b', '#4a4a4a'];

const hash = (key: string) => {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
};

export function colourFor(key: string): string {
  return COLOURS[hash(key) % COLOURS.length]!;
}

/**
 * Each author's text is also underlined in a way of its own, so that who wrote what is not told
 * by colour alone (colour blindness, the system's high-contrast colours).
 */
export const AUTHOR_MARKS = ['solid', 'dashed', 'dotted', 'double'] as const;
export type AuthorMark = (typeof AUTHOR_MARKS)[number];
export function markFor(key: string): AuthorMark {
  // Another spread than the colour's, so that two authors rarely share both.
  return AUTHOR_MARKS[Math.floor(hash(key) / COLOURS.length) % AUTHOR_MARKS.length]!;
}

export const readThreads = (doc: import('yjs').Doc): CommentThread[] =>
  [...doc.getMap<CommentThread>(MEETING_DOC.comments).values()].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );

/** What the editor's comment and author plugins draw from, updated after each render. */
class PluginSources {
  state: {
    threads: CommentThread[];
    activeThread: string | null;
    showAuthors: boolean;
    authors: Authors | null;
  } = {
    threads: [],
    activeThread: null,
    showAuthors: false,
    authors: null,
  };
  update(next: PluginSources['state']): void {
    this.state = next;
  }
  readonly comments: CommentSource = {
    threads: () => this.state.threads,
    active: () => this.state.activeThread,
  };
  readonly authors: AuthorSource = {
    enabled: () => this.state.showAuthors,
    author: (clientId) => this.state.authors?.byClient(clientId) ?? null,
    carried: () => this.state.authors?.carried() ?? null,
  };
}

export function MinutesEditor({
  connection,
  meetingId,
  members,
  locked = false,
  commentsClosed = false,
}: {
  connection: MeetingConnection;
  meetingId: string;
  members: Member[];
  /** The minutes are circulated or approved: nobody may write in them. */
  locked?: boolean;
  /** Approved minutes take no more comments. */
  commentsClosed?: boolean;
}) {
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

  const threads = useDocValue(doc, readThreads);
  const [activeThread, setActiveThread] = useState<string | null>(null);
  const [showAuthors, setShowAuthors] = useState(false);
  const authors = useAuthors(meetingId, members, doc, showAuthors);

  // The editor's plugins read these when they draw, so they always see the latest values.
  const [sources] = useState(() => new PluginSources());
  useEffect(() => {
    sources.update({ threads, activeThread, showAuthors, authors });
  });

  const editor = useEditor(
    {
      editable: canEdit,
      extensions: [
        ...minutesExtensions(),
        Collaboration.configure({ document: doc, field: MEETING_DOC.minutes }),
        CollaborationCaret.configure({ provider, user: me }),
        CommentHighlights.configure({ source: sources.comments }),
        AuthorColours.configure({ source: sources.authors }),
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

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setEditable(!locked && canEdit, false);
    editor.view.dom.setAttribute('aria-readonly', String(locked || !canEdit));
  }, [editor, locked, canEdit]);

  // Redraw highlights and colours when what they show changes.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.view.dispatch(editor.state.tr.setMeta(commentsKey, true).setMeta(authorsKey, true));
  }, [editor, threads, activeThread, showAuthors, authors]);

  return (
    <div className="minutes-layout">
      <div className="minutes">
        {!canEdit && <p className="notice">{t('meeting.readOnly')}</p>}
        {locked && (
          <p className="notice" data-testid="minutes-locked">
            {t('minutesStatus.lockedNotice')}
          </p>
        )}
        {editor && canEdit && !locked && <Toolbar editor={editor} />}
        <div className="author-toggle">
          <label>
            <input type="checkbox" checked={showAuthors} onChange={(e) => setShowAuthors(e.target.checked)} />{' '}
            {t('authors.toggle')}
          </label>
        </div>
        {showAuthors && <AuthorLegend authors={authors} />}
        <EditorContent editor={editor} className={`minutes-editor${showAuthors ? ' by-author' : ''}`} />
      </div>
      {editor && (
        <CommentsPanel
          editor={editor}
          meetingId={meetingId}
          members={members}
          threads={threads}
          active={activeThread}
          onActivate={setActiveThread}
          canComment={canEdit && !commentsClosed}
        />
      )}
    </div>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const [linking, setLinking] = useState(false);
  const [url, setUrl] = useState('');
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      heading: e.isActive('heading', { level: 2 }),
      heading3: e.isActive('heading', { level: 3 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      link: e.isActive('link'),
      table: e.isActive('table'),
    }),
  });
  const buttons = [
    {
      key: 'bold',
      label: t('meeting.toolbar.bold'),
      text: t('meeting.toolbar.boldShort'),
      run: () => editor.chain().focus().toggleBold().run(),
    },
    {
      key: 'italic',
      label: t('meeting.toolbar.italic'),
      text: t('meeting.toolbar.italicShort'),
      run: () => editor.chain().focus().toggleItalic().run(),
    },
    {
      key: 'heading',
      label: t('meeting.toolbar.heading'),
      text: 'H2',
      run: () => editor.chain().focus().toggleHeading({ level: 2 }).run(),
    },
    {
      key: 'heading3',
      label: t('meeting.toolbar.subheading'),
      text: 'H3',
      run: () => editor.chain().focus().toggleHeading({ level: 3 }).run(),
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

  function applyLink() {
    const href = url.trim();
    if (href === '') editor.chain().focus().extendMarkRange('link').unsetLink().run();
    else if (/^(https?:\/\/|mailto:)/i.test(href))
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    else
      editor
        .chain()
        .focus()
        .extendMarkRange('link')
        .setLink({ href: `https://${href}` })
        .run();
    setLinking(false);
  }

  // One tab stop for the whole toolbar; the arrow keys, Home and End move between its buttons.
  const bar = useRef<HTMLDivElement>(null);
  const roving = useRef(0);
  const toolButtons = () => [...(bar.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
  const rove = (index: number) => {
    const all = toolButtons();
    roving.current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((b, i) => (b.tabIndex = i === roving.current ? 0 : -1));
    return all[roving.current];
  };
  // After each render (buttons come and go with a table): still exactly one tab stop.
  useLayoutEffect(() => {
    rove(roving.current);
  });
  function onToolbarKey(e: KeyboardEvent) {
    const all = toolButtons();
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const to: Record<string, number> = {
      ArrowRight: (i + 1) % all.length,
      ArrowLeft: (i - 1 + all.length) % all.length,
      Home: 0,
      End: all.length - 1,
    };
    if (!(e.key in to)) return;
    e.preventDefault();
    rove(to[e.key]!)?.focus();
  }

  return (
    <div className="toolbar-wrap">
      <div
        ref={bar}
        className="toolbar"
        role="toolbar"
        aria-label={t('meeting.toolbar.label')}
        onKeyDown={onToolbarKey}
        onFocus={(e) => {
          const target: EventTarget = e.target;
          const i = toolButtons().findIndex((b) => b === target);
          if (i >= 0) rove(i);
        }}
      >
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
          aria-label={t('meeting.toolbar.link')}
          title={t('meeting.toolbar.link')}
          aria-pressed={active.link}
          aria-expanded={linking}
          onClick={() => {
            setUrl((editor.getAttributes('link').href as string | undefined) ?? '');
            setLinking((v) => !v);
          }}
        >
          {t('meeting.toolbar.linkShort')}
        </button>
        <button
          type="button"
          className="tool"
          aria-label={t('meeting.toolbar.table')}
          title={t('meeting.toolbar.table')}
          onClick={() => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}
        >
          {t('meeting.toolbar.tableShort')}
        </button>
        {active.table && (
          <>
            <button type="button" className="tool" onClick={() => editor.chain().focus().addRowAfter().run()}>
              {t('meeting.toolbar.addRow')}
            </button>
            <button
              type="button"
              className="tool"
              onClick={() => editor.chain().focus().addColumnAfter().run()}
            >
              {t('meeting.toolbar.addColumn')}
            </button>
            <button type="button" className="tool" onClick={() => editor.chain().focus().deleteTable().run()}>
              {t('meeting.toolbar.deleteTable')}
            </button>
          </>
        )}
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
      {linking && (
        <form
          className="link-form"
          onSubmit={(e) => {
            e.preventDefault();
            applyLink();
          }}
        >
          <label>
            {t('meeting.toolbar.linkAddress')}{' '}
            <input
              type="text"
              inputMode="url"
              value={url}
              autoFocus
              placeholder="https://"
              onChange={(e) => setUrl(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setLinking(false);
              }}
            />
          </label>
          <button type="submit">{t('meeting.toolbar.applyLink')}</button>
        </form>
      )}
    </div>
  );
}
