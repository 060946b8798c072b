import { Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RedisService } from '../redis/redis.service.js';
import { MeetingException } from './meeting.exception.js';

/** A guest's page and join both count; a person joining a few meetings never comes near it. */
export const GUEST_REQUESTS_PER_ADDRESS = 60;
export const GUEST_WINDOW_SECONDS = 600;

/**
 * Guest links need no account, so they are limited per client address on every API node
 * (through Redis): nobody can try tokens by the thousand or have tokens issued without end.
 */
@Injectable()
export class GuestThrottleService {
  private readonly perAddress: RateLimiterRedis;

  constructor(redis: RedisService) {
    this.perAddress = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: redis.key('guest-addr'),
      points: GUEST_REQUESTS_PER_ADDRESS,
      duration: GUEST_WINDOW_SECONDS,
    });
  }

  async consume(address: string): Promise<void> {
    try {
      await this.perAddress.consume(address);
    } catch (error) {
      if (error instanceof RateLimiterRes)
        throw MeetingException.tooManyGuestRequests(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      throw error;
    }
  }
}
