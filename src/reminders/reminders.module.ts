import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessengerModule } from '../messenger/messenger.module.js';
import { ReminderEntity } from './reminder.entity.js';
import { ReminderRepository } from './reminder.repository.js';
import { ReminderService } from './reminder.service.js';

@Module({
  imports: [MessengerModule, TypeOrmModule.forFeature([ReminderEntity])],
  providers: [ReminderRepository, ReminderService],
  exports: [ReminderService],
})
export class RemindersModule {}
