import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { JobName } from './bus.constants.js';
import { JobHandlerRegistry } from './job-handler.registry.js';
import { OnJob } from './on-job.decorator.js';

@Injectable()
class AuditHandler {
  @OnJob(JobName.AuditRecord)
  async handle(): Promise<string> {
    return Promise.resolve('handled');
  }
}

@Injectable()
class SecondAuditHandler {
  @OnJob(JobName.AuditRecord)
  async handle(): Promise<string> {
    return Promise.resolve('again');
  }
}

/** Answers every other job, so a test can complete the table around the handler it studies. */
@Injectable()
class OtherJobs {
  @OnJob(JobName.CommandRun)
  command(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.ReminderFire)
  reminder(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MailSend)
  mail(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MailFailed)
  mailFailed(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.DigestSweep)
  digest(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.TaskChanged)
  taskChanged(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.TaskSweep)
  taskSweep(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MemoDeliver)
  memoDeliver(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MemoNudge)
  memoNudge(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MemoSweep)
  memoSweep(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.DirectoryUserChanged)
  directoryUserChanged(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MeetingNotify)
  meetingNotify(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MeetingReminder)
  meetingReminder(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.ConsultationNotify)
  consultationNotify(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.ConsultationReminder)
  consultationReminder(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.ConsultationSweep)
  consultationSweep(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MailIngest)
  mailIngest(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.ReminderSweep)
  reminderSweep(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MeetingReminderSweep)
  meetingReminderSweep(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MailIngestSweep)
  mailIngestSweep(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.WebhookFanout)
  webhookFanout(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.WebhookDeliver)
  webhookDeliver(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.DocumentSweep)
  documentSweep(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.DocumentSync)
  documentSync(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.DocumentChanged)
  documentChanged(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.DocumentLinkParked)
  documentLinkParked(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MatrixRoomSync)
  matrixRoomSync(): Promise<void> {
    return Promise.resolve();
  }

  @OnJob(JobName.MatrixSweep)
  matrixSweep(): Promise<void> {
    return Promise.resolve();
  }
}

async function boot(...providers: Array<new (...args: never[]) => unknown>) {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [JobHandlerRegistry, ...providers],
  }).compile();
  return moduleRef.init();
}

describe('JobHandlerRegistry', () => {
  it('dispatches a job to its one handler', async () => {
    const app = await boot(AuditHandler, OtherJobs);
    const registry = app.get(JobHandlerRegistry);
    await expect(
      registry.run(
        JobName.AuditRecord,
        { action: 'a', actorId: null, subjectType: 's', subjectId: '1', occurredAt: '' },
        { jobId: 'j', eventId: undefined, attempt: 1, maxAttempts: 5 },
      ),
    ).resolves.toBe('handled');
    await app.close();
  });

  it('stops start-up when a job has no handler', async () => {
    await expect(boot(OtherJobs)).rejects.toThrow(/job "audit-record" has no handler/);
  });

  it('stops start-up when a job has two handlers', async () => {
    await expect(boot(AuditHandler, SecondAuditHandler, OtherJobs)).rejects.toThrow(
      /two handlers: AuditHandler.handle and SecondAuditHandler.handle/,
    );
  });
});
