import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/domain';
import { useApp } from '../context';
import { AppDialog } from './AppDialog';
import { ErrorMessage } from './Field';
import { draftOf, fieldsOf, MemberFields, type MemberDraft } from './MemberForm';
import '../committee.css';
import { describeError } from '../errors';
import { DateField } from './DateField';

export function EditMemberDialog({
  member,
  onClose,
  onSaved,
}: {
  member: Member;
  onClose: () => void;
  onSaved: (m: Member) => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [draft, setDraft] = useState<MemberDraft>(() => draftOf(member));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.invoke('members.update', { id: member.id, ...fieldsOf(draft) }));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <AppDialog
      title={t('members.editTitle', { name: member.name })}
      busy={busy}
      dismissable={false}
      onClose={onClose}
    >
      <form onSubmit={submit}>
        <MemberFields value={draft} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
        <p className="hint">{t('privacy.correctHint')}</p>
        <ErrorMessage message={error} />
        <div className="committee-buttons">
          <button type="submit" disabled={busy}>
            {t('members.saveChanges')}
          </button>
          <button type="button" className="committee-secondary" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </AppDialog>
  );
}

/** Today, as a calendar day in local time (YYYY-MM-DD). */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function LeaveMemberDialog({
  member,
  onClose,
  onLeft,
}: {
  member: Member;
  onClose: () => void;
  onLeft: (m: Member) => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [endDate, setEndDate] = useState(today);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLeft(await api.invoke('members.leave', { id: member.id, endDate }));
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <AppDialog
      title={t('members.leaveTitle', { name: member.name })}
      role="alertdialog"
      busy={busy}
      onClose={onClose}
    >
      <form onSubmit={submit}>
        <p>{t('members.leaveText')}</p>
        <DateField
          label={t('members.leaveDate')}
          value={endDate}
          min={member.startDate ?? undefined}
          onChange={setEndDate}
          required
        />
        <ErrorMessage message={error} />
        <div className="committee-buttons">
          <button type="submit" className="committee-danger-solid" disabled={busy}>
            {t('members.leaveConfirm')}
          </button>
          <button type="button" className="committee-secondary" onClick={onClose} disabled={busy} autoFocus>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </AppDialog>
  );
}
