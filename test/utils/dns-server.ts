import dnsPacket, { type Answer } from 'dns-packet';
import { createSocket, type Socket } from 'node:dgram';

/**
 * An authoritative DNS server on loopback UDP for the names a test publishes (TXT records for SPF,
 * DKIM and DMARC; A records for webhook hosts): the app runs its real lookups against it. Unknown
 * names get NXDOMAIN.
 */
export class DnsServer {
  private readonly txt = new Map<string, string[]>();
  private readonly a = new Map<string, string[]>();

  private constructor(private readonly socket: Socket) {
    socket.on('message', (message, peer) => {
      const query = dnsPacket.decode(message);
      const question = query.questions?.[0];
      const name = question?.name.toLowerCase() ?? '';
      const records = question?.type === 'TXT' ? (this.txt.get(name) ?? []) : [];
      const addresses = question?.type === 'A' ? (this.a.get(name) ?? []) : [];
      const known = question ? this.txt.has(name) || this.a.has(name) : false;
      const answers: Answer[] = [
        ...records.map((value): Answer => ({
          type: 'TXT',
          name: question?.name ?? '',
          ttl: 60,
          class: 'IN',
          data: chunk(value),
        })),
        ...addresses.map((address): Answer => ({
          type: 'A',
          name: question?.name ?? '',
          ttl: 0,
          class: 'IN',
          data: address,
        })),
      ];
      const reply = dnsPacket.encode({
        id: query.id,
        type: 'response',
        flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3),
        questions: query.questions,
        answers,
      });
      socket.send(reply, peer.port, peer.address);
    });
  }

  static async start(): Promise<DnsServer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new DnsServer(socket);
  }

  /** What MAIL_DNS_SERVERS should say to ask here. */
  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  publishTxt(name: string, value: string): void {
    this.txt.set(name.toLowerCase(), [...(this.txt.get(name.toLowerCase()) ?? []), value]);
  }

  /** Sets the name's IPv4 addresses, replacing what it had (a name that changes its answer). */
  setA(name: string, addresses: string[]): void {
    this.a.set(name.toLowerCase(), addresses);
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

/** A TXT value as the 255-byte strings DNS carries. */
function chunk(value: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += 255) parts.push(value.slice(i, i + 255));
  return parts;
}
