import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { MatrixRequestError, type MatrixHomeserver } from '../bus/capabilities/matrix-homeserver.js';
import { BotRegistry } from '../commands/bot.registry.js';
import { FileService } from '../files/file.service.js';
import type { MatrixRoomLinkEntity } from './matrix-room-link.entity.js';
import { fileContent, matrixIdsIn } from './matrix-text.js';
import { MATRIX_BOT_ID } from './matrix.types.js';
import { MatrixRelationsRepository, type LaneFile } from './matrix-relations.repository.js';

const BATCH = 50;
/** A reaction Matrix refused is kept under this mark, so the lane neither retries it nor redacts it later. */
const REFUSED = 'refused:';

/** Sends an event as a user into the lane's room (joining again when the puppet was put out). */
export type SendAs = (userId: string, type: string, content: Record<string, unknown>, txnId: string) => Promise<string>;

/**
 * What the outbound lane carries beside a message's text: its files (uploaded once as the
 * sender's puppet, then an m.image or m.file event each), its mentions (m.mentions), and the
 * reactions made and taken back in Ieum (an m.annotation event each, redacted when taken back).
 */
@Injectable()
export class MatrixOutboundParts {
  private readonly logger = new Logger(MatrixOutboundParts.name);

  constructor(
    private readonly relations: MatrixRelationsRepository,
    private readonly files: FileService,
    private readonly bots: BotRegistry,
  ) {}

  /** `m.mentions.user_ids`: the puppets of the Ieum people the message mentions, and Matrix ids written in it. */
  async mentions(
    homeserver: MatrixHomeserver,
    messageId: string,
    senderId: string,
    body: string,
  ): Promise<Record<string, unknown>> {
    const ieum = (await this.relations.mentionedUserIds(messageId))
      .filter((id) => id !== senderId)
      .map((id) => homeserver.puppetUserId(id));
    const matrix = matrixIdsIn(body).filter((id) => !homeserver.isOwnUser(id));
    return { 'm.mentions': { user_ids: [...new Set([...ieum, ...matrix])] } };
  }

  /** Each file of the message as its own event; answers the first event id. A file the homeserver refuses (too large) is logged and left out. */
  async sendFiles(
    homeserver: MatrixHomeserver,
    puppet: string,
    messageId: string,
    wrap: (content: Record<string, unknown>) => Record<string, unknown>,
    send: SendAs,
  ): Promise<string | null> {
    let first: string | null = null;
    for (const file of await this.relations.filesOf(messageId)) {
      try {
        const mxcUri = file.mxcUri ?? (await this.upload(homeserver, puppet, messageId, file));
        if (!mxcUri) continue;
        const eventId = await send(
          puppet,
          'm.room.message',
          wrap(fileContent(file, mxcUri)),
          `ieum-${messageId}-file-${file.fileId}`,
        );
        await this.relations.saveFileLink({
          fileId: file.fileId,
          messageId,
          direction: 'out',
          mxcUri,
          matrixEventId: eventId,
        });
        first ??= eventId;
      } catch (error) {
        if (!(error instanceof MatrixRequestError && error.kind === 'refused')) throw error;
        this.logger.warn(`file ${file.fileId} of message ${messageId} not carried to Matrix: ${error.message}`);
      }
    }
    return first;
  }

  /** A deleted message's file events go with its own event. */
  async redactFiles(
    homeserver: MatrixHomeserver,
    link: MatrixRoomLinkEntity,
    messageId: string,
    sender: string,
    mainEventId: string,
  ): Promise<void> {
    for (const file of await this.relations.fileEventsOf(messageId, mainEventId)) {
      await homeserver
        .redact(sender, link.matrixRoomId, file.matrixEventId, `ieum-redact-${messageId}-file-${file.fileId}`)
        .catch((error: unknown) => {
          if (!(error instanceof MatrixRequestError && error.kind === 'refused')) throw error;
        });
    }
  }

  /** Reactions made in Ieum since the last run go out; those taken back are redacted. Answers how many changed. */
  async carryReactions(
    homeserver: MatrixHomeserver,
    link: MatrixRoomLinkEntity,
    puppetOf: (userId: string) => Promise<string>,
    send: SendAs,
  ): Promise<number> {
    let changed = 0;
    const botUserId = this.bots.botUserId(MATRIX_BOT_ID);
    for (;;) {
      const pending = await this.relations.pendingReactions(link.roomId, botUserId, BATCH);
      for (const reaction of pending) {
        const puppet = await puppetOf(reaction.userId);
        // Made again after being taken back is a new event: the time it was made is in the txnId.
        const txnId = `ieum-react-${digest(`${reaction.messageId}|${reaction.userId}|${reaction.emoji}|${reaction.createdAt.toISOString()}`)}`;
        const content = {
          'm.relates_to': { rel_type: 'm.annotation', event_id: reaction.matrixEventId, key: reaction.emoji },
        };
        const eventId = await send(puppet, 'm.reaction', content, txnId).catch((error: unknown) => {
          if (!(error instanceof MatrixRequestError && error.kind === 'refused')) throw error;
          this.logger.warn(`reaction on message ${reaction.messageId} not carried to Matrix: ${error.message}`);
          return `${REFUSED}${txnId}`;
        });
        await this.relations.insertReactionLink({
          matrixEventId: eventId,
          messageId: reaction.messageId,
          roomId: link.roomId,
          userId: reaction.userId,
          emoji: reaction.emoji,
          direction: 'out',
          matrixSender: puppet,
        });
        changed++;
      }
      const withdrawn = await this.relations.withdrawnReactions(link.roomId, BATCH);
      for (const reaction of withdrawn) {
        if (!reaction.matrixEventId.startsWith(REFUSED)) {
          await homeserver
            .redact(
              reaction.matrixSender,
              link.matrixRoomId,
              reaction.matrixEventId,
              `ieum-unreact-${digest(reaction.matrixEventId)}`,
            )
            .catch((error: unknown) => {
              if (!(error instanceof MatrixRequestError && error.kind === 'refused')) throw error;
            });
        }
        await this.relations.markReactionRedacted(reaction.matrixEventId);
        changed++;
      }
      if (pending.length < BATCH && withdrawn.length < BATCH) return changed;
    }
  }

  /** Uploads the file's bytes as the puppet and keeps the mxc URI, so a run cut short does not upload twice. */
  private async upload(
    homeserver: MatrixHomeserver,
    puppet: string,
    messageId: string,
    file: LaneFile,
  ): Promise<string | null> {
    const stored = await this.files.openStored(file.fileId);
    if (!stored) return null;
    const mxcUri = await homeserver
      .uploadMedia(puppet, {
        name: file.name,
        contentType: file.contentType.split(';')[0] ?? 'application/octet-stream',
        size: file.size,
        stream: stored.stream,
      })
      .catch((error: unknown) => {
        stored.stream.destroy();
        throw error;
      });
    await this.relations.saveFileLink({
      fileId: file.fileId,
      messageId,
      direction: 'out',
      mxcUri,
      matrixEventId: null,
    });
    return mxcUri;
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 32);
}
