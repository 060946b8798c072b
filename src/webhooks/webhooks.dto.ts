import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OUTGOING_EVENTS, type OutgoingEventName } from '../bus/bus.constants.js';
import { IsNullable, IsOptional } from '../common/optional.js';

export class CreateWebhookDto {
  @ApiProperty({ example: '문서관리시스템 결재 알림', description: 'shown as the sender of what the webhook posts' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;
}

export class UpdateWebhookDto {
  @ApiProperty({
    description: 'false stops the webhook (posts are refused with WEBHOOK_DISABLED) until it is set true again',
  })
  @IsBoolean()
  enabled: boolean;
}

/** Documents what a system posts to an incoming webhook; the service validates it after the signature. */
export class IncomingWebhookPostDto {
  @ApiProperty({ example: '결재가 완료되었습니다: 2026년 예산 편성안', maxLength: 10_000 })
  text: string;

  @ApiPropertyOptional({ example: '전자결재', maxLength: 200 })
  title?: string;
}

export class SubscribeDto {
  @ApiProperty({ example: '감사 시스템 연계' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({
    example: 'https://hooks.example.go.kr/ieum',
    description:
      'http(s); private, loopback, link-local and metadata addresses are refused unless WEBHOOK_ALLOWED_HOSTS names them',
  })
  @IsString()
  @MaxLength(2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_host: true })
  url: string;

  @ApiProperty({ enum: OUTGOING_EVENTS, isArray: true, example: ['task.changed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(OUTGOING_EVENTS.length)
  @IsIn(OUTGOING_EVENTS, { each: true })
  events: OutgoingEventName[];

  @ApiPropertyOptional({ description: 'only events in this room (required for message.created)', nullable: true })
  @IsNullable()
  @IsUUID('all')
  roomId?: string | null;
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
