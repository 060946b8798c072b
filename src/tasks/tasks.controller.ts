import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { TaskService } from './task.service.js';
import { TaskActivityService } from './task-activity.service.js';
import {
  ChangeTaskStatusDto,
  ChecklistDoneDto,
  ChecklistItemDto,
  CreateTaskDto,
  ListTasksQueryDto,
  TaskCommentDto,
  TaskPeopleDto,
  UpdateTaskDto,
  WatchDto,
} from './tasks.dto.js';
import type { TaskEventView, TaskView } from './tasks.types.js';
import { httpSourceKey } from '../common/idempotency.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { TaskPageSchema, TaskEventViewSchema, TaskViewSchema } from './tasks.responses.js';
import { Permission } from '../access/permission.decorator.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TaskService,
    private readonly activity: TaskActivityService,
  ) {}

  @ApiOperation({ summary: '업무 목록 / Tasks the caller may see, filtered, a page at a time' })
  @ApiOkResponse({ type: TaskPageSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'] })
  @Permission('task.read')
  @Get()
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListTasksQueryDto,
  ): Promise<{ tasks: TaskView[]; nextCursor: string | null }> {
    return this.tasks.list(principal, {
      scope: query.scope ?? 'mine',
      roomId: query.roomId,
      overdue: query.overdue,
      dueWithinDays: query.dueWithinDays,
      statuses: query.status,
      cursor: query.cursor,
      limit: query.limit,
    });
  }

  /** 201 when created, 200 when the idempotency key found the task a first request made. */
  @ApiOperation({ summary: '업무 만들기 / Create a task' })
  @ApiCreatedResponse({ type: TaskViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'CROSS_AGENCY_NOT_ALLOWED',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'TASK_BAD_ASSIGNEE',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['STAFF_ONLY', 'TASK_NOT_STAFF'],
    404: ['ROOM_NOT_FOUND', 'TASK_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('task.create')
  @Post()
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTaskDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskView> {
    const { idempotencyKey, ...input } = body;
    const { task, created } = await this.tasks.create(principal, {
      ...input,
      sourceKey: httpSourceKey(principal.userId, idempotencyKey),
    });
    res.status(created ? 201 : 200);
    return task;
  }

  @ApiOperation({ summary: '업무 하나 / One task' })
  @ApiOkResponse({ type: TaskViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['ROOM_NOT_FOUND', 'TASK_NOT_FOUND'],
  })
  @Permission('task.read')
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<TaskView> {
    return this.tasks.get(principal, id);
  }

  @ApiOperation({ summary: "업무 수정 / Change a task's title, description, priority or due date" })
  @ApiOkResponse({ type: TaskViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['TASK_NOT_ALLOWED'],
    404: ['ROOM_NOT_FOUND', 'TASK_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('task.edit')
  @Patch(':id')
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: UpdateTaskDto,
  ): Promise<TaskView> {
    return this.tasks.update(principal, id, body);
  }

  @ApiOperation({ summary: '업무 상태 바꾸기 / Move a task to another status' })
  @ApiOkResponse({ type: TaskViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['TASK_NOT_ALLOWED'],
    404: ['ROOM_NOT_FOUND', 'TASK_NOT_FOUND'],
    409: ['TASK_BAD_TRANSITION', 'TASK_CHANGED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('task.status')
  @Post(':id/status')
  @HttpCode(200)
  status(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: ChangeTaskStatusDto,
  ): Promise<TaskView> {
    return this.tasks.changeStatus(principal, id, body.status);
  }

  @ApiOperation({ summary: '담당자 지정 / Assign people to a task' })
  @ApiOkResponse({ type: TaskViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'TASK_BAD_ASSIGNEE',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['TASK_NOT_ALLOWED'],
    404: ['TASK_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('task.edit')
  @Post(':id/assignees')
  @HttpCode(200)
  assign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: TaskPeopleDto,
  ): Promise<TaskView> {
    return this.tasks.assign(principal, id, body.userIds);
  }

  @ApiOperation({ summary: '담당자 빼기 / Take a person off a task' })
  @ApiOkResponse({ type: TaskViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['TASK_NOT_ALLOWED'],
    404: ['TASK_NOT_FOUND'],
  })
  @Permission('task.edit')
  @Delete(':id/assignees/:userId')
  unassign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
  ): Promise<TaskView> {
    return this.tasks.unassign(principal, id, [userId]);
  }

  @ApiOperation({ summary: '업무 지켜보기 설정 / Watch or stop watching a task' })
  @ApiOkResponse({ type: TaskViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['TASK_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('task.read')
  @Put(':id/watching')
  watch(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: WatchDto,
  ): Promise<TaskView> {
    return this.tasks.watch(principal, id, body.watching);
  }

  @ApiOperation({ summary: '업무 댓글 / Comment on a task' })
  @ApiCreatedResponse({ type: TaskEventViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['TASK_NOT_IN_DISCUSSION'],
    404: ['ROOM_NOT_FOUND', 'TASK_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('task.comment')
  @Post(':id/comments')
  comment(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: TaskCommentDto,
  ): Promise<TaskEventView> {
    return this.activity.comment(principal, id, body.body);
  }

  @ApiOperation({ summary: '점검 항목 추가 / Add a checklist item' })
  @ApiCreatedResponse({ type: TaskViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['TASK_NOT_ALLOWED'],
    404: ['TASK_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('task.edit')
  @Post(':id/checklist')
  addChecklistItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: ChecklistItemDto,
  ): Promise<TaskView> {
    return this.activity.addChecklistItem(principal, id, body.text);
  }

  @ApiOperation({ summary: '점검 항목 완료 표시 / Tick or untick a checklist item' })
  @ApiOkResponse({ type: TaskViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['TASK_NOT_ALLOWED'],
    404: ['TASK_CHECKLIST_ITEM_NOT_FOUND', 'TASK_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('task.edit')
  @Patch(':id/checklist/:itemId')
  setChecklistItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('itemId', uuid) itemId: string,
    @Body() body: ChecklistDoneDto,
  ): Promise<TaskView> {
    return this.activity.setChecklistItem(principal, id, itemId, body.done);
  }

  @ApiOperation({ summary: "업무 이력 / A task's history" })
  @ApiOkResponse({ type: TaskEventViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['TASK_NOT_FOUND'] })
  @Permission('task.read')
  @Get(':id/history')
  history(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<TaskEventView[]> {
    return this.activity.history(principal, id);
  }
}
