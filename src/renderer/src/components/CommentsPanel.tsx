/**
 * Comment threads on the minutes: comment a selected passage, reply, resolve. The passage stays
 * highlighted in the text and follows it as people edit; selecting a thread shows its passage.
 */
import type { Editor } from '@tiptap/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/domain';
import type { CommentThread } from '../../../shared/minutes';
import { useApp } from '../context';
import { anchorOfSelection, rangeOf } from '../editor/comments';
import { ErrorMessage } from './Field';
import { describeError } from '../errors';
import { localeOf } from '../i18n';

interface Props {
  editor: Editor;
  meetingId: string;
  members: Member[];
  threads: CommentThread[];
  active: string | null;
  onActivate(id: string | null): void;
  canComment: boolean;
}

export function CommentsPanel({
  editor,
  meetingId,
  members,
  threads,
  active,
  onActivate,
  canComment,
}: Props) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const [draft, setDraft] = useState<{ start: unknown; end: unknown; quote: string } | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const nameOf = (id: string | null) =>
    id === null ? t('session.host') : (members.find((m) => m.id === id)?.name ?? '?');
  const when = (iso: string) =>
    new Intl.DateTimeFormat(localeOf(i18n.language), { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
  const open = threads.filter((th) => !th.resolved);
  const resolved = threads.filter((th) => th.resolved);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    setError(null);
    try {
      const th = await api.invoke('comments.add', {
        meetingId,
        anchor: { start: draft.start, end: draft.end },
        quote: draft.quote,
        text,
      });
      setDraft(null);
      setText('');
      onActivate(th.id);
    } catch (err) {
      setError(describeError(err));
    }
  }

  function show(th: CommentThread) {
    onActivate(th.id);
    const r = rangeOf(editor.state, th);
    if (r) editor.chain().setTextSelection(r).scrollIntoView().run();
  }

  return (
    <aside className="comments" aria-labelledby="comments-title">
      <h3 id="comments-title">
        {t('comments.title')} <span className="muted">({open.length})</span>
      </h3>
      {canComment && !draft && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            const anchor = anchorOfSelection(editor.state);
            if (!anchor) setError(t('comments.selectFirst'));
            else {
              setError(null);
              setDraft(anchor);
            }
          }}
        >
          {t('comments.add')}
        </button>
      )}
      {draft && (
        <form onSubmit={submit} className="comment-form">
          <blockquote className="quote">{draft.quote}</blockquote>
          <label htmlFor="new-comment">{t('comments.text')}</label>
          <textarea
            id="new-comment"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            required
            autoFocus
          />
          <div className="buttons">
            <button type="submit">{t('comments.post')}</button>
            <button type="button" className="secondary" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <ErrorMessage message={error} />
      {open.length === 0 && !draft && <p className="muted">{t('comments.empty')}</p>}
      <ul className="threads" data-testid="threads">
        {open.map((th) => (
          <Thread
            key={th.id}
            thread={th}
            active={active === th.id}
            onShow={() => show(th)}
            nameOf={nameOf}
            when={when}
            meetingId={meetingId}
            canComment={canComment}
          />
        ))}
      </ul>
      {resolved.length > 0 && (
        <details open={showResolved} onToggle={(e) => setShowResolved((e.target as HTMLDetailsElement).open)}>
          <summary>{t('comments.resolvedCount', { count: resolved.length })}</summary>
          <ul className="threads resolved">
            {resolved.map((th) => (
              <Thread
                key={th.id}
                thread={th}
                active={false}
                onShow={() => show(th)}
                nameOf={nameOf}
                when={when}
                meetingId={meetingId}
                canComment={canComment}
              />
            ))}
          </ul>
        </details>
      )}
    </aside>
  );
}

function Thread(props: {
  thread: CommentThread;
  active: boolean;
  onShow(): void;
  nameOf(id: string | null): string;
  when(iso: string): string;
  meetingId: string;
  canComment: boolean;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const { thread: th } = props;
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function run(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(describeError(err));
    }
  }

  return (
    <li className={`thread${props.active ? ' active' : ''}${th.resolved ? ' is-resolved' : ''}`}>
      <button
        type="button"
        className="quote-button"
        onClick={props.onShow}
        aria-label={t('comments.show', { quote: th.quote })}
      >
        <blockquote className="quote">{th.quote}</blockquote>
      </button>
      <p className="comment">
        <strong>{props.nameOf(th.authorId)}</strong>{' '}
        <span className="muted small">{props.when(th.createdAt)}</span>
        <br />
        {th.text}
      </p>
      {th.replies.map((r) => (
        <p key={r.id} className="comment reply">
          <strong>{props.nameOf(r.authorId)}</strong>{' '}
          <span className="muted small">{props.when(r.createdAt)}</span>
          <br />
          {r.text}
        </p>
      ))}
      {props.canComment && (
        <>
          {!th.resolved && (
            <form
              className="reply-form"
              onSubmit={(e) => {
                e.preventDefault();
                void run(async () => {
                  await api.invoke('comments.reply', {
                    meetingId: props.meetingId,
                    threadId: th.id,
                    text: reply,
                  });
                  setReply('');
                });
              }}
            >
              <label className="visually-hidden" htmlFor={`reply-${th.id}`}>
                {t('comments.reply')}
              </label>
              <input
                id={`reply-${th.id}`}
                value={reply}
                placeholder={t('comments.reply')}
                onChange={(e) => setReply(e.target.value)}
                required
              />
              <button type="submit" className="secondary">
                {t('comments.send')}
              </button>
            </form>
          )}
          <button
            type="button"
            className="secondary small-button"
            onClick={() =>
              void run(() =>
                api.invoke('comments.resolve', {
                  meetingId: props.meetingId,
                  threadId: th.id,
                  resolved: !th.resolved,
                }),
              )
            }
          >
            {th.resolved ? t('comments.reopen') : t('comments.resolve')}
          </button>
        </>
      )}
      <ErrorMessage message={error} />
    </li>
  );
}
