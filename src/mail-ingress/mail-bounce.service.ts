import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FailedMail } from '../mail/mail-failure.hooks.js';
import { isMailAddress } from '../mail/mail-address.js';
import { MailService } from '../mail/mail.service.js';
import type { DeliveryReport } from './delivery-report.js';
import { oneLine } from './header-mailbox.js';
import { MailThreadRepository } from './mail-thread.repository.js';

/** The kind of outbound mail a reply from a room's mail thread is stored as. */
export const ROOM_REPLY_KIND = 'room-reply';

/** A notice for the thread a reply was written in: the reply did not reach its correspondent. */
export interface UndeliveredNotice {
  roomId: string;
  threadRootId: string;
  /** The same for every report of one mail (its send failing, any number of DSNs): the notice is posted once. */
  clientMessageId: string;
  body: string;
}

const EXCERPT_MAX = 80;

/**
 * Replies from rooms that did not arrive. The mail driver's final refusal (or running out of
 * attempts) and a delivery status notification coming back to the room address both end here,
 * as one notice in the reply's thread per failed mail. The correspondent's address is shown in
 * full: the room's members already see it on every mail of the thread.
 */
@Injectable()
export class MailBounceService {
  constructor(
    private readonly threads: MailThreadRepository,
    private readonly mail: MailService,
  ) {}

  /** The notice for a failed mail if it was a reply from a room (in `roomId`, when given); null otherwise. */
  async noticeFor(failed: FailedMail, roomId?: string): Promise<UndeliveredNotice | null> {
    if (failed.kind !== ROOM_REPLY_KIND) return null;
    const thread = await this.threads.findBySentMessageId(failed.messageId);
    if (!thread || (roomId !== undefined && thread.roomId !== roomId)) return null;
    return {
      roomId: thread.roomId,
      threadRootId: thread.rootMessageId,
      clientMessageId: noticeClientId(failed.id),
      body: undeliveredText(failed),
    };
  }

  /**
   * A DSN that came to a room: the reply from that room it reports undelivered is marked failed and
   * its notice returned; null when it reports no failure or is about no reply from this room.
   */
  async fromReport(roomId: string, report: DeliveryReport): Promise<UndeliveredNotice | null> {
    if (report.failed.length === 0) return null;
    for (const messageId of report.messageIds) {
      const mail = await this.mail.findByMessageId(messageId);
      if (!mail) continue;
      const failure =
        report.failed.find((f) => f.recipient?.toLowerCase() === mail.to.toLowerCase()) ?? report.failed[0];
      const notice = await this.noticeFor(
        { ...mail, to: failure?.recipient ?? mail.to, reason: failure?.reason ?? '' },
        roomId,
      );
      if (!notice) continue;
      await this.mail.recordBounce(mail.id, failure?.reason ?? 'bounced');
      return notice;
    }
    return null;
  }
}

export function undeliveredText(failed: Pick<FailedMail, 'to' | 'reason' | 'text'>): string {
  const reason = failed.reason.replace(/\s+/g, ' ').trim() || '(사유 없음 / no reason given)';
  const said = failed.text.split('\n')[0]?.trim() ?? '';
  const excerpt = said.length <= EXCERPT_MAX ? said : `${said.slice(0, EXCERPT_MAX - 1)}…`;
  // No server was asked: the thread had no address to answer (its sender could not be read).
  if (!isMailAddress(failed.to.trim())) {
    const shown = oneLine(failed.to).slice(0, EXCERPT_MAX);
    return [
      `⚠️ 메일 회신을 보내지 못했습니다: 받는 사람의 메일 주소가 ${shown ? `올바르지 않습니다 ("${shown}")` : '없습니다'}.`,
      `⚠️ The reply could not be sent: it has no valid recipient address${shown ? ` ("${shown}")` : ''}.`,
      ...(excerpt ? [`> ${excerpt}`] : []),
    ].join('\n');
  }
  return [
    `⚠️ 메일 회신을 전달하지 못했습니다: ${failed.to}`,
    `⚠️ The reply could not be delivered to ${failed.to}.`,
    `서버 응답 / Server response: ${reason}`,
    ...(excerpt ? [`> ${excerpt}`] : []),
  ].join('\n');
}

function noticeClientId(mailId: string): string {
  return `mail-${createHash('sha256').update(`undelivered|${mailId}`).digest('base64url').slice(0, 40)}`;
}
