import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useMe } from '../../app/session-context';
import { ErrorAlert, Loading, useDocumentTitle } from '../../ui/components';
import { currentTimeZone, formatDay, formatTime } from '../../ui/format';
import { useCalendar, type MeetingOccurrenceView } from './api';
import { MeetingsTabs } from './MeetingsTabs';
import { addDays, mondayOf, wallClock, zonedInstant } from './zoned';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A week of my meetings (every occurrence), Monday to Sunday in my time zone; ?week=<Monday> keeps the week on reload. */
export function WeekCalendar() {
  const { t } = useTranslation('meetings');
  useDocumentTitle(t('calendar.title'));
  const { data: me } = useMe();
  const zone = me?.timeZone ?? currentTimeZone();
  const [params] = useSearchParams();
  const today = wallClock(Date.now(), zone).day;
  const asked = params.get('week');
  const monday = mondayOf(asked && DAY.test(asked) ? asked : today);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const calendar = useCalendar(zonedInstant(monday, '00:00', zone), zonedInstant(addDays(monday, 7), '00:00', zone));
  const byDay = new Map<string, MeetingOccurrenceView[]>();
  for (const occurrence of calendar.data ?? []) {
    const day = wallClock(occurrence.startsAt, zone).day;
    byDay.set(day, [...(byDay.get(day) ?? []), occurrence]);
  }
  const noon = (day: string) => zonedInstant(day, '12:00', zone);

  return (
    <div className="page page--wide">
      <div className="page__header">
        <h1>{t('calendar.title')}</h1>
      </div>
      <MeetingsTabs />
      <div className="week-toolbar">
        <p className="week-toolbar__range" aria-live="polite">
          <strong>
            {t('calendar.week', {
              from: formatDay(noon(days[0] ?? monday), zone),
              to: formatDay(noon(days[6] ?? monday), zone),
            })}
          </strong>
        </p>
        <div className="row">
          <Link className="btn btn--secondary btn--small" to={`/meetings/calendar?week=${addDays(monday, -7)}`}>
            {t('calendar.previous')}
          </Link>
          <Link className="btn btn--secondary btn--small" to="/meetings/calendar">
            {t('calendar.thisWeek')}
          </Link>
          <Link className="btn btn--secondary btn--small" to={`/meetings/calendar?week=${addDays(monday, 7)}`}>
            {t('calendar.next')}
          </Link>
        </div>
      </div>
      <p className="subtle">{t('calendar.zone', { zone })}</p>
      {calendar.isPending && <Loading />}
      {calendar.isError && <ErrorAlert error={calendar.error} onRetry={() => void calendar.refetch()} />}
      <ol className="week">
        {days.map((day) => {
          const items = byDay.get(day) ?? [];
          return (
            <li
              key={day}
              className={`week__day${day === today ? ' week__day--today' : ''}`}
              aria-current={day === today ? 'date' : undefined}
              aria-labelledby={`week-${day}`}
            >
              <h2 id={`week-${day}`} className="week__heading">
                {formatDay(noon(day), zone)}
                {day === today && <span className="badge week__today">{t('calendar.today')}</span>}
              </h2>
              {items.length === 0 ? (
                <p className="week__empty subtle">{t('calendar.empty')}</p>
              ) : (
                <ul className="week__items">
                  {items.map((o) => (
                    <li key={`${o.meetingId}-${o.startsAt}`} className={`week__item week__item--${o.status}`}>
                      <Link to={`/meetings/${o.meetingId}`}>
                        <span className="week__time">
                          {formatTime(o.startsAt, zone)}–{formatTime(o.endsAt, zone)}
                        </span>
                        <span className="week__title">{o.title}</span>
                      </Link>
                      {o.kind !== 'meeting' && <span className="badge badge--muted">{t(`kind.${o.kind}`)}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
