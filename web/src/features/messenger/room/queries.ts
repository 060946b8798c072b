import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../api/errors';
import { api, apiResponse } from '../../../api/http';
import type { AgencyNode, MessageView, RoomView } from '../../../api/types';
import type { CommandHint, CommandRunView, ReadReceipt, RoomMemberView } from './types';
import { loadAround, loadLatest, roomKeys, withLive, type Timeline } from './timeline';

export function useRoom(roomId: string) {
  return useQuery({
    queryKey: roomKeys.room(roomId),
    queryFn: ({ signal }) => api<RoomView>(`/rooms/${roomId}`, { signal }),
    staleTime: Infinity,
  });
}

/** Who is in the room, with each one's read marker (kept current by `read.updated`). */
export function useMembers(roomId: string) {
  return useQuery({
    queryKey: roomKeys.members(roomId),
    queryFn: ({ signal }) => api<RoomMemberView[]>(`/rooms/${roomId}/members`, { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useMessage(messageId: string | null, initial?: () => MessageView | undefined) {
  return useQuery({
    queryKey: roomKeys.message(messageId ?? ''),
    queryFn: ({ signal }) => api<MessageView>(`/messages/${messageId}`, { signal }),
    enabled: Boolean(messageId),
    staleTime: Infinity,
    initialData: initial,
  });
}

/**
 * A room's history or a thread's. Opened with a linked message (`anchorId`), it loads the pages
 * around that message (for the main history: around its thread's root); otherwise the newest.
 * The socket keeps it current, so it is never refetched on a timer.
 */
export function useTimeline(roomId: string, threadRootId: string | null, anchorId: string | null) {
  const queryClient = useQueryClient();
  const key = roomKeys.timeline(roomId, threadRootId);
  return useQuery({
    queryKey: key,
    queryFn: async ({ signal }): Promise<Timeline> => {
      const anchor = anchorId ? await anchorIn(queryClient, anchorId, threadRootId) : null;
      const loaded =
        anchor && anchor.roomId === roomId
          ? await loadAround(roomId, threadRootId, anchor, signal)
          : await loadLatest(roomId, threadRootId, signal);
      return withLive(queryClient, key, loaded);
    },
    staleTime: Infinity,
    // The merges keep every message held as the same object; structural sharing would compare a
    // history of thousands deep on each change (and, when a page is prepended, copy every message).
    structuralSharing: false,
  });
}

/** The message of this timeline to open around: the linked one, or in the main history its thread's root. */
export async function anchorIn(
  queryClient: ReturnType<typeof useQueryClient>,
  anchorId: string,
  threadRootId: string | null,
): Promise<MessageView | null> {
  const linked = await queryClient
    .fetchQuery({
      queryKey: roomKeys.message(anchorId),
      queryFn: () => api<MessageView>(`/messages/${anchorId}`),
      staleTime: Infinity,
    })
    .catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    });
  if (!linked) return null;
  if (threadRootId) return linked.threadRootId === threadRootId ? linked : null;
  if (!linked.threadRootId) return linked;
  return queryClient.fetchQuery({
    queryKey: roomKeys.message(linked.threadRootId),
    queryFn: () => api<MessageView>(`/messages/${linked.threadRootId}`),
    staleTime: Infinity,
  });
}

export function useCommands() {
  return useQuery({
    queryKey: roomKeys.commands,
    queryFn: ({ signal }) => api<CommandHint[]>('/commands', { signal }),
    staleTime: Infinity,
  });
}

export interface AgencyOption {
  id: string;
  code: string;
  name: string;
  /** How a mention names it: its name without spaces. */
  handle: string;
}

function flatten(nodes: AgencyNode[], into: AgencyOption[] = []): AgencyOption[] {
  for (const node of nodes) {
    into.push({ id: node.id, code: node.code, name: node.name, handle: node.name.replace(/\s+/g, '') });
    flatten(node.children, into);
  }
  return into;
}

export function useAgencies(enabled: boolean) {
  return useQuery({
    queryKey: roomKeys.agencies,
    queryFn: async ({ signal }) => flatten(await api<AgencyNode[]>('/agencies', { signal })),
    staleTime: 30 * 60_000,
    enabled,
  });
}

/** A command of mine: its outcome, also when only I may see it; `command.reply` fills it in live. */
export function useCommandRun(messageId: string, enabled: boolean) {
  const queryClient = useQueryClient();
  const key = roomKeys.commandRun(messageId);
  return useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => {
      const fetched = await api<CommandRunView>(`/commands/runs/${messageId}`, { signal });
      // The reply may have come over the socket while this was on its way.
      const held = queryClient.getQueryData<CommandRunView>(key);
      return held && held.status !== 'running' && fetched.status === 'running' ? held : fetched;
    },
    enabled,
    retry: false,
    staleTime: Infinity,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 3_000 : false),
  });
}

export function useReceipt(messageId: string, enabled: boolean) {
  return useQuery({
    queryKey: roomKeys.receipt(messageId),
    queryFn: ({ signal }) => api<ReadReceipt>(`/messages/${messageId}/receipt`, { signal }),
    enabled,
    staleTime: 0,
  });
}

/** A file's bytes, fetched with the bearer token (never a token in a URL); files never change. */
export function useFileBlob(fileId: string, enabled: boolean) {
  return useQuery({
    queryKey: roomKeys.file(fileId),
    queryFn: async ({ signal }) => (await apiResponse(`/files/${fileId}/content`, { signal })).blob(),
    enabled,
    staleTime: Infinity,
    gcTime: 2 * 60_000,
  });
}
