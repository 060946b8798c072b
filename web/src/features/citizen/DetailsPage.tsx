import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { ApiError } from '../../api/errors';
import { Alert, ErrorAlert, Loading, TextArea, TextField } from '../../ui/components';
import { currentTimeZone, formatTime, localDay } from '../../ui/format';
import { call, codeOf, daysQuery, type BookingAnswer, type CalendarDayView, type SlotView } from './api';
import { agencyLabel, topicLabel, useTopics } from './ChoosePage';
import { useAction, useRemote } from './remote';
import {
  ErrorPage,
  formatSpan,
  Heading,
  HomeLink,
  Problem,
  Steps,
  Throttled,
  useDraft,
  type DetailsForm,
} from './shell';

type Problems = Partial<Record<keyof DetailsForm | 'consent', string>>;

// The rules the API states (consultation-booking.service.ts), checked before anything is sent.
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
const PHONE = /^\+?[0-9 ()-]{7,20}$/;
const CASE_NUMBER = /^[A-Za-z0-9가-힣_./-]{1,64}$/;
const FIELDS = ['name', 'email', 'phone', 'summary', 'caseNumber'] as const;
const SLOT_CODES = ['CONSULT_SLOT_TAKEN', 'CONSULT_SLOT_UNAVAILABLE', 'CONSULT_DAILY_CAP_REACHED'];

function check(form: DetailsForm, consent: boolean, say: (key: string) => string): Problems {
  const problems: Problems = {};
  const name = form.name.trim();
  if (name.length < 1 || name.length > 100) problems.name = say('name');
  if (!EMAIL.test(form.email.trim()) || form.email.trim().length > 254) problems.email = say('email');
  if (form.phone.trim() && !PHONE.test(form.phone.trim())) problems.phone = say('phone');
  if (form.summary.trim().length < 1 || form.summary.length > 2000) problems.summary = say('summary');
  if (form.caseNumber.trim() && !CASE_NUMBER.test(form.caseNumber.trim())) problems.caseNumber = say('caseNumber');
  if (!consent) problems.consent = say('consent');
  return problems;
}

/** Name, e-mail, phone, summary, case number and the privacy consent; nothing leaves the page before consent. */
export function DetailsPage() {
  const { t, i18n } = useTranslation('citizen');
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const topicId = params.get('topic');
  const at = params.get('at');
  const end = params.get('end');
  const agencyCode = params.get('agency');
  const [draft, setDraft] = useDraft();
  const [problems, setProblems] = useState<Problems>({});
  const [attempt, setAttempt] = useState(0);
  const [refused, setRefused] = useState<ApiError | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const { query } = useTopics(agencyCode);
  const topic = query.data?.topics.find((x) => x.id === topicId);

  const book = useAction(
    (input: { startsAt: string }) =>
      call<BookingAnswer>('', {
        method: 'POST',
        body: {
          topicId,
          startsAt: input.startsAt,
          name: draft.form.name.trim(),
          email: draft.form.email.trim(),
          ...(draft.form.phone.trim() ? { phone: draft.form.phone.trim() } : {}),
          summary: draft.form.summary.trim(),
          ...(draft.form.caseNumber.trim() ? { caseNumber: draft.form.caseNumber.trim() } : {}),
          privacyAccepted: true,
          locale: i18n.language === 'en' ? 'en' : 'ko',
          timeZone: currentTimeZone(),
        },
      }),
    {
      onSuccess: (answer) => {
        setDraft({
          sent: { email: draft.form.email.trim(), ...answer },
          form: { name: '', email: '', phone: '', summary: '', caseNumber: '' },
          consent: false,
        });
        navigate('/sent');
      },
      onError: (error) => {
        if (!(error instanceof ApiError)) return;
        if (SLOT_CODES.includes(error.code) || error.status === 429) setRefused(error);
        else if (error.code === 'CONSULT_PRIVACY_NOT_ACCEPTED') setProblems({ consent: t('details.errors.consent') });
        else if (error.code === 'VALIDATION_FAILED') {
          const fields = (error.body.details?.['fields'] ?? []) as Array<{
            field: string;
          }>;
          const found: Problems = {};
          for (const { field } of fields)
            if ((FIELDS as readonly string[]).includes(field))
              found[field as keyof DetailsForm] = t(`details.errors.${field}`);
          if (Object.keys(found).length > 0) setProblems(found);
        }
        setAttempt((n) => n + 1);
      },
    },
  );

  // After a refused submit, the first field to fix takes the focus (its error is read with it).
  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  if (!topicId || !at || !end) {
    return (
      <Problem
        title={t('details.noTime')}
        actions={
          <Link href="/book" className="btn">
            {t('choose.title')}
          </Link>
        }
      >
        <p>{t('choose.required')}</p>
      </Problem>
    );
  }
  if (query.isError) return <ErrorPage error={query.error} onRetry={() => query.refetch()} />;
  if (!query.data) return <Loading />;
  if (refused && SLOT_CODES.includes(refused.code)) {
    return (
      <Taken
        code={refused.code}
        topicId={topicId}
        wanted={at}
        onPick={(slot) => {
          setRefused(null);
          book.reset();
          const next = new URLSearchParams(params);
          next.set('at', slot.startsAt);
          next.set('end', slot.endsAt);
          navigate(`/details?${next.toString()}`, { replace: true });
        }}
        back={`/book?topic=${topicId}`}
      />
    );
  }
  if (refused) return <Throttled error={refused} onRetry={() => setRefused(null)} />;

  const setField = (field: keyof DetailsForm) => (event: { target: { value: string } }) =>
    setDraft({ form: { ...draft.form, [field]: event.target.value } });
  const back = new URLSearchParams({ topic: topicId, day: localDay(at), at });
  if (agencyCode) back.set('agency', agencyCode);
  const count = Object.keys(problems).length;
  const retention = query.data.settings.retentionDays;

  return (
    <div className="citizen-flow">
      <Steps current="details" />
      <Heading>{t('details.title')}</Heading>
      <section className="citizen-summary" aria-labelledby="citizen-chosen">
        <h2 id="citizen-chosen">{t('details.chosen')}</h2>
        <p className="citizen-summary__when">{formatSpan(at, end)}</p>
        {topic && (
          <p>
            {agencyLabel(topic.agency, i18n.language)} · {topicLabel(topic, i18n.language)}
          </p>
        )}
        <Link href={`/book?${back.toString()}`}>{t('details.change')}</Link>
      </section>
      <form
        ref={formRef}
        className="citizen-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const found = check(draft.form, draft.consent, (key) => t(`details.errors.${key}`));
          setProblems(found);
          if (Object.keys(found).length > 0) {
            setAttempt((n) => n + 1);
            return;
          }
          book.run({ startsAt: at });
        }}
      >
        {count > 0 && <Alert tone="danger">{t('details.summaryTitle', { count })}</Alert>}
        {book.isError && !(book.error instanceof ApiError && book.error.status === 400) && (
          <ErrorAlert error={book.error} />
        )}
        <TextField
          label={t('details.name')}
          value={draft.form.name}
          onChange={setField('name')}
          error={problems.name}
          autoComplete="name"
          required
          maxLength={100}
        />
        <TextField
          label={t('details.email')}
          hint={t('details.emailHint')}
          value={draft.form.email}
          onChange={setField('email')}
          error={problems.email}
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          maxLength={254}
        />
        <TextField
          label={t('details.phone')}
          hint={t('details.phoneHint')}
          value={draft.form.phone}
          onChange={setField('phone')}
          error={problems.phone}
          type="tel"
          autoComplete="tel"
          maxLength={20}
        />
        <TextArea
          label={t('details.summary')}
          hint={t('details.summaryHint')}
          value={draft.form.summary}
          onChange={setField('summary')}
          error={problems.summary}
          required
          maxLength={2000}
          rows={5}
        />
        <TextField
          label={t('details.caseNumber')}
          hint={t('details.caseHint')}
          value={draft.form.caseNumber}
          onChange={setField('caseNumber')}
          error={problems.caseNumber}
          maxLength={64}
        />
        <section className="citizen-privacy" aria-labelledby="citizen-privacy">
          <h2 id="citizen-privacy">{t('details.privacyTitle')}</h2>
          <p>{t('details.privacyLead')}</p>
          <dl>
            <Term term={t('details.purposeTerm')}>{t('details.purpose')}</Term>
            <Term term={t('details.itemsTerm')}>{t('details.items')}</Term>
            <Term term={t('details.retentionTerm')}>{t('details.retention', { days: retention })}</Term>
            <Term term={t('details.refuseTerm')}>{t('details.refuse')}</Term>
          </dl>
          <div className="field">
            <label className="citizen-check">
              <input
                type="checkbox"
                checked={draft.consent}
                onChange={(event) => setDraft({ consent: event.target.checked })}
                aria-invalid={problems.consent ? true : undefined}
                aria-describedby={problems.consent ? 'citizen-consent-error' : undefined}
              />
              <span>{t('details.consent')}</span>
            </label>
            {problems.consent && (
              <span className="field__error" id="citizen-consent-error" role="alert">
                {problems.consent}
              </span>
            )}
          </div>
        </section>
        <div className="citizen-actions">
          <button type="submit" className="btn btn--large" disabled={book.isPending}>
            {book.isPending ? t('details.submitting') : t('details.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}

function Term({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="citizen-term">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The time went to someone else (or closed) while the citizen typed: the nearest free ones to pick from. */
function Taken({
  code,
  topicId,
  wanted,
  onPick,
  back,
}: {
  code: string;
  topicId: string;
  wanted: string;
  onPick: (slot: SlotView) => void;
  back: string;
}) {
  const { t } = useTranslation('citizen');
  const from = new Date(Math.max(Date.now(), Date.parse(wanted) - 3 * 86_400_000)).toISOString();
  const days = useRemote(
    `taken:${topicId}:${wanted}`,
    () =>
      call<CalendarDayView[]>('/days', {
        query: { topicId, ...daysQuery(from) },
      }),
    { keep: false },
  );
  const title =
    code === 'CONSULT_SLOT_TAKEN'
      ? t('taken.title')
      : code === 'CONSULT_DAILY_CAP_REACHED'
        ? t('taken.capTitle')
        : t('taken.unavailableTitle');
  const target = Date.parse(wanted);
  const nearest = (days.data ?? [])
    .flatMap((d) => d.slots)
    .sort((a, b) => Math.abs(Date.parse(a.startsAt) - target) - Math.abs(Date.parse(b.startsAt) - target))
    .slice(0, 4)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <Problem
      title={title}
      actions={
        <Link href={back} className="btn btn--secondary">
          {t('taken.other')}
        </Link>
      }
    >
      <p>{t('taken.body')}</p>
      <h2>{t('taken.nearest')}</h2>
      {days.isPending && <Loading />}
      {days.isError && <p>{codeOf(days.error) === 'NETWORK' ? t('network.body') : t('failed.body')}</p>}
      {days.data && nearest.length === 0 && <p>{t('taken.none')}</p>}
      {nearest.length > 0 && (
        <ul className="citizen-slots">
          {nearest.map((slot) => (
            <li key={slot.startsAt}>
              <button type="button" className="btn btn--secondary btn--block" onClick={() => onPick(slot)}>
                {t('taken.use', {
                  when: formatSpan(slot.startsAt, slot.endsAt),
                })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Problem>
  );
}

export function SentPage() {
  const { t } = useTranslation('citizen');
  const [draft] = useDraft();
  const sent = draft.sent;
  return (
    <div className="citizen-flow">
      <Steps current="mail" />
      <Heading>{t('sent.title')}</Heading>
      <Alert tone="success">
        <p>{sent ? t('sent.body', { email: sent.email }) : t('sent.generic')}</p>
        {sent && <p>{t('sent.hold', { time: formatTime(sent.holdExpiresAt) })}</p>}
      </Alert>
      {sent && (
        <section className="citizen-summary" aria-labelledby="citizen-sent-when">
          <h2 id="citizen-sent-when">{t('sent.when')}</h2>
          <p className="citizen-summary__when">{formatSpan(sent.startsAt, sent.endsAt)}</p>
        </section>
      )}
      <p>{t('sent.spam')}</p>
      <div className="citizen-actions">
        <HomeLink label={t('sent.again')} />
      </div>
    </div>
  );
}
