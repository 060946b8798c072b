import { useTranslation } from 'react-i18next';
import { Placeholder } from '../../ui/Placeholder';

/** The page an outside guest's invitation opens (no account). Lazy-loaded on its own. */
export function Component() {
  const { t } = useTranslation();
  return <Placeholder what={t('nav.meetings')} />;
}
