import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors';
import { api } from '../../api/http';
import {
  Alert,
  Button,
  CheckField,
  ErrorAlert,
  Loading,
  PageHeader,
  SelectField,
  TextField,
} from '../../ui/components';
import { currentTimeZone, formatFullDay } from '../../ui/format';
import {
  consultationKeys,
  useAgencySettings,
  useConsultationRoles,
  type Schedule,
  type ScheduleException,
} from './api';
import { ConsultationsTabs } from './ConsultationsTabs';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const SLOT_LENGTHS = [15, 20, 30, 40, 45, 60, 90];

interface Window {
  key: number;
  start: string;
  end: string;
}

/** An investigator's hours: weekly windows, the booking rules, the topics they take, and exceptions. */
export function SchedulePage() {
  const { t } = useTranslation('consultations');
  const { staff } = useConsultationRoles();
  const schedule = useQuery({
    queryKey: consultationKeys.schedule,
    // No hours published yet is a 404: the form starts empty.
    queryFn: () =>
      api<Schedule>('/consultations/schedule').catch((error: unknown) =>
        error instanceof ApiError && error.code === 'CONSULT_NOT_FOUND' ? null : Promise.reject(error),
      ),
    enabled: staff,
  });
  return (
    <div className="page">
      <PageHeader title={t('schedule.title')} />
      <ConsultationsTabs />
      {!staff ? (
        <Alert tone="info">
          <p>{t('notStaff')}</p>
        </Alert>
      ) : schedule.isPending ? (
        <Loading />
      ) : schedule.isError ? (
        <ErrorAlert error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : (
        <>
          <HoursForm initial={schedule.data} />
          <Exceptions />
        </>
      )}
    </div>
  );
}

let nextKey = 1;

function HoursForm({ initial }: { initial: Schedule | null }) {
  const { t } = useTranslation('consultations');
  const queryClient = useQueryClient();
  const settings = useAgencySettings();
  const zone = initial?.timeZone ?? currentTimeZone();
  const [windows, setWindows] = useState<Record<number, Window[]>>(() =>
    Object.fromEntries(
      WEEKDAYS.map((d) => [
        d,
        (initial?.weeklyRules ?? [])
          .filter((r) => r.weekday === d)
          .map((r) => ({ key: nextKey++, start: r.start, end: r.end })),
      ]),
    ),
  );
  const [slotMinutes, setSlotMinutes] = useState(initial?.slotMinutes ?? 30);
  const [bufferBefore, setBufferBefore] = useState(String(initial?.bufferBeforeMinutes ?? 0));
  const [bufferAfter, setBufferAfter] = useState(String(initial?.bufferAfterMinutes ?? 10));
  const [horizon, setHorizon] = useState(String(initial?.horizonDays ?? 30));
  const [notice, setNotice] = useState(String(initial?.minNoticeMinutes ?? 120));
  const [cap, setCap] = useState(initial?.dailyCap ? String(initial.dailyCap) : '');
  const [topicIds, setTopicIds] = useState<string[]>(initial?.topicIds ?? []);
  const [active, setActive] = useState(initial?.active ?? true);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Schedule>('/consultations/schedule', { method: 'PUT', body }),
    onSuccess: (updated) => {
      queryClient.setQueryData(consultationKeys.schedule, updated);
      setSaved(true);
    },
  });
  const update = (weekday: number, key: number, patch: Partial<Window>) => {
    setSaved(false);
    setWindows({
      ...windows,
      [weekday]: (windows[weekday] ?? []).map((w) => (w.key === key ? { ...w, ...patch } : w)),
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    for (const weekday of WEEKDAYS) {
      for (const w of windows[weekday] ?? []) {
        if (!/^\d{2}:\d{2}$/.test(w.start) || !/^\d{2}:\d{2}$/.test(w.end) || (w.end !== '24:00' && w.end <= w.start))
          return setProblem(t('schedule.badWindow', { weekday: t(`weekday.${weekday}`) }));
      }
    }
    setProblem(null);
    const whole = (text: string, fallback: number) => (text.trim() === '' ? fallback : Number(text));
    save.mutate({
      timeZone: zone,
      slotMinutes,
      bufferBeforeMinutes: whole(bufferBefore, 0),
      bufferAfterMinutes: whole(bufferAfter, 0),
      horizonDays: whole(horizon, 30),
      minNoticeMinutes: whole(notice, 0),
      dailyCap: cap.trim() ? Number(cap) : null,
      weeklyRules: WEEKDAYS.flatMap((weekday) =>
        (windows[weekday] ?? []).map((w) => ({ weekday, start: w.start, end: w.end })),
      ),
      topicIds,
      active,
    });
  };

  return (
    <form className="card consult-form" onSubmit={submit} noValidate aria-labelledby="hours-heading">
      <h2 id="hours-heading">{t('schedule.weekly')}</h2>
      <p className="subtle">
        {t('schedule.intro')} {t('schedule.zone', { zone })}
      </p>
      {problem && (
        <Alert tone="danger" live>
          <p>{problem}</p>
        </Alert>
      )}
      {save.isError && <ErrorAlert error={save.error} />}
      {saved && (
        <Alert tone="success" live>
          <p>{t('schedule.saved')}</p>
        </Alert>
      )}
      <div className="weekdays">
        {WEEKDAYS.map((weekday) => {
          const name = t(`weekday.${weekday}`);
          const list = windows[weekday] ?? [];
          return (
            <fieldset key={weekday} className="weekday">
              <legend>{name}</legend>
              {list.length === 0 && <p className="subtle weekday__none">{t('schedule.noWindows')}</p>}
              {list.map((w, i) => (
                <div key={w.key} className="weekday__window">
                  <label>
                    <span className="visually-hidden">
                      {t('schedule.windowLabel', { weekday: name, n: i + 1, part: t('schedule.start') })}
                    </span>
                    <span aria-hidden="true">{t('schedule.start')}</span>
                    <input
                      className="input"
                      type="time"
                      value={w.start}
                      onChange={(e) => update(weekday, w.key, { start: e.target.value })}
                    />
                  </label>
                  <label>
                    <span className="visually-hidden">
                      {t('schedule.windowLabel', { weekday: name, n: i + 1, part: t('schedule.end') })}
                    </span>
                    <span aria-hidden="true">{t('schedule.end')}</span>
                    <input
                      className="input"
                      type="time"
                      value={w.end === '24:00' ? '23:59' : w.end}
                      onChange={(e) => update(weekday, w.key, { end: e.target.value })}
                    />
                  </label>
                  <Button
                    variant="tertiary"
                    size="small"
                    aria-label={t('schedule.removeWindow', { weekday: name, n: i + 1 })}
                    onClick={() => setWindows({ ...windows, [weekday]: list.filter((x) => x.key !== w.key) })}
                  >
                    {t('schedule.remove')}
                  </Button>
                </div>
              ))}
              <Button
                variant="secondary"
                size="small"
                aria-label={t('schedule.addWindow', { weekday: name })}
                onClick={() =>
                  setWindows({
                    ...windows,
                    [weekday]: [
                      ...list,
                      {
                        key: nextKey++,
                        start:
                          list.at(-1)?.end && list.at(-1)?.end !== '24:00' ? (list.at(-1)?.end ?? '09:00') : '09:00',
                        end: '18:00',
                      },
                    ],
                  })
                }
              >
                {t('schedule.add')}
              </Button>
            </fieldset>
          );
        })}
      </div>

      <h2>{t('schedule.rules')}</h2>
      <div className="consult-form__row">
        <SelectField
          label={t('schedule.slot')}
          value={slotMinutes}
          onChange={(e) => setSlotMinutes(Number(e.target.value))}
        >
          {[...new Set([...SLOT_LENGTHS, slotMinutes])]
            .sort((a, b) => a - b)
            .map((m) => (
              <option key={m} value={m}>
                {t('minutes', { count: m })}
              </option>
            ))}
        </SelectField>
        <TextField
          label={t('schedule.bufferBefore')}
          type="number"
          inputMode="numeric"
          min={0}
          max={240}
          value={bufferBefore}
          onChange={(e) => setBufferBefore(e.target.value)}
        />
        <TextField
          label={t('schedule.bufferAfter')}
          type="number"
          inputMode="numeric"
          min={0}
          max={240}
          value={bufferAfter}
          onChange={(e) => setBufferAfter(e.target.value)}
        />
      </div>
      <div className="consult-form__row">
        <TextField
          label={t('schedule.horizon')}
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={horizon}
          onChange={(e) => setHorizon(e.target.value)}
        />
        <TextField
          label={t('schedule.notice')}
          type="number"
          inputMode="numeric"
          min={0}
          max={43200}
          value={notice}
          onChange={(e) => setNotice(e.target.value)}
        />
        <TextField
          label={t('schedule.cap')}
          hint={t('schedule.capHint')}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          value={cap}
          onChange={(e) => setCap(e.target.value)}
        />
      </div>
      <fieldset className="consult-form__topics">
        <legend className="field__label">{t('schedule.topics')}</legend>
        <p className="field__hint">{t('schedule.topicsHint')}</p>
        {settings.data && settings.data.topics.length === 0 && <p className="subtle">{t('schedule.noTopics')}</p>}
        <ul className="checks">
          {(settings.data?.topics ?? []).map((topic) => (
            <li key={topic.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={topicIds.includes(topic.id)}
                  onChange={(e) =>
                    setTopicIds(e.target.checked ? [...topicIds, topic.id] : topicIds.filter((x) => x !== topic.id))
                  }
                />
                <span>{topic.name}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <CheckField label={t('schedule.active')} hint={t('schedule.activeHint')} checked={active} onChange={setActive} />
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? t('schedule.saving') : t('schedule.save')}
      </Button>
    </form>
  );
}

function Exceptions() {
  const { t } = useTranslation('consultations');
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: consultationKeys.exceptions,
    queryFn: () => api<ScheduleException[]>('/consultations/schedule/exceptions'),
  });
  const [day, setDay] = useState('');
  const [kind, setKind] = useState<'off' | 'extra'>('off');
  const [wholeDay, setWholeDay] = useState(true);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('12:00');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<{ day?: string; times?: string }>({});
  const [added, setAdded] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: consultationKeys.exceptions });
  const add = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<ScheduleException>('/consultations/schedule/exceptions', { method: 'POST', body }),
    onSuccess: async () => {
      await refresh();
      setDay('');
      setNote('');
      setAdded(true);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/consultations/schedule/exceptions/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const timed = kind === 'extra' || !wholeDay;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(false);
    const found = {
      ...(/^\d{4}-\d{2}-\d{2}$/.test(day) ? {} : { day: t('schedule.dayRequired') }),
      ...(timed && !(/^\d{2}:\d{2}$/.test(start) && /^\d{2}:\d{2}$/.test(end) && end > start)
        ? { times: t('schedule.timesRequired') }
        : {}),
    };
    setProblem(found);
    if (found.day || found.times) return;
    add.mutate({ day, kind, ...(timed ? { start, end } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
  };
  const noon = (d: string) => `${d}T12:00:00Z`;
  return (
    <section className="card consult-form" aria-labelledby="exceptions-heading">
      <h2 id="exceptions-heading">{t('schedule.exceptions')}</h2>
      <p className="subtle">{t('schedule.exceptionsIntro')}</p>
      {list.isPending && <Loading />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {remove.isError && <ErrorAlert error={remove.error} />}
      {list.data && list.data.length === 0 && <p className="subtle">{t('schedule.noExceptions')}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="consult-rows" aria-label={t('schedule.exceptions')}>
          {list.data.map((e) => (
            <li key={e.id}>
              <span>
                <strong>{formatFullDay(noon(e.day), 'UTC')}</strong>{' '}
                {e.kind === 'off' ? t('schedule.off') : t('schedule.extra')} ·{' '}
                {e.startTime && e.endTime
                  ? `${e.startTime.slice(0, 5)}–${e.endTime.slice(0, 5)}`
                  : t('schedule.allDay')}
                {e.note && <span className="subtle"> · {e.note}</span>}
              </span>
              <Button
                variant="tertiary"
                size="small"
                aria-label={t('schedule.removeException', { day: formatFullDay(noon(e.day), 'UTC') })}
                disabled={remove.isPending}
                onClick={() => remove.mutate(e.id)}
              >
                {t('schedule.delete')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {add.isError && <ErrorAlert error={add.error} />}
      {added && (
        <Alert tone="success" live>
          <p>{t('schedule.exceptionAdded')}</p>
        </Alert>
      )}
      <form onSubmit={submit} noValidate aria-label={t('schedule.addException')}>
        <div className="consult-form__row">
          <TextField
            label={t('schedule.day')}
            type="date"
            value={day}
            onChange={(e) => setDay(e.target.value)}
            required
            error={problem.day}
          />
          <SelectField
            label={t('schedule.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as 'off' | 'extra')}
          >
            <option value="off">{t('schedule.off')}</option>
            <option value="extra">{t('schedule.extra')}</option>
          </SelectField>
        </div>
        {kind === 'off' && (
          <label className="check">
            <input type="checkbox" checked={wholeDay} onChange={(e) => setWholeDay(e.target.checked)} />
            <span>{t('schedule.wholeDay')}</span>
          </label>
        )}
        {timed && (
          <div className="consult-form__row">
            <TextField
              label={t('schedule.exStart')}
              type="time"
              value={start}
              onChange={(e) => setStart(e.target.value)}
              error={problem.times}
            />
            <TextField label={t('schedule.exEnd')} type="time" value={end} onChange={(e) => setEnd(e.target.value)} />
          </div>
        )}
        <TextField label={t('schedule.note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
        <Button type="submit" variant="secondary" disabled={add.isPending}>
          {t('schedule.addException')}
        </Button>
      </form>
    </section>
  );
}
