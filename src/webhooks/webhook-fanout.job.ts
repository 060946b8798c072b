import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobName, type JobContext, type JobPayload, type OutgoingEvent } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { WebhookRepository } from './webhook.repository.js';

/** The body every subscriber receives: the event, when it happened, and what it is about. */
export interface OutgoingBody {
  event: OutgoingEvent['event'];
  occurredAt: string;
  data: Record<string, unknown>;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

@Injectable()
export class WebhookFanoutJob {
  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly uow: UnitOfWork,
    private readonly events: EventPublisher,
  ) {}

  /**
   * One delivery per subscription to the event, each sent by a job of its own so that one slow or
   * failing subscriber never holds up another. Deliveries are keyed by (subscription, outbox
   * event), so running this again adds none twice.
   */
  @OnJob(JobName.WebhookFanout)
  async handle(data: JobPayload<typeof JobName.WebhookFanout>, context: JobContext): Promise<{ deliveries: number }> {
    if (context.eventId === undefined) throw new UnrecoverableError('a webhook fan-out runs only from the outbox');
    const described = await this.describe(data);
    if (!described) return { deliveries: 0 };
    const subscriptions = await this.webhooks.subscriptionsFor(data.event, described.roomId);
    if (subscriptions.length === 0) return { deliveries: 0 };
    const payload = JSON.stringify(described.body);
    const sourceEventId = context.eventId;
    const created = await this.uow.run(async (tx) => {
      const ids = await this.webhooks.insertDeliveries(
        tx,
        subscriptions.map((s) => ({ subscriptionId: s.id, sourceEventId, event: data.event, payload })),
      );
      for (const deliveryId of ids)
        await this.events.publish(tx, { name: JobName.WebhookDeliver, data: { deliveryId } });
      return ids.length;
    });
    return { deliveries: created };
  }

  /** The event's body and room, or null when what it describes is gone (deleted since). */
  private async describe(data: OutgoingEvent): Promise<{ roomId: string | null; body: OutgoingBody } | null> {
    switch (data.event) {
      case 'message.created': {
        const m = await this.webhooks.messageSnapshot(data.messageId);
        if (!m) return null;
        return {
          roomId: m.room_id,
          body: {
            event: data.event,
            occurredAt: m.created_at.toISOString(),
            data: {
              message: {
                id: m.id,
                roomId: m.room_id,
                roomName: m.room_name,
                seq: m.seq,
                senderId: m.sender_id,
                senderName: m.sender_name,
                kind: m.kind,
                body: m.body,
                threadRootId: m.thread_root_id,
              },
            },
          },
        };
      }
      case 'task.changed': {
        const t = await this.webhooks.taskSnapshot(data.taskId, data.taskEventId);
        if (!t) return null;
        return {
          roomId: t.room_id,
          body: {
            event: data.event,
            occurredAt: t.changed_at.toISOString(),
            data: {
              task: {
                id: t.id,
                roomId: t.room_id,
                title: t.title,
                status: t.status,
                priority: t.priority,
                dueAt: iso(t.due_at),
              },
              change: { kind: t.change, actorId: t.actor_id, fromStatus: t.from_status, toStatus: t.to_status },
            },
          },
        };
      }
      case 'memo.answered': {
        const m = await this.webhooks.memoSnapshot(data.memoId, data.userId);
        if (!m) return null;
        return {
          roomId: null,
          body: {
            event: data.event,
            occurredAt: (m.opinion_at ?? new Date()).toISOString(),
            data: {
              memo: { id: m.id, title: m.title, authorId: m.author_id },
              answeredBy: { userId: m.user_id, displayName: m.user_name },
            },
          },
        };
      }
      case 'meeting.scheduled': {
        const m = await this.webhooks.meetingSnapshot(data.meetingId);
        // A later change has its own event; this one describes the meeting as of its sequence.
        if (!m || m.sequence !== data.sequence) return null;
        const change = m.status === 'cancelled' ? 'cancelled' : m.sequence === 0 ? 'scheduled' : 'updated';
        return {
          roomId: m.room_id,
          body: {
            event: data.event,
            occurredAt: new Date().toISOString(),
            data: {
              change,
              meeting: {
                id: m.id,
                roomId: m.room_id,
                title: m.title,
                kind: m.kind,
                status: m.status,
                hostId: m.host_id,
                startsAt: m.starts_at.toISOString(),
                durationMinutes: m.duration_minutes,
                timeZone: m.time_zone,
                recurrence: m.recurrence,
                sequence: m.sequence,
              },
            },
          },
        };
      }
    }
  }
}
