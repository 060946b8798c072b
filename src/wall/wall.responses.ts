// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { FileViewSchema } from '../files/files.responses.js';

@ApiSchema({ name: 'WallView' })
export class WallViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ enum: ['agency', 'topic', 'government'], type: String })
  kind: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String, nullable: true })
  agencyId: unknown;

  @ApiProperty({ type: Boolean })
  allowAnonymous: unknown;

  @ApiProperty({ type: Boolean, description: 'Whether the caller may hide posts here.' })
  moderator: unknown;
}

@ApiSchema({ name: 'WallPostPage' })
export class WallPostPageSchema {
  @ApiProperty({ type: () => WallPostViewSchema, isArray: true })
  posts: unknown;

  @ApiProperty({ type: String, nullable: true })
  nextCursor: unknown;
}

@ApiSchema({ name: 'WallPostView' })
export class WallPostViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  wallId: unknown;

  @ApiProperty({ type: () => WallPostAuthorSchema, nullable: true })
  author: unknown;

  @ApiProperty({ type: Boolean })
  anonymous: unknown;

  @ApiProperty({ type: Boolean, description: 'The caller wrote it (told only to its author).' })
  mine: unknown;

  @ApiProperty({ type: String })
  body: unknown;

  @ApiProperty({ type: () => FileViewSchema, isArray: true })
  files: unknown;

  @ApiProperty({ type: Number })
  likeCount: unknown;

  @ApiProperty({ type: Number })
  commentCount: unknown;

  @ApiProperty({ type: Boolean })
  likedByMe: unknown;

  @ApiPropertyOptional({
    type: () => WallPostModerationSchema,
    description: 'Moderators only: hidden or not, and how often it was reported.',
  })
  moderation?: unknown;

  @ApiProperty({ type: String })
  createdAt: unknown;
}

/** Who wrote a post or a comment (null when it was written anonymously). */
@ApiSchema({ name: 'WallAuthor' })
export class WallPostAuthorSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String, nullable: true })
  agencyName: unknown;
}

@ApiSchema({ name: 'WallModeration' })
export class WallPostModerationSchema {
  @ApiProperty({ type: Boolean })
  hidden: unknown;

  @ApiProperty({ type: Number })
  reports: unknown;
}

@ApiSchema({ name: 'WallCommentView' })
export class WallCommentViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  postId: unknown;

  @ApiProperty({ type: () => WallPostAuthorSchema, nullable: true })
  author: unknown;

  @ApiProperty({ type: Boolean })
  anonymous: unknown;

  @ApiProperty({ type: Boolean })
  mine: unknown;

  @ApiProperty({ type: String })
  body: unknown;

  @ApiPropertyOptional({ type: () => WallPostModerationSchema, description: 'Moderators only, as on posts.' })
  moderation?: unknown;

  @ApiProperty({ type: String })
  createdAt: unknown;
}

@ApiSchema({ name: 'ReportResponse' })
export class ReportResponseSchema {
  @ApiProperty({ type: Boolean })
  reported: unknown;
}

@ApiSchema({ name: 'WallReportPage' })
export class WallReportPageSchema {
  @ApiProperty({ type: () => WallReportedViewSchema, isArray: true })
  items: unknown;

  @ApiProperty({ type: String, nullable: true })
  nextCursor: unknown;
}

@ApiSchema({ name: 'WallReportedView' })
export class WallReportedViewSchema {
  @ApiProperty({ enum: ['comment', 'post'], type: String })
  kind: unknown;

  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String, description: 'The post itself, or the post the comment is on.' })
  postId: unknown;

  @ApiProperty({ type: String })
  wallId: unknown;

  @ApiProperty({ type: String })
  wallName: unknown;

  @ApiProperty({ type: () => WallPostAuthorSchema, nullable: true })
  author: unknown;

  @ApiProperty({ type: Boolean })
  anonymous: unknown;

  @ApiProperty({ type: String })
  body: unknown;

  @ApiProperty({ type: Number })
  reports: unknown;

  @ApiProperty({
    type: String,
    isArray: true,
    description: 'The newest reasons given (at most five), without who gave them.',
  })
  reasons: unknown;

  @ApiProperty({ type: Boolean })
  hidden: unknown;

  @ApiProperty({ type: String })
  lastReportedAt: unknown;

  @ApiProperty({ type: String })
  createdAt: unknown;
}

@ApiSchema({ name: 'ReportCommentResponse' })
export class ReportCommentResponseSchema {
  @ApiProperty({ type: Boolean })
  reported: unknown;
}
