import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CommandRunEntity, type CommandRunStatus } from './command-run.entity.js';

export interface CommandRunOutcome {
  command: string | null;
  errorCode: string | null;
  reply: string | null;
  replyEphemeral: boolean;
}

@Injectable()
export class CommandRunRepository {
  constructor(@InjectRepository(CommandRunEntity) private readonly runs: Repository<CommandRunEntity>) {}

  /** The ledger row of a command message, created as `running` by the first attempt only. */
  async start(messageId: string, senderId: string, roomId: string): Promise<CommandRunEntity> {
    await this.runs
      .createQueryBuilder()
      .insert()
      .into(CommandRunEntity)
      .values({
        messageId,
        senderId,
        roomId,
        status: 'running',
        command: null,
        errorCode: null,
        reply: null,
        replyEphemeral: true,
      })
      .orIgnore()
      .execute();
    return this.runs.findOneByOrFail({ messageId });
  }

  /**
   * Closes a running run with its outcome and reply in one UPDATE. False when it was not running
   * (another attempt closed it first): the caller then has nothing to answer.
   */
  async finish(
    messageId: string,
    status: Exclude<CommandRunStatus, 'running'>,
    outcome: CommandRunOutcome,
  ): Promise<boolean> {
    const result = await this.runs.update({ messageId, status: 'running' }, { status, ...outcome });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Claims a command waiting for confirmation, taking it to `running`, in one UPDATE: of two
   * `/confirm`s at once only one gets it. False when it was claimed or settled already.
   */
  async claimConfirmed(messageId: string, senderId: string): Promise<boolean> {
    const result = await this.runs.update(
      { messageId, senderId, status: 'awaiting_confirmation' },
      { status: 'running' },
    );
    return (result.affected ?? 0) > 0;
  }

  async findForSender(messageId: string, senderId: string): Promise<CommandRunEntity | null> {
    return this.runs.findOneBy({ messageId, senderId });
  }
}
