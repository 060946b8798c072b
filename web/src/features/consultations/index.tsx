import './texts';
import './consultations.css';
import { Route, Routes } from 'react-router';
import { NotFound } from '../../ui/Placeholder';
import { AgencyPage } from './AgencyPage';
import { BookingsPage } from './BookingsPage';
import { BookPage } from './BookPage';
import { ConsultationDetail } from './ConsultationDetail';
import { SchedulePage } from './SchedulePage';

/** Video consultations, staff side (lazy-loaded by web/src/routes.tsx at /consultations/*). */
export function Component() {
  return (
    <Routes>
      <Route index element={<BookingsPage />} />
      <Route path="schedule" element={<SchedulePage />} />
      <Route path="book" element={<BookPage />} />
      <Route path="agency" element={<AgencyPage />} />
      <Route path=":id" element={<ConsultationDetail />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
