import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { currentTimeZone, formatTime } from '../../ui/format';
import type { CalendarDayView, SlotView } from './api';
import { formatDayKey } from './shell';

/** The first free slot after `day` in the days shown (what to offer when a day is full). */
export function nextFree(days: CalendarDayView[], day: string): SlotView | null {
  return days.find((d) => d.day > day && d.slots.length > 0)?.slots[0] ?? null;
}

/**
 * Days as radio buttons (closed and hourless days shown, not hidden, and not choosable), then the
 * chosen day's times. Plain radio groups: arrow keys move within a group, Tab to the next.
 */
export function DayPicker(props: {
  days: CalendarDayView[];
  day: string | null;
  at: string | null;
  onDay: (day: string) => void;
  onSlot: (slot: SlotView) => void;
  error?: string | null;
  navigation?: React.ReactNode;
}) {
  const { t } = useTranslation('citizen');
  const id = useId();
  const { days, day, at } = props;
  const chosen = days.find((d) => d.day === day) ?? null;
  const next = chosen?.state === 'full' ? nextFree(days, chosen.day) : null;
  const stateText = (d: CalendarDayView) =>
    d.state === 'open'
      ? t('choose.stateOpen', { count: d.slots.length })
      : d.state === 'closed'
        ? [t('choose.stateClosed'), ...d.closedFor].join(': ')
        : t(d.state === 'full' ? 'choose.stateFull' : 'choose.stateNone');
  return (
    <>
      <fieldset className="citizen-fieldset">
        <legend>{t('choose.day')}</legend>
        <p className="field__hint">{t('choose.zone', { zone: currentTimeZone() })}</p>
        <div className="citizen-choices citizen-choices--days">
          {days.map((d) => (
            <label key={d.day} className={`citizen-choice citizen-choice--${d.state}`}>
              <input
                type="radio"
                name={`${id}-day`}
                value={d.day}
                checked={d.day === day}
                disabled={d.state === 'closed' || d.state === 'none'}
                onChange={() => props.onDay(d.day)}
              />
              <span className="citizen-choice__main">{formatDayKey(d.day)}</span>
              <span className="citizen-choice__sub">{stateText(d)}</span>
            </label>
          ))}
        </div>
        {props.navigation}
      </fieldset>
      {chosen?.state === 'full' && (
        <div className="alert alert--warning" role="status">
          <div>
            <p>{t('choose.fullTitle', { day: formatDayKey(chosen.day) })}</p>
            {next ? (
              <>
                <p>
                  {t('choose.nextFree', {
                    when: `${formatDayKey(next.local.slice(0, 10))} ${formatTime(next.startsAt)}`,
                  })}
                </p>
                <button
                  type="button"
                  className="btn btn--secondary"
                  onClick={() => {
                    props.onDay(next.local.slice(0, 10));
                    props.onSlot(next);
                  }}
                >
                  {t('choose.takeNext')}
                </button>
              </>
            ) : (
              <p>{t('choose.noneInRange')}</p>
            )}
          </div>
        </div>
      )}
      {chosen?.state === 'open' && (
        <fieldset className="citizen-fieldset" aria-describedby={props.error ? `${id}-error` : undefined}>
          <legend>
            {t('choose.time')} · {formatDayKey(chosen.day)}
          </legend>
          <div className="citizen-choices citizen-choices--times">
            {chosen.slots.map((s) => (
              <label key={s.startsAt} className="citizen-choice">
                <input
                  type="radio"
                  name={`${id}-time`}
                  value={s.startsAt}
                  checked={s.startsAt === at}
                  onChange={() => props.onSlot(s)}
                />
                <span className="citizen-choice__main">
                  {t('choose.slot', {
                    start: formatTime(s.startsAt),
                    end: formatTime(s.endsAt),
                  })}
                </span>
              </label>
            ))}
          </div>
          {props.error && (
            <p className="field__error" id={`${id}-error`} role="alert">
              {props.error}
            </p>
          )}
        </fieldset>
      )}
      {!chosen && props.error && (
        <p className="field__error" role="alert">
          {props.error}
        </p>
      )}
    </>
  );
}
