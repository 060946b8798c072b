import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../ui/components';
import { useSession } from './session-context';

/** Staff screens: an unknown session waits for the first refresh, a signed-out one goes to sign-in and comes back. */
export function RequireSession() {
  const state = useSession();
  const location = useLocation();
  if (state.status === 'unknown') {
    return (
      <main className="page" id="main">
        <Loading />
      </main>
    );
  }
  if (state.status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    return (
      <Navigate
        to={`/login?next=${encodeURIComponent(next)}${state.reason ? `&reason=${state.reason}` : ''}`}
        replace
      />
    );
  }
  return <Outlet />;
}
