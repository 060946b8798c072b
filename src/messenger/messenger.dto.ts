import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsOptional } from '../common/optional.js';
import { MAX_CHANGES_PAGE, MAX_MESSAGE_LENGTH, MAX_PAGE, RoomKind } from './messenger.types.js';

const SEQ = /^\d{1,18}$/;

export class CreateRoomDto {
  @ApiProperty({ enum: [RoomKind.Group, RoomKind.Collaboration] })
  @IsIn([RoomKind.Group, RoomKind.Collaboration])
  kind: typeof RoomKind.Group | typeof RoomKind.Collaboration;

  @ApiProperty({ example: '부처간 협업 TF' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  topic?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  userIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'every public servant of these agencies is invited' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  agencyIds?: string[];
}

export class OpenDirectDto {
  @ApiProperty()
  @IsUUID()
  userId: string;
}

export class UpdateRoomDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  topic?: string;

  @ApiPropertyOptional({
    enum: ['managers', 'members'],
    description: '초대할 수 있는 사람 / Who may invite: owners (managers, the default) or any member',
  })
  @IsOptional()
  @IsIn(['managers', 'members'])
  invitePolicy?: 'managers' | 'members';
}

export class InviteDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  userIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  agencyIds?: string[];
}

export class SendMessageDto {
  @ApiProperty({
    description: "the client's own id for this message: a retry with the same id never doubles it",
    example: 'c-3f2a9d1e7b',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/)
  clientMessageId: string;

  @ApiProperty({
    example: '@kim.mois 자료 공유드립니다.',
    maxLength: MAX_MESSAGE_LENGTH,
    description:
      'may be empty when files are attached; longer than maxLength (Unicode code points after NFC: a Korean syllable or an emoji is one) is MESSAGE_TOO_LONG',
  })
  @IsString()
  body: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  threadRootId?: string;

  @ApiPropertyOptional({
    description: 'files uploaded to this room by the sender, attached to this message',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  fileIds?: string[];
}

export class SocketSendMessageDto extends SendMessageDto {
  @IsUUID()
  roomId: string;
}

export class EditMessageDto {
  @ApiProperty({ maxLength: MAX_MESSAGE_LENGTH, description: 'longer than maxLength is MESSAGE_TOO_LONG' })
  @IsString()
  @MinLength(1)
  body: string;
}

export class PageQueryDto {
  @ApiPropertyOptional({ description: 'older than this seq' })
  @IsOptional()
  @Matches(SEQ)
  before?: string;

  @ApiPropertyOptional({ description: 'newer than this seq' })
  @IsOptional()
  @Matches(SEQ)
  after?: string;

  @ApiPropertyOptional({ maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'replies of this thread' })
  @IsOptional()
  @IsUUID()
  thread?: string;
}

export class ChangesQueryDto {
  @ApiPropertyOptional({
    description: 'changes numbered above this (a lastChangeSeq the client holds); 0 or absent for all',
  })
  @IsOptional()
  @Matches(SEQ)
  after?: string;

  @ApiPropertyOptional({ maximum: MAX_CHANGES_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_CHANGES_PAGE)
  limit?: number;
}

export class SocketChangesDto extends ChangesQueryDto {
  @IsUUID()
  roomId: string;
}

export class MarkReadDto {
  @ApiProperty({ example: '42' })
  @Matches(SEQ)
  seq: string;
}

export class SocketMarkReadDto extends MarkReadDto {
  @IsUUID()
  roomId: string;
}

export class SearchQueryDto {
  @ApiProperty({ example: '협업' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  room?: string;
}

export class RoomIdDto {
  @IsUUID()
  roomId: string;
}
