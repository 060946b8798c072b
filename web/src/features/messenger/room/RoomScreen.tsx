import { useParams } from 'react-router';

/** One room: its timeline, composer and thread panel. */
export function RoomScreen() {
  const { roomId } = useParams();
  return (
    <section className="room" aria-label={roomId}>
      <h1 className="visually-hidden">{roomId}</h1>
    </section>
  );
}
