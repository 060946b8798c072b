import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RedisService } from '../../redis/redis.service.js';
import type { PendingSignIn } from './oidc-client.service.js';

export interface StoredSignIn extends PendingSignIn {
  /** SHA-256 of the random value in the browser's httpOnly cookie: the callback must come from the browser that started. */
  bindingHash: string;
  /** Where in the web client to land afterwards. */
  next: string;
}

/** A sign-in in flight lives this long: the person types their password at the provider meanwhile. */
export const SIGN_IN_TTL_SECONDS = 600;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Single sign-on state in Redis, shared by every API node: the sign-ins in flight (PKCE verifier,
 * nonce, browser binding), each taken once, keyed by a hash of the state; and the provider's ID
 * token of each Ieum session begun this way, for the logout hint. Nothing of it reaches a URL or a log.
 */
@Injectable()
export class SsoStateStore {
  constructor(private readonly redis: RedisService) {}

  async put(state: string, signIn: StoredSignIn): Promise<void> {
    await this.redis.client.set(
      this.redis.key('sso', 'state', sha256(state)),
      JSON.stringify(signIn),
      'EX',
      SIGN_IN_TTL_SECONDS,
    );
  }

  /** The sign-in of this state, removed as it is read, so a state (and its code) works once. */
  async take(state: string): Promise<StoredSignIn | undefined> {
    const key = this.redis.key('sso', 'state', sha256(state));
    const results = await this.redis.client.multi().get(key).del(key).exec();
    const raw = results?.[0]?.[1];
    return typeof raw === 'string' ? (JSON.parse(raw) as StoredSignIn) : undefined;
  }

  async keepIdToken(sessionId: string, idToken: string, ttlSeconds: number): Promise<void> {
    await this.redis.client.set(this.redis.key('sso', 'id-token', sessionId), idToken, 'EX', ttlSeconds);
  }

  async takeIdToken(sessionId: string): Promise<string | undefined> {
    const key = this.redis.key('sso', 'id-token', sessionId);
    const results = await this.redis.client.multi().get(key).del(key).exec();
    const raw = results?.[0]?.[1];
    return typeof raw === 'string' ? raw : undefined;
  }

  hash(value: string): string {
    return sha256(value);
  }
}
