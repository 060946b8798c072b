import { AccessService } from '../access/access.service.js';
import { Injectable } from '@nestjs/common';
import { JOB_QUEUE, JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import { FileException } from '../files/file.exception.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import type { Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import type { MessageEntity } from './message.entity.js';
import { isCommand, isPlain, isReaction, reactionText, validateBody } from './message-body.js';
import { MessageCreatedHooks } from './message-created.hooks.js';
import { MessageViewService, plainView } from './message-views.service.js';
import { MessageRepository, type NumberedMessage } from './message.repository.js';
import { stripControlCharacters } from '../common/control-characters.js';
import { mentionNames, ROOM_MENTIONS } from './mentions.js';
import { MessageChangeHooks } from './message-change.hooks.js';
import { MessengerException } from './messenger.exception.js';
import { PlainSendBatcher } from './plain-send.batcher.js';
import { MemberRole, MessageKind } from './messenger.types.js';
import { RealtimePublisher } from './realtime/realtime.publisher.js';
import type { MessageView } from './realtime/socket-events.js';
import { RoomRepository } from './room.repository.js';
import { RoomService } from './room.service.js';
import { ThreadReplyHooks } from './thread-reply.hooks.js';

export interface SendInput {
  roomId: string;
  clientMessageId: string;
  body: string;
  threadRootId?: string | null;
  kind?: MessageKind;
  fileIds?: string[];
}

const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Messages: idempotent sends, edits, soft deletes, threads and reactions (reading, read state and search: MessageReadService; views: MessageViewService; body rules: message-body.ts). */
@Injectable()
export class MessageService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly rooms: RoomRepository,
    private readonly messages: MessageRepository,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly roomService: RoomService,
    private readonly realtime: RealtimePublisher,
    private readonly events: EventPublisher,
    private readonly plain: PlainSendBatcher,
    private readonly threadHooks: ThreadReplyHooks,
    private readonly createdHooks: MessageCreatedHooks,
    private readonly changeHooks: MessageChangeHooks,
    private readonly access: AccessService,
    private readonly messageViews: MessageViewService,
  ) {}

  /**
   * Sends once: the same client message id from the same sender returns the message the first
   * call created. The message is acknowledged (returned) only after its commit.
   */
  async send(principal: Principal, input: SendInput): Promise<MessageView> {
    const body = validateBody(input.body, (input.fileIds ?? []).length > 0);
    if (!CLIENT_ID.test(input.clientMessageId)) {
      throw MessengerException.invalidMessage({
        en: 'clientMessageId must be 8-64 letters, digits, - or _.',
        ko: 'clientMessageId는 8~64자의 영문, 숫자, -, _ 이어야 합니다.',
      });
    }
    // A watched room's messages take the transactional path, where hooks write with the message.
    if (isPlain(input, body) && !(await this.createdHooks.watched(input.roomId))) {
      const fast = await this.plain.submit(input.roomId, {
        senderId: principal.userId,
        senderAgencyId: principal.agencyId,
        clientMessageId: input.clientMessageId,
        kind: MessageKind.Text,
        body,
      });
      if (fast) return this.announce(plainView(fast), []);
    }
    const earlier = await this.messages.findByClientId(principal.userId, input.clientMessageId);
    if (earlier) return this.sameOrConflict(principal, earlier, input.roomId, body);

    const { room } = await this.roomService.access(principal, input.roomId);
    if (room.archivedAt) throw MessengerException.roomArchived();
    return this.deliver(
      principal.userId,
      { ...input, body, kind: MessageKind.Text },
      (input.fileIds ?? []).length === 0 && isCommand(body),
    );
  }

  /**
   * A message from a bot's user, written by the command pipeline or a scheduled job that has
   * already checked who may see it. Bots are not members; the room only has to be open.
   * Idempotent on the client id like any send.
   */
  async postAsBot(botUserId: string, input: SendInput): Promise<MessageView> {
    const body = validateBody(typeof input.body === 'string' ? stripControlCharacters(input.body) : input.body);
    const earlier = await this.messages.findByClientId(botUserId, input.clientMessageId);
    if (earlier) return (await this.messageViews.views([earlier]))[0] ?? failNotFound();
    const room = await this.rooms.findById(input.roomId);
    if (!room) throw MessengerException.roomNotFound();
    if (room.archivedAt) throw MessengerException.roomArchived();
    return this.deliver(botUserId, { ...input, body, kind: MessageKind.Bot }, false);
  }

  private async deliver(
    senderId: string,
    input: SendInput & { kind: MessageKind },
    command: boolean,
  ): Promise<MessageView> {
    const threadRootId = await this.threadRoot(input.roomId, input.threadRootId ?? null);
    const mentioned = await this.resolveMentions(input.roomId, input.body);

    const watching = await this.createdHooks.watching(input.roomId);
    const numbered = {
      roomId: input.roomId,
      senderId,
      clientMessageId: input.clientMessageId,
      kind: input.kind,
      body: input.body,
      threadRootId,
      fileIds: [...new Set(input.fileIds ?? [])],
      mentioned,
    };
    const store = async (tx: Tx | null, job: NumberedMessage['job'] = null) =>
      (await this.messages.insertNumbered(tx, { ...numbered, job })) ?? failNotAttachable(numbered.fileIds.length);
    // The room's row is locked from the numbering to the commit: with nothing else to write (a
    // command's run is an outbox row the same statement writes), the message is one statement
    // committed alone; otherwise the rest follows it in one transaction.
    const alone = !threadRootId && watching.length === 0;
    let message: MessageEntity;
    try {
      message = alone
        ? await store(null, command ? { queue: JOB_QUEUE[JobName.CommandRun], jobName: JobName.CommandRun } : null)
        : await this.uow.run(async (tx) => {
            const created = await store(tx);
            if (threadRootId) {
              // The root's reply count is a change to the root, numbered after the reply.
              await this.messages.bumpReplies(tx, threadRootId, await this.rooms.nextChangeSeq(tx, input.roomId));
              if (input.kind === MessageKind.Text)
                await this.threadHooks.run(tx, {
                  messageId: created.id,
                  roomId: input.roomId,
                  threadRootId,
                  senderId,
                  body: input.body,
                  fileIds: numbered.fileIds,
                });
            }
            await this.createdHooks.run(tx, { messageId: created.id, roomId: input.roomId, senderId }, watching);
            // The command runs from the outbox, so a crash after this commit still runs it once.
            if (command) await this.events.publish(tx, { name: JobName.CommandRun, data: { messageId: created.id } });
            return created;
          });
      // Its run committed with it as an outbox row: the relay takes it from there.
      if (alone && command) this.events.committed();
    } catch (error) {
      if (error instanceof FileException) throw error;
      // A concurrent retry of the same send won the unique (sender, client id) index.
      const raced = await this.messages.findByClientId(senderId, input.clientMessageId);
      if (raced && raced.roomId === input.roomId && raced.body === input.body)
        return (await this.messageViews.views([raced]))[0] ?? failNotFound();
      if (raced) throw MessengerException.clientIdReused();
      throw error;
    }
    const [view] = await this.messageViews.views([message]);
    if (!view) throw MessengerException.messageNotFound();
    // The root's reply count changed: clients showing it update from the root's own view.
    if (threadRootId) await this.announceUpdated(threadRootId);
    return this.announce(
      view,
      mentioned.filter((id) => id !== senderId),
    );
  }

  private async announceUpdated(messageId: string): Promise<void> {
    const message = await this.messages.findById(messageId);
    const [view] = message ? await this.messageViews.views([message]) : [];
    if (view) this.realtime.toRoom(view.roomId, 'message.updated', view);
  }

  /** A message as stored after a change committed: its view carries that change's number or a later one. */
  private async currentView(messageId: string): Promise<MessageView> {
    const message = await this.messages.findById(messageId);
    const [view] = message ? await this.messageViews.views([message]) : [];
    if (!view) throw MessengerException.messageNotFound();
    return view;
  }

  private announce(view: MessageView, mentioned: string[]): MessageView {
    this.realtime.messageCreated(view);
    this.changeHooks.notify({ roomId: view.roomId, messageId: view.id, change: 'created' });
    this.realtime.toUsers(mentioned, 'mentioned', { roomId: view.roomId, messageId: view.id });
    return view;
  }

  /** The id of what this sender stored under a client id, or null. */
  async idByClientId(senderId: string, clientMessageId: string): Promise<string | null> {
    return (await this.messages.findByClientId(senderId, clientMessageId))?.id ?? null;
  }

  /** The command message with its sender, for the command pipeline; null once deleted. */
  async commandMessage(messageId: string): Promise<MessageEntity | null> {
    const message = await this.messages.findById(messageId);
    return message && !message.deletedAt && message.senderId ? message : null;
  }

  async edit(principal: Principal, messageId: string, rawBody: string): Promise<MessageView> {
    const message = await this.readable(principal, messageId);
    if (message.senderId !== principal.userId) throw MessengerException.notAuthor();
    if (message.deletedAt) throw MessengerException.messageNotFound();
    await this.assertOpen(message.roomId);
    const body = validateBody(rawBody);
    const mentioned = await this.resolveMentions(message.roomId, body);
    const before = new Set((await this.messages.mentionsOf([messageId])).map((m) => m.userId));
    const editedAt = new Date();
    await this.uow.run(async (tx) => {
      const changeSeq = await this.rooms.nextChangeSeq(tx, message.roomId);
      await this.messages.update(tx, messageId, { body, editedAt, changeSeq });
      await this.messages.clearMentions(tx, messageId);
      await this.messages.insertMentions(tx, messageId, mentioned);
    });
    const view = await this.currentView(messageId);
    this.realtime.toRoom(message.roomId, 'message.updated', view);
    this.changeHooks.notify({ roomId: message.roomId, messageId, change: 'edited' });
    // Only those the edit newly names hear of it: the others were told when they were first named.
    this.realtime.toUsers(
      mentioned.filter((id) => !before.has(id) && id !== principal.userId),
      'mentioned',
      { roomId: message.roomId, messageId },
    );
    return view;
  }

  /** Soft delete: the message stays in the history, shown as deleted, its text gone. */
  async delete(principal: Principal, messageId: string): Promise<void> {
    const message = await this.readable(principal, messageId);
    if (message.deletedAt) return;
    if (message.senderId !== principal.userId) {
      const member = await this.rooms.membership(message.roomId, principal.userId);
      if (member?.role !== MemberRole.Owner) throw MessengerException.notAuthor();
    }
    await this.softDelete(message);
  }

  /**
   * A bot's edit of its own message (a bridge carrying an edit made elsewhere); the same text
   * again changes nothing.
   */
  async editAsBot(botUserId: string, messageId: string, rawBody: string): Promise<void> {
    const message = await this.messages.findById(messageId);
    if (!message || message.senderId !== botUserId || message.deletedAt) throw MessengerException.messageNotFound();
    const body = validateBody(stripControlCharacters(rawBody));
    if (body === message.body) return;
    const editedAt = new Date();
    await this.uow.run(async (tx) => {
      const changeSeq = await this.rooms.nextChangeSeq(tx, message.roomId);
      await this.messages.update(tx, messageId, { body, editedAt, changeSeq });
    });
    this.realtime.toRoom(message.roomId, 'message.updated', await this.currentView(messageId));
    this.changeHooks.notify({ roomId: message.roomId, messageId, change: 'edited' });
  }

  /** A deletion made elsewhere (a bridged room redacted the message there); already deleted is fine. */
  async deleteAsBot(messageId: string): Promise<void> {
    const message = await this.messages.findById(messageId);
    if (!message || message.deletedAt) return;
    await this.softDelete(message);
  }

  private async softDelete(message: MessageEntity): Promise<void> {
    const messageId = message.id;
    const changeSeq = await this.uow.run(async (tx) => {
      const next = await this.rooms.nextChangeSeq(tx, message.roomId);
      await this.messages.update(tx, messageId, { body: '', deletedAt: new Date(), changeSeq: next });
      await this.messages.clearMentions(tx, messageId);
      return next;
    });
    this.realtime.toRoom(message.roomId, 'message.deleted', { roomId: message.roomId, messageId, changeSeq });
    this.changeHooks.notify({ roomId: message.roomId, messageId, change: 'deleted' });
  }

  async react(principal: Principal, messageId: string, emoji: string, on: boolean): Promise<MessageView> {
    const message = await this.readable(principal, messageId);
    return this.setReaction(message, principal.userId, emoji, on);
  }

  /**
   * A bot's reaction standing for people elsewhere (a bridged room's reactions); the caller keeps
   * who they are. A reaction Ieum would not take (too long) is answered null and not made.
   */
  async reactAsBot(botUserId: string, messageId: string, emoji: string, on: boolean): Promise<MessageView | null> {
    const message = await this.messages.findById(messageId);
    if (!message) throw MessengerException.messageNotFound();
    if (!isReaction(reactionText(emoji))) return null;
    return this.setReaction(message, botUserId, emoji, on);
  }

  private async setReaction(message: MessageEntity, userId: string, emoji: string, on: boolean): Promise<MessageView> {
    const messageId = message.id;
    if (message.deletedAt) throw MessengerException.messageNotFound();
    await this.assertOpen(message.roomId);
    const clean = reactionText(emoji);
    if (!isReaction(clean)) {
      throw MessengerException.invalidMessage({
        en: 'A reaction is one emoji or a short word.',
        ko: '반응은 이모지 하나 또는 짧은 단어여야 합니다.',
      });
    }
    const changed = await this.uow.run(async (tx) => {
      const done = on
        ? await this.messages.addReaction(tx, messageId, userId, clean)
        : await this.messages.removeReaction(tx, messageId, userId, clean);
      if (done)
        await this.messages.update(tx, messageId, { changeSeq: await this.rooms.nextChangeSeq(tx, message.roomId) });
      return done;
    });
    const view = await this.currentView(messageId);
    // Reacting twice the same way changes nothing, so nobody needs telling.
    if (changed) {
      this.realtime.toRoom(message.roomId, 'message.updated', view);
      this.changeHooks.notify({ roomId: message.roomId, messageId, change: 'reacted' });
    }
    return view;
  }

  /** The message, when the message policy lets this person read it; anyone else hears it is not found (a database failure stays one). */
  private async readable(principal: Principal, messageId: string): Promise<MessageEntity> {
    await this.access.requireAccess(principal, 'message.read', messageId);
    const message = await this.messages.findById(messageId);
    if (!message) throw MessengerException.messageNotFound();
    return message;
  }

  /** An archived room is read-only: no edits, no reactions. */
  private async assertOpen(roomId: string): Promise<void> {
    const room = await this.rooms.findById(roomId);
    if (room?.archivedAt) throw MessengerException.roomArchived();
  }

  private async sameOrConflict(
    principal: Principal,
    earlier: MessageEntity,
    roomId: string,
    body: string,
  ): Promise<MessageView> {
    if (earlier.roomId !== roomId || (earlier.body !== body && earlier.deletedAt === null))
      throw MessengerException.clientIdReused();
    await this.roomService.access(principal, roomId);
    const [view] = await this.messageViews.views([earlier]);
    if (!view) throw MessengerException.messageNotFound();
    return view;
  }

  private async threadRoot(roomId: string, rootId: string | null): Promise<string | null> {
    if (!rootId) return null;
    const root = await this.messages.findById(rootId);
    if (!root || root.roomId !== roomId) throw MessengerException.messageNotFound();
    // A reply to a reply joins the same thread: threads are one level deep.
    return root.threadRootId ?? root.id;
  }

  /** @user → that member; @agency → the room's members of it; @room → everyone in the room. */
  private async resolveMentions(roomId: string, body: string): Promise<string[]> {
    const names = mentionNames(body);
    if (names.length === 0) return [];
    const members = new Set(await this.rooms.memberIds(roomId));
    if (names.some((n) => ROOM_MENTIONS.has(n))) return [...members];
    const users = await this.users.findByLogins(names);
    const agencies = await this.agencies.findByCodeOrCompactName(names);
    const fromAgencies = await this.rooms.usersInRoomOfAgencies(
      roomId,
      agencies.map((a) => a.id),
    );
    return [...new Set([...users.map((u) => u.id), ...fromAgencies])].filter((id) => members.has(id));
  }
}

/** Nothing was stored: a file was not the sender's to attach here, or (with none) the room is gone. */
function failNotAttachable(files: number): never {
  throw files > 0 ? FileException.notAttachable() : MessengerException.roomNotFound();
}

function failNotFound(): never {
  throw MessengerException.messageNotFound();
}
