import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  attachments: Array<{ filename: string | null; contentType: string; content: string /* base64 */ }>;
  receivedAt: string;
}

/**
 * A real SMTP server on loopback that keeps every mail Ieum sends, and a small HTTP server that
 * lists them as JSON, so spec workers (other processes) can read what a person would receive.
 */
export async function startMailSink(): Promise<{ smtpPort: number; httpUrl: string; stop: () => Promise<void> }> {
  const inbox: CaughtMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const to = [mail.to].flat().flatMap((a) => (a ? a.value.map((v) => (v.address ?? '').toLowerCase()) : []));
          inbox.push({
            to,
            from: mail.from?.text ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : null,
            headers: Object.fromEntries(
              [...mail.headers.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
            ),
            attachments: mail.attachments.map((a) => ({
              filename: a.filename ?? null,
              contentType: a.contentType,
              content: a.content.toString('base64'),
            })),
            receivedAt: new Date().toISOString(),
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const http: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://sink');
    const to = url.searchParams.get('to')?.toLowerCase();
    const found = to ? inbox.filter((m) => m.to.includes(to)) : inbox;
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify(found));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    smtpPort,
    httpUrl,
    stop: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
