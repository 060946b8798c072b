import type { LocalisedText } from './ieum.exception.js';
import { isTimeZone } from './time-zone.js';

/** The zone of anyone whose own is not known (a user's default, a consultation's). */
export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

type Part = 'year' | 'month' | 'day' | 'weekday' | 'hour' | 'minute' | 'dayPeriod';

const formats = new Map<string, Intl.DateTimeFormat>();

function parts(
  locale: 'ko-KR' | 'en-GB',
  at: Date,
  timeZone: string,
  withYear: boolean,
): Partial<Record<Part, string>> {
  const key = `${locale}|${timeZone}|${withYear}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone,
      ...(withYear ? { year: 'numeric' } : {}),
      month: locale === 'ko-KR' ? 'numeric' : 'short',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
    });
    formats.set(key, format);
  }
  const out: Partial<Record<Part, string>> = {};
  for (const part of format.formatToParts(at)) if (part.type !== 'literal') out[part.type as Part] = part.value;
  return out;
}

/**
 * An instant as a person reads it, in their zone: `12월 3일 (목) 오후 1:50` and `Thu 3 Dec, 1:50 pm`,
 * with the year (`2027년 1월 4일 (월) 오전 9:00`, `Mon 4 Jan 2027, 9:00 am`) when it is not the
 * year of `now` there. For the text of messages, errors and notices; whatever a program reads
 * keeps the ISO instant beside it (an exception's `details`). A zone this runtime does not know
 * reads as Asia/Seoul.
 */
export function peopleTime(at: Date, timeZone: string, now: Date): LocalisedText {
  const zone = isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  const withYear = parts('en-GB', at, zone, true).year !== parts('en-GB', now, zone, true).year;
  const ko = parts('ko-KR', at, zone, withYear);
  const en = parts('en-GB', at, zone, withYear);
  return {
    ko: `${withYear ? `${ko.year}년 ` : ''}${ko.month}월 ${ko.day}일 (${ko.weekday}) ${ko.dayPeriod} ${ko.hour}:${ko.minute}`,
    en: `${en.weekday} ${en.day} ${en.month}${withYear ? ` ${en.year}` : ''}, ${en.hour}:${en.minute} ${en.dayPeriod}`,
  };
}
