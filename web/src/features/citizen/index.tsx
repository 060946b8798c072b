import { Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { NotFound, Placeholder } from '../../ui/Placeholder';

/** The public consultation pages: their own chunk, no staff code inside. */
export function Component() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route index element={<Placeholder what={t('nav.consultations')} />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
