import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { simpleParser, type ParsedMail } from 'mailparser';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { FileService } from '../files/file.service.js';
import { UserRepository } from '../identity/user.repository.js';
import { MessengerException, MessengerExceptionCode } from '../messenger/messenger.exception.js';
import { RoomRepository } from '../messenger/room.repository.js';
import type { MailAuthVerdicts } from './inbound-mail.entity.js';
import { decodeIso2022KrHeaders, iso2022KrParserOptions } from './iso-2022-kr.js';
import { isDeliveryReport, readDeliveryReport } from './delivery-report.js';
import { failsAuthentication, MailAuthenticator } from './mail-auth.js';
import {
  postPlan,
  senderOf,
  skipReason,
  unreadablePlan,
  type IngestPlan,
  type ThreadPlacement,
} from './mail-ingest-plan.js';
import { MailBounceService } from './mail-bounce.service.js';
import { MailIngressRepository } from './mail-ingress.repository.js';
import { MailIngressService, newToken } from './mail-ingress.service.js';
import { MailThreadRepository } from './mail-thread.repository.js';
import { SUBJECT_TOKEN } from './mail-text.js';

/** How long a job holds a mail it is processing (DNS checks, attachments, the post) before another may take it over. */
const CLAIM_MS = 10 * 60_000;

/**
 * Reading a received mail, for the ingest job (the mail bot): it parses the stored mail, drops what
 * must not be posted (auto-replies, bulk, loops, bounces, a Message-ID already posted, mail failing
 * the room's auth policy), places it in its thread and records the outcome; the job posts the rest
 * as the e-mail bridge. A delivery report on one of the room's replies becomes a notice in that
 * reply's thread instead. Receiving and storing the mail is MailIngressService's.
 */
@Injectable()
export class MailIngestService {
  private readonly logger = new Logger(MailIngestService.name);
  private readonly authenticator: MailAuthenticator;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly repo: MailIngressRepository,
    private readonly threads: MailThreadRepository,
    private readonly bounces: MailBounceService,
    private readonly ingress: MailIngressService,
    private readonly roomRows: RoomRepository,
    private readonly users: UserRepository,
    private readonly files: FileService,
  ) {
    this.authenticator = new MailAuthenticator(config.mail.dnsServers);
  }

  /**
   * Claims the stored mail for this job, reads it and decides; null when it was already handled or
   * another job holds it (the relay's job and the sweep's may both be queued for one mail).
   */
  async plan(inboundId: string, jobId: string): Promise<IngestPlan | null> {
    if (!(await this.repo.claim(inboundId, jobId, CLAIM_MS))) return null;
    const inbound = await this.repo.findInbound(inboundId);
    if (!inbound || inbound.status !== 'received') return null;
    if ((await this.roomRows.findById(inbound.roomId))?.archivedAt) return this.roomClosed(inbound.id);
    let mail: ParsedMail;
    try {
      // mailparser's own HTML-to-text keeps image addresses (and its defaults are not ours): the text is made here.
      mail = decodeIso2022KrHeaders(
        await simpleParser(inbound.raw, {
          skipImageLinks: true,
          skipHtmlToText: true,
          ...iso2022KrParserOptions(inbound.raw),
        }),
      );
    } catch {
      return unreadablePlan(inbound.id, inbound.roomId, inbound.raw, this.config.files.maxBytes);
    }
    const messageId = mail.messageId?.trim().slice(0, 998) || null;
    if (isDeliveryReport(mail)) {
      if (messageId && (await this.repo.postedWithMessageId(inbound.roomId, messageId)))
        return { kind: 'skip', reason: 'duplicate', messageId, auth: null };
      return (
        (await this.bounceNotice(inbound.roomId, inbound.raw, messageId)) ?? {
          kind: 'skip',
          reason: 'bounce',
          messageId,
          auth: null,
        }
      );
    }
    const skip = skipReason(mail, inbound.envelopeFrom, this.config.mail.domain);
    if (skip) return { kind: 'skip', reason: skip, messageId, auth: null };
    if (messageId && (await this.repo.postedWithMessageId(inbound.roomId, messageId)))
      return { kind: 'skip', reason: 'duplicate', messageId, auth: null };

    const { verdicts: auth, authenticatedDomain } = await this.authenticator
      .verify(inbound.raw, { ip: inbound.remoteAddress, helo: inbound.helo, sender: inbound.envelopeFrom })
      .catch((error: unknown) => {
        this.logger.warn(`mail authentication could not run for ${inbound.id}: ${String(error)}`);
        return { verdicts: { spf: 'temperror', dkim: 'temperror', dmarc: 'temperror' }, authenticatedDomain: null };
      });
    const reply = await this.ingress.replyTarget(inbound.envelopeTo);
    if (reply && !(await this.ingress.mayReply(reply)))
      return { kind: 'skip', reason: 'reply-not-member', messageId, auth: null };
    const policy = (await this.repo.addressOf(inbound.roomId))?.authPolicy ?? 'mark';
    const failed = failsAuthentication(auth);
    if (failed && policy === 'reject') return { kind: 'skip', reason: 'auth-failed', messageId, auth };

    const sender = senderOf(mail, inbound.envelopeFrom);
    const fromAddress = sender?.address ?? '';
    const verified = authenticatedDomain !== null && fromAddress.endsWith(`@${authenticatedDomain}`);
    const known = fromAddress ? await this.users.findStaffByEmail(fromAddress) : null;
    const replyOwner = reply && !verified ? await this.users.findById(reply.userId) : null;
    const thread = reply
      ? {
          threadId: (await this.threads.findOpenedAt(reply.rootMessageId))?.id ?? null,
          rootMessageId: reply.rootMessageId,
        }
      : await this.threadOf(inbound.roomId, mail);
    return postPlan(mail, {
      inbound,
      messageId,
      auth,
      markFailed: failed && policy === 'mark',
      isReply: reply !== null,
      replyOwnerName: replyOwner?.displayName ?? null,
      sender,
      known: known ? { displayName: known.displayName, verified } : null,
      maxBytes: this.config.files.maxBytes,
      thread,
    });
  }

  /**
   * A post the room refused for good (it was archived after the mail was accepted): the mail is
   * marked failed and the job is not retried. Anything else is the job's to retry.
   */
  async postFailed(inboundId: string, error: unknown): Promise<never> {
    if (error instanceof MessengerException && error.code === MessengerExceptionCode.RoomArchived)
      return this.roomClosed(inboundId);
    throw error;
  }

  private async roomClosed(inboundId: string): Promise<never> {
    await this.uow.run((tx) => this.repo.finish(tx, inboundId, { status: 'failed', reason: 'room-archived' }));
    throw new UnrecoverableError(`mail ${inboundId}: the room was archived after the mail was accepted`);
  }

  /** The notice a DSN about one of this room's replies becomes; null for any other report. */
  private async bounceNotice(roomId: string, raw: Buffer, messageId: string | null): Promise<IngestPlan | null> {
    // Read again with the status part and the returned message kept whole, as attachments.
    const dsn = await simpleParser(raw, {
      keepDeliveryStatus: true,
      ignoreEmbedded: true,
      skipHtmlToText: true,
      skipImageLinks: true,
    }).catch(() => null);
    const report = dsn ? readDeliveryReport(dsn) : null;
    const notice = report ? await this.bounces.fromReport(roomId, report) : null;
    return notice ? { kind: 'notice', ...notice, messageId } : null;
  }

  /** The thread a mail answers: by In-Reply-To and References, else by the subject token. */
  private async threadOf(roomId: string, mail: ParsedMail): Promise<ThreadPlacement | null> {
    const references = [
      ...(typeof mail.references === 'string' ? [mail.references] : (mail.references ?? [])),
      ...(mail.inReplyTo ? [mail.inReplyTo] : []),
    ]
      .flatMap((r) => r.match(/<[^<>\s]+>/g) ?? [])
      .slice(-100);
    const token = SUBJECT_TOKEN.exec(mail.subject ?? '')?.[1]?.toLowerCase();
    const thread =
      (await this.threads.findByMessageIds(roomId, references)) ??
      (token ? await this.threads.findByToken(roomId, token) : null);
    return thread ? { threadId: thread.id, rootMessageId: thread.rootMessageId } : null;
  }

  /** Stores the attachments as the bridge's user in the room, for its message to carry. */
  async storeAttachments(
    uploaderId: string,
    roomId: string,
    attachments: Array<{ name: string; content: Buffer }>,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const attachment of attachments.filter((a) => a.content.length > 0))
      ids.push((await this.files.storeFor(uploaderId, roomId, attachment.name, attachment.content)).id);
    return ids;
  }

  /**
   * Records the outcome and, for a posted mail, its place in the thread (opening the thread a first
   * mail starts) in one transaction. A second copy of a Message-ID posted first is marked duplicate.
   */
  async finish(
    inboundId: string,
    outcome: {
      status: 'posted' | 'skipped';
      reason?: string;
      messageId: string | null;
      auth: MailAuthVerdicts | null;
      postedMessageId?: string;
      roomId?: string;
      thread?: ThreadPlacement | null;
    },
  ): Promise<void> {
    const recorded = await this.uow
      .run(async (tx) => {
        await this.repo.finish(tx, inboundId, outcome);
        const { thread, postedMessageId, messageId, roomId } = outcome;
        if (outcome.status !== 'posted' || !thread || !postedMessageId || !roomId) return true;
        const threadId =
          'threadId' in thread
            ? thread.threadId
            : (
                await this.threads.open(tx, {
                  roomId,
                  rootMessageId: postedMessageId,
                  token: newToken(10),
                  subject: thread.open.subject,
                  correspondent: thread.open.correspondent,
                  lastInboundId: messageId,
                })
              ).id;
        if (messageId && threadId) await this.threads.record(tx, threadId, messageId, 'in');
        return true;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return false;
        throw error;
      });
    if (!recorded)
      await this.uow.run((tx) =>
        this.repo.finish(tx, inboundId, {
          status: 'skipped',
          reason: 'duplicate',
          messageId: null,
          auth: outcome.auth,
        }),
      );
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { driverError?: { code?: string } }).driverError?.code === '23505'
  );
}
