import { IeumException, type LocalisedText } from '../../common/ieum.exception.js';

export const CommandParseErrorCode = {
  NotACommand: 'COMMAND_PARSE_NOT_A_COMMAND',
  Empty: 'COMMAND_PARSE_EMPTY',
  TooLong: 'COMMAND_PARSE_TOO_LONG',
  UnterminatedQuote: 'COMMAND_PARSE_UNTERMINATED_QUOTE',
  BadDuration: 'COMMAND_PARSE_BAD_DURATION',
  /** A date or time that does not exist: 30 February, month 13, day 32, 25:00, 10:61. */
  ImpossibleDate: 'COMMAND_PARSE_IMPOSSIBLE_DATE',
  /** A date or time read as one, but already gone. */
  PastTime: 'COMMAND_PARSE_PAST_TIME',
  /** Words where a date or time was expected that read as none. */
  NotATime: 'COMMAND_PARSE_NOT_A_TIME',
} as const;
export type CommandParseErrorCode = (typeof CommandParseErrorCode)[keyof typeof CommandParseErrorCode];

/** The only error the parser throws, whatever it is given. */
export class CommandParseException extends IeumException<CommandParseErrorCode> {
  static notACommand(): CommandParseException {
    return new CommandParseException(
      CommandParseErrorCode.NotACommand,
      { en: 'A command starts with /.', ko: '명령은 / 로 시작해야 합니다.' },
      'invalid',
    );
  }

  static empty(): CommandParseException {
    return new CommandParseException(
      CommandParseErrorCode.Empty,
      { en: 'Type a command name after /.', ko: '/ 다음에 명령 이름을 입력하세요.' },
      'invalid',
    );
  }

  static tooLong(max: number): CommandParseException {
    return new CommandParseException(
      CommandParseErrorCode.TooLong,
      { en: `A command may be at most ${max} characters.`, ko: `명령은 최대 ${max}자까지 입력할 수 있습니다.` },
      'invalid',
    );
  }

  static unterminatedQuote(position: number): CommandParseException {
    return new CommandParseException(
      CommandParseErrorCode.UnterminatedQuote,
      {
        en: `The quote opened at character ${position + 1} is never closed.`,
        ko: `${position + 1}번째 글자에서 연 따옴표가 닫히지 않았습니다.`,
      },
      'invalid',
      { position },
    );
  }

  /** `rule` says what would have been possible ("February 2026 has 28 days"). */
  static impossibleDate(text: string, what: 'date' | 'time', rule: LocalisedText): CommandParseException {
    const noun = what === 'date' ? { en: 'date', ko: '날짜' } : { en: 'time', ko: '시각' };
    return new CommandParseException(
      CommandParseErrorCode.ImpossibleDate,
      {
        en: `"${text}" is not a ${noun.en} that exists: ${rule.en}.`,
        ko: `"${text}"은(는) 없는 ${noun.ko}입니다. ${rule.ko}.`,
      },
      'invalid',
      { text },
    );
  }

  /** `at` is the instant the words were read as, written for the person. */
  static pastTime(text: string, at: LocalisedText): CommandParseException {
    return new CommandParseException(
      CommandParseErrorCode.PastTime,
      {
        en: `"${text}" (${at.en}) is in the past. Give a time still to come.`,
        ko: `"${text}"(${at.ko})은(는) 이미 지난 시각입니다. 앞으로의 날짜나 시각을 입력하세요.`,
      },
      'invalid',
      { text },
    );
  }

  static notATime(text: string): CommandParseException {
    return new CommandParseException(
      CommandParseErrorCode.NotATime,
      {
        en: `"${text}" is not a date or time I understand. For example: tomorrow 3pm, 12/31 18:00, 2026-12-31 09:00, in 30 minutes, every monday 9am.`,
        ko: `"${text}"은(는) 알 수 있는 날짜나 시각이 아닙니다. 예: 내일 오후 3시, 12월 31일 18시, 2026년 12월 31일, 2026-12-31 09:00, 30분 후, 매주 월요일 9시.`,
      },
      'invalid',
      { text },
    );
  }

  static badDuration(text: string): CommandParseException {
    return new CommandParseException(
      CommandParseErrorCode.BadDuration,
      {
        en: `"${text}" is not a length of time (try 30m, 1h30m, 90분, 1시간 30분).`,
        ko: `"${text}"은(는) 시간 길이가 아닙니다 (예: 30분, 1시간 30분, 90m).`,
      },
      'invalid',
    );
  }
}
