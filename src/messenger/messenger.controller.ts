import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ChangesQueryDto, CreateRoomDto, EditMessageDto, InviteDto, MarkReadDto, OpenDirectDto, PageQueryDto, SearchQueryDto, SendMessageDto, UpdateRoomDto } from './messenger.dto.js';
import { MessageService, type ReadReceipt } from './message.service.js';
import type { ChangesPage, MessageView, RoomView } from './realtime/socket-events.js';
import type { RoomSummaryRow } from './room.repository.js';
import { roomView } from './room-view.js';
import { RoomService, type RoomMemberView } from './room.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('messenger')
@ApiBearerAuth()
@Controller()
export class MessengerController {
  constructor(
    private readonly rooms: RoomService,
    private readonly messages: MessageService,
    private readonly metrics: MetricsService,
  ) {}

  @Get('rooms')
  listRooms(@CurrentPrincipal() principal: Principal): Promise<RoomSummaryRow[]> {
    return this.rooms.listMine(principal);
  }

  @Post('rooms')
  async createRoom(@CurrentPrincipal() principal: Principal, @Body() body: CreateRoomDto): Promise<RoomView> {
    return roomView(await this.rooms.create(principal, body));
  }

  @Post('rooms/direct')
  @HttpCode(200)
  async openDirect(@CurrentPrincipal() principal: Principal, @Body() body: OpenDirectDto): Promise<RoomView> {
    return roomView(await this.rooms.openDirect(principal, body.userId));
  }

  @Get('rooms/:roomId')
  async room(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<RoomView> {
    return roomView((await this.rooms.access(principal, roomId)).room);
  }

  @Patch('rooms/:roomId')
  async updateRoom(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Body() body: UpdateRoomDto): Promise<RoomView> {
    return roomView(await this.rooms.update(principal, roomId, body));
  }

  @Post('rooms/:roomId/archive')
  @HttpCode(204)
  archive(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<void> {
    return this.rooms.archive(principal, roomId);
  }

  @Get('rooms/:roomId/members')
  members(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<RoomMemberView[]> {
    return this.rooms.members(principal, roomId);
  }

  @Post('rooms/:roomId/members')
  async invite(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Body() body: InviteDto): Promise<{ added: string[] }> {
    return { added: await this.rooms.invite(principal, roomId, body) };
  }

  @Delete('rooms/:roomId/members/me')
  @HttpCode(204)
  leave(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<void> {
    return this.rooms.leave(principal, roomId);
  }

  @Delete('rooms/:roomId/members/:userId')
  @HttpCode(204)
  removeMember(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Param('userId', uuid) userId: string): Promise<void> {
    return this.rooms.removeMember(principal, roomId, userId);
  }

  @Get('rooms/:roomId/messages')
  page(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Query() query: PageQueryDto): Promise<MessageView[]> {
    return this.messages.page(principal, roomId, { before: query.before, after: query.after, limit: query.limit, threadRootId: query.thread });
  }

  /** What changed in the room after a change number: new, edited and deleted messages and reactions, for a client filling a gap. */
  @Get('rooms/:roomId/changes')
  changes(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Query() query: ChangesQueryDto): Promise<ChangesPage> {
    return this.messages.changes(principal, roomId, { after: query.after, limit: query.limit });
  }

  @Post('rooms/:roomId/messages')
  send(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Body() body: SendMessageDto): Promise<MessageView> {
    return this.metrics.timeSend('http', this.messages.send(principal, { roomId, clientMessageId: body.clientMessageId, body: body.body, threadRootId: body.threadRootId, fileIds: body.fileIds }));
  }

  @Post('rooms/:roomId/read')
  async markRead(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Body() body: MarkReadDto): Promise<{ lastReadSeq: string }> {
    return { lastReadSeq: await this.messages.markRead(principal, roomId, body.seq) };
  }

  @Get('messages/:messageId')
  message(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string): Promise<MessageView> {
    return this.messages.get(principal, messageId);
  }

  @Patch('messages/:messageId')
  edit(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string, @Body() body: EditMessageDto): Promise<MessageView> {
    return this.messages.edit(principal, messageId, body.body);
  }

  @Delete('messages/:messageId')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string): Promise<void> {
    return this.messages.delete(principal, messageId);
  }

  @Put('messages/:messageId/reactions/:emoji')
  react(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string, @Param('emoji') emoji: string): Promise<MessageView> {
    return this.messages.react(principal, messageId, emoji, true);
  }

  @Delete('messages/:messageId/reactions/:emoji')
  unreact(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string, @Param('emoji') emoji: string): Promise<MessageView> {
    return this.messages.react(principal, messageId, emoji, false);
  }

  @Get('messages/:messageId/receipt')
  receipt(@CurrentPrincipal() principal: Principal, @Param('messageId', uuid) messageId: string): Promise<ReadReceipt> {
    return this.messages.receipt(principal, messageId);
  }

  @Get('search/messages')
  search(@CurrentPrincipal() principal: Principal, @Query() query: SearchQueryDto): Promise<MessageView[]> {
    return this.messages.search(principal, query.q, query.room);
  }
}
