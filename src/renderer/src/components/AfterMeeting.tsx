/**
 * After a meeting: "How your input was used" (a short note per partner: the items where they
 * contributed and what became of each; a partner sees only their own), ready to print, copy or
 * download; and the anonymous experience questionnaire, which a partner who attended may answer
 * once, until it closes 14 days after the meeting started, with when its results will show.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Meeting } from '../../../shared/domain';
import {
  QUESTIONNAIRE_QUESTIONS,
  QUESTIONNAIRE_SCALE,
  type InputUsedNote,
  type QuestionnaireQuestion,
} from '../../../shared/ledger';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { ExperienceResults } from '../screens/PartnershipScreen';
import { saveFile } from './ExportMenu';
import { describeError } from '../errors';
import { formatInstant } from '../instants';
import { ErrorMessage } from './Field';
import { isRecorder, LoadState, useFormat } from './PartnershipParts';

export function InputUsedPanel({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const [load] = useLoad(() => api.invoke('ledger.inputUsed', { meetingId: meeting.id }), [api, meeting.id]);
  // Co-chairs and secretaries see every partner's note; anyone else, only their own.
  const own = !isRecorder(session.caller);
  return (
    <section aria-labelledby="input-used-title" className="input-used" data-testid="input-used">
      <h2 id="input-used-title">{t('inputUsed.title')}</h2>
      <p className="lead no-print">{t(own ? 'inputUsed.introOwn' : 'inputUsed.intro')}</p>
      {meeting.status !== 'closed' && (
        <p className="notice no-print">{t(own ? 'inputUsed.notClosedOwn' : 'inputUsed.notClosed')}</p>
      )}
      <LoadState load={load}>
        {(notes) =>
          notes.length === 0 || notes.every((n) => n.items.length === 0) ? (
            <p className="empty">{t(own ? 'inputUsed.emptyOwn' : 'inputUsed.empty')}</p>
          ) : (
            <>
              <p className="no-print">
                <button type="button" onClick={() => window.print()}>
                  {t(own ? 'inputUsed.printOwn' : 'inputUsed.printAll')}
                </button>
              </p>
              {notes.map((n) => (
                <Note key={n.memberId} note={n} />
              ))}
            </>
          )
        }
      </LoadState>
    </section>
  );
}

function Note({ note }: { note: InputUsedNote }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [status, setStatus] = useState('');
  const headingId = useId();
  const did = (d: InputUsedNote['items'][number]['did']) =>
    [
      d.speakingTurns &&
        t('inputUsed.did.speakingTurns', { count: d.speakingTurns, n: f.number(d.speakingTurns) }),
      d.minutesText && t('inputUsed.did.minutesText', { count: d.minutesText, n: f.number(d.minutesText) }),
      d.positions && t('inputUsed.did.positions', { count: d.positions, n: f.number(d.positions) }),
      d.votes && t('inputUsed.did.votes', { count: d.votes, n: f.number(d.votes) }),
      d.proposals && t('inputUsed.did.proposals', { count: d.proposals, n: f.number(d.proposals) }),
      d.comments && t('inputUsed.did.comments', { count: d.comments, n: f.number(d.comments) }),
    ].filter(Boolean);
  const filename = `${note.memberName} - ${note.meetingTitle}.md`.replace(/[\\/:*?"<>|]/g, '-');
  async function copy() {
    try {
      await navigator.clipboard.writeText(note.markdown);
      setStatus(t('inputUsed.copied'));
    } catch {
      setStatus(t('inputUsed.copyFailed'));
    }
  }
  return (
    <article className="input-note" aria-labelledby={headingId} data-member={note.memberId}>
      <h3 id={headingId}>{t('inputUsed.noteFor', { name: note.memberName })}</h3>
      <p className="muted">
        {note.meetingTitle} · {f.day(note.startsAt)}
      </p>
      {note.items.length === 0 ? (
        <p>{t('inputUsed.nothing')}</p>
      ) : (
        <ul>
          {note.items.map((item) => (
            <li key={item.itemId}>
              <strong>{item.title}</strong>
              <p>{t('inputUsed.youDid', { what: did(item.did).join(', ') })}</p>
              {item.decisions.length === 0 ? (
                <p className="muted">{t('inputUsed.noDecision')}</p>
              ) : (
                <ul>
                  {item.decisions.map((d) => (
                    <li key={d.title}>
                      {t('inputUsed.decision', {
                        title: d.title,
                        status: t(`decisions.statuses.${d.status}`),
                        level: t(`decisions.influence.levels.${d.influence}`),
                      })}
                      {d.evidence && <> — {d.evidence}</>}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="row no-print">
        <button type="button" onClick={() => void copy()}>
          {t('inputUsed.copy', { name: note.memberName })}
        </button>
        <button
          type="button"
          onClick={() =>
            saveFile({
              filename,
              contentType: 'text/markdown; charset=utf-8',
              data: new TextEncoder().encode(note.markdown),
            })
          }
        >
          {t('inputUsed.download', { name: note.memberName })}
        </button>
        <span role="status" className="ok">
          {status}
        </span>
      </div>
    </article>
  );
}

/**
 * The questionnaire for a partner (after the meeting, until it closes), when its results will show,
 * and its totals for co-chairs and secretaries.
 */
export function QuestionnairePanel({ meeting }: { meeting: Meeting }) {
  const { t, i18n } = useTranslation();
  const { api, session } = useApp();
  const [load, reload] = useLoad(
    () => api.invoke('questionnaire.status', { meetingId: meeting.id }),
    [api, meeting.id],
  );
  const dismissKey = `coconstruct.questionnaire.dismissed.${meeting.id}`;
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(dismissKey) === '1');
  const [thanks, setThanks] = useState(false);
  const recorder = isRecorder(session.caller);
  if (meeting.status !== 'closed') return null;
  if (load.state !== 'ready') return null;
  const s = load.value;
  const whenResults =
    s.open && s.closesAt
      ? t('questionnaire.whenResults', {
          day: formatInstant(s.closesAt, i18n.language),
          minimum: s.minimum,
        })
      : null;
  return (
    <>
      {thanks && (
        <p className="ok questionnaire-thanks" role="status">
          {t('questionnaire.thanks')}
        </p>
      )}
      {s.answered && s.open && (
        <div className="panel questionnaire-answered" data-testid="questionnaire-answered">
          {!thanks && <p>{t('questionnaire.answered')}</p>}
          {whenResults && <p>{whenResults}</p>}
        </div>
      )}
      {s.canAnswer && !dismissed && (
        <QuestionnaireForm
          meetingId={meeting.id}
          closesAt={s.closesAt}
          minimum={s.minimum}
          onDone={() => {
            setThanks(true);
            reload();
          }}
          onDismiss={() => {
            localStorage.setItem(dismissKey, '1');
            setDismissed(true);
          }}
        />
      )}
      {recorder && (
        <section aria-labelledby="q-results" className="panel questionnaire-results">
          <h2 id="q-results">{t('questionnaire.resultsTitle')}</h2>
          <ExperienceResults committeeId={meeting.committeeId} meetingId={meeting.id} />
        </section>
      )}
    </>
  );
}

function QuestionnaireForm({
  meetingId,
  closesAt,
  minimum,
  onDone,
  onDismiss,
}: {
  meetingId: string;
  closesAt: string | null;
  minimum: number;
  onDone: () => void;
  onDismiss: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const [answers, setAnswers] = useState<Partial<Record<QuestionnaireQuestion, number>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!Object.keys(answers).length) {
      setError(t('questionnaire.answerOne'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.invoke('questionnaire.answer', { meetingId, answers });
      onDone();
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="panel questionnaire"
      aria-labelledby={`${id}-title`}
      onSubmit={submit}
      data-testid="questionnaire"
    >
      <h2 id={`${id}-title`}>{t('questionnaire.title')}</h2>
      <p>{t('questionnaire.intro')}</p>
      <p className="questionnaire-anonymous">
        <svg
          className="lock-icon"
          viewBox="0 0 16 16"
          width="16"
          height="16"
          aria-hidden="true"
          focusable="false"
        >
          <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
          <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.8" />
        </svg>{' '}
        {t('questionnaire.anonymous', { minimum })}
      </p>
      {closesAt && (
        <p className="questionnaire-when" data-testid="questionnaire-when">
          {t('questionnaire.until', { date: formatInstant(closesAt, i18n.language, true) })}{' '}
          {t('questionnaire.whenResults', { day: formatInstant(closesAt, i18n.language), minimum })}
        </p>
      )}
      {QUESTIONNAIRE_QUESTIONS.map((q) => (
        <fieldset key={q} className="scale">
          <legend>{t(`questionnaire.q.${q}`)}</legend>
          {QUESTIONNAIRE_SCALE.map((v) => (
            <label key={v}>
              <input
                type="radio"
                name={`${id}-${q}`}
                value={v}
                checked={answers[q] === v}
                onChange={() => setAnswers({ ...answers, [q]: v })}
              />{' '}
              {t(`questionnaire.scale.${v}`)}
            </label>
          ))}
        </fieldset>
      ))}
      <ErrorMessage message={error} />
      <div className="row">
        <button type="submit" disabled={busy}>
          {t('questionnaire.send')}
        </button>
        <button type="button" onClick={onDismiss}>
          {t('questionnaire.noThanks')}
        </button>
      </div>
    </form>
  );
}
