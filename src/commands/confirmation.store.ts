import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { RedisService } from '../redis/redis.service.js';

export const CONFIRMATION_TTL_SECONDS = 300;
// No 0/O, 1/I/L: the code is read off a screen and typed.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface PendingConfirmation {
  messageId: string;
  userId: string;
}

/**
 * Commands waiting for "/confirm CODE". Kept in Redis with a TTL so every API and worker process
 * sees them and they lapse on their own; losing them with Redis only means asking again.
 */
@Injectable()
export class ConfirmationStore {
  constructor(private readonly redis: RedisService) {}

  async create(pending: PendingConfirmation): Promise<string> {
    for (;;) {
      const code = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      const stored = await this.redis.client.set(
        this.key(code),
        JSON.stringify(pending),
        'EX',
        CONFIRMATION_TTL_SECONDS,
        'NX',
      );
      if (stored === 'OK') {
        // So a client that reloads can still offer its sender the Confirm button.
        await this.redis.client.set(
          this.redis.key('confirm-of', pending.messageId),
          code,
          'EX',
          CONFIRMATION_TTL_SECONDS,
        );
        return code;
      }
    }
  }

  async peek(code: string): Promise<PendingConfirmation | null> {
    const clean = code.normalize('NFKC').trim().toUpperCase();
    if (!/^[A-Z0-9]{6}$/.test(clean)) return null;
    const raw = await this.redis.client.get(this.key(clean));
    return raw ? (JSON.parse(raw) as PendingConfirmation) : null;
  }

  /** The code still waiting for this command message, or null once it was used or lapsed. */
  async codeFor(messageId: string): Promise<string | null> {
    const code = await this.redis.client.get(this.redis.key('confirm-of', messageId));
    if (!code) return null;
    return (await this.peek(code))?.messageId === messageId ? code : null;
  }

  async remove(code: string): Promise<void> {
    await this.redis.client.del(this.key(code.normalize('NFKC').trim().toUpperCase()));
  }

  private key(code: string): string {
    return this.redis.key('confirm', code);
  }
}
