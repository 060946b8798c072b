import { Injectable } from '@nestjs/common';
import { JOB_QUEUE, JobName, type JobContext, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { QueueService } from '../bus/queue.service.js';
import { CommandService, type CommandRunResult } from './command.service.js';

@Injectable()
export class CommandRunJob {
  constructor(
    private readonly commands: CommandService,
    private readonly queues: QueueService,
  ) {}

  /** Errors that are ours are retried; the last attempt answers the sender instead of rethrowing. */
  @OnJob(JobName.CommandRun)
  async handle(data: JobPayload<typeof JobName.CommandRun>, context: JobContext): Promise<{ result: CommandRunResult }> {
    try {
      return { result: await this.commands.run(data.messageId) };
    } catch (error) {
      if (!(await this.isLastAttempt(context))) throw error;
      return { result: await this.commands.giveUp(data.messageId, error) };
    }
  }

  private async isLastAttempt(context: JobContext): Promise<boolean> {
    const job = await this.queues.queue(JOB_QUEUE[JobName.CommandRun]).getJob(context.jobId);
    return context.attempt >= (job?.opts.attempts ?? 1);
  }
}
