import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { signOut } from '../api/session';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { hasRole, useMe, useSocket } from './session-context';
import './shell.css';

/** The frame of every staff screen: skip link, the main menu, the account menu, the connection state. */
export function AppShell() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const online = useConnected();

  useEffect(() => setMenuOpen(false), [location.pathname]);

  const items = [
    { to: '/rooms', label: t('nav.messenger') },
    { to: '/tasks', label: t('nav.tasks') },
    { to: '/memos', label: t('nav.memos') },
    { to: '/wall', label: t('nav.wall') },
    { to: '/meetings', label: t('nav.meetings') },
    ...(hasRole(me, 'complaint_investigator', 'complaint_staff', 'agency_admin', 'system_admin')
      ? [{ to: '/consultations', label: t('nav.consultations') }]
      : []),
    ...(hasRole(me, 'agency_admin', 'system_admin')
      ? [
          { to: '/stats', label: t('nav.stats') },
          { to: '/admin', label: t('nav.admin') },
        ]
      : []),
  ];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="shell__header">
        <NavLink to="/rooms" className="shell__brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </NavLink>
        <button
          type="button"
          className="shell__menu-button btn btn--tertiary btn--small"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t('nav.main')}
        </button>
        <nav id="main-nav" className={`shell__nav${menuOpen ? ' shell__nav--open' : ''}`} aria-label={t('nav.main')}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="shell__account">
          {me && (
            <span className="shell__who">
              <strong>{me.displayName}</strong>
              {me.agency && <span className="subtle"> · {me.agency.name}</span>}
            </span>
          )}
          <LanguageSwitch />
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={() => {
              void signOut().then((providerSignOut) =>
                providerSignOut ? window.location.assign(providerSignOut) : navigate('/login', { replace: true }),
              );
            }}
          >
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      {!online && (
        <div className="shell__offline" role="status">
          {t('error.offline')}
        </div>
      )}
      <main id="main" className="shell__main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

/** Whether the socket is connected; true before it first tries, so a fresh load shows no warning. */
function useConnected(): boolean {
  const socket = useSocket();
  const [connected, setConnected] = useState(true);
  useEffect(() => {
    if (!socket) return;
    let everConnected = socket.connected;
    const up = () => {
      everConnected = true;
      setConnected(true);
    };
    const down = () => everConnected && setConnected(false);
    socket.on('connect', up);
    socket.on('disconnect', down);
    socket.io.on('reconnect_attempt', down);
    return () => {
      socket.off('connect', up);
      socket.off('disconnect', down);
      socket.io.off('reconnect_attempt', down);
    };
  }, [socket]);
  return connected;
}
