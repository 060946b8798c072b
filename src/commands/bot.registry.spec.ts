import { describe, expect, it } from '@jest/globals';
import { BotRegistry, MAX_COMMAND_NAME_LENGTH } from './bot.registry.js';
import type { CommandSpec } from './sdk/command-table.js';

const text = { en: 'x', ko: 'x' };
const spec = (name: string, aliases: string[], subs: string[] = ['']): CommandSpec => ({
  name,
  aliases,
  summary: text,
  subcommands: subs.map((sub) => ({
    name: sub,
    summary: text,
    usage: `/${name} ${sub}`,
    examples: [],
    args: [],
    run: () => Promise.resolve({ text, visibility: 'ephemeral' as const }),
  })),
});

// The registry's table logic needs none of its Nest collaborators.
const registry = () => new BotRegistry(null as never, null as never, null as never);

describe('BotRegistry', () => {
  it('accepts distinct names and finds them by alias, width and case', () => {
    const r = registry();
    const problems = r.register([
      { bot: { id: 'remind', displayName: text }, commands: [spec('remind', ['알림'])], owner: 'RemindBot' },
      { bot: { id: 'help', displayName: text }, commands: [spec('help', ['도움말'])], owner: 'HelpBot' },
    ]);
    expect(problems).toEqual([]);
    expect(r.find('ＲＥＭＩＮＤ')?.spec.name).toBe('remind');
    expect(r.find('알림')?.bot.id).toBe('remind');
    expect(r.find('도움말')?.spec.name).toBe('help');
    expect(r.find('task')).toBeUndefined();
  });

  it('refuses a duplicate bot id, a command alias claimed twice and a subcommand spelled twice', () => {
    const problems = registry().register([
      { bot: { id: 'remind', displayName: text }, commands: [spec('remind', ['알림'])], owner: 'RemindBot' },
      { bot: { id: 'remind', displayName: text }, commands: [spec('reminder', [])], owner: 'OtherBot' },
      {
        bot: { id: 'task', displayName: text },
        commands: [spec('task', ['알림'], ['list', 'list'])],
        owner: 'TaskBot',
      },
    ]);
    expect(problems).toEqual([
      'bot id "remind" is used twice (OtherBot)',
      'command name "/알림" is claimed by RemindBot and TaskBot',
      '/task list is spelled twice',
    ]);
  });

  it('refuses a name the run ledger could not hold, or one with a space', () => {
    const long = 'a'.repeat(MAX_COMMAND_NAME_LENGTH + 1);
    const problems = registry().register([
      { bot: { id: 'odd', displayName: text }, commands: [spec(long, ['two words'])], owner: 'OddBot' },
    ]);
    expect(problems).toEqual([
      `command name "/${long}" must be 1 to ${MAX_COMMAND_NAME_LENGTH} characters without spaces (OddBot)`,
      `command name "/two words" must be 1 to ${MAX_COMMAND_NAME_LENGTH} characters without spaces (OddBot)`,
    ]);
  });
});
