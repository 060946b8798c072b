import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * One PostgreSQL transaction. Services pass it to repositories without looking inside;
 * hooks registered with afterCommit run only once the commit has succeeded.
 */
export class Tx {
  private readonly hooks: Array<() => void> = [];

  constructor(readonly manager: EntityManager) {}

  afterCommit(hook: () => void): void {
    this.hooks.push(hook);
  }

  /** @internal */
  runHooks(logger: Logger): void {
    for (const hook of this.hooks) {
      try {
        hook();
      } catch (error) {
        logger.error(`after-commit hook failed: ${String(error)}`);
      }
    }
  }
}

@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let tx: Tx | undefined;
    const result = await this.dataSource.transaction(async (manager) => {
      tx = new Tx(manager);
      return work(tx);
    });
    tx?.runHooks(this.logger);
    return result;
  }
}
