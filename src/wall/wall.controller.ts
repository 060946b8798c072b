import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { CreateTopicWallDto, WallCommentDto, WallFlagDto, WallPostDto, WallPostsQueryDto, WallReportDto, WallReportsQueryDto, WallSettingsDto } from './wall.dto.js';
import { WallService, type WallCommentView, type WallPostView, type WallReportedView, type WallView } from './wall.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('walls')
@ApiBearerAuth()
@Controller()
export class WallController {
  constructor(private readonly walls: WallService) {}

  @Get('walls')
  list(@CurrentPrincipal() principal: Principal): Promise<WallView[]> {
    return this.walls.list(principal);
  }

  @Post('walls')
  createTopic(@CurrentPrincipal() principal: Principal, @Body() body: CreateTopicWallDto): Promise<WallView> {
    return this.walls.createTopic(principal, body);
  }

  @Patch('walls/:wallId')
  settings(@CurrentPrincipal() principal: Principal, @Param('wallId', uuid) wallId: string, @Body() body: WallSettingsDto): Promise<WallView> {
    return this.walls.setAnonymous(principal, wallId, body.allowAnonymous);
  }

  @Get('walls/:wallId/posts')
  posts(@CurrentPrincipal() principal: Principal, @Param('wallId', uuid) wallId: string, @Query() query: WallPostsQueryDto): Promise<{ posts: WallPostView[]; nextCursor: string | null }> {
    return this.walls.posts(principal, wallId, query);
  }

  /** 201 when posted, 200 when the client key found the first post. */
  @Post('walls/:wallId/posts')
  async post(@CurrentPrincipal() principal: Principal, @Param('wallId', uuid) wallId: string, @Body() body: WallPostDto, @Res({ passthrough: true }) res: Response): Promise<WallPostView> {
    const { post, created } = await this.walls.post(principal, wallId, body);
    res.status(created ? 201 : 200);
    return post;
  }

  @Delete('wall-posts/:postId')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('postId', uuid) postId: string): Promise<void> {
    return this.walls.remove(principal, postId);
  }

  @Put('wall-posts/:postId/like')
  like(@CurrentPrincipal() principal: Principal, @Param('postId', uuid) postId: string, @Body() body: WallFlagDto): Promise<WallPostView> {
    return this.walls.like(principal, postId, body.on);
  }

  @Get('wall-posts/:postId/comments')
  comments(@CurrentPrincipal() principal: Principal, @Param('postId', uuid) postId: string): Promise<WallCommentView[]> {
    return this.walls.comments(principal, postId);
  }

  @Post('wall-posts/:postId/comments')
  comment(@CurrentPrincipal() principal: Principal, @Param('postId', uuid) postId: string, @Body() body: WallCommentDto): Promise<WallCommentView> {
    return this.walls.comment(principal, postId, body);
  }

  @Post('wall-posts/:postId/reports')
  @HttpCode(200)
  report(@CurrentPrincipal() principal: Principal, @Param('postId', uuid) postId: string, @Body() body: WallReportDto): Promise<{ reported: boolean }> {
    return this.walls.report(principal, postId, body.reason);
  }

  /** The moderators' view: reported posts and comments of the walls the caller moderates. */
  @Get('wall-reports')
  reported(@CurrentPrincipal() principal: Principal, @Query() query: WallReportsQueryDto): Promise<{ items: WallReportedView[]; nextCursor: string | null }> {
    return this.walls.reported(principal, query);
  }

  @Post('wall-comments/:commentId/reports')
  @HttpCode(200)
  reportComment(@CurrentPrincipal() principal: Principal, @Param('commentId', uuid) commentId: string, @Body() body: WallReportDto): Promise<{ reported: boolean }> {
    return this.walls.reportComment(principal, commentId, body.reason);
  }

  @Put('wall-comments/:commentId/hidden')
  hideComment(@CurrentPrincipal() principal: Principal, @Param('commentId', uuid) commentId: string, @Body() body: WallFlagDto): Promise<WallCommentView> {
    return this.walls.hideComment(principal, commentId, body.on);
  }

  @Put('wall-posts/:postId/hidden')
  hide(@CurrentPrincipal() principal: Principal, @Param('postId', uuid) postId: string, @Body() body: WallFlagDto): Promise<WallPostView> {
    return this.walls.hide(principal, postId, body.on);
  }
}
