import { useTranslation } from 'react-i18next';
import { Route, Routes, useMatch, useParams } from 'react-router';
import { NotFound } from '../../ui/Placeholder';
import { useRoomRealtime } from './room/realtime';
import { RoomScreen } from './room/RoomScreen';
import { Sidebar } from './sidebar/Sidebar';
import './messenger.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function RoomRoute() {
  const { roomId = '' } = useParams();
  if (!UUID.test(roomId)) return <NotFound />;
  // A room of its own state: switching rooms starts the screen afresh.
  return <RoomScreen key={roomId} roomId={roomId} />;
}

/** The messenger: the room list beside the open room (lazy-loaded by web/src/routes.tsx at /rooms/*). */
export function Component() {
  const { t } = useTranslation();
  const roomOpen = useMatch('/rooms/:roomId') !== null;
  useRoomRealtime();
  return (
    <div className={`messenger${roomOpen ? ' messenger--room' : ''}`}>
      <Sidebar />
      <Routes>
        <Route index element={<p className="messenger__empty subtle">{t('nav.messenger')}</p>} />
        <Route path=":roomId" element={<RoomRoute />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </div>
  );
}
