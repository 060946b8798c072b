import { BotRegistry, commandKey } from '../../src/commands/bot.registry.js';
import { Bot } from '../../src/commands/sdk/bot.decorator.js';
import { CommandArgsReader as read } from '../../src/commands/sdk/command-args.js';
import type {
  CommandArgs,
  CommandContext,
  CommandReply,
  CommandSpec,
  IeumBot,
} from '../../src/commands/sdk/command-table.js';
import { CommandException } from '../../src/commands/command.exception.js';
import type { LocalisedText } from '../../src/common/ieum.exception.js';

/** `/help`, written from the command tables every bot declares; nothing here lists commands by hand. */
@Bot({ id: 'help', displayName: { ko: '도움말', en: 'Help' } })
export class HelpBot implements IeumBot {
  constructor(private readonly registry: BotRegistry) {}

  readonly commands: readonly CommandSpec[] = [
    {
      name: 'help',
      aliases: ['도움말', '도움'],
      summary: { en: 'What every command does', ko: '모든 명령의 설명' },
      subcommands: [
        {
          name: '',
          summary: { en: 'List commands, or explain one', ko: '명령 목록 또는 한 명령의 설명' },
          usage: '/help [command]',
          examples: ['/help', '/help remind', '/도움말 알림'],
          args: [{ name: 'command', kind: 'word', description: { en: 'a command name', ko: '명령 이름' } }],
          run: (context, args) => this.help(context, args),
        },
      ],
    },
  ];

  private help(_context: CommandContext, args: CommandArgs): Promise<CommandReply> {
    const name = read.text(args, 'command')?.replace(/^\//, '');
    if (!name) return Promise.resolve({ visibility: 'ephemeral', text: this.overview() });
    const entry = this.registry.find(name);
    if (!entry) throw CommandException.unknown(commandKey(name), null);
    return Promise.resolve({ visibility: 'ephemeral', text: detail(entry.spec) });
  }

  private overview(): LocalisedText {
    const specs = this.registry.list().map((e) => e.spec);
    const line = (spec: CommandSpec, locale: keyof LocalisedText) => {
      const aliases = spec.aliases.length > 0 ? ` (${spec.aliases.map((a) => `/${a}`).join(', ')})` : '';
      return `/${spec.name}${aliases}: ${spec.summary[locale]}`;
    };
    return {
      en: ['Commands:', ...specs.map((s) => line(s, 'en')), 'Type /help <command> for details.'].join('\n'),
      ko: ['명령 목록:', ...specs.map((s) => line(s, 'ko')), '자세한 설명은 /도움말 <명령> 을 입력하세요.'].join('\n'),
    };
  }
}

function detail(spec: CommandSpec): LocalisedText {
  const render = (locale: keyof LocalisedText) => {
    const lines = [`/${spec.name}: ${spec.summary[locale]}`];
    if (spec.aliases.length > 0)
      lines.push(`${locale === 'ko' ? '다른 이름' : 'Also'}: ${spec.aliases.map((a) => `/${a}`).join(', ')}`);
    for (const sub of spec.subcommands) {
      lines.push(`• ${sub.usage}: ${sub.summary[locale]}`);
      for (const option of sub.options ?? []) lines.push(`    ${option.key}:… ${option.description[locale]}`);
      for (const example of sub.examples.slice(0, 3)) lines.push(`    ${locale === 'ko' ? '예' : 'e.g.'} ${example}`);
    }
    return lines.join('\n');
  };
  return { en: render('en'), ko: render('ko') };
}
