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
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import {
  CreateTopicWallDto,
  WallCommentDto,
  WallFlagDto,
  WallPostDto,
  WallPostsQueryDto,
  WallReportDto,
  WallReportsQueryDto,
  WallSettingsDto,
} from './wall.dto.js';
import { WallService, type WallCommentView, type WallPostView, type WallView } from './wall.service.js';
import { WallModerationService, type WallReportedView } from './wall-moderation.service.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import {
  WallPostPageSchema,
  ReportCommentResponseSchema,
  ReportResponseSchema,
  WallReportPageSchema,
  WallCommentViewSchema,
  WallPostViewSchema,
  WallViewSchema,
} from './wall.responses.js';
import { Permission } from '../access/permission.decorator.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('walls')
@ApiBearerAuth()
@Controller()
export class WallController {
  constructor(
    private readonly walls: WallService,
    private readonly moderation: WallModerationService,
  ) {}

  @ApiOperation({ summary: '담벼락 목록 / The walls the caller may read' })
  @ApiOkResponse({ type: WallViewSchema, isArray: true })
  @ApiErrors({ 401: SESSION_ERRORS, 403: ['WALL_NOT_STAFF'] })
  @Permission('wall.read')
  @Get('walls')
  list(@CurrentPrincipal() principal: Principal): Promise<WallView[]> {
    return this.walls.list(principal);
  }

  @ApiOperation({ summary: '주제 담벼락 만들기 / Create a topic wall' })
  @ApiCreatedResponse({ type: WallViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_MODERATOR', 'WALL_NOT_STAFF'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('wall.manage')
  @Post('walls')
  createTopic(@CurrentPrincipal() principal: Principal, @Body() body: CreateTopicWallDto): Promise<WallView> {
    return this.walls.createTopic(principal, body);
  }

  @ApiOperation({ summary: "담벼락 설정 / Change a wall's settings (moderators)" })
  @ApiOkResponse({ type: WallViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_MODERATOR', 'WALL_NOT_STAFF'],
    404: ['WALL_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('wall.manage')
  @Patch('walls/:wallId')
  settings(
    @CurrentPrincipal() principal: Principal,
    @Param('wallId', uuid) wallId: string,
    @Body() body: WallSettingsDto,
  ): Promise<WallView> {
    return this.walls.setAnonymous(principal, wallId, body.allowAnonymous);
  }

  @ApiOperation({ summary: "담벼락 글 목록 / A page of a wall's posts" })
  @ApiOkResponse({ type: WallPostPageSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_STAFF'],
    404: ['WALL_NOT_FOUND'],
  })
  @Permission('wall.read')
  @Get('walls/:wallId/posts')
  posts(
    @CurrentPrincipal() principal: Principal,
    @Param('wallId', uuid) wallId: string,
    @Query() query: WallPostsQueryDto,
  ): Promise<{ posts: WallPostView[]; nextCursor: string | null }> {
    return this.walls.posts(principal, wallId, query);
  }

  /** 201 when posted, 200 when the client key found the first post. */
  @ApiOperation({ summary: '담벼락에 글쓰기 / Post on a wall' })
  @ApiCreatedResponse({ type: WallPostViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'VALIDATION_FAILED',
      'WALL_ANONYMOUS_NOT_ALLOWED',
      'WALL_FILES_NOT_ATTACHABLE',
    ],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_STAFF'],
    404: ['WALL_NOT_FOUND', 'WALL_POST_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
    429: ['WALL_TOO_MANY_WRITES'],
  })
  @Permission('wall.write')
  @Post('walls/:wallId/posts')
  async post(
    @CurrentPrincipal() principal: Principal,
    @Param('wallId', uuid) wallId: string,
    @Body() body: WallPostDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WallPostView> {
    const { post, created } = await this.walls.post(principal, wallId, body);
    res.status(created ? 201 : 200);
    return post;
  }

  @ApiOperation({ summary: '담벼락 글 삭제 / Delete a post (its author)' })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_AUTHOR', 'WALL_NOT_STAFF'],
    404: ['WALL_POST_NOT_FOUND'],
  })
  @Permission('wall.write')
  @Delete('wall-posts/:postId')
  @HttpCode(204)
  remove(@CurrentPrincipal() principal: Principal, @Param('postId', uuid) postId: string): Promise<void> {
    return this.walls.remove(principal, postId);
  }

  @ApiOperation({ summary: '좋아요 / Like or unlike a post' })
  @ApiOkResponse({ type: WallPostViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_STAFF'],
    404: ['WALL_POST_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('wall.write')
  @Put('wall-posts/:postId/like')
  like(
    @CurrentPrincipal() principal: Principal,
    @Param('postId', uuid) postId: string,
    @Body() body: WallFlagDto,
  ): Promise<WallPostView> {
    return this.walls.like(principal, postId, body.on);
  }

  @ApiOperation({ summary: "댓글 목록 / A post's comments" })
  @ApiOkResponse({ type: WallCommentViewSchema, isArray: true })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_STAFF'],
    404: ['WALL_POST_NOT_FOUND'],
  })
  @Permission('wall.read')
  @Get('wall-posts/:postId/comments')
  comments(
    @CurrentPrincipal() principal: Principal,
    @Param('postId', uuid) postId: string,
  ): Promise<WallCommentView[]> {
    return this.walls.comments(principal, postId);
  }

  @ApiOperation({ summary: '댓글 쓰기 / Comment on a post' })
  @ApiCreatedResponse({ type: WallCommentViewSchema })
  @ApiErrors({
    400: [
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'VALIDATION_FAILED',
      'WALL_ANONYMOUS_NOT_ALLOWED',
    ],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_STAFF'],
    404: ['WALL_COMMENT_NOT_FOUND', 'WALL_POST_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
    429: ['WALL_TOO_MANY_WRITES'],
  })
  @Permission('wall.write')
  @Post('wall-posts/:postId/comments')
  comment(
    @CurrentPrincipal() principal: Principal,
    @Param('postId', uuid) postId: string,
    @Body() body: WallCommentDto,
  ): Promise<WallCommentView> {
    return this.walls.comment(principal, postId, body);
  }

  @ApiOperation({ summary: '글 신고 / Report a post to the moderators' })
  @ApiOkResponse({ type: ReportResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_STAFF'],
    404: ['WALL_POST_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('wall.write')
  @Post('wall-posts/:postId/reports')
  @HttpCode(200)
  report(
    @CurrentPrincipal() principal: Principal,
    @Param('postId', uuid) postId: string,
    @Body() body: WallReportDto,
  ): Promise<{ reported: boolean }> {
    return this.moderation.report(principal, postId, body.reason);
  }

  /** The moderators' view: reported posts and comments of the walls the caller moderates. */
  @ApiOperation({ summary: '신고된 글·댓글 / Reported posts and comments (moderators)' })
  @ApiOkResponse({ type: WallReportPageSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_MODERATOR', 'WALL_NOT_STAFF'],
  })
  @Permission('wall.manage')
  @Get('wall-reports')
  reported(
    @CurrentPrincipal() principal: Principal,
    @Query() query: WallReportsQueryDto,
  ): Promise<{ items: WallReportedView[]; nextCursor: string | null }> {
    return this.moderation.reported(principal, query);
  }

  @ApiOperation({ summary: '댓글 신고 / Report a comment to the moderators' })
  @ApiOkResponse({ type: ReportCommentResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_STAFF'],
    404: ['WALL_COMMENT_NOT_FOUND', 'WALL_POST_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('wall.write')
  @Post('wall-comments/:commentId/reports')
  @HttpCode(200)
  reportComment(
    @CurrentPrincipal() principal: Principal,
    @Param('commentId', uuid) commentId: string,
    @Body() body: WallReportDto,
  ): Promise<{ reported: boolean }> {
    return this.moderation.reportComment(principal, commentId, body.reason);
  }

  @ApiOperation({ summary: '댓글 숨기기 / Hide or show a comment (moderators)' })
  @ApiOkResponse({ type: WallCommentViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_MODERATOR', 'WALL_NOT_STAFF'],
    404: ['WALL_COMMENT_NOT_FOUND', 'WALL_POST_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('wall.manage')
  @Put('wall-comments/:commentId/hidden')
  hideComment(
    @CurrentPrincipal() principal: Principal,
    @Param('commentId', uuid) commentId: string,
    @Body() body: WallFlagDto,
  ): Promise<WallCommentView> {
    return this.moderation.hideComment(principal, commentId, body.on);
  }

  @ApiOperation({ summary: '글 숨기기 / Hide or show a post (moderators)' })
  @ApiOkResponse({ type: WallPostViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['WALL_NOT_MODERATOR', 'WALL_NOT_STAFF'],
    404: ['WALL_POST_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('wall.manage')
  @Put('wall-posts/:postId/hidden')
  hide(
    @CurrentPrincipal() principal: Principal,
    @Param('postId', uuid) postId: string,
    @Body() body: WallFlagDto,
  ): Promise<WallPostView> {
    return this.moderation.hide(principal, postId, body.on);
  }
}
