import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export interface MailTiming {
  sent: number;
  accepted?: number;
  posted?: number;
  failed?: boolean;
}

/**
 * Sends `count` mails (subject with `[bench <key>]`, two lines of Korean text, an attachment of
 * `attachmentBytes`) through one nodemailer pool of `connections`, all at once or `perSecond`
 * apart; returns the time from the first send to the last answer. A refused mail is marked failed.
 */
export async function sendMails(
  port: number,
  to: string,
  prefix: string,
  count: number,
  timings: Map<string, MailTiming>,
  options: { perSecond?: number; connections?: number; attachmentBytes?: number } = {},
): Promise<number> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: options.connections ?? 8,
    maxMessages: Infinity,
  });
  const attachment = randomBytes(options.attachmentBytes ?? 20 * 1024);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      if (options.perSecond)
        await new Promise((r) =>
          setTimeout(r, Math.max(0, start + (i * 1000) / options.perSecond! - performance.now())),
        );
      const key = `${prefix}-${i}`;
      const timing: MailTiming = { sent: performance.now() };
      timings.set(key, timing);
      await transport
        .sendMail({
          from: `"협력 기관 ${i % 20}" <partner${i % 20}@partner.example>`,
          to,
          subject: `[bench ${key}] 자료 송부`,
          text: `자료를 보내드립니다.\n확인 부탁드립니다. (${key})`,
          attachments: attachment.length ? [{ filename: `자료-${i}.bin`, content: attachment }] : [],
        })
        .then(
          () => void (timing.accepted = performance.now()),
          () => void (timing.failed = true),
        );
    }),
  );
  const elapsed = performance.now() - start;
  transport.close();
  return elapsed;
}

/** The baseline: smtp-server reading each message whole and answering 250, storing nothing. */
export async function bareSmtpServer(port = 0): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      stream.on('data', () => undefined);
      stream.on('end', () => callback(null, 'queued'));
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { server, port: (server.server.address() as AddressInfo).port };
}
