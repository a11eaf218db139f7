import { useTranslation } from 'react-i18next';
import type { MeetingConnection } from '../meeting-doc';

/** Whether the meeting is live, and who is here now. */
export function ConnectionBar({ connection }: { connection: MeetingConnection }) {
  const { t } = useTranslation();
  const { status, people, doc, refusal, notSaved } = connection;
  return (
    <div className="connection-bar">
      <p className={`connection connection-${status}`} role="status" data-testid="connection">
        <span className="dot" aria-hidden="true" />
        {t(`meeting.connection.${status}`)}
        {status === 'restored' && (
          <>
            {' '}
            <button type="button" onClick={() => location.reload()}>
              {t('meeting.reload')}
            </button>
          </>
        )}
        {status === 'refused' && (
          <>
            {refusal && <span className="muted"> ({refusal})</span>}{' '}
            <button type="button" onClick={() => location.reload()}>
              {t('meeting.reload')}
            </button>
          </>
        )}
      </p>
      {notSaved && (
        <p className="error" role="alert" data-testid="not-saved">
          {t('storage.notSaved', { problem: t(`storage.problem.${notSaved}`) })}
        </p>
      )}
      {/* Nobody's presence is known yet (or the meeting is only read): no empty list. */}
      {people.length > 0 && (
        <div className="presence">
          <span className="muted">{t('meeting.presentLabel')}</span>
          <ul data-testid="presence" aria-label={t('meeting.present')}>
            {people.map((p) => (
              <li key={p.clientId} style={{ borderColor: p.color }}>
                <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
                {p.clientId === doc.clientID ? t('meeting.you', { name: p.name }) : p.name}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
