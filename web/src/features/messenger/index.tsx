import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { NotFound } from '../../ui/Placeholder';
import { RoomScreen } from './room/RoomScreen';
import { Sidebar } from './sidebar/Sidebar';
import './messenger.css';

/** The messenger: the room list beside the open room (lazy-loaded by web/src/routes.tsx at /rooms/*). */
export function Component() {
  const { t } = useTranslation();
  return (
    <div className="messenger">
      <Sidebar />
      <Routes>
        <Route index element={<p className="messenger__empty subtle">{t('nav.messenger')}</p>} />
        <Route path=":roomId" element={<RoomScreen />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </div>
  );
}
