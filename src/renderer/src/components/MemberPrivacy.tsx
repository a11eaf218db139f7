/**
 * A person's rights over their data, on their card: download everything held about them, and
 * erase them (a confirmation that asks for their name, typed).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/domain';
import type { ErasureResult } from '../../../shared/privacy';
import { useApp } from '../context';
import { AppDialog } from './AppDialog';
import { saveFile } from './ExportMenu';
import { ErrorMessage, Field } from './Field';
import '../committee.css';

export function MemberPrivacyActions({
  member,
  mayErase,
  onStatus,
  onErased,
}: {
  member: Member;
  mayErase: boolean;
  onStatus: (message: string) => void;
  onErased: (result: ErasureResult) => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [erasing, setErasing] = useState(false);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      saveFile(await api.invoke('privacy.exportPerson', { memberId: member.id }));
      onStatus(t('privacy.downloaded', { name: member.name }));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="member-actions" role="group" aria-label={t('privacy.title')}>
        <button type="button" className="committee-secondary" disabled={busy} onClick={() => void download()}>
          {t('privacy.download')}
          <span className="committee-sr"> {member.name}</span>
        </button>
        {mayErase && (
          <button
            type="button"
            className="committee-danger"
            data-action="erase"
            onClick={() => setErasing(true)}
          >
            {t('privacy.erase')}
            <span className="committee-sr"> {member.name}</span>
          </button>
        )}
      </div>
      <ErrorMessage message={error} />
      {erasing && (
        <EraseMemberDialog
          member={member}
          onClose={() => setErasing(false)}
          onErased={(r) => {
            setErasing(false);
            onErased(r);
          }}
        />
      )}
    </>
  );
}

const sameName = (a: string, b: string) =>
  a.normalize('NFC').trim().toLocaleLowerCase() === b.normalize('NFC').trim().toLocaleLowerCase();

function EraseMemberDialog({
  member,
  onClose,
  onErased,
}: {
  member: Member;
  onClose: () => void;
  onErased: (r: ErasureResult) => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const matches = sameName(typed, member.name);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!matches) return;
    setBusy(true);
    setError(null);
    try {
      onErased(await api.invoke('privacy.erasePerson', { memberId: member.id, confirmName: typed }));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <AppDialog
      title={t('privacy.eraseTitle', { name: member.name })}
      role="alertdialog"
      busy={busy}
      onClose={onClose}
    >
      <form onSubmit={submit}>
        <p>{t('privacy.eraseText')}</p>
        <p className="hint">{t('privacy.eraseBackups')}</p>
        <Field label={t('privacy.eraseConfirmLabel', { name: member.name })}>
          {(id) => (
            <input
              id={id}
              value={typed}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setTyped(e.target.value)}
              required
            />
          )}
        </Field>
        <ErrorMessage message={error} />
        <div className="committee-buttons">
          <button type="submit" className="committee-danger-solid" disabled={busy || !matches}>
            {t('privacy.eraseConfirm')}
          </button>
          <button type="button" className="committee-secondary" onClick={onClose} disabled={busy} autoFocus>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </AppDialog>
  );
}
