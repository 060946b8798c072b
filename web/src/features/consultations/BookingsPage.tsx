import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { api } from '../../api/http';
import { Alert, ErrorAlert, Loading, PageHeader } from '../../ui/components';
import { formatDay, formatTime, localDay } from '../../ui/format';
import { consultationKeys, useConsultationRoles, type StaffConsultationView } from './api';
import { ConsultationsTabs } from './ConsultationsTabs';

/** Today's consultations and the next two weeks', the agency's or only mine. */
export function BookingsPage() {
  const { t } = useTranslation('consultations');
  const { me, staff, admin } = useConsultationRoles();
  const [mine, setMine] = useState(false);
  const list = useQuery({
    queryKey: consultationKeys.list(mine),
    queryFn: () => api<StaffConsultationView[]>('/consultations', { query: { days: 14, mine: mine || undefined } }),
    enabled: staff,
  });
  const today = localDay(Date.now());
  const rows = (list.data ?? []).filter((c) => c.status !== 'expired');
  const todays = rows.filter((c) => localDay(c.startsAt) === today);
  const later = rows.filter((c) => localDay(c.startsAt) > today);
  const byDay = new Map<string, StaffConsultationView[]>();
  for (const c of later) byDay.set(localDay(c.startsAt), [...(byDay.get(localDay(c.startsAt)) ?? []), c]);

  if (!me)
    return (
      <div className="page">
        <Loading />
      </div>
    );
  // An agency administrator who takes no consultations comes here for the agency's settings.
  if (!staff && admin) return <Navigate to="/consultations/agency" replace />;
  return (
    <div className="page">
      <PageHeader title={t('list.title')} />
      <ConsultationsTabs />
      {!staff ? (
        <Alert tone="info">
          <p>{t('notStaff')}</p>
        </Alert>
      ) : (
        <>
          <p className="subtle">{t('list.audited')}</p>
          <label className="check">
            <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
            <span>{t('list.mine')}</span>
          </label>
          {list.isPending && <Loading />}
          {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
          {list.isSuccess && (
            <>
              <section className="consult-day" aria-labelledby="consult-today">
                <h2 id="consult-today">
                  {t('list.today')} <span className="subtle">{formatDay(Date.now())}</span>
                </h2>
                {todays.length === 0 ? <p className="subtle">{t('list.noneToday')}</p> : <BookingList items={todays} />}
              </section>
              <section className="consult-day" aria-labelledby="consult-later">
                <h2 id="consult-later">{t('list.upcoming')}</h2>
                {later.length === 0 && <p className="subtle">{t('list.empty')}</p>}
                {[...byDay].map(([day, items]) => (
                  <div key={day}>
                    <h3>{formatDay(items[0]?.startsAt ?? day)}</h3>
                    <BookingList items={items} />
                  </div>
                ))}
              </section>
            </>
          )}
        </>
      )}
    </div>
  );
}

function BookingList({ items }: { items: StaffConsultationView[] }) {
  const { t } = useTranslation('consultations');
  return (
    <ul className="consult-list">
      {items.map((c) => (
        <li key={c.id} className={`consult-item consult-item--${c.status}`}>
          <span className="consult-item__time">
            {t('list.time', { start: formatTime(c.startsAt), end: formatTime(c.endsAt) })}
          </span>
          <span className="consult-item__body">
            <Link to={`/consultations/${c.id}`} className="consult-item__name">
              {c.citizen.name ?? t('list.unnamed')}
            </Link>
            <span className="subtle">{t('list.with', { name: c.investigator.name })}</span>
            <span className={`badge${c.status === 'confirmed' ? '' : ' badge--muted'}`}>{t(`status.${c.status}`)}</span>
            {c.bookedVia === 'staff' && <span className="badge badge--muted">{t('via.staff')}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
