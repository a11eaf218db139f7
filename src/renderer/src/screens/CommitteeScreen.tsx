import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ENGAGEMENT_LEVELS,
  MEMBER_KINDS,
  ROLES,
  type EngagementLevel,
  type MemberKind,
  type Role,
} from '../../../shared/domain';
import { ErrorMessage, Field } from '../components/Field';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { href } from '../router';

export function CommitteeScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [committee] = useLoad(() => api.invoke('committees.get', { id }), [api, id]);

  if (committee.state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  if (committee.state === 'error')
    return <ErrorMessage message={t('common.error', { message: committee.message })} />;
  const c = committee.value;
  return (
    <article aria-labelledby="committee-title">
      <nav className="crumbs" aria-label="breadcrumb">
        <a href="#/">{t('nav.committees')}</a>
      </nav>
      <h1 id="committee-title">{c.name}</h1>
      <p>
        <span className="tag">{t(`area.${c.area}`)}</span>
      </p>
      {c.mandate && <p className="mandate">{c.mandate}</p>}
      <div className="columns">
        <Meetings committeeId={c.id} />
        <Members committeeId={c.id} />
      </div>
    </article>
  );
}

function Members({ committeeId }: { committeeId: string }) {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const [members, reload] = useLoad(() => api.invoke('members.list', { committeeId }), [api, committeeId]);
  const caller = session.caller;
  const mayAdd = caller.kind === 'owner' || caller.role === 'co-chair';
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t('members.title')}</h2>
      {members.state === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {members.state === 'error' && (
        <ErrorMessage message={t('common.error', { message: members.message })} />
      )}
      {members.state === 'ready' &&
        (members.value.length === 0 ? (
          <p className="empty">{t('members.empty')}</p>
        ) : (
          <ul className="list" data-testid="members">
            {members.value.map((m) => (
              <li key={m.id}>
                <strong>{m.name}</strong>
                <span className="muted">
                  {t(`kind.${m.kind}`)} · {t(`role.${m.role}`)} · {t(`engagement.${m.engagementLevel}`)}
                </span>
              </li>
            ))}
          </ul>
        ))}
      {mayAdd && <AddMember committeeId={committeeId} onAdded={reload} />}
    </section>
  );
}

function AddMember({ committeeId, onAdded }: { committeeId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<MemberKind>('patient-partner');
  const [role, setRole] = useState<Role>('member');
  const [engagementLevel, setLevel] = useState<EngagementLevel>('collaboration');
  const [error, setError] = useState<string | null>(null);
  const [invite, setInvite] = useState<{ name: string; link: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { member, token } = await api.invoke('members.add', {
        committeeId,
        name,
        kind,
        role,
        engagementLevel,
      });
      const base = session.syncUrl.replace(/^ws/, 'http');
      setInvite({ name: member.name, link: `${base}/#token=${encodeURIComponent(token)}` });
      setCopied(false);
      setName('');
      onAdded();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="add-member">
      <h3 id="add-member">{t('members.add')}</h3>
      <Field label={t('members.name')}>
        {(id) => (
          <input id={id} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        )}
      </Field>
      <div className="row">
        <Field label={t('kind.label')}>
          {(id) => (
            <select id={id} value={kind} onChange={(e) => setKind(e.target.value as MemberKind)}>
              {MEMBER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('role.label')}>
          {(id) => (
            <select id={id} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('engagement.label')}>
          {(id) => (
            <select
              id={id}
              value={engagementLevel}
              onChange={(e) => setLevel(e.target.value as EngagementLevel)}
            >
              {ENGAGEMENT_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`engagement.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <ErrorMessage message={error} />
      <button type="submit" disabled={busy}>
        {t('members.add')}
      </button>
      {invite && (
        <div className="invite" role="status">
          <p>{t('members.added', { name: invite.name })}</p>
          <Field label={t('members.link', { name: invite.name })}>
            {(id) => <input id={id} readOnly value={invite.link} onFocus={(e) => e.currentTarget.select()} />}
          </Field>
          <button
            type="button"
            onClick={() => void navigator.clipboard?.writeText(invite.link).then(() => setCopied(true))}
          >
            {copied ? t('common.copied') : t('common.copy')}
          </button>
        </div>
      )}
    </form>
  );
}

/** A value for <input type="datetime-local">: the next full hour, local time. */
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
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short' });
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
          <ul className="cards">
            {meetings.value.map((m) => (
              <li key={m.id}>
                <a className="card" href={href({ name: 'meeting', id: m.id })}>
                  <strong>{m.title}</strong>
                  <span className="muted">{fmt.format(new Date(m.startsAt))}</span>
                  <span className="tag">{t(`meetings.status.${m.status}`)}</span>
                </a>
              </li>
            ))}
          </ul>
        ))}
      {mayPlan && <NewMeeting committeeId={committeeId} onCreated={reload} />}
    </section>
  );
}

function NewMeeting({ committeeId, onCreated }: { committeeId: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState(nextHour);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.invoke('meetings.create', { committeeId, title, startsAt: new Date(startsAt).toISOString() });
      setTitle('');
      onCreated();
    } catch (err) {
      setError((err as Error).message);
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
      <Field label={t('meetings.startsAt')}>
        {(id) => (
          <input
            id={id}
            type="datetime-local"
            value={startsAt}
            onChange={(e) => setStartsAt(e.target.value)}
            required
          />
        )}
      </Field>
      <ErrorMessage message={error} />
      <button type="submit" disabled={busy}>
        {t('common.create')}
      </button>
    </form>
  );
}
