import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError } from '../../api/errors';
import { useDocumentTitle } from '../../ui/components';
import { formatDay, formatFullDay, formatTime } from '../../ui/format';
import { LanguageSwitch } from '../../ui/LanguageSwitch';

/** After the first screen, each new page moves focus to its heading so a screen reader announces it. */
let firstScreenShown = false;

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation('citizen');
  return (
    <div className="citizen">
      <a className="citizen__skip" href="#citizen-main">
        {t('app.skip')}
      </a>
      <header className="citizen__header">
        <Link href="/" className="citizen__brand">
          <span className="citizen__org">{t('app.org')}</span> {t('app.name')}
        </Link>
        <LanguageSwitch />
      </header>
      <main id="citizen-main" className="citizen__main" tabIndex={-1}>
        {children}
      </main>
      <footer className="citizen__footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  );
}

/** The page's h1 and the document title (never a token: titles land in history and bookmarks). */
export function Heading({ children }: { children: string }) {
  useDocumentTitle(children);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstScreenShown) ref.current?.focus();
    firstScreenShown = true;
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="citizen__title">
      {children}
    </h1>
  );
}

export type Step = 'choose' | 'details' | 'mail';

/** Where the citizen is in the booking: three steps, the current one marked. */
export function Steps({ current }: { current: Step }) {
  const { t } = useTranslation('citizen');
  const steps: Step[] = ['choose', 'details', 'mail'];
  return (
    <nav aria-label={t('steps.label')}>
      <ol className="citizen-steps">
        {steps.map((step, i) => (
          <li
            key={step}
            className={step === current ? 'is-current' : undefined}
            aria-current={step === current ? 'step' : undefined}
          >
            <span className="citizen-steps__n" aria-hidden="true">
              {i + 1}
            </span>
            {t(`steps.${step}`)}
            {step === current && <span className="visually-hidden"> {t('steps.current')}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A page that says what happened in plain words and what to do next. */
export function Problem({
  title,
  children,
  actions,
  tone = 'warning',
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  tone?: 'warning' | 'danger' | 'info';
}) {
  return (
    <section className={`citizen-problem citizen-problem--${tone}`}>
      <Heading>{title}</Heading>
      {children}
      {actions && <div className="citizen-actions">{actions}</div>}
    </section>
  );
}

export function HomeLink({ label, search = '' }: { label?: string; search?: string }) {
  const { t } = useTranslation('citizen');
  return (
    <Link href={`/${search}`} className="btn">
      {label ?? t('app.home')}
    </Link>
  );
}

/** The page for any error a citizen's link or request can meet; nothing of the booking is shown. */
export function ErrorPage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation('citizen');
  const code = error instanceof ApiError ? error.code : 'UNKNOWN';
  switch (code) {
    case 'CONSULT_LINK_INVALID':
    case 'CONSULT_NOT_FOUND':
      return (
        <Problem title={t('invalid.title')} actions={<HomeLink label={t('cancelled.again')} />}>
          <p>{t('invalid.body')}</p>
          <p>{t('invalid.next')}</p>
        </Problem>
      );
    case 'CONSULT_HOLD_EXPIRED':
      return (
        <Problem title={t('expired.title')} actions={<HomeLink label={t('cancelled.again')} />}>
          <p>{t('expired.body')}</p>
        </Problem>
      );
    case 'CONSULT_CLOSED':
      return <Cancelled />;
    case 'CONSULT_OVER':
      return (
        <Problem title={t('over.title')} actions={<HomeLink label={t('cancelled.again')} />}>
          <p>{t('over.body')}</p>
        </Problem>
      );
    case 'CONSULT_TOO_MANY_REQUESTS':
      return <Throttled error={error as ApiError} onRetry={onRetry} />;
    case 'NETWORK':
      return (
        <Problem title={t('network.title')} tone="danger" actions={onRetry && <RetryButton onRetry={onRetry} />}>
          <p>{t('network.body')}</p>
        </Problem>
      );
    default:
      return (
        <Problem
          title={t('failed.title')}
          tone="danger"
          actions={onRetry ? <RetryButton onRetry={onRetry} /> : <HomeLink />}
        >
          <p>{error instanceof ApiError ? error.text(i18n.language) : t('failed.body')}</p>
        </Problem>
      );
  }
}

export function Cancelled({ children }: { children?: ReactNode }) {
  const { t } = useTranslation('citizen');
  return (
    <Problem title={t('cancelled.title')} tone="info" actions={<HomeLink label={t('cancelled.again')} />}>
      {children}
      <p>{t('cancelled.body')}</p>
    </Problem>
  );
}

function RetryButton({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation('citizen');
  return (
    <button type="button" className="btn" onClick={onRetry}>
      {t('network.retry')}
    </button>
  );
}

/** 429: when the citizen may try again, from the server's Retry-After. */
export function Throttled({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation('citizen');
  const seconds = Number(error.body.details?.['retryAfterSeconds'] ?? 60);
  const [at] = useState(() => Date.now() + Math.max(1, seconds) * 1000);
  return (
    <Problem title={t('throttled.title')} actions={onRetry && <RetryButton onRetry={onRetry} />}>
      <p>{t('throttled.body', { time: formatTime(at) })}</p>
    </Problem>
  );
}

/** "2026년 12월 3일 (목) 오후 2:00–2:30" in the citizen's zone and language. */
export function formatSpan(startsAt: string, endsAt: string): string {
  return `${formatFullDay(startsAt)} ${formatTime(startsAt)}–${formatTime(endsAt)}`;
}

/** A calendar day ("2026-12-03") as "12월 3일 (목)": the day itself, whatever the zone. */
export function formatDayKey(day: string): string {
  return formatDay(`${day}T12:00:00Z`, 'UTC');
}

export function minutesOf(startsAt: string, endsAt: string): number {
  return Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000);
}

/** What the citizen typed, kept while they move between the steps (in memory only, never stored). */
export interface DetailsForm {
  name: string;
  email: string;
  phone: string;
  summary: string;
  caseNumber: string;
}

export interface Draft {
  form: DetailsForm;
  consent: boolean;
  sent: {
    email: string;
    startsAt: string;
    endsAt: string;
    holdExpiresAt: string;
  } | null;
  /** A message for the next page (a move or a cancellation done). */
  notice: string | null;
}

const emptyDraft: Draft = {
  form: { name: '', email: '', phone: '', summary: '', caseNumber: '' },
  consent: false,
  sent: null,
  notice: null,
};
const DraftContext = createContext<[Draft, (change: Partial<Draft>) => void]>([emptyDraft, () => undefined]);

export function DraftProvider({ children }: { children: ReactNode }) {
  const [draft, setDraft] = useState(emptyDraft);
  const update = useCallback((change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change })), []);
  const value = useMemo((): [Draft, (change: Partial<Draft>) => void] => [draft, update], [draft, update]);
  return <DraftContext.Provider value={value}>{children}</DraftContext.Provider>;
}

export function useDraft(): [Draft, (change: Partial<Draft>) => void] {
  return useContext(DraftContext);
}

/** Date.now(), rendered again when `until` (an instant) arrives. */
export function useNowUntil(until: string | null): number {
  const [, tick] = useState(0);
  useEffect(() => {
    const wait = until ? Date.parse(until) - Date.now() : 0;
    if (wait <= 0) return;
    // Long waits are re-checked hourly (timers overflow past 24 days, and a laptop may sleep).
    const timer = setTimeout(() => tick((n) => n + 1), Math.min(wait + 50, 3_600_000));
    return () => clearTimeout(timer);
  });
  return Date.now();
}
