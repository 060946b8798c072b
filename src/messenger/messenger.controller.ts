import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { MetricsService } from '../metrics/metrics.service.js';
import {
  ChangesQueryDto,
  EditMessageDto,
  MarkReadDto,
  PageQueryDto,
  SearchQueryDto,
  SendMessageDto,
} from './messenger.dto.js';
import { MessageReadService } from './message-read.service.js';
import { MessageService } from './message.service.js';
import type { ReadReceipt } from './message.repository.js';
import type { ChangesPage, MessageView } from './realtime/socket-events.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import {
  ChangesPageSchema,
  MarkReadResponseSchema,
  MessageViewSchema,
  ReadReceiptSchema,
} from './messenger.responses.js';
import { Permission } from '../access/permission.decorator.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** The messenger's messages: a room's pages and changes, sending, reading, editing, reactions and search (rooms and their members: RoomsController). */
@ApiTags('messenger')
@ApiBearerAuth()
@Controller()
export class MessengerController {
  constructor(
    private readonly messages: MessageService,
    private readonly reads: MessageReadService,
    private readonly metrics: MetricsService,
  ) {}

  @ApiOperation({ summary: "메시지 목록(순번 기준 페이지) / A page of a room's messages by sequence number" })
  @ApiOkResponse({ type: MessageViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'] })
  @Permission('message.read')
  @Get('rooms/:roomId/messages')
  page(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Query() query: PageQueryDto,
  ): Promise<MessageView[]> {
    return this.reads.page(principal, roomId, {
      before: query.before,
      after: query.after,
      limit: query.limit,
      threadRootId: query.thread,
    });
  }

  /** What changed in the room after a change number: new, edited and deleted messages and reactions, for a client filling a gap. */
  @ApiOperation({
    summary:
      '대화방 변경 내역(변경 번호 이후) / What changed in a room after a change number: new, edited and deleted messages and reactions',
  })
  @ApiOkResponse({ type: ChangesPageSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'] })
  @Permission('message.read')
  @Get('rooms/:roomId/changes')
  changes(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Query() query: ChangesQueryDto,
  ): Promise<ChangesPage> {
    return this.reads.changes(principal, roomId, { after: query.after, limit: query.limit });
  }

  @ApiOperation({ summary: '메시지 보내기 / Send a message (a retry with the same clientMessageId never doubles it)' })
  @ApiCreatedResponse({ type: MessageViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'FILE_NOT_ATTACHABLE',
      'INVALID_JSON',
      'INVALID_MESSAGE',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'MESSAGE_TOO_LONG',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'],
    409: ['CLIENT_MESSAGE_ID_REUSED', 'ROOM_ARCHIVED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('message.write')
  @Post('rooms/:roomId/messages')
  send(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Body() body: SendMessageDto,
  ): Promise<MessageView> {
    return this.metrics.timeSend(
      'http',
      this.messages.send(principal, {
        roomId,
        clientMessageId: body.clientMessageId,
        body: body.body,
        threadRootId: body.threadRootId,
        fileIds: body.fileIds,
      }),
    );
  }

  @ApiOperation({ summary: '읽음 표시 / Mark a room read up to a sequence number' })
  @ApiCreatedResponse({ type: MarkReadResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['ROOM_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('message.read')
  @Post('rooms/:roomId/read')
  async markRead(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Body() body: MarkReadDto,
  ): Promise<{ lastReadSeq: string }> {
    return { lastReadSeq: await this.reads.markRead(principal, roomId, body.seq) };
  }

  @ApiOperation({ summary: '메시지 하나 / One message' })
  @ApiOkResponse({ type: MessageViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'],
  })
  @Permission('message.read')
  @Get('messages/:messageId')
  message(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string): Promise<MessageView> {
    return this.reads.get(principal, messageId);
  }

  @ApiOperation({ summary: '메시지 수정 / Edit a message (its author)' })
  @ApiOkResponse({ type: MessageViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'INVALID_MESSAGE',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'MESSAGE_TOO_LONG',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['NOT_MESSAGE_AUTHOR'],
    404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'],
    409: ['ROOM_ARCHIVED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('message.write')
  @Patch('messages/:messageId')
  edit(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId', uuid) messageId: string,
    @Body() body: EditMessageDto,
  ): Promise<MessageView> {
    return this.messages.edit(principal, messageId, body.body);
  }

  @ApiOperation({ summary: '메시지 삭제 / Delete a message (its author)' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_MESSAGE_AUTHOR'],
    404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'],
  })
  @Permission('message.write')
  @Delete('messages/:messageId')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string): Promise<void> {
    return this.messages.delete(principal, messageId);
  }

  @ApiOperation({ summary: '공감 표시 / Add a reaction to a message' })
  @ApiOkResponse({ type: MessageViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_MESSAGE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'],
    409: ['ROOM_ARCHIVED'],
  })
  @Permission('message.write')
  @Put('messages/:messageId/reactions/:emoji')
  react(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId', uuid) messageId: string,
    @Param('emoji') emoji: string,
  ): Promise<MessageView> {
    return this.messages.react(principal, messageId, emoji, true);
  }

  @ApiOperation({ summary: '공감 취소 / Take a reaction back' })
  @ApiOkResponse({ type: MessageViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_MESSAGE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'],
    409: ['ROOM_ARCHIVED'],
  })
  @Permission('message.write')
  @Delete('messages/:messageId/reactions/:emoji')
  unreact(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId', uuid) messageId: string,
    @Param('emoji') emoji: string,
  ): Promise<MessageView> {
    return this.messages.react(principal, messageId, emoji, false);
  }

  @ApiOperation({ summary: '읽은 사람 / Who has read a message and who has not' })
  @ApiOkResponse({ type: ReadReceiptSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'],
  })
  @Permission('message.read')
  @Get('messages/:messageId/receipt')
  receipt(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string): Promise<ReadReceipt> {
    return this.reads.receipt(principal, messageId);
  }

  @ApiOperation({ summary: "메시지 검색 / Search the messages of the caller's rooms" })
  @ApiOkResponse({ type: MessageViewSchema, isArray: true })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_MESSAGE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['ROOM_NOT_FOUND'],
  })
  @Permission('message.read')
  @Get('search/messages')
  search(@CurrentPrincipal() principal: Principal, @Query() query: SearchQueryDto): Promise<MessageView[]> {
    return this.reads.search(principal, query.q, query.room);
  }
}
