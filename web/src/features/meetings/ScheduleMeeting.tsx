import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { api } from '../../api/http';
import { useMe } from '../../app/session-context';
import {
  Alert,
  Button,
  CheckField,
  ErrorAlert,
  PageHeader,
  SelectField,
  TextArea,
  TextField,
} from '../../ui/components';
import { newClientKey } from '../../ui/client-key';
import { currentTimeZone, formatDateTime } from '../../ui/format';
import {
  AgencyPicker,
  DepartmentPicker,
  PersonPicker,
  type PickedAgency,
  type PickedDepartment,
  type PickedPerson,
} from '../../ui/pickers';
import { invalidFields, meetingKeys, type MeetingView } from './api';
import { firstOccurrences, rruleFor, type RepeatPreset } from './recurrence';
import { wallClock, zonedInstant } from './zoned';

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240];

interface Guest {
  email: string;
  name: string;
}

type Errors = Partial<Record<'title' | 'when' | 'count' | 'guest' | 'people', string>>;

/** The first half hour at least ten minutes from now, in the zone. */
function defaultStart(zone: string): { day: string; time: string } {
  const at = Math.ceil((Date.now() + 10 * 60_000) / 1_800_000) * 1_800_000;
  const clock = wallClock(at, zone);
  return { day: clock.day, time: clock.time };
}

/** Scheduling: when (in my zone), how it repeats and which dates it skips, who (people, agencies, departments, guests). */
export function ScheduleMeeting() {
  const { t } = useTranslation('meetings');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const zone = me?.timeZone ?? currentTimeZone();
  const [initial] = useState(() => defaultStart(zone));
  const [idempotencyKey] = useState(newClientKey);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<'meeting' | 'advisory_committee'>('meeting');
  const [day, setDay] = useState(initial.day);
  const [time, setTime] = useState(initial.time);
  const [duration, setDuration] = useState(60);
  const [repeat, setRepeat] = useState<RepeatPreset>('none');
  const [count, setCount] = useState('');
  const [skipped, setSkipped] = useState<Set<number>>(new Set());
  const [lobby, setLobby] = useState(false);
  const [agenda, setAgenda] = useState('');
  const [people, setPeople] = useState<PickedPerson[]>([]);
  const [agencies, setAgencies] = useState<PickedAgency[]>([]);
  const [departments, setDepartments] = useState<PickedDepartment[]>([]);
  const [guests, setGuests] = useState<Guest[]>([]);
  const [guestEmail, setGuestEmail] = useState('');
  const [guestName, setGuestName] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const validWhen = /^\d{4}-\d{2}-\d{2}$/.test(day) && /^\d{2}:\d{2}$/.test(time);
  const start = validWhen ? wallClock(zonedInstant(day, time, zone), zone) : null;
  const countNumber = count.trim() ? Number(count) : null;
  const occurrences = useMemo(
    () =>
      validWhen && repeat !== 'none'
        ? firstOccurrences(repeat, day, time, zone, countNumber && countNumber > 0 ? countNumber : null)
        : [],
    [validWhen, repeat, day, time, zone, countNumber],
  );

  const schedule = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<MeetingView>('/meetings', { method: 'POST', body }),
    onSuccess: async (meeting) => {
      await queryClient.invalidateQueries({ queryKey: meetingKeys.all });
      void navigate(`/meetings/${meeting.id}`, { state: { notice: 'scheduled' } });
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const fields = invalidFields(error);
      setErrors({
        ...(fields.has('title') ? { title: t('errors.title') } : {}),
        ...(error.code === 'MEETING_IN_PAST'
          ? { when: t('errors.past') }
          : fields.has('startsAt')
            ? { when: t('errors.when') }
            : {}),
        ...(fields.has('guests') ? { guest: t('errors.guestEmail') } : {}),
        ...(error.code === 'MEETING_NO_PARTICIPANTS' ? { people: t('errors.nobody') } : {}),
      });
    },
  });

  const addGuest = () => {
    const email = guestEmail.trim().toLowerCase();
    if (!EMAIL.test(email)) return setErrors((e) => ({ ...e, guest: t('errors.guestEmail') }));
    if (guests.some((g) => g.email === email)) return setErrors((e) => ({ ...e, guest: t('errors.guestTwice') }));
    setGuests([...guests, { email, name: guestName.trim() }]);
    setGuestEmail('');
    setGuestName('');
    setErrors((e) => ({ ...e, guest: undefined, people: undefined }));
  };
  const addGuestOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    addGuest();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const startsAt = validWhen ? zonedInstant(day, time, zone) : null;
    const found: Errors = {
      ...(title.trim().length === 0 || title.trim().length > 200 ? { title: t('errors.title') } : {}),
      ...(!startsAt
        ? { when: t('errors.when') }
        : startsAt.getTime() < Date.now() - 60_000
          ? { when: t('errors.past') }
          : {}),
      ...(repeat !== 'none' &&
      countNumber !== null &&
      !(Number.isInteger(countNumber) && countNumber >= 2 && countNumber <= 500)
        ? { count: t('errors.count') }
        : {}),
      ...(people.length + agencies.length + departments.length + guests.length === 0
        ? { people: t('errors.nobody') }
        : {}),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean) || !startsAt || !start) return;
    const exdates = occurrences.filter((o) => skipped.has(o.getTime())).map((o) => o.toISOString());
    schedule.mutate({
      title: title.trim(),
      kind,
      startsAt: startsAt.toISOString(),
      durationMinutes: duration,
      timeZone: zone,
      recurrence: rruleFor(repeat, start, countNumber),
      ...(repeat !== 'none' && exdates.length > 0 ? { exdates } : {}),
      lobby,
      agenda: agenda.trim() || undefined,
      userIds: people.map((p) => p.id),
      agencyIds: agencies.map((a) => a.id),
      departmentIds: departments.map((d) => d.id),
      guests: guests.map((g) => ({ email: g.email, ...(g.name ? { name: g.name } : {}) })),
      idempotencyKey,
    });
  };

  const hasErrors = Object.values(errors).some(Boolean);
  return (
    <div className="page page--form">
      <PageHeader title={t('form.title')} />
      {hasErrors && (
        <Alert tone="danger" live>
          <p>{t('errors.fix')}</p>
        </Alert>
      )}
      {schedule.isError &&
        !(
          schedule.error instanceof ApiError &&
          ['MEETING_IN_PAST', 'MEETING_NO_PARTICIPANTS'].includes(schedule.error.code)
        ) && <ErrorAlert error={schedule.error} />}
      <form className="meeting-form" onSubmit={submit} noValidate>
        <TextField
          label={t('form.name')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          required
          error={errors.title}
        />
        <SelectField label={t('form.kind')} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="meeting">{t('kind.meeting')}</option>
          <option value="advisory_committee">{t('kind.advisory_committee')}</option>
        </SelectField>
        <fieldset className="meeting-form__group">
          <legend className="field__label">{t('detail.when')}</legend>
          <div className="meeting-form__row">
            <TextField
              label={t('form.day')}
              type="date"
              value={day}
              onChange={(e) => setDay(e.target.value)}
              required
              error={errors.when}
            />
            <TextField
              label={t('form.time')}
              type="time"
              value={time}
              onChange={(e) => setTime(e.target.value)}
              required
              hint={t('form.zone', { zone })}
            />
            <SelectField
              label={t('form.duration')}
              value={duration}
              onChange={(e) => setDuration(Number(e.target.value))}
            >
              {DURATIONS.map((m) => (
                <option key={m} value={m}>
                  {m % 60 === 0 ? t('form.hours', { count: m / 60 }) : t('form.minutes', { count: m })}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="meeting-form__row">
            <SelectField
              label={t('form.repeat')}
              value={repeat}
              onChange={(e) => {
                setRepeat(e.target.value as RepeatPreset);
                setSkipped(new Set());
              }}
            >
              <option value="none">{t('form.repeatNone')}</option>
              <option value="weekly">
                {t('form.repeatWeekly', { weekday: start ? t(`weekday.${start.weekday}`) : '' })}
              </option>
              <option value="weekdays">{t('form.repeatWeekdays')}</option>
              <option value="monthly">{t('form.repeatMonthly', { day: start?.dayOfMonth ?? '' })}</option>
            </SelectField>
            {repeat !== 'none' && (
              <TextField
                label={t('form.count')}
                type="number"
                inputMode="numeric"
                min={2}
                max={500}
                value={count}
                onChange={(e) => setCount(e.target.value)}
                hint={t('form.countHint')}
                error={errors.count}
              />
            )}
          </div>
          {occurrences.length > 1 && (
            <fieldset className="meeting-form__skips">
              <legend className="field__label">{t('form.exceptions')}</legend>
              <p className="field__hint">{t('form.exceptionsHint')}</p>
              <ul className="checks">
                {occurrences.slice(1).map((o) => (
                  <li key={o.getTime()}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={skipped.has(o.getTime())}
                        onChange={(e) => {
                          const next = new Set(skipped);
                          if (e.target.checked) next.add(o.getTime());
                          else next.delete(o.getTime());
                          setSkipped(next);
                        }}
                      />
                      <span>{formatDateTime(o, zone)}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
        </fieldset>
        <CheckField label={t('form.lobby')} hint={t('form.lobbyHint')} checked={lobby} onChange={setLobby} />
        <TextArea
          label={t('form.agenda')}
          value={agenda}
          onChange={(e) => setAgenda(e.target.value)}
          maxLength={10_000}
          rows={4}
        />
        <PersonPicker
          label={t('form.people')}
          hint={t('form.peopleHint')}
          value={people}
          onChange={setPeople}
          error={errors.people}
        />
        <AgencyPicker
          label={t('form.agencies')}
          hint={t('form.agenciesHint')}
          value={agencies}
          onChange={setAgencies}
        />
        <DepartmentPicker label={t('form.departments')} value={departments} onChange={setDepartments} />
        <fieldset className="meeting-form__group">
          <legend className="field__label">{t('form.guests')}</legend>
          <p className="field__hint">{t('form.guestsHint')}</p>
          {guests.length === 0 ? (
            <p className="subtle">{t('form.noGuests')}</p>
          ) : (
            <ul className="guest-list">
              {guests.map((g) => (
                <li key={g.email}>
                  <span>
                    {g.name && <strong>{g.name} </strong>}
                    <span lang="en">{g.email}</span>
                  </span>
                  <Button
                    variant="tertiary"
                    size="small"
                    aria-label={t('form.removeGuest', { email: g.email })}
                    onClick={() => setGuests(guests.filter((x) => x.email !== g.email))}
                  >
                    {t('form.remove')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <div className="meeting-form__row">
            <TextField
              label={t('form.guestEmail')}
              type="email"
              autoComplete="off"
              value={guestEmail}
              onChange={(e) => setGuestEmail(e.target.value)}
              onKeyDown={addGuestOnEnter}
              error={errors.guest}
            />
            <TextField
              label={t('form.guestName')}
              autoComplete="off"
              value={guestName}
              onChange={(e) => setGuestName(e.target.value)}
              onKeyDown={addGuestOnEnter}
            />
          </div>
          <Button variant="secondary" onClick={addGuest}>
            {t('form.addGuest')}
          </Button>
        </fieldset>
        <div className="row meeting-form__submit">
          <Button type="submit" disabled={schedule.isPending}>
            {schedule.isPending ? t('form.submitting') : t('form.submit')}
          </Button>
        </div>
      </form>
    </div>
  );
}
