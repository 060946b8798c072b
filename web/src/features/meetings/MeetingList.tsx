import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert, Loading, useDocumentTitle } from '../../ui/components';
import { formatDay, formatTime, localDay } from '../../ui/format';
import { useMeetings, type MeetingView } from './api';
import { MeetingsTabs } from './MeetingsTabs';

/** My meetings still to come, by day. */
export function MeetingList() {
  const { t } = useTranslation('meetings');
  useDocumentTitle(t('list.title'));
  const meetings = useMeetings();
  const upcoming = (meetings.data ?? [])
    .filter((m) => m.nextStartsAt)
    .sort((a, b) => (a.nextStartsAt ?? '').localeCompare(b.nextStartsAt ?? ''));
  const days = new Map<string, MeetingView[]>();
  for (const meeting of upcoming) {
    const day = localDay(meeting.nextStartsAt ?? meeting.startsAt);
    days.set(day, [...(days.get(day) ?? []), meeting]);
  }
  return (
    <div className="page">
      <div className="page__header">
        <h1>{t('list.title')}</h1>
      </div>
      <MeetingsTabs />
      {meetings.isPending && <Loading />}
      {meetings.isError && <ErrorAlert error={meetings.error} onRetry={() => void meetings.refetch()} />}
      {meetings.isSuccess && upcoming.length === 0 && <p className="subtle">{t('list.empty')}</p>}
      {[...days].map(([day, items]) => (
        <section key={day} className="meeting-day" aria-labelledby={`day-${day}`}>
          <h2 id={`day-${day}`}>{formatDay(items[0]?.nextStartsAt ?? day)}</h2>
          <ul className="meeting-list">
            {items.map((meeting) => (
              <MeetingItem key={meeting.id} meeting={meeting} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function MeetingItem({ meeting }: { meeting: MeetingView }) {
  const { t } = useTranslation('meetings');
  const start = meeting.nextStartsAt ?? meeting.startsAt;
  const end = new Date(Date.parse(start) + meeting.durationMinutes * 60_000);
  return (
    <li className="meeting-item">
      <span className="meeting-item__time">{t('list.time', { start: formatTime(start), end: formatTime(end) })}</span>
      <span className="meeting-item__body">
        <Link className="meeting-item__title" to={`/meetings/${meeting.id}`}>
          {meeting.title}
        </Link>
        <span className="meeting-item__badges">
          {meeting.kind !== 'meeting' && <span className="badge badge--muted">{t(`kind.${meeting.kind}`)}</span>}
          {meeting.status === 'started' && <span className="badge">{t('status.started')}</span>}
          {meeting.recurrence && <span className="badge badge--muted">{t('list.recurring')}</span>}
          {meeting.lobby && <span className="badge badge--muted">{t('list.lobby')}</span>}
        </span>
      </span>
    </li>
  );
}
