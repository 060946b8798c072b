import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { MemoCounts, MemoStatus, MemoStatusRow, MemoView } from '@server/memos/memo.service';
import { api } from '../../api/http';
import type { MemoStatusEvent } from '../../api/types';
import { useSocket } from '../../app/session-context';
import { fetching, refreshAfterEvent } from '../../ui/live-query';

export type { MemoCounts, MemoStatus, MemoStatusRow, MemoView };
export type Box = 'inbox' | 'sent';

export const memoKeys = {
  all: ['memos'] as const,
  list: (box: Box) => ['memos', 'list', box] as const,
  detail: (id: string) => ['memos', 'detail', id] as const,
  status: (id: string) => ['memos', 'status', id] as const,
};

export function useMemoList(box: Box) {
  return useQuery({
    queryKey: memoKeys.list(box),
    queryFn: ({ signal }) => api<MemoView[]>('/memos', { query: { box }, signal }),
  });
}

/** The memo; a recipient's first look marks it read, so the inbox is read again afterwards. */
export function useMemoReport(id: string) {
  const client = useQueryClient();
  return useQuery({
    queryKey: memoKeys.detail(id),
    queryFn: async ({ signal }) => {
      const memo = await api<MemoView>(`/memos/${id}`, { signal });
      if (memo.mine) void client.invalidateQueries({ queryKey: memoKeys.list('inbox') });
      return memo;
    },
  });
}

export function useMemoStatus(id: string, enabled: boolean) {
  return useQuery({
    queryKey: memoKeys.status(id),
    queryFn: ({ signal }) => api<MemoStatus>(`/memos/${id}/status`, { signal }),
    enabled,
  });
}

export function storeMemo(client: QueryClient, memo: MemoView): void {
  client.setQueryData(memoKeys.detail(memo.id), memo);
  void client.invalidateQueries({ queryKey: memoKeys.list(memo.mine ? 'inbox' : 'sent') });
}

function counts(event: MemoStatusEvent): MemoCounts {
  return {
    total: event.total,
    delivered: event.delivered,
    read: event.read,
    acknowledged: event.acknowledged,
    opinions: event.opinions,
  };
}

/**
 * `memo.status` (to the author): the open table takes the changed row and the new counts in place,
 * and so do the memo and the sent list. A reconnect reads everything again, in case events were missed.
 */
export function useMemoLiveUpdates(): void {
  const socket = useSocket();
  const client = useQueryClient();
  useEffect(() => {
    if (!socket) return;
    const changed = (event: MemoStatusEvent) => {
      client.setQueryData<MemoView>(
        memoKeys.detail(event.memoId),
        (memo) => memo && { ...memo, counts: counts(event) },
      );
      client.setQueryData<MemoView[]>(memoKeys.list('sent'), (list) =>
        list?.map((memo) => (memo.id === event.memoId ? { ...memo, counts: counts(event) } : memo)),
      );
      // A table still being read may have been read before this change: read it again once it is in.
      if (fetching(client, memoKeys.status(event.memoId))) {
        refreshAfterEvent(client, memoKeys.status(event.memoId));
        return;
      }
      client.setQueryData<MemoStatus>(memoKeys.status(event.memoId), (status) => {
        if (!status) return status;
        const known = status.rows.some((r) => r.userId === event.changed.userId);
        const rows = known
          ? status.rows.map((r) => (r.userId === event.changed.userId ? event.changed : r))
          : [...status.rows, event.changed];
        return {
          ...status,
          ...counts(event),
          rows,
          missing: rows
            .filter((r) => !r.answered)
            .map((r) => ({ userId: r.userId, displayName: r.displayName, agencyName: r.agencyName })),
        };
      });
    };
    const reconnected = () => void client.invalidateQueries({ queryKey: memoKeys.all });
    socket.on('memo.status', changed);
    socket.io.on('reconnect', reconnected);
    return () => {
      socket.off('memo.status', changed);
      socket.io.off('reconnect', reconnected);
    };
  }, [socket, client]);
}
