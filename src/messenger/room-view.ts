import type { RoomView } from './realtime/socket-events.js';
import type { RoomEntity } from './room.entity.js';

export function roomView(
  room: Pick<RoomEntity, 'id' | 'kind' | 'name' | 'topic' | 'archivedAt' | 'lastChangeSeq'> &
    Partial<Pick<RoomEntity, 'invitePolicy'>>,
): RoomView {
  // A room just inserted may not have read its default back.
  return {
    id: room.id,
    kind: room.kind,
    name: room.name,
    topic: room.topic,
    archived: room.archivedAt !== null,
    invitePolicy: room.invitePolicy ?? 'managers',
    lastChangeSeq: String(room.lastChangeSeq ?? '0'),
  };
}
