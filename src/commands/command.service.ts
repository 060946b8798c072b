import { Injectable, Logger } from '@nestjs/common';
import { isRefusal, type LocalisedText } from '../common/ieum.exception.js';
import { UserRepository } from '../identity/user.repository.js';
import { MessageService } from '../messenger/message.service.js';
import { RealtimePublisher } from '../messenger/realtime/realtime.publisher.js';
import { ArgumentResolver } from './argument.resolver.js';
import { BotRegistry, commandKey, MAX_COMMAND_NAME_LENGTH, type RegisteredCommand } from './bot.registry.js';
import type { CommandRunStatus } from './command-run.entity.js';
import { CommandRunRepository } from './command-run.repository.js';
import { CommandException } from './command.exception.js';
import { ConfirmationStore } from './confirmation.store.js';
import { confirmationQuestion, confirmSpec, isConfirm } from './confirm-command.js';
import { parseCommandLine, type Token } from './parser/tokenize.js';
import { suggestCommand } from './parser/suggest.js';
import type {
  BotMetadata,
  CommandContext,
  CommandReply,
  CommandSender,
  CommandSpec,
  SubcommandSpec,
} from './sdk/command-table.js';

export { isConfirm } from './confirm-command.js';

const CORE_BOT: BotMetadata = { id: 'ieum', displayName: { ko: '이음', en: 'Ieum' } };

export interface CommandRunView {
  messageId: string;
  command: string | null;
  status: CommandRunStatus;
  errorCode: string | null;
  reply: string | null;
  ephemeral: boolean;
  /** While the command waits: the code `/confirm` takes (null once used or lapsed). */
  confirmationCode: string | null;
  updatedAt: string;
}

export type CommandRunResult = 'done' | 'failed' | 'awaiting_confirmation' | 'skipped';

export interface Prepared {
  entry: RegisteredCommand;
  sub: SubcommandSpec;
  context: CommandContext;
  run: () => Promise<CommandReply>;
  question: LocalisedText | null;
}

/**
 * The one pipeline behind every slash command: parse, resolve, validate, confirm, execute, reply.
 * It runs as a job per command message; the command_runs ledger makes a retried job finish what
 * the first attempt started without doing anything twice (handlers key their side effects on the
 * command message id, and room replies carry a client id derived from it).
 */
@Injectable()
export class CommandService {
  private readonly logger = new Logger(CommandService.name);

  constructor(
    private readonly registry: BotRegistry,
    private readonly resolver: ArgumentResolver,
    private readonly runs: CommandRunRepository,
    private readonly confirmations: ConfirmationStore,
    private readonly messages: MessageService,
    private readonly users: UserRepository,
    private readonly realtime: RealtimePublisher,
  ) {
    // In the constructor, not onModuleInit: the registry reads its builtins in its own
    // onModuleInit, which Nest may call first, and /confirm would then be missing from /help.
    this.registry.addBuiltin(CORE_BOT, confirmSpec());
  }

  async run(messageId: string): Promise<CommandRunResult> {
    const message = await this.messages.commandMessage(messageId);
    if (!message?.senderId) return 'skipped';
    const ledger = await this.runs.start(messageId, message.senderId, message.roomId);
    if (ledger.status !== 'running') return 'skipped';
    const sender = await this.sender(message.senderId);
    if (!sender)
      return this.settle(
        messageId,
        message.roomId,
        message.senderId,
        null,
        'failed',
        { text: NO_SENDER, visibility: 'ephemeral' },
        'COMMAND_SENDER_GONE',
      );
    const context = this.context(sender, message.roomId, message.threadRootId, messageId, message.createdAt);

    // What the ledger records: a registered name only, never what was typed (any length, any text).
    let command: string | null = null;
    try {
      const line = parseCommandLine(message.body);
      if (isConfirm(line.command)) return await this.confirm(context, line.args);
      const entry = this.known(line.command);
      command = entry.spec.name;
      const prepared = await this.prepare(entry, line.args, line.raw, context);
      if (prepared.question) {
        const code = await this.confirmations.create({ messageId, userId: sender.userId });
        const reply = { text: confirmationQuestion(prepared.question, code), visibility: 'ephemeral' as const };
        return await this.settle(
          messageId,
          message.roomId,
          sender.userId,
          command,
          'awaiting_confirmation',
          reply,
          null,
          prepared.entry.bot.id,
          null,
          code,
        );
      }
      const reply = await prepared.run();
      return await this.settle(
        messageId,
        message.roomId,
        sender.userId,
        command,
        'done',
        reply,
        null,
        prepared.entry.bot.id,
        message.threadRootId,
      );
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return this.settle(
        messageId,
        message.roomId,
        sender.userId,
        command,
        'failed',
        { text: error.text, visibility: 'ephemeral' },
        String(error.code),
      );
    }
  }

  /**
   * The last attempt of a command's job failed with an error that is not the sender's: the run is
   * settled as failed and the sender told so, instead of it staying `running` with no answer.
   */
  async giveUp(messageId: string, error: unknown): Promise<CommandRunResult> {
    this.logger.error(
      `command in ${messageId} failed on its last attempt: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    const message = await this.messages.commandMessage(messageId);
    if (!message?.senderId) return 'skipped';
    const run = await this.runs.findForSender(messageId, message.senderId);
    if (run?.status !== 'running') return 'skipped';
    const failed = CommandException.failed();
    return this.settle(
      messageId,
      message.roomId,
      message.senderId,
      this.registeredName(message.body),
      'failed',
      { text: failed.text, visibility: 'ephemeral' },
      failed.code,
    );
  }

  /** A command the caller sent, as its sender sees it: status, reply, and the code while it waits for /confirm. */
  async runOf(messageId: string, userId: string): Promise<CommandRunView> {
    const run = await this.runs.findForSender(messageId, userId);
    if (!run) throw CommandException.notFound({ en: 'No such command of yours.', ko: '해당 명령을 찾을 수 없습니다.' });
    return {
      messageId: run.messageId,
      command: run.command,
      status: run.status,
      errorCode: run.errorCode,
      reply: run.reply,
      ephemeral: run.replyEphemeral,
      confirmationCode: run.status === 'awaiting_confirmation' ? await this.confirmations.codeFor(messageId) : null,
      updatedAt: run.updatedAt.toISOString(),
    };
  }

  /** `/confirm CODE`: runs the command that asked, exactly as if it had not needed to ask. */
  private async confirm(context: CommandContext, args: Token[]): Promise<CommandRunResult> {
    const code = args[0]?.value ?? '';
    const pending = await this.confirmations.peek(code);
    if (!pending || pending.userId !== context.sender.userId) throw CommandException.confirmationExpired();
    const original = await this.messages.commandMessage(pending.messageId);
    const claimed = original !== null && (await this.runs.claimConfirmed(pending.messageId, context.sender.userId));
    await this.confirmations.remove(code);
    if (!original || !claimed) throw CommandException.confirmationExpired();
    const command = this.registeredName(original.body);
    try {
      const line = parseCommandLine(original.body);
      const originalContext = this.context(
        context.sender,
        original.roomId,
        original.threadRootId,
        original.id,
        original.createdAt,
      );
      const prepared = await this.prepare(this.known(line.command), line.args, line.raw, originalContext);
      const reply = await prepared.run();
      await this.settle(
        original.id,
        original.roomId,
        context.sender.userId,
        command,
        'done',
        reply,
        null,
        prepared.entry.bot.id,
        original.threadRootId,
      );
    } catch (error) {
      // The claim cannot be taken twice, so a retry would only answer "expired": settle both now.
      const coded = isRefusal(error) ? error : CommandException.failed();
      if (coded !== error)
        this.logger.error(
          `confirmed command ${original.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      await this.settle(
        original.id,
        original.roomId,
        context.sender.userId,
        command,
        'failed',
        { text: coded.text, visibility: 'ephemeral' },
        String(coded.code),
      );
      await this.runs.finish(context.messageId, 'failed', {
        command: 'confirm',
        errorCode: String(coded.code),
        reply: null,
        replyEphemeral: true,
      });
      return 'failed';
    }
    await this.runs.finish(context.messageId, 'done', {
      command: 'confirm',
      errorCode: null,
      reply: null,
      replyEphemeral: true,
    });
    return 'done';
  }

  /**
   * The registered command a typed name means; an unknown one (of any length) is answered with the
   * name meant. Public with `prepare` for the fuzz spec, which drives the pipeline's pure front.
   */
  known(name: string): RegisteredCommand {
    const entry = name.length <= MAX_COMMAND_NAME_LENGTH ? this.registry.find(name) : undefined;
    if (!entry) throw CommandException.unknown(name, suggestCommand(name, this.registry.names()));
    return entry;
  }

  /** The registered name of the command a message holds, or null (for the ledger). */
  private registeredName(body: string): string | null {
    const typed = commandName(body);
    return typed !== null && typed.length <= MAX_COMMAND_NAME_LENGTH
      ? (this.registry.find(typed)?.spec.name ?? null)
      : null;
  }

  /** Subcommand, roles, arguments and the confirmation question: no side effect, only directory lookups. */
  async prepare(entry: RegisteredCommand, args: Token[], raw: string, context: CommandContext): Promise<Prepared> {
    const { sub, rest } = pickSubcommand(entry.spec, args);
    if (sub.roles && !sub.roles.some((role) => context.sender.roles.includes(role))) {
      throw CommandException.notAllowed(`/${[entry.spec.name, sub.name].filter((n) => n !== '').join(' ')}`, sub.roles);
    }
    const resolved = await this.resolver.resolve(sub, rest, raw, context);
    return {
      entry,
      sub,
      context,
      question: sub.confirm?.(resolved, context) ?? null,
      run: () => sub.run(context, resolved),
    };
  }

  /**
   * Answers once and closes the run, whatever fails in between. A room reply is posted first under
   * a client id fixed by the command, so an attempt after a failure to close the run finds it and
   * posts nothing more. A reply only for the sender is stored with the run's outcome in the one
   * UPDATE that closes it, and pushed only by the attempt that closed it: a later attempt finds the
   * run closed and stays silent, and the sender can always read the reply from the run.
   */
  private async settle(
    messageId: string,
    roomId: string,
    senderId: string,
    command: string | null,
    status: Exclude<CommandRunResult, 'skipped'>,
    reply: CommandReply,
    errorCode: string | null,
    botId = CORE_BOT.id,
    threadRootId: string | null = null,
    confirmationCode: string | null = null,
  ): Promise<CommandRunResult> {
    const sender = await this.sender(senderId);
    const text = pick(reply.text, sender?.locale ?? 'ko');
    const outcome = { command, errorCode, reply: text, replyEphemeral: reply.visibility === 'ephemeral' };
    if (reply.visibility === 'room') {
      await this.messages.postAsBot(this.registry.botUserId(botId), {
        roomId,
        clientMessageId: `cmd-${messageId}`,
        body: text,
        threadRootId,
      });
      if (!(await this.runs.finish(messageId, status, outcome))) return 'skipped';
    } else {
      if (!(await this.runs.finish(messageId, status, outcome))) return 'skipped';
      this.realtime.toUsers([senderId], 'command.reply', {
        commandMessageId: messageId,
        roomId,
        ok: errorCode === null,
        code: errorCode,
        text,
        confirmationCode,
      });
    }
    if (errorCode) this.logger.debug(`command ${command ?? '?'} in ${messageId} refused: ${errorCode}`);
    return status;
  }

  private async sender(userId: string): Promise<CommandSender | null> {
    const user = await this.users.findById(userId);
    if (!user || user.disabledAt) return null;
    return {
      userId: user.id,
      kind: user.kind,
      login: user.login,
      displayName: user.displayName,
      agencyId: user.agencyId,
      roles: user.roles,
      locale: user.locale === 'en' ? 'en' : 'ko',
      timeZone: user.timeZone,
    };
  }

  /**
   * `now` is when the command was sent, not when its job runs: "in 2h" counts from the message,
   * and a job retried later (or run after a confirmation) reads it the same way.
   */
  private context(
    sender: CommandSender,
    roomId: string,
    threadRootId: string | null,
    messageId: string,
    sentAt: Date,
  ): CommandContext {
    return { sender, roomId, threadRootId, messageId, now: sentAt, text: (t) => pick(t, sender.locale) };
  }
}

function pick(text: LocalisedText, locale: 'ko' | 'en'): string {
  return locale === 'en' ? text.en : text.ko;
}

function commandName(body: string): string | null {
  try {
    return parseCommandLine(body).command;
  } catch {
    return null;
  }
}

const NO_SENDER: LocalisedText = { en: 'Your account is disabled.', ko: '계정이 비활성화되었습니다.' };

/** The subcommand the first word names, or the default one with every token as its input. */
export function pickSubcommand(spec: CommandSpec, args: Token[]): { sub: SubcommandSpec; rest: Token[] } {
  const [first, ...rest] = args;
  if (first && first.kind === 'word') {
    const key = commandKey(first.value);
    const named = spec.subcommands.find(
      (s) => s.name !== '' && [s.name, ...(s.aliases ?? [])].some((n) => commandKey(n) === key),
    );
    if (named) return { sub: named, rest };
  }
  const fallback = spec.subcommands.find((s) => s.name === '');
  if (fallback) return { sub: fallback, rest: args };
  const choices = spec.subcommands.map((s) => s.name).join(' | ');
  throw CommandException.badArguments(`/${spec.name} ${choices}`, {
    en: first ? `/${spec.name} has no "${first.value}".` : `Say what /${spec.name} should do.`,
    ko: first ? `/${spec.name} 에는 "${first.value}" 기능이 없습니다.` : `/${spec.name} 다음에 할 일을 적어 주세요.`,
  });
}
