import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { hasControlCharacters } from '../common/control-characters.js';
import type { Principal } from '../identity/identity.types.js';
import type { MessageEntity } from './message.entity.js';
import { MessageViewService } from './message-views.service.js';
import { MessageRepository, type ReadReceipt } from './message.repository.js';
import { MessengerException } from './messenger.exception.js';
import { MAX_CHANGES_PAGE, MAX_PAGE } from './messenger.types.js';
import { RealtimePublisher } from './realtime/realtime.publisher.js';
import type { ChangesPage, MessageView } from './realtime/socket-events.js';
import { RoomRepository } from './room.repository.js';
import { RoomService } from './room.service.js';

/** Reading messages: one message, a room's pages and change feed, read markers and receipts, and search. */
@Injectable()
export class MessageReadService {
  constructor(
    private readonly rooms: RoomRepository,
    private readonly messages: MessageRepository,
    private readonly roomService: RoomService,
    private readonly realtime: RealtimePublisher,
    private readonly access: AccessService,
    private readonly messageViews: MessageViewService,
  ) {}

  /** One message, for a link to it (a digest mail, a search hit): its seq and thread place the history around it. */
  async get(principal: Principal, messageId: string): Promise<MessageView> {
    const message = await this.readable(principal, messageId);
    const [view] = await this.messageViews.views([message]);
    if (!view) throw MessengerException.messageNotFound();
    return view;
  }

  async page(
    principal: Principal,
    roomId: string,
    query: { before?: string; after?: string; limit?: number; threadRootId?: string },
  ): Promise<MessageView[]> {
    await this.roomService.access(principal, roomId);
    const rows = await this.messages.page({
      roomId,
      ...query,
      limit: Math.min(Math.max(query.limit ?? 50, 1), MAX_PAGE),
    });
    return this.messageViews.views(rows);
  }

  /**
   * The room's change feed: the messages changed after `after`, in change order, each as it is
   * now. The room's last number is read first and the page stops there, so a change that commits
   * meanwhile is left for the next page rather than skipped: numbers commit in order.
   */
  async changes(principal: Principal, roomId: string, query: { after?: string; limit?: number }): Promise<ChangesPage> {
    await this.roomService.access(principal, roomId);
    const upTo = (await this.rooms.lastChangeSeq(roomId)) ?? '0';
    const limit = Math.min(Math.max(query.limit ?? MAX_CHANGES_PAGE, 1), MAX_CHANGES_PAGE);
    const rows = await this.messages.changedSince(roomId, query.after ?? '0', upTo, limit + 1);
    const page = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    const last = page[page.length - 1];
    return {
      roomId,
      changes: await this.messageViews.views(page),
      lastChangeSeq: hasMore && last ? String(last.changeSeq) : maxSeq(upTo, query.after ?? '0'),
      hasMore,
    };
  }

  async markRead(principal: Principal, roomId: string, seq: string): Promise<string> {
    await this.roomService.access(principal, roomId);
    const lastReadSeq = (await this.rooms.markRead(roomId, principal.userId, seq)) ?? '0';
    this.realtime.toRoom(roomId, 'read.updated', { roomId, userId: principal.userId, lastReadSeq });
    return lastReadSeq;
  }

  /** "Read by N of M": the other members whose read marker has passed the message. */
  async receipt(principal: Principal, messageId: string): Promise<ReadReceipt> {
    const message = await this.readable(principal, messageId);
    const [readers, members] = await Promise.all([
      this.messages.readers(message.roomId, message.seq, message.senderId),
      this.rooms.countMembers(message.roomId),
    ]);
    const memberCount =
      members - (message.senderId && (await this.rooms.membership(message.roomId, message.senderId)) ? 1 : 0);
    return { messageId, readCount: readers.length, memberCount, readers };
  }

  async search(principal: Principal, term: string, roomId?: string): Promise<MessageView[]> {
    const clean = term.normalize('NFKC').trim();
    if (hasControlCharacters(clean)) throw MessengerException.controlCharacters('q');
    if ([...clean].length < 2) {
      throw MessengerException.invalidMessage({
        en: 'Search for at least two characters.',
        ko: '두 글자 이상 입력하세요.',
      });
    }
    if (roomId) await this.roomService.access(principal, roomId);
    return this.messageViews.views(await this.messages.search(principal.userId, clean, 50, roomId));
  }

  /** The message, when the message policy lets this person read it; anyone else hears it is not found (a database failure stays one). */
  private async readable(principal: Principal, messageId: string): Promise<MessageEntity> {
    await this.access.requireAccess(principal, 'message.read', messageId);
    const message = await this.messages.findById(messageId);
    if (!message) throw MessengerException.messageNotFound();
    return message;
  }
}

function maxSeq(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}
