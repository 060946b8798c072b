import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { BotMessenger } from '../commands/bot-messenger.service.js';
import { botClientId } from '../commands/sdk/bot-helpers.js';
import { NoticeSender } from '../commands/sdk/bot.decorator.js';
import type { BotMetadata } from '../commands/sdk/command-table.js';
import { MessengerException, MessengerExceptionCode } from '../messenger/messenger.exception.js';
import { DocumentSyncService } from './document-sync.service.js';

/** The account folder news comes from; the /doc bot answers under the same one. */
export const DOC_SENDER: BotMetadata = { id: 'doc', displayName: { ko: '문서봇', en: 'Document bot' } };

/** A followed folder's changes and the notice that it stopped: the documents pipeline, whether or not the /doc bot is loaded. */
@NoticeSender(DOC_SENDER)
export class DocumentNoticesJob {
  constructor(
    private readonly sync: DocumentSyncService,
    private readonly messenger: BotMessenger,
  ) {}

  /** What one sync of a linked folder found, as one message in its room; the batch id makes a retry post once. */
  @OnJob(JobName.DocumentChanged)
  async announce(data: JobPayload<typeof JobName.DocumentChanged>): Promise<{ posted: boolean }> {
    const announcement = await this.sync.announcement(data.batchId);
    if (!announcement) return { posted: false };
    return this.post(announcement.roomId, botClientId('dc', data.batchId), announcement.body);
  }

  /** The one notice that a folder is no longer followed. */
  @OnJob(JobName.DocumentLinkParked)
  async parked(data: JobPayload<typeof JobName.DocumentLinkParked>): Promise<{ posted: boolean }> {
    const announcement = await this.sync.parkedAnnouncement(data.linkId, data.parkedAt);
    if (!announcement) return { posted: false };
    return this.post(announcement.roomId, botClientId('dp', data.linkId, data.parkedAt), announcement.body);
  }

  /** A room archived since the change was found takes no more messages: the news is dropped, not retried. */
  private async post(roomId: string, clientId: string, body: string): Promise<{ posted: boolean }> {
    try {
      await this.messenger.postToRoom(DOC_SENDER.id, roomId, clientId, body);
      return { posted: true };
    } catch (error) {
      if (error instanceof MessengerException && error.code === MessengerExceptionCode.RoomArchived)
        return { posted: false };
      throw error;
    }
  }
}
