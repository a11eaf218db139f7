import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Api, Session } from '../../shared/api';
import { connectApi, forgetToken } from './api';
import { Ctx } from './context';
import { LANGUAGES, setLanguage, type Language } from './i18n';
import { parseRoute, useRoute } from './router';
import { MeetingScreen } from './screens/MeetingScreen';
import { NetworkNotice } from './components/NetworkNotice';
import { describeError } from './errors';

// The meeting (the editor) is in the main bundle: an invitation opens on it, and loading it as a
// chunk of its own after the session made the editor editable 0.3–0.5 s later (bench/startup.ts).
// The other screens are chunks of their own, loaded when first shown (the partnership screen's
// charts, the register, the committee screens).
const screens = {
  committees: () => import('./screens/CommitteesScreen').then((m) => ({ default: m.CommitteesScreen })),
  committee: () => import('./screens/CommitteeScreen').then((m) => ({ default: m.CommitteeScreen })),
  register: () => import('./screens/RegisterScreen').then((m) => ({ default: m.RegisterScreen })),
  partnership: () => import('./screens/PartnershipScreen').then((m) => ({ default: m.PartnershipScreen })),
  member: () => import('./screens/MemberPageScreen').then((m) => ({ default: m.MemberPageScreen })),
};
// The screen the app opens on is fetched now, while the session is being checked.
const opening = parseRoute(location.hash).name;
if (opening !== 'meeting') void screens[opening]().catch(() => undefined);
const CommitteesScreen = lazy(screens.committees);
const CommitteeScreen = lazy(screens.committee);
const RegisterScreen = lazy(screens.register);
const PartnershipScreen = lazy(screens.partnership);
const MemberPageScreen = lazy(screens.member);

type Boot =
  | { state: 'loading' }
  | { state: 'no-token' }
  | { state: 'bad-token' }
  | { state: 'unreachable'; message: string }
  | { state: 'ready'; api: Api; session: Session };

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((lng: Language) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          aria-pressed={i18n.language === lng}
          onClick={() => setLanguage(lng)}
        >
          {t(`language.${lng}`)}
        </button>
      ))}
    </div>
  );
}

export function App() {
  const { t } = useTranslation();
  const [api] = useState(connectApi);
  const [boot, setBoot] = useState<Boot>(api ? { state: 'loading' } : { state: 'no-token' });
  const route = useRoute();

  useEffect(() => {
    if (!api) return;
    api.session().then(
      (session) => setBoot({ state: 'ready', api, session }),
      (err: unknown) => {
        if ((err as { code?: string }).code === 'unauthorized') {
          forgetToken();
          setBoot({ state: 'bad-token' });
        } else {
          setBoot({ state: 'unreachable', message: describeError(err) });
        }
      },
    );
  }, [api]);

  let body;
  if (boot.state === 'loading') body = <p aria-busy="true">{t('common.loading')}</p>;
  else if (boot.state === 'no-token') body = <p className="notice">{t('session.noToken')}</p>;
  else if (boot.state === 'unreachable')
    body = (
      <div className="notice" role="alert">
        <p>{t('common.error', { message: boot.message })}</p>
        <button type="button" onClick={() => location.reload()}>
          {t('common.retry')}
        </button>
      </div>
    );
  else if (boot.state === 'bad-token')
    body = (
      <p className="notice" role="alert">
        {t('session.badToken')}
      </p>
    );
  else {
    body = (
      <Ctx.Provider value={{ api: boot.api, session: boot.session }}>
        <NetworkNotice />
        <Suspense fallback={<p aria-busy="true">{t('common.loading')}</p>}>
          {route.name === 'committees' && <CommitteesScreen />}
          {route.name === 'committee' && <CommitteeScreen id={route.id} />}
          {route.name === 'meeting' && <MeetingScreen id={route.id} />}
          {route.name === 'register' && <RegisterScreen id={route.id} />}
          {route.name === 'partnership' && <PartnershipScreen id={route.id} />}
          {route.name === 'member' && <MemberPageScreen committeeId={route.id} memberId={route.memberId} />}
        </Suspense>
      </Ctx.Provider>
    );
  }
  const who = boot.state === 'ready' ? boot.session.caller : null;

  return (
    <>
      <a className="skip" href="#main">
        {t('nav.main')}
      </a>
      <header className="top">
        <a className="brand" href="#/">
          {t('app.name')}
        </a>
        <span className="tagline">{t('app.tagline')}</span>
        <span className="spacer" />
        {who && (
          <span className="whoami" data-testid="whoami">
            {who.kind === 'owner' ? t('session.host') : `${who.name} · ${t(`role.${who.role}`)}`}
          </span>
        )}
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        {body}
      </main>
    </>
  );
}
