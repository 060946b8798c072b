import './texts';
import './stats.css';
import { Route, Routes } from 'react-router';
import { NotFound } from '../../ui/Placeholder';
import { StatsPage } from './StatsPage';

/** Usage statistics (lazy-loaded by web/src/routes.tsx at /stats/*); /stats/meetings is the same page. */
export function Component() {
  return (
    <Routes>
      <Route index element={<StatsPage />} />
      <Route path="meetings" element={<StatsPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
