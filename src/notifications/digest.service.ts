import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DateTime } from 'luxon';
import { JobName, QueueName } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { UserRepository } from '../identity/user.repository.js';
import { MailIngressService } from '../mail-ingress/mail-ingress.service.js';
import { MailService } from '../mail/mail.service.js';
import { PresenceService } from '../messenger/realtime/presence.service.js';
import { DigestRepository, type DigestItem } from './digest.repository.js';

const SWEEP_EVERY_MS = 60_000;
const USERS_PER_SWEEP = 200;
const ITEMS_PER_MAIL = 20;

/**
 * Mails people who are away a digest of their unread mentions and direct messages once the oldest
 * has waited the configured quiet period. Each person's digest mark moves in the same transaction
 * that stores the mail, under a per-person lock, so two sweeps never mail the same item twice.
 * Each item carries the address that answers its thread by mail (the person's own, per thread);
 * when every item is in one thread, that address is the mail's Reply-To as well.
 */
@Injectable()
export class DigestService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly digests: DigestRepository,
    private readonly users: UserRepository,
    private readonly presence: PresenceService,
    private readonly mail: MailService,
    private readonly replies: MailIngressService,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    await this.queues.schedule(QueueName.Notifications, 'digest-sweep', SWEEP_EVERY_MS, JobName.DigestSweep);
  }

  @OnJob(JobName.DigestSweep)
  async onSweep(): Promise<{ mailed: number }> {
    return { mailed: await this.sweep(new Date()) };
  }

  /** Returns how many digests were stored for sending. */
  async sweep(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.digest.quietMinutes * 60_000);
    const due = await this.digests.dueUsers(cutoff, USERS_PER_SWEEP);
    const online = await this.presence.online(due);
    let mailed = 0;
    for (const userId of due.filter((id) => !online.has(id))) if (await this.mailOne(userId)) mailed++;
    return mailed;
  }

  private async mailOne(userId: string): Promise<boolean> {
    const user = await this.users.findById(userId);
    if (!user?.email) return false;
    const email = user.email;
    return this.uow.run(async (tx) => {
      await this.digests.lock(tx, userId);
      const [items, total] = await Promise.all([
        this.digests.pendingFor(tx, userId, ITEMS_PER_MAIL),
        this.digests.countPendingFor(tx, userId),
      ]);
      if (items.length === 0) return false;
      // Mark through the newest item mailed; anything newer waits for the next digest.
      await this.digests.advance(
        tx,
        userId,
        items.map((i) => i.messageId),
      );
      const replyTo = new Map<string, string>();
      for (const item of items)
        if (!replyTo.has(item.threadRootId))
          replyTo.set(item.threadRootId, await this.replies.replyAddress(tx, userId, item.roomId, item.threadRootId));
      const single = replyTo.size === 1 ? [...replyTo.values()][0] : undefined;
      await this.mail.enqueue(tx, {
        kind: 'digest',
        to: email,
        ...(single ? { replyTo: single } : {}),
        ...this.render(items, total, user.timeZone, user.locale === 'en' ? 'en' : 'ko', replyTo),
      });
      this.logger.debug(`digest of ${items.length} items stored for ${userId}`);
      return true;
    });
  }

  private render(
    items: DigestItem[],
    total: number,
    timeZone: string,
    locale: 'ko' | 'en',
    replyTo: ReadonlyMap<string, string>,
  ): { subject: string; text: string } {
    const link = (item: DigestItem) => `${this.config.http.publicUrl}/rooms/${item.roomId}?message=${item.messageId}`;
    const when = (item: DigestItem) =>
      DateTime.fromJSDate(new Date(item.createdAt), { zone: timeZone }).setLocale(locale).toFormat('M/d HH:mm');
    const lines = items.map((item) => {
      const where =
        item.roomKind === 'direct' ? (locale === 'ko' ? '1:1 대화' : 'direct message') : `#${item.roomName ?? ''}`;
      const reply = replyTo.get(item.threadRootId);
      return `• [${when(item)}] ${where} · ${item.senderName ?? '-'}: ${excerpt(item.body)}\n  ${link(item)}${reply ? `\n  ${locale === 'ko' ? '메일로 답장' : 'Reply by mail'}: ${reply}` : ''}`;
    });
    const more = total - items.length;
    if (locale === 'en') {
      return {
        subject: `[Ieum] ${total} unread message${total === 1 ? '' : 's'} for you`,
        text: ['While you were away:', '', ...lines, ...(more > 0 ? ['', `…and ${more} more in Ieum.`] : [])].join(
          '\n',
        ),
      };
    }
    return {
      subject: `[이음] 읽지 않은 메시지 ${total}건`,
      text: [
        '자리를 비운 동안 온 메시지입니다.',
        '',
        ...lines,
        ...(more > 0 ? ['', `외 ${more}건은 이음에서 확인하세요.`] : []),
      ].join('\n'),
    };
  }
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat;
}
