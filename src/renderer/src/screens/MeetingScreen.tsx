import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/Field';
import { MinutesEditor } from '../components/MinutesEditor';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { href } from '../router';

export function MeetingScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const [data] = useLoad(async () => {
    const meeting = await api.invoke('meetings.get', { id });
    const committee = await api.invoke('committees.get', { id: meeting.committeeId });
    return { meeting, committee };
  }, [api, id]);

  if (data.state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (data.state === 'error') return <ErrorMessage message={t('common.error', { message: data.message })} />;
  const { meeting, committee } = data.value;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short' }).format(
    new Date(meeting.startsAt),
  );
  return (
    <article aria-labelledby="meeting-title">
      <nav className="crumbs" aria-label="breadcrumb">
        <a href="#/">{t('nav.committees')}</a> ›{' '}
        <a href={href({ name: 'committee', id: committee.id })}>{committee.name}</a>
      </nav>
      <h1 id="meeting-title">{meeting.title}</h1>
      <p className="muted">
        {when} · <span className="tag">{t(`meetings.status.${meeting.status}`)}</span>
      </p>
      <MinutesEditor docName={meeting.docName} />
    </article>
  );
}
