import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RedisService } from '../redis/redis.service.js';
import { ConsultationException } from './consultation.exception.js';

/**
 * Limits on bookings without an account, shared by every API node through Redis: per client
 * address (a booking office may sit behind one), and per e-mail address so nobody floods a
 * stranger's mailbox with confirmation requests.
 */
@Injectable()
export class BookingThrottleService {
  private readonly perAddress: RateLimiterRedis;
  private readonly perEmail: RateLimiterRedis;

  constructor(redis: RedisService) {
    this.perAddress = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: redis.key('consult-addr'),
      points: 120,
      duration: 600,
    });
    this.perEmail = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: redis.key('consult-mail'),
      points: 5,
      duration: 3600,
    });
  }

  async consume(address: string, email: string): Promise<void> {
    try {
      await this.perAddress.consume(address);
      // Hashed: e-mail addresses are personal data and stay out of Redis keys.
      await this.perEmail.consume(createHash('sha256').update(email).digest('hex').slice(0, 32));
    } catch (error) {
      if (error instanceof RateLimiterRes)
        throw ConsultationException.tooManyRequests(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      throw error;
    }
  }
}
