import { Injectable } from '@nestjs/common';
import { MessageRepository, type PlainSend, type StoredPlain } from './message.repository.js';

interface Waiting {
  send: PlainSend;
  settle: (stored: StoredPlain | null) => void;
  fail: (error: unknown) => void;
}

interface RoomLane {
  waiting: Waiting[];
  busy: boolean;
  scheduled: boolean;
}

/** Enough rows for one statement to stay small; more wait for the next one. */
const MAX_BATCH = 200;

/**
 * Group commit for plain sends, per room. Sends to one room must take the room's seq one after
 * another; instead of each waiting for the previous one's commit, those that arrive while a
 * statement is in flight go together in the next one. Each caller is answered only after the
 * statement holding its message has committed. Rooms never wait on each other.
 */
@Injectable()
export class PlainSendBatcher {
  private readonly lanes = new Map<string, RoomLane>();

  constructor(private readonly messages: MessageRepository) {}

  /** The stored message, or null when it was refused or its client id was already used. */
  submit(roomId: string, send: PlainSend): Promise<StoredPlain | null> {
    return new Promise((settle, fail) => {
      let lane = this.lanes.get(roomId);
      if (!lane) {
        lane = { waiting: [], busy: false, scheduled: false };
        this.lanes.set(roomId, lane);
      }
      lane.waiting.push({ send, settle, fail });
      this.schedule(roomId, lane);
    });
  }

  /**
   * Flushes on the next turn of the event loop rather than at once, so sends that arrive in the
   * same turn (callers answered by the previous statement sending again) share a statement.
   */
  private schedule(roomId: string, lane: RoomLane): void {
    if (lane.busy || lane.scheduled) return;
    lane.scheduled = true;
    setImmediate(() => void this.flush(roomId, lane));
  }

  private async flush(roomId: string, lane: RoomLane): Promise<void> {
    lane.scheduled = false;
    const batch = lane.waiting.splice(0, MAX_BATCH);
    if (batch.length === 0) {
      this.lanes.delete(roomId);
      return;
    }
    lane.busy = true;
    try {
      const stored = await this.messages.insertPlainBatch(
        roomId,
        batch.map((w) => w.send),
      );
      batch.forEach((w, i) => w.settle(stored.get(i) ?? null));
    } catch (error) {
      if (batch.length === 1) batch[0]?.fail(error);
      else await this.oneByOne(roomId, batch);
    } finally {
      lane.busy = false;
    }
    if (lane.waiting.length === 0) this.lanes.delete(roomId);
    else this.schedule(roomId, lane);
  }

  /**
   * The statement failed as a whole, so nothing of it was stored: one bad send must not fail its
   * neighbours, so each is tried alone, in the same order, and only the ones that fail again fail.
   */
  private async oneByOne(roomId: string, batch: Waiting[]): Promise<void> {
    for (const w of batch) {
      try {
        const stored = await this.messages.insertPlainBatch(roomId, [w.send]);
        w.settle(stored.get(0) ?? null);
      } catch (error) {
        w.fail(error);
      }
    }
  }
}
