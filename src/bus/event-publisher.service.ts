import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/unit-of-work.js';
import type { BusEvent } from './bus.constants.js';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxRepository } from './outbox.repository.js';

/** How domain services emit events: into the outbox, in the caller's transaction. */
@Injectable()
export class EventPublisher {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
  ) {}

  async publish(tx: Tx, event: BusEvent, options: { delayUntil?: Date } = {}): Promise<string> {
    const id = await this.outbox.insert(tx, event, options.delayUntil);
    tx.afterCommit(() => this.relay.kick());
    return id;
  }

  /**
   * For a write that stores its outbox row in the same autocommitted statement as its data (no
   * transaction held open across round trips): call once that statement has committed.
   */
  committed(): void {
    this.relay.kick();
  }

  /** Several events in one statement (a list's records, one per item), as publish writes each. */
  async publishAll(tx: Tx, events: readonly BusEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const ids = await this.outbox.insertMany(tx, events);
    tx.afterCommit(() => this.relay.kick());
    return ids;
  }
}
