import { notifyManager, type QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { ApiError } from '../../../api/errors';
import { api } from '../../../api/http';
import type { IeumSocket } from '../../../api/socket';
import type { MessageView, SendMessagePayload } from '../../../api/types';
import { mergeMessages, roomKeys, type Timeline } from './timeline';

/**
 * Messages this tab is sending and has no answer for yet, or whose send failed. This is the
 * client's own state, not the server's: once the server has a message (the ack, or
 * `messages.created`, whichever comes first) it lives in the timeline and leaves the outbox. A
 * retry sends the same clientMessageId, which the server answers with the message it already
 * stored, so a retry never doubles a message.
 */
export interface PendingMessage {
  clientMessageId: string;
  roomId: string;
  threadRootId: string | null;
  body: string;
  fileIds: string[];
  files: Array<{ id: string; name: string; size: number }>;
  status: 'sending' | 'failed';
  error: ApiError | null;
}

const ACK_TIMEOUT_MS = 15_000;

let items: PendingMessage[] = [];
const listeners = new Set<() => void>();

function set(next: PendingMessage[]): void {
  items = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePending(): PendingMessage[] {
  return useSyncExternalStore(subscribe, () => items);
}

function update(clientMessageId: string, change: Partial<PendingMessage>): void {
  set(items.map((item) => (item.clientMessageId === clientMessageId ? { ...item, ...change } : item)));
}

export function discard(clientMessageId: string): void {
  set(items.filter((item) => item.clientMessageId !== clientMessageId));
}

/** A message the server has (announced to the room, or acknowledged): out of the outbox. */
export function settled(message: MessageView): void {
  if (message.clientMessageId && items.some((item) => item.clientMessageId === message.clientMessageId))
    discard(message.clientMessageId);
}

/** The server acknowledged a send: into its timeline (merged by id, whichever of ack and broadcast comes first), out of the outbox. */
export function delivered(queryClient: QueryClient, message: MessageView): void {
  const key = roomKeys.timeline(message.roomId, message.threadRootId);
  notifyManager.batch(() => {
    queryClient.setQueryData<Timeline>(key, (t) =>
      t && !t.hasNewer ? { ...t, messages: mergeMessages(t.messages, [message]) } : t,
    );
    settled(message);
  });
}

function emitSend(socket: IeumSocket, item: PendingMessage): Promise<MessageView> {
  const payload: SendMessagePayload = { roomId: item.roomId, clientMessageId: item.clientMessageId, body: item.body };
  if (item.threadRootId) payload.threadRootId = item.threadRootId;
  if (item.fileIds.length > 0) payload.fileIds = item.fileIds;
  return new Promise((resolve, reject) => {
    socket.timeout(ACK_TIMEOUT_MS).emit('message.send', payload, (timedOut, reply) => {
      if (timedOut) reject(ApiError.network());
      else if (reply.ok) resolve(reply.data);
      else reject(new ApiError(reply.error));
    });
  });
}

async function transmit(queryClient: QueryClient, socket: IeumSocket | null, item: PendingMessage): Promise<void> {
  try {
    // Over the socket when it is up (the ack comes after the commit); over HTTP otherwise. Both
    // are idempotent on the clientMessageId.
    const message =
      socket?.connected === true
        ? await emitSend(socket, item)
        : await api<MessageView>(`/rooms/${item.roomId}/messages`, {
            method: 'POST',
            body: {
              clientMessageId: item.clientMessageId,
              body: item.body,
              ...(item.threadRootId ? { threadRootId: item.threadRootId } : {}),
              ...(item.fileIds.length ? { fileIds: item.fileIds } : {}),
            },
          });
    delivered(queryClient, message);
  } catch (error) {
    if (!items.some((i) => i.clientMessageId === item.clientMessageId)) return;
    update(item.clientMessageId, { status: 'failed', error: error instanceof ApiError ? error : ApiError.network() });
  }
}

export function send(
  queryClient: QueryClient,
  socket: IeumSocket | null,
  input: Omit<PendingMessage, 'clientMessageId' | 'status' | 'error'>,
): void {
  const item: PendingMessage = { ...input, clientMessageId: crypto.randomUUID(), status: 'sending', error: null };
  set([...items, item]);
  void transmit(queryClient, socket, item);
}

export function retry(queryClient: QueryClient, socket: IeumSocket | null, clientMessageId: string): void {
  const item = items.find((i) => i.clientMessageId === clientMessageId);
  if (!item) return;
  update(clientMessageId, { status: 'sending', error: null });
  void transmit(queryClient, socket, { ...item, status: 'sending' });
}

/** After a reconnect: what failed for want of a connection goes again, with the same ids. */
export function retryFailedSends(queryClient: QueryClient, socket: IeumSocket): void {
  for (const item of items)
    if (item.status === 'failed' && item.error?.code === 'NETWORK') retry(queryClient, socket, item.clientMessageId);
}
