import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
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
import { IsNullable, IsOptional } from '../common/optional.js';
import { PageQueryDto } from '../common/page-query.dto.js';
import { TaskPriority, TaskStatus } from './tasks.types.js';

export class CreateTaskDto {
  @ApiProperty({ example: '예산 협의 자료 취합' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @ApiPropertyOptional({ description: 'the room the task is discussed in; without one it gets its own' })
  @IsOptional()
  @IsUUID()
  roomId?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  assigneeIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  watcherIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'participating agencies besides the owner (assignees’ agencies join on their own)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  agencyIds?: string[];

  @ApiPropertyOptional({ example: '2026-11-27T09:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueAt?: Date;

  @ApiPropertyOptional({ enum: Object.values(TaskPriority) })
  @IsOptional()
  @IsIn(Object.values(TaskPriority))
  priority?: TaskPriority;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  checklist?: string[];

  @ApiPropertyOptional({ description: 'repeat a create safely: the same key returns the task the first request made' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/)
  idempotencyKey?: string;
}

export class UpdateTaskDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null clears the description' })
  @IsNullable()
  @IsString()
  @MaxLength(20_000)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'null clears the due date' })
  @IsNullable()
  @Transform(({ value }: { value: unknown }) =>
    value === null ? null : typeof value === 'string' || typeof value === 'number' ? new Date(value) : value,
  )
  @IsDate()
  dueAt?: Date | null;

  @ApiPropertyOptional({ enum: Object.values(TaskPriority) })
  @IsOptional()
  @IsIn(Object.values(TaskPriority))
  priority?: TaskPriority;
}

export class ChangeTaskStatusDto {
  @ApiProperty({ enum: Object.values(TaskStatus) })
  @IsIn(Object.values(TaskStatus))
  status: TaskStatus;
}

export class TaskPeopleDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  userIds: string[];
}

export class TaskCommentDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  body: string;
}

export class ChecklistItemDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  text: string;
}

export class ChecklistDoneDto {
  @ApiProperty()
  @IsBoolean()
  done: boolean;
}

export class WatchDto {
  @ApiProperty()
  @IsBoolean()
  watching: boolean;
}

export class ListTasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['mine', 'agency', 'room', 'all'],
    description:
      "mine (default): created, assigned or watched; agency: owned by the caller's agency or with it taking part; room: linked to roomId; all: every task the caller may read",
  })
  @IsOptional()
  @IsIn(['mine', 'agency', 'room', 'all'])
  scope?: 'mine' | 'agency' | 'room' | 'all';

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  roomId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => value === 'true' || value === true)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 90,
    description: 'due soon: open or in progress, due from now to this many days ahead',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  dueWithinDays?: number;

  @ApiPropertyOptional({ description: 'comma-separated statuses' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value,
  )
  @IsArray()
  @IsIn(Object.values(TaskStatus), { each: true })
  status?: TaskStatus[];
}
