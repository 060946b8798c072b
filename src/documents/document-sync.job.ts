import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { JobName, type JobContext, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { DocumentSyncService, type SyncOutcome } from './document-sync.service.js';

/** The sweep (from its job scheduler) and the sync of one linked folder. */
@Injectable()
export class DocumentSyncJob {
  constructor(private readonly sync: DocumentSyncService) {}

  @OnJob(JobName.DocumentSweep)
  async sweep(
    _data: JobPayload<typeof JobName.DocumentSweep>,
    job?: JobContext,
  ): Promise<{ queued: number; pruned: number }> {
    // Scheduler job ids hold ':', which job ids may not: the sweep is named by a hash of its id.
    const tick = createHash('sha256')
      .update(job?.jobId ?? randomUUID())
      .digest('hex')
      .slice(0, 16);
    const pruned = await this.sync.prune(new Date());
    return { queued: await this.sync.queueSyncs(tick), pruned };
  }

  /** Failures of the server are recorded on the link (and park it in the end), not retried here. */
  @OnJob(JobName.DocumentSync)
  async handle(data: JobPayload<typeof JobName.DocumentSync>): Promise<{ outcome: SyncOutcome; changes: number }> {
    return this.sync.sync(data.linkId, new Date());
  }
}
