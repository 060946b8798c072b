import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { VideoJoinLink } from '../bus/capabilities/video-conference.provider.js';
import { CurrentPrincipal, Public } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { GuestThrottleService } from './guest-throttle.service.js';
import { MeetingRoomService, type GuestMeetingView } from './meeting-room.service.js';
import { MeetingService, type MeetingOccurrenceView, type MeetingView } from './meeting.service.js';
import { CalendarQueryDto, CancelOccurrenceDto, GuestJoinDto, ImportMeetingRecordsDto, RescheduleMeetingDto, ScheduleMeetingDto } from './meetings.dto.js';
import { httpSourceKey } from '../common/idempotency.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingService,
    private readonly rooms: MeetingRoomService,
    private readonly guests: GuestThrottleService,
  ) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<MeetingView[]> {
    return this.meetings.listMine(principal);
  }

  /** Each occurrence of the caller's meetings between `from` and `to` (at most 42 days), for a calendar. */
  @Get('calendar')
  calendar(@CurrentPrincipal() principal: Principal, @Query() query: CalendarQueryDto): Promise<MeetingOccurrenceView[]> {
    return this.meetings.calendar(principal, query.from, query.to);
  }

  /** 201 when scheduled, 200 when the idempotency key found the meeting a first request made. */
  @Post()
  async schedule(@CurrentPrincipal() principal: Principal, @Body() body: ScheduleMeetingDto, @Res({ passthrough: true }) res: Response): Promise<MeetingView> {
    const { idempotencyKey, ...input } = body;
    const { meeting, created } = await this.meetings.schedule(principal, { ...input, sourceKey: httpSourceKey(principal.userId, idempotencyKey) });
    res.status(created ? 201 : 200);
    return meeting;
  }

  /** Held meetings from before Ieum, for the usage report (system administrators). */
  @Post('records')
  @HttpCode(200)
  importRecords(@CurrentPrincipal() principal: Principal, @Body() body: ImportMeetingRecordsDto): Promise<{ imported: number; skipped: number }> {
    return this.meetings.importRecords(principal, body.records);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MeetingView> {
    return this.meetings.get(principal, id);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  reschedule(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: RescheduleMeetingDto): Promise<MeetingView> {
    return this.meetings.reschedule(principal, id, body);
  }

  /** Drops one occurrence of a recurring meeting: `at` is the occurrence's start. */
  @Post(':id/occurrences/cancel')
  @HttpCode(200)
  cancelOccurrence(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string, @Body() body: CancelOccurrenceDto): Promise<MeetingView> {
    return this.meetings.cancelOccurrence(principal, id, body.at);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MeetingView> {
    return this.meetings.cancel(principal, id);
  }

  @Post(':id/end')
  @HttpCode(200)
  end(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MeetingView> {
    return this.meetings.end(principal, id);
  }

  @Post(':id/join')
  @HttpCode(200)
  join(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<VideoJoinLink> {
    return this.rooms.join(principal, id);
  }

  @Post(':id/leave')
  @HttpCode(204)
  leave(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<void> {
    return this.rooms.leave(principal, id);
  }

  @Get(':id/attendance')
  attendance(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): ReturnType<MeetingRoomService['attendance']> {
    return this.rooms.attendance(principal, id);
  }

  /** For outside guests: the token from their invitation is their only credential. What their join page shows. */
  @Public()
  @Get('guest/:token')
  async guest(@Param('token') token: string, @Req() request: Request): Promise<GuestMeetingView> {
    await this.guests.consume(request.ip ?? 'unknown');
    return this.rooms.guestView(token);
  }

  /** The guest's link into the room, under the name they give (the invitation's name without one). */
  @Public()
  @Post('guest/:token/join')
  @HttpCode(200)
  async joinAsGuest(@Param('token') token: string, @Body() body: GuestJoinDto, @Req() request: Request): ReturnType<MeetingRoomService['joinAsGuest']> {
    await this.guests.consume(request.ip ?? 'unknown');
    return this.rooms.joinAsGuest(token, body.name);
  }
}
