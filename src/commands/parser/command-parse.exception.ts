import { IeumException } from '../../common/ieum.exception.js';

export const CommandParseErrorCode = {
  NotACommand: 'COMMAND_PARSE_NOT_A_COMMAND',
  Empty: 'COMMAND_PARSE_EMPTY',
  TooLong: 'COMMAND_PARSE_TOO_LONG',
  UnterminatedQuote: 'COMMAND_PARSE_UNTERMINATED_QUOTE',
  BadDuration: 'COMMAND_PARSE_BAD_DURATION',
} as const;
export type CommandParseErrorCode = (typeof CommandParseErrorCode)[keyof typeof CommandParseErrorCode];

/** The only error the parser throws, whatever it is given. */
export class CommandParseException extends IeumException<CommandParseErrorCode> {
  static notACommand(): CommandParseException {
    return new CommandParseException(CommandParseErrorCode.NotACommand, { en: 'A command starts with /.', ko: '명령은 / 로 시작해야 합니다.' }, 400);
  }

  static empty(): CommandParseException {
    return new CommandParseException(CommandParseErrorCode.Empty, { en: 'Type a command name after /.', ko: '/ 다음에 명령 이름을 입력하세요.' }, 400);
  }

  static tooLong(max: number): CommandParseException {
    return new CommandParseException(CommandParseErrorCode.TooLong, { en: `A command may be at most ${max} characters.`, ko: `명령은 최대 ${max}자까지 입력할 수 있습니다.` }, 400);
  }

  static unterminatedQuote(position: number): CommandParseException {
    return new CommandParseException(
      CommandParseErrorCode.UnterminatedQuote,
      { en: `The quote opened at character ${position + 1} is never closed.`, ko: `${position + 1}번째 글자에서 연 따옴표가 닫히지 않았습니다.` },
      400,
      { position },
    );
  }

  static badDuration(text: string): CommandParseException {
    return new CommandParseException(
      CommandParseErrorCode.BadDuration,
      { en: `"${text}" is not a length of time (try 30m, 1h30m, 90분, 1시간 30분).`, ko: `"${text}"은(는) 시간 길이가 아닙니다 (예: 30분, 1시간 30분, 90m).` },
      400,
    );
  }
}
