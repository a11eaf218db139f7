import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AREAS, type Area } from '../../../shared/domain';
import { BackupsPanel } from '../components/BackupsPanel';
import { ChoiceField, ErrorMessage, Field } from '../components/Field';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { href } from '../router';
import { describeError } from '../errors';

export function CommitteesScreen() {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const [committees, reload] = useLoad(() => api.invoke('committees.list', {}), [api]);
  const isOwner = session.caller.kind === 'owner';
  const mayBackUp = isOwner || (session.caller.kind === 'member' && session.caller.role === 'co-chair');

  return (
    <section aria-labelledby="committees-title">
      <h1 id="committees-title">{t('committees.title')}</h1>
      {committees.state === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {committees.state === 'error' && (
        <ErrorMessage message={t('common.error', { message: committees.message })} />
      )}
      {committees.state === 'ready' &&
        (committees.value.length === 0 ? (
          <p className="empty">{isOwner ? t('committees.empty') : t('committees.emptyMember')}</p>
        ) : (
          <ul className="cards">
            {committees.value.map((c) => (
              <li key={c.id}>
                <a className="card" href={href({ name: 'committee', id: c.id })}>
                  <strong>{c.name}</strong>
                  <span className="tag">{t(`area.${c.area}`)}</span>
                  {c.mandate && <span className="muted">{c.mandate}</span>}
                </a>
              </li>
            ))}
          </ul>
        ))}
      {isOwner && <NewCommittee onCreated={reload} />}
      {mayBackUp && <BackupsPanel onRestored={reload} />}
    </section>
  );
}

function NewCommittee({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [name, setName] = useState('');
  const [area, setArea] = useState<Area>('governance');
  const [mandate, setMandate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const c = await api.invoke('committees.create', { name, area, mandate });
      setStatus(t('committees.created', { name: c.name }));
      setName('');
      setMandate('');
      onCreated();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-committee">
      <h2 id="new-committee">{t('committees.new')}</h2>
      <Field label={t('committees.name')}>
        {(id) => (
          <input id={id} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        )}
      </Field>
      <ChoiceField
        label={t('committees.area')}
        value={area}
        options={AREAS}
        optionLabel={(a) => t(`area.${a}`)}
        onChange={(a) => setArea(a as Area)}
      />
      <Field label={t('committees.mandate')} hint={t('committees.mandateHint')}>
        {(id, hintId) => (
          <textarea
            id={id}
            aria-describedby={hintId}
            value={mandate}
            onChange={(e) => setMandate(e.target.value)}
            rows={3}
          />
        )}
      </Field>
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
