import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The job states whose counts are read from BullMQ at each scrape. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** Where a message was sent from: the REST API or a socket. */
export type SendTransport = 'http' | 'socket';

/** A reading taken at scrape time by the module that owns the data (queues, the outbox). */
export type ScrapeCollector = () => Promise<void>;

const COLLECT_TIMEOUT_MS = 2000;
const ROUTE_LABEL = 'ieumMetricsRoute';

/** Latencies from a millisecond to half a minute. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Queue waits and reminder lateness: from 10 ms to an hour. */
const DELAY_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600];

/**
 * Every Prometheus series Ieum exports, on a registry of this application's own (so two apps in
 * one process, as in tests, never share counts). Modules record through the methods here, one call
 * at each site; readings that live elsewhere (queue depths, the outbox) are taken at scrape time by
 * collectors their owners register.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly logger = new Logger(MetricsService.name);
  private readonly collectors = new Map<string, ScrapeCollector>();

  private readonly httpDuration = new Histogram({
    name: 'ieum_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly sockets = new Gauge({
    name: 'ieum_sockets_connected',
    help: 'socket.io clients connected to this node',
    registers: [this.registry],
  });
  private readonly messagesSent = new Counter({
    name: 'ieum_messages_sent_total',
    help: 'Messages stored and acknowledged, by transport',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  private readonly sendAck = new Histogram({
    name: 'ieum_message_send_ack_seconds',
    help: 'From a send arriving to its acknowledgement (after the commit), by transport',
    labelNames: ['transport'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly queueJobs = new Gauge({
    name: 'ieum_queue_jobs',
    help: 'Jobs per BullMQ queue and state, read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  private readonly jobWait = new Histogram({
    name: 'ieum_queue_job_wait_seconds',
    help: 'From a job becoming ready (added, or its delay over) to a worker starting it',
    labelNames: ['queue'] as const,
    buckets: DELAY_BUCKETS,
    registers: [this.registry],
  });
  private readonly jobRun = new Histogram({
    name: 'ieum_queue_job_run_seconds',
    help: 'How long a job ran, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly jobFailures = new Counter({
    name: 'ieum_queue_job_failures_total',
    help: 'Failed job attempts; final="true" when no attempt is left',
    labelNames: ['queue', 'final'] as const,
    registers: [this.registry],
  });
  private readonly outboxBacklog = new Gauge({
    name: 'ieum_outbox_backlog',
    help: 'Outbox rows not yet relayed to BullMQ',
    registers: [this.registry],
  });
  private readonly outboxOldest = new Gauge({
    name: 'ieum_outbox_oldest_age_seconds',
    help: 'Age of the oldest unrelayed outbox row (0 when none)',
    registers: [this.registry],
  });
  private readonly mailsAccepted = new Counter({
    name: 'ieum_mail_ingress_accepted_total',
    help: 'Mails the SMTP ingress answered 250 (stored)',
    registers: [this.registry],
  });
  private readonly mailsRefused = new Counter({
    name: 'ieum_mail_ingress_refused_total',
    help: 'Recipients (stage rcpt) and mails (stage data) the SMTP ingress refused or deferred, by reply code',
    labelNames: ['stage', 'code'] as const,
    registers: [this.registry],
  });
  private readonly reminderLateness = new Histogram({
    name: 'ieum_reminder_lateness_seconds',
    help: 'A reminder delivered, minus when it was due',
    buckets: DELAY_BUCKETS,
    registers: [this.registry],
  });
  private readonly collectFailures = new Counter({
    name: 'ieum_metrics_collect_failures_total',
    help: 'Scrape-time readings that failed or timed out',
    labelNames: ['collector'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const transport of ['http', 'socket'] as const) this.messagesSent.inc({ transport }, 0);
    this.mailsAccepted.inc(0);
  }

  /** Express middleware timing every request; the route is Nest's pattern (`/rooms/:roomId/messages`), never the raw URL. */
  httpMiddleware(): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      const end = this.httpDuration.startTimer();
      response.once('finish', () =>
        end({
          method: request.method,
          route: routeOf(request, response),
          status_class: `${Math.floor(response.statusCode / 100)}xx`,
        }),
      );
      next();
    };
  }

  socketConnected(): void {
    this.sockets.inc();
  }

  socketDisconnected(): void {
    this.sockets.dec();
  }

  /** Times a send until it is acknowledged, and counts it once it is. */
  async timeSend<T>(transport: SendTransport, send: Promise<T>): Promise<T> {
    const end = this.sendAck.startTimer({ transport });
    const result = await send;
    end();
    this.messagesSent.inc({ transport });
    return result;
  }

  /**
   * Runs a job's handler, observing its run time and, on its first attempt, how long it waited
   * (a retry's wait would count its backoff and earlier attempts).
   */
  async timeJob<T>(
    queue: string,
    job: { timestamp: number; delay?: number; processedOn?: number; attemptsMade: number },
    run: () => Promise<T>,
  ): Promise<T> {
    if (job.attemptsMade === 0)
      this.jobWait.observe(
        { queue },
        Math.max(0, ((job.processedOn ?? Date.now()) - job.timestamp - (job.delay ?? 0)) / 1000),
      );
    const end = this.jobRun.startTimer({ queue });
    try {
      const result = await run();
      end({ outcome: 'completed' });
      return result;
    } catch (error) {
      end({ outcome: 'failed' });
      throw error;
    }
  }

  jobFailed(queue: string, final: boolean): void {
    this.jobFailures.inc({ queue, final: String(final) });
  }

  queueDepth(queue: string, counts: Partial<Record<QueueState, number>>): void {
    for (const state of QUEUE_STATES) this.queueJobs.set({ queue, state }, counts[state] ?? 0);
  }

  outbox(backlog: { count: number; oldestAt: Date | null }): void {
    this.outboxBacklog.set(backlog.count);
    this.outboxOldest.set(backlog.oldestAt ? Math.max(0, (Date.now() - backlog.oldestAt.getTime()) / 1000) : 0);
  }

  mailAccepted(): void {
    this.mailsAccepted.inc();
  }

  mailRefused(stage: 'rcpt' | 'data', code: number | undefined): void {
    this.mailsRefused.inc({ stage, code: String(code ?? 451) });
  }

  /** A reminder due at `dueAt` was delivered now. */
  reminderDelivered(dueAt: Date): void {
    this.reminderLateness.observe(Math.max(0, (Date.now() - dueAt.getTime()) / 1000));
  }

  /** A reading to take before each scrape; registering a name again replaces it. */
  collectAtScrape(name: string, collector: ScrapeCollector): void {
    this.collectors.set(name, collector);
  }

  /** The exposition text, after every collector has read (or given up within COLLECT_TIMEOUT_MS). */
  async scrape(): Promise<string> {
    await Promise.all([...this.collectors].map(([name, collect]) => this.runCollector(name, collect)));
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async runCollector(name: string, collect: ScrapeCollector): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${COLLECT_TIMEOUT_MS} ms`)), COLLECT_TIMEOUT_MS);
    });
    try {
      await Promise.race([collect(), timeout]);
    } catch (error) {
      this.collectFailures.inc({ collector: name });
      this.logger.warn(`metrics: could not read ${name}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Names the route of a request that no Nest handler matched (a mounted dashboard), for the HTTP histogram. */
export function labelRoute(response: Response, route: string): void {
  (response.locals as Record<string, unknown>)[ROUTE_LABEL] = route;
}

function routeOf(request: Request, response: Response): string {
  const named = (response.locals as Record<string, unknown>)[ROUTE_LABEL];
  if (typeof named === 'string') return named;
  const route: unknown = (request as { route?: unknown }).route;
  const path: unknown = route && typeof route === 'object' ? (route as { path?: unknown }).path : undefined;
  if (typeof path === 'string') return path;
  // No handler matched: unknown paths, the web client's pages and files. Never the raw URL.
  return response.statusCode === 404 ? '(unmatched)' : '(other)';
}
