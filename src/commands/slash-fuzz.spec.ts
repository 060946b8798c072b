import { describe, expect, it } from '@jest/globals';
import { Reflector } from '@nestjs/core';
import { DateTime } from 'luxon';
import { slashLines } from '../../test/utils/slash-lines.js';
import { ConsultBot } from '../../bots/consult/consult.bot.js';
import { HelpBot } from '../../bots/help/help.bot.js';
import { MeetBot } from '../../bots/meet/meet.bot.js';
import { MemoBot } from '../../bots/memo/memo.bot.js';
import { RemindBot } from '../../bots/remind/remind.bot.js';
import { TaskBot } from '../../bots/task/task.bot.js';
import { isRefusal } from '../common/ieum.exception.js';
import { UserKind, UserRole } from '../identity/identity.types.js';
import { ArgumentResolver } from './argument.resolver.js';
import { BotRegistry } from './bot.registry.js';
import { CommandService, isConfirm } from './command.service.js';
import { parseCommandLine } from './parser/tokenize.js';
import { BOT_METADATA } from './sdk/bot.decorator.js';
import type { BotMetadata, CommandContext, IeumBot } from './sdk/command-table.js';

/** Fixed and printed: the same seed makes the same lines, so a failure replays exactly. */
const SEED = 20_261_202;
const LINES = 100_000;

/** Where the pure front of the pipeline ends: the first directory lookup (a person, an agency, a room). */
class DirectoryReached extends Error {}
const directory = new Proxy(
  {},
  { get: (_, method) => () => Promise.reject(new DirectoryReached(String(method))) },
) as never;

/** The real bot tables; no handler runs, so their services are left out. */
function registryOfEveryBot(): BotRegistry {
  const registry = new BotRegistry(undefined as never, undefined as never, undefined as never);
  const none = undefined as never;
  const bots: IeumBot[] = [
    new HelpBot(registry),
    new RemindBot(none),
    new MeetBot(none),
    new ConsultBot(none, none, none),
    new TaskBot(none, none, none),
    new MemoBot(none),
  ];
  const reflector = new Reflector();
  const problems = registry.register(
    bots.map((bot) => ({
      bot: reflector.get<BotMetadata>(BOT_METADATA, bot.constructor as never),
      commands: bot.commands,
      owner: bot.constructor.name,
    })),
  );
  expect(problems).toEqual([]);
  return registry;
}

describe('slash lines, fuzzed through the pipeline up to the directory', () => {
  it(`answers ${LINES.toLocaleString('en')} hostile lines with coded refusals only`, async () => {
    const registry = registryOfEveryBot();
    const resolver = new ArgumentResolver(directory, directory, directory);
    const none = undefined as never;
    const service = new CommandService(registry, resolver, none, none, none, none, none);
    const subcommandNames = registry
      .list()
      .flatMap((e) => e.spec.subcommands.flatMap((s) => [s.name, ...(s.aliases ?? [])]))
      .filter((n) => n !== '');
    const lines = slashLines([...registry.names(), 'confirm', '확인'], subcommandNames, LINES, SEED);
    const zones = ['Asia/Seoul', 'America/New_York', 'Pacific/Kiritimati', 'UTC'];
    // Noon on a Tuesday in Seoul, the day after a leap day four years out, and a DST change in New York.
    const nows = ['2026-11-24T12:00:00+09:00', '2028-03-01T00:30:00+09:00', '2027-03-14T01:59:00-05:00'].map((iso) =>
      DateTime.fromISO(iso).toJSDate(),
    );

    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    const failures: Array<{ line: string; error: string }> = [];
    for (const [i, line] of lines.entries()) {
      const context: CommandContext = {
        sender: {
          userId: 'u-1',
          kind: UserKind.Staff,
          login: 'kim.mois',
          displayName: '김행안',
          agencyId: 'a-1',
          roles: i % 5 === 0 ? [UserRole.Member, UserRole.ComplaintInvestigator] : [UserRole.Member],
          locale: i % 2 === 0 ? 'ko' : 'en',
          timeZone: zones[i % zones.length] ?? 'Asia/Seoul',
        },
        roomId: 'r-1',
        threadRootId: null,
        messageId: `m-${i}`,
        now: nows[i % nows.length] ?? new Date(0),
        text: (t) => t.ko,
      };
      try {
        const parsed = parseCommandLine(line);
        // /confirm reads the pending confirmation from Redis: the pure part ends here.
        if (isConfirm(parsed.command)) {
          count('(confirm: Redis)');
          continue;
        }
        const prepared = await service.prepare(service.known(parsed.command), parsed.args, parsed.raw, context);
        count(prepared.question ? '(prepared, asks first)' : '(prepared)');
      } catch (error) {
        if (error instanceof DirectoryReached) count('(directory lookup)');
        else if (isRefusal(error) && typeof error.text.ko === 'string' && typeof error.text.en === 'string')
          count(String(error.code));
        else if (failures.length < 20)
          failures.push({
            line,
            error:
              error instanceof Error
                ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ')
                : String(error),
          });
        else failures.push({ line: '', error: '' });
      }
    }
    const table = [...outcomes.entries()]
      .sort(([, a], [, b]) => b - a)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    // eslint-disable-next-line no-console
    console.log(`slash fuzz: seed ${SEED}, ${lines.length} lines, ${failures.length} not coded; ${table}`);
    expect(failures.map((f) => ({ line: JSON.stringify(f.line), error: f.error }))).toEqual([]);
  }, 60_000);
});
