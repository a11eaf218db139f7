import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../../shared/api';
import type { BackupInfo } from '../../../shared/storage';
import { useApp } from '../context';
import { useLoad } from '../hooks';
import { AppDialog } from './AppDialog';
import { ErrorMessage } from './Field';
import '../committee.css';
import '../backups.css';

/** An error as the person should read it: a storage problem in their language, else its message. */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.storage) return t(`storage.problem.${err.storage}`);
  return err instanceof Error ? err.message : String(err);
}

function reasonLabel(t: TFunction, reason: BackupInfo['reason']): string {
  const m = /^before-migration-v(\d+)$/.exec(reason);
  if (m) return t('backups.reason.beforeMigration', { version: m[1] });
  return t(`backups.reason.${reason === 'before-restore' ? 'beforeRestore' : reason}`);
}

function size(t: TFunction, bytes: number, lang: string): string {
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  return bytes < 1024 * 1024
    ? t('backups.kb', { size: fmt.format(bytes / 1024) })
    : t('backups.mb', { size: fmt.format(bytes / 1024 / 1024) });
}

/**
 * The workspace's backups (co-chairs and the host): back up now, the list, and (the host only)
 * restore one, after a confirmation that says what it does.
 */
export function BackupsPanel({ onRestored }: { onRestored: () => void }) {
  const { t, i18n } = useTranslation();
  const { api, session } = useApp();
  const isOwner = session.caller.kind === 'owner';
  const [list, reload] = useLoad(() => api.invoke('backups.list', {}), [api]);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<BackupInfo | null>(null);
  const when = (b: BackupInfo) =>
    new Date(b.createdAt).toLocaleString(i18n.language, { dateStyle: 'long', timeStyle: 'short' });

  async function backUpNow() {
    setBusy(true);
    setError(null);
    setStatus(t('backups.creating'));
    try {
      const b = await api.invoke('backups.create', {});
      setStatus(t('backups.created', { when: when(b) }));
      reload();
    } catch (err) {
      setStatus(null);
      setError(t('backups.createFailed', { message: errorText(t, err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel backups" aria-labelledby="backups-title" aria-busy={busy}>
      <h2 id="backups-title">{t('backups.title')}</h2>
      <p className="muted">{t('backups.about')}</p>
      <button type="button" onClick={backUpNow} disabled={busy}>
        {busy ? t('backups.creating') : t('backups.now')}
      </button>
      <p role="status" className="ok">
        {status}
      </p>
      <ErrorMessage message={error} />
      {list.state === 'loading' && <p aria-busy="true">{t('common.loading')}</p>}
      {list.state === 'error' && <ErrorMessage message={t('common.error', { message: list.message })} />}
      {list.state === 'ready' &&
        (list.value.length === 0 ? (
          <p className="empty">{t('backups.empty')}</p>
        ) : (
          <table className="backups-table">
            <caption className="backups-hidden">{t('backups.listLabel')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('backups.when')}</th>
                <th scope="col">{t('backups.why')}</th>
                <th scope="col">{t('backups.size')}</th>
                {isOwner && (
                  <th scope="col">
                    <span className="backups-hidden">{t('backups.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.value.map((b) => (
                <tr key={b.name}>
                  <td>{when(b)}</td>
                  <td>{reasonLabel(t, b.reason)}</td>
                  <td>{size(t, b.bytes, i18n.language)}</td>
                  {isOwner && (
                    <td>
                      <button
                        type="button"
                        className="committee-secondary"
                        disabled={busy}
                        aria-label={t('backups.restoreLabel', { when: when(b) })}
                        onClick={() => setConfirm(b)}
                      >
                        {t('backups.restore')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {confirm && (
        <RestoreDialog
          backup={confirm}
          when={when(confirm)}
          onClose={() => setConfirm(null)}
          onRestored={() => {
            setConfirm(null);
            setError(null);
            setStatus(t('backups.restored', { when: when(confirm) }));
            reload();
            onRestored();
          }}
        />
      )}
    </section>
  );
}

function RestoreDialog({
  backup,
  when,
  onClose,
  onRestored,
}: {
  backup: BackupInfo;
  when: string;
  onClose: () => void;
  onRestored: () => void;
}) {
  const { t } = useTranslation();
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function restore() {
    setBusy(true);
    setError(null);
    try {
      await api.invoke('backups.restore', { name: backup.name });
      onRestored();
    } catch (err) {
      setError(t('backups.restoreFailed', { message: errorText(t, err) }));
      setBusy(false);
    }
  }

  return (
    <AppDialog title={t('backups.confirmTitle', { when })} role="alertdialog" busy={busy} onClose={onClose}>
      <p>{t('backups.confirmText')}</p>
      <p>{t('backups.confirmSafety')}</p>
      {busy && (
        <p role="status" aria-busy="true">
          {t('backups.restoring')}
        </p>
      )}
      <ErrorMessage message={error} />
      <div className="committee-buttons">
        <button type="button" className="committee-danger-solid" onClick={restore} disabled={busy}>
          {t('backups.confirm')}
        </button>
        <button type="button" className="committee-secondary" onClick={onClose} disabled={busy} autoFocus>
          {t('common.cancel')}
        </button>
      </div>
    </AppDialog>
  );
}
