import './texts';
import './meetings.css';
import { Route, Routes } from 'react-router';
import { NotFound } from '../../ui/Placeholder';
import { JoinMeeting } from './JoinMeeting';
import { MeetingDetail } from './MeetingDetail';
import { MeetingList } from './MeetingList';
import { ScheduleMeeting } from './ScheduleMeeting';
import { WeekCalendar } from './WeekCalendar';

/** The meetings screens (lazy-loaded by web/src/routes.tsx at /meetings/*). */
export function Component() {
  return (
    <Routes>
      <Route index element={<MeetingList />} />
      <Route path="calendar" element={<WeekCalendar />} />
      <Route path="new" element={<ScheduleMeeting />} />
      <Route path=":id" element={<MeetingDetail />} />
      <Route path=":id/join" element={<JoinMeeting />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
