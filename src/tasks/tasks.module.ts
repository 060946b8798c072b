import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { TaskAgencyEntity } from './task-agency.entity.js';
import { TaskChecklistItemEntity } from './task-checklist-item.entity.js';
import { TaskDigestSendEntity } from './task-digest-send.entity.js';
import { TaskEventEntity } from './task-event.entity.js';
import { TaskMemberEntity } from './task-member.entity.js';
import { TaskReminderSendEntity } from './task-reminder-send.entity.js';
import { TaskAccessPolicy } from './task.access.js';
import { TaskReminderService } from './task-reminder.service.js';
import { TaskEntity } from './task.entity.js';
import { TaskRepository } from './task.repository.js';
import { TaskService } from './task.service.js';
import { TaskActivityService } from './task-activity.service.js';
import { TaskCardService } from './task-cards.service.js';
import { TaskViewService } from './task-views.service.js';
import { TasksController } from './tasks.controller.js';
import { CommandsModule } from '../commands/commands.module.js';
import { TaskNoticesJob } from './task-notices.job.js';

@Module({
  imports: [
    IdentityModule,
    MessengerModule,
    CommandsModule,
    TypeOrmModule.forFeature([
      TaskEntity,
      TaskAgencyEntity,
      TaskMemberEntity,
      TaskEventEntity,
      TaskChecklistItemEntity,
      TaskReminderSendEntity,
      TaskDigestSendEntity,
    ]),
  ],
  providers: [
    TaskRepository,
    TaskAccessPolicy,
    TaskService,
    TaskActivityService,
    TaskViewService,
    TaskCardService,
    TaskReminderService,
    TaskNoticesJob,
  ],
  exports: [TaskService, TaskActivityService, TaskCardService, TaskReminderService],
})
export class TasksModule {}

/** The HTTP edge of tasks, loaded with the api role. */
@Module({ imports: [TasksModule], controllers: [TasksController] })
export class TasksEdgeModule {}
