import { useMemo } from 'react';
import type { RoomMemberView } from './types';

export interface Person {
  displayName: string;
  login: string;
  agencyName: string | null;
}

/**
 * The room's people by id, as one object that changes only when who is in the room or what they
 * are called changes, not when a read marker moves (which happens with every message read), so the
 * messages on screen are not drawn again for it.
 */
export function usePeople(members: RoomMemberView[] | undefined): { people: Map<string, Person>; key: string } {
  const key = (members ?? [])
    .map((m) => `${m.userId}\u0000${m.login}\u0000${m.displayName}\u0000${m.agencyName ?? ''}`)
    .join('\u0001');
  const people = useMemo(
    () =>
      new Map(
        (members ?? []).map((m) => [
          m.userId,
          { displayName: m.displayName, login: m.login, agencyName: m.agencyName },
        ]),
      ),
    [key],
  );
  return { people, key };
}
