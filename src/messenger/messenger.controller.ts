import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ChangesQueryDto, CreateRoomDto, EditMessageDto, InviteDto, MarkReadDto, OpenDirectDto, PageQueryDto, SearchQueryDto, SendMessageDto, UpdateRoomDto } from './messenger.dto.js';
import { MessageReadService } from './message-read.service.js';
import { MessageService } from './message.service.js';
import type { ReadReceipt } from './message.repository.js';
import type { ChangesPage, MessageView, RoomView } from './realtime/socket-events.js';
import type { RoomSummaryRow } from './room.repository.js';
import { roomView } from './room-view.js';
import { RoomService, type RoomMemberView } from './room.service.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { ChangesPageSchema, InviteResponseSchema, MarkReadResponseSchema, MessageViewSchema, ReadReceiptSchema, RoomMemberViewSchema, RoomSummaryRowSchema, RoomViewSchema } from './messenger.responses.js';
import { Permission } from '../access/permission.decorator.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('messenger')
@ApiBearerAuth()
@Controller()
export class MessengerController {
  constructor(
    private readonly rooms: RoomService,
    private readonly messages: MessageService,
    private readonly reads: MessageReadService,
    private readonly metrics: MetricsService,
  ) {}

  @ApiOperation({ summary: "내 대화방 목록(안 읽은 수 포함) / The caller's rooms with unread counts" })
  @ApiOkResponse({ type: RoomSummaryRowSchema, isArray: true })
  @ApiErrors({ 401: SESSION_ERRORS })
  @Permission('room.read')
  @Get('rooms')
  listRooms(@CurrentPrincipal() principal: Principal): Promise<RoomSummaryRow[]> {
    return this.rooms.listMine(principal);
  }

  @ApiOperation({ summary: '대화방 만들기 / Create a group or collaboration room' })
  @ApiCreatedResponse({ type: RoomViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'CROSS_AGENCY_NOT_ALLOWED', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 403: ['STAFF_ONLY'], 404: ['AGENCY_NOT_FOUND', 'ROOM_USER_NOT_FOUND'], 413: ['PAYLOAD_TOO_LARGE'] })
  @Permission('room.create')
  @Post('rooms')
  async createRoom(@CurrentPrincipal() principal: Principal, @Body() body: CreateRoomDto): Promise<RoomView> {
    return roomView(await this.rooms.create(principal, body));
  }

  @ApiOperation({ summary: '1:1 대화방 열기 / Open (or reuse) a direct room with one person' })
  @ApiOkResponse({ type: RoomViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 403: ['STAFF_ONLY'], 404: ['ROOM_USER_NOT_FOUND'], 413: ['PAYLOAD_TOO_LARGE'] })
  @Permission('room.create')
  @Post('rooms/direct')
  @HttpCode(200)
  async openDirect(@CurrentPrincipal() principal: Principal, @Body() body: OpenDirectDto): Promise<RoomView> {
    return roomView(await this.rooms.openDirect(principal, body.userId));
  }

  @ApiOperation({ summary: '대화방 정보 / One room (members only)' })
  @ApiOkResponse({ type: RoomViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'] })
  @Permission('room.read')
  @Get('rooms/:roomId')
  async room(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<RoomView> {
    return roomView((await this.rooms.access(principal, roomId)).room);
  }

  @ApiOperation({ summary: '대화방 이름·주제·초대 정책 바꾸기 / Rename a room, change its topic or who may invite (owners)' })
  @ApiOkResponse({ type: RoomViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 403: ['NOT_ROOM_OWNER'], 404: ['ROOM_NOT_FOUND'], 409: ['ROOM_KIND_FIXED'], 413: ['PAYLOAD_TOO_LARGE'] })
  @Permission('room.manage')
  @Patch('rooms/:roomId')
  async updateRoom(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Body() body: UpdateRoomDto): Promise<RoomView> {
    return roomView(await this.rooms.update(principal, roomId, body));
  }

  @ApiOperation({ summary: '대화방 보관 / Archive a room: it can be read but not written to (owners)' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 403: ['NOT_ROOM_OWNER'], 404: ['ROOM_NOT_FOUND'], 409: ['ROOM_KIND_FIXED'] })
  @Permission('room.manage')
  @Post('rooms/:roomId/archive')
  @HttpCode(204)
  archive(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<void> {
    return this.rooms.archive(principal, roomId);
  }

  @ApiOperation({ summary: '대화방 참여자 목록 / The members of a room' })
  @ApiOkResponse({ type: RoomMemberViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'] })
  @Permission('room.read')
  @Get('rooms/:roomId/members')
  members(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<RoomMemberView[]> {
    return this.rooms.members(principal, roomId);
  }

  @ApiOperation({ summary: '대화방에 초대 / Invite people or whole agencies into a room (owners; any member when the room allows it)' })
  @ApiCreatedResponse({ type: InviteResponseSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'CROSS_AGENCY_NOT_ALLOWED', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 403: ['NOT_ROOM_OWNER'], 404: ['AGENCY_NOT_FOUND', 'ROOM_NOT_FOUND', 'ROOM_USER_NOT_FOUND'], 409: ['ROOM_ARCHIVED', 'ROOM_KIND_FIXED'], 413: ['PAYLOAD_TOO_LARGE'] })
  @Permission('room.invite')
  @Post('rooms/:roomId/members')
  async invite(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Body() body: InviteDto): Promise<{ added: string[] }> {
    return { added: await this.rooms.invite(principal, roomId, body) };
  }

  @ApiOperation({ summary: '대화방 나가기 / Leave a room' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'], 409: ['ROOM_KIND_FIXED'] })
  @Permission('room.read')
  @Delete('rooms/:roomId/members/me')
  @HttpCode(204)
  leave(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<void> {
    return this.rooms.leave(principal, roomId);
  }

  @ApiOperation({ summary: '참여자 내보내기(대화방 관리자) / Take someone out of a room (owners); their access ends at once' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 403: ['NOT_ROOM_OWNER'], 404: ['ROOM_NOT_FOUND', 'ROOM_USER_NOT_FOUND'], 409: ['ROOM_KIND_FIXED'] })
  @Permission('room.manage')
  @Delete('rooms/:roomId/members/:userId')
  @HttpCode(204)
  removeMember(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Param('userId', uuid) userId: string): Promise<void> {
    return this.rooms.removeMember(principal, roomId, userId);
  }

  @ApiOperation({ summary: "메시지 목록(순번 기준 페이지) / A page of a room's messages by sequence number" })
  @ApiOkResponse({ type: MessageViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'] })
  @Permission('message.read')
  @Get('rooms/:roomId/messages')
  page(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Query() query: PageQueryDto): Promise<MessageView[]> {
    return this.reads.page(principal, roomId, { before: query.before, after: query.after, limit: query.limit, threadRootId: query.thread });
  }

  /** What changed in the room after a change number: new, edited and deleted messages and reactions, for a client filling a gap. */
  @ApiOperation({ summary: '대화방 변경 내역(변경 번호 이후) / What changed in a room after a change number: new, edited and deleted messages and reactions' })
  @ApiOkResponse({ type: ChangesPageSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'] })
  @Permission('message.read')
  @Get('rooms/:roomId/changes')
  changes(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Query() query: ChangesQueryDto): Promise<ChangesPage> {
    return this.reads.changes(principal, roomId, { after: query.after, limit: query.limit });
  }

  @ApiOperation({ summary: '메시지 보내기 / Send a message (a retry with the same clientMessageId never doubles it)' })
  @ApiCreatedResponse({ type: MessageViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'FILE_NOT_ATTACHABLE', 'INVALID_JSON', 'INVALID_MESSAGE', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'MESSAGE_TOO_LONG', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'], 409: ['CLIENT_MESSAGE_ID_REUSED', 'ROOM_ARCHIVED'], 413: ['PAYLOAD_TOO_LARGE'] })
  @Permission('message.write')
  @Post('rooms/:roomId/messages')
  send(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Body() body: SendMessageDto): Promise<MessageView> {
    return this.metrics.timeSend('http', this.messages.send(principal, { roomId, clientMessageId: body.clientMessageId, body: body.body, threadRootId: body.threadRootId, fileIds: body.fileIds }));
  }

  @ApiOperation({ summary: '읽음 표시 / Mark a room read up to a sequence number' })
  @ApiCreatedResponse({ type: MarkReadResponseSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'], 413: ['PAYLOAD_TOO_LARGE'] })
  @Permission('message.read')
  @Post('rooms/:roomId/read')
  async markRead(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Body() body: MarkReadDto): Promise<{ lastReadSeq: string }> {
    return { lastReadSeq: await this.reads.markRead(principal, roomId, body.seq) };
  }

  @ApiOperation({ summary: '메시지 하나 / One message' })
  @ApiOkResponse({ type: MessageViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'] })
  @Permission('message.read')
  @Get('messages/:messageId')
  message(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string): Promise<MessageView> {
    return this.reads.get(principal, messageId);
  }

  @ApiOperation({ summary: '메시지 수정 / Edit a message (its author)' })
  @ApiOkResponse({ type: MessageViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'INVALID_MESSAGE', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'MESSAGE_TOO_LONG', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 403: ['NOT_MESSAGE_AUTHOR'], 404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'], 409: ['ROOM_ARCHIVED'], 413: ['PAYLOAD_TOO_LARGE'] })
  @Permission('message.write')
  @Patch('messages/:messageId')
  edit(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string, @Body() body: EditMessageDto): Promise<MessageView> {
    return this.messages.edit(principal, messageId, body.body);
  }

  @ApiOperation({ summary: '메시지 삭제 / Delete a message (its author)' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 403: ['NOT_MESSAGE_AUTHOR'], 404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'] })
  @Permission('message.write')
  @Delete('messages/:messageId')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string): Promise<void> {
    return this.messages.delete(principal, messageId);
  }

  @ApiOperation({ summary: '공감 표시 / Add a reaction to a message' })
  @ApiOkResponse({ type: MessageViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'INVALID_MESSAGE', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'], 409: ['ROOM_ARCHIVED'] })
  @Permission('message.write')
  @Put('messages/:messageId/reactions/:emoji')
  react(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string, @Param('emoji') emoji: string): Promise<MessageView> {
    return this.messages.react(principal, messageId, emoji, true);
  }

  @ApiOperation({ summary: '공감 취소 / Take a reaction back' })
  @ApiOkResponse({ type: MessageViewSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'INVALID_MESSAGE', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'], 409: ['ROOM_ARCHIVED'] })
  @Permission('message.write')
  @Delete('messages/:messageId/reactions/:emoji')
  unreact(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string, @Param('emoji') emoji: string): Promise<MessageView> {
    return this.messages.react(principal, messageId, emoji, false);
  }

  @ApiOperation({ summary: '읽은 사람 / Who has read a message and who has not' })
  @ApiOkResponse({ type: ReadReceiptSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['MESSAGE_NOT_FOUND', 'ROOM_NOT_FOUND'] })
  @Permission('message.read')
  @Get('messages/:messageId/receipt')
  receipt(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string): Promise<ReadReceipt> {
    return this.reads.receipt(principal, messageId);
  }

  @ApiOperation({ summary: "메시지 검색 / Search the messages of the caller's rooms" })
  @ApiOkResponse({ type: MessageViewSchema, isArray: true })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'INVALID_MESSAGE', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'] })
  @Permission('message.read')
  @Get('search/messages')
  search(@CurrentPrincipal() principal: Principal, @Query() query: SearchQueryDto): Promise<MessageView[]> {
    return this.reads.search(principal, query.q, query.room);
  }
}
