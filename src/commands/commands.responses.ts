// Response shapes for the API document: classes for documentation only, mirroring the views the services return.
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { LocalisedTextSchema } from '../common/common.responses.js';

@ApiSchema({ name: 'CommandHint' })
export class CommandHintSchema {
  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String, isArray: true })
  aliases: unknown;

  @ApiProperty({ type: String })
  bot: unknown;

  @ApiProperty({ type: () => LocalisedTextSchema })
  summary: unknown;

  @ApiProperty({ type: () => CommandHintSubcommandSchema, isArray: true })
  subcommands: unknown;
}

@ApiSchema({ name: 'CommandHintSubcommand' })
export class CommandHintSubcommandSchema {
  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String, isArray: true })
  aliases: unknown;

  @ApiProperty({ type: () => LocalisedTextSchema })
  summary: unknown;

  @ApiProperty({ type: String })
  usage: unknown;

  @ApiProperty({ type: String, isArray: true })
  examples: unknown;

  @ApiProperty({ type: () => CommandHintSubcommandArgSchema, isArray: true })
  args: unknown;

  @ApiProperty({ type: () => CommandHintSubcommandOptionSchema, isArray: true })
  options: unknown;
}

@ApiSchema({ name: 'CommandHintSubcommandArg' })
export class CommandHintSubcommandArgSchema {
  @ApiProperty({ type: String })
  name: unknown;

  @ApiProperty({ type: String })
  kind: unknown;

  @ApiProperty({ type: Boolean })
  required: unknown;

  @ApiProperty({ type: () => LocalisedTextSchema })
  description: unknown;
}

@ApiSchema({ name: 'CommandHintSubcommandOption' })
export class CommandHintSubcommandOptionSchema {
  @ApiProperty({ type: String })
  key: unknown;

  @ApiProperty({ type: String, isArray: true })
  aliases: unknown;

  @ApiProperty({ type: String })
  kind: unknown;

  @ApiProperty({ type: () => LocalisedTextSchema })
  description: unknown;
}

@ApiSchema({ name: 'CommandRunView' })
export class CommandRunViewSchema {
  @ApiProperty({ type: String })
  messageId: unknown;

  @ApiProperty({ type: String, nullable: true })
  command: unknown;

  @ApiProperty({ enum: ['done', 'failed', 'running', 'awaiting_confirmation'], type: String })
  status: unknown;

  @ApiProperty({ type: String, nullable: true })
  errorCode: unknown;

  @ApiProperty({ type: String, nullable: true })
  reply: unknown;

  @ApiProperty({ type: Boolean })
  ephemeral: unknown;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'While the command waits: the code `/confirm` takes (null once used or lapsed).',
  })
  confirmationCode: unknown;

  @ApiProperty({ type: String })
  updatedAt: unknown;
}
