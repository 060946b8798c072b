import { IeumException, type LocalisedText } from '../common/ieum.exception.js';

export const CommandExceptionCode = {
  UnknownCommand: 'COMMAND_UNKNOWN',
  BadArguments: 'COMMAND_BAD_ARGUMENTS',
  NotAllowed: 'COMMAND_NOT_ALLOWED',
  NotFound: 'COMMAND_TARGET_NOT_FOUND',
  Ambiguous: 'COMMAND_TARGET_AMBIGUOUS',
  ConfirmationExpired: 'COMMAND_CONFIRMATION_EXPIRED',
  Failed: 'COMMAND_FAILED',
} as const;
export type CommandExceptionCode = (typeof CommandExceptionCode)[keyof typeof CommandExceptionCode];

/** Anything a command's sender did wrong; answered as an ephemeral reply, never retried. */
export class CommandException extends IeumException<CommandExceptionCode> {
  static unknown(name: string, suggestion: string | null): CommandException {
    const hint = suggestion ? { en: ` Did you mean /${suggestion}?`, ko: ` /${suggestion} 을(를) 찾으셨나요?` } : { en: '', ko: '' };
    return new CommandException(
      CommandExceptionCode.UnknownCommand,
      { en: `There is no command /${name}.${hint.en} Type /help for the list.`, ko: `/${name} 명령은 없습니다.${hint.ko} 목록은 /도움말 로 볼 수 있습니다.` },
      400,
      { suggestion },
    );
  }

  static badArguments(usage: string, problem: LocalisedText): CommandException {
    return new CommandException(
      CommandExceptionCode.BadArguments,
      { en: `${problem.en}\nUsage: ${usage}`, ko: `${problem.ko}\n사용법: ${usage}` },
      400,
      { usage },
    );
  }

  static notAllowed(what: LocalisedText): CommandException {
    return new CommandException(CommandExceptionCode.NotAllowed, what, 403);
  }

  static notFound(what: LocalisedText): CommandException {
    return new CommandException(CommandExceptionCode.NotFound, what, 404);
  }

  static ambiguous(name: string, candidates: string[]): CommandException {
    const list = candidates.slice(0, 5).join(', ');
    return new CommandException(
      CommandExceptionCode.Ambiguous,
      { en: `"${name}" matches several people (${list}); use their login.`, ko: `"${name}"에 해당하는 사람이 여럿입니다(${list}). 로그인 이름을 쓰세요.` },
      400,
    );
  }

  static confirmationExpired(): CommandException {
    return new CommandException(
      CommandExceptionCode.ConfirmationExpired,
      { en: 'That confirmation code has expired or was already used. Run the command again.', ko: '확인 코드가 만료되었거나 이미 사용되었습니다. 명령을 다시 입력하세요.' },
      410,
    );
  }

  /** Not the sender's fault: the command broke on our side, every retry included. */
  static failed(): CommandException {
    return new CommandException(
      CommandExceptionCode.Failed,
      { en: 'The command could not be carried out because of a problem on our side. Please try again later.', ko: '시스템 문제로 명령을 처리하지 못했습니다. 잠시 후 다시 시도하세요.' },
      500,
    );
  }
}
