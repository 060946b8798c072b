import { Injectable } from '@nestjs/common';
import { FileRepository } from '../files/file.repository.js';
import { UserRepository } from '../identity/user.repository.js';
import type { MessageEntity } from './message.entity.js';
import { MessageRepository, type StoredPlain } from './message.repository.js';
import type { MessageView } from './realtime/socket-events.js';

/** How stored messages read: senders' names, reactions, mentions and attachments gathered for a page at once. */
@Injectable()
export class MessageViewService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly users: UserRepository,
    private readonly files: FileRepository,
  ) {}

  async views(rows: MessageEntity[]): Promise<MessageView[]> {
    const ids = rows.map((m) => m.id);
    const [senders, reactions, mentions, files] = await Promise.all([
      this.users.findByIds([...new Set(rows.map((m) => m.senderId).filter((id): id is string => id !== null))]),
      this.messages.reactionsOf(ids),
      this.messages.mentionsOf(ids),
      this.files.ofMessages(ids),
    ]);
    const names = new Map(senders.map((u) => [u.id, u.displayName]));
    return rows.map((m) => {
      const grouped = new Map<string, string[]>();
      for (const r of reactions.filter((x) => x.messageId === m.id))
        grouped.set(r.emoji, [...(grouped.get(r.emoji) ?? []), r.userId]);
      return {
        id: m.id,
        roomId: m.roomId,
        seq: String(m.seq),
        changeSeq: String(m.changeSeq),
        senderId: m.senderId,
        senderName: m.senderId ? (names.get(m.senderId) ?? null) : null,
        clientMessageId: m.clientMessageId,
        kind: m.kind,
        body: m.deletedAt ? '' : m.body,
        threadRootId: m.threadRootId,
        replyCount: m.replyCount,
        mentions: mentions.filter((x) => x.messageId === m.id).map((x) => x.userId),
        reactions: [...grouped].map(([emoji, userIds]) => ({ emoji, userIds })),
        attachments: m.deletedAt
          ? []
          : files
              .filter((f) => f.messageId === m.id)
              .map((f) => ({ id: f.id, name: f.name, contentType: f.contentType, size: Number(f.size) })),
        editedAt: m.editedAt?.toISOString() ?? null,
        deletedAt: m.deletedAt?.toISOString() ?? null,
        createdAt: m.createdAt.toISOString(),
      };
    });
  }
}

/** The view of a message just stored by the one-statement path: nothing hangs off it yet. */
export function plainView(m: StoredPlain): MessageView {
  return {
    id: m.id,
    roomId: m.roomId,
    seq: m.seq,
    changeSeq: m.changeSeq,
    senderId: m.senderId,
    senderName: m.senderName,
    clientMessageId: m.clientMessageId,
    kind: m.kind,
    body: m.body,
    threadRootId: null,
    replyCount: 0,
    mentions: [],
    reactions: [],
    attachments: [],
    editedAt: null,
    deletedAt: null,
    createdAt: m.createdAt.toISOString(),
  };
}
