import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { Alert, Loading } from '../../ui/components';
import { localDay } from '../../ui/format';
import { call, codeOf, daysQuery, type CalendarDayView, type Topic } from './api';
import { DayPicker } from './DayPicker';
import { useRemote } from './remote';
import { ErrorPage, Heading, Steps } from './shell';
import { useTopicList } from './StartPage';

interface TopicGroup {
  name: string;
  label: string;
  topics: Topic[];
}

export function topicLabel(topic: Pick<Topic, 'name' | 'nameEn'>, language: string): string {
  return language === 'en' && topic.nameEn ? topic.nameEn : topic.name;
}

export function agencyLabel(agency: { name: string; nameEn: string | null }, language: string): string {
  return language === 'en' && agency.nameEn ? agency.nameEn : agency.name;
}

/** The topics a citizen may choose, of the agency in the link or of every agency. */
export function useTopics(agencyCode: string | null) {
  const scoped = useTopicList(agencyCode, agencyCode !== null);
  const unknownAgency = agencyCode !== null && codeOf(scoped.error) === 'CONSULT_TOPIC_NOT_FOUND';
  const all = useTopicList(null, agencyCode === null || unknownAgency);
  return {
    query: agencyCode !== null && !unknownAgency ? scoped : all,
    unknownAgency,
  };
}

/** A topic, then its agency where several take it, then a day and a time. The choice lives in the address. */
export function ChoosePage() {
  const { t, i18n } = useTranslation('citizen');
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const agencyCode = params.get('agency');
  const topicId = params.get('topic');
  const day = params.get('day');
  const at = params.get('at');
  const from = params.get('from');
  const [groupName, setGroupName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { query, unknownAgency } = useTopics(agencyCode);
  const topics = query.data?.topics ?? [];
  const groups: TopicGroup[] = [];
  for (const topic of topics) {
    const group = groups.find((g) => g.name === topic.name);
    if (group) group.topics.push(topic);
    else
      groups.push({
        name: topic.name,
        label: topicLabel(topic, i18n.language),
        topics: [topic],
      });
  }
  const topic = topics.find((x) => x.id === topicId) ?? null;
  const group = topic
    ? groups.find((g) => g.name === topic.name)
    : (groups.find((g) => g.name === groupName) ?? (groups.length === 1 ? groups[0] : undefined));
  const chosen = topic ?? (group?.topics.length === 1 ? group.topics[0] : null);
  const start = from ?? new Date().toISOString();
  const days = useRemote(
    chosen ? `days:${chosen.id}:${localDay(start)}` : null,
    () =>
      call<CalendarDayView[]>('/days', {
        query: { topicId: chosen?.id, ...daysQuery(start) },
      }),
    { keep: false },
  );

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setError(null);
    navigate(`/book?${next.toString()}`, { replace: true });
  };
  const shift = (days: number) =>
    update({
      from: new Date(Date.parse(start) + days * 86_400_000).toISOString(),
      day: null,
      at: null,
    });
  const firstDay = days.data?.[0]?.day;
  const onFirstRange = !from || (firstDay !== undefined && firstDay <= localDay(new Date()));

  if (query.isError) return <ErrorPage error={query.error} onRetry={() => query.refetch()} />;
  if (!query.data) return <Loading />;

  const proceed = () => {
    const slot = days.data?.flatMap((d) => d.slots).find((s) => s.startsAt === at);
    if (!chosen || !slot) {
      setError(t('choose.required'));
      return;
    }
    const next = new URLSearchParams({
      topic: chosen.id,
      at: slot.startsAt,
      end: slot.endsAt,
    });
    if (agencyCode && !unknownAgency) next.set('agency', agencyCode);
    navigate(`/details?${next.toString()}`);
  };

  return (
    <div className="citizen-flow">
      <Steps current="choose" />
      <Heading>{t('choose.title')}</Heading>
      {unknownAgency && <Alert tone="warning">{t('choose.unknownAgency')}</Alert>}
      {topicId && !topic && <Alert tone="warning">{t('choose.unknownTopic')}</Alert>}
      {groups.length === 0 ? (
        <Alert tone="info">{t('choose.noTopics')}</Alert>
      ) : (
        <form
          className="citizen-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            proceed();
          }}
        >
          <fieldset className="citizen-fieldset">
            <legend>{t('choose.topic')}</legend>
            <div className="citizen-choices">
              {groups.map((g) => (
                <label key={g.name} className="citizen-choice">
                  <input
                    type="radio"
                    name="topic"
                    value={g.name}
                    checked={group?.name === g.name}
                    onChange={() => {
                      setGroupName(g.name);
                      update({
                        topic: g.topics.length === 1 ? (g.topics[0]?.id ?? null) : null,
                        day: null,
                        at: null,
                        from: null,
                      });
                    }}
                  />
                  <span className="citizen-choice__main">{g.label}</span>
                  {g.topics.length === 1 && g.topics[0] && (
                    <span className="citizen-choice__sub">{agencyLabel(g.topics[0].agency, i18n.language)}</span>
                  )}
                </label>
              ))}
            </div>
          </fieldset>
          {group && group.topics.length > 1 && (
            <fieldset className="citizen-fieldset">
              <legend>{t('choose.agency')}</legend>
              <p className="field__hint">{t('choose.agencyHint')}</p>
              <div className="citizen-choices">
                {group.topics.map((x) => (
                  <label key={x.id} className="citizen-choice">
                    <input
                      type="radio"
                      name="agency"
                      value={x.id}
                      checked={topic?.id === x.id}
                      onChange={() => update({ topic: x.id, day: null, at: null, from: null })}
                    />
                    <span className="citizen-choice__main">{agencyLabel(x.agency, i18n.language)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          {days.isPending && <Loading />}
          {chosen && days.isError && <ErrorPage error={days.error} onRetry={() => days.refetch()} />}
          {chosen && days.data && (
            <DayPicker
              days={days.data}
              day={day}
              at={at}
              error={error}
              onDay={(d) => update({ day: d, at: null })}
              onSlot={(s) => update({ day: s.local.slice(0, 10), at: s.startsAt })}
              navigation={
                <div className="citizen-actions citizen-actions--split">
                  {!onFirstRange && (
                    <button type="button" className="btn btn--secondary" onClick={() => shift(-14)}>
                      {t('choose.earlier')}
                    </button>
                  )}
                  <button type="button" className="btn btn--secondary" onClick={() => shift(14)}>
                    {t('choose.later')}
                  </button>
                </div>
              }
            />
          )}
          {chosen && (
            <div className="citizen-actions">
              <button type="submit" className="btn btn--large">
                {t('choose.next')}
              </button>
            </div>
          )}
        </form>
      )}
    </div>
  );
}
