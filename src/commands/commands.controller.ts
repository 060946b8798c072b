import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { BotRegistry } from './bot.registry.js';
import { CommandService, type CommandRunView } from './command.service.js';
import type { LocalisedText } from '../common/ieum.exception.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { CommandHintSchema, CommandRunViewSchema } from './commands.responses.js';
import { Permission } from '../access/permission.decorator.js';

export interface CommandHint {
  name: string;
  aliases: string[];
  bot: string;
  summary: LocalisedText;
  subcommands: Array<{
    name: string;
    aliases: string[];
    summary: LocalisedText;
    usage: string;
    examples: string[];
    args: Array<{ name: string; kind: string; required: boolean; description: LocalisedText }>;
    options: Array<{ key: string; aliases: string[]; kind: string; description: LocalisedText }>;
  }>;
}

@ApiTags('commands')
@ApiBearerAuth()
@Controller('commands')
export class CommandsController {
  constructor(
    private readonly registry: BotRegistry,
    private readonly commands: CommandService,
  ) {}

  @ApiOperation({
    summary: '명령어 목록 / Every slash command with its aliases, usage and argument hints, for completion in clients',
  })
  @ApiOkResponse({ type: CommandHintSchema, isArray: true })
  @ApiErrors({ 401: SESSION_ERRORS })
  @Permission('session')
  @Get()
  list(): CommandHint[] {
    return this.registry.list().map(({ bot, spec }) => ({
      name: spec.name,
      aliases: spec.aliases,
      bot: bot.id,
      summary: spec.summary,
      subcommands: spec.subcommands.map((s) => ({
        name: s.name,
        aliases: s.aliases ?? [],
        summary: s.summary,
        usage: s.usage,
        examples: s.examples,
        args: s.args.map((a) => ({
          name: a.name,
          kind: a.kind,
          required: a.required ?? false,
          description: a.description,
        })),
        options: (s.options ?? []).map((o) => ({
          key: o.key,
          aliases: o.aliases ?? [],
          kind: o.kind,
          description: o.description,
        })),
      })),
    }));
  }

  @ApiOperation({
    summary:
      '명령 실행 결과 / The outcome of a command the caller sent (its reply, or the confirmation code while it waits for one)',
  })
  @ApiOkResponse({ type: CommandRunViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    404: ['COMMAND_TARGET_NOT_FOUND'],
  })
  @Permission('message.read')
  @Get('runs/:messageId')
  run(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId', new ParseUUIDPipe()) messageId: string,
  ): Promise<CommandRunView> {
    return this.commands.runOf(messageId, principal.userId);
  }
}
