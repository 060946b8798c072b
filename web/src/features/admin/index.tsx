import { Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { NotFound, Placeholder } from '../../ui/Placeholder';

/** The admin screens (lazy-loaded by web/src/routes.tsx). */
export function Component() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route index element={<Placeholder what={t('nav.admin')} />} />
      <Route path=":id" element={<Placeholder what={t('nav.admin')} />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
