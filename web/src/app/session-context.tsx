import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api } from '../api/http';
import { session, type SessionState } from '../api/session';
import type { IeumSocket } from '../api/socket';
import type { MeResponse } from '../api/types';
import { setTimeZone } from '../ui/format';

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.get);
}

const SocketContext = createContext<IeumSocket | null>(null);

/** The signed-in person's socket; null outside a session. */
export function useSocket(): IeumSocket | null {
  return useContext(SocketContext);
}

/** Opens the socket while signed in and closes it on sign-out. */
export function SocketProvider({ children }: { children: ReactNode }) {
  const state = useSession();
  const signedIn = state.status === 'signed-in';
  const [socket, setSocket] = useState<IeumSocket | null>(null);
  useEffect(() => {
    if (!signedIn) return;
    // socket.io-client loads with the first staff screen, not with the public pages.
    let opened: IeumSocket | null = null;
    let cancelled = false;
    void import('../api/socket').then(({ openSocket }) => {
      if (cancelled) return;
      opened = openSocket();
      setSocket(opened);
    });
    return () => {
      cancelled = true;
      opened?.disconnect();
      setSocket(null);
    };
  }, [signedIn]);
  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
}

export const meQueryKey = ['me'] as const;

/** The signed-in person (GET /me), and their time zone set for every date shown. */
export function useMe() {
  const signedIn = useSession().status === 'signed-in';
  const query = useQuery({
    queryKey: meQueryKey,
    queryFn: () => api<MeResponse>('/me'),
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });
  useEffect(() => {
    if (query.data) setTimeZone(query.data.timeZone);
  }, [query.data]);
  return query;
}

export function hasRole(me: MeResponse | undefined, ...roles: string[]): boolean {
  return Boolean(me && roles.some((role) => me.roles.includes(role)));
}
