import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService, type AccessPolicy } from '../access/access.service.js';
import type { Principal } from '../identity/identity.types.js';
import { MessageRepository } from './message.repository.js';
import { MessengerException } from './messenger.exception.js';

/**
 * Who may do what to messages: whoever reads the message's room reads it, reacts to it and
 * answers in its thread (read, write); changing one's own text stays the service's (sender only).
 * Two statements beyond the room policy's, whatever the number of messages.
 */
@Injectable()
export class MessageAccessPolicy implements AccessPolicy, OnModuleInit {
  readonly resource = 'message';

  constructor(
    private readonly access: AccessService,
    private readonly messages: MessageRepository,
  ) {}

  onModuleInit(): void {
    this.access.register(this);
  }

  async allowed(principal: Principal, action: string, ids: readonly string[]): Promise<Set<string>> {
    if (action !== 'read' && action !== 'write') return new Set();
    const rooms = await this.messages.roomsOf(ids);
    const readable = await this.access.allowed(principal, 'room.read', [...rooms.values()]);
    return new Set([...rooms].filter(([, roomId]) => readable.has(roomId)).map(([id]) => id));
  }

  notFound(): Error {
    return MessengerException.messageNotFound();
  }

  forbidden(): Error {
    return MessengerException.messageNotFound();
  }
}
