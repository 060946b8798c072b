import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { Alert, ErrorAlert, Loading } from '../../ui/components';
import { formatDateTime, localDay } from '../../ui/format';
import {
  call,
  codeOf,
  daysQuery,
  manageCalendarHref,
  manageKey,
  type CalendarDayView,
  type CitizenConfirmationView,
  type CitizenConsultationView,
} from './api';
import { agencyLabel } from './ChoosePage';
import { DayPicker } from './DayPicker';
import { remember, useAction, useRemote } from './remote';
import {
  Cancelled,
  ErrorPage,
  formatSpan,
  Heading,
  HomeLink,
  minutesOf,
  Problem,
  useDraft,
  useNowUntil,
} from './shell';

const managePath = (token: string) => `/manage/${encodeURIComponent(token)}`;

export function useBooking(token: string) {
  return useRemote(manageKey(token), () => call<CitizenConsultationView>(managePath(token)));
}

/** When, how long, with which agency, on what. */
export function BookingFacts({ view }: { view: CitizenConsultationView }) {
  const { t, i18n } = useTranslation('citizen');
  return (
    <dl className="citizen-facts">
      <div>
        <dt>{t('manage.when')}</dt>
        <dd className="citizen-summary__when">
          {formatSpan(view.startsAt, view.endsAt)} (
          {t('manage.minutes', {
            minutes: minutesOf(view.startsAt, view.endsAt),
          })}
          )
        </dd>
      </div>
      <div>
        <dt>{t('manage.agency')}</dt>
        <dd>{agencyLabel(view.agency, i18n.language)}</dd>
      </div>
      {view.topic && (
        <div>
          <dt>{t('manage.topic')}</dt>
          <dd>{view.topic}</dd>
        </div>
      )}
    </dl>
  );
}

/** A booking that is no longer upcoming, said plainly; nothing of it needs showing. */
function Ended({ view, justCancelled = false }: { view: CitizenConsultationView; justCancelled?: boolean }) {
  const { t } = useTranslation('citizen');
  if (view.status === 'cancelled') {
    return (
      <Cancelled>
        {justCancelled && (
          <Alert tone="success" live>
            {t('cancelled.done')}
          </Alert>
        )}
      </Cancelled>
    );
  }
  return (
    <Problem title={t('over.title')} tone="info" actions={<HomeLink label={t('cancelled.again')} />}>
      <p>{t('over.body')}</p>
    </Problem>
  );
}

/** Following the mailed confirmation link confirms the booking (once; again changes nothing). */
export function ConfirmPage({ token }: { token: string }) {
  const { t } = useTranslation('citizen');
  const confirm = useRemote(`confirm:${token}`, () =>
    call<CitizenConfirmationView>(`/confirm/${encodeURIComponent(token)}`, {
      method: 'POST',
    }),
  );
  if (confirm.isError) return <ErrorPage error={confirm.error} onRetry={() => confirm.refetch()} />;
  if (!confirm.data) return <Loading label={t('confirm.confirming')} />;
  const view = confirm.data;
  if (view.status !== 'confirmed') return <Ended view={view} />;
  return (
    <div className="citizen-flow">
      <Heading>{t('confirm.title')}</Heading>
      <Alert tone="success">
        <BookingFacts view={view} />
      </Alert>
      <div className="citizen-actions">
        <a className="btn btn--secondary" href={manageCalendarHref(view.manageToken)} download="consultation.ics">
          {t('confirm.calendar')}
        </a>
      </div>
      <section aria-labelledby="citizen-manage-link">
        <h2 id="citizen-manage-link">{t('confirm.manageTitle')}</h2>
        <p>{t('confirm.manageBody')}</p>
        <Link href={managePath(view.manageToken)} className="btn">
          {t('confirm.open')}
        </Link>
      </section>
    </div>
  );
}

function JoinButton({ token, view }: { token: string; view: CitizenConsultationView }) {
  const { t } = useTranslation('citizen');
  const now = useNowUntil(view.joinOpensAt);
  if (!view.joinOpensAt || !view.joinClosesAt) return null;
  const margin = Math.round((Date.parse(view.startsAt) - Date.parse(view.joinOpensAt)) / 60_000);
  const open = now >= Date.parse(view.joinOpensAt) && now < Date.parse(view.joinClosesAt);
  return (
    <section className="citizen-join" aria-labelledby="citizen-join">
      <h2 id="citizen-join" className="visually-hidden">
        {t('manage.join')}
      </h2>
      {open ? (
        <>
          <p id="citizen-join-hint">{t('manage.joinOpen')}</p>
          <Link href={`${managePath(token)}/join`} className="btn btn--large" aria-describedby="citizen-join-hint">
            {t('manage.join')}
          </Link>
        </>
      ) : (
        <>
          <p id="citizen-join-hint">
            {t('manage.joinHint', {
              margin,
              time: formatDateTime(view.joinOpensAt),
            })}
          </p>
          <button type="button" className="btn btn--large" disabled aria-describedby="citizen-join-hint">
            {t('manage.join')}
          </button>
        </>
      )}
    </section>
  );
}

/** The citizen's own booking from the mailed link: see it, move it, cancel it (after asking), join it. */
export function ManagePage({ token }: { token: string }) {
  const { t } = useTranslation('citizen');
  const booking = useBooking(token);
  const [draft, setDraft] = useDraft();
  // A notice from the page before (a move done) is said once, here.
  const [notice] = useState(draft.notice);
  const [asking, setAsking] = useState(false);
  const askRef = useRef<HTMLHeadingElement>(null);
  const cancel = useAction(
    () =>
      call<CitizenConsultationView>(`${managePath(token)}/cancel`, {
        method: 'POST',
      }),
    { onSuccess: (view) => booking.set(view) },
  );
  useEffect(() => {
    if (draft.notice) setDraft({ notice: null });
  }, [draft.notice, setDraft]);
  useEffect(() => {
    if (asking) askRef.current?.focus();
  }, [asking]);

  if (booking.isError) return <ErrorPage error={booking.error} onRetry={() => booking.refetch()} />;
  if (!booking.data) return <Loading />;
  const view = booking.data;
  if (view.status !== 'confirmed') return <Ended view={view} justCancelled={cancel.isSuccess} />;
  return (
    <div className="citizen-flow">
      <Heading>{t('manage.title')}</Heading>
      {notice && (
        <Alert tone="success" live>
          {notice}
        </Alert>
      )}
      <p>
        <span className="visually-hidden">{t('manage.statusLabel')}: </span>
        <span className="badge citizen-badge">{t(`manage.status.${view.status}`)}</span>
      </p>
      <BookingFacts view={view} />
      <JoinButton token={token} view={view} />
      <div className="citizen-actions">
        <a className="btn btn--secondary" href={manageCalendarHref(token)} download="consultation.ics">
          {t('confirm.calendar')}
        </a>
      </div>
      {view.canChange ? (
        <section className="citizen-change" aria-label={t('manage.move')}>
          {!asking ? (
            <div className="citizen-actions">
              <Link href={`${managePath(token)}/move`} className="btn btn--secondary">
                {t('manage.move')}
              </Link>
              <button type="button" className="btn btn--secondary citizen-danger" onClick={() => setAsking(true)}>
                {t('manage.cancel')}
              </button>
            </div>
          ) : (
            <div className="citizen-confirm" role="group" aria-labelledby="citizen-cancel-title">
              <h2 id="citizen-cancel-title" ref={askRef} tabIndex={-1}>
                {t('manage.cancelTitle')}
              </h2>
              <p>{t('manage.cancelBody')}</p>
              {cancel.isError && <ErrorAlert error={cancel.error} />}
              <div className="citizen-actions">
                <button
                  type="button"
                  className="btn btn--danger"
                  disabled={cancel.isPending}
                  onClick={() => cancel.run(undefined)}
                >
                  {cancel.isPending ? t('manage.cancelling') : t('manage.cancelYes')}
                </button>
                <button type="button" className="btn btn--secondary" onClick={() => setAsking(false)}>
                  {t('manage.cancelNo')}
                </button>
              </div>
            </div>
          )}
        </section>
      ) : (
        <p>{t('manage.noChange')}</p>
      )}
      <section aria-labelledby="citizen-yours">
        <h2 id="citizen-yours">{t('manage.yours')}</h2>
        <dl className="citizen-facts">
          {(['name', 'email', 'phone', 'caseNumber', 'summary'] as const).map((key) =>
            view[key] ? (
              <div key={key}>
                <dt>{t(`manage.${key}`)}</dt>
                <dd className="citizen-pre">{view[key]}</dd>
              </div>
            ) : null,
          )}
        </dl>
      </section>
    </div>
  );
}

/** Another free time of the same investigator. */
export function MovePage({ token }: { token: string }) {
  const { t } = useTranslation('citizen');
  const [, navigate] = useLocation();
  const [, setDraft] = useDraft();
  const booking = useBooking(token);
  const [from, setFrom] = useState(() => new Date().toISOString());
  const [day, setDay] = useState<string | null>(null);
  const [at, setAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const days = useRemote(
    booking.data?.status === 'confirmed' ? `move:${token}:${localDay(from)}` : null,
    () =>
      call<CalendarDayView[]>(`${managePath(token)}/days`, {
        query: daysQuery(from),
      }),
    { keep: false },
  );
  const move = useAction(
    (startsAt: string) =>
      call<CitizenConsultationView>(`${managePath(token)}/reschedule`, {
        method: 'POST',
        body: { startsAt },
      }),
    {
      onSuccess: (view) => {
        remember(manageKey(token), view);
        setDraft({
          notice: t('manage.moved', {
            when: formatSpan(view.startsAt, view.endsAt),
          }),
        });
        navigate(managePath(token));
      },
      onError: (failure) => {
        if (['CONSULT_SLOT_TAKEN', 'CONSULT_SLOT_UNAVAILABLE', 'CONSULT_DAILY_CAP_REACHED'].includes(codeOf(failure))) {
          setError(t('move.taken'));
          setAt(null);
          days.refetch();
        }
      },
    },
  );

  if (booking.isError) return <ErrorPage error={booking.error} onRetry={() => booking.refetch()} />;
  if (!booking.data) return <Loading />;
  const view = booking.data;
  if (view.status !== 'confirmed') return <Ended view={view} />;
  const onFirstRange = localDay(from) <= localDay(new Date());
  return (
    <div className="citizen-flow">
      <Heading>{t('move.title')}</Heading>
      <p>{t('move.current', { when: formatSpan(view.startsAt, view.endsAt) })}</p>
      {move.isError && !error && <ErrorAlert error={move.error} />}
      <form
        className="citizen-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!at) setError(t('choose.required'));
          else move.run(at);
        }}
      >
        {days.isPending && <Loading />}
        {days.isError && <ErrorAlert error={days.error} onRetry={() => days.refetch()} />}
        {days.data && (
          <DayPicker
            days={days.data}
            day={day}
            at={at}
            error={error}
            onDay={(d) => {
              setDay(d);
              setAt(null);
            }}
            onSlot={(s) => {
              setDay(s.local.slice(0, 10));
              setAt(s.startsAt);
              setError(null);
            }}
            navigation={
              <div className="citizen-actions citizen-actions--split">
                {!onFirstRange && (
                  <button
                    type="button"
                    className="btn btn--secondary"
                    onClick={() => setFrom(new Date(Date.parse(from) - 14 * 86_400_000).toISOString())}
                  >
                    {t('choose.earlier')}
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn--secondary"
                  onClick={() => setFrom(new Date(Date.parse(from) + 14 * 86_400_000).toISOString())}
                >
                  {t('choose.later')}
                </button>
              </div>
            }
          />
        )}
        <div className="citizen-actions">
          <button type="submit" className="btn btn--large" disabled={move.isPending}>
            {move.isPending ? t('move.moving') : t('move.submit')}
          </button>
          <Link href={managePath(token)} className="btn btn--secondary">
            {t('move.back')}
          </Link>
        </div>
      </form>
    </div>
  );
}
