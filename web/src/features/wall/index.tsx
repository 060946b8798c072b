import { Route, Routes } from 'react-router';
import { NotFound } from '../../ui/Placeholder';
import './texts';
import { ReportsPage } from './ReportsPage';
import { WallPage } from './WallPage';
import './wall.css';

/** Walls, 담벼락 (lazy-loaded by web/src/routes.tsx at /wall/*): a wall's feeds, and the moderators' reports. */
export function Component() {
  return (
    <Routes>
      <Route index element={<WallPage />} />
      <Route path="reports" element={<ReportsPage />} />
      <Route path=":wallId" element={<WallPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
