import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MailModule } from '../mail/mail.module.js';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { BookingThrottleService } from './booking-throttle.service.js';
import { ConsultationAvailabilityService } from './consultation-availability.service.js';
import { ConsultationAuditService } from './consultation-audit.service.js';
import { ConsultationBookingService } from './consultation-booking.service.js';
import { ConsultationChangeService } from './consultation-change.service.js';
import { ConsultationClosureEntity } from './consultation-closure.entity.js';
import { ConsultationExceptionEntity } from './consultation-exception.entity.js';
import { ConsultationNotifier } from './consultation-notifier.service.js';
import { ConsultationReminderService } from './consultation-reminder.service.js';
import { ConsultationScheduleEntity } from './consultation-schedule.entity.js';
import { ConsultationSettingsService } from './consultation-settings.service.js';
import { ConsultationTopicEntity } from './consultation-topic.entity.js';
import { ConsultationEntity } from './consultation.entity.js';
import { ConsultationAccessPolicy } from './consultation.access.js';
import { ConsultationRepository } from './consultation.repository.js';
import { ConsultationSettingsRepository } from './consultation-settings.repository.js';
import { ConsultationService } from './consultation.service.js';
import { ConsultationsController } from './consultations.controller.js';
import { HolidayCalendar } from './holiday-calendar.js';
import { PublicConsultationsController } from './public-consultations.controller.js';
import { CommandsModule } from '../commands/commands.module.js';
import { ConsultationNoticesJob } from './consultation-notices.job.js';

@Module({
  imports: [
    AuditModule,
    IdentityModule,
    CommandsModule,
    MailModule,
    MeetingsModule,
    TypeOrmModule.forFeature([
      ConsultationEntity,
      ConsultationScheduleEntity,
      ConsultationTopicEntity,
      ConsultationExceptionEntity,
      ConsultationClosureEntity,
    ]),
  ],
  providers: [
    ConsultationRepository,
    ConsultationSettingsRepository,
    HolidayCalendar,
    BookingThrottleService,
    ConsultationAvailabilityService,
    ConsultationSettingsService,
    ConsultationReminderService,
    ConsultationNotifier,
    ConsultationAuditService,
    ConsultationBookingService,
    ConsultationChangeService,
    ConsultationAccessPolicy,
    ConsultationService,
    ConsultationNoticesJob,
  ],
  exports: [
    ConsultationService,
    ConsultationBookingService,
    ConsultationChangeService,
    ConsultationNotifier,
    ConsultationAvailabilityService,
    ConsultationSettingsService,
    ConsultationReminderService,
    HolidayCalendar,
  ],
})
export class ConsultationsModule {}

/** The HTTP edge of consultations, loaded with the api role. */
@Module({ imports: [ConsultationsModule], controllers: [ConsultationsController, PublicConsultationsController] })
export class ConsultationsEdgeModule {}
