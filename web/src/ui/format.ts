import i18n from 'i18next';

/**
 * The one place dates and times are formatted, in the person's zone (their profile's, else the
 * browser's) and language: `오후 3:05`, `12월 2일 (수)`.
 */
let zone: string | undefined;

export function setTimeZone(timeZone: string | undefined): void {
  zone = timeZone;
}

export function currentTimeZone(): string {
  return zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function locale(): string {
  return i18n.language === 'en' ? 'en-GB' : 'ko-KR';
}

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(options: Intl.DateTimeFormatOptions, timeZone = currentTimeZone()): Intl.DateTimeFormat {
  const key = `${locale()}|${timeZone}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale(), { ...options, timeZone });
    cache.set(key, found);
  }
  return found;
}

const toDate = (value: Date | string | number) => (value instanceof Date ? value : new Date(value));

/** 오후 3:05 / 3:05 pm */
export function formatTime(value: Date | string | number, timeZone?: string): string {
  return formatter(
    { hour: 'numeric', minute: '2-digit', hour12: i18n.language !== 'en' || undefined },
    timeZone,
  ).format(toDate(value));
}

/** 12월 2일 (수) / Wed 2 Dec */
export function formatDay(value: Date | string | number, timeZone?: string): string {
  const date = toDate(value);
  if (i18n.language === 'en')
    return formatter({ weekday: 'short', day: 'numeric', month: 'short' }, timeZone).format(date);
  const parts = formatter({ month: 'numeric', day: 'numeric', weekday: 'short' }, timeZone).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')}월 ${part('day')}일 (${part('weekday')})`;
}

/** 2026년 12월 2일 (수) / Wed 2 Dec 2026 */
export function formatFullDay(value: Date | string | number, timeZone?: string): string {
  const date = toDate(value);
  if (i18n.language === 'en')
    return formatter({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }, timeZone).format(date);
  const year = formatter({ year: 'numeric' }, timeZone)
    .formatToParts(date)
    .find((p) => p.type === 'year')?.value;
  return `${year}년 ${formatDay(date, timeZone)}`;
}

/** 12월 2일 (수) 오후 3:05 */
export function formatDateTime(value: Date | string | number, timeZone?: string): string {
  return `${formatDay(value, timeZone)} ${formatTime(value, timeZone)}`;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar day (YYYY-MM-DD) of an instant in a zone. */
export function localDay(value: Date | string | number, timeZone = currentTimeZone()): string {
  // Made once per zone: a formatter costs far more to build than to use (a history of thousands of messages asks for each one's day).
  let day = dayFormatters.get(timeZone);
  if (!day) {
    day = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
    dayFormatters.set(timeZone, day);
  }
  return day.format(toDate(value));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
