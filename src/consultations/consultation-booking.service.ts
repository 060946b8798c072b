import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { JobName, type BusEvent } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { validationFailed } from '../common/ieum.exception.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { AccessRecordRepository } from '../audit/access-record.repository.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import type { Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { MailService } from '../mail/mail.service.js';
import { buildInvitationIcs } from '../meetings/meeting-calendar.js';
import type { MeetingEntity } from '../meetings/meeting.entity.js';
import { MeetingService } from '../meetings/meeting.service.js';
import { hashToken } from '../meetings/meeting-invitations.service.js';
import { MeetingKind } from '../meetings/meetings.types.js';
import { BookingThrottleService } from './booking-throttle.service.js';
import { dayBounds } from './availability.js';
import { ConsultationAvailabilityService } from './consultation-availability.service.js';
import { renderConsultationMail, type ConsultationMailKind } from './consultation-mail.renderer.js';
import type { ConsultationEntity } from './consultation.entity.js';
import { ConsultationException } from './consultation.exception.js';
import { checkCitizen, type CitizenDetails } from './consultation-citizen.js';
import { ConsultationSettingsRepository } from './consultation-settings.repository.js';
import { ConsultationRepository, type NewConsultation } from './consultation.repository.js';
import { ConsultationReminderService } from './consultation-reminder.service.js';
import { ConsultationStatus } from './consultations.types.js';

/** The longest a booking waits on a competing one before answering that the time is taken. */
const LOCK_WAIT_MS = 5_000;

export type { CitizenDetails } from './consultation-citizen.js';

export interface CitizenRequest extends CitizenDetails {
  topicId: string;
  startsAt: Date;
  privacyAccepted: boolean;
}

export interface StaffBooking {
  startsAt: Date;
  email: string;
  summary: string;
  name?: string | null;
  phone?: string | null;
  caseNumber?: string | null;
  topicId?: string | null;
  investigatorId?: string;
  locale?: 'ko' | 'en';
  /** What asked for it (a command message): asking again finds the same booking. */
  sourceKey?: string | null;
}

export type Actor = { kind: 'citizen' } | { kind: 'staff'; userId: string; address?: string };

/** A member of staff acting through a request (or a command, with no address). */
export function staffActor(principal: Principal): Actor {
  return { kind: 'staff', userId: principal.userId, address: principal.address };
}

/** Names a booking's mails and meeting carry. */
export interface Labels {
  agencyName: string;
  topic: { ko: string; en: string } | null;
  investigatorName: string;
  timeZone: string;
}

/**
 * Booking, confirming, moving and cancelling consultations. The investigator's time is taken by
 * the exclusion constraint in the booking's own transaction, together with the citizen's mail;
 * the video meeting exists from confirmation on and its room is replaced whenever the time moves
 * or the booking ends, so no earlier link opens it.
 */
@Injectable()
export class ConsultationBookingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly repo: ConsultationRepository,
    private readonly settings: ConsultationSettingsRepository,
    private readonly availability: ConsultationAvailabilityService,
    private readonly meetings: MeetingService,
    private readonly agencies: AgencyRepository,
    private readonly users: UserRepository,
    private readonly mail: MailService,
    private readonly events: EventPublisher,
    private readonly reminders: ConsultationReminderService,
    private readonly throttle: BookingThrottleService,
    private readonly accessRecords: AccessRecordRepository,
  ) {}

  /** A citizen asks for a time: it is held for them and a confirmation link goes to their e-mail. */
  async request(input: CitizenRequest, clientAddress: string, now = new Date()): Promise<{ status: 'pending'; startsAt: string; endsAt: string; holdExpiresAt: string }> {
    if (input.privacyAccepted !== true) throw ConsultationException.privacyNotAccepted();
    const citizen = checkCitizen(input, true);
    const topic = await this.settings.findTopic(input.topicId);
    if (!topic) throw ConsultationException.topicNotFound();
    await this.throttle.consume(clientAddress, citizen.citizenEmail ?? '');
    const holdExpiresAt = new Date(now.getTime() + this.config.consultations.holdMinutes * 60_000);
    const confirmToken = randomBytes(24).toString('base64url');
    const booked = await this.take(topic.agencyId, topic.id, input.startsAt, now, undefined, async (tx, row, labels) => {
      const stored = await this.repo.insertHolding(tx, { ...row, ...citizen, status: ConsultationStatus.Pending, holdExpiresAt, privacyAcceptedAt: now, bookedVia: 'citizen', bookedBy: null, confirmTokenHash: hashToken(confirmToken), sourceKey: null, confirmedAt: null }, now);
      if (stored) await this.mailCitizen(tx, stored, 'confirm-request', { link: `${this.config.http.publicUrl}/consult/confirm/${confirmToken}`, sequence: 0, labels });
      return stored;
    });
    return { status: 'pending', startsAt: booked.startsAt.toISOString(), endsAt: booked.endsAt.toISOString(), holdExpiresAt: holdExpiresAt.toISOString() };
  }

  /** The citizen follows the mailed link: the booking is confirmed (once; following it again changes nothing). */
  async confirm(token: string, now = new Date()): Promise<ConsultationEntity> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw ConsultationException.linkInvalid();
    const found = await this.repo.findByConfirmHash(hashToken(token));
    if (!found) throw ConsultationException.linkInvalid();
    const labels = await this.labels(found);
    const result = await this.uow.run<{ error: ConsultationException } | { consultation: ConsultationEntity; fresh: boolean }>(async (tx) => {
      const current = await this.repo.lockByConfirmHash(tx, hashToken(token));
      if (!current) return { error: ConsultationException.linkInvalid() };
      if (current.status === ConsultationStatus.Confirmed) return { consultation: current, fresh: false };
      if (current.status !== ConsultationStatus.Pending) return { error: ConsultationException.closed() };
      if (!current.holdExpiresAt || current.holdExpiresAt.getTime() <= now.getTime()) {
        await this.repo.update(tx, current.id, { status: ConsultationStatus.Expired, confirmTokenHash: null });
        return { error: ConsultationException.holdExpired() };
      }
      return { consultation: await this.finalize(tx, current, now, labels), fresh: true };
    });
    if ('error' in result) throw result.error;
    if (result.fresh) await this.reminders.scheduleFor(result.consultation, now);
    return result.consultation;
  }

  /** Complaint staff book for a citizen (on the phone, at a counter): confirmed at once, and the citizen is mailed. */
  async bookForCitizen(principal: Principal, input: StaffBooking, now = new Date()): Promise<{ consultation: ConsultationEntity; created: boolean }> {
    const staff = await this.availability.staff(principal, 'complaint');
    if (input.sourceKey) {
      const earlier = await this.repo.findBySourceKey(input.sourceKey);
      if (earlier) return { consultation: earlier, created: false };
    }
    const citizen = checkCitizen({ name: input.name ?? input.email.split('@')[0] ?? '', email: input.email, phone: input.phone, summary: input.summary, caseNumber: input.caseNumber, locale: input.locale }, false);
    if (input.topicId && (await this.settings.findTopic(input.topicId))?.agencyId !== staff.agencyId) throw ConsultationException.topicNotFound();
    const booked = await this.take(staff.agencyId, input.topicId ?? null, input.startsAt, now, input.investigatorId, async (tx, row, labels) => {
      const stored = await this.repo.insertHolding(
        tx,
        { ...row, ...citizen, status: ConsultationStatus.Pending, holdExpiresAt: null, privacyAcceptedAt: null, bookedVia: 'staff', bookedBy: staff.id, confirmTokenHash: null, sourceKey: input.sourceKey ?? null, confirmedAt: null },
        now,
      );
      if (!stored) return null;
      await this.audit(tx, 'consultation.booked', staffActor(principal), stored.id);
      return this.finalize(tx, stored, now, labels);
    });
    await this.reminders.scheduleFor(booked, now);
    return { consultation: booked, created: true };
  }

  /** Moves a confirmed booking to another free time of the same investigator; the old room and links stop working. */
  async move(id: string, startsAt: Date, actor: Actor, now = new Date()): Promise<ConsultationEntity> {
    const current = await this.repo.findById(id);
    if (!current) throw ConsultationException.notFound();
    if (current.status !== ConsultationStatus.Confirmed || current.startsAt.getTime() <= now.getTime()) throw ConsultationException.closed();
    const free = await this.availability.bookable(current.agencyId, current.topicId, startsAt, now, current.investigatorId);
    if (!free) throw await this.notFree(current.agencyId, current.topicId, startsAt, now, current.investigatorId);
    const schedule = free.investigators[0];
    const labels = await this.labels(current);
    const moved = await this.uow.run(async (tx) => {
      await this.repo.limitLockWait(tx, LOCK_WAIT_MS);
      const locked = await this.repo.lock(tx, id);
      if (!locked || locked.status !== ConsultationStatus.Confirmed || !schedule) throw ConsultationException.closed();
      const range = { startsAt: free.slot.startsAt, endsAt: free.slot.endsAt, ...blocked(free.slot, schedule) };
      if (!(await this.repo.moveHolding(tx, id, range, now, locked.investigatorId))) throw ConsultationException.slotTaken();
      const updated: ConsultationEntity = { ...locked, ...range, remindedOffsets: [] };
      const sequence = locked.meetingId ? await this.meetings.move(tx, locked.meetingId, { startsAt: range.startsAt, durationMinutes: minutesBetween(range.startsAt, range.endsAt) }) : null;
      if (sequence !== null) await this.mailCitizen(tx, updated, 'moved', { link: this.manageLink(updated), sequence, labels });
      await this.events.publish(tx, { name: JobName.ConsultationNotify, data: { consultationId: id, change: 'moved', startsAt: range.startsAt.toISOString() } });
      await this.audit(tx, 'consultation.moved', actor, id);
      return updated;
    });
    await this.reminders.scheduleFor(moved, now);
    return moved;
  }

  /** Cancels a pending or confirmed booking: the time is free again, reminders stop, the room is gone. */
  async cancel(id: string, actor: Actor, now = new Date()): Promise<ConsultationEntity> {
    const found = await this.repo.findById(id);
    if (!found) throw ConsultationException.notFound();
    const labels = await this.labels(found);
    const cancelled = await this.uow.run(async (tx) => {
      const current = await this.repo.lock(tx, id);
      if (!current) throw ConsultationException.notFound();
      if (current.status !== ConsultationStatus.Confirmed && current.status !== ConsultationStatus.Pending) throw ConsultationException.closed();
      if (current.endsAt.getTime() <= now.getTime()) throw ConsultationException.over();
      await this.repo.update(tx, id, { status: ConsultationStatus.Cancelled, cancelledAt: now, confirmTokenHash: null });
      const updated: ConsultationEntity = { ...current, status: ConsultationStatus.Cancelled, cancelledAt: now };
      const sequence = current.meetingId ? await this.meetings.cancelWithin(tx, current.meetingId, now) : null;
      if (sequence !== null) {
        await this.mailCitizen(tx, updated, 'cancelled', { link: null, sequence, labels });
        await this.events.publish(tx, { name: JobName.ConsultationNotify, data: { consultationId: id, change: 'cancelled', startsAt: current.startsAt.toISOString() } });
      }
      await this.audit(tx, 'consultation.cancelled', actor, id);
      return updated;
    });
    await this.reminders.unschedule(cancelled);
    return cancelled;
  }

  /** The citizen's personal link, derived from the booking so every mail can carry it again without storing it. */
  manageLink(consultation: Pick<ConsultationEntity, 'id' | 'tokenVersion'>): string {
    return `${this.config.http.publicUrl}/consult/manage/${this.manageToken(consultation)}`;
  }

  manageToken(consultation: Pick<ConsultationEntity, 'id' | 'tokenVersion'>): string {
    return createHmac('sha256', this.config.auth.jwtSecret).update(`consultation-manage|${consultation.id}|${consultation.tokenVersion}`).digest('base64url');
  }

  /**
   * What a booking's mails and meeting are named by, read before its transaction opens: a
   * transaction never waits for a second pool connection, which under a burst of bookings would
   * leave every connection waiting on another.
   */
  async labels(consultation: Pick<ConsultationEntity, 'agencyId' | 'topicId' | 'investigatorId'>): Promise<Labels> {
    const [agency, topic, investigator, schedule] = await Promise.all([
      this.agencies.findById(consultation.agencyId),
      consultation.topicId ? this.settings.findTopic(consultation.topicId) : null,
      this.users.findById(consultation.investigatorId),
      this.settings.findSchedule(consultation.investigatorId),
    ]);
    return { agencyName: agency?.name ?? 'Ieum', topic: topic ? { ko: topic.name, en: topic.nameEn ?? topic.name } : null, investigatorName: investigator?.displayName ?? '-', timeZone: schedule?.timeZone ?? 'Asia/Seoul' };
  }

  /** Mails the citizen about their booking, with the calendar entry once it is a meeting. */
  async mailCitizen(tx: Tx, consultation: ConsultationEntity, kind: ConsultationMailKind, extra: { link: string | null; sequence: number; labels: Labels }): Promise<void> {
    if (!consultation.citizenEmail) return;
    const { agencyName, topic } = extra.labels;
    const rendered = renderConsultationMail({
      kind,
      agencyName,
      topicName: topic ? topic[consultation.locale] : null,
      startsAt: consultation.startsAt,
      minutes: minutesBetween(consultation.startsAt, consultation.endsAt),
      timeZone: consultation.timeZone,
      locale: consultation.locale,
      link: extra.link,
      holdExpiresAt: consultation.holdExpiresAt ?? undefined,
    });
    const method = kind === 'cancelled' ? ('CANCEL' as const) : ('REQUEST' as const);
    const calendar = kind === 'confirm-request' ? undefined : { method, ics: this.calendarEntry(consultation, method, extra.sequence, extra.labels, extra.link) };
    await this.mail.enqueue(tx, { kind: `consultation-${kind}`, to: consultation.citizenEmail, ...rendered, calendar });
  }

  /** The booking as an iCalendar entry: mailed with each change, and what the citizen's page offers to add to a calendar. */
  calendarEntry(consultation: ConsultationEntity, method: 'REQUEST' | 'CANCEL', sequence: number, labels: Labels, link: string | null): string {
    return buildInvitationIcs({
      uid: `consultation-${consultation.id}@${this.config.mail.domain}`,
      sequence,
      method,
      start: consultation.startsAt,
      end: consultation.endsAt,
      timeZone: consultation.timeZone,
      summary: consultation.locale === 'en' ? `Video consultation: ${labels.agencyName}` : `영상 민원상담: ${labels.agencyName}`,
      description: '',
      url: link ?? this.config.http.publicUrl,
      organizer: { name: labels.agencyName, email: `no-reply@${this.config.mail.domain}` },
      attendees: consultation.citizenEmail ? [{ name: consultation.citizenName ?? consultation.citizenEmail, email: consultation.citizenEmail }] : [],
    });
  }

  /**
   * Audits reads and changes in the caller's transaction: an event for the audit log, and for staff
   * an access record (접속기록), which commits with the change or before a read's data is returned.
   */
  async audit(tx: Tx, action: string, actor: Actor, consultationIds: string | readonly string[]): Promise<void> {
    const ids = typeof consultationIds === 'string' ? [consultationIds] : consultationIds;
    const occurredAt = new Date().toISOString();
    // One statement for a list's reads, whatever their number.
    await this.events.publishAll(
      tx,
      ids.map((id): BusEvent => ({ name: JobName.AuditRecord, data: { action, actorId: actor.kind === 'staff' ? actor.userId : null, subjectType: 'consultation', subjectId: id, occurredAt } })),
    );
    if (actor.kind !== 'staff' || ids.length === 0) return;
    const agencyOf = await this.repo.agenciesOf(tx, ids);
    await this.accessRecords.append(
      tx,
      ids.map((id) => ({ accountId: actor.userId, address: actor.address, agencyId: agencyOf.get(id) ?? null, action, subjectType: 'consultation', subjectId: id })),
    );
  }

  /**
   * Takes a free time for the first investigator who can have it. `insert` writes the booking (and
   * its mail) in the transaction; when the constraint finds the time taken meanwhile, the next
   * investigator free then is tried, and when none is left the caller hears that it is taken.
   */
  private async take(
    agencyId: string,
    topicId: string | null,
    startsAt: Date,
    now: Date,
    investigatorId: string | undefined,
    insert: (tx: Tx, row: Pick<NewConsultation, 'agencyId' | 'topicId' | 'investigatorId' | 'startsAt' | 'endsAt' | 'blockedFrom' | 'blockedUntil'>, labels: Labels) => Promise<ConsultationEntity | null>,
  ): Promise<ConsultationEntity> {
    if (Number.isNaN(startsAt.getTime())) throw validationFailed([{ field: 'startsAt', problems: ['a date and time'] }]);
    const free = await this.availability.bookable(agencyId, topicId, startsAt, now, investigatorId);
    if (!free) throw await this.notFree(agencyId, topicId, startsAt, now, investigatorId);
    let lastError: ConsultationException = ConsultationException.slotTaken();
    for (const schedule of free.investigators) {
      const labels = await this.labels({ agencyId, topicId, investigatorId: schedule.investigatorId });
      try {
        return await this.uow.run(async (tx) => {
          await this.repo.limitLockWait(tx, LOCK_WAIT_MS);
          if (schedule.dailyCap !== null) {
            const day = dayBounds(free.slot.startsAt, schedule.timeZone);
            await this.repo.lockDay(tx, schedule.investigatorId, day.key);
            if ((await this.repo.countHoldingBetween(tx, schedule.investigatorId, day.from, day.to, now)) >= schedule.dailyCap) throw ConsultationException.dailyCapReached();
          }
          const stored = await insert(tx, { agencyId, topicId, investigatorId: schedule.investigatorId, startsAt: free.slot.startsAt, endsAt: free.slot.endsAt, ...blocked(free.slot, schedule) }, labels);
          if (!stored) throw ConsultationException.slotTaken();
          return stored;
        });
      } catch (error) {
        if (!(error instanceof ConsultationException)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  private async notFree(agencyId: string, topicId: string | null, startsAt: Date, now: Date, investigatorId?: string): Promise<ConsultationException> {
    return (await this.availability.isSlotWithoutBookings(agencyId, topicId, startsAt, now, investigatorId)) ? ConsultationException.slotTaken() : ConsultationException.slotUnavailable();
  }

  /** Confirms inside the transaction: the consultation meeting (lobby on, the investigator hosting), the mail, the investigator's notice. */
  private async finalize(tx: Tx, consultation: ConsultationEntity, now: Date, labels: Labels): Promise<ConsultationEntity> {
    // Consultations send their own mails and reminders, to both sides: the meeting sends none.
    const meeting = await this.meetings.createFor(tx, {
      title: consultation.locale === 'en' ? 'Video consultation' : '영상 민원상담',
      kind: MeetingKind.Consultation,
      hostId: consultation.investigatorId,
      agencyId: consultation.agencyId,
      startsAt: consultation.startsAt,
      durationMinutes: minutesBetween(consultation.startsAt, consultation.endsAt),
      timeZone: labels.timeZone,
      lobby: true,
      sourceKey: `consultation-${consultation.id}`,
      participants: [
        { userId: consultation.investigatorId, email: null, displayName: labels.investigatorName, role: 'host', invitedVia: 'user' },
        { userId: null, email: consultation.citizenEmail, displayName: consultation.citizenName ?? '-', role: 'participant', invitedVia: 'guest' },
      ],
    });
    const confirmed: ConsultationEntity = { ...consultation, status: ConsultationStatus.Confirmed, confirmedAt: now, holdExpiresAt: null, meetingId: meeting.id };
    await this.repo.update(tx, consultation.id, { status: confirmed.status, confirmedAt: now, holdExpiresAt: null, meetingId: meeting.id, manageTokenHash: hashToken(this.manageToken(confirmed)) });
    await this.mailCitizen(tx, confirmed, 'confirmed', { link: this.manageLink(confirmed), sequence: meeting.sequence, labels });
    await this.events.publish(tx, { name: JobName.ConsultationNotify, data: { consultationId: consultation.id, change: 'booked', startsAt: consultation.startsAt.toISOString() } });
    return confirmed;
  }

  /** The meeting of a consultation, for its calendar entry's sequence. */
  async meetingOf(consultation: ConsultationEntity): Promise<MeetingEntity | null> {
    return consultation.meetingId ? this.meetings.find(consultation.meetingId) : null;
  }
}

function blocked(slot: { startsAt: Date; endsAt: Date }, schedule: { bufferBeforeMinutes: number; bufferAfterMinutes: number }): { blockedFrom: Date; blockedUntil: Date } {
  return { blockedFrom: new Date(slot.startsAt.getTime() - schedule.bufferBeforeMinutes * 60_000), blockedUntil: new Date(slot.endsAt.getTime() + schedule.bufferAfterMinutes * 60_000) };
}

function minutesBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 60_000);
}
