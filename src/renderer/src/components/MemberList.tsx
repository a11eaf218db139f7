import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/domain';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { ErrorMessage } from './Field';
import { InvitePanel } from './InvitePanel';
import { EditMemberDialog, LeaveMemberDialog } from './MemberDialogs';
import { MemberPrivacyActions } from './MemberPrivacy';
import { emptyDraft, fieldsOf, MemberFields, type MemberDraft } from './MemberForm';
import { href } from '../router';
import '../committee.css';
import { describeError } from '../errors';
import { localeOf } from '../i18n';

/** A link just issued, shown once: after adding a member, or on their card. */
interface Issued {
  memberId: string;
  name: string;
  token: string;
  where: 'add' | 'card';
  message: string;
}

const dayFormat = (lang: string) =>
  new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeZone: 'UTC' });
/** A calendar day (YYYY-MM-DD) in words, in the interface's language. */
export function formatDay(day: string, lang: string): string {
  const text = dayFormat(lang).format(new Date(`${day.slice(0, 10)}T00:00:00Z`));
  // « le 1er mars », as written in French.
  return lang === 'fr' ? text.replace(/^1 /, '1er ') : text;
}

/** The committee's members: current ones, then those who left; and, for the co-chairs, managing them. */
export function MemberList({ committeeId }: { committeeId: string }) {
  const { t, i18n } = useTranslation();
  /** What the panel says of a new link: what happened, and until when the link works. */
  const issuedMessage = (what: string, expiresAt: string) =>
    `${what} ${t('members.linkExpires', { date: formatDay(expiresAt, i18n.language) })}`;
  const { api, session } = useApp();
  const [members, reload] = useLoad(() => api.invoke('members.list', { committeeId }), [api, committeeId]);
  const caller = session.caller;
  const mayManage = caller.kind === 'owner' || caller.role === 'co-chair';
  const isSelf = (m: Member) => caller.kind === 'member' && caller.memberId === m.id;
  const [status, setStatus] = useState('');
  const [issued, setIssued] = useState<Issued | null>(null);
  const [editing, setEditing] = useState<Member | null>(null);
  const [leaving, setLeaving] = useState<Member | null>(null);
  const [cardError, setCardError] = useState<{ id: string; message: string } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const section = useRef<HTMLElement>(null);
  // Where the keyboard goes once the list has reloaded after a dialog (a CSS selector in this section):
  // the button that opened it may have moved or gone.
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    const selector = pendingFocus.current;
    if (!selector || members.state !== 'ready') return;
    pendingFocus.current = null;
    section.current?.querySelector<HTMLElement>(selector)?.focus();
  }, [members]);

  async function newLink(m: Member) {
    setBusyId(m.id);
    setCardError(null);
    try {
      const { token, expiresAt } = await api.invoke('members.invite', { id: m.id });
      setIssued({
        memberId: m.id,
        name: m.name,
        token,
        where: 'card',
        message: issuedMessage(t('members.invited', { name: m.name }), expiresAt),
      });
      reload();
    } catch (err) {
      setCardError({ id: m.id, message: describeError(err) });
    } finally {
      setBusyId(null);
    }
  }

  async function revoke(m: Member) {
    setBusyId(m.id);
    setCardError(null);
    try {
      await api.invoke('members.revokeInvite', { id: m.id });
      if (issued?.memberId === m.id) setIssued(null);
      setStatus(t('members.revoked', { name: m.name }));
      reload();
    } catch (err) {
      setCardError({ id: m.id, message: describeError(err) });
    } finally {
      setBusyId(null);
    }
  }

  const list = members.state === 'ready' ? members.value : [];
  // Erased members keep their card, under their pseudonym; they cannot be erased twice.
  const [erasures] = useLoad(
    () => (mayManage ? api.invoke('privacy.erasures', { committeeId }) : Promise.resolve([])),
    [api, committeeId, members],
  );
  const erasedIds = new Set(erasures.state === 'ready' ? erasures.value.map((e) => e.memberId) : []);
  const current = list.filter((m) => !m.leftAt);
  const former = list.filter((m) => m.leftAt);

  return (
    <section aria-labelledby="members-title" className="member-section" ref={section}>
      <h2 id="members-title" ref={heading} tabIndex={-1}>
        {t('members.title')}
      </h2>
      <p role="status" className="ok committee-status">
        {status}
      </p>
      {members.state === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {members.state === 'error' && (
        <ErrorMessage message={t('common.error', { message: members.message })} />
      )}
      {members.state === 'ready' &&
        (list.length === 0 ? (
          <p className="empty">{mayManage ? t('members.empty') : t('members.activeEmpty')}</p>
        ) : current.length === 0 ? (
          <p className="empty">{t('members.activeEmpty')}</p>
        ) : (
          <ul className="member-list" data-testid="members" aria-label={t('members.active')}>
            {current.map((m) => (
              <MemberCard key={m.id} member={m} showLink={mayManage}>
                {mayManage && (
                  <>
                    <div
                      className="member-actions"
                      role="group"
                      aria-label={t('members.actionsFor', { name: m.name })}
                    >
                      <button
                        type="button"
                        className="committee-secondary"
                        data-action="edit"
                        onClick={() => setEditing(m)}
                      >
                        {t('members.edit')}
                        <span className="committee-sr"> {m.name}</span>
                      </button>
                      {/* A new link, revoking it or leaving would end one's own session. */}
                      {!isSelf(m) && (
                        <button
                          type="button"
                          className="committee-secondary"
                          disabled={busyId === m.id}
                          onClick={() => void newLink(m)}
                        >
                          {t('members.invite')}
                          <span className="committee-sr"> {m.name}</span>
                        </button>
                      )}
                      {!isSelf(m) && m.hasActiveLink && (
                        <button
                          type="button"
                          className="committee-secondary"
                          disabled={busyId === m.id}
                          onClick={() => void revoke(m)}
                        >
                          {t('members.revoke')}
                          <span className="committee-sr"> {m.name}</span>
                        </button>
                      )}
                      {!isSelf(m) && (
                        <button type="button" className="committee-danger" onClick={() => setLeaving(m)}>
                          {t('members.leave')}
                          <span className="committee-sr"> {m.name}</span>
                        </button>
                      )}
                    </div>
                    <MemberPrivacyActions
                      member={m}
                      mayErase={!isSelf(m)}
                      onStatus={setStatus}
                      onErased={(r) => {
                        if (issued?.memberId === m.id) setIssued(null);
                        setStatus(t('privacy.erased', { pseudonym: r.pseudonym }));
                        reload();
                        pendingFocus.current = '#members-title';
                      }}
                    />
                    {isSelf(m) && <p className="hint">{t('members.self')}</p>}
                    {cardError?.id === m.id && <ErrorMessage message={cardError.message} />}
                    {issued?.where === 'card' && issued.memberId === m.id && (
                      <InvitePanel
                        name={issued.name}
                        token={issued.token}
                        message={issued.message}
                        onHide={() => {
                          setIssued(null);
                          heading.current?.focus();
                        }}
                      />
                    )}
                  </>
                )}
              </MemberCard>
            ))}
          </ul>
        ))}
      {former.length > 0 && (
        <div className="member-former">
          <h3 id="members-left-title">{t('members.leftTitle')}</h3>
          <ul className="member-list" data-testid="members-left" aria-labelledby="members-left-title">
            {former.map((m) => (
              <MemberCard key={m.id} member={m} showLink={false}>
                {mayManage && (
                  <MemberPrivacyActions
                    member={m}
                    mayErase={!erasedIds.has(m.id)}
                    onStatus={setStatus}
                    onErased={(r) => {
                      setStatus(t('privacy.erased', { pseudonym: r.pseudonym }));
                      reload();
                      pendingFocus.current = '#members-title';
                    }}
                  />
                )}
              </MemberCard>
            ))}
          </ul>
        </div>
      )}
      {mayManage && (
        <AddMember
          committeeId={committeeId}
          issued={issued?.where === 'add' ? issued : null}
          onAdded={(member, token, expiresAt) => {
            setIssued({
              memberId: member.id,
              name: member.name,
              token,
              where: 'add',
              message: issuedMessage(t('members.added', { name: member.name }), expiresAt),
            });
            reload();
          }}
          onHideIssued={() => setIssued(null)}
        />
      )}
      {editing && (
        <EditMemberDialog
          member={editing}
          onClose={() => setEditing(null)}
          onSaved={(m) => {
            setEditing(null);
            pendingFocus.current = `[data-member="${CSS.escape(m.id)}"] [data-action="edit"]`;
            setStatus(t('members.saved', { name: m.name }));
            reload();
          }}
        />
      )}
      {leaving && (
        <LeaveMemberDialog
          member={leaving}
          onClose={() => setLeaving(null)}
          onLeft={(m) => {
            setLeaving(null);
            if (issued?.memberId === m.id) setIssued(null);
            setStatus(t('members.left', { name: m.name }));
            reload();
            // Their card (and the button that opened the dialog) moves to the list of those who left.
            pendingFocus.current = '#members-title';
          }}
        />
      )}
    </section>
  );
}

function MemberCard({
  member: m,
  showLink,
  children,
}: {
  member: Member;
  showLink: boolean;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { session } = useApp();
  const caller = session.caller;
  // The member's page: their own, or anyone's for co-chairs and secretaries (as the API allows).
  const mayOpenPage =
    caller.kind === 'owner' ||
    caller.role === 'co-chair' ||
    caller.role === 'secretary' ||
    caller.memberId === m.id;
  const day = (d: string) => formatDay(d, i18n.language);
  let dates: string | null = null;
  if (m.leftAt) dates = t('members.leftOn', { date: day(m.endDate ?? m.leftAt) });
  else if (m.startDate && m.endDate)
    dates = t('members.fromTo', { start: day(m.startDate), end: day(m.endDate) });
  else if (m.startDate) dates = t('members.since', { date: day(m.startDate) });
  else if (m.endDate) dates = t('members.until', { date: day(m.endDate) });
  return (
    <li className={m.leftAt ? 'member-card member-card-left' : 'member-card'} data-member={m.id}>
      <div className="member-head">
        <strong className="member-name">{m.name}</strong>
        <span className="member-role">{t(`role.${m.role}`)}</span>
      </div>
      <p className="member-line">
        {t(`kind.${m.kind}`)} ·{' '}
        {t('members.engagementValue', { level: t(`engagement.${m.engagementLevel}`) })}
      </p>
      {dates && <p className={m.leftAt ? 'member-line member-left-on' : 'member-line'}>{dates}</p>}
      {mayOpenPage && (
        <p className="member-line">
          <a
            href={href({ name: 'member', id: m.committeeId, memberId: m.id })}
            data-testid="member-page-link"
          >
            {t('memberPage.link')}
            <span className="committee-sr"> {m.name}</span>
          </a>
        </p>
      )}
      {m.mandate && (
        <p className="member-mandate">
          <span className="member-label">{t('members.mandateShown')}</span> {m.mandate}
        </p>
      )}
      {!m.leftAt && (
        <ul className="member-facts">
          <li className={m.consents.named ? 'member-yes' : 'member-no'}>
            {m.consents.named ? t('members.namedYes') : t('members.namedNo')}
          </li>
          <li className={m.consents.contact ? 'member-yes' : 'member-no'}>
            {m.consents.contact ? t('members.contactYes') : t('members.contactNo')}
          </li>
          {showLink && (
            <li className={m.hasActiveLink ? 'member-yes' : 'member-no'}>
              {m.hasActiveLink ? t('members.linkActive') : t('members.linkNone')}
            </li>
          )}
        </ul>
      )}
      {children}
    </li>
  );
}

function AddMember({
  committeeId,
  issued,
  onAdded,
  onHideIssued,
}: {
  committeeId: string;
  issued: Issued | null;
  onAdded: (m: Member, token: string, expiresAt: string) => void;
  onHideIssued: () => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [draft, setDraft] = useState<MemberDraft>(emptyDraft);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { member, token, expiresAt } = await api.invoke('members.add', {
        committeeId,
        ...fieldsOf(draft),
      });
      setDraft(emptyDraft());
      onAdded(member, token, expiresAt);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="panel member-add">
      <form onSubmit={submit} aria-labelledby="add-member">
        <h3 id="add-member">{t('members.add')}</h3>
        <MemberFields
          value={draft}
          onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
          nameRef={nameInput}
        />
        <ErrorMessage message={error} />
        <button type="submit" disabled={busy}>
          {t('members.add')}
        </button>
      </form>
      {issued && (
        <InvitePanel
          name={issued.name}
          token={issued.token}
          message={issued.message}
          onHide={() => {
            onHideIssued();
            nameInput.current?.focus();
          }}
        />
      )}
    </div>
  );
}
