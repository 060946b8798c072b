import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { ArgumentResolver } from './argument.resolver.js';
import { BotMessenger } from './bot-messenger.service.js';
import { BotRegistry } from './bot.registry.js';
import { CommandRunEntity } from './command-run.entity.js';
import { CommandRunJob } from './command-run.job.js';
import { CommandRunRepository } from './command-run.repository.js';
import { CommandService } from './command.service.js';
import { CommandsController } from './commands.controller.js';
import { ConfirmationStore } from './confirmation.store.js';

/** The command pipeline and the bot registry; bots are providers of the modules in bots/. */
@Module({
  imports: [DiscoveryModule, IdentityModule, MessengerModule, TypeOrmModule.forFeature([CommandRunEntity])],
  providers: [
    BotRegistry,
    ArgumentResolver,
    CommandRunRepository,
    ConfirmationStore,
    CommandService,
    CommandRunJob,
    BotMessenger,
  ],
  exports: [BotRegistry, CommandRunRepository, CommandService, BotMessenger],
})
export class CommandsModule {}

/** GET /commands and command outcomes; loaded with the api role. */
@Module({
  imports: [CommandsModule, IdentityModule],
  controllers: [CommandsController],
})
export class CommandsEdgeModule {}
