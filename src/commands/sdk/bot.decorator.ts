import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { BotMetadata } from './command-table.js';

export const BOT_METADATA = Symbol('ieum:bot');

/**
 * Marks a provider as a bot. The class must implement `IeumBot`: its `commands` table is read
 * once at boot, where a duplicate bot id, command name or alias stops start-up. The bot gets a
 * user of its own (`bot.<id>`, kind `bot`) and every room reply is a message from that user.
 */
export const Bot = (metadata: BotMetadata): ClassDecorator =>
  applyDecorators(Injectable(), SetMetadata(BOT_METADATA, metadata));

/**
 * Marks a domain provider that posts notices as a bot's account without commands of its own (memo
 * delivery as 메모보고봇): the account exists whether or not the bot with the commands is loaded. The
 * bot and its notice sender pass the same metadata object, so the registry sees one bot.
 */
export const NoticeSender = (metadata: BotMetadata): ClassDecorator => Bot(metadata);
