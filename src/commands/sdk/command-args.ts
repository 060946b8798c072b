import type {
  CommandArgs,
  ResolvedAgency,
  ResolvedRoom,
  ResolvedSchedule,
  ResolvedTarget,
  ResolvedUser,
} from './command-table.js';

/**
 * Typed reads of resolved arguments. The pipeline has already validated kinds against the table,
 * so a mismatch here is a programming error in the bot, not bad input.
 */
export const CommandArgsReader = {
  text(args: CommandArgs, name: string): string | undefined {
    const value = args[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new TypeError(`argument ${name} is not text`);
    return value;
  },
  schedule(args: CommandArgs, name: string): ResolvedSchedule | undefined {
    const value = args[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || !('at' in value)) throw new TypeError(`argument ${name} is not a schedule`);
    return value;
  },
  date(args: CommandArgs, name: string): Date | undefined {
    const value = args[name];
    if (value === undefined) return undefined;
    if (!(value instanceof Date)) throw new TypeError(`argument ${name} is not a date`);
    return value;
  },
  minutes(args: CommandArgs, name: string): number | undefined {
    const value = args[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'number') throw new TypeError(`argument ${name} is not a duration`);
    return value;
  },
  target(args: CommandArgs, name: string): ResolvedTarget | undefined {
    const value = args[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || !('kind' in value)) throw new TypeError(`argument ${name} is not a target`);
    return value;
  },
  user(args: CommandArgs, name: string): ResolvedUser | undefined {
    const value = args[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || !('login' in value)) throw new TypeError(`argument ${name} is not a user`);
    return value;
  },
  room(args: CommandArgs, name: string): ResolvedRoom | undefined {
    const value = args[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || !('id' in value) || 'login' in value)
      throw new TypeError(`argument ${name} is not a room`);
    return value;
  },
  mentions(args: CommandArgs, name: string): { users: ResolvedUser[]; agencies: ResolvedAgency[] } {
    const value = args[name];
    if (value === undefined) return { users: [], agencies: [] };
    if (typeof value !== 'object' || !('users' in value))
      throw new TypeError(`argument ${name} is not a list of mentions`);
    return value;
  },
};
