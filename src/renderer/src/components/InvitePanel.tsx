import QRCode from 'qrcode';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../context';
import '../committee.css';

/** The invitation link for a token at a base address (http://HOST:PORT). */
export const inviteLink = (base: string, token: string): string =>
  `${base.replace(/\/+$/, '')}/#token=${encodeURIComponent(token)}`;

/**
 * A freshly issued invitation: the link at each address the host can be reached at, as text to
 * copy and as a QR code to scan. The token is never shown again once this is hidden.
 */
export function InvitePanel({
  name,
  token,
  message,
  onHide,
}: {
  name: string;
  token: string;
  /** What just happened ("… was added", "New invitation link for …"). */
  message: string;
  onHide: () => void;
}) {
  const { t } = useTranslation();
  const { session } = useApp();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // Take the keyboard and the screen reader to the link as soon as it appears.
  useEffect(() => heading.current?.focus(), [token]);
  const bases = session.inviteBaseUrls.length ? session.inviteBaseUrls : [location.origin];
  return (
    <section className="invite-panel" aria-labelledby={headingId} data-testid="invite">
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {t('members.inviteTitle', { name })}
      </h3>
      <p>{message}</p>
      {bases.length > 1 && <p className="hint">{t('members.linkAtHint')}</p>}
      {bases.map((base, i) => (
        <InviteLink
          key={base}
          name={name}
          link={inviteLink(base, token)}
          label={
            bases.length > 1
              ? t('members.linkAt', { name, index: i + 1, count: bases.length, address: base })
              : t('members.link', { name })
          }
        />
      ))}
      <button type="button" className="committee-secondary" onClick={onHide}>
        {t('members.hideInvite')}
      </button>
    </section>
  );
}

function InviteLink({ name, link, label }: { name: string; link: string; label: string }) {
  const { t } = useTranslation();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [qr, setQr] = useState<{ link: string; src: string } | null>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    let live = true;
    QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then(
      (svg) => live && setQr({ link, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` }),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [link]);

  async function copyLink() {
    try {
      // The clipboard API needs a secure context; a hub reached at http://192.168.… is not one.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setCopy('copied');
    } catch {
      input.current?.select();
      setCopy(document.execCommand('copy') ? 'copied' : 'failed');
    }
  }

  return (
    <div className="invite-link">
      <div className="invite-text">
        <label htmlFor={inputId}>{label}</label>
        <div className="invite-copy">
          <input
            id={inputId}
            ref={input}
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
            spellCheck={false}
          />
          <button type="button" onClick={() => void copyLink()}>
            {t('members.copyLink')}
          </button>
        </div>
        <p role="status" className={copy === 'failed' ? 'error' : 'ok'}>
          {copy === 'copied' ? t('members.copiedLink') : copy === 'failed' ? t('members.copyFailed') : ''}
        </p>
      </div>
      <figure className="invite-qr">
        {qr?.link === link && (
          <img src={qr.src} alt={t('members.qrAlt', { name })} width={200} height={200} />
        )}
        <figcaption className="hint">{t('members.qrHint')}</figcaption>
      </figure>
    </div>
  );
}
