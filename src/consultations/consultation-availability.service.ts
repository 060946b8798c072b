import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { validationFailed } from '../common/ieum.exception.js';
import { isTimeZone } from '../common/time-zone.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import type { Principal } from '../identity/identity.types.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UserRepository } from '../identity/user.repository.js';
import { dayBounds, freeSlots, localDay, type Slot } from './availability.js';
import type { ConsultationScheduleEntity } from './consultation-schedule.entity.js';
import { complaintStaffAgency } from './consultation.access.js';
import { ConsultationException } from './consultation.exception.js';
import { ConsultationSettingsRepository } from './consultation-settings.repository.js';
import { ConsultationRepository } from './consultation.repository.js';
import { HolidayCalendar } from './holiday-calendar.js';

/** The most days one slot query covers. */
const MAX_QUERY_DAYS = 62;

export interface SlotView {
  startsAt: string;
  endsAt: string;
  /** The start as a wall-clock time in the time zone asked for ("2026-12-01 14:00"). */
  local: string;
}

/**
 * One day of the citizen's calendar, in their time zone: its free slots, or why it has none.
 * `closed`: a public holiday or an agency closure (named); `full`: there were hours, all taken;
 * `none`: no consultation hours that day (or past the booking horizon or the notice).
 */
export interface CalendarDayView {
  day: string;
  state: 'open' | 'full' | 'closed' | 'none';
  /** Holiday names and closure reasons of a closed day; empty when the holiday calendar does not know the year. */
  closedFor: string[];
  slots: SlotView[];
}

/** What the citizen's pages need to know before anything is booked. */
export interface PublicTopicsView {
  /** The agency asked for, or null when every agency's topics are listed. */
  agency: { code: string; name: string; nameEn: string | null } | null;
  topics: Array<{
    id: string;
    name: string;
    nameEn: string | null;
    agency: { code: string; name: string; nameEn: string | null };
  }>;
  /** For the privacy notice and the pages: how long citizen data is kept, a booking is held, and the room opens early. */
  settings: { retentionDays: number; holdMinutes: number; joinMarginMinutes: number };
}

export interface StaffSlotView extends SlotView {
  investigatorId: string;
  investigatorName: string;
}

/** A time someone may book, with the investigators free then (fewest bookings that day first). */
export interface BookableTime {
  slot: Slot;
  investigators: ConsultationScheduleEntity[];
}

/**
 * The free slots that investigators' weekly rules and exceptions and agencies' topics and closures
 * leave once holidays, buffers, notice, horizon, daily caps and bookings are taken out (the rules
 * themselves are kept by ConsultationSettingsService).
 */
@Injectable()
export class ConsultationAvailabilityService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly repo: ConsultationRepository,
    private readonly settings: ConsultationSettingsRepository,
    private readonly holidays: HolidayCalendar,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
  ) {}

  /** The topics someone takes, of one agency (its code) or of all, for the public booking pages. */
  async topics(agencyCode?: string): Promise<PublicTopicsView> {
    const agency = agencyCode === undefined ? null : await this.agencies.findByCode(agencyCode);
    if (agencyCode !== undefined && !agency) throw ConsultationException.topicNotFound();
    const topics = await this.settings.offeredTopics(agency?.id ?? null);
    const agencies = new Map(
      (agency ? [agency] : await this.agencies.findByIds([...new Set(topics.map((t) => t.agencyId))])).map((a) => [
        a.id,
        { code: a.code, name: a.name, nameEn: a.nameEn },
      ]),
    );
    const { retentionDays, holdMinutes, joinMarginMinutes } = this.config.consultations;
    return {
      agency: agency ? { code: agency.code, name: agency.name, nameEn: agency.nameEn } : null,
      topics: topics.flatMap((t) => {
        const owner = agencies.get(t.agencyId);
        return owner ? [{ id: t.id, name: t.name, nameEn: t.nameEn, agency: owner }] : [];
      }),
      settings: { retentionDays, holdMinutes, joinMarginMinutes },
    };
  }

  /** A topic's days as the citizen's calendar shows them: free slots of whoever takes it, closed and full days named. */
  async calendarForTopic(
    topicId: string,
    range: { from: Date; days: number; timeZone: string },
    now = new Date(),
  ): Promise<CalendarDayView[]> {
    const topic = await this.settings.findTopic(topicId);
    if (!topic) throw ConsultationException.topicNotFound();
    return this.calendar(topic.agencyId, await this.settings.schedulesOf(topic.agencyId, topic.id), range, now);
  }

  /** One investigator's days (where a booking of theirs could move to). */
  async calendarForInvestigator(
    investigatorId: string,
    agencyId: string,
    range: { from: Date; days: number; timeZone: string },
    now = new Date(),
  ): Promise<CalendarDayView[]> {
    const schedule = await this.settings.findSchedule(investigatorId);
    return this.calendar(agencyId, schedule?.active ? [schedule] : [], range, now);
  }

  /** Free times for a topic, whoever of its investigators is free, as the citizen's clock shows them. */
  async slotsForTopic(
    topicId: string,
    range: { from: Date; days: number; timeZone: string },
    now = new Date(),
  ): Promise<SlotView[]> {
    const topic = await this.settings.findTopic(topicId);
    if (!topic) throw ConsultationException.topicNotFound();
    const to = checkRange(range);
    const byTime = new Map<number, Slot>();
    for (const [, slots] of await this.free(
      await this.settings.schedulesOf(topic.agencyId, topic.id),
      range.from,
      to,
      now,
    )) {
      for (const slot of slots) byTime.set(slot.startsAt.getTime(), slot);
    }
    return [...byTime.values()]
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
      .map((s) => slotView(s, range.timeZone));
  }

  /** One investigator's free times (what a booking of theirs could move to). */
  async slotsForInvestigator(
    investigatorId: string,
    range: { from: Date; days: number; timeZone: string },
    now = new Date(),
  ): Promise<SlotView[]> {
    const to = checkRange(range);
    const schedule = await this.settings.findSchedule(investigatorId);
    if (!schedule?.active) return [];
    return ((await this.free([schedule], range.from, to, now)).get(investigatorId) ?? []).map((s) =>
      slotView(s, range.timeZone),
    );
  }

  /** Free times of the caller's agency (or of one investigator, or of those who take a topic), for complaint staff. */
  async slotsForStaff(
    principal: Principal,
    range: { from: Date; days: number; timeZone: string; investigatorId?: string; topicId?: string },
    now = new Date(),
  ): Promise<StaffSlotView[]> {
    const staff = await this.staff(principal, 'complaint');
    const to = checkRange(range);
    const schedules = (await this.settings.schedulesOf(staff.agencyId ?? '', range.topicId ?? null)).filter(
      (s) => !range.investigatorId || s.investigatorId === range.investigatorId,
    );
    const names = new Map(
      (await this.users.findByIds(schedules.map((s) => s.investigatorId))).map((u) => [u.id, u.displayName]),
    );
    const out: StaffSlotView[] = [];
    for (const [investigatorId, slots] of await this.free(schedules, range.from, to, now)) {
      for (const slot of slots)
        out.push({
          ...slotView(slot, range.timeZone),
          investigatorId,
          investigatorName: names.get(investigatorId) ?? '',
        });
    }
    return out.sort(
      (a, b) => a.startsAt.localeCompare(b.startsAt) || a.investigatorName.localeCompare(b.investigatorName),
    );
  }

  /** Who could take a booking at `startsAt` now; empty when the time is not a free slot for anyone. */
  async bookable(
    agencyId: string,
    topicId: string | null,
    startsAt: Date,
    now: Date,
    investigatorId?: string,
  ): Promise<BookableTime | null> {
    const schedules = (await this.settings.schedulesOf(agencyId, topicId)).filter(
      (s) => !investigatorId || s.investigatorId === investigatorId,
    );
    const free = await this.free(schedules, startsAt, new Date(startsAt.getTime() + 1), now);
    const matching = schedules.flatMap((s) => {
      const slot = free.get(s.investigatorId)?.find((x) => x.startsAt.getTime() === startsAt.getTime());
      return slot ? [{ schedule: s, slot }] : [];
    });
    const first = matching[0];
    if (!first) return null;
    const day = dayBounds(startsAt, first.schedule.timeZone);
    const load = await this.repo.busy(
      matching.map((m) => m.schedule.investigatorId),
      day.from,
      day.to,
      now,
    );
    const count = (id: string) => load.filter((b) => b.investigatorId === id).length;
    return {
      slot: first.slot,
      investigators: matching.map((m) => m.schedule).sort((a, b) => count(a.investigatorId) - count(b.investigatorId)),
    };
  }

  /** Why `startsAt` is not bookable: taken when it would be a slot if nobody had booked, else never open. */
  async notFree(
    agencyId: string,
    topicId: string | null,
    startsAt: Date,
    now: Date,
    investigatorId?: string,
  ): Promise<ConsultationException> {
    const schedules = (await this.settings.schedulesOf(agencyId, topicId)).filter(
      (s) => !investigatorId || s.investigatorId === investigatorId,
    );
    const free = await this.free(schedules, startsAt, new Date(startsAt.getTime() + 1), now, false);
    const withoutBookings = [...free.values()].some((slots) =>
      slots.some((x) => x.startsAt.getTime() === startsAt.getTime()),
    );
    return withoutBookings ? ConsultationException.slotTaken() : ConsultationException.slotUnavailable();
  }

  /** The caller as complaint staff (any complaint investigator of an agency) or as a publishing investigator. */
  async staff(principal: Principal, as: 'complaint' | 'investigator'): Promise<UserEntity & { agencyId: string }> {
    const user = await this.users.findById(principal.userId);
    if (complaintStaffAgency(user) === null)
      throw as === 'investigator' ? ConsultationException.notInvestigator() : ConsultationException.notComplaintStaff();
    return user as UserEntity & { agencyId: string };
  }

  /**
   * Local days of the citizen's zone from `range.from`'s day on. Closed days are the agency's
   * closures and the Korean holidays by date, which is the citizen's day too unless they are far
   * from Korea.
   */
  private async calendar(
    agencyId: string,
    schedules: ConsultationScheduleEntity[],
    range: { from: Date; days: number; timeZone: string },
    now: Date,
  ): Promise<CalendarDayView[]> {
    checkRange(range);
    const first = DateTime.fromJSDate(range.from, { zone: range.timeZone }).startOf('day');
    const days = Array.from({ length: range.days }, (_, i) => first.plus({ days: i }));
    const from = first.toJSDate();
    const to = first.plus({ days: range.days }).toJSDate();
    const [free, open, closures] = await Promise.all([
      this.free(schedules, from, to, now),
      this.free(schedules, from, to, now, false),
      this.settings.closuresOf(agencyId, days[0]?.toISODate() ?? '', days.at(-1)?.toISODate() ?? ''),
    ]);
    const byDay = (slots: Map<string, Slot[]>) => {
      const out = new Map<string, Map<number, Slot>>();
      for (const list of slots.values()) {
        for (const slot of list) {
          const key = localDay(slot.startsAt, range.timeZone);
          const day = out.get(key) ?? new Map<number, Slot>();
          day.set(slot.startsAt.getTime(), slot);
          out.set(key, day);
        }
      }
      return out;
    };
    const freeByDay = byDay(free);
    const openByDay = byDay(open);
    const out: CalendarDayView[] = [];
    for (const date of days) {
      const key = date.toISODate() ?? '';
      const holidays = await this.holidays.namesOf(key);
      const closedFor = [...(holidays ?? []), ...closures.filter((c) => c.day === key).map((c) => c.reason)];
      const slots = [...(freeByDay.get(key)?.values() ?? [])]
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
        .map((s) => slotView(s, range.timeZone));
      const state =
        holidays === null || closedFor.length > 0
          ? 'closed'
          : slots.length > 0
            ? 'open'
            : (openByDay.get(key)?.size ?? 0) > 0
              ? 'full'
              : 'none';
      out.push({ day: key, state, closedFor, slots: state === 'closed' ? [] : slots });
    }
    return out;
  }

  private async free(
    schedules: ConsultationScheduleEntity[],
    from: Date,
    to: Date,
    now: Date,
    withBookings = true,
  ): Promise<Map<string, Slot[]>> {
    const out = new Map<string, Slot[]>();
    if (schedules.length === 0) return out;
    const ids = schedules.map((s) => s.investigatorId);
    const widest =
      Math.max(...schedules.map((s) => s.bufferBeforeMinutes + s.bufferAfterMinutes + s.slotMinutes)) * 60_000;
    const [busy, agencyClosures] = await Promise.all([
      withBookings
        ? this.repo.busy(
            ids,
            new Date(from.getTime() - 86_400_000 - widest),
            new Date(to.getTime() + 86_400_000 + widest),
            now,
          )
        : Promise.resolve([]),
      this.settings.closuresOf(schedules[0]?.agencyId ?? '', shiftDay(from, -1), shiftDay(to, 1)),
    ]);
    const exceptions = await this.settings.exceptionsOf(ids, shiftDay(from, -1), shiftDay(to, 1));
    const closed = await this.holidays.closedDays(shiftDay(from, -1), shiftDay(to, 1));
    for (const day of agencyClosures) closed.add(day.day);
    for (const schedule of schedules) {
      const mine = busy.filter((b) => b.investigatorId === schedule.investigatorId);
      const perDay = new Map<string, number>();
      for (const b of mine)
        perDay.set(
          localDay(b.startsAt, schedule.timeZone),
          (perDay.get(localDay(b.startsAt, schedule.timeZone)) ?? 0) + 1,
        );
      out.set(
        schedule.investigatorId,
        freeSlots(
          {
            ...schedule,
            exceptions: exceptions
              .filter((e) => e.investigatorId === schedule.investigatorId)
              .map((e) => ({ day: e.day, kind: e.kind, start: e.startTime, end: e.endTime })),
            closedDays: closed,
            busy: mine,
            bookedPerDay: perDay,
          },
          { from, to },
          now,
        ),
      );
    }
    return out;
  }
}

function checkRange(range: { from: Date; days: number; timeZone: string }): Date {
  const problems = [
    ...(Number.isNaN(range.from.getTime()) ? [{ field: 'from', problems: ['a date and time'] }] : []),
    ...(!Number.isInteger(range.days) || range.days < 1 || range.days > MAX_QUERY_DAYS
      ? [{ field: 'days', problems: [`1 to ${MAX_QUERY_DAYS}`] }]
      : []),
    ...(isTimeZone(range.timeZone) ? [] : [{ field: 'timeZone', problems: ['an IANA time zone such as Asia/Seoul'] }]),
  ];
  if (problems.length > 0) throw validationFailed(problems);
  return new Date(range.from.getTime() + range.days * 86_400_000);
}

function slotView(slot: Slot, timeZone: string): SlotView {
  return {
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    local: DateTime.fromJSDate(slot.startsAt, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm'),
  };
}

/** A UTC calendar day a day before or after `at`: wide enough for any time zone's local day. */
function shiftDay(at: Date, days: number): string {
  return new Date(at.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
