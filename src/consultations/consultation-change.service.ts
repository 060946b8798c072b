import { Injectable } from '@nestjs/common';
import { JobName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { MeetingService } from '../meetings/meeting.service.js';
import { blocked, minutesBetween } from './availability.js';
import { ConsultationAuditService, type Actor } from './consultation-audit.service.js';
import { ConsultationAvailabilityService } from './consultation-availability.service.js';
import { LOCK_WAIT_MS } from './consultation-booking.service.js';
import { ConsultationNotifier } from './consultation-notifier.service.js';
import type { ConsultationEntity } from './consultation.entity.js';
import { ConsultationException } from './consultation.exception.js';
import { ConsultationRepository } from './consultation.repository.js';
import { ConsultationReminderService } from './consultation-reminder.service.js';
import { ConsultationStatus } from './consultations.types.js';

/**
 * Moving and cancelling booked consultations: the meeting moves with the booking or is cancelled,
 * its room replaced so no earlier link opens it, and the citizen is mailed in the same transaction.
 */
@Injectable()
export class ConsultationChangeService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: ConsultationRepository,
    private readonly availability: ConsultationAvailabilityService,
    private readonly meetings: MeetingService,
    private readonly notifier: ConsultationNotifier,
    private readonly audits: ConsultationAuditService,
    private readonly events: EventPublisher,
    private readonly reminders: ConsultationReminderService,
  ) {}

  /** Moves a confirmed booking to another free time of the same investigator; the old room and links stop working. */
  async move(id: string, startsAt: Date, actor: Actor, now = new Date()): Promise<ConsultationEntity> {
    const current = await this.repo.findById(id);
    if (!current) throw ConsultationException.notFound();
    if (current.status !== ConsultationStatus.Confirmed || current.startsAt.getTime() <= now.getTime())
      throw ConsultationException.closed();
    const free = await this.availability.bookable(
      current.agencyId,
      current.topicId,
      startsAt,
      now,
      current.investigatorId,
    );
    if (!free)
      throw await this.availability.notFree(current.agencyId, current.topicId, startsAt, now, current.investigatorId);
    const schedule = free.investigators[0];
    const labels = await this.notifier.labels(current);
    const moved = await this.uow.run(async (tx) => {
      await this.repo.limitLockWait(tx, LOCK_WAIT_MS);
      const locked = await this.repo.lock(tx, id);
      if (!locked || locked.status !== ConsultationStatus.Confirmed || !schedule) throw ConsultationException.closed();
      const range = { startsAt: free.slot.startsAt, endsAt: free.slot.endsAt, ...blocked(free.slot, schedule) };
      if (!(await this.repo.moveHolding(tx, id, range, now, locked.investigatorId)))
        throw ConsultationException.slotTaken();
      const updated: ConsultationEntity = { ...locked, ...range, remindedOffsets: [] };
      const sequence = locked.meetingId
        ? await this.meetings.move(tx, locked.meetingId, {
            startsAt: range.startsAt,
            durationMinutes: minutesBetween(range.startsAt, range.endsAt),
          })
        : null;
      if (sequence !== null)
        await this.notifier.mailCitizen(tx, updated, 'moved', {
          link: this.notifier.manageLink(updated),
          sequence,
          labels,
        });
      await this.events.publish(tx, {
        name: JobName.ConsultationNotify,
        data: { consultationId: id, change: 'moved', startsAt: range.startsAt.toISOString() },
      });
      await this.audits.audit(tx, 'consultation.moved', actor, id);
      return updated;
    });
    await this.reminders.scheduleFor(moved, now);
    return moved;
  }

  /** Cancels a pending or confirmed booking: the time is free again, reminders stop, the room is gone. */
  async cancel(id: string, actor: Actor, now = new Date()): Promise<ConsultationEntity> {
    const found = await this.repo.findById(id);
    if (!found) throw ConsultationException.notFound();
    const labels = await this.notifier.labels(found);
    const cancelled = await this.uow.run(async (tx) => {
      const current = await this.repo.lock(tx, id);
      if (!current) throw ConsultationException.notFound();
      if (current.status !== ConsultationStatus.Confirmed && current.status !== ConsultationStatus.Pending)
        throw ConsultationException.closed();
      if (current.endsAt.getTime() <= now.getTime()) throw ConsultationException.over();
      await this.repo.update(tx, id, {
        status: ConsultationStatus.Cancelled,
        cancelledAt: now,
        confirmTokenHash: null,
      });
      const updated: ConsultationEntity = { ...current, status: ConsultationStatus.Cancelled, cancelledAt: now };
      const sequence = current.meetingId ? await this.meetings.cancelWithin(tx, current.meetingId, now) : null;
      if (sequence !== null) {
        await this.notifier.mailCitizen(tx, updated, 'cancelled', { link: null, sequence, labels });
        await this.events.publish(tx, {
          name: JobName.ConsultationNotify,
          data: { consultationId: id, change: 'cancelled', startsAt: current.startsAt.toISOString() },
        });
      }
      await this.audits.audit(tx, 'consultation.cancelled', actor, id);
      return updated;
    });
    await this.reminders.unschedule(cancelled);
    return cancelled;
  }
}
