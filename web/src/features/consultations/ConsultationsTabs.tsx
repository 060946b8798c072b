import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useConsultationRoles } from './api';

/** The consultation screens a person may use, as tabs under the page heading. */
export function ConsultationsTabs() {
  const { t } = useTranslation('consultations');
  const { staff, admin } = useConsultationRoles();
  const tabs = [
    ...(staff ? [{ to: '/consultations', label: t('tabs.bookings'), end: true }] : []),
    ...(staff ? [{ to: '/consultations/schedule', label: t('tabs.schedule') }] : []),
    ...(staff ? [{ to: '/consultations/book', label: t('tabs.book') }] : []),
    ...(admin ? [{ to: '/consultations/agency', label: t('tabs.agency') }] : []),
  ];
  if (tabs.length < 2) return null;
  return (
    <nav className="consult-tabs" aria-label={t('tabs.label')}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.end}>
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
