import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSession } from '../app/session-context';
import { PageHeader } from './components';

/** A mailed link whose full screen is not built yet: says what it is and offers to sign in. */
export function Placeholder({ what }: { what: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const signedIn = useSession().status === 'signed-in';
  return (
    <div className="page page--narrow">
      <PageHeader title={t('placeholder.title', { what })} />
      <p>{t('placeholder.body')}</p>
      {signedIn ? (
        <Link className="btn btn--secondary" to="/rooms">
          {t('placeholder.home')}
        </Link>
      ) : (
        <Link className="btn" to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
          {t('placeholder.signIn')}
        </Link>
      )}
    </div>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="page page--narrow">
      <PageHeader title={t('notFound.title')} />
      <p>{t('notFound.body')}</p>
      <Link className="btn btn--secondary" to="/">
        {t('notFound.home')}
      </Link>
    </div>
  );
}
