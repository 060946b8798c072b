import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JobName, QueueName, type JobPayload } from '../bus/bus.constants.js';
import { MATRIX_HOMESERVER, MatrixRequestError, type MatrixHomeserver } from '../bus/capabilities/matrix-homeserver.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { QueueService } from '../bus/queue.service.js';
import { BotRegistry } from '../commands/bot.registry.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import type { MessageChange, MessageChangeHook } from '../messenger/message-change.hooks.js';
import { MessageChangeHooks } from '../messenger/message-change.hooks.js';
import { isCommand } from '../messenger/message-body.js';
import { MessageKind } from '../messenger/messenger.types.js';
import { RedisService } from '../redis/redis.service.js';
import type { MatrixRoomLinkEntity } from './matrix-room-link.entity.js';
import { editContent, outboundContent, threadContent } from './matrix-text.js';
import { MATRIX_BOT_ID } from './matrix.types.js';
import { MatrixRepository, type LaneMessage, type PendingChange } from './matrix.repository.js';
import { MatrixOutboundParts, type SendAs } from './matrix-outbound-parts.service.js';

const BATCH = 50;
const SWEEP_EVERY_MS = 30_000;
/** How long one run may hold a lane before another may take it (a worker that died holding it). */
const LEASE_MS = 60_000;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

type SyncOutcome =
  | { outcome: 'unlinked' | 'not-configured' | 'busy' }
  | { outcome: 'parked'; retryInMs: number }
  | { outcome: 'done'; sent: number; changed: number };

/**
 * Ieum → Matrix, one lane per linked room. A run carries the room's messages after the lane's
 * watermark in order, each as its sender's puppet with a txnId made from the message id (a retry
 * or an overlapping run lands on the same event), then the edits and deletions not carried yet.
 * A homeserver that does not answer, or asks us to wait (M_LIMIT_EXCEEDED), parks the lane: the
 * run ends, a delayed run is queued for when the wait is over, and other rooms' lanes go on.
 * Nothing is lost (the watermark and the links are in PostgreSQL; a sweep finds lanes with work
 * that no job covers) and nothing is doubled (txnIds).
 */
@Injectable()
export class MatrixOutboundService implements MessageChangeHook, OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(MatrixOutboundService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    @Inject(MATRIX_HOMESERVER) private readonly homeserver: MatrixHomeserver | null,
    private readonly repo: MatrixRepository,
    private readonly queues: QueueService,
    private readonly hooks: MessageChangeHooks,
    private readonly bots: BotRegistry,
    private readonly redis: RedisService,
    private readonly parts: MatrixOutboundParts,
  ) {}

  onModuleInit(): void {
    if (this.homeserver) this.hooks.register(this);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.homeserver || !this.config.roles.has('worker')) return;
    await this.queues.schedule(QueueName.Matrix, 'matrix-sweep', SWEEP_EVERY_MS, JobName.MatrixSweep);
  }

  /** A change in some room: if the room is linked, its lane runs (a job id per change, so none is swallowed by an earlier one's). */
  async onMessageChanged(change: MessageChange): Promise<void> {
    if (!(await this.repo.linkOf(change.roomId))) return;
    await this.kick(change.roomId, `${change.change[0] ?? 'x'}${change.messageId}-${Date.now().toString(36)}`);
  }

  async kick(roomId: string, reason: string, delayMs?: number): Promise<void> {
    await this.queues.add(JobName.MatrixRoomSync, { roomId }, { jobId: `matrix-sync-${roomId}-${reason}`, delayMs });
  }

  @OnJob(JobName.MatrixSweep)
  async sweep(): Promise<{ queued: number }> {
    const rooms = await this.repo.roomsWithWork(500, this.bots.botUserId(MATRIX_BOT_ID));
    const bucket = Math.floor(Date.now() / SWEEP_EVERY_MS).toString(36);
    for (const roomId of rooms) await this.kick(roomId, `sweep-${bucket}`);
    return { queued: rooms.length };
  }

  /**
   * One run at a time per lane (a Redis lease): a job that finds the lane taken marks it dirty and
   * ends; the run holding it goes round again while it is dirty, and after letting go queues one
   * more run if a mark came in meanwhile. Overlapping runs would still be correct (txnIds), only
   * wasteful.
   */
  @OnJob(JobName.MatrixRoomSync)
  async sync(data: JobPayload<typeof JobName.MatrixRoomSync>): Promise<SyncOutcome> {
    if (!this.homeserver) return { outcome: 'not-configured' };
    const lease = this.redis.key('matrix-lane', data.roomId);
    const dirty = this.redis.key('matrix-lane-dirty', data.roomId);
    const token = randomUUID();
    const take = async () => (await this.redis.client.set(lease, token, 'PX', LEASE_MS, 'NX')) === 'OK';
    if (!(await take())) {
      await this.redis.client.set(dirty, '1', 'PX', LEASE_MS);
      // The holder may have let go between the two: then this run takes the lane itself.
      if (!(await take())) return { outcome: 'busy' };
    }
    try {
      for (;;) {
        await this.redis.client.del(dirty);
        const outcome = await this.runLane(data.roomId);
        if (outcome.outcome !== 'done' || (await this.redis.client.exists(dirty)) === 0) return outcome;
      }
    } finally {
      await this.redis.client.eval(RELEASE, 1, lease, token);
      if ((await this.redis.client.exists(dirty)) > 0)
        await this.kick(data.roomId, `dirty-${Date.now().toString(36)}-${token.slice(0, 8)}`);
    }
  }

  private async runLane(roomId: string): Promise<SyncOutcome> {
    const homeserver = this.homeserver;
    if (!homeserver) return { outcome: 'not-configured' };
    const link = await this.repo.linkOf(roomId);
    if (!link) return { outcome: 'unlinked' };
    const parked = await this.repo.parkedFor(link.roomId);
    // The delayed run queued with the park comes when it is over.
    if (parked !== null) return { outcome: 'parked', retryInMs: parked };
    try {
      const sent = await this.carryNew(homeserver, link);
      const send = this.sender(homeserver, link);
      const changed =
        (await this.carryChanges(homeserver, link)) +
        (await this.parts.carryReactions(homeserver, link, (userId) => this.puppetIn(homeserver, link, userId), send));
      if (link.failures > 0 || link.parkedUntil) await this.repo.clearPark(link.roomId);
      return { outcome: 'done', sent, changed };
    } catch (error) {
      if (!(error instanceof MatrixRequestError)) throw error;
      return this.parkLane(link, error);
    }
  }

  private async parkLane(link: MatrixRoomLinkEntity, error: MatrixRequestError): Promise<SyncOutcome> {
    const { retryBaseMs, retryMaxMs } = this.config.matrix ?? { retryBaseMs: 1000, retryMaxMs: 300_000 };
    const backoff = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(link.failures, 20));
    const waitMs =
      error.kind === 'rate-limited' && error.retryAfterMs !== null
        ? Math.min(retryMaxMs, Math.max(error.retryAfterMs, 1))
        : backoff;
    await this.repo.park(link.roomId, waitMs, `${error.kind}: ${error.message}`);
    await this.kick(link.roomId, `retry-${(link.failures + 1).toString(36)}-${Date.now().toString(36)}`, waitMs);
    this.logger.warn(`Matrix lane of room ${link.roomId} parked for ${waitMs} ms (${error.kind}: ${error.message})`);
    return { outcome: 'parked', retryInMs: waitMs };
  }

  private async carryNew(homeserver: MatrixHomeserver, link: MatrixRoomLinkEntity): Promise<number> {
    let after = link.sentSeq;
    let sent = 0;
    for (;;) {
      const batch = await this.repo.messagesAfter(link.roomId, after, BATCH);
      for (const message of batch) {
        const carried = await this.carryOne(homeserver, link, message);
        await this.repo.advance(link.roomId, message.seq, carried);
        if (carried) sent++;
        after = message.seq;
      }
      if (batch.length < BATCH) return sent;
    }
  }

  /** Sends one message unless it is not for Matrix; a message refused for what it is (too large, say) is logged and left behind. */
  private async carryOne(
    homeserver: MatrixHomeserver,
    link: MatrixRoomLinkEntity,
    message: LaneMessage,
  ): Promise<boolean> {
    if (!this.isForMatrix(message) || !message.senderId) return false;
    if (await this.repo.eventLinkByMessage(message.id)) return false;
    const puppet = await this.puppetIn(homeserver, link, message.senderId);
    const root = message.threadRootId ? await this.repo.eventLinkByMessage(message.threadRootId) : null;
    const wrap = (content: Record<string, unknown>) => (root ? threadContent(content, root.matrixEventId) : content);
    const send = this.sender(homeserver, link);
    try {
      // The text first, then each file as its own event; the message is linked to the first of them.
      const text =
        message.body.trim() === ''
          ? null
          : {
              ...outboundContent(message.body),
              ...(await this.parts.mentions(homeserver, message.id, message.senderId, message.body)),
            };
      const textEvent = text ? await send(puppet, 'm.room.message', wrap(text), `ieum-${message.id}`) : null;
      const fileEvent = message.hasFiles
        ? await this.parts.sendFiles(homeserver, puppet, message.id, wrap, send)
        : null;
      const eventId = textEvent ?? fileEvent;
      if (!eventId) return false;
      await this.repo.insertEventLink({
        messageId: message.id,
        roomId: link.roomId,
        matrixEventId: eventId,
        direction: 'out',
        matrixSender: puppet,
        syncedEditAt: message.editedAt,
      });
      return true;
    } catch (error) {
      if (error instanceof MatrixRequestError && error.kind === 'refused') {
        this.logger.warn(`message ${message.id} not carried to Matrix: ${error.message}`);
        return false;
      }
      throw error;
    }
  }

  private async carryChanges(homeserver: MatrixHomeserver, link: MatrixRoomLinkEntity): Promise<number> {
    let changed = 0;
    for (;;) {
      const pending = await this.repo.pendingChanges(link.roomId, BATCH);
      for (const change of pending) {
        await this.carryChange(homeserver, link, change);
        changed++;
      }
      if (pending.length < BATCH) return changed;
    }
  }

  private async carryChange(
    homeserver: MatrixHomeserver,
    link: MatrixRoomLinkEntity,
    change: PendingChange,
  ): Promise<void> {
    try {
      if (change.deletedAt) {
        await homeserver.redact(
          change.matrixSender,
          link.matrixRoomId,
          change.matrixEventId,
          `ieum-redact-${change.messageId}`,
        );
        await this.parts.redactFiles(homeserver, link, change.messageId, change.matrixSender, change.matrixEventId);
        await this.repo.markRedacted(change.messageId);
      } else if (change.editedAt) {
        await homeserver.send(
          change.matrixSender,
          link.matrixRoomId,
          'm.room.message',
          editContent(change.matrixEventId, change.body),
          `ieum-edit-${change.messageId}-${change.editedAt.getTime().toString(36)}`,
        );
        await this.repo.markEditSynced(change.messageId, change.editedAt);
      }
    } catch (error) {
      if (!(error instanceof MatrixRequestError && error.kind === 'refused')) throw error;
      this.logger.warn(`change of message ${change.messageId} not carried to Matrix: ${error.message}`);
      if (change.deletedAt) await this.repo.markRedacted(change.messageId);
      else if (change.editedAt) await this.repo.markEditSynced(change.messageId, change.editedAt);
    }
  }

  /** Neither the bridge's own posts (they came from Matrix), nor commands, nor system lines go out. */
  private isForMatrix(message: LaneMessage): boolean {
    if (message.deletedAt || message.kind === MessageKind.System) return false;
    if (message.senderId === this.bots.botUserId(MATRIX_BOT_ID)) return false;
    if (message.hasFiles) return true;
    return !isCommand(message.body) && message.body.trim() !== '';
  }

  /** Sends as a user into the linked room; a puppet put out of the room (M_FORBIDDEN) joins again, once. */
  private sender(homeserver: MatrixHomeserver, link: MatrixRoomLinkEntity): SendAs {
    return async (userId, type, content, txnId) => {
      const send = () => homeserver.send(userId, link.matrixRoomId, type, content, txnId);
      return send().catch(async (error: unknown) => {
        if (!(error instanceof MatrixRequestError && error.errcode === 'M_FORBIDDEN')) throw error;
        await this.joinAs(homeserver, userId, link.matrixRoomId);
        return send();
      });
    };
  }

  /** Joins a puppet through the application service; a room one enters only when invited gets the bridge's invitation first. */
  private async joinAs(homeserver: MatrixHomeserver, puppet: string, matrixRoomId: string): Promise<void> {
    await homeserver.join(puppet, matrixRoomId).catch(async (error: unknown) => {
      if (!(error instanceof MatrixRequestError && error.errcode === 'M_FORBIDDEN')) throw error;
      await homeserver.invite(matrixRoomId, puppet);
      await homeserver.join(puppet, matrixRoomId);
    });
  }

  /** The sender's puppet, registered with its display name and joined to the room on first use. */
  private async puppetIn(homeserver: MatrixHomeserver, link: MatrixRoomLinkEntity, userId: string): Promise<string> {
    const puppet = homeserver.puppetUserId(userId);
    const name = (await this.repo.senderName(userId)) ?? puppet;
    if ((await this.repo.puppetName(userId)) !== name) {
      await homeserver.ensurePuppet(puppet, name);
      await this.repo.savePuppet(userId, puppet, name);
    }
    if (!(await this.repo.puppetJoined(link.roomId, userId, link.matrixRoomId))) {
      await this.joinAs(homeserver, puppet, link.matrixRoomId);
      await this.repo.recordPuppetJoin(link.roomId, userId, link.matrixRoomId);
    }
    return puppet;
  }
}
