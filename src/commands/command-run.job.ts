import { Injectable } from '@nestjs/common';
import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { CommandService, type CommandRunResult } from './command.service.js';

@Injectable()
export class CommandRunJob {
  constructor(private readonly commands: CommandService) {}

  @OnJob(JobName.CommandRun)
  async handle(data: JobPayload<typeof JobName.CommandRun>): Promise<{ result: CommandRunResult }> {
    return { result: await this.commands.run(data.messageId) };
  }
}
