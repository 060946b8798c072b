import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import { IdentityException } from './identity.exception.js';

/**
 * Login limits kept in Redis, so every API node shares them: failed passwords per account, and
 * attempts per client address. rate-limiter-flexible does the atomic counting and expiry.
 */
@Injectable()
export class LoginThrottleService {
  private readonly perAccount: RateLimiterRedis;
  private readonly perAddress: RateLimiterRedis;

  constructor(@Inject(APP_CONFIG) config: ResolvedAppConfig, redis: RedisService) {
    const duration = config.auth.loginWindowSeconds;
    this.perAccount = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: redis.key('login-fail'),
      points: config.auth.loginMaxFailuresPerAccount,
      duration,
    });
    this.perAddress = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: redis.key('login-addr'),
      points: config.auth.loginMaxAttemptsPerAddress,
      duration,
    });
  }

  /** Throws 429 before any password is checked when either limit is used up. */
  async before(login: string, address: string): Promise<void> {
    const account = await this.perAccount.get(this.accountKey(login));
    if (account && account.remainingPoints <= 0) throw this.tooMany(account);
    try {
      await this.perAddress.consume(address);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw this.tooMany(error);
      throw error;
    }
  }

  async failed(login: string): Promise<void> {
    await this.perAccount.penalty(this.accountKey(login), 1);
  }

  async succeeded(login: string): Promise<void> {
    await this.perAccount.delete(this.accountKey(login));
  }

  // Hashed, so sign-in names do not sit in Redis keys in the clear.
  private accountKey(login: string): string {
    return createHash('sha256').update(login).digest('hex').slice(0, 32);
  }

  private tooMany(res: RateLimiterRes): IdentityException {
    return IdentityException.tooManyAttempts(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
  }
}
