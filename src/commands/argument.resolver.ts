import { Injectable } from '@nestjs/common';
import type { LocalisedText } from '../common/ieum.exception.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { UserKind } from '../identity/identity.types.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UserRepository } from '../identity/user.repository.js';
import { RoomRepository } from '../messenger/room.repository.js';
import { CommandException } from './command.exception.js';
import { CommandParseException } from './parser/command-parse.exception.js';
import { parseDuration, takeWhen } from './parser/when.js';
import { parseRecurrence } from './parser/recurrence-text.js';
import type { Token } from './parser/tokenize.js';
import type {
  ArgSpec,
  CommandArgs,
  CommandContext,
  OptionSpec,
  ResolvedAgency,
  ResolvedUser,
  ResolvedValue,
  SubcommandSpec,
} from './sdk/command-table.js';

const SELF = new Set(['me', 'myself', '나', '나에게', '내게', '저', '저에게']);

/**
 * Turns the tokens after a subcommand into the typed values its table asks for: directory
 * lookups for people, agencies and rooms, and the time parsers for dates, schedules and
 * durations. A problem becomes a CommandException carrying the usage line.
 */
@Injectable()
export class ArgumentResolver {
  constructor(
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly rooms: RoomRepository,
  ) {}

  async resolve(sub: SubcommandSpec, tokens: Token[], raw: string, context: CommandContext): Promise<CommandArgs> {
    const fail = (problem: LocalisedText): never => {
      throw CommandException.badArguments(sub.usage, problem);
    };
    const values: Record<string, ResolvedValue> = {};
    const positional = tokens.filter((t) => t.kind !== 'option');
    for (const option of tokens.filter((t) => t.kind === 'option')) {
      const spec = findOption(sub.options ?? [], option.key ?? '');
      if (!spec) {
        const known = (sub.options ?? []).map((o) => `${o.key}:`).join(', ') || '-';
        fail({
          en: `Unknown option "${option.key}:" (options: ${known}).`,
          ko: `알 수 없는 옵션 "${option.key}:" 입니다 (가능한 옵션: ${known}).`,
        });
        continue;
      }
      values[spec.key] = await this.resolveOne(spec, [{ ...option, kind: 'word' }], raw, context, fail);
    }

    let cursor = 0;
    for (const [index, arg] of sub.args.entries()) {
      const remaining = positional.slice(cursor);
      if (remaining.length === 0) {
        if (arg.required)
          fail({ en: `Missing ${arg.name}: ${arg.description.en}.`, ko: `${arg.description.ko} 값이 빠졌습니다.` });
        continue;
      }
      // An optional date before free text takes only a marked deadline: "/메모 … 오늘 회의 결과…" is text.
      const marked = !arg.required && sub.args.slice(index + 1).some((a) => a.kind === 'text');
      const { value, used } = await this.take(arg, remaining, raw, context, fail, marked);
      if (value === undefined) {
        if (arg.required)
          fail({ en: `Missing ${arg.name}: ${arg.description.en}.`, ko: `${arg.description.ko} 값이 빠졌습니다.` });
        continue;
      }
      values[arg.name] = value;
      cursor += used;
    }
    const extra = positional.slice(cursor);
    if (extra.length > 0) {
      const words = extra.map((t) => raw.slice(t.start, t.end)).join(' ');
      fail({ en: `Did not understand "${words}".`, ko: `"${words}" 부분을 이해하지 못했습니다.` });
    }
    return values;
  }

  private async take(
    arg: ArgSpec,
    tokens: Token[],
    raw: string,
    context: CommandContext,
    fail: (problem: LocalisedText) => never,
    marked: boolean,
  ): Promise<{ value: ResolvedValue | undefined; used: number }> {
    const first = tokens[0];
    if (!first) return { value: undefined, used: 0 };
    const clock = { now: context.now, timeZone: context.sender.timeZone };
    switch (arg.kind) {
      case 'text': {
        const text =
          first.kind === 'quoted' && tokens.length === 1
            ? first.value
            : tokens.map((t) => raw.slice(t.start, t.end)).join(' ');
        return { value: text.trim() || undefined, used: tokens.length };
      }
      case 'mentions': {
        const run = takeWhile(tokens, (t) => t.kind === 'user' || t.kind === 'agency_or_user');
        if (run.length === 0) return { value: undefined, used: 0 };
        return {
          value: await this.mentions(
            run.map((t) => t.value),
            context,
            fail,
          ),
          used: run.length,
        };
      }
      // A time that cannot be or is past is refused by the parser; words where a required time
      // should be that read as none are "not understood", never "missing".
      case 'when':
      case 'deadline': {
        const found = takeWhen(words(tokens), { ...clock, deadline: arg.kind === 'deadline', marked });
        if (!found) return notATime(arg, first, raw);
        return { value: found.at, used: tokens.length - found.rest.length };
      }
      case 'schedule': {
        const recurring = parseRecurrence(words(tokens), clock);
        if (recurring)
          return {
            value: { at: recurring.firstAt, recurrence: recurring.recurrence },
            used: tokens.length - recurring.rest.length,
          };
        const once = takeWhen(words(tokens), clock);
        if (!once) return notATime(arg, first, raw);
        return { value: { at: once.at, recurrence: null }, used: tokens.length - once.rest.length };
      }
      default:
        return { value: await this.resolveOne(arg, [first], raw, context, fail), used: 1 };
    }
  }

  private async resolveOne(
    arg: ArgSpec | OptionSpec,
    [token]: Token[],
    _raw: string,
    context: CommandContext,
    fail: (problem: LocalisedText) => never,
  ): Promise<ResolvedValue> {
    if (!token) return fail({ en: `Missing ${'key' in arg ? arg.key : arg.name}.`, ko: '값이 빠졌습니다.' });
    switch (arg.kind) {
      case 'word':
      case 'text':
        return token.value;
      case 'mentions':
        return this.mentions([token.value], context, fail);
      case 'user':
        if (token.kind !== 'user' && token.kind !== 'agency_or_user')
          return fail({
            en: `Expected @someone, got "${token.value}".`,
            ko: `@사람 형식이어야 합니다: "${token.value}"`,
          });
        return this.user(token.value, context, fail);
      case 'room':
        if (token.kind !== 'room')
          return fail({
            en: `Expected #room, got "${token.value}".`,
            ko: `#방이름 형식이어야 합니다: "${token.value}"`,
          });
        return this.room(token.value, context, fail);
      case 'target':
        if (token.kind === 'room') return { kind: 'room', room: await this.room(token.value, context, fail) };
        if (token.kind === 'user' || token.kind === 'agency_or_user')
          return { kind: 'user', user: await this.user(token.value, context, fail) };
        if (SELF.has(token.value.toLowerCase())) {
          const { sender } = context;
          return {
            kind: 'user',
            user: {
              id: sender.userId,
              login: sender.login,
              displayName: sender.displayName,
              agencyId: sender.agencyId,
            },
          };
        }
        return fail({
          en: `Say whom: me, @someone or #room (not "${token.value}").`,
          ko: `대상을 나, @사람 또는 #방 으로 지정하세요 ("${token.value}" 아님).`,
        });
      case 'when':
      case 'deadline': {
        const found = takeWhen([token.value], {
          now: context.now,
          timeZone: context.sender.timeZone,
          deadline: arg.kind === 'deadline',
        });
        if (!found || found.rest.length > 0) throw CommandParseException.notATime(token.value);
        return found.at;
      }
      case 'duration':
        return parseDuration(token.value).minutes;
      case 'schedule': {
        const clock = { now: context.now, timeZone: context.sender.timeZone };
        const recurring = parseRecurrence([token.value], clock);
        if (recurring) return { at: recurring.firstAt, recurrence: recurring.recurrence };
        const once = takeWhen([token.value], clock);
        if (!once || once.rest.length > 0) throw CommandParseException.notATime(token.value);
        return { at: once.at, recurrence: null };
      }
    }
  }

  /** `@name`: a login first, then a unique display name among active people. */
  private async user(
    name: string,
    context: CommandContext,
    fail: (problem: LocalisedText) => never,
  ): Promise<ResolvedUser> {
    const [byLogin] = await this.users.findByLogins([name.toLowerCase()]);
    if (byLogin && usable(byLogin)) return toResolvedUser(byLogin);
    const byName = (await this.users.findActiveByDisplayName(name)).filter(usable);
    const inAgency = byName.filter((u) => u.agencyId === context.sender.agencyId);
    const pick = byName.length === 1 ? byName : inAgency;
    if (pick.length === 1 && pick[0]) return toResolvedUser(pick[0]);
    if (byName.length > 1)
      throw CommandException.ambiguous(
        name,
        byName.map((u) => u.login),
      );
    return fail({ en: `No one called @${name}.`, ko: `@${name} 사용자를 찾을 수 없습니다.` });
  }

  private async mentions(
    names: string[],
    context: CommandContext,
    fail: (problem: LocalisedText) => never,
  ): Promise<{ users: ResolvedUser[]; agencies: ResolvedAgency[] }> {
    const agencies = await this.agencies.findByCodeOrCompactName(names);
    const users: ResolvedUser[] = [];
    for (const name of names) {
      const agency = agencies.find((a) => a.code === name || a.name.replace(/\s+/g, '') === name.replace(/\s+/g, ''));
      if (agency) continue;
      users.push(await this.user(name, context, fail));
    }
    return {
      users: dedupe(users, (u) => u.id),
      agencies: dedupe(
        agencies.map((a) => ({ id: a.id, code: a.code, name: a.name })),
        (a) => a.id,
      ),
    };
  }

  /** `#name`: only rooms the sender is in, so a room's existence never leaks. */
  private async room(
    name: string,
    context: CommandContext,
    fail: (problem: LocalisedText) => never,
  ): Promise<{ id: string; name: string | null }> {
    const rooms = await this.rooms.findMemberRoomsByName(context.sender.userId, name);
    if (rooms.length === 1 && rooms[0]) return { id: rooms[0].id, name: rooms[0].name };
    if (rooms.length > 1)
      return fail({ en: `Several of your rooms are called #${name}.`, ko: `#${name} 이름의 방이 여럿입니다.` });
    return fail({ en: `You are in no room called #${name}.`, ko: `참여 중인 방 중에 #${name} 이(가) 없습니다.` });
  }
}

function usable(user: UserEntity): boolean {
  return user.disabledAt === null && user.kind !== UserKind.Bot;
}

function toResolvedUser(user: UserEntity): ResolvedUser {
  return { id: user.id, login: user.login, displayName: user.displayName, agencyId: user.agencyId };
}

function findOption(options: OptionSpec[], key: string): OptionSpec | undefined {
  const wanted = key.normalize('NFKC').toLowerCase();
  return options.find((o) => o.key === wanted || (o.aliases ?? []).includes(wanted));
}

/** An optional time that is not there is skipped; a required one is "not understood", naming the word where it should be. */
function notATime(arg: ArgSpec, first: Token, raw: string): { value: undefined; used: 0 } {
  if (arg.required) throw CommandParseException.notATime(raw.slice(first.start, first.end));
  return { value: undefined, used: 0 };
}

function words(tokens: Token[]): string[] {
  return tokens.map((t) => t.value);
}

function takeWhile<T>(items: T[], keep: (item: T) => boolean): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (!keep(item)) break;
    out.push(item);
  }
  return out;
}

function dedupe<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((i) => [key(i), i])).values()];
}
