import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Lenient } from '../common/validation.pipe.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { Public } from '../identity/auth.decorators.js';
import { MeetingException } from './meeting.exception.js';
import { MeetingRoomService } from './meeting-room.service.js';
import { ApiErrors } from '../common/api-errors.js';
import { JoinedResponseSchema, LeftResponseSchema, RoomResponseSchema } from './meetings.responses.js';
import { Permission } from '../access/permission.decorator.js';

@Lenient()
export class OccupantDto {
  @ApiPropertyOptional({ description: 'context.user.id from the join token' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  id?: string;

  @ApiProperty({ description: 'seconds since the epoch' })
  @IsInt()
  @Min(0)
  joined_at: number;

  @ApiPropertyOptional({ description: 'seconds since the epoch' })
  @IsOptional()
  @IsInt()
  @Min(0)
  left_at?: number;
}

@Lenient()
export class OccupantEventDto {
  @ApiProperty({ example: 'muc-occupant-joined' })
  @IsString()
  @MaxLength(64)
  event_name: string;

  @ApiProperty({ example: 'ieum-abcdefghijklmnopqrstuvwxyz' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,80}$/)
  room_name: string;

  @ApiProperty({ type: OccupantDto })
  @ValidateNested()
  @Type(() => OccupantDto)
  occupant: OccupantDto;
}

@Lenient()
export class RoomEventDto {
  @ApiProperty({ example: 'muc-room-destroyed' })
  @IsString()
  @MaxLength(64)
  event_name: string;

  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,80}$/)
  room_name: string;

  @ApiPropertyOptional({ description: 'seconds since the epoch' })
  @IsOptional()
  @IsInt()
  @Min(0)
  destroyed_at?: number;
}

/**
 * Attendance from a Jitsi deployment running jitsi-contrib's event_sync component with
 * `api_prefix = <PUBLIC_URL>/webhooks/jitsi` and `Authorization: Bearer <JITSI_WEBHOOK_TOKEN>` in
 * `api_headers`. Events for rooms or people Ieum does not know are answered 200 and ignored, so
 * the component does not retry them.
 */
@ApiTags('meetings')
@Public()
@Controller('webhooks/jitsi/events')
export class JitsiEventsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly meetings: MeetingRoomService,
  ) {}

  @ApiOperation({ summary: 'Jitsi 참가 이벤트 수신 / Jitsi webhook: an occupant joined (attendance)' })
  @ApiOkResponse({ type: JoinedResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: ['MEETING_WEBHOOK_REFUSED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('signed-request')
  @Post('occupant/joined')
  @HttpCode(200)
  async joined(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: OccupantEventDto,
  ): Promise<{ recorded: boolean }> {
    this.authorise(authorization);
    const recorded = await this.meetings.recordProviderPresence({
      kind: 'joined',
      room: body.room_name,
      occupantId: body.occupant.id ?? '',
      at: new Date(body.occupant.joined_at * 1000),
    });
    return { recorded };
  }

  @ApiOperation({ summary: 'Jitsi 퇴장 이벤트 수신 / Jitsi webhook: an occupant left (attendance)' })
  @ApiOkResponse({ type: LeftResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: ['MEETING_WEBHOOK_REFUSED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('signed-request')
  @Post('occupant/left')
  @HttpCode(200)
  async left(
    @Headers('authorization') authorization: string | undefined,
    @Body() body: OccupantEventDto,
  ): Promise<{ recorded: boolean }> {
    this.authorise(authorization);
    const at = new Date((body.occupant.left_at ?? Math.floor(Date.now() / 1000)) * 1000);
    const recorded = await this.meetings.recordProviderPresence({
      kind: 'left',
      room: body.room_name,
      occupantId: body.occupant.id ?? '',
      at,
    });
    return { recorded };
  }

  /** Room events carry nothing attendance needs beyond the occupant events; they are acknowledged. */
  @ApiOperation({ summary: 'Jitsi 회의실 이벤트 수신 / Jitsi webhook: a room was created or destroyed (acknowledged)' })
  @ApiOkResponse({ type: RoomResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: ['MEETING_WEBHOOK_REFUSED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('signed-request')
  @Post(['room/created', 'room/destroyed'])
  @HttpCode(200)
  room(
    @Headers('authorization') authorization: string | undefined,
    @Body() _body: RoomEventDto,
  ): { recorded: boolean } {
    this.authorise(authorization);
    return { recorded: false };
  }

  private authorise(authorization: string | undefined): void {
    const expected = this.config.jitsi.webhookToken;
    const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    // Compared as digests, in constant time, so neither length nor prefix leaks.
    const digest = (value: string) => createHash('sha256').update(value).digest();
    if (!expected || !given || !timingSafeEqual(digest(expected), digest(given)))
      throw MeetingException.webhookRefused();
  }
}
