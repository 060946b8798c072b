import { Injectable } from '@nestjs/common';
import { validationFailed } from '../common/ieum.exception.js';
import { isTimeZone } from '../common/time-zone.js';
import type { Principal } from '../identity/identity.types.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UserRepository } from '../identity/user.repository.js';
import { minutesOf } from './availability.js';
import { ConsultationAvailabilityService } from './consultation-availability.service.js';
import type { ConsultationClosureEntity } from './consultation-closure.entity.js';
import type { ConsultationExceptionEntity } from './consultation-exception.entity.js';
import type { ConsultationScheduleEntity } from './consultation-schedule.entity.js';
import { ConsultationSettingsRepository } from './consultation-settings.repository.js';
import type { ConsultationTopicEntity } from './consultation-topic.entity.js';
import { adminAgency } from './consultation.access.js';
import { ConsultationException } from './consultation.exception.js';
import type { WeeklyRule } from './consultations.types.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export interface ScheduleInput {
  timeZone?: string;
  slotMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  horizonDays?: number;
  minNoticeMinutes?: number;
  dailyCap?: number | null;
  weeklyRules: WeeklyRule[];
  topicIds?: string[];
  active?: boolean;
}

/**
 * Consultation hours as staff keep them: an investigator's weekly rules and exceptions, and an
 * agency's topics and closures (its administrators'). The free slots they leave are
 * ConsultationAvailabilityService's.
 */
@Injectable()
export class ConsultationSettingsService {
  constructor(
    private readonly settings: ConsultationSettingsRepository,
    private readonly availability: ConsultationAvailabilityService,
    private readonly users: UserRepository,
  ) {}

  async setSchedule(principal: Principal, input: ScheduleInput): Promise<ConsultationScheduleEntity> {
    const investigator = await this.availability.staff(principal, 'investigator');
    const agencyId = investigator.agencyId ?? '';
    const timeZone = input.timeZone ?? 'Asia/Seoul';
    if (!isTimeZone(timeZone))
      throw validationFailed([{ field: 'timeZone', problems: ['an IANA time zone such as Asia/Seoul'] }]);
    for (const rule of input.weeklyRules) {
      if (!Number.isInteger(rule.weekday) || rule.weekday < 1 || rule.weekday > 7)
        throw ConsultationException.badSchedule(`weekday ${rule.weekday} is not 1 (Monday) to 7 (Sunday)`);
      if (!TIME.test(rule.start) || !TIME.test(rule.end) || minutesOf(rule.start) >= minutesOf(rule.end))
        throw ConsultationException.badSchedule(`${rule.start}–${rule.end} is not a window of HH:mm times`);
    }
    const topicIds = [...new Set(input.topicIds ?? [])];
    const topics = await this.settings.listTopics(agencyId);
    const unknown = topicIds.filter((id) => !topics.some((t) => t.id === id));
    if (unknown.length > 0)
      throw validationFailed([{ field: 'topicIds', problems: [`not topics of your agency: ${unknown.join(', ')}`] }]);
    return this.settings.upsertSchedule({
      investigatorId: investigator.id,
      agencyId,
      timeZone,
      slotMinutes: input.slotMinutes,
      bufferBeforeMinutes: input.bufferBeforeMinutes ?? 0,
      bufferAfterMinutes: input.bufferAfterMinutes ?? 10,
      horizonDays: input.horizonDays ?? 30,
      minNoticeMinutes: input.minNoticeMinutes ?? 120,
      dailyCap: input.dailyCap ?? null,
      weeklyRules: input.weeklyRules.map((r) => ({ weekday: r.weekday, start: r.start, end: r.end })),
      topicIds,
      active: input.active ?? true,
    });
  }

  async getSchedule(principal: Principal): Promise<ConsultationScheduleEntity> {
    const investigator = await this.availability.staff(principal, 'investigator');
    const schedule = await this.settings.findSchedule(investigator.id);
    if (!schedule) throw ConsultationException.notFound();
    return schedule;
  }

  async addException(
    principal: Principal,
    input: { day: string; kind: 'off' | 'extra'; start?: string; end?: string; note?: string },
  ): ReturnType<ConsultationSettingsRepository['insertException']> {
    const investigator = await this.availability.staff(principal, 'investigator');
    if (!DAY.test(input.day)) throw validationFailed([{ field: 'day', problems: ['a date as YYYY-MM-DD'] }]);
    const whole = input.start === undefined && input.end === undefined;
    if (whole && input.kind === 'extra')
      throw ConsultationException.badSchedule('an extra window needs a start and an end');
    if (
      !whole &&
      (!TIME.test(input.start ?? '') ||
        !TIME.test(input.end ?? '') ||
        minutesOf(input.start ?? '') >= minutesOf(input.end ?? ''))
    ) {
      throw ConsultationException.badSchedule(
        `${input.start ?? '?'}–${input.end ?? '?'} is not a window of HH:mm times`,
      );
    }
    return this.settings.insertException({
      investigatorId: investigator.id,
      day: input.day,
      kind: input.kind,
      startTime: whole ? null : (input.start ?? null),
      endTime: whole ? null : (input.end ?? null),
      note: input.note?.trim() || null,
    });
  }

  async removeException(principal: Principal, id: string): Promise<void> {
    const investigator = await this.availability.staff(principal, 'investigator');
    if (!(await this.settings.deleteException(investigator.id, id))) throw ConsultationException.notFound();
  }

  /** The investigator's own exceptions from a day on, by day. */
  async exceptions(principal: Principal, fromDay: string): Promise<ConsultationExceptionEntity[]> {
    const investigator = await this.availability.staff(principal, 'investigator');
    if (!DAY.test(fromDay)) throw validationFailed([{ field: 'from', problems: ['a date as YYYY-MM-DD'] }]);
    return this.settings.exceptionsOf([investigator.id], fromDay, '9999-12-31');
  }

  /** The agency's topics and closure days from a day on, for its public servants' screens. */
  async agencySettings(
    principal: Principal,
    fromDay: string,
  ): Promise<{ topics: ConsultationTopicEntity[]; closures: ConsultationClosureEntity[] }> {
    const user = await this.users.findById(principal.userId);
    if (!user || user.kind !== 'staff' || user.disabledAt || !user.agencyId)
      throw ConsultationException.notComplaintStaff();
    if (!DAY.test(fromDay)) throw validationFailed([{ field: 'from', problems: ['a date as YYYY-MM-DD'] }]);
    const [topics, closures] = await Promise.all([
      this.settings.listTopics(user.agencyId),
      this.settings.closuresOf(user.agencyId, fromDay, '9999-12-31'),
    ]);
    return { topics, closures };
  }

  async removeClosure(principal: Principal, id: string): Promise<void> {
    const admin = await this.agencyAdmin(principal);
    if (!(await this.settings.deleteClosure(admin.agencyId ?? '', id))) throw ConsultationException.notFound();
  }

  /** Citizens can no longer pick the topic; bookings made under it keep it. */
  async retireTopic(principal: Principal, id: string): Promise<void> {
    const admin = await this.agencyAdmin(principal);
    if (!(await this.settings.retireTopic(admin.agencyId ?? '', id))) throw ConsultationException.topicNotFound();
  }

  async addClosure(
    principal: Principal,
    input: { day: string; reason: string },
  ): ReturnType<ConsultationSettingsRepository['upsertClosure']> {
    const admin = await this.agencyAdmin(principal);
    if (!DAY.test(input.day)) throw validationFailed([{ field: 'day', problems: ['a date as YYYY-MM-DD'] }]);
    return this.settings.upsertClosure({
      agencyId: admin.agencyId ?? '',
      day: input.day,
      reason: input.reason.trim(),
      createdBy: admin.id,
    });
  }

  async addTopic(
    principal: Principal,
    input: { name: string; nameEn?: string },
  ): ReturnType<ConsultationSettingsRepository['insertTopic']> {
    const admin = await this.agencyAdmin(principal);
    return this.settings.insertTopic(admin.agencyId ?? '', input.name.trim(), input.nameEn?.trim() || null);
  }

  private async agencyAdmin(principal: Principal): Promise<UserEntity> {
    const user = await this.users.findById(principal.userId);
    if (!user || adminAgency(user) === null) throw ConsultationException.notAgencyAdmin();
    return user;
  }
}
