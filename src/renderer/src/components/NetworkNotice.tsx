import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../context';

/** Whether an address (http://HOST:PORT) is this computer only. */
export const isLoopback = (base: string): boolean => {
  try {
    const host = new URL(base).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
};

/**
 * Tells the host that the meetings hosted here are open to the local network, and at which
 * addresses others reach them. Shown to the host only, and only while it is so (the desktop app's
 * File › Let others on this network join, or a hub started with `--host 0.0.0.0`).
 */
export function NetworkNotice() {
  const { t } = useTranslation();
  const { session } = useApp();
  const headingId = useId();
  if (session.caller.kind !== 'owner') return null;
  const open = session.inviteBaseUrls.filter((base) => !isLoopback(base));
  if (!open.length) return null;
  return (
    <section className="notice network-notice" aria-labelledby={headingId} data-testid="network-notice">
      <h2 id={headingId}>{t('network.title')}</h2>
      <ul>
        {open.map((base) => (
          <li key={base}>
            {t('network.at')} <code>{base}</code>
          </li>
        ))}
      </ul>
      <p>{t('network.howToInvite')}</p>
      {window.api && <p>{t('network.howToStop')}</p>}
    </section>
  );
}
