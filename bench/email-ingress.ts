import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { SmtpIngressServer } from '../connectors/email/smtp-ingress.server.js';
import { createApp } from '../src/app.factory.js';
import { AccessTokenService } from '../src/identity/access-token.service.js';
import { DirectoryService } from '../src/identity/directory.service.js';
import { AgencyKind } from '../src/identity/identity.types.js';
import type { MessageView } from '../src/messenger/realtime/socket-events.js';
import { DnsServer } from '../test/utils/dns-server.js';
import { benchEnvironment } from './bench-environment.js';
import { bareSmtpServer as bareServer, sendMails, type MailTiming as Timing } from './lib/mail.js';

/**
 * Mail in, each mail with a 20 KiB attachment, over loopback SMTP from 8 pooled connections. Ieum
 * (api, smtp and worker roles in one process) answers 250 once the raw mail is committed, then
 * parses, authenticates, stores the attachment and posts it; a socket.io client in the room notes
 * when each arrives. The baseline is a bare smtp-server that reads each message and answers 250,
 * sent the same mails by the same client in the same run. Latency is taken at a steady 40 mails/s
 * (400 mails), below what either side can take; throughput from 1,000 mails sent all at once.
 */
const COUNT = 1000;
const PACED = 400;
const PACE_PER_SECOND = 40;
const WARMUP = 100;
const CONNECTIONS = 8;

async function main(): Promise<void> {
  // Sender authentication asks a loopback DNS server that knows no name: real lookups, no outside traffic.
  const dns = await DnsServer.start();
  const env = await benchEnvironment(new Set(['api', 'smtp', 'worker']), 10, (c) => ({
    ...c,
    mail: { ...c.mail, domain: 'ieum.bench', smtpPort: 0, senderPerHour: 1_000_000, dnsServers: [dns.address] },
  }));
  const { config } = env;
  try {
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as import('node:http').Server).address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const directory = app.get(DirectoryService);
    await directory.createAgency({ code: '1741000', name: '행정안전부', kind: AgencyKind.CentralMinistry });
    const user = await directory.createUser({
      login: 'bench.kim',
      displayName: '김행안',
      agencyCode: '1741000',
      roles: ['member'],
    });
    const token = (await app.get(AccessTokenService).issue(user)).token;
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    };
    const room = await call<{ id: string }>('POST', '/rooms', { kind: 'group', name: '메일 수신함' });
    const { address } = await call<{ address: string }>('POST', `/rooms/${room.id}/mail-address`);

    const timings = new Map<string, Timing>();
    const socket = io(baseUrl, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.on('messages.created', ({ messages }: { messages: MessageView[] }) => {
      for (const message of messages) {
        const key = /\[bench (\S+)\]/.exec(message.body)?.[1];
        const timing = key ? timings.get(key) : undefined;
        if (timing && timing.posted === undefined) timing.posted = performance.now();
      }
    });

    const ieumPort = app.get(SmtpIngressServer).port ?? 0;
    await sendAll(ieumPort, address, 'warm', WARMUP, timings);
    await waitPosted(timings, WARMUP);
    await sendAll(ieumPort, address, 'paced', PACED, timings, PACE_PER_SECOND);
    await waitPosted(timings, WARMUP + PACED);
    const ieumStart = performance.now();
    const ieumSendMs = await sendAll(ieumPort, address, 'run', COUNT, timings);
    await waitPosted(timings, WARMUP + PACED + COUNT);
    const run = new Map([...timings].filter(([key]) => key.startsWith('run-')));
    const paced = [...timings].filter(([key]) => key.startsWith('paced-')).map(([, t]) => t);
    const ieumPostedMs = Math.max(...[...run.values()].map((t) => t.posted ?? 0)) - ieumStart;
    socket.close();
    await app.close();

    const bare = await bareServer();
    const bareTimings = new Map<string, Timing>();
    await sendAll(bare.port, address, 'warm', WARMUP, new Map());
    const barePaced = new Map<string, Timing>();
    await sendAll(bare.port, address, 'paced', PACED, barePaced, PACE_PER_SECOND);
    const bareSendMs = await sendAll(bare.port, address, 'run', COUNT, bareTimings);
    await new Promise<void>((resolve) => bare.server.close(() => resolve()));

    const accept = percentiles(paced.map((t) => (t.accepted ?? 0) - t.sent));
    const bareAccept = percentiles([...barePaced.values()].map((t) => (t.accepted ?? 0) - t.sent));
    const posted = percentiles(paced.map((t) => (t.posted ?? 0) - (t.accepted ?? 0)));
    const total = percentiles(paced.map((t) => (t.posted ?? 0) - t.sent));
    const ieumRate = (COUNT / ieumSendMs) * 1000;
    const bareRate = (COUNT / bareSendMs) * 1000;
    const postedRate = (COUNT / ieumPostedMs) * 1000;
    process.stdout.write(
      [
        `email-ingress: mails with a 20 KiB attachment over ${CONNECTIONS} SMTP connections (after ${WARMUP} of warm-up)`,
        `latency, ${PACED} mails at ${PACE_PER_SECOND}/s:`,
        `  send → 250        ieum p50 ${accept.p50.toFixed(1)} ms  p99 ${accept.p99.toFixed(1)} ms   bare smtp-server p50 ${bareAccept.p50.toFixed(1)} ms  p99 ${bareAccept.p99.toFixed(1)} ms   ratio p99 ${(accept.p99 / bareAccept.p99).toFixed(2)}`,
        `  250 → posted      ieum p50 ${posted.p50.toFixed(1)} ms  p99 ${posted.p99.toFixed(1)} ms   (received by a socket.io client in the room)`,
        `  send → posted     ieum p50 ${total.p50.toFixed(1)} ms  p99 ${total.p99.toFixed(1)} ms`,
        `throughput, ${COUNT} mails sent at once:`,
        `  accepted/s        ieum ${ieumRate.toFixed(0)}   bare smtp-server ${bareRate.toFixed(0)}   ratio ${(ieumRate / bareRate).toFixed(2)}`,
        `  posted/s          ieum ${postedRate.toFixed(0)} (first send → last posted)   ratio to bare acceptance ${(postedRate / bareRate).toFixed(2)}`,
      ].join('\n') + '\n',
    );
  } finally {
    await dns.close();
    await env.close();
  }
}

const sendAll = (
  port: number,
  to: string,
  prefix: string,
  count: number,
  timings: Map<string, Timing>,
  perSecond?: number,
) => sendMails(port, to, prefix, count, timings, { perSecond, connections: CONNECTIONS });

async function waitPosted(timings: Map<string, Timing>, expected: number): Promise<void> {
  for (
    const deadline = Date.now() + 300_000;
    [...timings.values()].filter((t) => t.posted !== undefined).length < expected;
  ) {
    if (Date.now() > deadline) throw new Error('not every mail was posted within 5 minutes');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
