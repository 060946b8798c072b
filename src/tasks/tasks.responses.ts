// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { NamedRefSchema } from '../common/common.responses.js';

@ApiSchema({ name: 'TaskPage' })
export class TaskPageSchema {
  @ApiProperty({ type: () => TaskViewSchema, isArray: true })
  tasks: unknown;

  @ApiProperty({ type: String, nullable: true })
  nextCursor: unknown;
}

@ApiSchema({ name: 'TaskView' })
export class TaskViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String, description: 'The first 8 characters of the id: what /task commands take.' })
  ref: unknown;

  @ApiProperty({ type: String })
  title: unknown;

  @ApiProperty({ type: String, nullable: true })
  description: unknown;

  @ApiProperty({ enum: ['done', 'cancelled', 'open', 'in_progress'], type: String })
  status: unknown;

  @ApiProperty({ enum: ['low', 'normal', 'high', 'urgent'], type: String })
  priority: unknown;

  @ApiProperty({ type: String, nullable: true })
  dueAt: unknown;

  @ApiProperty({ type: Boolean })
  overdue: unknown;

  @ApiProperty({ type: () => NamedRefSchema })
  ownerAgency: unknown;

  @ApiProperty({ type: () => NamedRefSchema, isArray: true })
  agencies: unknown;

  @ApiProperty({ type: () => TaskPersonViewSchema })
  createdBy: unknown;

  @ApiProperty({ type: () => TaskPersonViewSchema, isArray: true })
  assignees: unknown;

  @ApiProperty({ type: () => TaskPersonViewSchema, isArray: true })
  watchers: unknown;

  @ApiProperty({ type: () => TaskChecklistSchema, isArray: true })
  checklist: unknown;

  @ApiProperty({
    type: () => TaskFileSchema,
    isArray: true,
    description:
      "Files posted in the task's thread (upload into its room, then send them in the thread); empty for readers outside the room.",
  })
  files: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The task's room; null for readers who are not its members.",
  })
  roomId: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The card in the room whose thread is the task's discussion; null for readers outside the room.",
  })
  cardMessageId: unknown;

  @ApiProperty({ type: String })
  createdAt: unknown;

  @ApiProperty({ type: String })
  updatedAt: unknown;

  @ApiProperty({ type: () => TaskCanSchema, description: 'What the reader may do.' })
  can: unknown;
}

@ApiSchema({ name: 'TaskPersonView' })
export class TaskPersonViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  login: unknown;

  @ApiProperty({ type: String })
  displayName: unknown;

  @ApiProperty({ type: String, nullable: true })
  agencyId: unknown;
}

@ApiSchema({ name: 'TaskChecklist' })
export class TaskChecklistSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  text: unknown;

  @ApiProperty({ type: Boolean })
  done: unknown;

  @ApiProperty({ type: String, nullable: true })
  doneAt: unknown;
}

@ApiSchema({ name: 'TaskFile' })
export class TaskFileSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String })
  contentType: unknown;

  @ApiProperty({ type: Number })
  size: unknown;
}

@ApiSchema({ name: 'TaskCan' })
export class TaskCanSchema {
  @ApiProperty({ type: Boolean })
  changeStatus: unknown;

  @ApiProperty({ type: Boolean })
  edit: unknown;

  @ApiProperty({ type: Boolean })
  comment: unknown;
}

@ApiSchema({ name: 'TaskEventView' })
export class TaskEventViewSchema {
  @ApiProperty({ type: String })
  id: unknown;

  @ApiProperty({
    enum: ['comment', 'created', 'status', 'checklist', 'assigned', 'unassigned', 'edited'],
    type: String,
  })
  kind: unknown;

  @ApiProperty({ type: () => TaskPersonViewSchema, nullable: true })
  actor: unknown;

  @ApiProperty({ enum: ['done', 'cancelled', 'open', 'in_progress'], type: String, nullable: true })
  fromStatus: unknown;

  @ApiProperty({ enum: ['done', 'cancelled', 'open', 'in_progress'], type: String, nullable: true })
  toStatus: unknown;

  @ApiProperty({ type: String, nullable: true })
  body: unknown;

  @ApiProperty({ type: String, isArray: true })
  userIds: unknown;

  @ApiProperty({ type: String })
  createdAt: unknown;
}
