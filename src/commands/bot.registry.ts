import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { UserRepository } from '../identity/user.repository.js';
import { BOT_METADATA } from './sdk/bot.decorator.js';
import type { BotMetadata, CommandSpec, IeumBot, SubcommandSpec } from './sdk/command-table.js';

export class BotConfigurationError extends Error {}

/**
 * The longest command name or alias a bot may declare. A typed name longer than this is unknown
 * without a lookup, and the run ledger (`command_runs.command`, varchar(64)) only ever records a
 * registered name, so nothing a person types can overflow it.
 */
export const MAX_COMMAND_NAME_LENGTH = 32;

export interface RegisteredCommand {
  bot: BotMetadata;
  spec: CommandSpec;
}

/** Command names and aliases compare after NFKC and lower-casing: `／ＴＡＳＫ` is `/task`. */
export function commandKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

/**
 * Every bot's command table, discovered at boot. A duplicate bot id, a command name or alias
 * claimed twice, or a subcommand spelled twice in one command stops start-up with the full list.
 */
@Injectable()
export class BotRegistry implements OnModuleInit {
  private readonly bots = new Map<string, BotMetadata>();
  private readonly byName = new Map<string, RegisteredCommand>();
  private readonly ordered: RegisteredCommand[] = [];
  private readonly botUsers = new Map<string, string>();
  private readonly builtins: Array<{ bot: BotMetadata; spec: CommandSpec }> = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly users: UserRepository,
  ) {}

  /** Core commands (such as /confirm) that live in the pipeline rather than in a bot. */
  addBuiltin(bot: BotMetadata, spec: CommandSpec): void {
    this.builtins.push({ bot, spec });
  }

  /**
   * Reads the bot tables and makes each bot's user, before any module's bootstrap hook runs: the
   * workers start consuming in theirs, and a job that posts as a bot needs its user.
   */
  async onModuleInit(): Promise<void> {
    const found: Array<{ bot: BotMetadata; commands: readonly CommandSpec[]; owner: string }> = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (instance === null || typeof instance !== 'object' || !wrapper.metatype) continue;
      const bot = this.reflector.get<BotMetadata | undefined>(BOT_METADATA, wrapper.metatype);
      if (!bot) continue;
      found.push({ bot, commands: (instance as IeumBot).commands ?? [], owner: instance.constructor.name });
    }
    for (const builtin of this.builtins) found.push({ bot: builtin.bot, commands: [builtin.spec], owner: 'core' });
    const problems = this.register(found);
    if (problems.length > 0)
      throw new BotConfigurationError(`Bot command tables are misconfigured:\n  - ${problems.join('\n  - ')}`);
    for (const bot of this.bots.values())
      this.botUsers.set(bot.id, await this.users.ensureBot(botLogin(bot.id), bot.displayName.ko));
  }

  /** @internal exposed for the registry's own unit test */
  register(found: Array<{ bot: BotMetadata; commands: readonly CommandSpec[]; owner: string }>): string[] {
    const problems: string[] = [];
    const owners = new Map<string, string>();
    for (const { bot, commands, owner } of found) {
      const known = this.bots.get(bot.id);
      if (known && known !== bot) problems.push(`bot id "${bot.id}" is used twice (${owner})`);
      if (!/^[a-z][a-z0-9-]{1,30}$/.test(bot.id))
        problems.push(`bot id "${bot.id}" must be lower-case letters, digits and dashes`);
      this.bots.set(bot.id, bot);
      for (const spec of commands) {
        for (const name of [spec.name, ...spec.aliases]) {
          const key = commandKey(name);
          if (key.length === 0 || key.length > MAX_COMMAND_NAME_LENGTH || /\s/u.test(key)) {
            problems.push(
              `command name "/${key}" must be 1 to ${MAX_COMMAND_NAME_LENGTH} characters without spaces (${owner})`,
            );
            continue;
          }
          const claimed = owners.get(key);
          if (claimed) {
            problems.push(`command name "/${key}" is claimed by ${claimed} and ${owner}`);
            continue;
          }
          owners.set(key, owner);
          this.byName.set(key, { bot, spec });
        }
        problems.push(...subcommandProblems(spec));
        this.ordered.push({ bot, spec });
      }
    }
    return problems;
  }

  find(name: string): RegisteredCommand | undefined {
    return this.byName.get(commandKey(name));
  }

  list(): readonly RegisteredCommand[] {
    return this.ordered;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  botUserId(botId: string): string {
    const id = this.botUsers.get(botId);
    if (!id) throw new Error(`bot "${botId}" has no user yet`);
    return id;
  }
}

export function botLogin(botId: string): string {
  return `bot.${botId}`;
}

function subcommandProblems(spec: CommandSpec): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const defaults = spec.subcommands.filter((s) => s.name === '');
  if (spec.subcommands.length === 0) problems.push(`/${spec.name} has no subcommands`);
  if (defaults.length > 1) problems.push(`/${spec.name} has ${defaults.length} default subcommands`);
  for (const sub of spec.subcommands) {
    for (const name of sub.name === '' ? [] : [sub.name, ...(sub.aliases ?? [])]) {
      const key = commandKey(name);
      if (seen.has(key)) problems.push(`/${spec.name} ${key} is spelled twice`);
      seen.add(key);
    }
    if (sub.roles?.length === 0)
      problems.push(`/${spec.name} ${sub.name}: roles, when given, must name at least one role`);
    problems.push(...argProblems(spec, sub));
  }
  return problems;
}

function argProblems(spec: CommandSpec, sub: SubcommandSpec): string[] {
  const problems: string[] = [];
  const rest = sub.args.findIndex((a) => a.kind === 'text');
  if (rest !== -1 && rest !== sub.args.length - 1)
    problems.push(`/${spec.name} ${sub.name}: a text argument must come last`);
  return problems;
}
