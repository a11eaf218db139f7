import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CommitteeSettings } from '../components/CommitteeSettings';
import { DateField } from '../components/DateField';
import { ErrorMessage, Field } from '../components/Field';
import { MemberList } from '../components/MemberList';
import { PrivacySection } from '../components/PrivacySection';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { href } from '../router';
import '../committee.css';
import '../decisions.css';
import { describeError } from '../errors';
import { localeOf } from '../i18n';

export function CommitteeScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [committee, reload] = useLoad(() => api.invoke('committees.get', { id }), [api, id]);

  if (committee.state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (committee.state === 'error')
    return <ErrorMessage message={t('common.error', { message: committee.message })} />;
  const c = committee.value;
  return (
    <article aria-labelledby="committee-title" className="committee-screen">
      <nav className="crumbs" aria-label={t('nav.breadcrumb')}>
        <a href="#/">{t('nav.committees')}</a>
      </nav>
      <h1 id="committee-title">{c.name}</h1>
      <p className="committee-links">
        <span className="tag">{t(`area.${c.area}`)}</span>{' '}
        <a href={href({ name: 'register', id: c.id })} data-testid="register-link">
          {t('register.link')}
        </a>{' '}
        <a href={href({ name: 'partnership', id: c.id })} data-testid="partnership-link">
          {t('partnership.link')}
        </a>
      </p>
      <CommitteeSettings committee={c} onSaved={reload} />
      <div className="columns">
        <Meetings committeeId={c.id} />
        <MemberList committeeId={c.id} />
      </div>
      <PrivacySection committeeId={c.id} />
    </article>
  );
}

/** A local day and time (YYYY-MM-DDTHH:mm) for the date field: the next full hour. */
function nextHour(): string {
  const d = new Date(Date.now() + 3600_000);
  d.setMinutes(0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
}

function Meetings({ committeeId }: { committeeId: string }) {
  const { t, i18n } = useTranslation();
  const { api, session } = useApp();
  const [meetings, reload] = useLoad(() => api.invoke('meetings.list', { committeeId }), [api, committeeId]);
  const caller = session.caller;
  const mayPlan = caller.kind === 'owner' || caller.role === 'co-chair' || caller.role === 'secretary';
  const fmt = new Intl.DateTimeFormat(localeOf(i18n.language), {
    dateStyle: 'full',
    timeStyle: 'short',
  });
  return (
    <section aria-labelledby="meetings-title">
      <h2 id="meetings-title">{t('meetings.title')}</h2>
      {meetings.state === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {meetings.state === 'error' && (
        <ErrorMessage message={t('common.error', { message: meetings.message })} />
      )}
      {meetings.state === 'ready' &&
        (meetings.value.length === 0 ? (
          <p className="empty">{t('meetings.empty')}</p>
        ) : (
          <ul className="cards" data-testid="meetings">
            {meetings.value.map((m) => (
              <li key={m.id}>
                <a className="card" href={href({ name: 'meeting', id: m.id })}>
                  <strong>{m.title}</strong>
                  <span className="muted">{fmt.format(new Date(m.startsAt))}</span>
                  {m.place && <span className="muted">{m.place}</span>}
                  {m.videoLink && <span className="muted">{t('meetings.hasVideo')}</span>}
                  <span className="tag">{t(`meetings.status.${m.status}`)}</span>
                </a>
              </li>
            ))}
          </ul>
        ))}
      {mayPlan && (
        <NewMeeting
          committeeId={committeeId}
          hasPrevious={meetings.state === 'ready' && meetings.value.length > 0}
          onCreated={reload}
        />
      )}
    </section>
  );
}

function NewMeeting({
  committeeId,
  hasPrevious,
  onCreated,
}: {
  committeeId: string;
  hasPrevious: boolean;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState(nextHour);
  const [place, setPlace] = useState('');
  const [videoLink, setVideoLink] = useState('');
  const [fromPrevious, setFromPrevious] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const fromPreviousId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const m = await api.invoke('meetings.create', {
        committeeId,
        title,
        startsAt: new Date(startsAt).toISOString(),
        place,
        videoLink,
        fromPrevious: hasPrevious && fromPrevious,
      });
      setTitle('');
      setPlace('');
      setVideoLink('');
      setFromPrevious(false);
      setStatus(t('meetings.created', { title: m.title }));
      onCreated();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-meeting">
      <h3 id="new-meeting">{t('meetings.new')}</h3>
      <Field label={t('meetings.titleField')}>
        {(id) => (
          <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
        )}
      </Field>
      <DateField withTime label={t('meetings.startsAt')} value={startsAt} onChange={setStartsAt} required />
      <Field label={t('meetings.place')} hint={t('meetings.placeHint')}>
        {(id, hintId) => (
          <input
            id={id}
            aria-describedby={hintId}
            value={place}
            onChange={(e) => setPlace(e.target.value)}
            maxLength={500}
          />
        )}
      </Field>
      <Field label={t('meetings.videoLink')} hint={t('meetings.videoLinkHint')}>
        {(id, hintId) => (
          <input
            id={id}
            aria-describedby={hintId}
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            value={videoLink}
            onChange={(e) => setVideoLink(e.target.value)}
            maxLength={2000}
          />
        )}
      </Field>
      {hasPrevious && (
        <div className="committee-check">
          <input
            id={fromPreviousId}
            type="checkbox"
            checked={fromPrevious}
            onChange={(e) => setFromPrevious(e.target.checked)}
          />
          <label htmlFor={fromPreviousId}>{t('meetings.fromPrevious')}</label>
        </div>
      )}
      <ErrorMessage message={error} />
      <p role="status" className="ok">
        {status}
      </p>
      <button type="submit" disabled={busy}>
        {t('common.create')}
      </button>
    </form>
  );
}
