import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessengerModule } from '../messenger/messenger.module.js';
import { ReminderEntity } from './reminder.entity.js';
import { ReminderRepository } from './reminder.repository.js';
import { ReminderService } from './reminder.service.js';
import { ReminderSweepJob } from './reminder-sweep.job.js';

@Module({
  imports: [MessengerModule, TypeOrmModule.forFeature([ReminderEntity])],
  providers: [ReminderRepository, ReminderService, ReminderSweepJob],
  exports: [ReminderService],
})
export class RemindersModule {}
