import { formatDateTime, formatFullDay, formatTime, localDay } from './format';

/** A date and time with its year when that is not this year (a deadline may be years away): `2031년 3월 14일 (금) 오후 3:00`. */
export function formatDeadline(value: Date | string | number): string {
  return localDay(value).slice(0, 4) === localDay(new Date()).slice(0, 4)
    ? formatDateTime(value)
    : `${formatFullDay(value)} ${formatTime(value)}`;
}
