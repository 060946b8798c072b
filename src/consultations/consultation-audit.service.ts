import { Injectable } from '@nestjs/common';
import { JobName, type BusEvent } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { AccessRecordRepository } from '../audit/access-record.repository.js';
import type { Tx } from '../database/unit-of-work.js';
import type { Principal } from '../identity/identity.types.js';
import { ConsultationRepository } from './consultation.repository.js';

export type Actor = { kind: 'citizen' } | { kind: 'staff'; userId: string; address?: string };

/** A member of staff acting through a request (or a command, with no address). */
export function staffActor(principal: Principal): Actor {
  return { kind: 'staff', userId: principal.userId, address: principal.address };
}

/** Who read or changed which consultation: the audit log, and for staff the access records. */
@Injectable()
export class ConsultationAuditService {
  constructor(
    private readonly repo: ConsultationRepository,
    private readonly events: EventPublisher,
    private readonly accessRecords: AccessRecordRepository,
  ) {}

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
      ids.map((id): BusEvent => ({
        name: JobName.AuditRecord,
        data: {
          action,
          actorId: actor.kind === 'staff' ? actor.userId : null,
          subjectType: 'consultation',
          subjectId: id,
          occurredAt,
        },
      })),
    );
    if (actor.kind !== 'staff' || ids.length === 0) return;
    const agencyOf = await this.repo.agenciesOf(tx, ids);
    await this.accessRecords.append(
      tx,
      ids.map((id) => ({
        accountId: actor.userId,
        address: actor.address,
        agencyId: agencyOf.get(id) ?? null,
        action,
        subjectType: 'consultation',
        subjectId: id,
      })),
    );
  }
}
