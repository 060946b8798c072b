import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { download, api } from '../../api/http';
import { useMe } from '../../app/session-context';
import { Alert, Button, ErrorAlert, Loading, PageHeader, SelectField, TextField } from '../../ui/components';
import { currentTimeZone, formatDateTime, formatFullDay, formatTime, formatBytes } from '../../ui/format';
import { NotFound } from '../../ui/Placeholder';
import { meetingKeys, useAttendance, useMeeting, type MeetingView } from './api';
import { Confirm } from '../../ui/Confirm';
import { describeRule } from './recurrence';
import { wallClock, zonedInstant } from './zoned';

const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240];

type Notice = 'scheduled' | 'rescheduled' | 'cancelled' | { occurrence: string };

/** One meeting: when, who, its documents and room; the host moves or cancels it and sees who came. */
export function MeetingDetail() {
  const { id = '' } = useParams();
  const { t } = useTranslation('meetings');
  const location = useLocation();
  const { data: me } = useMe();
  const meeting = useMeeting(id);
  const [notice, setNotice] = useState<Notice | null>((location.state as { notice?: Notice } | null)?.notice ?? null);
  const isHost = Boolean(me && meeting.data?.hostId === me.id);
  const attendance = useAttendance(id, isHost);

  if (meeting.isPending)
    return (
      <div className="page">
        <Loading />
      </div>
    );
  if (meeting.isError) {
    if ((meeting.error as { status?: number }).status === 404) return <NotFound />;
    return (
      <div className="page">
        <ErrorAlert error={meeting.error} onRetry={() => void meeting.refetch()} />
      </div>
    );
  }
  const m = meeting.data;
  const open = m.status === 'scheduled' || m.status === 'started';
  const start = m.nextStartsAt ?? m.startsAt;
  const end = new Date(Date.parse(start) + m.durationMinutes * 60_000);

  return (
    <div className="page">
      <PageHeader title={m.title}>
        <p className="row meeting-detail__badges">
          <span className="badge badge--muted">{t(`kind.${m.kind}`)}</span>
          <span
            className={`badge${m.status === 'cancelled' ? ' badge--danger' : m.status === 'started' ? '' : ' badge--muted'}`}
          >
            {t(`status.${m.status}`)}
          </span>
        </p>
      </PageHeader>
      {notice && (
        <Alert tone="success" live>
          <p>
            {typeof notice === 'string'
              ? t(notice === 'scheduled' ? 'form.scheduled' : `detail.${notice}`)
              : t('detail.occurrenceCancelled', { when: formatDateTime(notice.occurrence) })}
          </p>
        </Alert>
      )}
      {m.status === 'cancelled' && <Alert tone="warning">{t('detail.cancelledNotice')}</Alert>}
      {m.status === 'ended' && <Alert tone="info">{t('detail.over')}</Alert>}
      <div className="row meeting-detail__actions">
        {open && m.nextStartsAt && (
          <Link className="btn" to={`/meetings/${m.id}/join`}>
            {t('actions.join')}
          </Link>
        )}
        {m.roomId && (
          <Link className="btn btn--secondary" to={`/rooms/${m.roomId}`}>
            {t('actions.room')}
          </Link>
        )}
      </div>

      <div className="meeting-detail">
        <div className="meeting-detail__main">
          <section className="card" aria-labelledby="meeting-when">
            <h2 id="meeting-when">{t('detail.schedule')}</h2>
            <dl className="facts">
              <dt>{m.recurrence ? t('detail.next') : t('detail.when')}</dt>
              <dd>
                {formatFullDay(start)} {formatTime(start)}–{formatTime(end)}
              </dd>
              <dt>{t('detail.duration')}</dt>
              <dd>{t('detail.minutes', { count: m.durationMinutes })}</dd>
              <dt>{t('detail.zone')}</dt>
              <dd>{m.timeZone}</dd>
              {m.recurrence && (
                <>
                  <dt>{t('detail.repeat')}</dt>
                  <dd>
                    <RepeatText rule={m.recurrence} />
                  </dd>
                </>
              )}
            </dl>
            {m.recurrence && (
              <Occurrences
                meeting={m}
                isHost={isHost && open && m.kind !== 'consultation'}
                onCancelled={(at) => setNotice({ occurrence: at })}
              />
            )}
          </section>

          <section className="card" aria-labelledby="meeting-agenda">
            <h2 id="meeting-agenda">{t('detail.agenda')}</h2>
            {m.agenda ? <p className="pre-wrap">{m.agenda}</p> : <p className="subtle">{t('detail.noAgenda')}</p>}
          </section>

          <Documents meeting={m} />

          {isHost && (
            <section className="card" aria-labelledby="meeting-attendance">
              <h2 id="meeting-attendance">{t('detail.attendance')}</h2>
              {attendance.isPending && <Loading />}
              {attendance.isError && <ErrorAlert error={attendance.error} onRetry={() => void attendance.refetch()} />}
              {attendance.data && attendance.data.length === 0 && <p className="subtle">{t('detail.noAttendance')}</p>}
              {attendance.data && attendance.data.length > 0 && (
                <div className="table-wrap">
                  <table className="table">
                    <caption className="visually-hidden">{t('detail.attendance')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('detail.attendanceName')}</th>
                        <th scope="col">{t('detail.joined')}</th>
                        <th scope="col">{t('detail.left')}</th>
                        <th scope="col">{t('detail.stayed')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {attendance.data.map((row) => (
                        <tr key={`${row.participantId}-${row.joinedAt}`}>
                          <th scope="row">{row.displayName}</th>
                          <td>{formatDateTime(row.joinedAt)}</td>
                          <td>{row.leftAt ? formatDateTime(row.leftAt) : t('detail.stillIn')}</td>
                          <td>{row.minutes === null ? '—' : t('detail.minutes', { count: row.minutes })}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          )}

          {isHost && open && m.kind !== 'consultation' && <HostTools meeting={m} onDone={setNotice} />}
        </div>

        <aside className="meeting-detail__side" aria-labelledby="meeting-people">
          <section className="card">
            <h2 id="meeting-people">{t('detail.participants', { count: m.participants?.length ?? 0 })}</h2>
            <ul className="people">
              {(m.participants ?? []).map((p) => (
                <li key={p.id}>
                  <span>
                    <strong>{p.displayName}</strong>
                    {p.userId && p.userId === me?.id && <span className="subtle"> {t('detail.you')}</span>}
                  </span>
                  <span className="subtle people__via">
                    {p.role === 'host'
                      ? t('role.host')
                      : t(`via.${p.invitedVia}`, { defaultValue: t('role.participant') })}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}

function RepeatText({ rule }: { rule: string }) {
  const { t } = useTranslation('meetings');
  const d = describeRule(rule);
  const base =
    d.key === 'weekly'
      ? t('repeat.weekly', { weekday: t(`weekday.${d.weekday}`) })
      : d.key === 'monthly'
        ? t('repeat.monthly', { day: d.dayOfMonth })
        : d.key === 'custom'
          ? t('repeat.custom', { rule: d.rule })
          : t(`repeat.${d.key}`);
  return <>{base + (d.count ? t('repeat.count', { count: d.count }) : '')}</>;
}

function Occurrences({
  meeting,
  isHost,
  onCancelled,
}: {
  meeting: MeetingView;
  isHost: boolean;
  onCancelled: (at: string) => void;
}) {
  const { t } = useTranslation('meetings');
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: (at: string) =>
      api<MeetingView>(`/meetings/${meeting.id}/occurrences/cancel`, { method: 'POST', body: { at } }),
    onSuccess: (updated, at) => {
      queryClient.setQueryData(meetingKeys.one(meeting.id), updated);
      void queryClient.invalidateQueries({ queryKey: meetingKeys.all });
      onCancelled(at);
    },
  });
  const upcoming = meeting.upcoming ?? [];
  return (
    <>
      <h3>{t('detail.upcoming')}</h3>
      {cancel.isError && <ErrorAlert error={cancel.error} />}
      <ul className="occurrences">
        {upcoming.map((at) => (
          <li key={at}>
            <span>{formatDateTime(at)}</span>
            {isHost && upcoming.length > 1 && (
              <Confirm
                small
                label={t('actions.cancelOccurrence')}
                confirmLabel={t('actions.confirmOccurrence', { when: formatDateTime(at) })}
                pending={cancel.isPending}
                onConfirm={() => cancel.mutate(at)}
              />
            )}
          </li>
        ))}
      </ul>
      {meeting.exdates.length > 0 && (
        <>
          <h3>{t('detail.skipped')}</h3>
          <ul className="occurrences occurrences--skipped">
            {meeting.exdates.map((at) => (
              <li key={at}>
                <del>{formatDateTime(at)}</del>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function Documents({ meeting }: { meeting: MeetingView }) {
  const { t } = useTranslation('meetings');
  const [failed, setFailed] = useState<unknown>(null);
  const documents = meeting.documents ?? [];
  return (
    <section className="card" aria-labelledby="meeting-documents">
      <h2 id="meeting-documents">{t('detail.documents')}</h2>
      <p className="subtle">{t('detail.documentsHint')}</p>
      {failed !== null && <ErrorAlert error={failed} />}
      {documents.length === 0 ? (
        <p className="subtle">{t('detail.noDocuments')}</p>
      ) : (
        <ul className="documents">
          {documents.map((d) => (
            <li key={d.id}>
              <Button
                variant="tertiary"
                size="small"
                aria-label={t('actions.download', { name: d.name })}
                onClick={() => download(`/files/${d.id}/content`, d.name).catch(setFailed)}
              >
                {d.name}
              </Button>
              <span className="subtle">{formatBytes(d.size)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function HostTools({ meeting, onDone }: { meeting: MeetingView; onDone: (notice: Notice) => void }) {
  const { t } = useTranslation('meetings');
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const zone = me?.timeZone ?? currentTimeZone();
  const current = wallClock(meeting.nextStartsAt ?? meeting.startsAt, zone);
  const [moving, setMoving] = useState(false);
  const [day, setDay] = useState(current.day);
  const [time, setTime] = useState(current.time);
  const [duration, setDuration] = useState(meeting.durationMinutes);
  const [whenError, setWhenError] = useState<string | null>(null);
  const changed = (updated: MeetingView, notice: Notice) => {
    queryClient.setQueryData(meetingKeys.one(meeting.id), updated);
    void queryClient.invalidateQueries({ queryKey: meetingKeys.all });
    setMoving(false);
    onDone(notice);
  };
  const reschedule = useMutation({
    mutationFn: (body: { startsAt: string; durationMinutes: number }) =>
      api<MeetingView>(`/meetings/${meeting.id}/reschedule`, { method: 'POST', body }),
    onSuccess: (updated) => changed(updated, 'rescheduled'),
  });
  const cancel = useMutation({
    mutationFn: () => api<MeetingView>(`/meetings/${meeting.id}/cancel`, { method: 'POST' }),
    onSuccess: (updated) => changed(updated, 'cancelled'),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{2}:\d{2}$/.test(time)) return setWhenError(t('errors.when'));
    const startsAt = zonedInstant(day, time, zone);
    if (startsAt.getTime() < Date.now() - 60_000) return setWhenError(t('errors.past'));
    setWhenError(null);
    reschedule.mutate({ startsAt: startsAt.toISOString(), durationMinutes: duration });
  };
  return (
    <section className="card" aria-labelledby="meeting-host">
      <h2 id="meeting-host">{t('detail.hostTools')}</h2>
      {reschedule.isError && <ErrorAlert error={reschedule.error} />}
      {cancel.isError && <ErrorAlert error={cancel.error} />}
      {moving ? (
        <form onSubmit={submit} noValidate aria-labelledby="meeting-move">
          <h3 id="meeting-move">{t('detail.rescheduleTitle')}</h3>
          <div className="meeting-form__row">
            <TextField
              label={t('form.day')}
              type="date"
              value={day}
              onChange={(e) => setDay(e.target.value)}
              required
              error={whenError}
            />
            <TextField
              label={t('form.time')}
              type="time"
              value={time}
              onChange={(e) => setTime(e.target.value)}
              required
              hint={t('form.zone', { zone })}
            />
            <SelectField
              label={t('form.duration')}
              value={duration}
              onChange={(e) => setDuration(Number(e.target.value))}
            >
              {[...new Set([...DURATIONS, meeting.durationMinutes])]
                .sort((a, b) => a - b)
                .map((m) => (
                  <option key={m} value={m}>
                    {t('form.minutes', { count: m })}
                  </option>
                ))}
            </SelectField>
          </div>
          <div className="row">
            <Button type="submit" disabled={reschedule.isPending}>
              {t('actions.saveReschedule')}
            </Button>
            <Button variant="tertiary" onClick={() => setMoving(false)}>
              {t('actions.keep')}
            </Button>
          </div>
        </form>
      ) : (
        <div className="row">
          <Button variant="secondary" onClick={() => setMoving(true)}>
            {t('actions.reschedule')}
          </Button>
          <Confirm
            label={t('actions.cancelMeeting')}
            confirmLabel={t('actions.confirmCancel')}
            pending={cancel.isPending}
            onConfirm={() => cancel.mutate()}
          />
        </div>
      )}
    </section>
  );
}
