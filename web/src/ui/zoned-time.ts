import { DateTime } from 'luxon';
import { currentTimeZone } from './format';

/**
 * `<input type="datetime-local">` holds a wall-clock time with no zone; the browser would read it in
 * its own zone. These read and write it in the person's zone (their profile's), which may differ
 * from the computer's. luxon does the zone arithmetic, summer time included.
 */
export function toZonedInput(iso: string | null | undefined, timeZone = currentTimeZone()): string {
  if (!iso) return '';
  const local = DateTime.fromISO(iso, { zone: timeZone });
  return local.isValid ? local.toFormat("yyyy-MM-dd'T'HH:mm") : '';
}

/** The instant (ISO, UTC) a datetime-local value names in the person's zone; null when empty or unreadable. */
export function fromZonedInput(value: string, timeZone = currentTimeZone()): string | null {
  if (!value) return null;
  const local = DateTime.fromISO(value, { zone: timeZone });
  return local.isValid ? (local.toUTC().toISO() ?? null) : null;
}
