import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/http';
import { Alert, Button, ErrorAlert, Loading, PageHeader, SelectField, TextArea, TextField } from '../../ui/components';
import { newClientKey } from '../../ui/client-key';
import { currentTimeZone, formatDay, formatTime, localDay } from '../../ui/format';
import {
  consultationKeys,
  useAgencySettings,
  useConsultationRoles,
  useSlots,
  type StaffConsultationView,
  type StaffSlotView,
} from './api';
import { ConsultationsTabs } from './ConsultationsTabs';

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
const WEEK = 7 * 86_400_000;

/** Complaint staff book for a citizen who called or came in (what `/consult book` does in chat). */
export function BookPage() {
  const { t, i18n } = useTranslation('consultations');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { staff } = useConsultationRoles();
  const settings = useAgencySettings(staff);
  const zone = currentTimeZone();
  const [start] = useState(() => Date.now());
  const [page, setPage] = useState(0);
  const from = new Date(start + page * WEEK).toISOString();
  const [idempotencyKey] = useState(newClientKey);
  const [topicId, setTopicId] = useState('');
  const slots = useSlots({ from, timeZone: zone, days: 7, topicId });
  const [slot, setSlot] = useState<StaffSlotView | null>(null);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [summary, setSummary] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [locale, setLocale] = useState<'ko' | 'en'>(i18n.language === 'en' ? 'en' : 'ko');
  const [errors, setErrors] = useState<{ slot?: string; email?: string; summary?: string }>({});

  const book = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<StaffConsultationView>('/consultations', { method: 'POST', body }),
    onSuccess: async (booked) => {
      await queryClient.invalidateQueries({ queryKey: consultationKeys.all });
      void navigate(`/consultations/${booked.id}`, { state: { notice: 'booked' } });
    },
    // A slot someone took meanwhile: show the others again.
    onError: () => void slots.refetch(),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      ...(slot ? {} : { slot: t('book.chooseSlot') }),
      ...(EMAIL.test(email.trim()) ? {} : { email: t('book.emailRequired') }),
      ...(summary.trim() ? {} : { summary: t('book.summaryRequired') }),
    };
    setErrors(found);
    if (!slot || found.email || found.summary) return;
    book.mutate({
      startsAt: slot.startsAt,
      investigatorId: slot.investigatorId,
      email: email.trim(),
      summary: summary.trim(),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(phone.trim() ? { phone: phone.trim() } : {}),
      ...(caseNumber.trim() ? { caseNumber: caseNumber.trim() } : {}),
      ...(topicId ? { topicId } : {}),
      locale,
      idempotencyKey,
    });
  };

  const byDay = new Map<string, StaffSlotView[]>();
  for (const s of slots.data ?? []) byDay.set(localDay(s.startsAt), [...(byDay.get(localDay(s.startsAt)) ?? []), s]);
  const [day, setDay] = useState('');
  const shownDay = byDay.has(day) ? day : ([...byDay.keys()][0] ?? '');
  const shownItems = byDay.get(shownDay) ?? [];
  const hasErrors = Object.values(errors).some(Boolean);

  return (
    <div className="page">
      <PageHeader title={t('book.title')} />
      <ConsultationsTabs />
      {!staff ? (
        <Alert tone="info">
          <p>{t('notStaff')}</p>
        </Alert>
      ) : (
        <form className="consult-form" onSubmit={submit} noValidate>
          <p>{t('book.intro')}</p>
          {hasErrors && (
            <Alert tone="danger" live>
              <p>{Object.values(errors).filter(Boolean).join(' ')}</p>
            </Alert>
          )}
          {book.isError && <ErrorAlert error={book.error} />}
          <SelectField
            label={t('book.topic')}
            value={topicId}
            onChange={(e) => {
              setTopicId(e.target.value);
              setSlot(null);
            }}
          >
            <option value="">{t('book.anyTopic')}</option>
            {(settings.data?.topics ?? []).map((topic) => (
              <option key={topic.id} value={topic.id}>
                {i18n.language === 'en' && topic.nameEn ? topic.nameEn : topic.name}
              </option>
            ))}
          </SelectField>
          <fieldset className="slots" aria-describedby={errors.slot ? 'book-slot-error' : undefined}>
            <legend className="field__label">{t('book.slots')}</legend>
            <div className="row slots__nav">
              <span>{t('book.week', { from: formatDay(from) })}</span>
              <Button variant="secondary" size="small" disabled={page === 0} onClick={() => setPage(page - 1)}>
                {t('book.earlier')}
              </Button>
              <Button variant="secondary" size="small" onClick={() => setPage(page + 1)}>
                {t('book.later')}
              </Button>
            </div>
            {errors.slot && (
              <p className="field__error" id="book-slot-error">
                {errors.slot}
              </p>
            )}
            {slots.isPending && <Loading />}
            {slots.isError && <ErrorAlert error={slots.error} onRetry={() => void slots.refetch()} />}
            {slots.isSuccess && slots.data.length === 0 && <p className="subtle">{t('book.noSlots')}</p>}
            {byDay.size > 0 && (
              <SelectField label={t('book.day')} value={shownDay} onChange={(e) => setDay(e.target.value)}>
                {[...byDay].map(([d, items]) => (
                  <option key={d} value={d}>
                    {t('book.dayOption', { day: formatDay(items[0]?.startsAt ?? d), count: items.length })}
                  </option>
                ))}
              </SelectField>
            )}
            {shownItems.length > 0 && (
              <ul
                className="slots__list"
                aria-label={t('book.slotsOf', { day: formatDay(shownItems[0]?.startsAt ?? shownDay) })}
              >
                {shownItems.map((s) => (
                  <li key={`${s.investigatorId}-${s.startsAt}`}>
                    <label className="slot">
                      <input
                        type="radio"
                        name="slot"
                        checked={slot?.startsAt === s.startsAt && slot.investigatorId === s.investigatorId}
                        onChange={() => setSlot(s)}
                      />
                      <span>{t('book.slotLabel', { time: formatTime(s.startsAt), name: s.investigatorName })}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
          <fieldset className="consult-form__group">
            <legend className="field__label">{t('book.citizen')}</legend>
            <div className="consult-form__row">
              <TextField
                label={t('book.email')}
                type="email"
                autoComplete="off"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
                error={errors.email}
              />
              <TextField
                label={t('book.name')}
                autoComplete="off"
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={100}
              />
            </div>
            <div className="consult-form__row">
              <TextField
                label={t('book.phone')}
                type="tel"
                autoComplete="off"
                value={phone}
                onChange={(e) => setPhone(e.target.value)}
                maxLength={32}
              />
              <TextField
                label={t('book.caseNumber')}
                autoComplete="off"
                value={caseNumber}
                onChange={(e) => setCaseNumber(e.target.value)}
                maxLength={64}
              />
            </div>
            <TextArea
              label={t('book.summary')}
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
              maxLength={2000}
              rows={4}
              required
              error={errors.summary}
            />
            <SelectField
              label={t('book.locale')}
              value={locale}
              onChange={(e) => setLocale(e.target.value as 'ko' | 'en')}
            >
              <option value="ko">{t('detail.localeKo')}</option>
              <option value="en">{t('detail.localeEn')}</option>
            </SelectField>
          </fieldset>
          <Button type="submit" disabled={book.isPending}>
            {book.isPending ? t('book.submitting') : t('book.submit')}
          </Button>
        </form>
      )}
    </div>
  );
}
