import { Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { NotFound, Placeholder } from '../../ui/Placeholder';

/** The wall screens (lazy-loaded by web/src/routes.tsx). */
export function Component() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route index element={<Placeholder what={t('nav.wall')} />} />
      <Route path=":id" element={<Placeholder what={t('nav.wall')} />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
