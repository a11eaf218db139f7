/**
 * Where the minutes stand (draft, circulated for review, approved and locked, being amended), in
 * plain words, with the actions the caller may take: the secretary and the co-chairs circulate
 * them or take them back to draft; the co-chairs approve them and record amendments.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/domain';
import type { Approval, MinutesState, MinutesStatus } from '../../../shared/minutes';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { useMinutesState } from '../minutes-state';
import { ErrorMessage, Field } from './Field';
import { AppDialog } from './AppDialog';
import '../minutes.css';
import { describeError } from '../errors';
import { localeOf } from '../i18n';

/** Characters of the fingerprint shown before "show full". */
const SHORT_FINGERPRINT = 12;

export function MinutesStatusBar({
  meetingId,
  committeeId,
  members,
  version,
}: {
  meetingId: string;
  /** The meeting's committee: its meetings are offered as "approved at which meeting". */
  committeeId: string;
  members: Member[];
  /** Bump to check the status at once (it is also checked every few seconds). */
  version?: number;
}) {
  const { t, i18n } = useTranslation();
  const { api, session } = useApp();
  const { state, error: checkError, update } = useMinutesState(meetingId, version);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'approve' | 'amend' | null>(null);
  const [showFull, setShowFull] = useState(false);
  const fingerprintId = useId();

  // Say it when the status changes, whoever changed it (not on the first load).
  const status = state?.status ?? null;
  const [seen, setSeen] = useState<MinutesStatus | null>(status);
  const [changed, setChanged] = useState<MinutesStatus | null>(null);
  if (status !== seen) {
    if (seen !== null && status) setChanged(status);
    setSeen(status);
  }

  const caller = session.caller;
  const canRecord = caller.kind === 'owner' || caller.role === 'co-chair' || caller.role === 'secretary';
  const isCoChair = caller.kind === 'owner' || caller.role === 'co-chair';

  const approval = state?.approvals.at(-1) ?? null;
  const [approvedAt] = useLoad(async () => {
    const id = approval?.approvedAtMeetingId;
    return id ? api.invoke('meetings.get', { id }) : null;
  }, [api, approval?.approvedAtMeetingId]);

  const nameOf = (memberId: string | null) =>
    memberId === null
      ? t('minutesStatus.host')
      : (members.find((m) => m.id === memberId)?.name ?? t('minutesStatus.unknownPerson'));
  const dateTime = (iso: string) =>
    new Intl.DateTimeFormat(localeOf(i18n.language), { dateStyle: 'long', timeStyle: 'short' }).format(
      new Date(iso),
    );
  const day = (iso: string) =>
    new Intl.DateTimeFormat(localeOf(i18n.language), { dateStyle: 'long' }).format(new Date(iso));

  async function act(call: () => Promise<MinutesState>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      update(await call());
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  if (!state) {
    return (
      <section className="ms" aria-label={t('minutesStatus.label')} data-testid="minutes-status">
        {checkError ? (
          <ErrorMessage message={t('minutesStatus.checkError', { message: checkError })} />
        ) : (
          <p aria-busy="true" className="muted">
            {t('minutesStatus.loading')}
          </p>
        )}
      </section>
    );
  }

  const approvedTail = (a: Approval) =>
    t(a.kind === 'amendment' ? 'minutesStatus.tail.approvedAmended' : 'minutesStatus.tail.approved', {
      date: dateTime(a.approvedAt),
      name: nameOf(a.approvedBy),
    });
  const tail =
    state.status === 'approved' && approval
      ? approvedTail(approval)
      : state.status === 'amending'
        ? t('minutesStatus.tail.amending', { reason: state.amendmentReason ?? '' })
        : t(`minutesStatus.tail.${state.status}`);

  const actions = {
    circulate: canRecord && state.status === 'draft',
    reopen: canRecord && state.status === 'circulated',
    approve: isCoChair && state.status !== 'approved',
    amend: isCoChair && state.status === 'approved',
  };
  const anyAction = Object.values(actions).some(Boolean);

  return (
    <section
      className={`ms ms-${state.status}`}
      aria-label={t('minutesStatus.label')}
      data-testid="minutes-status"
      data-status={state.status}
    >
      <div className="ms-text">
        <p className="ms-headline" data-testid="minutes-status-headline">
          <span className="ms-badge">{t(`minutesStatus.status.${state.status}`)}</span>{' '}
          <span className="ms-tail">{tail}</span>
        </p>
        <p className="ms-explain">{t(`minutesStatus.explain.${state.status}`)}</p>

        {state.status === 'approved' && approval && (
          <>
            {approval.kind === 'amendment' && approval.reason && (
              <p className="ms-detail">{t('minutesStatus.amendmentReason', { reason: approval.reason })}</p>
            )}
            {approval.approvedAtMeetingId && approvedAt.state === 'ready' && approvedAt.value && (
              <p className="ms-detail">
                {t('minutesStatus.approvedAt', {
                  title: approvedAt.value.title,
                  date: day(approvedAt.value.startsAt),
                })}
              </p>
            )}
            <div className="ms-fingerprint" data-testid="minutes-fingerprint">
              <span className="ms-fingerprint-label">{t('minutesStatus.fingerprint')}</span>{' '}
              <code id={fingerprintId} className={showFull ? 'ms-hash ms-hash-full' : 'ms-hash'}>
                {showFull ? approval.sha256 : `${approval.sha256.slice(0, SHORT_FINGERPRINT)}…`}
              </code>{' '}
              <button
                type="button"
                className="ms-link"
                aria-expanded={showFull}
                aria-controls={fingerprintId}
                onClick={() => setShowFull((s) => !s)}
              >
                {showFull ? t('minutesStatus.hideFull') : t('minutesStatus.showFull')}
              </button>
              <p className="hint">{t('minutesStatus.fingerprintHint')}</p>
            </div>
          </>
        )}
        {state.status === 'amending' && approval && (
          <p className="ms-detail">
            {t('minutesStatus.lastApproved', {
              date: dateTime(approval.approvedAt),
              name: nameOf(approval.approvedBy),
            })}
          </p>
        )}
      </div>

      {anyAction && (
        <div className="ms-actions" role="group" aria-label={t('minutesStatus.actions')}>
          {actions.circulate && (
            <button
              type="button"
              disabled={busy}
              onClick={() => void act(() => api.invoke('minutes.circulate', { meetingId }))}
            >
              {t('minutesStatus.circulate')}
            </button>
          )}
          {actions.reopen && (
            <button
              type="button"
              className="mx-secondary"
              disabled={busy}
              onClick={() => void act(() => api.invoke('minutes.reopen', { meetingId }))}
            >
              {t('minutesStatus.reopen')}
            </button>
          )}
          {actions.approve && (
            <button type="button" disabled={busy} onClick={() => setDialog('approve')}>
              {t('minutesStatus.approve')}
            </button>
          )}
          {actions.amend && (
            <button type="button" className="mx-secondary" disabled={busy} onClick={() => setDialog('amend')}>
              {t('minutesStatus.amend')}
            </button>
          )}
        </div>
      )}

      <div className="ms-messages">
        <ErrorMessage message={error} />
        {checkError && <ErrorMessage message={t('minutesStatus.checkError', { message: checkError })} />}
        <p role="status" className="mx-sr">
          {changed && t(`minutesStatus.now.${changed}`)}
        </p>
      </div>

      {dialog === 'approve' && (
        <ApproveDialog
          meetingId={meetingId}
          committeeId={committeeId}
          amending={state.status === 'amending'}
          onClose={() => setDialog(null)}
          onApproved={(s) => {
            update(s);
            setDialog(null);
          }}
        />
      )}
      {dialog === 'amend' && (
        <AmendDialog
          meetingId={meetingId}
          onClose={() => setDialog(null)}
          onAmending={(s) => {
            update(s);
            setDialog(null);
          }}
        />
      )}
    </section>
  );
}

function ApproveDialog({
  meetingId,
  committeeId,
  amending,
  onClose,
  onApproved,
}: {
  meetingId: string;
  committeeId: string;
  amending: boolean;
  onClose: () => void;
  onApproved: (s: MinutesState) => void;
}) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const [meetings] = useLoad(async () => {
    const all = await api.invoke('meetings.list', { committeeId });
    return all.filter((m) => m.id !== meetingId).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }, [api, committeeId, meetingId]);
  const [at, setAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const day = (iso: string) =>
    new Intl.DateTimeFormat(localeOf(i18n.language), { dateStyle: 'long' }).format(new Date(iso));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onApproved(
        await api.invoke('minutes.approve', { meetingId, ...(at ? { approvedAtMeetingId: at } : {}) }),
      );
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <AppDialog
      title={t(amending ? 'minutesStatus.approveAmendedTitle' : 'minutesStatus.approveTitle')}
      role="alertdialog"
      busy={busy}
      onClose={onClose}
    >
      <form onSubmit={submit}>
        <p>{t('minutesStatus.approveText')}</p>
        <Field label={t('minutesStatus.approvedAtLabel')} hint={t('minutesStatus.approvedAtHint')}>
          {(id, hintId) => (
            <select
              id={id}
              aria-describedby={hintId}
              value={at}
              onChange={(e) => setAt(e.target.value)}
              disabled={meetings.state !== 'ready'}
            >
              <option value="">{t('minutesStatus.approvedAtNone')}</option>
              {meetings.state === 'ready' &&
                meetings.value.map((m) => (
                  <option key={m.id} value={m.id}>
                    {t('minutesStatus.meetingOption', { title: m.title, date: day(m.startsAt) })}
                  </option>
                ))}
            </select>
          )}
        </Field>
        {meetings.state === 'error' && (
          <ErrorMessage message={t('common.error', { message: meetings.message })} />
        )}
        <ErrorMessage message={error} />
        <div className="mx-buttons">
          <button type="submit" disabled={busy}>
            {t('minutesStatus.approveConfirm')}
          </button>
          <button type="button" className="mx-secondary" onClick={onClose} disabled={busy} autoFocus>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </AppDialog>
  );
}

function AmendDialog({
  meetingId,
  onClose,
  onAmending,
}: {
  meetingId: string;
  onClose: () => void;
  onAmending: (s: MinutesState) => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onAmending(await api.invoke('minutes.amend', { meetingId, reason: reason.trim() }));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <AppDialog title={t('minutesStatus.amendTitle')} busy={busy} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>{t('minutesStatus.amendText')}</p>
        <Field
          label={`${t('minutesStatus.reasonLabel')} (${t('common.required').toLowerCase()})`}
          hint={t('minutesStatus.reasonHint')}
        >
          {(id, hintId) => (
            <textarea
              id={id}
              rows={3}
              maxLength={2000}
              value={reason}
              required
              aria-required="true"
              aria-invalid={missing && !reason.trim()}
              aria-describedby={[hintId, missing && !reason.trim() ? errorId : null]
                .filter(Boolean)
                .join(' ')}
              onChange={(e) => setReason(e.target.value)}
              autoFocus
            />
          )}
        </Field>
        {missing && !reason.trim() && (
          <p className="error" role="alert" id={errorId}>
            {t('minutesStatus.reasonRequired')}
          </p>
        )}
        <ErrorMessage message={error} />
        <div className="mx-buttons">
          <button type="submit" disabled={busy}>
            {t('minutesStatus.amendConfirm')}
          </button>
          <button type="button" className="mx-secondary" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </AppDialog>
  );
}
