import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';

/** The list and the week calendar, and scheduling: the top of both meeting views. */
export function MeetingsTabs() {
  const { t } = useTranslation('meetings');
  return (
    <div className="meetings-tabs">
      <nav aria-label={t('tabs.label')}>
        <ul>
          <li>
            <NavLink to="/meetings" end>
              {t('tabs.list')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/meetings/calendar">{t('tabs.calendar')}</NavLink>
          </li>
        </ul>
      </nav>
      <Link className="btn" to="/meetings/new">
        {t('actions.schedule')}
      </Link>
    </div>
  );
}
