import { promises as dns } from 'node:dns';
import { authenticate, type DNSResolver } from 'mailauth';
import type { MailAuthVerdicts } from './inbound-mail.entity.js';

/** DNS answers slower than this count as a temporary error, not a stalled ingest job. */
const DNS_TIMEOUT_MS = 3000;

/**
 * SPF, DKIM and DMARC (mailauth) for a received mail, as the receiving MTA would judge them: the
 * client address and HELO the SMTP session saw, the envelope sender, and the DNS servers
 * configured (MAIL_DNS_SERVERS) or the system's.
 */
export class MailAuthenticator {
  private readonly resolver: DNSResolver;

  constructor(dnsServers: string[]) {
    const resolver = new dns.Resolver({ timeout: DNS_TIMEOUT_MS, tries: 2 });
    if (dnsServers.length > 0) resolver.setServers(dnsServers);
    this.resolver = (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
  }

  async verify(raw: Buffer, session: { ip: string | null; helo: string | null; sender: string | null }): Promise<MailAuthVerdicts> {
    const ip = session.ip?.replace(/^::ffff:/i, '') || undefined;
    const result = await authenticate(raw, {
      ip,
      helo: session.helo ?? undefined,
      sender: session.sender ?? '',
      resolver: this.resolver,
      disableArc: true,
      disableBimi: true,
    });
    const dkim = result.dkim.results.some((r) => r.status.result === 'pass') ? 'pass' : (result.dkim.results[0]?.status.result ?? 'none');
    return { spf: result.spf ? result.spf.status.result : 'none', dkim, dmarc: result.dmarc ? result.dmarc.status.result : 'none' };
  }
}

/** Fails authentication: DMARC says fail, or, where the domain publishes no DMARC, SPF fails and nothing is DKIM-signed right. */
export function failsAuthentication(verdicts: MailAuthVerdicts): boolean {
  return verdicts.dmarc === 'fail' || (verdicts.dmarc !== 'pass' && verdicts.spf === 'fail' && verdicts.dkim !== 'pass');
}
