import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import type { Tx } from '../database/unit-of-work.js';
import { MailService } from '../mail/mail.service.js';
import { isCommand } from '../messenger/message-body.js';
import { ThreadReplyHooks, type ThreadReply, type ThreadReplyHook } from '../messenger/thread-reply.hooks.js';
import { ROOM_REPLY_KIND } from './mail-bounce.service.js';
import { MailIngressRepository } from './mail-ingress.repository.js';
import { MailThreadRepository } from './mail-thread.repository.js';

/**
 * Replies from rooms, back out by e-mail. A person's reply in a thread that a mail opened is
 * written, in the reply's own transaction, as a mail to the thread's correspondent: From the
 * room's address, answering the latest mail received (In-Reply-To, References), with the reply's
 * files attached and the thread token in the subject. The mail driver sends it from the outbox.
 */
@Injectable()
export class MailEgressService implements ThreadReplyHook, OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly hooks: ThreadReplyHooks,
    private readonly threads: MailThreadRepository,
    private readonly addresses: MailIngressRepository,
    private readonly mail: MailService,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async onThreadReply(tx: Tx, reply: ThreadReply): Promise<void> {
    // A slash command is addressed to the room's bots, never to the outside correspondent (with files or not).
    if (isCommand(reply.body)) return;
    const thread = await this.threads.findByRoot(tx, reply.threadRootId);
    if (!thread) return;
    const address = await this.addresses.addressOf(thread.roomId, tx);
    if (!address) return;
    const who = await this.threads.signature(tx, reply.senderId, thread.roomId);
    const roomName = who?.roomName?.trim() || 'Ieum';
    const signature = [`${who?.displayName ?? ''}${who?.agency ? ` (${who.agency})` : ''}`, `${roomName} · Ieum`];
    const references = await this.threads.references(tx, thread.id);
    const { messageId } = await this.mail.enqueue(tx, {
      kind: ROOM_REPLY_KIND,
      personal: true,
      to: thread.correspondent,
      from: `"${roomName.replace(/["\\\r\n]/g, ' ')}" <room-${address.token}@${this.config.mail.domain}>`,
      subject: `Re: ${thread.subject} [ieum:${thread.token}]`,
      text: [reply.body, '', '-- ', ...signature].join('\n'),
      inReplyTo: thread.lastInboundId ?? undefined,
      references,
      fileIds: reply.fileIds,
    });
    await this.threads.record(tx, thread.id, messageId, 'out');
  }
}
