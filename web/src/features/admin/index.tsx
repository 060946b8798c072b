import './texts';
import './admin.css';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { hasRole, useMe } from '../../app/session-context';
import { Alert, ErrorAlert, Loading, PageHeader } from '../../ui/components';
import { NotFound } from '../../ui/Placeholder';
import { useOpenQueueBoard } from './api';
import { AgenciesPage } from './AgenciesPage';
import { ImportPage } from './ImportPage';
import { MailAddressesPage } from './MailAddressesPage';
import { MailboxPage } from './MailboxPage';
import { MailPage } from './MailPage';

/** Administration (lazy-loaded by web/src/routes.tsx at /admin/*): agency and system administrators. */
export function Component() {
  const { t } = useTranslation('admin');
  const { data: me, isPending } = useMe();
  const openQueues = useOpenQueueBoard();
  if (isPending) return <Loading />;
  if (!hasRole(me, 'agency_admin', 'system_admin')) {
    return (
      <div className="page page--narrow">
        <PageHeader title={t('title')} />
        <Alert tone="warning">{t('notAdmin')}</Alert>
      </div>
    );
  }
  const system = hasRole(me, 'system_admin');
  const items = [
    { to: '/admin/agencies', label: t('nav.agencies') },
    { to: '/admin/import', label: t('nav.import') },
    { to: '/admin/mail', label: t('nav.mail') },
    ...(system ? [{ to: '/admin/mailbox', label: t('nav.mailbox') }] : []),
  ];
  return (
    <div className="admin">
      <nav className="admin__nav" aria-label={t('nav.label')}>
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to}>{item.label}</NavLink>
            </li>
          ))}
          {system && (
            <li>
              <button
                type="button"
                className="admin__nav-button"
                onClick={() => openQueues.mutate()}
                disabled={openQueues.isPending}
              >
                {t('nav.queues')}
              </button>
            </li>
          )}
        </ul>
      </nav>
      {openQueues.isError && (
        <div className="page page--narrow">
          <ErrorAlert error={openQueues.error} />
        </div>
      )}
      <Routes>
        <Route index element={<Navigate to="agencies" replace />} />
        <Route path="users/*" element={<Navigate to="/admin/agencies" replace />} />
        <Route path="agencies" element={<AgenciesPage />} />
        <Route path="agencies/:agencyId" element={<AgenciesPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="mail" element={<MailAddressesPage />} />
        <Route path="mailbox" element={<MailboxPage />} />
        <Route path="mailbox/:mailId" element={<MailPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </div>
  );
}
