import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from './api/client';
import { completeOidcSignIn, keepOidcSessionFresh, oidcSignOut, type AuthConfig } from './auth/oidc';
import { sessionEnded, signIn, tokenExpiry, useSession } from './auth/session';
import { label, setLanguage, useMessages, language } from './i18n/i18n';
import { startLive, stopLive, useLiveRefresh, useLiveStatus } from './live/live-changes';
import { AgreementPage } from './pages/agreement';
import { AuditPage } from './pages/audit';
import { StoreAuditPage } from './pages/audit-store';
import { DashboardPage } from './pages/dashboard';
import { AgreementsPage } from './pages/agreements';
import { DraftPage } from './pages/draft';
import { InboxPage } from './pages/inbox';
import { SignInPage } from './pages/sign-in';
import { NotificationsPage } from './pages/notifications';
import { WorkflowPage } from './pages/workflow';
import { href, replaceRoute, useRoute } from './router';

export type Me = Schemas['MeDto'];

async function exchangeSignInCode(code: string): Promise<void> {
  const { token, expiresAt } = await unwrap(api.POST('/auth/sign-in-links/exchange', { body: { code } }));
  signIn({ token, expiresAt: tokenExpiry(token) ?? Date.parse(expiresAt), mode: 'embedded' });
}

export function App() {
  const route = useRoute();
  const { session, ended } = useSession();
  const [config, setConfig] = useState<AuthConfig | undefined>();
  const [exchanging, setExchanging] = useState(false);
  const t = useMessages();

  useEffect(() => {
    unwrap(api.GET('/auth/config')).then(
      (loaded) => {
        const auth = loaded as AuthConfig;
        setConfig(auth);
        if (auth.mode === 'oidc') {
          keepOidcSessionFresh(auth);
          void completeOidcSignIn(auth);
        }
      },
      () => setConfig({ mode: 'embedded' }),
    );
  }, []);

  // A one-time sign-in link (`npm run token -- --link`): the code is exchanged once, then leaves the URL.
  const code = route.path === '/masuk' ? route.query.get('kode') : null;
  useEffect(() => {
    if (!code) return;
    setExchanging(true);
    replaceRoute('/');
    exchangeSignInCode(code)
      .catch(() => sessionEnded('link-failed'))
      .finally(() => setExchanging(false));
  }, [code]);

  useEffect(() => {
    if (session) startLive();
    else stopLive();
  }, [session]);

  if (exchanging) {
    return (
      <main id="main" class="sign-in">
        <p role="status">{t.signIn.exchanging}</p>
      </main>
    );
  }
  if (!session) return <SignInPage config={config} ended={ended} />;
  return <Shell config={config} />;
}

function Shell({ config }: { config: AuthConfig | undefined }) {
  const t = useMessages();
  const route = useRoute();
  const live = useLiveStatus();
  const [me, setMe] = useState<Me | undefined>();
  const [open, setOpen] = useState<number | undefined>();

  useEffect(() => {
    unwrap(api.GET('/me')).then(setMe, () => undefined);
  }, []);
  const loadCounts = useCallback(() => {
    unwrap(api.GET('/inbox/counts')).then(
      (counts) => setOpen(counts.total),
      () => undefined,
    );
  }, []);
  useEffect(loadCounts, [loadCounts]);
  useLiveRefresh(loadCounts);

  const signOut = () => {
    if (config?.mode === 'oidc') void oidcSignOut(config);
    else sessionEnded('signed-out');
  };
  const page = pageFor(route.path, route.query, me);
  const current = (path: string) => (route.path === path ? 'page' : undefined);

  return (
    <>
      <a class="skip" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}>
        {t.app.skip}
      </a>
      <header class="top">
        <a class="brand" href={href('/')}>
          {t.app.name}
        </a>
        <nav aria-label={t.app.name}>
          <a href={href('/')} aria-current={current('/')}>
            {t.nav.inbox}
            {open !== undefined && (
              <span class="badge" aria-label={t.nav.openItems(open)} data-testid="inbox-badge">
                {open}
              </span>
            )}
          </a>
          <a href={href('/perjanjian')} aria-current={current('/perjanjian')}>
            {t.nav.agreements}
          </a>
          <a href={href('/dasbor')} aria-current={current('/dasbor')}>
            {t.dashboard.nav}
          </a>
          <a href={href('/alur')} aria-current={route.path.startsWith('/alur') ? 'page' : undefined}>
            {t.nav.workflows}
          </a>
          {me && me.roles.some((role) => role === 'AUDITOR' || role === 'ADMIN') && (
            <a href={href('/audit')} aria-current={current('/audit')}>
              {t.storeAudit.nav}
            </a>
          )}
          {me && me.roles.some((role) => role === 'COORDINATOR' || role === 'ADMIN' || role === 'AUDITOR') && (
            <a href={href('/notifikasi')} aria-current={current('/notifikasi')}>
              {t.notifications.nav}
            </a>
          )}
          {me && me.roles.some((role) => role === 'DRAFTER' || role === 'COORDINATOR') && (
            <a href={href('/perjanjian/baru')} aria-current={current('/perjanjian/baru')}>
              {t.nav.draft}
            </a>
          )}
        </nav>
        <div class="account">
          <span class={`live live-${live}`} role="status" aria-live="polite">
            {live === 'live' ? t.common.live : live === 'offline' ? t.common.offline : t.common.loading}
          </span>
          {me && (
            <span class="me" title={me.id}>
              {t.nav.signedInAs} <strong>{me.name}</strong> · {me.agencyId} · {me.roles.map((role) => label(t.roles, role)).join(', ')}
            </span>
          )}
          <label class="language">
            <span class="visually-hidden">{t.nav.language}</span>
            <select value={language()} onChange={(event) => setLanguage(event.currentTarget.value === 'en' ? 'en' : 'id')}>
              <option value="id">Bahasa Indonesia</option>
              <option value="en">English</option>
            </select>
          </label>
          <button type="button" onClick={signOut}>
            {t.nav.signOut}
          </button>
        </div>
      </header>
      {page ?? (
        <main id="main" tabIndex={-1}>
          <p role="status">{t.common.loading}</p>
        </main>
      )}
    </>
  );
}

/** The page of a route; pages that do not need to know who the official is start loading at once. */
function pageFor(path: string, query: URLSearchParams, me: Me | undefined) {
  if (path === '/perjanjian') return <AgreementsPage />;
  if (path === '/dasbor') return <DashboardPage />;
  if (path === '/alur') return <WorkflowPage />;
  if (path === '/audit') return me ? <StoreAuditPage me={me} /> : null;
  if (path === '/notifikasi') return me ? <NotificationsPage me={me} /> : null;
  const workflow = /^\/alur\/([a-z0-9-]+)\/([0-9]+)$/.exec(path);
  if (workflow) return <WorkflowPage key={path} name={workflow[1]} version={workflow[2]} />;
  if (path === '/perjanjian/baru') return me ? <DraftPage me={me} /> : null;
  const audit = /^\/perjanjian\/([0-9a-f-]{36})\/riwayat$/.exec(path);
  if (audit) return <AuditPage key={audit[1]} id={audit[1]!} />;
  const detail = /^\/perjanjian\/([0-9a-f-]{36})$/.exec(path);
  if (detail) return <AgreementPage key={detail[1]} id={detail[1]!} minPosition={query.get('minPosition') ?? undefined} />;
  return <InboxPage me={me} />;
}
