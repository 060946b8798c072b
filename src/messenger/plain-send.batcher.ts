import { Injectable } from '@nestjs/common';
import { MessageRepository, type PlainSend, type StoredPlain } from './message.repository.js';

interface Waiting {
  send: PlainSend;
  settle: (stored: StoredPlain | null) => void;
  fail: (error: unknown) => void;
}

interface RoomLane {
  waiting: Waiting[];
  /** A statement holding this room's sends is in flight: the room's next sends wait for it. */
  busy: boolean;
}

/** Enough rows for one statement to stay small; more wait for the next one. */
const MAX_BATCH = 200;

/**
 * Group commit for plain sends. A room's sends must take its seq one after another, so a room has
 * at most one statement in flight and what arrives meanwhile waits for the next. Once a turn of the
 * event loop, the sends of every room that is not waiting on a statement go together in one
 * autocommitted statement, whichever rooms they are for (it locks their rows in one order, so two
 * such statements never deadlock). Each caller is answered only after the statement holding its
 * message has committed.
 */
@Injectable()
export class PlainSendBatcher {
  private readonly lanes = new Map<string, RoomLane>();
  /** Rooms with sends waiting and no statement in flight, in the order they became ready. */
  private readonly ready = new Set<string>();
  private scheduled = false;

  constructor(private readonly messages: MessageRepository) {}

  /** The stored message, or null when it was refused or its client id was already used. */
  submit(roomId: string, send: PlainSend): Promise<StoredPlain | null> {
    return new Promise((settle, fail) => {
      let lane = this.lanes.get(roomId);
      if (!lane) {
        lane = { waiting: [], busy: false };
        this.lanes.set(roomId, lane);
      }
      lane.waiting.push({ send, settle, fail });
      if (!lane.busy) this.ready.add(roomId);
      this.schedule();
    });
  }

  /**
   * Flushes on the next turn of the event loop rather than at once, so sends that arrive in the
   * same turn (callers answered by the previous statement sending again) share a statement.
   */
  private schedule(): void {
    if (this.scheduled || this.ready.size === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch: Array<{ roomId: string; waiting: Waiting }> = [];
    const taken: Array<[string, RoomLane]> = [];
    for (const roomId of this.ready) {
      if (batch.length >= MAX_BATCH) break;
      const lane = this.lanes.get(roomId);
      this.ready.delete(roomId);
      if (!lane || lane.waiting.length === 0) continue;
      lane.busy = true;
      taken.push([roomId, lane]);
      for (const waiting of lane.waiting.splice(0, MAX_BATCH - batch.length)) batch.push({ roomId, waiting });
    }
    // Rooms left over for want of room in this statement go in the next one, a turn later.
    this.schedule();
    if (batch.length === 0) return;
    try {
      const stored = await this.messages.insertPlainBatch(batch.map((b) => ({ ...b.waiting.send, roomId: b.roomId })));
      batch.forEach((b, i) => b.waiting.settle(stored.get(i) ?? null));
    } catch (error) {
      if (batch.length === 1) batch[0]?.waiting.fail(error);
      else await this.oneByOne(batch);
    } finally {
      for (const [roomId, lane] of taken) {
        lane.busy = false;
        if (lane.waiting.length > 0) this.ready.add(roomId);
        else this.lanes.delete(roomId);
      }
      this.schedule();
    }
  }

  /**
   * The statement failed as a whole, so nothing of it was stored: one bad send must not fail its
   * neighbours, so each is tried alone, in the same order, and only the ones that fail again fail.
   */
  private async oneByOne(batch: Array<{ roomId: string; waiting: Waiting }>): Promise<void> {
    for (const { roomId, waiting } of batch) {
      try {
        const stored = await this.messages.insertPlainBatch([{ ...waiting.send, roomId }]);
        waiting.settle(stored.get(0) ?? null);
      } catch (error) {
        waiting.fail(error);
      }
    }
  }
}
