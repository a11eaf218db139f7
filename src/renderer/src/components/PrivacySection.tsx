/**
 * The committee's privacy settings and register: how long former members' information is kept
 * (co-chairs change it; everyone sees it), and the register of privacy incidents (co-chairs and
 * secretaries: the list, and a form to record an incident or a follow-up).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { INCIDENT_RISKS, type IncidentRisk, type PrivacyIncident } from '../../../shared/privacy';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { ErrorMessage, Field } from './Field';
import { formatDay } from './MemberList';
import '../committee.css';
import { DateField } from './DateField';

export function PrivacySection({ committeeId }: { committeeId: string }) {
  const { t } = useTranslation();
  const { session } = useApp();
  const caller = session.caller;
  const isChair = caller.kind === 'owner' || caller.role === 'co-chair';
  const mayRecord = isChair || (caller.kind === 'member' && caller.role === 'secretary');
  return (
    <section className="panel privacy-section" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{t('privacy.title')}</h2>
      <Retention committeeId={committeeId} mayChange={isChair} />
      {mayRecord && <Incidents committeeId={committeeId} />}
    </section>
  );
}

function Retention({ committeeId, mayChange }: { committeeId: string; mayChange: boolean }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [setting, reload] = useLoad(
    () => api.invoke('privacy.retention.get', { committeeId }),
    [api, committeeId],
  );
  const [choice, setChoice] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (setting.state !== 'ready')
    return setting.state === 'error' ? <ErrorMessage message={setting.message} /> : null;
  const s = setting.value;
  const current = choice ?? (s.yearsAfterLeaving === null ? 'forever' : String(s.yearsAfterLeaving));
  const summary =
    s.yearsAfterLeaving === null
      ? t('privacy.retentionCurrentForever')
      : t('privacy.retentionCurrentYears', { count: s.yearsAfterLeaving });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.invoke('privacy.retention.set', {
        committeeId,
        yearsAfterLeaving: current === 'forever' ? null : Number(current),
      });
      setChoice(null);
      setStatus(t('privacy.retentionSaved'));
      reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="privacy-retention">
      <h3 id="retention-title">{t('privacy.retentionTitle')}</h3>
      <p data-testid="retention-summary">
        {summary} {s.isDefault && <span className="hint">{t('privacy.retentionDefault')}</span>}
      </p>
      {mayChange && (
        <form onSubmit={submit} aria-labelledby="retention-title">
          <Field label={t('privacy.retentionLabel')} hint={t('privacy.retentionHint')}>
            {(id, hintId) => (
              <select
                id={id}
                aria-describedby={hintId}
                value={current}
                onChange={(e) => setChoice(e.target.value)}
              >
                {[1, 2, 3, 5, 7, 10, 15, 25].map((n) => (
                  <option key={n} value={String(n)}>
                    {t('privacy.retentionYears', { count: n })}
                  </option>
                ))}
                <option value="forever">{t('privacy.retentionForever')}</option>
              </select>
            )}
          </Field>
          <ErrorMessage message={error} />
          <button type="submit" disabled={busy}>
            {t('privacy.retentionSave')}
          </button>
          <p role="status" className="ok committee-status">
            {status}
          </p>
        </form>
      )}
    </div>
  );
}

interface IncidentDraft {
  followsId: string;
  discoveredOn: string;
  description: string;
  dataConcerned: string;
  peopleConcerned: string;
  risk: IncidentRisk;
  riskAssessment: string;
  measures: string;
  caiNotifiedOn: string;
  personsNotifiedOn: string;
}
const emptyIncident = (): IncidentDraft => ({
  followsId: '',
  discoveredOn: '',
  description: '',
  dataConcerned: '',
  peopleConcerned: '',
  risk: 'low',
  riskAssessment: '',
  measures: '',
  caiNotifiedOn: '',
  personsNotifiedOn: '',
});

function Incidents({ committeeId }: { committeeId: string }) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const [incidents, reload] = useLoad(
    () => api.invoke('privacy.incidents.list', { committeeId }),
    [api, committeeId],
  );
  const [draft, setDraft] = useState<IncidentDraft>(emptyIncident);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<IncidentDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const list = incidents.state === 'ready' ? incidents.value : [];
  const firsts = list.filter((i) => i.followsId === null);
  const day = (d: string | null) => (d ? formatDay(d, i18n.language) : t('privacy.notNotified'));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const recorded = await api.invoke('privacy.incidents.record', {
        committeeId,
        followsId: draft.followsId ? Number(draft.followsId) : null,
        discoveredOn: draft.discoveredOn,
        description: draft.description,
        dataConcerned: draft.dataConcerned,
        peopleConcerned: draft.peopleConcerned,
        risk: draft.risk,
        riskAssessment: draft.riskAssessment,
        measures: draft.measures,
        caiNotifiedOn: draft.caiNotifiedOn || null,
        personsNotifiedOn: draft.personsNotifiedOn || null,
      });
      setDraft(emptyIncident());
      setStatus(t('privacy.recorded', { id: recorded.id }));
      reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const text = (key: keyof IncidentDraft, label: string, hint?: string, area = false) => (
    <Field label={label} hint={hint}>
      {(id, hintId) =>
        area ? (
          <textarea
            id={id}
            aria-describedby={hintId}
            value={draft[key]}
            onChange={(e) => set({ [key]: e.target.value })}
            rows={2}
          />
        ) : (
          <input
            id={id}
            aria-describedby={hintId}
            value={draft[key]}
            onChange={(e) => set({ [key]: e.target.value })}
          />
        )
      }
    </Field>
  );
  const dateField = (
    key: 'discoveredOn' | 'caiNotifiedOn' | 'personsNotifiedOn',
    label: string,
    required = false,
  ) => <DateField label={label} value={draft[key]} required={required} onChange={(v) => set({ [key]: v })} />;

  return (
    <div className="privacy-incidents">
      <h3 id="incidents-title">{t('privacy.incidentsTitle')}</h3>
      <p className="hint">{t('privacy.incidentsIntro')}</p>
      {incidents.state === 'error' && <ErrorMessage message={incidents.message} />}
      {incidents.state === 'ready' &&
        (list.length === 0 ? (
          <p className="empty">{t('privacy.incidentsEmpty')}</p>
        ) : (
          <ol className="privacy-incident-list" data-testid="incidents" aria-labelledby="incidents-title">
            {list.map((i) => (
              <IncidentCard key={i.id} incident={i} day={day} />
            ))}
          </ol>
        ))}
      <form onSubmit={submit} className="privacy-incident-form" aria-labelledby="incident-form-title">
        <h4 id="incident-form-title">{t('privacy.record')}</h4>
        <Field label={t('privacy.follows')}>
          {(id) => (
            <select id={id} value={draft.followsId} onChange={(e) => set({ followsId: e.target.value })}>
              <option value="">{t('privacy.followsNone')}</option>
              {firsts.map((i) => (
                <option key={i.id} value={String(i.id)}>
                  {t('privacy.incidentNo', { id: i.id })} — {i.description.slice(0, 60)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {dateField('discoveredOn', t('privacy.discoveredOn'), true)}
        {text('description', t('privacy.description'), undefined, true)}
        {text('dataConcerned', t('privacy.dataConcerned'))}
        {text('peopleConcerned', t('privacy.peopleConcerned'), t('privacy.peopleHint'))}
        <Field label={t('privacy.risk')}>
          {(id) => (
            <select
              id={id}
              value={draft.risk}
              onChange={(e) => set({ risk: e.target.value as IncidentRisk })}
            >
              {INCIDENT_RISKS.map((r) => (
                <option key={r} value={r}>
                  {t(`privacy.risks.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('riskAssessment', t('privacy.riskAssessment'), undefined, true)}
        {text('measures', t('privacy.measures'), undefined, true)}
        {dateField('caiNotifiedOn', t('privacy.caiNotifiedOn'))}
        {dateField('personsNotifiedOn', t('privacy.personsNotifiedOn'))}
        <ErrorMessage message={error} />
        <button type="submit" disabled={busy}>
          {t('privacy.record')}
        </button>
        <p role="status" className="ok committee-status">
          {status}
        </p>
      </form>
    </div>
  );
}

function IncidentCard({
  incident: i,
  day,
}: {
  incident: PrivacyIncident;
  day: (d: string | null) => string;
}) {
  const { t } = useTranslation();
  return (
    <li className="privacy-incident" data-incident={i.id}>
      <p>
        <strong>
          {i.followsId === null
            ? t('privacy.incidentNo', { id: i.id })
            : t('privacy.followUpOf', { id: i.followsId })}
        </strong>{' '}
        · {t('privacy.discoveredOn')} {day(i.discoveredOn)} ·{' '}
        {t('privacy.riskValue', { risk: t(`privacy.risks.${i.risk}`) })}
      </p>
      <p>{i.description}</p>
      <dl className="privacy-facts">
        {i.dataConcerned && (
          <>
            <dt>{t('privacy.dataConcerned')}</dt>
            <dd>{i.dataConcerned}</dd>
          </>
        )}
        {i.peopleConcerned && (
          <>
            <dt>{t('privacy.peopleConcerned')}</dt>
            <dd>{i.peopleConcerned}</dd>
          </>
        )}
        {i.riskAssessment && (
          <>
            <dt>{t('privacy.riskAssessment')}</dt>
            <dd>{i.riskAssessment}</dd>
          </>
        )}
        {i.measures && (
          <>
            <dt>{t('privacy.measures')}</dt>
            <dd>{i.measures}</dd>
          </>
        )}
        <dt>{t('privacy.caiNotifiedOn')}</dt>
        <dd>{day(i.caiNotifiedOn)}</dd>
        <dt>{t('privacy.personsNotifiedOn')}</dt>
        <dd>{day(i.personsNotifiedOn)}</dd>
      </dl>
    </li>
  );
}
