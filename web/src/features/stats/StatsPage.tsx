import { useQuery } from '@tanstack/react-query';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useState } from 'react';
import { Bar } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { MeetingReport } from '@server/stats/meeting-stats.service';
import { api, download } from '../../api/http';
import { hasRole, useMe } from '../../app/session-context';
import { Alert, Button, ErrorAlert, Loading, PageHeader, SelectField } from '../../ui/components';
import { currentTimeZone } from '../../ui/format';

// Only the parts these bar charts use, so the chunk carries no other chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const FIRST_YEAR = 2014;
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const BLUE = '#256ef4';

/** Meetings held per month and per agency, as charts and as the tables that say the same to everyone. */
export function StatsPage() {
  const { t, i18n } = useTranslation('stats');
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const thisYear = Number(
    new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: currentTimeZone() }).format(Date.now()),
  );
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= thisYear ? asked : thisYear;
  const admin = hasRole(me, 'system_admin', 'agency_admin');
  const report = useQuery({
    queryKey: ['stats', 'meetings', year],
    queryFn: () => api<MeetingReport>('/stats/meetings', { query: { year } }),
    enabled: admin,
  });
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const number = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'ko-KR');
  const monthName = (m: number) =>
    i18n.language === 'en'
      ? new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(Date.UTC(2000, m - 1, 1))
      : t('month', { month: m });

  const save = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      await download(`/stats/meetings?year=${year}&format=csv`, `meetings-${year}.csv`);
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  };

  if (me && !admin) {
    return (
      <div className="page">
        <PageHeader title={t('title')} />
        <Alert tone="info">
          <p>{t('adminsOnly')}</p>
        </Alert>
      </div>
    );
  }

  const data = report.data;
  const topAgencies = (data?.byAgency ?? []).slice(0, 10);
  return (
    <div className="page stats">
      <PageHeader
        title={t('title')}
        actions={
          <Button variant="secondary" onClick={() => void save()} disabled={downloading || !data}>
            {downloading ? t('downloading') : t('download')}
          </Button>
        }
      />
      <div className="stats__controls">
        <SelectField
          label={t('year')}
          value={year}
          onChange={(e) => setParams({ year: e.target.value }, { replace: true })}
        >
          {Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i).map((y) => (
            <option key={y} value={y}>
              {t('yearOption', { year: y })}
            </option>
          ))}
        </SelectField>
      </div>
      {downloadError !== null && <ErrorAlert error={downloadError} />}
      {report.isPending && admin && <Loading />}
      {report.isError && <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />}
      {data && (
        <>
          <p className="subtle">
            {data.agency
              ? t('scopeAgency', { agency: data.agency.name, zone: data.timeZone })
              : t('scopeAll', { zone: data.timeZone })}
          </p>
          <section className="card stats__section" aria-labelledby="stats-monthly">
            <h2 id="stats-monthly">{t('monthlyHeading')}</h2>
            <div className="stats__chart">
              <Bar
                role="img"
                aria-label={t('monthlyChart', { year })}
                data={{
                  labels: MONTHS.map(monthName),
                  datasets: [
                    {
                      label: t('seriesLabel'),
                      data: data.months.map((m) => m.meetings),
                      backgroundColor: BLUE,
                      borderRadius: 4,
                    },
                  ],
                }}
                options={{
                  maintainAspectRatio: false,
                  animation: false,
                  plugins: { tooltip: { callbacks: { label: (c) => number.format(Number(c.parsed.y)) } } },
                  scales: { y: { beginAtZero: true, ticks: { callback: (v) => number.format(Number(v)) } } },
                }}
              />
            </div>
            {/* Scrolls sideways on a narrow screen: focusable so a keyboard can scroll it too. */}
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="stats-monthly-caption">
              <table className="table stats__table">
                <caption id="stats-monthly-caption">{t('monthlyCaption', { year })}</caption>
                <MonthsHead first={t('figure')} months={MONTHS.map(monthName)} total={t('total')} />
                <tbody>
                  {(
                    [
                      ['meetings', data.months.map((m) => m.meetings), data.total.meetings],
                      ['participants', data.months.map((m) => m.participants), data.total.participants],
                      ['minutes', data.months.map((m) => m.minutes), data.total.minutes],
                      [
                        'advisory',
                        data.months.map((m) => m.byKind.advisory_committee),
                        data.total.byKind.advisory_committee,
                      ],
                      ['consultations', data.months.map((m) => m.byKind.consultation), data.total.byKind.consultation],
                    ] as const
                  ).map(([key, values, sum]) => (
                    <tr key={key}>
                      <th scope="row">{t(key)}</th>
                      {values.map((v, i) => (
                        <td key={i}>{number.format(v)}</td>
                      ))}
                      <td className="stats__total">{number.format(sum)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="card stats__section" aria-labelledby="stats-agency">
            <h2 id="stats-agency">{t('agencyHeading')}</h2>
            {data.byAgency.length === 0 ? (
              <p className="subtle">{t('noAgencies')}</p>
            ) : (
              <>
                <div className="stats__chart" style={{ height: `${Math.max(160, topAgencies.length * 40 + 60)}px` }}>
                  <Bar
                    role="img"
                    aria-label={t('agencyChart', { year, count: topAgencies.length })}
                    data={{
                      labels: topAgencies.map((a) => a.name),
                      datasets: [
                        {
                          label: t('seriesLabel'),
                          data: topAgencies.map((a) => a.total),
                          backgroundColor: BLUE,
                          borderRadius: 4,
                        },
                      ],
                    }}
                    options={{
                      indexAxis: 'y',
                      maintainAspectRatio: false,
                      animation: false,
                      plugins: { tooltip: { callbacks: { label: (c) => number.format(Number(c.parsed.x)) } } },
                      scales: { x: { beginAtZero: true, ticks: { callback: (v) => number.format(Number(v)) } } },
                    }}
                  />
                </div>
                <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="stats-agency-caption">
                  <table className="table stats__table">
                    <caption id="stats-agency-caption">{t('agencyCaption', { year })}</caption>
                    <MonthsHead first={t('agency')} months={MONTHS.map(monthName)} total={t('total')} />
                    <tbody>
                      {data.byAgency.map((a) => (
                        <tr key={a.agencyId}>
                          <th scope="row">{a.name}</th>
                          {a.months.map((v, i) => (
                            <td key={i}>{number.format(v)}</td>
                          ))}
                          <td className="stats__total">{number.format(a.total)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}

/** A table's column headings: what the rows are, the twelve months, and the total. */
function MonthsHead({ first, months, total }: { first: string; months: string[]; total: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {months.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
        <th scope="col">{total}</th>
      </tr>
    </thead>
  );
}
