import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { MeetingStatsService } from './meeting-stats.service.js';
import { StatsAccessPolicy } from './stats.access.js';
import { StatsController } from './stats.controller.js';

@Module({ imports: [MeetingsModule, IdentityModule], providers: [StatsAccessPolicy, MeetingStatsService], exports: [MeetingStatsService] })
export class StatsModule {}

@Module({ imports: [StatsModule], controllers: [StatsController] })
export class StatsEdgeModule {}
