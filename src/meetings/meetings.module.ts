import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { MailModule } from '../mail/mail.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { MeetingAttendanceEntity } from './meeting-attendance.entity.js';
import { MeetingParticipantEntity } from './meeting-participant.entity.js';
import { MeetingReminderSendEntity } from './meeting-reminder-send.entity.js';
import { MeetingAccessPolicy } from './meeting.access.js';
import { MeetingReminderService } from './meeting-reminder.service.js';
import { MeetingReminderSweepJob } from './meeting-reminder-sweep.job.js';
import { MeetingRoomService } from './meeting-room.service.js';
import { MeetingEntity } from './meeting.entity.js';
import { GuestThrottleService } from './guest-throttle.service.js';
import { MeetingRepository } from './meeting.repository.js';
import { MeetingService } from './meeting.service.js';
import { MeetingInvitationService } from './meeting-invitations.service.js';
import { MeetingViewService } from './meeting-views.service.js';
import { JitsiEventsController } from './jitsi-events.controller.js';
import { MeetingsController } from './meetings.controller.js';
import { CommandsModule } from '../commands/commands.module.js';
import { MeetingNoticesJob } from './meeting-notices.job.js';

@Module({
  imports: [
    IdentityModule,
    MessengerModule,
    CommandsModule,
    MailModule,
    TypeOrmModule.forFeature([
      MeetingEntity,
      MeetingParticipantEntity,
      MeetingAttendanceEntity,
      MeetingReminderSendEntity,
    ]),
  ],
  providers: [
    MeetingRepository,
    MeetingAccessPolicy,
    MeetingService,
    MeetingViewService,
    MeetingInvitationService,
    MeetingRoomService,
    MeetingReminderService,
    MeetingReminderSweepJob,
    GuestThrottleService,
    MeetingNoticesJob,
  ],
  exports: [
    MeetingService,
    MeetingViewService,
    MeetingRoomService,
    MeetingReminderService,
    MeetingRepository,
    GuestThrottleService,
  ],
})
export class MeetingsModule {}

/** The HTTP edge of meetings, loaded with the api role. */
@Module({ imports: [MeetingsModule], controllers: [MeetingsController, JitsiEventsController] })
export class MeetingsEdgeModule {}
