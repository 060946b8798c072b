import { Injectable } from '@nestjs/common';
import { JobName, type JobContext, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { AuditRepository } from './audit.repository.js';

@Injectable()
export class AuditRecordJob {
  constructor(private readonly audit: AuditRepository) {}

  @OnJob(JobName.AuditRecord)
  async handle(data: JobPayload<typeof JobName.AuditRecord>, context: JobContext): Promise<{ inserted: boolean }> {
    const inserted = await this.audit.insertOnce({
      jobId: context.jobId,
      action: data.action,
      actorId: data.actorId,
      subjectType: data.subjectType,
      subjectId: data.subjectId,
      occurredAt: new Date(data.occurredAt),
    });
    return { inserted };
  }
}
