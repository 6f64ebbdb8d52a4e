/**
 * Requests a minute per client (issue 12), one mechanism for every kind of caller: an anonymous caller by
 * its address, a signed-in caller by its account, a partner by its id (its limit is registered with it in
 * access). Counts live in Redis when REDIS_URL is set, so every gateway replica sees the same count; without
 * it, in this process. While Redis cannot be reached each replica counts on its own (the in-memory
 * insurance limiter) rather than refusing everybody or nobody.
 */
import crypto from 'node:crypto';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export type Limited = 'anonymous' | 'account' | 'partner';

/** Who is counted: the kind of caller, its key (address, login, partner id) and its limit a minute (0: none). */
export interface Bucket {
  kind: Limited;
  key: string;
  perMinute: number;
}

/** Over the limit: how long until the next request is accepted. */
export interface OverLimit {
  retryAfterSeconds: number;
}

export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly store: { redis?: Redis; prefix: string }) {}

  /** Counts one request of the bucket; `null` when it is within the limit. */
  async consume(bucket: Bucket): Promise<OverLimit | null> {
    if (bucket.perMinute <= 0) return null;
    // Logins and addresses are personal data: Redis keeps only a digest of them.
    const key = crypto.createHash('sha256').update(bucket.key).digest('base64url').slice(0, 22);
    try {
      await this.limiter(bucket).consume(key);
      return null;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
  }

  private limiter({ kind, perMinute }: Bucket): RateLimiterAbstract {
    const name = `${kind}-${perMinute}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const options = { points: perMinute, duration: 60, keyPrefix: `${this.store.prefix}-rate-${name}` };
      const { redis } = this.store;
      const insuranceLimiter = new RateLimiterMemory(options);
      limiter = redis
        ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter })
        : insuranceLimiter;
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}
