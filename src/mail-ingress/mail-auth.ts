import { promises as dns } from 'node:dns';
import { authenticate, type AuthenticateResult, type DNSResolver } from 'mailauth';
import type { MailAuthVerdicts } from './inbound-mail.entity.js';

/** DNS answers slower than this count as a temporary error, not a stalled ingest job. */
const DNS_TIMEOUT_MS = 3000;

/** The verdicts, and the From domain they prove (null when nothing ties the mail to its From). */
export interface MailAuthOutcome {
  verdicts: MailAuthVerdicts;
  authenticatedDomain: string | null;
}

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

  async verify(
    raw: Buffer,
    session: { ip: string | null; helo: string | null; sender: string | null },
  ): Promise<MailAuthOutcome> {
    const ip = session.ip?.replace(/^::ffff:/i, '') || undefined;
    const result = await authenticate(raw, {
      ip,
      helo: session.helo ?? undefined,
      sender: session.sender ?? '',
      resolver: this.resolver,
      disableArc: true,
      disableBimi: true,
    });
    const dkim = result.dkim.results.some((r) => r.status.result === 'pass')
      ? 'pass'
      : (result.dkim.results[0]?.status.result ?? 'none');
    const verdicts = {
      spf: result.spf ? result.spf.status.result : 'none',
      dkim,
      dmarc: result.dmarc ? result.dmarc.status.result : 'none',
    };
    return { verdicts, authenticatedDomain: authenticatedFromDomain(result) };
  }
}

/** Fails authentication: DMARC says fail, or, where the domain publishes no DMARC, SPF fails and nothing is DKIM-signed right. */
export function failsAuthentication(verdicts: MailAuthVerdicts): boolean {
  return (
    verdicts.dmarc === 'fail' || (verdicts.dmarc !== 'pass' && verdicts.spf === 'fail' && verdicts.dkim !== 'pass')
  );
}

/**
 * The From domain, when the mail proves it: DMARC passed, or (the domain publishing no DMARC) an
 * SPF or DKIM pass for a domain aligned with it. A mail with no single From domain proves nothing.
 */
export function authenticatedFromDomain(result: Pick<AuthenticateResult, 'dkim' | 'spf' | 'dmarc'>): string | null {
  const authors = new Set(result.dkim.headerFrom.map((address) => address.split('@').pop()?.toLowerCase() ?? ''));
  const [domain] = [...authors];
  if (authors.size !== 1 || !domain || result.dkim.fromFields > 1) return null;
  const dmarc = result.dmarc ? result.dmarc.status.result : 'none';
  if (dmarc === 'pass') return domain;
  if (dmarc === 'fail') return null;
  const spfAligned = result.spf && result.spf.status.result === 'pass' && aligned(domain, result.spf.domain);
  // Without a DMARC record mailauth marks a passing signature aligned by the Public Suffix List.
  const dkimAligned = result.dkim.results.some(
    (r) => r.status.result === 'pass' && typeof r.status.aligned === 'string' && r.status.aligned !== '',
  );
  return spfAligned || dkimAligned ? domain : null;
}

/** Relaxed alignment, conservatively: the same domain, or one a subdomain of the other. */
function aligned(fromDomain: string, other: string | undefined): boolean {
  const a = fromDomain.toLowerCase().replace(/\.$/, '');
  const b = (other ?? '').toLowerCase().replace(/\.$/, '');
  return b !== '' && (a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`));
}
