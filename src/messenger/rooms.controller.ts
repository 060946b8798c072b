import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
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
import { CreateRoomDto, InviteDto, OpenDirectDto, UpdateRoomDto } from './messenger.dto.js';
import type { RoomView } from './realtime/socket-events.js';
import type { RoomSummaryRow } from './room.repository.js';
import { roomView } from './room-view.js';
import { RoomService, type RoomMemberView } from './room.service.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import {
  InviteResponseSchema,
  RoomMemberViewSchema,
  RoomSummaryRowSchema,
  RoomViewSchema,
} from './messenger.responses.js';
import { Permission } from '../access/permission.decorator.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** The messenger's rooms: listing, creating, opening a direct room, settings, archiving, and members (the messages: MessengerController). */
@ApiTags('messenger')
@ApiBearerAuth()
@Controller()
export class RoomsController {
  constructor(private readonly rooms: RoomService) {}

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
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'CROSS_AGENCY_NOT_ALLOWED',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['STAFF_ONLY'],
    404: ['AGENCY_NOT_FOUND', 'ROOM_USER_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('room.create')
  @Post('rooms')
  async createRoom(@CurrentPrincipal() principal: Principal, @Body() body: CreateRoomDto): Promise<RoomView> {
    return roomView(await this.rooms.create(principal, body));
  }

  @ApiOperation({ summary: '1:1 대화방 열기 / Open (or reuse) a direct room with one person' })
  @ApiOkResponse({ type: RoomViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['STAFF_ONLY'],
    404: ['ROOM_USER_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
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

  @ApiOperation({
    summary: '대화방 이름·주제·초대 정책 바꾸기 / Rename a room, change its topic or who may invite (owners)',
  })
  @ApiOkResponse({ type: RoomViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['ROOM_NOT_FOUND'],
    409: ['ROOM_KIND_FIXED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('room.manage')
  @Patch('rooms/:roomId')
  async updateRoom(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Body() body: UpdateRoomDto,
  ): Promise<RoomView> {
    return roomView(await this.rooms.update(principal, roomId, body));
  }

  @ApiOperation({ summary: '대화방 보관 / Archive a room: it can be read but not written to (owners)' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['ROOM_NOT_FOUND'],
    409: ['ROOM_KIND_FIXED'],
  })
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

  @ApiOperation({
    summary: '대화방에 초대 / Invite people or whole agencies into a room (owners; any member when the room allows it)',
  })
  @ApiCreatedResponse({ type: InviteResponseSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'CROSS_AGENCY_NOT_ALLOWED',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['AGENCY_NOT_FOUND', 'ROOM_NOT_FOUND', 'ROOM_USER_NOT_FOUND'],
    409: ['ROOM_ARCHIVED', 'ROOM_KIND_FIXED'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('room.invite')
  @Post('rooms/:roomId/members')
  async invite(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Body() body: InviteDto,
  ): Promise<{ added: string[] }> {
    return { added: await this.rooms.invite(principal, roomId, body) };
  }

  @ApiOperation({ summary: '대화방 나가기 / Leave a room' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['ROOM_NOT_FOUND'],
    409: ['ROOM_KIND_FIXED'],
  })
  @Permission('room.read')
  @Delete('rooms/:roomId/members/me')
  @HttpCode(204)
  leave(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<void> {
    return this.rooms.leave(principal, roomId);
  }

  @ApiOperation({
    summary: '참여자 내보내기(대화방 관리자) / Take someone out of a room (owners); their access ends at once',
  })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['ROOM_NOT_FOUND', 'ROOM_USER_NOT_FOUND'],
    409: ['ROOM_KIND_FIXED'],
  })
  @Permission('room.manage')
  @Delete('rooms/:roomId/members/:userId')
  @HttpCode(204)
  removeMember(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Param('userId', uuid) userId: string,
  ): Promise<void> {
    return this.rooms.removeMember(principal, roomId, userId);
  }
}
