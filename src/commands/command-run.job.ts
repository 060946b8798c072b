import { Injectable } from '@nestjs/common';
import { JobName, type JobContext, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { CommandService, type CommandRunResult } from './command.service.js';

@Injectable()
export class CommandRunJob {
  constructor(private readonly commands: CommandService) {}

  /** Errors that are ours are retried; the last attempt answers the sender instead of rethrowing. */
  @OnJob(JobName.CommandRun)
  async handle(
    data: JobPayload<typeof JobName.CommandRun>,
    context: JobContext,
  ): Promise<{ result: CommandRunResult }> {
    try {
      return { result: await this.commands.run(data.messageId) };
    } catch (error) {
      if (context.attempt < context.maxAttempts) throw error;
      return { result: await this.commands.giveUp(data.messageId, error) };
    }
  }
}
