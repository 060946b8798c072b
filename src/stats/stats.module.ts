import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { HeldMeetingRepository } from './held-meeting.repository.js';
import { MeetingRecordsController } from './meeting-records.controller.js';
import { MeetingRecordService } from './meeting-records.service.js';
import { MeetingStatsService } from './meeting-stats.service.js';
import { StatsAccessPolicy } from './stats.access.js';
import { StatsController } from './stats.controller.js';

@Module({
  imports: [IdentityModule],
  providers: [HeldMeetingRepository, StatsAccessPolicy, MeetingStatsService, MeetingRecordService],
  exports: [MeetingStatsService, MeetingRecordService],
})
export class StatsModule {}

@Module({ imports: [StatsModule], controllers: [StatsController, MeetingRecordsController] })
export class StatsEdgeModule {}
