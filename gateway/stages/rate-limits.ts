/**
 * Rate limits (issue 12): every request to the API counts, once its caller is known, against one limit a
 * minute: a partner's (registered with the partner), an account's (RATE_LIMIT_ACCOUNT_PER_MINUTE, keyed by
 * the verified token's login) or the sending address's (RATE_LIMIT_ANONYMOUS_PER_MINUTE; also for a token
 * or key that did not verify, so a made-up credential buys nothing). The stage runs before ETag/304 and the
 * response cache, so an answer served from a cache counts as any other. Health checks and metrics are
 * answered by the HTTP layer and never reach the pipeline. Over the limit: HTTP 429, Retry-After and
 * RATE_LIMITED with the time to wait.
 */
import { ErrorCode } from '../../platform/errors';
import type { ClientAddress } from '../client-address';
import { header, refusal, type Exchange, type Stage } from '../pipeline';
import type { Bucket, RateLimits } from '../rate-limits';

const WHO: Record<Bucket['kind'], string> = {
  anonymous: 'from this address without signing in',
  account: 'for this account',
  partner: 'for this API key',
};

interface PerMinute {
  anonymous: number;
  account: number;
}

function bucketOf(exchange: Exchange, perMinute: PerMinute, addressOf: ClientAddress): Bucket {
  const { partner, claims } = exchange;
  if (partner) return { kind: 'partner', key: partner.id, perMinute: partner.rateLimitPerMinute };
  if (exchange.client === 'account' && claims)
    return { kind: 'account', key: claims.login, perMinute: perMinute.account };
  const address = addressOf(exchange.req.socket.remoteAddress, header(exchange, 'x-forwarded-for'));
  return { kind: 'anonymous', key: address, perMinute: perMinute.anonymous };
}

export function rateLimits(limits: RateLimits, perMinute: PerMinute, addressOf: ClientAddress): Stage {
  return async (exchange, next) => {
    const bucket = bucketOf(exchange, perMinute, addressOf);
    const over = await limits.consume(bucket);
    if (!over) return next();
    const wait = over.retryAfterSeconds;
    return refusal(
      429,
      ErrorCode.RATE_LIMITED,
      `Too many requests ${WHO[bucket.kind]}: the limit is ${bucket.perMinute} a minute. Try again in ${wait} s.`,
      { 'retry-after': String(wait) },
      { retryAfterSeconds: wait, limitPerMinute: bucket.perMinute },
    );
  };
}
