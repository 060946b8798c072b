import { Injectable } from '@nestjs/common';
import { MessageService } from '../messenger/message.service.js';
import { RoomService } from '../messenger/room.service.js';
import { BotRegistry } from './bot.registry.js';

/**
 * How a bot speaks outside a command reply (a reminder firing, a scheduled digest): as its own
 * user, through the messenger service. The client id makes a retried delivery post once.
 */
@Injectable()
export class BotMessenger {
  constructor(
    private readonly registry: BotRegistry,
    private readonly messages: MessageService,
    private readonly rooms: RoomService,
  ) {}

  async postToRoom(
    botId: string,
    roomId: string,
    clientMessageId: string,
    body: string,
    options: { fileIds?: string[]; threadRootId?: string | null } = {},
  ): Promise<string> {
    const message = await this.messages.postAsBot(this.registry.botUserId(botId), {
      roomId,
      clientMessageId,
      body,
      fileIds: options.fileIds ?? [],
      threadRootId: options.threadRootId ?? null,
    });
    return message.id;
  }

  /** The message the bot already posted with this client id (an earlier attempt of a job), or null. */
  async postedBefore(botId: string, clientMessageId: string): Promise<string | null> {
    return this.messages.idByClientId(this.registry.botUserId(botId), clientMessageId);
  }

  /** The bot's own user, for what it stores before posting (files it attaches). */
  botUserId(botId: string): string {
    return this.registry.botUserId(botId);
  }

  /** In the bot's direct room with the person, created on first use. */
  async postToUser(botId: string, userId: string, clientMessageId: string, body: string): Promise<string> {
    const botUserId = this.registry.botUserId(botId);
    const room = await this.rooms.openBotDirect(botUserId, userId);
    const message = await this.messages.postAsBot(botUserId, { roomId: room.id, clientMessageId, body });
    return message.id;
  }
}
