import type { LocalisedText } from '../../common/ieum.exception.js';
import type { UserKind, UserRole } from '../../identity/identity.types.js';

/**
 * The Bot SDK's declarative surface. A bot is a class decorated with `@Bot` whose `commands`
 * table lists what it answers to; the pipeline parses, resolves and validates arguments against
 * the table, asks for confirmation where the table says so, and only then calls a handler with a
 * narrow {@link CommandContext}.
 */

/** How one argument is read from the command line. */
export type ArgKind =
  /** One word or quoted string. */
  | 'word'
  /** Everything left on the line, as typed. */
  | 'text'
  /** `@login` (or a unique display name) resolved to a directory user. */
  | 'user'
  /** One or more `@user` / `@agency` mentions. */
  | 'mentions'
  /** `#room` resolved among the rooms the sender belongs to. */
  | 'room'
  /** `me` / `나`, `@user` or `#room`. */
  | 'target'
  /** A point in time: "내일 오후 3시", "tomorrow 3pm", "in 2h". */
  | 'when'
  /** A due date: like `when`, but a date without a time is the end of that working day (18:00). */
  | 'deadline'
  /** A point in time or a recurrence: "매주 월요일 9시", "every weekday at 9:00". */
  | 'schedule'
  /** A length of time: "30분", "1h30m". */
  | 'duration';

export interface ArgSpec {
  name: string;
  kind: ArgKind;
  required?: boolean;
  description: LocalisedText;
}

/** A `key:value` option; `aliases` lists other spellings of the key (Korean first). */
export interface OptionSpec {
  key: string;
  aliases?: string[];
  kind: Exclude<ArgKind, 'text' | 'target' | 'mentions'>;
  description: LocalisedText;
}

export interface ResolvedUser {
  id: string;
  login: string;
  displayName: string;
  agencyId: string | null;
}

export interface ResolvedAgency {
  id: string;
  code: string;
  name: string;
}

export interface ResolvedRoom {
  id: string;
  name: string | null;
}

export type ResolvedTarget = { kind: 'user'; user: ResolvedUser } | { kind: 'room'; room: ResolvedRoom };

export interface ResolvedSchedule {
  at: Date;
  /** RFC 5545 DTSTART (with TZID) and RRULE lines, or null for a one-off. */
  recurrence: string | null;
}

export type ResolvedValue =
  | string
  | Date
  | number
  | ResolvedUser
  | ResolvedRoom
  | ResolvedTarget
  | ResolvedSchedule
  | { users: ResolvedUser[]; agencies: ResolvedAgency[] };

/** Argument values by name; the handler narrows them with the helpers in command-args.ts. */
export type CommandArgs = Readonly<Record<string, ResolvedValue | undefined>>;

export interface CommandSender {
  userId: string;
  /** What the person is (staff, a guest): the same kind their own requests carry. */
  kind: UserKind;
  login: string;
  displayName: string;
  agencyId: string | null;
  roles: readonly UserRole[];
  locale: 'ko' | 'en';
  timeZone: string;
}

/** All a handler gets: who asked, where, when, and a key that makes its side effects idempotent. */
export interface CommandContext {
  sender: CommandSender;
  roomId: string;
  threadRootId: string | null;
  /** The command message; also the idempotency key for anything the handler creates. */
  messageId: string;
  now: Date;
  text(text: LocalisedText): string;
}

export interface CommandReply {
  text: LocalisedText;
  /** `ephemeral`: only the sender sees it; `room`: the bot posts it in the room. */
  visibility: 'ephemeral' | 'room';
}

export type CommandHandler = (context: CommandContext, args: CommandArgs) => Promise<CommandReply>;

export interface SubcommandSpec {
  /** '' for the default subcommand, run when the first word names no other. */
  name: string;
  aliases?: string[];
  summary: LocalisedText;
  usage: string;
  examples: string[];
  args: ArgSpec[];
  options?: OptionSpec[];
  /**
   * Who may run it: people holding any of these roles; everyone signed in when absent. Declared,
   * not computed, so that a refusal can say which role the command is for.
   */
  roles?: readonly UserRole[];
  /** A question to confirm before running, or null to run at once. */
  confirm?: (args: CommandArgs, context: CommandContext) => LocalisedText | null;
  run: CommandHandler;
}

export interface CommandSpec {
  name: string;
  /** Other names, Korean ones included (`/알림` for `/remind`). */
  aliases: string[];
  summary: LocalisedText;
  subcommands: SubcommandSpec[];
}

export interface BotMetadata {
  /** Stable id; the bot's user signs in as nobody and posts as `bot.<id>`. */
  id: string;
  displayName: LocalisedText;
}

/** What a class decorated with `@Bot` provides. */
export interface IeumBot {
  readonly commands: readonly CommandSpec[];
}
