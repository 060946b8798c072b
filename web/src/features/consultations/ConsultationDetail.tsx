import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import type { VideoJoinLink } from '@server/bus/capabilities/video-conference.provider';
import { ApiError } from '../../api/errors';
import { api } from '../../api/http';
import { Alert, Button, ErrorAlert, Loading, PageHeader, SelectField, TextArea } from '../../ui/components';
import { currentTimeZone, formatDateTime, formatFullDay, formatTime } from '../../ui/format';
import { Confirm } from '../../ui/Confirm';
import { JitsiRoom } from '../../ui/JitsiRoom';
import { NotFound } from '../../ui/Placeholder';
import {
  consultationKeys,
  useAgencySettings,
  useConsultation,
  useConsultationRoles,
  useSlots,
  type StaffConsultationView,
} from './api';
import { ConsultationsTabs } from './ConsultationsTabs';

type Notice = 'booked' | 'noShowDone' | 'outcomeSaved' | 'cancelled' | 'moved' | 'left';

/** One booking with the citizen's data (each read audited by the server); its investigator runs it from here. */
export function ConsultationDetail() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('consultations');
  const location = useLocation();
  const queryClient = useQueryClient();
  const { me } = useConsultationRoles();
  const consultation = useConsultation(id);
  const settings = useAgencySettings();
  const [notice, setNotice] = useState<Notice | null>((location.state as { notice?: Notice } | null)?.notice ?? null);
  const [room, setRoom] = useState<VideoJoinLink | null>(null);

  const done = (updated: StaffConsultationView, next: Notice) => {
    queryClient.setQueryData(consultationKeys.one(id), updated);
    void queryClient.invalidateQueries({ queryKey: ['consultations', 'list'] });
    setNotice(next);
  };
  const noShow = useMutation({
    mutationFn: () => api<StaffConsultationView>(`/consultations/${id}/no-show`, { method: 'POST' }),
    onSuccess: (c) => done(c, 'noShowDone'),
  });
  const cancel = useMutation({
    mutationFn: () => api<StaffConsultationView>(`/consultations/${id}/cancel`, { method: 'POST' }),
    onSuccess: (c) => done(c, 'cancelled'),
  });
  const join = useMutation({
    mutationFn: (meetingId: string) => api<VideoJoinLink>(`/meetings/${meetingId}/join`, { method: 'POST' }),
    onSuccess: (link) => {
      setNotice(null);
      setRoom(link);
    },
  });

  if (consultation.isPending)
    return (
      <div className="page">
        <Loading />
      </div>
    );
  if (consultation.isError) {
    if ((consultation.error as { status?: number }).status === 404) return <NotFound />;
    return (
      <div className="page">
        <ErrorAlert error={consultation.error} onRetry={() => void consultation.refetch()} />
      </div>
    );
  }
  const c = consultation.data;
  const mineToRun = me?.id === c.investigator.id;
  const topic = settings.data?.topics.find((x) => x.id === c.topicId);
  const notOpen =
    join.error instanceof ApiError && join.error.code === 'MEETING_NOT_OPEN_YET'
      ? (join.error.body.details?.opensAt as string | undefined)
      : undefined;
  const leave = () => {
    if (c.meetingId) void api(`/meetings/${c.meetingId}/leave`, { method: 'POST' }).catch(() => undefined);
    setRoom(null);
    setNotice('left');
  };

  return (
    <div className="page">
      <PageHeader title={`${c.citizen.name ?? t('list.unnamed')} · ${formatDateTime(c.startsAt)}`}>
        <p className="row consult-badges">
          <span className={`badge${c.status === 'confirmed' ? '' : ' badge--muted'}`}>{t(`status.${c.status}`)}</span>
          <span className="badge badge--muted">{t(`via.${c.bookedVia}`)}</span>
        </p>
      </PageHeader>
      <ConsultationsTabs />
      {notice && (
        <Alert tone={notice === 'left' ? 'info' : 'success'} live>
          <p>{t(`detail.${notice}`)}</p>
        </Alert>
      )}
      {c.anonymised && <Alert tone="info">{t('detail.anonymised')}</Alert>}

      {room ? (
        <JitsiRoom
          domain={room.domain}
          roomName={room.room}
          jwt={room.token}
          publicDeployment={room.publicDeployment}
          displayName={me?.displayName ?? c.investigator.name}
          email={me?.email ?? undefined}
          lang={i18n.language}
          title={t('title')}
          moderator={room.moderator}
          lobby={room.lobby}
          onReadyToClose={leave}
        />
      ) : (
        mineToRun &&
        c.status === 'confirmed' &&
        c.meetingId && (
          <div className="consult-join">
            <Button onClick={() => c.meetingId && join.mutate(c.meetingId)} disabled={join.isPending}>
              {join.isPending ? t('detail.joining') : t('detail.join')}
            </Button>
            <p className="subtle">{t('detail.joinHint')}</p>
            {notOpen ? (
              <Alert tone="info" live>
                <p>{t('detail.notOpen', { when: formatDateTime(notOpen) })}</p>
              </Alert>
            ) : (
              join.isError && <ErrorAlert error={join.error} />
            )}
          </div>
        )
      )}

      <div className="consult-detail">
        <section className="card" aria-labelledby="consult-booking">
          <h2 id="consult-booking">{t('detail.booking')}</h2>
          <dl className="consult-facts">
            <dt>{t('detail.when')}</dt>
            <dd>
              {formatFullDay(c.startsAt)} {formatTime(c.startsAt)}–{formatTime(c.endsAt)}
            </dd>
            <dt>{t('detail.investigator')}</dt>
            <dd>{c.investigator.name}</dd>
            <dt>{t('detail.topic')}</dt>
            <dd>{topic?.name ?? t('detail.noTopic')}</dd>
            <dt>{t('detail.bookedVia')}</dt>
            <dd>{t(`via.${c.bookedVia}`)}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="consult-citizen">
          <h2 id="consult-citizen">{t('detail.citizen')}</h2>
          <p className="subtle">{t('detail.audited')}</p>
          <dl className="consult-facts">
            <dt>{t('detail.name')}</dt>
            <dd>{c.citizen.name ?? t('detail.none')}</dd>
            <dt>{t('detail.email')}</dt>
            <dd>{c.citizen.email ?? t('detail.none')}</dd>
            <dt>{t('detail.phone')}</dt>
            <dd>{c.citizen.phone ?? t('detail.none')}</dd>
            <dt>{t('detail.zone')}</dt>
            <dd>{c.citizen.timeZone}</dd>
            <dt>{t('detail.locale')}</dt>
            <dd>{c.citizen.locale === 'en' ? t('detail.localeEn') : t('detail.localeKo')}</dd>
            <dt>{t('detail.caseNumber')}</dt>
            <dd>{c.caseNumber ?? t('detail.none')}</dd>
          </dl>
          <h3>{t('detail.summary')}</h3>
          <p className="pre-wrap">{c.summary ?? t('detail.none')}</p>
        </section>
      </div>

      {!c.anonymised &&
        (c.status === 'confirmed' ||
          c.status === 'completed' ||
          c.status === 'no_show' ||
          c.status === 'cancelled') && <Outcome consultation={c} onSaved={(u) => done(u, 'outcomeSaved')} />}

      {c.status === 'confirmed' && (
        <section className="card consult-actions" aria-labelledby="consult-actions">
          <h2 id="consult-actions" className="visually-hidden">
            {t('detail.booking')}
          </h2>
          {noShow.isError && <ErrorAlert error={noShow.error} />}
          {cancel.isError && <ErrorAlert error={cancel.error} />}
          <div className="row">
            {Date.parse(c.startsAt) <= Date.now() && (
              <Confirm
                label={t('detail.noShow')}
                confirmLabel={t('detail.confirmNoShow')}
                pending={noShow.isPending}
                onConfirm={() => noShow.mutate()}
              />
            )}
            {Date.parse(c.startsAt) > Date.now() && <Move consultation={c} onMoved={(u) => done(u, 'moved')} />}
            <Confirm
              label={t('detail.cancel')}
              confirmLabel={t('detail.confirmCancel')}
              pending={cancel.isPending}
              onConfirm={() => cancel.mutate()}
            />
          </div>
        </section>
      )}
    </div>
  );
}

function Outcome({
  consultation,
  onSaved,
}: {
  consultation: StaffConsultationView;
  onSaved: (updated: StaffConsultationView) => void;
}) {
  const { t } = useTranslation('consultations');
  const [notes, setNotes] = useState(consultation.outcomeNotes ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (text: string) =>
      api<StaffConsultationView>(`/consultations/${consultation.id}/outcome`, {
        method: 'POST',
        body: { notes: text },
      }),
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!notes.trim()) return setError(t('detail.outcomeRequired'));
    setError(null);
    save.mutate(notes.trim());
  };
  return (
    <section className="card consult-outcome" aria-labelledby="consult-outcome">
      <h2 id="consult-outcome">{t('detail.outcome')}</h2>
      {save.isError && <ErrorAlert error={save.error} />}
      <form onSubmit={submit} noValidate>
        <TextArea
          label={t('detail.outcome')}
          hint={t('detail.outcomeHint')}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          maxLength={10_000}
          rows={5}
          error={error}
        />
        <Button type="submit" disabled={save.isPending}>
          {t('detail.saveOutcome')}
        </Button>
      </form>
    </section>
  );
}

function Move({
  consultation,
  onMoved,
}: {
  consultation: StaffConsultationView;
  onMoved: (updated: StaffConsultationView) => void;
}) {
  const { t } = useTranslation('consultations');
  const [open, setOpen] = useState(false);
  const [slot, setSlot] = useState('');
  const zone = currentTimeZone();
  const [from] = useState(() => new Date().toISOString());
  const slots = useSlots({ from, timeZone: zone, days: 14, investigatorId: consultation.investigator.id });
  const move = useMutation({
    mutationFn: (startsAt: string) =>
      api<StaffConsultationView>(`/consultations/${consultation.id}/reschedule`, {
        method: 'POST',
        body: { startsAt },
      }),
    onSuccess: onMoved,
  });
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t('detail.move')}
      </Button>
    );
  }
  const choices = (slots.data ?? []).filter((s) => s.startsAt !== consultation.startsAt);
  return (
    <form
      className="consult-move"
      onSubmit={(event) => {
        event.preventDefault();
        if (slot) move.mutate(slot);
      }}
    >
      {slots.isPending && <Loading />}
      {slots.isError && <ErrorAlert error={slots.error} />}
      {move.isError && <ErrorAlert error={move.error} />}
      {slots.isSuccess && choices.length === 0 && <p className="subtle">{t('detail.noSlots')}</p>}
      {choices.length > 0 && (
        <SelectField label={t('detail.moveTo')} value={slot} onChange={(e) => setSlot(e.target.value)} required>
          <option value="">{t('detail.chooseSlot')}</option>
          {choices.map((s) => (
            <option key={s.startsAt} value={s.startsAt}>
              {formatDateTime(s.startsAt)}
            </option>
          ))}
        </SelectField>
      )}
      <div className="row">
        <Button type="submit" disabled={!slot || move.isPending}>
          {t('detail.saveMove')}
        </Button>
        <Button variant="tertiary" onClick={() => setOpen(false)}>
          {t('detail.keep')}
        </Button>
      </div>
    </form>
  );
}
