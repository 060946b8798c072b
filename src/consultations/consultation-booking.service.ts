import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { validationFailed } from '../common/ieum.exception.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import type { Principal } from '../identity/identity.types.js';
import { MeetingService } from '../meetings/meeting.service.js';
import { hashToken } from '../meetings/meeting-invitations.service.js';
import { MeetingKind } from '../meetings/meetings.types.js';
import { BookingThrottleService } from './booking-throttle.service.js';
import { blocked, dayBounds, minutesBetween } from './availability.js';
import { ConsultationAuditService, staffActor } from './consultation-audit.service.js';
import { ConsultationAvailabilityService } from './consultation-availability.service.js';
import { ConsultationNotifier, type Labels } from './consultation-notifier.service.js';
import type { ConsultationEntity } from './consultation.entity.js';
import { ConsultationException } from './consultation.exception.js';
import { checkCitizen, type CitizenDetails } from './consultation-citizen.js';
import { ConsultationSettingsRepository } from './consultation-settings.repository.js';
import { ConsultationRepository, type NewConsultation } from './consultation.repository.js';
import { ConsultationReminderService } from './consultation-reminder.service.js';
import { ConsultationStatus } from './consultations.types.js';

/** The longest a booking waits on a competing one before answering that the time is taken. */
export const LOCK_WAIT_MS = 5_000;

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

/**
 * Booking and confirming consultations. The investigator's time is taken by the exclusion
 * constraint in the booking's own transaction, together with the citizen's mail; the video meeting
 * exists from confirmation on (moving and cancelling, which replace its room so no earlier link
 * opens it, are ConsultationChangeService's).
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
    private readonly notifier: ConsultationNotifier,
    private readonly audits: ConsultationAuditService,
    private readonly events: EventPublisher,
    private readonly reminders: ConsultationReminderService,
    private readonly throttle: BookingThrottleService,
  ) {}

  /** A citizen asks for a time: it is held for them and a confirmation link goes to their e-mail. */
  async request(
    input: CitizenRequest,
    clientAddress: string,
    now = new Date(),
  ): Promise<{ status: 'pending'; startsAt: string; endsAt: string; holdExpiresAt: string }> {
    if (input.privacyAccepted !== true) throw ConsultationException.privacyNotAccepted();
    const citizen = checkCitizen(input, true);
    const topic = await this.settings.findTopic(input.topicId);
    if (!topic) throw ConsultationException.topicNotFound();
    await this.throttle.consume(clientAddress, citizen.citizenEmail ?? '');
    const holdExpiresAt = new Date(now.getTime() + this.config.consultations.holdMinutes * 60_000);
    const confirmToken = randomBytes(24).toString('base64url');
    const booked = await this.take(
      topic.agencyId,
      topic.id,
      input.startsAt,
      now,
      undefined,
      async (tx, row, labels) => {
        const stored = await this.repo.insertHolding(
          tx,
          {
            ...row,
            ...citizen,
            status: ConsultationStatus.Pending,
            holdExpiresAt,
            privacyAcceptedAt: now,
            bookedVia: 'citizen',
            bookedBy: null,
            confirmTokenHash: hashToken(confirmToken),
            sourceKey: null,
            confirmedAt: null,
          },
          now,
        );
        if (stored)
          await this.notifier.mailCitizen(tx, stored, 'confirm-request', {
            link: `${this.config.http.publicUrl}/consult/confirm/${confirmToken}`,
            sequence: 0,
            labels,
          });
        return stored;
      },
    );
    return {
      status: 'pending',
      startsAt: booked.startsAt.toISOString(),
      endsAt: booked.endsAt.toISOString(),
      holdExpiresAt: holdExpiresAt.toISOString(),
    };
  }

  /** The citizen follows the mailed link: the booking is confirmed (once; following it again changes nothing). */
  async confirm(token: string, now = new Date()): Promise<ConsultationEntity> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw ConsultationException.linkInvalid();
    const found = await this.repo.findByConfirmHash(hashToken(token));
    if (!found) throw ConsultationException.linkInvalid();
    const labels = await this.notifier.labels(found);
    const result = await this.uow.run<
      { error: ConsultationException } | { consultation: ConsultationEntity; fresh: boolean }
    >(async (tx) => {
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
  async bookForCitizen(
    principal: Principal,
    input: StaffBooking,
    now = new Date(),
  ): Promise<{ consultation: ConsultationEntity; created: boolean }> {
    const staff = await this.availability.staff(principal, 'complaint');
    if (input.sourceKey) {
      const earlier = await this.repo.findBySourceKey(input.sourceKey);
      if (earlier) return { consultation: earlier, created: false };
    }
    const citizen = checkCitizen(
      {
        name: input.name ?? input.email.split('@')[0] ?? '',
        email: input.email,
        phone: input.phone,
        summary: input.summary,
        caseNumber: input.caseNumber,
        locale: input.locale,
      },
      false,
    );
    if (input.topicId && (await this.settings.findTopic(input.topicId))?.agencyId !== staff.agencyId)
      throw ConsultationException.topicNotFound();
    const booked = await this.take(
      staff.agencyId,
      input.topicId ?? null,
      input.startsAt,
      now,
      input.investigatorId,
      async (tx, row, labels) => {
        const stored = await this.repo.insertHolding(
          tx,
          {
            ...row,
            ...citizen,
            status: ConsultationStatus.Pending,
            holdExpiresAt: null,
            privacyAcceptedAt: null,
            bookedVia: 'staff',
            bookedBy: staff.id,
            confirmTokenHash: null,
            sourceKey: input.sourceKey ?? null,
            confirmedAt: null,
          },
          now,
        );
        if (!stored) return null;
        await this.audits.audit(tx, 'consultation.booked', staffActor(principal), stored.id);
        return this.finalize(tx, stored, now, labels);
      },
    );
    await this.reminders.scheduleFor(booked, now);
    return { consultation: booked, created: true };
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
    insert: (
      tx: Tx,
      row: Pick<
        NewConsultation,
        'agencyId' | 'topicId' | 'investigatorId' | 'startsAt' | 'endsAt' | 'blockedFrom' | 'blockedUntil'
      >,
      labels: Labels,
    ) => Promise<ConsultationEntity | null>,
  ): Promise<ConsultationEntity> {
    if (Number.isNaN(startsAt.getTime()))
      throw validationFailed([{ field: 'startsAt', problems: ['a date and time'] }]);
    const free = await this.availability.bookable(agencyId, topicId, startsAt, now, investigatorId);
    if (!free) throw await this.availability.notFree(agencyId, topicId, startsAt, now, investigatorId);
    let lastError: ConsultationException = ConsultationException.slotTaken();
    for (const schedule of free.investigators) {
      const labels = await this.notifier.labels({ agencyId, topicId, investigatorId: schedule.investigatorId });
      try {
        return await this.uow.run(async (tx) => {
          await this.repo.limitLockWait(tx, LOCK_WAIT_MS);
          if (schedule.dailyCap !== null) {
            const day = dayBounds(free.slot.startsAt, schedule.timeZone);
            await this.repo.lockDay(tx, schedule.investigatorId, day.key);
            if (
              (await this.repo.countHoldingBetween(tx, schedule.investigatorId, day.from, day.to, now)) >=
              schedule.dailyCap
            )
              throw ConsultationException.dailyCapReached();
          }
          const stored = await insert(
            tx,
            {
              agencyId,
              topicId,
              investigatorId: schedule.investigatorId,
              startsAt: free.slot.startsAt,
              endsAt: free.slot.endsAt,
              ...blocked(free.slot, schedule),
            },
            labels,
          );
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

  /** Confirms inside the transaction: the consultation meeting (lobby on, the investigator hosting), the mail, the investigator's notice. */
  private async finalize(
    tx: Tx,
    consultation: ConsultationEntity,
    now: Date,
    labels: Labels,
  ): Promise<ConsultationEntity> {
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
        {
          userId: consultation.investigatorId,
          email: null,
          displayName: labels.investigatorName,
          role: 'host',
          invitedVia: 'user',
        },
        {
          userId: null,
          email: consultation.citizenEmail,
          displayName: consultation.citizenName ?? '-',
          role: 'participant',
          invitedVia: 'guest',
        },
      ],
    });
    const confirmed: ConsultationEntity = {
      ...consultation,
      status: ConsultationStatus.Confirmed,
      confirmedAt: now,
      holdExpiresAt: null,
      meetingId: meeting.id,
    };
    await this.repo.update(tx, consultation.id, {
      status: confirmed.status,
      confirmedAt: now,
      holdExpiresAt: null,
      meetingId: meeting.id,
      manageTokenHash: hashToken(this.notifier.manageToken(confirmed)),
    });
    await this.notifier.mailCitizen(tx, confirmed, 'confirmed', {
      link: this.notifier.manageLink(confirmed),
      sequence: meeting.sequence,
      labels,
    });
    await this.events.publish(tx, {
      name: JobName.ConsultationNotify,
      data: { consultationId: consultation.id, change: 'booked', startsAt: consultation.startsAt.toISOString() },
    });
    return confirmed;
  }
}
