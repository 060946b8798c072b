import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/http';
import { Alert, Button, ErrorAlert, Loading, PageHeader, TextField } from '../../ui/components';
import { Confirm } from '../../ui/Confirm';
import { formatFullDay } from '../../ui/format';
import { consultationKeys, useAgencySettings, useConsultationRoles } from './api';
import { ConsultationsTabs } from './ConsultationsTabs';

/** Agency administrators: the topics citizens choose from, and the days the agency takes no consultations. */
export function AgencyPage() {
  const { t } = useTranslation('consultations');
  const { admin } = useConsultationRoles();
  const settings = useAgencySettings(admin);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: consultationKeys.agency });
  const [topicName, setTopicName] = useState('');
  const [topicNameEn, setTopicNameEn] = useState('');
  const [topicError, setTopicError] = useState<string | null>(null);
  const [day, setDay] = useState('');
  const [reason, setReason] = useState('');
  const [closureError, setClosureError] = useState<string | null>(null);
  const [notice, setNotice] = useState<'topicAdded' | 'closureAdded' | null>(null);
  const addTopic = useMutation({
    mutationFn: () =>
      api('/consultations/topics', {
        method: 'POST',
        body: { name: topicName.trim(), ...(topicNameEn.trim() ? { nameEn: topicNameEn.trim() } : {}) },
      }),
    onSuccess: async () => {
      await refresh();
      setTopicName('');
      setTopicNameEn('');
      setNotice('topicAdded');
    },
  });
  const retire = useMutation({
    mutationFn: (id: string) => api(`/consultations/topics/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const addClosure = useMutation({
    mutationFn: () => api('/consultations/closures', { method: 'POST', body: { day, reason: reason.trim() } }),
    onSuccess: async () => {
      await refresh();
      setDay('');
      setReason('');
      setNotice('closureAdded');
    },
  });
  const removeClosure = useMutation({
    mutationFn: (id: string) => api(`/consultations/closures/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });

  const submitTopic = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    if (!topicName.trim()) return setTopicError(t('agency.nameRequired'));
    setTopicError(null);
    addTopic.mutate();
  };
  const submitClosure = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !reason.trim()) return setClosureError(t('agency.reasonRequired'));
    setClosureError(null);
    addClosure.mutate();
  };

  return (
    <div className="page">
      <PageHeader title={t('agency.title')} />
      <ConsultationsTabs />
      {!admin ? (
        <Alert tone="info">
          <p>{t('agency.adminsOnly')}</p>
        </Alert>
      ) : (
        <>
          {notice && (
            <Alert tone="success" live>
              <p>{t(`agency.${notice}`)}</p>
            </Alert>
          )}
          {settings.isPending && <Loading />}
          {settings.isError && <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />}
          <section className="card consult-form" aria-labelledby="agency-topics">
            <h2 id="agency-topics">{t('agency.topics')}</h2>
            {retire.isError && <ErrorAlert error={retire.error} />}
            {settings.data && settings.data.topics.length === 0 && <p className="subtle">{t('agency.noTopics')}</p>}
            {settings.data && settings.data.topics.length > 0 && (
              <ul className="consult-rows" aria-label={t('agency.topics')}>
                {settings.data.topics.map((topic) => (
                  <li key={topic.id}>
                    <span>
                      <strong>{topic.name}</strong>
                      {topic.nameEn && (
                        <span className="subtle" lang="en">
                          {' '}
                          · {topic.nameEn}
                        </span>
                      )}
                    </span>
                    <Confirm
                      small
                      label={t('agency.retire', { name: topic.name })}
                      confirmLabel={t('agency.confirmRetire', { name: topic.name })}
                      pending={retire.isPending}
                      onConfirm={() => retire.mutate(topic.id)}
                    />
                  </li>
                ))}
              </ul>
            )}
            {addTopic.isError && <ErrorAlert error={addTopic.error} />}
            <form onSubmit={submitTopic} noValidate aria-label={t('agency.addTopic')}>
              <div className="consult-form__row">
                <TextField
                  label={t('agency.topicName')}
                  value={topicName}
                  onChange={(e) => setTopicName(e.target.value)}
                  maxLength={100}
                  required
                  error={topicError}
                />
                <TextField
                  label={t('agency.topicNameEn')}
                  value={topicNameEn}
                  onChange={(e) => setTopicNameEn(e.target.value)}
                  maxLength={100}
                  lang="en"
                />
              </div>
              <Button type="submit" variant="secondary" disabled={addTopic.isPending}>
                {t('agency.addTopic')}
              </Button>
            </form>
          </section>
          <section className="card consult-form" aria-labelledby="agency-closures">
            <h2 id="agency-closures">{t('agency.closures')}</h2>
            <p className="subtle">{t('agency.closuresIntro')}</p>
            {removeClosure.isError && <ErrorAlert error={removeClosure.error} />}
            {settings.data && settings.data.closures.length === 0 && <p className="subtle">{t('agency.noClosures')}</p>}
            {settings.data && settings.data.closures.length > 0 && (
              <ul className="consult-rows" aria-label={t('agency.closures')}>
                {settings.data.closures.map((c) => (
                  <li key={c.id}>
                    <span>
                      <strong>{formatFullDay(`${c.day}T12:00:00Z`, 'UTC')}</strong> · {c.reason}
                    </span>
                    <Button
                      variant="tertiary"
                      size="small"
                      aria-label={t('agency.removeClosure', { day: formatFullDay(`${c.day}T12:00:00Z`, 'UTC') })}
                      disabled={removeClosure.isPending}
                      onClick={() => removeClosure.mutate(c.id)}
                    >
                      {t('agency.delete')}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
            {addClosure.isError && <ErrorAlert error={addClosure.error} />}
            <form onSubmit={submitClosure} noValidate aria-label={t('agency.addClosure')}>
              <div className="consult-form__row">
                <TextField
                  label={t('agency.closureDay')}
                  type="date"
                  value={day}
                  onChange={(e) => setDay(e.target.value)}
                  required
                  error={closureError}
                />
                <TextField
                  label={t('agency.closureReason')}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  maxLength={200}
                  required
                />
              </div>
              <Button type="submit" variant="secondary" disabled={addClosure.isPending}>
                {t('agency.addClosure')}
              </Button>
            </form>
          </section>
        </>
      )}
    </div>
  );
}
