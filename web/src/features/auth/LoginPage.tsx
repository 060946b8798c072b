import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { errorText } from '../../api/errors';
import { authOptions, signIn } from '../../api/session';
import { useSession } from '../../app/session-context';
import { Alert, Button, TextField, useDocumentTitle } from '../../ui/components';
import { LanguageSwitch } from '../../ui/LanguageSwitch';
import './login.css';

/** Where to go after signing in: only a path of this origin, never another site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/rooms';
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('auth.title'));
  const state = useSession();
  const [params] = useSearchParams();
  const [login, setLogin] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  const reason = params.get('reason');
  const ssoHint = useId();
  const options = useQuery({ queryKey: ['auth-options'], queryFn: authOptions, staleTime: 5 * 60_000, retry: 1 });
  const sso = options.data?.sso === true;
  // Until the server says, nothing; if it cannot be asked, the password form (the embedded default).
  const password = options.data ? options.data.password : options.isError;

  if (state.status === 'signed-in') return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!login.trim() || !secret) {
      setError(t('auth.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(login.trim(), secret);
    } catch (caught) {
      setError(errorText(caught, i18n.language));
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <header className="login__top">
        <span className="login__brand">
          <img src="/favicon.svg" alt="" width={32} height={32} /> {t('app.name')}
        </span>
        <LanguageSwitch />
      </header>
      <main id="main" className="login__main">
        <div className="card login__card">
          <h1>{t('auth.title')}</h1>
          <p className="subtle">{t('app.tagline')}</p>
          {reason === 'REFRESH_TOKEN_REUSED' && <Alert tone="warning">{t('auth.reused')}</Alert>}
          {reason === 'SIGNED_OUT' && <Alert tone="info">{t('auth.signedOutElsewhere')}</Alert>}
          {error && (
            <Alert tone="danger" live>
              {error}
            </Alert>
          )}
          {sso && (
            <div className="login__sso">
              {/* A navigation to the server, which sends the browser on to the provider. */}
              <a
                className="btn btn--block"
                href={`/auth/sso/start?next=${encodeURIComponent(next)}`}
                aria-describedby={ssoHint}
              >
                {t('auth.sso')}
              </a>
              <p id={ssoHint} className="subtle">
                {password ? t('auth.ssoHint') : `${t('auth.ssoOnly')} ${t('auth.ssoHint')}`}
              </p>
            </div>
          )}
          {password && (
            <>
              {sso && <h2 className="login__or">{t('auth.or')}</h2>}
              <form onSubmit={(event) => void submit(event)} noValidate>
                <TextField
                  label={t('auth.login')}
                  name="login"
                  autoComplete="username"
                  value={login}
                  onChange={(e) => setLogin(e.target.value)}
                  required
                  autoFocus={!sso}
                />
                <TextField
                  label={t('auth.password')}
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  value={secret}
                  onChange={(e) => setSecret(e.target.value)}
                  required
                />
                <Button type="submit" variant={sso ? 'secondary' : 'primary'} block disabled={busy}>
                  {busy ? t('auth.submitting') : t('auth.submit')}
                </Button>
              </form>
              <p className="subtle login__demo">{t('auth.demo')}</p>
            </>
          )}
        </div>
      </main>
    </div>
  );
}
