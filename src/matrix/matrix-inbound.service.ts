import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  MATRIX_HOMESERVER,
  MatrixRequestError,
  type MatrixEvent,
  type MatrixEventSink,
  type MatrixHomeserver,
} from '../bus/capabilities/matrix-homeserver.js';
import { BotRegistry } from '../commands/bot.registry.js';
import { botClientId } from '../commands/sdk/bot-helpers.js';
import { MessageService } from '../messenger/message.service.js';
import { MessengerException, MessengerExceptionCode } from '../messenger/messenger.exception.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { FileException } from '../files/file.exception.js';
import { FileService } from '../files/file.service.js';
import { inboundBody, inboundFile, inboundText, mentionedIds, withIeumMentions } from './matrix-text.js';
import { MatrixRelationsRepository } from './matrix-relations.repository.js';
import { MATRIX_BOT_ID } from './matrix.types.js';
import { MatrixRepository } from './matrix.repository.js';

/** Posting into a room that is gone or archived will not work however often the homeserver retries. */
const UNPOSTABLE: ReadonlySet<string> = new Set([
  MessengerExceptionCode.RoomArchived,
  MessengerExceptionCode.RoomNotFound,
  MessengerExceptionCode.MessageNotFound,
]);

/**
 * Matrix → Ieum. The homeserver pushes transactions; each event in a linked room is carried
 * once: a message is posted by the bridge's bot under the Matrix person's display name (they are
 * outsiders, never staff), an edit (m.replace) edits that post, a redaction deletes the Ieum
 * message it names. Every step is idempotent on its own (client ids from event ids, links by event
 * id), so a transaction cut short and pushed again finishes what it started; one committed whole
 * is recorded and answered at once when it comes again.
 */
@Injectable()
export class MatrixInboundService implements MatrixEventSink {
  private readonly logger = new Logger(MatrixInboundService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    @Inject(MATRIX_HOMESERVER) private readonly homeserver: MatrixHomeserver | null,
    private readonly repo: MatrixRepository,
    private readonly relations: MatrixRelationsRepository,
    private readonly messages: MessageService,
    private readonly files: FileService,
    private readonly bots: BotRegistry,
  ) {}

  async receiveTransaction(txnId: string, events: MatrixEvent[]): Promise<void> {
    if (await this.repo.transactionSeen(txnId)) return;
    for (const event of events) await this.receive(event);
    await this.repo.recordTransaction(txnId);
  }

  private async receive(event: MatrixEvent): Promise<void> {
    const homeserver = this.homeserver;
    if (!homeserver || homeserver.isOwnUser(event.sender)) return;
    if (event.type === 'm.room.member') {
      if (typeof event.state_key === 'string' && !homeserver.isOwnUser(event.state_key)) {
        const name = event.content.displayname;
        await this.repo.saveRemoteName(
          event.state_key,
          typeof name === 'string' && name.trim() !== '' ? name.trim().slice(0, 255) : null,
        );
      }
      return;
    }
    const link = await this.repo.linkByMatrixRoom(event.room_id);
    if (!link) return;
    try {
      if (event.type === 'm.room.redaction') await this.redaction(event);
      else if (event.type === 'm.room.message') await this.message(link.roomId, event);
      else if (event.type === 'm.reaction') await this.reaction(link.roomId, event);
    } catch (error) {
      if (error instanceof MessengerException && UNPOSTABLE.has(error.code)) {
        this.logger.warn(`Matrix event ${event.event_id} not carried: ${error.code}`);
        return;
      }
      throw error;
    }
  }

  private async message(roomId: string, event: MatrixEvent): Promise<void> {
    const relation = event.content['m.relates_to'] as { rel_type?: unknown; event_id?: unknown } | undefined;
    if (relation?.rel_type === 'm.replace' && typeof relation.event_id === 'string')
      return this.edit(event, relation.event_id);
    if (await this.repo.eventLinkByEvent(event.event_id)) return;
    // A reply in a Matrix thread (m.thread) joins the thread of the message its root became.
    const root =
      relation?.rel_type === 'm.thread' && typeof relation.event_id === 'string'
        ? await this.repo.eventLinkByEvent(relation.event_id)
        : null;
    const name = await this.nameOf(event.sender);
    let text = inboundText(event.content, name);
    if (text === null) return;
    const botUserId = this.bots.botUserId(MATRIX_BOT_ID);
    const media = inboundFile(event.content);
    const stored = media ? await this.download(roomId, botUserId, media) : null;
    if (stored?.refused) text = stored.refused;
    text = withIeumMentions(text, await this.relations.puppetsByMatrixIds(mentionedIds(event.content)));
    const posted = await this.messages.postAsBot(botUserId, {
      roomId,
      clientMessageId: botClientId('mx', event.event_id),
      body: inboundBody(name, event.sender, text),
      threadRootId: root && !root.redactedAt ? root.messageId : null,
      fileIds: stored?.fileId ? [stored.fileId] : [],
    });
    await this.repo.insertEventLink({
      messageId: posted.id,
      roomId,
      matrixEventId: event.event_id,
      direction: 'in',
      matrixSender: event.sender,
    });
    if (media && stored?.fileId)
      await this.relations.saveFileLink({
        fileId: stored.fileId,
        messageId: posted.id,
        direction: 'in',
        mxcUri: media.mxcUri,
        matrixEventId: event.event_id,
      });
  }

  /**
   * A Matrix file into Ieum's file storage, as the bridge's bot: counted against the upload limit
   * and sniffed as it streams. One over the limit (declared, or found so on the way) is not
   * carried; the room is told so instead. A homeserver that does not answer fails the transaction
   * (it is pushed again).
   */
  private async download(
    roomId: string,
    botUserId: string,
    media: { mxcUri: string; name: string; declaredSize: number | null },
  ): Promise<{ fileId?: string; refused?: string }> {
    const maxBytes = this.config.files.maxBytes;
    const tooLarge = `📎 ${media.name}: 파일이 업로드 한도(${Math.floor(maxBytes / (1024 * 1024))}MB)보다 커서 옮기지 않았습니다 / not carried: larger than the upload limit`;
    if (media.declaredSize !== null && media.declaredSize > maxBytes) return { refused: tooLarge };
    try {
      const download = await this.homeserver!.downloadMedia(media.mxcUri, maxBytes);
      const file = await this.files.storeStreamFor(
        botUserId,
        roomId,
        media.name,
        download.stream,
        download.size ?? undefined,
      );
      return { fileId: file.id };
    } catch (error) {
      if (
        (error instanceof MatrixRequestError && error.errcode === 'M_TOO_LARGE') ||
        (error instanceof FileException && error.code === 'FILE_TOO_LARGE')
      )
        return { refused: tooLarge };
      if (error instanceof MatrixRequestError && error.kind === 'refused')
        return {
          refused: `📎 ${media.name}: 파일을 받을 수 없어 옮기지 않았습니다 / not carried: the homeserver refused the download (${error.errcode ?? 'refused'})`,
        };
      if (error instanceof FileException) return { refused: `📎 ${media.name}: ${error.message}` };
      throw error;
    }
  }

  /**
   * A Matrix person's reaction (m.annotation): the bridge's bot reacts the same in Ieum, one
   * reaction standing for everyone on Matrix who chose that key; each is kept by its event id,
   * so that redacting it takes back only theirs.
   */
  private async reaction(roomId: string, event: MatrixEvent): Promise<void> {
    const relation = event.content['m.relates_to'] as
      { rel_type?: unknown; event_id?: unknown; key?: unknown } | undefined;
    if (
      relation?.rel_type !== 'm.annotation' ||
      typeof relation.event_id !== 'string' ||
      typeof relation.key !== 'string'
    )
      return;
    const target = await this.repo.eventLinkByEvent(relation.event_id);
    if (!target || target.redactedAt || target.roomId !== roomId) return;
    const emoji = relation.key.normalize('NFC').trim();
    if (emoji === '' || [...emoji].length > 8) return;
    const botUserId = this.bots.botUserId(MATRIX_BOT_ID);
    // Reacting is idempotent, so a transaction pushed again after the reaction but before the link finishes the same.
    await this.messages.reactAsBot(botUserId, target.messageId, emoji, true);
    await this.relations.insertReactionLink({
      matrixEventId: event.event_id,
      messageId: target.messageId,
      roomId,
      userId: botUserId,
      emoji,
      direction: 'in',
      matrixSender: event.sender,
    });
  }

  /** Only the author of a carried-in message may edit it (the spec's rule for m.replace). */
  private async edit(event: MatrixEvent, originalId: string): Promise<void> {
    const original = await this.repo.eventLinkByEvent(originalId);
    if (!original || original.direction !== 'in' || original.matrixSender !== event.sender || original.redactedAt)
      return;
    const replacement = event.content['m.new_content'];
    if (!replacement || typeof replacement !== 'object') return;
    const name = await this.nameOf(event.sender);
    const text = inboundText(replacement as Record<string, unknown>, name);
    if (text === null) return;
    await this.messages.editAsBot(
      this.bots.botUserId(MATRIX_BOT_ID),
      original.messageId,
      inboundBody(name, event.sender, text),
    );
  }

  private async redaction(event: MatrixEvent): Promise<void> {
    const target = typeof event.content.redacts === 'string' ? event.content.redacts : event.redacts;
    if (!target) return;
    const reaction = await this.relations.redactInboundReaction(target);
    if (reaction) {
      // The bot's reaction goes when the last Matrix person holding it takes theirs back.
      if ((await this.relations.inboundHolders(reaction.messageId, reaction.emoji)) === 0)
        await this.messages.reactAsBot(reaction.userId, reaction.messageId, reaction.emoji, false);
      return;
    }
    const link = await this.repo.eventLinkByEvent(target);
    if (!link || link.redactedAt) return;
    // Marked first, so the outbound lane never redacts on Matrix what Matrix itself redacted.
    await this.repo.markRedacted(link.messageId);
    await this.messages.deleteAsBot(link.messageId);
  }

  /** Their display name: from their membership events, else their profile, else their id. */
  private async nameOf(matrixUserId: string): Promise<string> {
    const known = await this.repo.remoteName(matrixUserId);
    if (known) return known;
    const fetched = await this.homeserver?.displayName(matrixUserId).catch((error: unknown) => {
      if (error instanceof MatrixRequestError) return null;
      throw error;
    });
    if (fetched) {
      await this.repo.saveRemoteName(matrixUserId, fetched.slice(0, 255));
      return fetched;
    }
    return matrixUserId;
  }
}
