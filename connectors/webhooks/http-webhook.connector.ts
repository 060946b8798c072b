import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type {
  WebhookRequest,
  WebhookResult,
  WebhookSender,
  WebhookTargetCheck,
} from '../../src/bus/capabilities/webhook.sender.js';
import { AllowList, isForbiddenAddress } from './address-guard.js';

/** The settings of the HTTP webhook connector, checked once when it is made. */
export class HttpWebhookSettings {
  readonly allowList: AllowList;

  constructor(
    allowedHosts: readonly string[],
    /** DNS servers (ip or ip:port) to resolve subscribers' names with; empty means the system's resolver. */
    readonly dnsServers: readonly string[],
    /** The whole call, connecting to the last byte read. */
    readonly timeoutMs: number,
    /** Read at most this much of an answer; the rest is dropped with the connection. */
    readonly maxResponseBytes: number,
  ) {
    this.allowList = new AllowList(allowedHosts);
  }
}

const EXCERPT_CHARS = 500;
const DNS_TIMEOUT_MS = 5000;

/**
 * Calls subscribers over HTTP(S). Every address a name resolves to is checked before the call,
 * and the socket opens to one of those checked addresses (the request's `lookup` hands them
 * over), so a DNS answer that changes between check and connect is never used. No redirects.
 */
export class HttpWebhookConnector implements WebhookSender {
  private readonly resolver: dns.Resolver | undefined;

  constructor(private readonly settings: HttpWebhookSettings) {
    if (settings.dnsServers.length > 0) {
      this.resolver = new dns.Resolver({ timeout: DNS_TIMEOUT_MS, tries: 2 });
      this.resolver.setServers([...settings.dnsServers]);
    }
  }

  async checkTarget(raw: string): Promise<WebhookTargetCheck> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, problem: 'invalid_url' };
    }
    if (
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.username !== '' ||
      url.password !== '' ||
      url.hostname === ''
    )
      return { ok: false, problem: 'invalid_url' };
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const addresses = isIP(host) !== 0 ? [host] : await this.resolve(host);
    if (addresses.length === 0) return { ok: false, problem: 'unresolvable' };
    if (this.settings.allowList.allowsName(host)) return { ok: true, addresses };
    const refused = addresses.find(
      (address) => isForbiddenAddress(address) && !this.settings.allowList.allowsAddress(address),
    );
    if (refused !== undefined) return { ok: false, problem: 'forbidden_address', address: refused };
    return { ok: true, addresses };
  }

  async send(request: WebhookRequest): Promise<WebhookResult> {
    const check = await this.checkTarget(request.url);
    if (!check.ok)
      return { outcome: 'refused', problem: check.problem, ...(check.address ? { address: check.address } : {}) };
    const pinned: LookupFunction = (_hostname, options, callback) => {
      const all = check.addresses.map((address) => ({ address, family: isIP(address) }));
      if (options.all) callback(null, all);
      else callback(null, all[0]?.address ?? '', all[0]?.family ?? 4);
    };
    const url = new URL(request.url);
    const client = url.protocol === 'https:' ? https : http;
    const body = Buffer.from(request.body, 'utf8');
    return new Promise<WebhookResult>((resolve) => {
      let settled = false;
      const settle = (result: WebhookResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const call = client.request(url, {
        method: 'POST',
        lookup: pinned,
        headers: {
          ...request.headers,
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(body.length),
          'user-agent': 'Ieum-Webhooks/1',
        },
      });
      const timer = setTimeout(() => {
        call.destroy(new Error(`no answer within ${this.settings.timeoutMs} ms`));
      }, this.settings.timeoutMs);
      call.on('error', (error) => settle({ outcome: 'failed', error: error.message }));
      call.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () =>
          settle({
            outcome: 'answered',
            status: response.statusCode ?? 0,
            excerpt: Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS),
          });
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= this.settings.maxResponseBytes) chunks.push(chunk);
          else {
            // The status is what counts; an endless answer is cut off rather than read.
            finish();
            response.destroy();
          }
        });
        response.on('end', finish);
        response.on('error', (error) => settle({ outcome: 'failed', error: error.message }));
      });
      call.end(body);
    });
  }

  private async resolve(host: string): Promise<string[]> {
    try {
      if (this.resolver) {
        const answers = await Promise.allSettled([this.resolver.resolve4(host), this.resolver.resolve6(host)]);
        return answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
      }
      // getaddrinfo has no timeout of its own.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('DNS lookup timed out')), DNS_TIMEOUT_MS);
      });
      try {
        const found = await Promise.race([dns.lookup(host, { all: true, verbatim: true }), late]);
        return found.map((a) => a.address);
      } finally {
        clearTimeout(timer);
      }
    } catch {
      return [];
    }
  }
}
