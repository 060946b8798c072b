import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, matchPath, NavLink, useLocation, useNavigate } from 'react-router';
import { useMe } from '../../../app/session-context';
import { Button, ErrorAlert, Loading } from '../../../ui/components';
import { SearchBox, SearchResults } from '../search/MessageSearch';
import { NewConversationDialog } from './NewConversationDialog';
import { notifyFresh, useNotificationPermission } from './notifications';
import { groupOf, roomLabel, sortRooms, useRooms, type RoomGroup, type RoomSummary } from './rooms';
import { SIDEBAR } from './texts';
import { useTitleBadge } from './titleBadge';
import { useRoomEvents } from './useRoomEvents';
import './sidebar.css';

const GROUPS: RoomGroup[] = ['agency', 'rooms', 'direct'];

/** The room list: agency, group and collaboration rooms, direct messages, with live counts; search; new conversations. */
export function Sidebar() {
  const { t } = useTranslation(SIDEBAR);
  const { t: tCommon } = useTranslation();
  const { data: me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const openRoomId = matchPath('/rooms/:roomId', location.pathname)?.params.roomId ?? null;
  const rooms = useRooms();
  const [dialogOpen, setDialogOpen] = useState(false);
  const [term, setTerm] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const notifications = useNotificationPermission();

  useRoomEvents({
    meId: me?.id,
    openRoomId,
    onFresh: (room, messages) => {
      if (!me) return;
      notifyFresh(room, messages, {
        meId: me.id,
        openRoomId,
        t,
        open: (roomId, messageId) => void navigate(`/rooms/${roomId}?message=${messageId}`),
      });
    },
  });
  useTitleBadge(rooms.data?.reduce((sum, room) => sum + room.unread, 0) ?? 0);
  useEffect(() => {
    // The room screen names the page after its room; the bare list is the messenger.
    if (!openRoomId) document.title = `${tCommon('nav.messenger')} · ${tCommon('app.name')}`;
  }, [openRoomId, tCommon]);

  return (
    <nav className={`messenger__sidebar sidebar${openRoomId ? ' sidebar--room-open' : ''}`} aria-label={t('label')}>
      <Link to="/rooms" className="sidebar__back">
        <span aria-hidden="true">←</span> {t('backToList')}
      </Link>
      <div className="sidebar__main">
        <div className="sidebar__header">
          <h2>{t('heading')}</h2>
          <button
            ref={opener}
            type="button"
            className="btn btn--small"
            onClick={() => setDialogOpen(true)}
            aria-haspopup="dialog"
          >
            {t('newConversation')}
          </button>
        </div>
        <SearchBox onSearch={setTerm} />
        <NotificationSwitch permission={notifications.permission} onEnable={() => void notifications.request()} />
        {term ? (
          <SearchResults term={term} rooms={rooms.data ?? []} onClose={() => setTerm(null)} />
        ) : rooms.isPending ? (
          <Loading label={t('loading')} />
        ) : rooms.isError ? (
          <ErrorAlert error={rooms.error} onRetry={() => void rooms.refetch()} />
        ) : (
          <RoomList rooms={rooms.data} />
        )}
      </div>
      {me && (
        <NewConversationDialog
          open={dialogOpen}
          me={me}
          onClose={() => {
            setDialogOpen(false);
            opener.current?.focus();
          }}
        />
      )}
    </nav>
  );
}

function NotificationSwitch({
  permission,
  onEnable,
}: {
  permission: ReturnType<typeof useNotificationPermission>['permission'];
  onEnable: () => void;
}) {
  const { t } = useTranslation(SIDEBAR);
  const hintId = useId();
  if (permission === 'unsupported' || permission === 'granted') return null;
  if (permission === 'denied') return <p className="sidebar__note subtle">{t('notifications.denied')}</p>;
  return (
    <div className="sidebar__notifications">
      <Button variant="secondary" size="small" onClick={onEnable} aria-describedby={hintId}>
        {t('notifications.enable')}
      </Button>
      <span id={hintId} className="subtle">
        {t('notifications.enableHint')}
      </span>
    </div>
  );
}

function RoomList({ rooms }: { rooms: RoomSummary[] }) {
  const { t } = useTranslation(SIDEBAR);
  if (rooms.length === 0) return <p className="subtle">{t('empty')}</p>;
  return (
    <>
      {GROUPS.map((group) => {
        const members = sortRooms(rooms.filter((room) => groupOf(room) === group));
        return members.length === 0 ? null : <RoomGroupSection key={group} group={group} rooms={members} />;
      })}
    </>
  );
}

function RoomGroupSection({ group, rooms }: { group: RoomGroup; rooms: RoomSummary[] }) {
  const { t } = useTranslation(SIDEBAR);
  const headingId = useId();
  return (
    <section className="room-group" aria-labelledby={headingId}>
      <h3 id={headingId} className="room-group__heading">
        {t(`groups.${group}`)}
      </h3>
      <ul className="room-group__list">
        {rooms.map((room) => (
          <li key={room.id}>
            <RoomLink room={room} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function RoomLink({ room }: { room: RoomSummary }) {
  const { t } = useTranslation(SIDEBAR);
  const { name, detail } = roomLabel(room, t);
  const counts = [
    room.unread > 0 && t('counts.unread', { count: room.unread }),
    room.mentions > 0 && t('counts.mentions', { count: room.mentions }),
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <NavLink
      to={`/rooms/${room.id}`}
      end
      className={`room-link${room.unread > 0 ? ' room-link--unread' : ''}${room.archivedAt ? ' room-link--archived' : ''}`}
    >
      <span className="room-link__label">
        <span className="room-link__name">{name}</span>
        {(detail || room.kind === 'collaboration' || room.archivedAt) && (
          <span className="room-link__detail">
            {[detail, room.kind === 'collaboration' && t('collaboration'), room.archivedAt && t('archived')]
              .filter(Boolean)
              .join(' · ')}
          </span>
        )}
      </span>
      {counts && (
        <span className="room-link__counts">
          {room.mentions > 0 && (
            <span className="badge badge--danger" aria-hidden="true">
              @{room.mentions > 99 ? '99+' : room.mentions}
            </span>
          )}
          {room.unread > 0 && (
            <span className="badge" aria-hidden="true">
              {room.unread > 999 ? '999+' : room.unread}
            </span>
          )}
          <span className="visually-hidden">{counts}</span>
        </span>
      )}
    </NavLink>
  );
}
