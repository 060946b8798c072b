import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessengerModule } from '../messenger/messenger.module.js';
import { ReminderEntity } from './reminder.entity.js';
import { ReminderRepository } from './reminder.repository.js';
import { ReminderService } from './reminder.service.js';
import { ReminderSweepJob } from './reminder-sweep.job.js';
import { CommandsModule } from '../commands/commands.module.js';
import { ReminderFireJob } from './reminder-fire.job.js';

@Module({
  imports: [MessengerModule, CommandsModule, TypeOrmModule.forFeature([ReminderEntity])],
  providers: [ReminderRepository, ReminderService, ReminderFireJob, ReminderSweepJob],
  exports: [ReminderService],
})
export class RemindersModule {}
