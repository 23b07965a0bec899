import { useState } from 'preact/hooks';
import type { AuthConfig } from '../auth/oidc';
import { startOidcSignIn } from '../auth/oidc';
import { signIn, tokenExpiry, type SessionEnd } from '../auth/session';
import { useMessages } from '../i18n/i18n';

/** Embedded mode: paste a token. OIDC mode: leave for the agency's identity provider. */
export function SignInPage({ config, ended }: { config: AuthConfig | undefined; ended: SessionEnd | undefined }) {
  const t = useMessages();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const reason = {
    expired: t.signIn.expired,
    'signed-out': t.signIn.signedOut,
    'link-failed': t.signIn.linkFailed,
    'oidc-failed': t.signIn.oidcFailed,
  }[ended ?? 'signed-out'];

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const candidate = token.trim();
    try {
      const response = await fetch('/me', { headers: { authorization: `Bearer ${candidate}` } });
      if (!response.ok) throw new Error(String(response.status));
      signIn({ token: candidate, expiresAt: tokenExpiry(candidate), mode: 'embedded' });
    } catch {
      setError(t.signIn.tokenRejected);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>{t.signIn.title}</h1>
      <p class="tagline">{t.app.tagline}</p>
      {ended && (
        <p class="notice" role="status">
          {reason}
        </p>
      )}
      {config?.mode === 'oidc' ? (
        config.clientId ? (
          <button type="button" class="primary" onClick={() => void startOidcSignIn(config).catch(() => setError(t.signIn.oidcFailed))}>
            {t.signIn.oidc}
          </button>
        ) : (
          <p class="problem" role="alert">
            {t.signIn.oidcMissing}
          </p>
        )
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <label for="token">{t.signIn.tokenLabel}</label>
          <textarea
            id="token"
            name="token"
            rows={5}
            autocomplete="off"
            spellcheck={false}
            required
            value={token}
            onInput={(event) => setToken(event.currentTarget.value)}
            aria-describedby="token-help"
          />
          <p id="token-help" class="help">
            {t.signIn.tokenHelp}
          </p>
          <button type="submit" class="primary" disabled={busy || token.trim() === ''}>
            {t.signIn.submit}
          </button>
        </form>
      )}
      {error && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
