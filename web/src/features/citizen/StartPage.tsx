import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import { call, type PublicTopicsView } from './api';
import { useRemote } from './remote';
import { Heading } from './shell';

/** The topics of the agency in the link (null: of every agency), with the settings the pages name. */
export function useTopicList(agency: string | null, enabled = true) {
  return useRemote(enabled ? `topics:${agency ?? '*'}` : null, () =>
    call<PublicTopicsView>('/topics', {
      query: { agency: agency ?? undefined },
    }),
  );
}

/** What a video consultation is, what to prepare, how long it takes; an agency's link names it. */
export function StartPage() {
  const { t, i18n } = useTranslation('citizen');
  const search = useSearch();
  const params = new URLSearchParams(search);
  const agencyCode = params.get('agency');
  const topics = useTopicList(agencyCode);
  const agency = topics.data?.agency;
  const agencyName = agency ? (i18n.language === 'en' && agency.nameEn ? agency.nameEn : agency.name) : null;
  const settings = topics.data?.settings;
  const next = new URLSearchParams();
  for (const key of ['agency', 'topic']) {
    const value = params.get(key);
    if (value) next.set(key, value);
  }
  return (
    <article className="citizen-start">
      <Heading>{agencyName ? t('start.titleAgency', { agency: agencyName }) : t('start.title')}</Heading>
      <p className="citizen-lead">{t('start.lead')}</p>
      <div className="citizen-actions">
        <Link href={`/book${next.toString() ? `?${next.toString()}` : ''}`} className="btn btn--large">
          {t('start.begin')}
        </Link>
        <p className="subtle">{t('start.noAccount')}</p>
      </div>
      <section aria-labelledby="citizen-how">
        <h2 id="citizen-how">{t('start.howTitle')}</h2>
        <ol className="citizen-list">
          <li>{t('start.how1')}</li>
          <li>{t('start.how2')}</li>
          {/* The numbers come from the server's settings: the two steps appear once they are known. */}
          {settings && <li>{t('start.how3', { hold: settings.holdMinutes })}</li>}
          {settings && <li>{t('start.how4', { margin: settings.joinMarginMinutes })}</li>}
        </ol>
      </section>
      <section aria-labelledby="citizen-prepare">
        <h2 id="citizen-prepare">{t('start.prepareTitle')}</h2>
        <ul className="citizen-list">
          <li>{t('start.prepare1')}</li>
          <li>{t('start.prepare2')}</li>
          <li>{t('start.prepare3')}</li>
        </ul>
      </section>
      <section aria-labelledby="citizen-time">
        <h2 id="citizen-time">{t('start.timeTitle')}</h2>
        <p>{t('start.timeBody')}</p>
      </section>
    </article>
  );
}
