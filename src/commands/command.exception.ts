import { IeumException, type LocalisedText } from '../common/ieum.exception.js';
import type { UserRole } from '../identity/identity.types.js';

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

/** How much of an unknown command's name the answer repeats. */
const SHOWN_NAME_LENGTH = 20;

/** Roles as the answer names them, in the plural: "Only complaint investigators may…". */
const ROLE_NAMES: Record<UserRole, LocalisedText> = {
  member: { ko: '구성원', en: 'members' },
  agency_admin: { ko: '기관 관리자', en: 'agency administrators' },
  system_admin: { ko: '시스템 관리자', en: 'system administrators' },
  complaint_investigator: { ko: '민원 조사관', en: 'complaint investigators' },
};

/** Anything a command's sender did wrong; answered as an ephemeral reply, never retried. */
export class CommandException extends IeumException<CommandExceptionCode> {
  static unknown(name: string, suggestion: string | null): CommandException {
    const hint = suggestion
      ? { en: ` Did you mean /${suggestion}?`, ko: ` /${suggestion} 을(를) 찾으셨나요?` }
      : { en: '', ko: '' };
    const shown = [...name].length > SHOWN_NAME_LENGTH ? `${[...name].slice(0, SHOWN_NAME_LENGTH).join('')}…` : name;
    return new CommandException(
      CommandExceptionCode.UnknownCommand,
      {
        en: `There is no command /${shown}.${hint.en} Type /help for the list.`,
        ko: `/${shown} 명령은 없습니다.${hint.ko} 목록은 /도움말 로 볼 수 있습니다.`,
      },
      'invalid',
      { suggestion },
    );
  }

  static badArguments(usage: string, problem: LocalisedText): CommandException {
    return new CommandException(
      CommandExceptionCode.BadArguments,
      { en: `${problem.en}\nUsage: ${usage}`, ko: `${problem.ko}\n사용법: ${usage}` },
      'invalid',
      { usage },
    );
  }

  /** The sender holds none of the roles the command is for; the answer names them. */
  static notAllowed(command: string, roles: readonly UserRole[]): CommandException {
    const who = {
      ko: roles.map((r) => ROLE_NAMES[r].ko).join(' 또는 '),
      en: roles.map((r) => ROLE_NAMES[r].en).join(' or '),
    };
    return new CommandException(
      CommandExceptionCode.NotAllowed,
      {
        en: `Only ${who.en} may run this command (${command}).`,
        ko: `이 명령은 ${who.ko}만 실행할 수 있습니다 (${command}).`,
      },
      'forbidden',
      { command, roles },
    );
  }

  static notFound(what: LocalisedText): CommandException {
    return new CommandException(CommandExceptionCode.NotFound, what, 'not_found');
  }

  static ambiguous(name: string, candidates: string[]): CommandException {
    const list = candidates.slice(0, 5).join(', ');
    return new CommandException(
      CommandExceptionCode.Ambiguous,
      {
        en: `"${name}" matches several people (${list}); use their login.`,
        ko: `"${name}"에 해당하는 사람이 여럿입니다(${list}). 로그인 이름을 쓰세요.`,
      },
      'invalid',
    );
  }

  static confirmationExpired(): CommandException {
    return new CommandException(
      CommandExceptionCode.ConfirmationExpired,
      {
        en: 'That confirmation code has expired or was already used. Run the command again.',
        ko: '확인 코드가 만료되었거나 이미 사용되었습니다. 명령을 다시 입력하세요.',
      },
      'gone',
    );
  }

  /** Not the sender's fault: the command broke on our side, every retry included. */
  static failed(): CommandException {
    return new CommandException(
      CommandExceptionCode.Failed,
      {
        en: 'The command could not be carried out because of a problem on our side. Please try again later.',
        ko: '시스템 문제로 명령을 처리하지 못했습니다. 잠시 후 다시 시도하세요.',
      },
      'internal',
    );
  }
}
