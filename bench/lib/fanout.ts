import { randomUUID } from 'node:crypto';
import { connectAll, onMessages, sleep } from './sockets.js';
import { percentile } from './stats.js';

export interface FanoutTarget {
  url: string;
  /** The sender's token first, then one per subscriber. */
  tokens: string[];
  roomId: string;
}

export interface FanoutResult {
  p50: number;
  p99: number;
  ackP50: number;
  ackP99: number;
  lost: number;
  doubled: number;
  errors: number;
}

/**
 * Paced sends from one socket; each latency is emit → the moment the last subscriber heard that
 * message. A message some subscriber never heard within `timeoutMs` of the last send is lost, and
 * counts as `timeoutMs` in the percentiles; a subscriber hearing one twice counts as doubled.
 */
export async function measureFanout(
  target: FanoutTarget,
  options: { rate: number; warmup: number; messages: number; timeoutMs?: number },
): Promise<FanoutResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const [senderToken = '', ...subscriberTokens] = target.tokens;
  const [sender, ...subscribers] = await connectAll(target.url, [senderToken, ...subscriberTokens]);
  if (!sender) throw new Error('no sender');
  const total = options.warmup + options.messages;
  const index = new Map<string, number>();
  const sentAt = new Float64Array(total);
  const doneAt = new Float64Array(total).fill(Number.NaN);
  const heard = Array.from({ length: total }, () => new Uint8Array(subscribers.length));
  const left = new Int32Array(total).fill(subscribers.length);
  const acks: number[] = [];
  let doubled = 0;
  let errors = 0;
  let finished = 0;
  subscribers.forEach((socket, s) =>
    onMessages(socket, (m) => {
      const i = m.clientMessageId ? index.get(m.clientMessageId) : undefined;
      if (i === undefined) return;
      const seen = heard[i] as Uint8Array;
      if (seen[s]) return void doubled++;
      seen[s] = 1;
      if (--left[i] === 0) {
        doneAt[i] = performance.now();
        finished++;
      }
    }),
  );
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    await sleep(start + (i * 1000) / options.rate - performance.now());
    const clientMessageId = `b-${randomUUID()}`;
    index.set(clientMessageId, i);
    sentAt[i] = performance.now();
    sender.emit(
      'message.send',
      { roomId: target.roomId, clientMessageId, body: `메시지 ${i}` },
      (reply: { error?: unknown } | undefined) => {
        if (reply && typeof reply === 'object' && 'error' in reply && reply.error) errors++;
        else if (i >= options.warmup) acks.push(performance.now() - (sentAt[i] ?? 0));
      },
    );
  }
  for (const deadline = performance.now() + timeoutMs; finished < total && performance.now() < deadline;)
    await sleep(20);
  for (const s of [sender, ...subscribers]) s.disconnect();
  const latencies: number[] = [];
  let lost = 0;
  for (let i = options.warmup; i < total; i++) {
    const done = doneAt[i] ?? Number.NaN;
    if (Number.isNaN(done)) lost++;
    else latencies.push(done - (sentAt[i] ?? 0));
  }
  return {
    p50: percentile(latencies, 50, lost, timeoutMs),
    p99: percentile(latencies, 99, lost, timeoutMs),
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    lost,
    doubled,
    errors,
  };
}
